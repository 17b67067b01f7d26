//! The lab state a component is mounted under, from Leptos' context.

use leptos::prelude::use_context;

/// The `T` provided by an enclosing component (a lab's state, its handoff run).
///
/// # Panics
/// If no enclosing component provides a `T`: a component mounted outside its lab, a bug.
/// One message for every type (Leptos' `expect_context` writes one per type into the
/// page: 0.3 KB gzip a type).
pub fn context<T: Clone + 'static>() -> T {
    use_context::<T>().unwrap_or_else(|| missing())
}

/// The panic of [`context`], shared by every type.
#[cold]
#[inline(never)]
fn missing() -> ! {
    panic!("a component was mounted outside the lab whose state it reads")
}
