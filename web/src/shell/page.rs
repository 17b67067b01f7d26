//! What a page hands its lab: the labs there are, the page options carried in the URL
//! next to the scenario (`embed`, `speed`, `origin`) and the page's shared signals. Which lab a
//! URL opens (`lab=`) is decided before any wasm loads, by `static/loader.js`; the
//! scenario keys themselves are parsed by each lab's `ddia_core::link::LabLink`.

use super::embed_protocol::AllowList;
use super::speed::{clamp_note, clamp_speed, SPEED_UNIT};
use super::url::UrlSync;
use ddia_core::consensus::raft::Scenario;
use ddia_core::link::query::{decoded_pairs, scaled};
use ddia_core::link::{LabInfo, LabLink, ReadLink, LABS};
use ddia_core::partition::scenario::PartitionScenario;
use ddia_core::storage::lab_scenario::StorageScenario;
use ddia_core::stream::scenario::StreamScenario;
use leptos::prelude::*;

/// The labs there are; each is its own binary (`web/src/bin/`) and its entry in
/// `ddia_core::link::LABS` (the registration list) gives its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabKind {
    /// Raft election and replication (`lab=raft`).
    Raft,
    /// Storage engines (`lab=storage`).
    Storage,
    /// Partitioning and rebalancing (`lab=partition`).
    Partition,
    /// Stream processing (`lab=stream`).
    Stream,
}

impl LabKind {
    /// Every lab, in the order of `ddia_core::link::LABS` (a test checks it).
    pub const ALL: [LabKind; 4] = [
        LabKind::Raft,
        LabKind::Storage,
        LabKind::Partition,
        LabKind::Stream,
    ];

    /// The value of `lab=` that opens this lab; also its binary's name.
    pub fn word(self) -> &'static str {
        match self {
            LabKind::Raft => Scenario::LAB,
            LabKind::Storage => StorageScenario::LAB,
            LabKind::Partition => PartitionScenario::LAB,
            LabKind::Stream => StreamScenario::LAB,
        }
    }

    /// The lab's registration: name, tagline and book chapter.
    pub fn info(self) -> &'static LabInfo {
        let word = self.word();
        LABS.iter().find(|l| l.word == word).unwrap_or(&LABS[0])
    }

    /// The lab's name in the header.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// One line on what the lab shows, with its book chapter.
    pub fn tagline(self) -> String {
        format!("{} · {}", self.info().tagline, self.info().chapter)
    }
}

/// What the page gives a lab when it mounts it.
pub struct LabPage {
    /// The URL query (scenario keys and page keys; a leading `?` is allowed).
    pub query: String,
    /// `speed=…` from the URL, if given and valid; the lab picks its own default.
    pub speed: Option<f64>,
    /// How the address bar follows the run.
    pub url: UrlSync,
    /// The page's notice banner (for links that cannot be read).
    pub notice: RwSignal<Option<String>>,
    /// True when the user prefers reduced motion: labs then start paused.
    pub reduced_motion: Signal<bool>,
}

impl LabPage {
    /// The lab's scenario read from the query as far as it goes ([`LabLink::read_query`]):
    /// the valid keys applied, the notice naming each bad one ([`read_link`]). While the
    /// link has problems the address bar keeps it as typed, so the typo can be
    /// corrected, until the learner's next action.
    pub fn scenario<S: LabLink>(&mut self) -> S {
        let (scenario, problem) = read_link(S::read_query(&self.query));
        if problem.is_some() {
            self.url.hold();
        }
        self.notice.set(problem);
        scenario
    }

    /// Whether the lab starts playing: `wanted`, unless the user prefers reduced motion.
    /// Asked of the browser now: the `reduced_motion` signal reads false until its
    /// effect has run, which is after the lab has mounted and decided.
    pub fn autoplay(&self, wanted: bool) -> bool {
        wanted && !prefers_reduced_motion_now()
    }
}

/// True if the browser reports `prefers-reduced-motion: reduce` at this moment.
pub fn prefers_reduced_motion_now() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

/// Most problems a link notice names one by one (every one a hand-edited link makes;
/// play17c named 6); the rest are counted ("and 5 more"), never a single one: "and 1
/// more" would take the room of naming it.
pub const MAX_NAMED_PROBLEMS: usize = 8;

/// The scenario of a link read as far as it goes, and a sentence for the notice when
/// part of it (or all of it) could not be used.
pub fn read_link<S>(read: ReadLink<S>) -> (S, Option<String>) {
    let ReadLink {
        scenario,
        problems,
        applied,
    } = read;
    if problems.is_empty() {
        return (scenario, None);
    }
    let named = match problems.len() {
        n if n <= MAX_NAMED_PROBLEMS + 1 => n,
        _ => MAX_NAMED_PROBLEMS,
    };
    let mut what: Vec<String> = problems
        .iter()
        .take(named)
        .map(ToString::to_string)
        .collect();
    if problems.len() > named {
        what.push(format!("and {} more", problems.len() - named));
    }
    let what = what.join("; ");
    let sentence = if applied == 0 {
        format!("Could not read the link: {what}. Showing the default scenario instead.")
    } else {
        format!("Could not read all of the link: {what}. The rest of it is applied.")
    };
    (scenario, Some(sentence))
}

