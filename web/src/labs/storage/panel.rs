//! The storage lab's control panel: the shared transport, engine tabs, the book
//! scenarios with their captions, a put/get/delete form, flush/compact/crash/recover,
//! a few engine knobs, and the measured figures per engine.

use super::draw::bytes;
use super::state::{speed_hint, StorageState};
use crate::shell::book_picker::{checked, BookPicker};
use crate::shell::context::context;
use crate::shell::format::{count, fixed};
use crate::shell::glossary::{entry, storage::STORAGE, Gloss, GlossaryList};
use crate::shell::knob::{knob_sliders, Commit, Knob};
use crate::shell::live_lab::LiveLab;
use crate::shell::transport::Transport;
use ddia_core::link::KnobRange;
use ddia_core::storage::lab::{kind_name, LabAction, Lane};
use ddia_core::storage::lab_book::{find, BOOK};
use ddia_core::storage::lab_knobs;
use ddia_core::storage::lab_scenario::{
    valid_value, LabEngine, StorageScenario, LEVELED, MAX_VALUE_BYTES, TIERED, TIER_TRIGGER,
};
use ddia_core::storage::{CompactionStrategy, EngineKind, Metrics};
use leptos::prelude::*;

/// Crash-after budget of the "crash mid-operation" button (disk writes).
pub const CRASH_AFTER_WRITES: u32 = 3;

/// The panel.
#[component]
pub fn StoragePanel() -> impl IntoView {
    let st = context::<StorageState>();
    let can_run = Signal::derive(move || st.with(|l| l.can_step()));
    let seed = Signal::derive(move || st.with(|l| l.settings().workload.seed));
    view! {
        <Transport
            playing=st.playing
            can_run=can_run
            on_toggle=move |()| st.toggle_play()
            on_step=move |()| st.step()
            on_reset=move |()| st.reset()
            speed=st.speed
            seed=seed
            on_seed=move |s: u64| st.rebuild(|sc| sc.workload.seed = s)
            speed_meaning=speed_hint()
        />
        <p class="hint speed-hint">{speed_hint()}</p>
        <EngineTabs />
        <StorageBook />
        <OpForm />
        <EngineButtons />
        <Knobs />
        <GlossaryList entries=STORAGE />
    }
}

#[component]
fn EngineTabs() -> impl IntoView {
    let st = context::<StorageState>();
    let current = Signal::derive(move || st.with(|l| l.engine()));
    let tab = move |engine: LabEngine, label: &'static str| {
        view! {
            <button
                role="tab"
                class="tab"
                data-engine=engine.word()
                aria-selected=move || (current.get() == engine).to_string()
                class:active=move || current.get() == engine
                on:click=move |_| st.rebuild(|s| s.engine = engine)
            >
                {label}
            </button>
        }
    };
    view! {
        <section class="group" aria-label="engine">
            <h2>"Engine"</h2>
            <div class="tabs" role="tablist">
                {tab(LabEngine::Lsm, "LSM-tree")}
                {tab(LabEngine::BTree, "B-tree")}
                {tab(LabEngine::HashLog, "Hash log")}
                {tab(LabEngine::Race, "Race")}
            </div>
        </section>
    }
}

#[component]
fn StorageBook() -> impl IntoView {
    let st = context::<StorageState>();
    let current = Signal::derive(move || st.with(|l| l.settings().name.clone()));
    let check = Signal::derive(move || st.with(|lab| checked(lab.outcome(), !lab.can_step())));
    let on_pick = move |name: Option<&'static str>| match name.and_then(find) {
        Some(b) => {
            st.playing.set(false);
            st.load(&b.scenario());
        }
        None => st.rebuild(|_| {}),
    };
    view! { <BookPicker book=BOOK current=current check=check on_pick=on_pick /> }
}

/// The notice for a key that is not a whole number.
const KEY_NOTICE: &str = "The key must be a whole number (0 or more).";

