//! Parsec client library: talks to a Parsec 3.9.3-compatible server, keeps device key
//! files, bootstraps organizations, verifies certificates and runs invitations.
//!
//! It never prints nor prompts: passwords arrive as arguments, results and errors are
//! returned as values, and the CLI draws the terminal.

#![warn(missing_docs)]

pub mod admin;
pub mod bootstrap;
pub mod certificates;
pub mod config;
pub mod connection;
pub mod device_store;
pub mod device_update;
pub mod events;
pub mod invite;
pub mod local_certificates;
pub mod os_keyring;
pub mod recovery;
pub mod session;
pub mod shamir;
pub mod tos;
pub mod user_admin;

pub use parsec_protocol as protocol;
