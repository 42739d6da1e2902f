//! Integration tests of `parsec-server`: the router driven with `oneshot`, on the
//! in-memory store and on SQLite in a temporary folder (and PostgreSQL when
//! `PARSEC_TEST_POSTGRES_URL` is set).

mod admin;
mod auth_cache;
mod bomb;
mod bootstrap;
mod certificate_checks;
mod certificates;
mod cluster;
mod common;
mod event_isolation;
mod greeting;
mod handshake;
mod invite;
mod limits;
mod long_poll;
mod migrate;
mod ops;
mod shamir;
mod sse;
mod tls;
mod totp;
mod users;
