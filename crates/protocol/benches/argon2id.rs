//! Argon2id at the device-file parameters (128 MiB, 3 passes, 1 lane, 32-byte key): the
//! implementation behind `crypto::derive_key_argon2id` against the other candidates,
//! measured in the same run, rounds interleaved so that machine load hits them alike.
//!
//! Run with `cargo bench -p parsec-protocol --features bench-argon2 --bench argon2id`
//! (`ARGON2_BENCH_ROUNDS` sets the rounds, 11 by default). Every candidate must give the
//! same key as libsodium; the table shows the median and fastest round of each and the
//! ratio of its median to libsodium's.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use parsec_protocol::crypto::{derive_key_argon2id, Argon2Params};
use std::time::{Duration, Instant};

const P: Argon2Params = Argon2Params::OFFICIAL;
const PASSWORD: &[u8] = b"P@ssw0rd.";
const SALT: [u8; 16] = *b"0123456789abcdef";

type Kdf = fn() -> [u8; 32];

fn ours() -> [u8; 32] {
    *derive_key_argon2id(PASSWORD, &SALT, P)
        .expect("valid parameters")
        .as_bytes()
}

fn libsodium() -> [u8; 32] {
    libsodium_rs::ensure_init().expect("libsodium initializes");
    let out = libsodium_rs::crypto_pwhash::argon2id::pwhash(
        32,
        PASSWORD,
        &SALT,
        u64::from(P.opslimit),
        P.memlimit_kb as usize * 1024,
    )
    .expect("valid parameters");
    out.try_into().expect("32 bytes")
}

fn rustcrypto_0_5() -> [u8; 32] {
    let params = argon2::Params::new(P.memlimit_kb, P.opslimit, P.parallelism, Some(32))
        .expect("valid parameters");
    let mut out = [0u8; 32];
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password_into(PASSWORD, &SALT, &mut out)
        .expect("valid parameters");
    out
}

fn rustcrypto_0_6() -> [u8; 32] {
    use argon2_0_6 as a;
    let params = a::Params::new(P.memlimit_kb, P.opslimit, P.parallelism, Some(32)).expect("valid");
    let mut out = [0u8; 32];
    a::Argon2::new(a::Algorithm::Argon2id, a::Version::V0x13, params)
        .hash_password_into(PASSWORD, &SALT, &mut out)
        .expect("valid parameters");
    out
}

fn rust_argon2() -> [u8; 32] {
    use rust_argon2_3 as a;
    let config = a::Config {
        variant: a::Variant::Argon2id,
        version: a::Version::Version13,
        mem_cost: P.memlimit_kb,
        time_cost: P.opslimit,
        lanes: P.parallelism,
        hash_length: 32,
        ..a::Config::default()
    };
    a::hash_raw(PASSWORD, &SALT, &config)
        .expect("valid parameters")
        .try_into()
        .expect("32 bytes")
}

fn dryoc() -> [u8; 32] {
    use dryoc::classic::crypto_pwhash::{crypto_pwhash, PasswordHashAlgorithm};
    let mut out = [0u8; 32];
    crypto_pwhash(
        &mut out,
        PASSWORD,
        &SALT,
        u64::from(P.opslimit),
        P.memlimit_kb as usize * 1024,
        PasswordHashAlgorithm::Argon2id13,
    )
    .expect("valid parameters");
    out
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let candidates: [(&str, Kdf); 6] = [
        ("libsodium (libsodium-rs 0.3)", libsodium),
        ("crypto::derive_key_argon2id", ours),
        ("argon2 0.5 (RustCrypto)", rustcrypto_0_5),
        ("argon2 0.6 (RustCrypto)", rustcrypto_0_6),
        ("rust-argon2 3", rust_argon2),
        ("dryoc 2", dryoc),
    ];
    let rounds: usize = std::env::var("ARGON2_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(11);

    // One warm-up round, which also checks that every candidate gives libsodium's key.
    let expected = libsodium();
    for (name, kdf) in &candidates {
        assert_eq!(kdf(), expected, "{name} disagrees with libsodium");
    }

    let mut times = vec![Vec::with_capacity(rounds); candidates.len()];
    for _ in 0..rounds {
        for ((_, kdf), t) in candidates.iter().zip(&mut times) {
            let start = Instant::now();
            std::hint::black_box(kdf());
            t.push(start.elapsed());
        }
    }

    let reference = median(&mut times[0].clone());
    println!(
        "Argon2id m={} KiB t={} p={} ({rounds} rounds)",
        P.memlimit_kb, P.opslimit, P.parallelism
    );
    println!(
        "{:<30} {:>11} {:>11} {:>14}",
        "implementation", "median ms", "min ms", "÷ libsodium"
    );
    for ((name, _), t) in candidates.iter().zip(&mut times) {
        let min = *t.iter().min().expect("at least one round");
        let med = median(t);
        println!(
            "{name:<30} {:>11.1} {:>11.1} {:>14.2}",
            ms(med),
            ms(min),
            med.as_secs_f64() / reference.as_secs_f64()
        );
    }
}
