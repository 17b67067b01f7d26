//! The partitioning lab's binary (`?lab=partition`): mounts only this lab, so the page
//! downloads no other lab's code.

use ddia_web::shell::page::LabKind;

fn main() {
    ddia_web::start(LabKind::Partition, ddia_web::labs::partition::mount);
}
