//! One module per attack; each `run` attacks one started server and returns its figures.

pub mod admin_guess;
pub mod bomb;
pub mod events_flood;
pub mod slowloris;
pub mod soak;
