//! The envelope accessors of [`super::LabLink`], written once: each lab names the
//! fields of its scenario that hold the book scenario's name, the seed, the position
//! (`t`) and the recorded inputs (`act`), and [`lab_envelope!`] writes `name`, `seed`,
//! `set_seed`, `position`, `set_position`, `inputs` and `set_inputs` over them. What a
//! position counts (simulated µs, or actions done) is the lab's: see its field's doc.

/// Writes the envelope accessors of a `LabLink` impl over the scenario's fields, e.g.
/// `lab_envelope!(name: name, seed: workload.seed, position: position, inputs: actions);`
/// inside `impl LabLink for StorageScenario`. `set_position` accepts any position (no
/// lab refuses one yet); a lab that must check it writes the accessors itself.
macro_rules! lab_envelope {
    (
        name: $name:ident,
        seed: $($seed:ident).+,
        position: $position:ident,
        inputs: $inputs:ident $(,)?
    ) => {
        fn name(&self) -> Option<&str> {
            self.$name.as_deref()
        }
        fn seed(&self) -> u64 {
            self.$($seed).+
        }
        fn set_seed(&mut self, seed: u64) {
            self.$($seed).+ = seed;
        }
        fn position(&self) -> Option<u64> {
            self.$position
        }
        fn set_position(&mut self, position: u64) -> Result<(), $crate::link::ScenarioError> {
            self.$position = Some(position);
            Ok(())
        }
        fn inputs(&self) -> &[Self::Input] {
            &self.$inputs
        }
        fn set_inputs(&mut self, inputs: ::alloc::vec::Vec<Self::Input>) {
            self.$inputs = inputs;
        }
    };
}
pub(crate) use lab_envelope;
