//! The producer (node 1): makes keyed events at a steady rate, stamps each with its own
//! clock's time (the event time), holds it for a seeded delay (a phone offline, a slow
//! batch upload: DDIA ch. 11, "Event time versus processing time"), then sends it to the
//! broker until acknowledged. Its buffer is volatile: a crash loses the events not yet
//! sent.

use super::log::Event;
use super::msg::{Msg, Timer};
use super::{Member, BROKER};
use crate::sim::vec_map::VecMap;
use crate::sim::{Ctx, PPM};

/// What the producer makes and how late its events leave, µs of simulated time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ProducerConfig {
    /// Events in the whole run.
    pub events: u64,
    /// Between two events.
    pub interval_us: u64,
    /// Keys are drawn uniformly from `0..keys`.
    pub keys: u64,
    /// Shortest hold before sending.
    pub delay_min_us: u64,
    /// Longest hold before sending (uniform between the two).
    pub delay_max_us: u64,
    /// Probability that an event is a straggler, parts per million.
    pub straggler_ppm: u32,
    /// A straggler's extra hold.
    pub straggler_us: u64,
    /// Resend an unacknowledged event after this long.
    pub retry_us: u64,
}

impl Default for ProducerConfig {
    /// 60 events, one every 20 ms, 8 keys (they hash to each of 3 partitions), held
    /// 0-30 ms, no stragglers, 100 ms retries.
    fn default() -> Self {
        ProducerConfig {
            events: 60,
            interval_us: 20_000,
            keys: 8,
            delay_min_us: 0,
            delay_max_us: 30_000,
            straggler_ppm: 0,
            straggler_us: 500_000,
            retry_us: 100_000,
        }
    }
}

/// The producer's state.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Producer {
    /// Its configuration.
    pub config: ProducerConfig,
    /// Events made so far (the next id).
    pub made: u64,
    /// Of those, stragglers (held the extra straggler delay).
    pub stragglers: u64,
    /// Events made and not yet acknowledged, by id.
    pub pending: VecMap<u64, Event>,
}

impl Producer {
    /// A producer that has made nothing yet.
    pub fn new(config: ProducerConfig) -> Self {
        Producer {
            config,
            made: 0,
            stragglers: 0,
            pending: VecMap::new(),
        }
    }

    /// Starts (or restarts) making events.
    pub(super) fn start(&mut self, ctx: &mut Ctx<'_, Member>) {
        if self.made < self.config.events {
            ctx.set_timer(self.config.interval_us, Timer::Tick);
        }
    }

    /// Makes one event and holds it for its delay.
    pub(super) fn tick(&mut self, ctx: &mut Ctx<'_, Member>) {
        let c = self.config;
        let event = Event {
            id: self.made,
            key: ctx.rng().range_inclusive(0, c.keys.max(1) - 1),
            event_us: ctx.now().as_micros(),
            value: i64::try_from(ctx.rng().range_inclusive(1, 9)).unwrap_or(1),
        };
        self.made += 1;
        let mut hold = ctx.rng().range_inclusive(c.delay_min_us, c.delay_max_us);
        if ctx.rng().chance_ppm(c.straggler_ppm.min(PPM)) {
            hold = hold.saturating_add(c.straggler_us);
            self.stragglers += 1;
        }
        self.pending.insert(event.id, event);
        ctx.set_timer(hold, Timer::Send(event.id));
        self.start(ctx);
    }

    /// Sends event `id` (again) if it is still unacknowledged.
    pub(super) fn send(&mut self, id: u64, ctx: &mut Ctx<'_, Member>) {
        if let Some(&event) = self.pending.get(&id) {
            ctx.send(BROKER, Msg::Produce(event));
            ctx.set_timer(self.config.retry_us, Timer::Resend(id));
        }
    }

    /// After a crash: the unsent buffer is lost; it makes the rest of its events.
    pub(super) fn restarted(&self) -> Self {
        Producer {
            pending: VecMap::new(),
            ..self.clone()
        }
    }
}
