//! `POST /invited/<org>` bodies, as the server decodes them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parsec_protocol::cmds::invited::AnyCmdReq;

fuzz_target!(|data: &[u8]| {
    let _ = AnyCmdReq::load(data);
});
