//! The lab contract for links: what every lab gives the shared query code, so that the
//! envelope (`lab`, `scn`, `seed`, `t`, `act`), book scenarios, page keys, percent-
//! decoding and error messages are written once. A lab implements [`LabLink`] for its
//! scenario type in its own area folder (`consensus/raft/scenario.rs`,
//! `storage/lab_scenario.rs`) and registers itself in [`LABS`].

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::query::{action_words, decode, decode_lenient, err, number, QueryWriter};
use super::ScenarioError;
use crate::book::{self, BookScenario, Named};

/// A lab as the page and the link reader know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LabInfo {
    /// The `lab=` word; also the name of the lab's binary and wasm (`dist/<word>.js`).
    pub word: &'static str,
    /// The lab's name in headers and cards.
    pub name: &'static str,
    /// One line on what the lab shows.
    pub tagline: &'static str,
    /// The book chapter it follows, e.g. `DDIA ch. 9`.
    pub chapter: &'static str,
}

/// Every lab, in the order pages list them. The registration list: a new lab adds its
/// entry here (the web app, `static/loader.js` and `index.html` are checked against
/// it by tests).
pub const LABS: &[LabInfo] = &[
    LabInfo {
        word: "raft",
        name: "Raft",
        tagline: "leader election and log replication",
        chapter: "DDIA ch. 9",
    },
    LabInfo {
        word: "storage",
        name: "Storage",
        tagline: "LSM-tree, B-tree, hash log",
        chapter: "DDIA ch. 3",
    },
    LabInfo {
        word: "partition",
        name: "Partitioning",
        tagline: "key ranges, hashing, rebalancing",
        chapter: "DDIA ch. 6",
    },
    LabInfo {
        word: "stream",
        name: "Streams",
        tagline: "partitioned log, delivery guarantees, windows and watermarks",
        chapter: "DDIA ch. 11",
    },
];

/// The registered lab whose `lab=` word is `word`.
pub fn lab_info(word: &str) -> Option<&'static LabInfo> {
    LABS.iter().find(|l| l.word == word)
}

