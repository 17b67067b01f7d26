//! The Raft lab's binary (`?lab=raft`, the default page): mounts only this lab, so the
//! page downloads no other lab's code.

use ddia_web::shell::page::LabKind;

fn main() {
    ddia_web::start(LabKind::Raft, ddia_web::labs::raft::mount);
}
