//! The storage lab's binary (`?lab=storage`): mounts only this lab, so the page
//! downloads no other lab's code.

use ddia_web::shell::page::LabKind;

fn main() {
    ddia_web::start(LabKind::Storage, ddia_web::labs::storage::mount);
}