/// A lab's scenario as a link: the envelope's fields, the lab's own keys, its input
/// verbs and its book. Implementors get [`LabLink::from_query`] and
/// [`LabLink::to_query`], which round-trip: `from_query(&s.to_query()) == Ok(s)`.
/// The envelope accessors (`name` to `set_inputs`) are written by
/// `lab_envelope!` (`core/src/link/envelope.rs`) over the scenario's fields.
pub trait LabLink: Named + Default + Clone + 'static {
    /// The `lab=` word ([`LABS`]).
    const LAB: &'static str;
    /// What the lab's book checks run on.
    type World;
    /// One recorded input (an action verb, with its position if the lab's inputs carry
    /// one, as the Raft lab's `<µs>:<verb>` do).
    type Input: PartialEq + Clone;

    /// The lab's book scenarios (`scn=`).
    fn book() -> &'static [BookScenario<Self, Self::World>];
    /// The book scenario this run started from, if any (a label: it does not change the
    /// run).
    fn name(&self) -> Option<&str>;
    /// The run's PRNG seed.
    fn seed(&self) -> u64;
    /// Sets the run's PRNG seed.
    fn set_seed(&mut self, seed: u64);
    /// The position to show (`t`), if set.
    fn position(&self) -> Option<u64>;
    /// Sets the position to show.
    ///
    /// # Errors
    /// The lab has no positions in links (yet).
    fn set_position(&mut self, position: u64) -> Result<(), ScenarioError>;
    /// The recorded inputs, in order.
    fn inputs(&self) -> &[Self::Input];
    /// Replaces the recorded inputs.
    fn set_inputs(&mut self, inputs: Vec<Self::Input>);
    /// One input as its `act` verb; only [`super::query::is_link_safe`] characters.
    fn encode_input(input: &Self::Input) -> String;
    /// Reads one `act` verb.
    ///
    /// # Errors
    /// A malformed verb, with a sentence naming the verbs there are.
    fn decode_input(word: &str) -> Result<Self::Input, ScenarioError>;
    /// Sets one of the lab's own keys.
    ///
    /// # Errors
    /// An unknown key, or a malformed or out-of-range value.
    fn set_param(&mut self, key: &str, value: &str) -> Result<(), ScenarioError>;
    /// Writes the lab's own keys: those whose value differs from `base` (the defaults,
    /// or the named book scenario), or all of them if the lab prefers explicit links.
    fn write_params(&self, base: &Self, out: &mut QueryWriter);
    /// Checks the whole scenario once every key is read.
    ///
    /// # Errors
    /// Keys that are valid alone but not together, in a sentence.
    fn validate(&self) -> Result<(), ScenarioError>;

    /// Parses a query string (a leading `?` is allowed, values percent-decoded).
    /// Missing keys keep the base's values (the named book scenario's if `scn` is
    /// given, else the defaults); [`super::PAGE_KEYS`] are skipped.
    ///
    /// # Errors
    /// The first malformed, unknown, repeated or out-of-range key, with a sentence
    /// saying what is allowed, or an over-long link. Never panics, whatever the input.
    fn from_query(query: &str) -> Result<Self, ScenarioError> {
        let settings = decode(query)?;
        same_lab::<Self>(&settings)?;
        let mut s: Self = base(&settings)?;
        for (key, value) in &settings {
            set_key(&mut s, key, value)?;
        }
        s.validate()?;
        Ok(s)
    }

    /// Reads a query as far as it goes, as a page does with a link someone typed or
    /// shared: every key that can be read is applied; each one that cannot is named in
    /// [`ReadLink::problems`] and left at the base's value. If the keys do not fit
    /// together ([`LabLink::validate`]), the recorded inputs are dropped; if they still do
    /// not, the base (the book scenario, or the defaults) is used. Never panics.
    fn read_query(query: &str) -> ReadLink<Self> {
        let (settings, mut problems) = decode_lenient(query);
        if let Err(e) = same_lab::<Self>(&settings) {
            problems.push(e);
            return ReadLink {
                scenario: Self::default(),
                problems,
                applied: 0,
            };
        }
        let base: Self = base(&settings).unwrap_or_else(|e| {
            problems.push(e);
            Self::default()
        });
        let (mut s, mut applied) = apply_keys(&base, &settings, &[], Some(&mut problems));
        // Keys that do not fit the others are left out one by one, each named, and the
        // valid ones stay applied (B3: a crash naming C2 in a group of 1 drops the
        // crash, not `consumers=1`).
        let mut left_out: Vec<String> = Vec::new();
        while let Err(e) = s.validate() {
            let key = e.key.clone();
            problems.push(e);
            if key.is_empty() || left_out.contains(&key) {
                s.set_inputs(base.inputs().to_vec());
                if s.validate().is_err() {
                    s = base;
                    applied = 0;
                }
                break;
            }
            left_out.push(key);
            (s, applied) = apply_keys(&base, &settings, &left_out, None);
        }
        ReadLink {
            scenario: s,
            problems,
            applied,
        }
    }

    /// The keys (`seed`, the lab's own, `act`) whose values differ from the book
    /// scenario this run started from, in link order; empty on a free run. A book
    /// caption's numbers are the book scenario's: the page says which ones a link
    /// changed (play17c F3).
    fn changed_from_book(&self) -> Vec<String> {
        let Some(base) = self.name().and_then(|n| book::find(Self::book(), n)) else {
            return Vec::new();
        };
        let base = base.scenario();
        let mut out = QueryWriter::new();
        if self.seed() != base.seed() {
            out.pair("seed", self.seed());
        }
        self.write_params(&base, &mut out);
        if self.inputs() != base.inputs() {
            out.pair("act", "");
        }
        let pairs = decode(&out.finish()).unwrap_or_default();
        pairs.into_iter().map(|(key, _)| key).collect()
    }

    /// The query string (no `?`): `lab`, `scn` when named, `seed`, the lab's own keys,
    /// `t` when set, and `act` when the inputs differ from the base's.
    fn to_query(&self) -> String {
        let base = book::named_or_default(Self::book(), self.name());
        let mut out = QueryWriter::new();
        out.pair("lab", Self::LAB);
        if let Some(name) = self.name() {
            out.pair("scn", name);
        }
        out.pair("seed", self.seed());
        self.write_params(&base, &mut out);
        if let Some(t) = self.position() {
            out.pair("t", t);
        }
        if self.inputs() != base.inputs() {
            let words: Vec<String> = self.inputs().iter().map(Self::encode_input).collect();
            out.pair("act", words.join(","));
        }
        out.finish()
    }
}

