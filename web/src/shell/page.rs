//! Page options carried in the URL next to the scenario: which lab, `embed`, `speed`.
//! The scenario keys themselves are parsed by `ddia_core::scenario`.

use super::speed::clamp_speed;

/// The labs this app can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabKind {
    /// Raft election and replication.
    Raft,
    /// Storage engines (`lab=storage`).
    Storage,
}

/// What the query says about the page rather than the run.
#[derive(Clone, Debug, PartialEq)]
pub struct PageOptions {
    /// Which lab to show.
    pub lab: LabKind,
    /// `embed=1`: no page chrome, for an iframe.
    pub embed: bool,
    /// `speed=…`: the starting speed, if given and valid.
    pub speed: Option<f64>,
}

/// Reads the page options from a query string (a leading `?` is allowed). Unknown or
/// malformed page values fall back to defaults; the scenario parser reports the rest.
pub fn page_options(query: &str) -> PageOptions {
    let mut opts = PageOptions {
        lab: LabKind::Raft,
        embed: false,
        speed: None,
    };
    for (key, value) in pairs(query) {
        match key {
            "lab" if value == "storage" => opts.lab = LabKind::Storage,
            "embed" => opts.embed = matches!(value, "" | "1" | "true" | "yes"),
            "speed" => {
                opts.speed = value
                    .parse::<f64>()
                    .ok()
                    .filter(|s| s.is_finite() && *s > 0.0)
                    .map(clamp_speed)
            }
            _ => {}
        }
    }
    opts
}

/// The `key=value` pairs of a query string, in order.
pub fn pairs(query: &str) -> impl Iterator<Item = (&str, &str)> {
    let query = query.strip_prefix('?').unwrap_or(query);
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
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
        assert_eq!(o.lab, LabKind::Raft);
        let o = page_options("speed=abc&embed=0");
        assert!(!o.embed);
        assert_eq!(o.speed, None);
        assert_eq!(page_options("speed=5000").speed, Some(100.0));
        assert_eq!(page_options("speed=-1").speed, None);
        assert!(!page_options("").embed);
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
