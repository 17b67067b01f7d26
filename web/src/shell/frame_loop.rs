//! The animation frame loop (requestAnimationFrame via leptos-use). The callback gets
//! the wall-clock milliseconds since the previous frame and the frame's timestamp; it
//! runs while the calling component is mounted.

/// Calls `on_frame(dt_ms, timestamp_ms)` once per animation frame.
pub fn use_frame_loop(on_frame: impl Fn(f64, f64) + 'static) {
    let _ = leptos_use_raf_fn::use_raf_fn(move |args| on_frame(args.delta, args.timestamp));
}
