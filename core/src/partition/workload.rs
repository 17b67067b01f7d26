//! Seeded request streams with skew (DDIA ch. 6, "Skewed Workloads and Relieving Hot
//! Spots"): uniform, Zipf, one celebrity key, and monotonically increasing timestamp
//! keys (the key-range hot spot: every write goes to the last partition). A hot key can
//! be salted: writes go to one of `k` sub-keys picked at random, and a read must read
//! all `k` and combine them ("a read fan-out of k").

use alloc::vec::Vec;

use super::Key;
use crate::sim::rng::{SimRng, PPM};
use crate::storage::workload::ZipfTable;

/// How requests pick keys.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Skew {
    /// Every key of the key space equally likely.
    #[default]
    Uniform,
    /// Key `r` (rank `r + 1`) has weight `1 / (r + 1)^s`, `s = s_hundredths / 100`:
    /// key 0 hottest.
    Zipf {
        /// The exponent in hundredths (`100`: s = 1.0).
        s_hundredths: u32,
    },
    /// [`CELEBRITY`] gets `share_pct` % of the requests, the rest are uniform (the
    /// book's celebrity user with millions of followers).
    Celebrity {
        /// The celebrity's share of the requests, percent.
        share_pct: u32,
    },
    /// Every request writes a new key one above the last (event timestamps): with key
    /// ranges, all writes go to the partition holding the newest keys.
    Timestamps,
}

/// The celebrity key of [`Skew::Celebrity`].
pub const CELEBRITY: Key = Key(0);

/// Salted sub-keys sort after every plain key: sub-key `i` of key `k` is
/// `k + (i + 1) · 2^SALT_SHIFT` (plain keys stay below 2^40 in the lab).
pub const SALT_SHIFT: u32 = 40;

/// Sub-key `i` of `key` (the key with the suffix `i`).
pub fn salted(key: Key, i: u32) -> Key {
    Key(key.0 + ((u64::from(i) + 1) << SALT_SHIFT))
}

/// The sampling table of a Zipf skew over `keys` keys (`None` for the others).
fn zipf_table(skew: Skew, keys: u64) -> Option<ZipfTable> {
    match skew {
        Skew::Zipf { s_hundredths } => Some(ZipfTable::new(keys, s_hundredths)),
        _ => None,
    }
}

/// Whether a request reads or writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// A read: a salted key reads every sub-key.
    Read,
    /// A write: a salted key writes one sub-key, at random.
    Write,
}

/// One client request, before salting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request {
    /// The key asked for.
    pub key: Key,
    /// Read or write.
    pub access: Access,
}

/// A seeded stream of requests over keys `0..keys`.
#[derive(Clone, Debug)]
pub struct Workload {
    skew: Skew,
    keys: u64,
    write_ppm: u32,
    rng: SimRng,
    zipf: Option<ZipfTable>,
    next_timestamp: u64,
}

impl Workload {
    /// Requests over keys `0..keys` (at least 1) under `skew`, a share `write_pct` %
    /// of them writes (all of them for timestamps), drawn from `rng`.
    pub fn new(skew: Skew, keys: u64, write_pct: u32, rng: SimRng) -> Self {
        let keys = keys.max(1);
        Workload {
            skew,
            keys,
            write_ppm: write_pct.min(100) * (PPM / 100),
            rng,
            zipf: zipf_table(skew, keys),
            next_timestamp: keys,
        }
    }

    /// Draws the next requests under `skew` (the same seeded stream goes on; timestamp
    /// keys carry on above the newest one written).
    pub fn set_skew(&mut self, skew: Skew) {
        self.skew = skew;
        self.zipf = zipf_table(skew, self.keys);
    }

    /// The skew.
    pub fn skew(&self) -> Skew {
        self.skew
    }

    /// The next request.
    pub fn next_request(&mut self) -> Request {
        if self.skew == Skew::Timestamps {
            let key = Key(self.next_timestamp);
            self.next_timestamp += 1;
            return Request {
                key,
                access: Access::Write,
            };
        }
        let key = self.next_key();
        let access = if self.rng.chance_ppm(self.write_ppm) {
            Access::Write
        } else {
            Access::Read
        };
        Request { key, access }
    }

    fn next_key(&mut self) -> Key {
        match (self.skew, &self.zipf) {
            (Skew::Zipf { .. }, Some(z)) => Key(z.sample(&mut self.rng)),
            (Skew::Celebrity { share_pct }, _)
                if self.rng.chance_ppm(share_pct.min(100) * (PPM / 100)) =>
            {
                CELEBRITY
            }
            _ => Key(self.rng.range_inclusive(0, self.keys - 1)),
        }
    }

    /// The keys a request touches when `hot` is salted with `salt` sub-keys (`salt <=
    /// 1`: not salted): a read of `hot` reads all sub-keys, a write writes one at
    /// random; any other request touches its key only.
    pub fn touched(&mut self, r: Request, hot: Key, salt: u32) -> Vec<Key> {
        if r.key != hot || salt <= 1 {
            return alloc::vec![r.key];
        }
        match r.access {
            Access::Read => (0..salt).map(|i| salted(hot, i)).collect(),
            Access::Write => {
                let i = self.rng.range_inclusive(0, u64::from(salt) - 1);
                alloc::vec![salted(hot, u32::try_from(i).unwrap_or(0))]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw(skew: Skew, n: usize) -> Vec<Request> {
        let mut w = Workload::new(skew, 1_000, 50, SimRng::new(3));
        (0..n).map(|_| w.next_request()).collect()
    }

    #[test]
    fn celebrity_and_zipf_are_skewed_uniform_is_not() {
        let share = |rs: &[Request], k: Key| rs.iter().filter(|r| r.key == k).count();
        let c = draw(Skew::Celebrity { share_pct: 30 }, 10_000);
        assert!((2_800..=3_300).contains(&share(&c, CELEBRITY)));
        let z = draw(Skew::Zipf { s_hundredths: 100 }, 10_000);
        assert!(share(&z, Key(0)) > 1_000, "key 0 has about 13% under s = 1");
        let u = draw(Skew::Uniform, 10_000);
        assert!(share(&u, Key(0)) < 40);
        let writes = u.iter().filter(|r| r.access == Access::Write).count();
        assert!((4_700..=5_300).contains(&writes));
    }

    #[test]
    fn timestamps_write_ever_larger_new_keys() {
        let t = draw(Skew::Timestamps, 5);
        let keys: Vec<u64> = t.iter().map(|r| r.key.0).collect();
        assert_eq!(keys, [1_000, 1_001, 1_002, 1_003, 1_004]);
        assert!(t.iter().all(|r| r.access == Access::Write));
    }

    #[test]
    fn a_salted_read_fans_out_and_a_salted_write_does_not() {
        let mut w = Workload::new(Skew::Uniform, 10, 0, SimRng::new(1));
        let read = Request {
            key: CELEBRITY,
            access: Access::Read,
        };
        let write = Request {
            key: CELEBRITY,
            access: Access::Write,
        };
        assert_eq!(w.touched(read, CELEBRITY, 4).len(), 4);
        let one = w.touched(write, CELEBRITY, 4);
        assert_eq!(one.len(), 1);
        assert!((1..=4).any(|i| one[0] == salted(CELEBRITY, i - 1)));
        assert_eq!(w.touched(read, CELEBRITY, 1), [CELEBRITY]);
        assert_eq!(
            w.touched(
                Request {
                    key: Key(3),
                    access: Access::Read
                },
                CELEBRITY,
                4
            ),
            [Key(3)]
        );
    }
}