/// A link as [`LabLink::read_query`] read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadLink<S> {
    /// The scenario: the base with every readable key applied.
    pub scenario: S,
    /// What could not be read or did not fit, a sentence each (empty: the whole link).
    pub problems: Vec<ScenarioError>,
    /// How many keys were applied (0: nothing of the link was used).
    pub applied: usize,
}

/// `base` with every key of `settings` but those in `left_out` applied, and how many
/// were; each key that cannot be read is added to `problems` if given.
fn apply_keys<L: LabLink>(
    base: &L,
    settings: &[(String, String)],
    left_out: &[String],
    mut problems: Option<&mut Vec<ScenarioError>>,
) -> (L, usize) {
    let mut s = base.clone();
    let mut applied = 0;
    for (key, value) in settings.iter().filter(|(k, _)| !left_out.contains(k)) {
        let mut next = s.clone();
        match set_key(&mut next, key, value) {
            Ok(()) => {
                s = next;
                applied += 1;
            }
            Err(e) => problems.iter_mut().for_each(|p| p.push(e.clone())),
        }
    }
    (s, applied)
}

/// The scenario the other keys apply to: the book scenario `scn` names, or the default.
fn base<L: LabLink>(settings: &[(String, String)]) -> Result<L, ScenarioError> {
    let pairs: Vec<(&str, &str)> = settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    book::base(L::book(), &pairs)
}

/// Checks the `lab` key first, so a link for another lab is named as such rather than
/// by its first key this lab does not know.
fn same_lab<L: LabLink>(settings: &[(String, String)]) -> Result<(), ScenarioError> {
    match settings.iter().find(|(k, _)| k == "lab") {
        Some((key, value)) => set_key(&mut L::default(), key, value),
        None => Ok(()),
    }
}

/// Applies one envelope key, or hands a lab key to the lab.
fn set_key<L: LabLink>(s: &mut L, key: &str, value: &str) -> Result<(), ScenarioError> {
    match key {
        "scn" => {}
        "lab" if value == L::LAB => {}
        "lab" => {
            let words: Vec<String> = LABS.iter().map(|l| format!("lab={}", l.word)).collect();
            let why = match lab_info(value) {
                Some(other) => format!("this page holds the {} lab, not {}", L::LAB, other.name),
                None => format!("unknown lab '{value}'; the labs are {}", words.join(", ")),
            };
            return Err(err(key, why));
        }
        "seed" => s.set_seed(number(key, value)?),
        "t" => s.set_position(number(key, value)?)?,
        "act" => s.set_inputs(decode_inputs::<L>(key, value)?),
        _ => s.set_param(key, value)?,
    }
    Ok(())
}