/// The notice for a value a put refuses.
fn value_notice() -> String {
    format!("The value may hold only letters, digits, _ . - (at most {MAX_VALUE_BYTES}).")
}

/// Removes the page's notice if it is `text` (another notice stays).
fn clear_notice(notice: RwSignal<Option<String>>, text: &str) {
    if notice.with_untracked(|n| n.as_deref() == Some(text)) {
        notice.set(None);
    }
}

#[component]
fn OpForm() -> impl IntoView {
    let st = context::<StorageState>();
    let key = RwSignal::new(String::from("42"));
    let value = RwSignal::new(String::from("hello"));
    let parse_key = move || -> Option<u64> {
        let k = key.get_untracked().trim().parse::<u64>().ok();
        if k.is_none() {
            st.notice.set(Some(KEY_NOTICE.into()));
        }
        k
    };
    let put = move |_| {
        let Some(k) = parse_key() else { return };
        let v = value.get_untracked();
        if !valid_value(&v) {
            st.notice.set(Some(value_notice()));
            return;
        }
        st.act(LabAction::Put(k, v.into_bytes()));
    };
    // A notice about the key or value goes once the field is fixed.
    let on_key = move |ev| {
        key.set(event_target_value(&ev));
        if key.with_untracked(|k| k.trim().parse::<u64>().is_ok()) {
            clear_notice(st.notice, KEY_NOTICE);
        }
    };
    let on_value = move |ev| {
        value.set(event_target_value(&ev));
        if value.with_untracked(|v| valid_value(v)) {
            clear_notice(st.notice, &value_notice());
        }
    };
    let get = move |_| {
        if let Some(k) = parse_key() {
            st.act(LabAction::Get(k));
        }
    };
    let del = move |_| {
        if let Some(k) = parse_key() {
            st.act(LabAction::Delete(k));
        }
    };
    view! {
        <section class="group op-form" aria-label="your operations">
            <h2>"Your operations"</h2>
            <div class="pair">
                <label>
                    <span>"Key"</span>
                    <input type="text" inputmode="numeric" name="key" aria-label="Key" prop:value=key on:input=on_key />
                </label>
                <label>
                    <span>"Value"</span>
                    <input type="text" name="value" aria-label="Value" maxlength=MAX_VALUE_BYTES prop:value=value on:input=on_value />
                </label>
            </div>
            <div class="button-row">
                <button data-action="put" on:click=put>"Put"</button>
                <button data-action="get" on:click=get>"Get"</button>
                <button data-action="delete" on:click=del>"Delete"</button>
            </div>
        </section>
    }
}

#[component]
fn EngineButtons() -> impl IntoView {
    let st = context::<StorageState>();
    let engine = Signal::derive(move || st.with(|l| l.engine()));
    let down = Signal::derive(move || st.with(|l| l.is_down()));
    let has_lsm = move || matches!(engine.get(), LabEngine::Lsm | LabEngine::Race);
    let compact_label = move || match engine.get() {
        LabEngine::HashLog => "Merge segments",
        LabEngine::BTree => "Compact (nothing to do)",
        _ => "Compact one step",
    };
    view! {
        <section class="group" aria-label="engine actions">
            <h2>"Background work and faults"</h2>
            <div class="button-row wrap">
                <Show when=has_lsm>
                    <button data-action="flush" title="Write the memtable out as a new SSTable in L0" disabled=down on:click=move |_| st.act(LabAction::Flush)>"Flush memtable"</button>
                </Show>
                <button data-action="compact" title="Run one compaction job / merge now" disabled=down on:click=move |_| st.act(LabAction::Compact)>{compact_label}</button>
            </div>
            <div class="button-row wrap">
                <button class="danger" data-action="crash" disabled=down title="Crash now: memory is lost, the disk survives" on:click=move |_| st.act(LabAction::Crash)>"Crash"</button>
                <button
                    class="danger"
                    data-action="crash-mid"
                    disabled=down
                    title=format!("The disk accepts {CRASH_AFTER_WRITES} more writes and fails on the next one, whatever it is (a WAL record, an SSTable block, a page): the operation, flush, compaction, merge or split writing it dies half-way")
                    on:click=move |_| st.act(LabAction::CrashAfter(CRASH_AFTER_WRITES))
                >
                    "Crash mid-write"
                </button>
                <button class="primary" data-action="recover" disabled=move || !down.get() on:click=move |_| st.act(LabAction::Recover)>"Recover"</button>
            </div>
        </section>
    }
}

