//! Response bodies, as the client decodes them: the first byte picks the command (every
//! command of the three families, in `visit_commands` order), the rest is the body.
//!
//! Checks that a decoded reply encodes stably: `dump(load(dump(r))) == dump(r)`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parsec_protocol::cmds::{anonymous, authenticated, invited, Command, CommandVisitor};

/// Decodes `body` with the `target`-th command visited.
struct LoadRep<'a> {
    target: usize,
    index: usize,
    body: &'a [u8],
}

impl CommandVisitor for LoadRep<'_> {
    fn visit<C: Command>(&mut self) {
        if self.index == self.target {
            if let Ok(rep) = C::load_rep(self.body) {
                let dumped = C::dump_rep(&rep);
                let again = C::load_rep(&dumped).expect("a dumped reply loads");
                assert_eq!(C::dump_rep(&again), dumped, "{}", C::NAME);
            }
        }
        self.index += 1;
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    // 2 anonymous + 15 authenticated + 5 invited commands.
    let mut visitor = LoadRep {
        target: usize::from(selector) % 22,
        index: 0,
        body,
    };
    anonymous::AnyCmdReq::visit_commands(&mut visitor);
    authenticated::AnyCmdReq::visit_commands(&mut visitor);
    invited::AnyCmdReq::visit_commands(&mut visitor);
});
