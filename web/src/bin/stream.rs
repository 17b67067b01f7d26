//! The stream lab's binary (`?lab=stream`): mounts only this lab, so the page downloads
//! no other lab's code.

use ddia_web::shell::page::LabKind;

fn main() {
    ddia_web::start(LabKind::Stream, ddia_web::labs::stream::mount);
}