/// A slider over `bounds` in steps of `step` (its unit is the link's), labelled
/// `label`.
const fn knob(
    (bounds, step): (KnobRange, f64),
    label: &'static str,
    hint: &'static str,
    get: fn(&StorageScenario) -> f64,
    set: fn(&mut StorageScenario, f64),
) -> Knob<StorageScenario> {
    Knob {
        label,
        unit: bounds.unit,
        bounds,
        step,
        hint,
        get,
        set,
    }
}

/// A slider over one numeric field of the scenario (`lsm.memtable_bytes: u64`): the
/// slider's value is the field's, converted.
macro_rules! field_knob {
    ($bounds:expr, $step:expr, $label:expr, $hint:expr, $($field:ident).+ : $ty:ty) => {
        knob(($bounds, $step), $label, $hint, |s| s.$($field).+ as f64, |s, v| s.$($field).+ = v as $ty)
    };
}

/// LSM-tree settings (every strategy).
static LSM_KNOBS: [Knob<StorageScenario>; 2] = [
    field_knob!(lab_knobs::MEM, 32.0, "Memtable", "Flush the memtable to an SSTable when it holds this many bytes", lsm.memtable_bytes: u64),
    field_knob!(lab_knobs::BLOOM, 1.0, "Bloom filter", "0 turns the filters off: every covering SSTable is read", lsm.bloom_bits_per_key: u32),
];

/// Leveled compaction's trigger (shown only with leveled compaction: size-tiered
/// compaction has no level 0 to count).
static LEVELED_KNOBS: [Knob<StorageScenario>; 1] = [knob(
    (lab_knobs::L0, 1.0),
    "L0 trigger",
    "Compact L0 into L1 when L0 holds this many SSTables",
    |s| match s.lsm.strategy {
        CompactionStrategy::Leveled { l0_trigger, .. } => f64::from(l0_trigger),
        // Hidden with size-tiered compaction, which has no level 0 to count.
        CompactionStrategy::SizeTiered { .. } => 4.0,
    },
    |s, v| {
        if let CompactionStrategy::Leveled { l0_trigger, .. } = &mut s.lsm.strategy {
            *l0_trigger = v as u32;
        }
    },
)];

/// Size-tiered compaction's trigger (shown only with size-tiered compaction).
static TIER_KNOBS: [Knob<StorageScenario>; 1] = [knob(
    (lab_knobs::TIER, 1.0),
    "Tier trigger",
    "Merge runs of similar size into one run of the next tier once this many are there",
    |s| f64::from(s.tier_trigger().unwrap_or(TIER_TRIGGER)),
    |s, v| s.set_tier_trigger(v as u32),
)];

/// B-tree settings.
static BTREE_KNOBS: [Knob<StorageScenario>; 1] = [
    field_knob!(lab_knobs::FAN, 1.0, "B-tree page", "A page holding more keys than this splits in two", btree.max_keys: u32),
];

/// Hash log settings.
static HASH_KNOBS: [Knob<StorageScenario>; 2] = [
    field_knob!(lab_knobs::SEG, 32.0, "Segment size", "The active segment closes after the write that takes it to this size or more", hash.segment_bytes: u64),
    field_knob!(lab_knobs::MERGE, 1.0, "Merge after", "Merge the closed segments once this many were closed since the last merge; 0 = only when you press Merge", hash.merge_trigger: u32),
];

/// Workload settings (every engine).
static WORKLOAD_KNOBS: [Knob<StorageScenario>; 1] = [
    field_knob!(lab_knobs::KEYS, 1.0, "Key space", "The workload draws keys from 0 to this", workload.key_space: u64),
];