/// A lab's entry point: reads its scenario from the page's query (setting the notice
/// when the link cannot be read) and returns the lab's view.
pub type MountLab = fn(LabPage) -> AnyView;

/// What the query says about the page rather than the run.
#[derive(Clone, Debug, PartialEq)]
pub struct PageOptions {
    /// `embed=1`: no page chrome, for an iframe.
    pub embed: bool,
    /// `speed=…`: the starting speed, if given and valid.
    pub speed: Option<f64>,
    /// What the notice says when `speed=…` was outside the speeds the lab plays.
    pub speed_note: Option<String>,
    /// `origin=…`: the pages allowed to drive the lab through the embedding API.
    pub origins: AllowList,
}

/// Reads the page options from a query string (a leading `?` is allowed; keys and values
/// are percent-decoded). Unknown or malformed page values fall back to defaults; the
/// scenario parser reports the rest.
pub fn page_options(query: &str) -> PageOptions {
    let mut opts = PageOptions {
        embed: false,
        speed: None,
        speed_note: None,
        origins: AllowList::default(),
    };
    for (key, value) in decoded_pairs(query) {
        match key.as_ref() {
            "embed" => opts.embed = matches!(value.as_ref(), "" | "1" | "true" | "yes"),
            "speed" => {
                let asked = scaled(&key, &value, SPEED_UNIT)
                    .ok()
                    .filter(|&s| s > 0)
                    .map(|s| s as f64 / SPEED_UNIT as f64);
                opts.speed = asked.map(clamp_speed);
                // U8: an unreadable speed is named, as every other bad key is.
                opts.speed_note = match asked {
                    Some(s) => clamp_note(s),
                    None => Some(format!(
                        "Could not read “speed”: '{value}' is not a number above 0; the lab \
                         plays at its own speed."
                    )),
                };
            }
            "origin" => opts.origins = AllowList::parse(&value),
            _ => {}
        }
    }
    opts
}