/// The inputs of an `act` value, or one problem naming every bad word with why it was
/// not read (play16g U3: "also not read: 'wt2=99'" said no why), and that none of the
/// inputs is applied (play16b N19: a notice that says "the rest is applied" must not
/// hide the valid ones).
fn decode_inputs<L: LabLink>(key: &str, value: &str) -> Result<Vec<L::Input>, ScenarioError> {
    let words = action_words(key, value)?;
    let mut inputs = Vec::with_capacity(words.len());
    let mut first: Option<ScenarioError> = None;
    let mut others: Vec<String> = Vec::new();
    for &w in &words {
        match L::decode_input(w) {
            Ok(i) => inputs.push(i),
            Err(e) if first.is_none() => first = Some(e),
            Err(e) => others.push(format!("'{w}' ({})", e.message)),
        }
    }
    let Some(mut e) = first else {
        return Ok(inputs);
    };
    if !others.is_empty() {
        e.message = format!("{}; also: {}", e.message, others.join("; "));
    }
    e.message = format!(
        "{}; so none of its {} actions is applied",
        e.message,
        words.len()
    );
    Err(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labs_have_distinct_words_that_name_them() {
        for (i, a) in LABS.iter().enumerate() {
            assert!(a.word.chars().all(|c| c.is_ascii_lowercase()), "{}", a.word);
            assert!(LABS[i + 1..].iter().all(|b| b.word != a.word));
            assert_eq!(lab_info(a.word), Some(a));
        }
        assert_eq!(lab_info("paxos"), None);
    }

    /// play17d N7: a bad seed is a problem of the link, named by its key, and the run
    /// keeps the base's seed; in every lab (the envelope is read here, once).
    fn a_bad_seed_is_named<L: LabLink>() {
        for bad in ["abc", "-1", "99999999999999999999999", "", "+3", "1.5"] {
            let read = L::read_query(&format!("lab={}&seed={bad}", L::LAB));
            let named = read.problems.iter().filter(|p| p.key == "seed").count();
            assert_eq!(named, 1, "{} seed={bad}: {:?}", L::LAB, read.problems);
            assert_eq!(read.scenario.seed(), L::default().seed(), "{}", L::LAB);
            assert_eq!(
                L::from_query(&format!("seed={bad}")).err().map(|e| e.key),
                Some("seed".into())
            );
        }
    }

    #[test]
    fn every_lab_names_a_bad_seed_and_keeps_the_default() {
        a_bad_seed_is_named::<crate::consensus::raft::Scenario>();
        a_bad_seed_is_named::<crate::storage::lab_scenario::StorageScenario>();
        a_bad_seed_is_named::<crate::partition::scenario::PartitionScenario>();
        a_bad_seed_is_named::<crate::stream::scenario::StreamScenario>();
    }

    /// play16b N19: every bad verb of `act` is named, and the notice says that none of
    /// its actions is applied.
    #[test]
    fn a_bad_act_names_every_bad_verb_and_that_none_is_applied() {
        use crate::partition::scenario::PartitionScenario;
        let read = PartitionScenario::read_query("lab=partition&act=a,zz,d9,dist:nope,q42");
        let act = read
            .problems
            .iter()
            .find(|p| p.key == "act")
            .expect("act is named");
        assert!(
            act.message.starts_with("'zz' is not an action"),
            "{}",
            act.message
        );
        assert!(
            act.message
                .contains("; also: 'dist:nope' ('nope' is not one of"),
            "{}",
            act.message
        );
        assert!(
            act.message.ends_with("none of its 5 actions is applied"),
            "{}",
            act.message
        );
    }

    /// B3: a key that does not fit the others is named and left out; the valid keys stay
    /// applied (here `consumers=1` stays, the crash of C2 is dropped).
    #[test]
    fn a_key_that_does_not_fit_is_left_out_and_the_others_stay() {
        use crate::stream::scenario::StreamScenario;
        let read = StreamScenario::read_query("lab=stream&consumers=1&crash=2.commit.2&seed=9");
        assert_eq!(read.scenario.consumers, 1);
        assert_eq!(read.scenario.seed, 9);
        assert_eq!(read.scenario.crash, None);
        let keys: Vec<&str> = read.problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["crash"]);
        assert!(read.applied >= 3, "{}", read.applied);
        assert!(!read.problems[0].message.contains("1 consumers"));
        // Valid alone and together: nothing is left out.
        let fine = StreamScenario::read_query("lab=stream&consumers=2&crash=2.commit.2");
        assert!(fine.problems.is_empty(), "{:?}", fine.problems);
        assert!(fine.scenario.crash.is_some());
    }
}