#[component]
fn Knobs() -> impl IntoView {
    let st = context::<StorageState>();
    let sc = Memo::new(move |_| st.with(|l| l.settings().clone()));
    let engine = move || sc.with(|s| s.engine);
    let lsm = move || matches!(engine(), LabEngine::Lsm | LabEngine::Race);
    let tiered =
        move || sc.with(|s| matches!(s.lsm.strategy, CompactionStrategy::SizeTiered { .. }));
    let settings: Signal<StorageScenario> = sc.into();
    let commit: Commit<StorageScenario> =
        Callback::new(move |(k, v): (&Knob<StorageScenario>, f64)| st.rebuild(|s| (k.set)(s, v)));
    view! {
        <section class="group" aria-label="engine settings">
            <h2>"Settings " <span class="muted">"(replays your actions)"</span></h2>
            <Show when=lsm>
                <StrategyChoice />
                <Show when=move || !tiered()>{knob_sliders(&LEVELED_KNOBS, settings, commit, 1)}</Show>
                <Show when=tiered>
                    {knob_sliders(&TIER_KNOBS, settings, commit, 1)}
                    <p class="hint tier-trigger">{move || sc.with(|s| tiered_trigger(&s.lsm.strategy))}</p>
                </Show>
                {knob_sliders(&LSM_KNOBS, settings, commit, 1)}
                <label class="check-row">
                    <input type="checkbox" prop:checked=move || sc.with(|s| s.compactions_per_op != 0)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            st.rebuild(|s| s.compactions_per_op = if on { u32::MAX } else { 0 });
                        } />
                    " automatic compaction"
                </label>
            </Show>
            <Show when=move || matches!(engine(), LabEngine::BTree | LabEngine::Race)>
                {knob_sliders(&BTREE_KNOBS, settings, commit, 1)}
                <label class="check-row">
                    <input type="checkbox" data-setting="wal" prop:checked=move || sc.with(|s| s.btree.wal)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            st.rebuild(|s| s.btree.wal = on);
                        } />
                    " write-ahead log (off: a crash mid-split can tear the tree)"
                </label>
            </Show>
            <Show when=move || engine() == LabEngine::HashLog>
                {knob_sliders(&HASH_KNOBS, settings, commit, 1)}
            </Show>
            {knob_sliders(&WORKLOAD_KNOBS, settings, commit, 1)}
        </section>
    }
}

/// What triggers a size-tiered merge, in words (its own trigger: runs, not L0 tables).
fn tiered_trigger(s: &CompactionStrategy) -> String {
    match *s {
        CompactionStrategy::SizeTiered {
            min_merge,
            max_merge,
            size_ratio_pct,
        } => format!(
            "Size-tiered: a tier is a group of adjacent runs of similar size (largest at most {size_ratio_pct} % of the smallest); {min_merge} such runs merge into one run of the next tier, at most {max_merge} at once."
        ),
        CompactionStrategy::Leveled { .. } => String::new(),
    }
}

/// Leveled or size-tiered compaction (`cs`): the two policies of DDIA ch. 3.
#[component]
fn StrategyChoice() -> impl IntoView {
    let st = context::<StorageState>();
    let tiered = Memo::new(move |_| {
        st.with(|l| {
            matches!(
                l.settings().lsm.strategy,
                CompactionStrategy::SizeTiered { .. }
            )
        })
    });
    let pick = move |t: bool| {
        st.rebuild(|s| {
            s.lsm.strategy = if t { TIERED } else { LEVELED };
        });
    };
    view! {
        <div class="tabs strategy" role="radiogroup" aria-label="compaction strategy">
            <button role="radio" class="tab" data-setting="cs-lev" aria-checked=move || (!tiered.get()).to_string() class:active=move || !tiered.get() on:click=move |_| pick(false)>"Leveled"</button>
            <button role="radio" class="tab" data-setting="cs-tier" aria-checked=move || tiered.get().to_string() class:active=move || tiered.get() on:click=move |_| pick(true)>"Size-tiered"</button>
        </div>
    }
}