/// The page's own keys to append to a scenario query, e.g. `&speed=0.1&embed=1`.
pub fn page_suffix(speed: f64, embed: bool) -> String {
    let label = super::speed::speed_label(speed);
    let mut s = format!("&speed={}", label.trim_end_matches('x'));
    if embed {
        s.push_str("&embed=1");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_embed_and_speed_and_ignores_the_rest() {
        let o = page_options("?seed=3&embed=1&speed=2.5");
        assert!(o.embed);
        assert_eq!(o.speed, Some(2.5));
        let o = page_options("speed=abc&embed=0");
        assert!(!o.embed);
        assert_eq!(o.speed, None);
        // U8: a speed that cannot be read gets a notice, in every lab (the page reads it).
        for bad in ["abc", "0", "-1", "1e2"] {
            let o = page_options(&format!("lab=partition&speed={bad}"));
            assert_eq!(o.speed, None, "{bad}");
            assert!(o.speed_note.is_some(), "{bad}: silent");
        }
        assert_eq!(page_options("speed=2.5").speed_note, None);
        assert_eq!(page_options("seed=3").speed_note, None);
        assert_eq!(page_options("speed=5000").speed, Some(100.0));
        assert_eq!(page_options("speed=-1").speed, None);
        assert_eq!(page_options("speed=0").speed, None);
        assert_eq!(page_options("speed=1e2").speed, None);
        assert_eq!(page_options("speed=0.001").speed, Some(0.01));
        assert_eq!(page_options("speed=0.032").speed, Some(0.032));
        assert!(!page_options("").embed);
    }

    #[test]
    fn lab_words_are_distinct_and_name_the_binaries() {
        let words = LabKind::ALL.map(LabKind::word);
        let registered: Vec<&str> = LABS.iter().map(|l| l.word).collect();
        assert_eq!(words.to_vec(), registered, "LabKind::ALL and LABS disagree");
        let loader = include_str!("../../../static/loader.js");
        let manifest = include_str!("../../Cargo.toml");
        for w in words {
            assert!(
                loader.contains(&format!("{w}:")),
                "loader.js does not know lab {w}"
            );
            assert!(
                manifest.contains(&format!("name = \"{w}\"")),
                "no binary {w}"
            );
        }
    }

    /// The `(scn name, title)` of each book scenario of `lab`.
    fn book(lab: LabKind) -> Vec<(&'static str, &'static str)> {
        fn titles<S, W>(
            book: &[ddia_core::book::BookScenario<S, W>],
        ) -> Vec<(&'static str, &'static str)> {
            book.iter().map(|b| (b.name, b.title)).collect()
        }
        match lab {
            LabKind::Raft => titles(ddia_core::consensus::raft::book::BOOK),
            LabKind::Storage => titles(ddia_core::storage::lab_book::BOOK),
            LabKind::Partition => titles(ddia_core::partition::book::BOOK),
            LabKind::Stream => titles(ddia_core::stream::book::BOOK),
        }
    }

    #[test]
    fn index_html_builds_every_lab_and_its_landing_card_links_the_book() {
        let index = include_str!("../../../index.html");
        for lab in LabKind::ALL {
            let w = lab.word();
            assert!(
                index.contains(&format!("data-bin=\"{w}\"")),
                "index.html has no Trunk <link data-bin=\"{w}\">"
            );
            let card = index
                .split_once(&format!("<article class=\"lab-card\" id=\"lab-{w}\">"))
                .and_then(|(_, rest)| rest.split_once("</article>"))
                .map(|(card, _)| card)
                .unwrap_or_else(|| panic!("the landing page has no card for lab {w}"));
            assert!(
                card.contains(&format!("href=\"?lab={w}\"")),
                "{w}'s card does not open it"
            );
            let book = book(lab);
            for (name, title) in &book {
                let link = format!("<a href=\"?lab={w}&amp;scn={name}\">{title}</a>");
                assert!(card.contains(&link), "{w}'s card lacks {link}");
            }
            assert_eq!(
                card.matches("&amp;scn=").count(),
                book.len(),
                "{w}'s card links a scenario its book does not have"
            );
        }
        assert_eq!(
            index.matches("<article class=\"lab-card\"").count(),
            LabKind::ALL.len(),
            "a landing card for a lab LabKind does not know"
        );
    }

    #[test]
    fn bad_keys_are_named_and_the_rest_applied() {
        use ddia_core::storage::lab_scenario::LabEngine;
        let (s, problem) = read_link(Scenario::read_query("?n=12&seed=7"));
        assert_eq!((s.seed, s.raft.nodes), (7, 5));
        let p = problem.unwrap();
        assert!(p.starts_with("Could not read all of the link: "), "{p}");
        assert!(
            p.contains("12 is out of range 3-9") && p.ends_with("The rest of it is applied."),
            "{p}"
        );
        let (s, problem) = read_link(Scenario::read_query("?seed=7&embed=1&speed=3"));
        assert_eq!((s.seed, problem), (7, None));
        let (s, problem) = read_link(Scenario::read_query("?lab=storage"));
        assert_eq!(s, Scenario::default());
        let p = problem.unwrap();
        assert!(
            p.contains("not Storage") && p.contains("Showing the default"),
            "{p}"
        );
        let (s, p) = read_link(StorageScenario::read_query(
            "?lab=storage&engine=btree&speed=2",
        ));
        assert_eq!((s.engine, p), (LabEngine::BTree, None));
        let many: Vec<String> = (0..500).map(|i| format!("k{i}=1")).collect();
        let (s, p) = read_link(Scenario::read_query(&format!("seed=4&{}", many.join("&"))));
        let p = p.unwrap();
        assert_eq!(s.seed, 4);
        assert!(
            // The first 200 pairs are read (MAX_QUERY_PAIRS): 199 unknown keys, and the
            // bound itself named first; eight named, the rest counted.
            p.contains("more than 200 settings")
                && p.contains("k6")
                && !p.contains("k7")
                && p.contains("and 192 more"),
            "{p}"
        );
        let nine: Vec<String> = (0..9).map(|i| format!("k{i}=1")).collect();
        let (_, p) = read_link(Scenario::read_query(&nine.join("&")));
        let p = p.unwrap();
        assert!(
            p.contains("k8") && !p.contains("more"),
            "nine are all named: {p}"
        );
        // play17c: a hand-edited link's six problems are all named.
        let (s, p) = read_link(ddia_core::stream::scenario::StreamScenario::read_query(
            "?lab=stream&parts=99&wkind=bogus&foo=1&seed=abc&guarantee=xx&t=-5",
        ));
        let p = p.unwrap();
        assert_eq!(s.seed, 1);
        for key in ["parts", "wkind", "foo", "seed", "guarantee", "“t”"] {
            assert!(p.contains(key) && !p.contains("; and "), "{key}: {p}");
        }
        let (s, p) = read_link(StorageScenario::read_query(
            "?lab=storage&mem=1&engine=hash",
        ));
        assert_eq!(s.engine, LabEngine::HashLog);
        let p = p.unwrap();
        assert!(
            p.contains("“mem”") && !p.contains('`') && p.contains("32-65536"),
            "{p}"
        );
    }

    #[test]
    fn reads_the_origin_allow_list_percent_encoded_or_not() {
        let o = page_options("?seed=3&origin=https://a.edu,http://127.0.0.1:8000&embed=1");
        assert_eq!(
            o.origins.origins,
            ["https://a.edu", "http://127.0.0.1:8000"]
        );
        let o = page_options("origin=https%3A%2F%2Fa.edu%2F");
        assert_eq!(o.origins.origins, ["https://a.edu"]);
        assert!(page_options("seed=3").origins.origins.is_empty());
    }

    #[test]
    fn suffix_round_trips() {
        let s = page_suffix(0.1, true);
        assert_eq!(s, "&speed=0.1&embed=1");
        let o = page_options(&s[1..]);
        assert_eq!(o.speed, Some(0.1));
        assert!(o.embed);
    }
}
