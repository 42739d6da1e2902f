//! Parsec 3.9.3 (API 5.x) protocol core.
//!
//! Everything needed to be byte-compatible with the official client and server, and
//! nothing that does I/O: identifiers and addresses, msgpack types, typed payloads,
//! certificates, device files, the invitation exchange and the cryptographic primitives.
//! Time and randomness are parameters ([`time::DateTime`], [`crypto::RandomSource`]).
//!
//! The reference is the project's `protocol` folder (`wire.md`, `certificates.md`,
//! `device-file.md`, `invite.md`); each module names the section it implements.

#![warn(missing_docs)]

pub mod addr;
pub mod auth;
pub mod certif;
pub mod cmds;
pub mod crypto;
pub mod data;
pub mod device_file;
mod ext;
#[cfg(test)]
mod fuzz_seeds;
pub mod ids;
pub mod invite;
pub mod scan;
pub mod shamir;
pub mod time;

pub use time::DateTime;