fn ratio(a: u64, b: u64) -> String {
    if b == 0 {
        "–".into()
    } else {
        format!("{}×", fixed(a as f64 / b as f64, 2))
    }
}

/// The causes of the disk bytes written, as percentages: WAL (or log segments),
/// flushes or page writes, compaction or merging, the LSM manifest.
fn causes(m: &Metrics) -> String {
    let total = m.io.bytes_written;
    if total == 0 {
        return "–".into();
    }
    let parts = [
        ("log", m.wal_bytes_written),
        ("flush/pages", m.data_bytes_written),
        ("compaction", m.compaction_bytes_written),
        ("manifest", m.manifest_bytes_written),
    ];
    parts
        .iter()
        .filter(|(_, b)| *b > 0)
        .map(|(name, b)| format!("{name} {}%", fixed(*b as f64 * 100.0 / total as f64, 1)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Operations run before "ops per disk second" is shown: a rate over the first few puts
/// (no flush, split or merge yet) would read millions a second.
const RATE_FROM_OPS: u64 = 100;

/// `rate` (operations per disk second) as `2 380 ops/s`, or `–` before [`RATE_FROM_OPS`].
fn ops_per_disk_second(ops: u64, rate: u64) -> String {
    if ops < RATE_FROM_OPS {
        return "–".into();
    }
    format!("{} ops/s", count(rate))
}

fn lane_figures(lane: &Lane) -> Vec<(&'static str, String, &'static str)> {
    let m = lane.metrics();
    let s = lane.current();
    let mut rows = vec![
        (
            "operations",
            lane.ops().to_string(),
            "operations run (failed ones included)",
        ),
        (
            "write amp.",
            ratio(m.io.bytes_written, m.user_bytes_written),
            "disk bytes written / user bytes written",
        ),
        (
            "read amp.",
            ratio(m.get_touches, m.gets),
            "SSTables (LSM), pages (B-tree) or records (hash log) read per get",
        ),
        (
            "space amp.",
            ratio(s.data_bytes(), s.live_user_bytes),
            "bytes holding the data / live user bytes: tables, pages or segments on disk, plus the LSM memtable in memory (its entries are live data not yet in a table, so without it the figure would fall below 1x); the write-ahead log excluded",
        ),
        (
            "log on disk",
            if lane.kind() == EngineKind::HashLog {
                "none: its segments are its log".into()
            } else {
                bytes(m.wal_disk_bytes)
            },
            "write-ahead log bytes on disk (truncated at each flush or checkpoint)",
        ),
        (
            "written by",
            causes(&m),
            "share of disk bytes written by each cause (they add up to the total)",
        ),
        ("disk", bytes(m.disk_bytes), "bytes on the simulated disk"),
        (
            "ops per disk second",
            ops_per_disk_second(lane.ops(), s.ops_per_io_second()),
            "operations per second of simulated disk time (ops/s): the time this disk would take to read and write every byte so far at 10 ns a byte (100 MB/s); fewer bytes per operation, more operations a second; – before 100 operations",
        ),
    ];
    match lane.kind() {
        EngineKind::Lsm => {
            rows.push(("flushes", m.flushes.to_string(), "memtable flushes"));
            rows.push(("compactions", m.compactions.to_string(), "compaction jobs"));
            let b = m.bloom;
            // A filter of 0 bits per key passes every key: there is no filter to measure.
            let no_filter = b.expected_fpr() >= 1.0;
            rows.push((
                "Bloom FPR",
                if no_filter {
                    String::from("no filter: every table covering the key is read")
                } else {
                    format!(
                        "{}% (expected {}%, textbook {}%)",
                        fixed(b.measured_fpr() * 100.0, 2),
                        fixed(b.expected_fpr() * 100.0, 2),
                        fixed(b.textbook_fpr() * 100.0, 2)
                    )
                },
                "measured false-positive rate; expected = each filter's (bits set / m)^k; textbook = (1 - e^(-kn/m))^k, too low for small filters",
            ));
        }
        EngineKind::BTree => rows.push(("page splits", m.page_splits.to_string(), "page splits")),
        EngineKind::HashLog => {
            rows.push(("segments closed", m.flushes.to_string(), "segments closed"));
            rows.push(("merges", m.compactions.to_string(), "segment merges"));
        }
    }
    rows
}

/// Figure rows whose label is a term of the field: (label, glossary term).
pub const GLOSSED_ROWS: [(&str, &str); 4] = [
    ("write amp.", "write amplification"),
    ("read amp.", "read amplification"),
    ("space amp.", "space amplification"),
    ("ops per disk second", "disk second"),
];

/// A figure's row label, explained in place when it is a term of the field.
fn row_label(label: &'static str) -> AnyView {
    match GLOSSED_ROWS.iter().find(|r| r.0 == label) {
        Some((_, term)) => view! { <Gloss entry=entry(STORAGE, term) label=label /> }.into_any(),
        None => label.into_any(),
    }
}

/// Measured figures per engine (both side by side in race mode).
#[component]
pub fn Figures() -> impl IntoView {
    let st = context::<StorageState>();
    let table = move || {
        st.with(|lab| {
            let lanes = lab.lanes();
            let figs: Vec<_> = lanes.iter().map(lane_figures).collect();
            let head: Vec<_> = lanes
                .iter()
                .map(|l| view! { <th>{kind_name(l.kind())}</th> })
                .collect();
            let mut labels: Vec<(&'static str, &'static str)> = Vec::new();
            for f in &figs {
                for r in f {
                    if !labels.iter().any(|l| l.0 == r.0) {
                        labels.push((r.0, r.2));
                    }
                }
            }
            let rows: Vec<_> = labels
                .into_iter()
                .map(|label| {
                    let cells: Vec<_> = figs
                        .iter()
                        .map(|f| {
                            let v = f.iter().find(|r| r.0 == label.0).map(|r| r.1.clone());
                            view! { <td>{v.unwrap_or_default()}</td> }
                        })
                        .collect();
                    view! { <tr><th scope="row" title=label.1>{row_label(label.0)}</th>{cells}</tr> }
                })
                .collect();
            view! {
                <table class="figures">
                    <thead><tr><th scope="col">"Figure"</th>{head}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    };
    view! {
        <section class="group" aria-label="measured figures">
            <h2>"Measured"</h2>
            {table}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddia_core::link::LabLink;

    #[test]
    fn the_disk_rate_waits_for_enough_operations_and_names_its_unit() {
        assert_eq!(ops_per_disk_second(1, 2_380_952), "–");
        assert_eq!(ops_per_disk_second(99, 50_000), "–");
        assert_eq!(ops_per_disk_second(100, 52_381), "52\u{202F}381 ops/s");
    }
    use ddia_core::storage::lab_knobs::KNOBS;

    /// Every slider's ends are core's range for its key, and a link carrying either end
    /// reads back to the same scenario.
    #[test]
    fn the_sliders_span_the_ranges_the_link_accepts() {
        let keys: Vec<&str> = KNOBS.iter().map(|k| k.key).collect();
        let knobs = LSM_KNOBS
            .iter()
            .chain(&LEVELED_KNOBS)
            .chain(&TIER_KNOBS)
            .chain(&BTREE_KNOBS)
            .chain(&HASH_KNOBS)
            .chain(&WORKLOAD_KNOBS);
        for k in knobs {
            assert!(keys.contains(&k.bounds.key), "{}", k.label);
            for v in [k.min(), k.max()] {
                let mut s = StorageScenario::default();
                (k.set)(&mut s, v);
                assert_eq!((k.get)(&s), v, "{} = {v}", k.label);
                let back = StorageScenario::from_query(&s.to_query());
                assert_eq!(back.as_ref(), Ok(&s), "{} = {v}", k.label);
            }
        }
    }
}
