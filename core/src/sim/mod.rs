//! The simulation kernel shared by every lab: simulated time, seeded randomness, a
//! network with one fault model, an event queue, a typed trace and its digest.
pub mod digest;
pub mod rng;
