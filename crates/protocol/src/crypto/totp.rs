//! Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP), with the parameters of the
//! official 3.9.3 server (`server/parsec/components/totp.py`): HMAC-SHA-1, 30-second time
//! steps counted from the Unix epoch, 6 digits, and one step of clock skew accepted on
//! either side. Secrets are 20 random bytes (the 160 bits RFC 4226 §4 recommends).

use super::RandomSource;
use zeroize::Zeroizing;

/// Length of the secrets the server hands out.
pub const TOTP_SECRET_LEN: usize = 20;
/// Digits of a one-time password.
pub const TOTP_DIGITS: u32 = 6;
/// Length of a time step, in seconds.
pub const TOTP_TIME_STEP_SECS: i64 = 30;
/// Time steps accepted before and after the current one.
pub const TOTP_WINDOW: i64 = 1;

/// A fresh TOTP secret.
pub fn generate_totp_secret(rng: &dyn RandomSource) -> Zeroizing<Vec<u8>> {
    let mut secret = Zeroizing::new(vec![0u8; TOTP_SECRET_LEN]);
    rng.fill(&mut secret);
    secret
}

/// HOTP (RFC 4226 §5.3): HMAC-SHA-1 of the big-endian counter, dynamic truncation, the
/// last `digits` decimal digits, zero-padded.
fn hotp(secret: &[u8], counter: u64, digits: u32) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, secret);
    let tag = ring::hmac::sign(&key, &counter.to_be_bytes());
    let h = tag.as_ref();
    let offset = usize::from(h[h.len() - 1] & 0x0f);
    let code =
        u32::from_be_bytes([h[offset], h[offset + 1], h[offset + 2], h[offset + 3]]) & 0x7fff_ffff;
    let code = u64::from(code) % 10u64.pow(digits);
    format!("{code:0width$}", width = digits as usize)
}

/// The time step of `unix_secs`, moved by `offset` steps (the counter of RFC 6238 §4.2;
/// floor division, as the official server does).
fn counter(unix_secs: i64, offset: i64) -> u64 {
    // Negative counters cannot happen after 1970; clamp rather than wrap.
    u64::try_from(unix_secs.div_euclid(TOTP_TIME_STEP_SECS) + offset).unwrap_or(0)
}

/// The 6-digit one-time password of `secret` at `unix_secs`, `offset` time steps away.
pub fn totp_one_time_password(secret: &[u8], unix_secs: i64, offset: i64) -> String {
    hotp(secret, counter(unix_secs, offset), TOTP_DIGITS)
}

/// Whether `one_time_password` is the code of `secret` at `unix_secs` or one time step
/// before or after it. Every candidate is computed and compared in constant time, so the
/// answer takes the same time whichever step (if any) matches.
pub fn verify_totp(secret: &[u8], unix_secs: i64, one_time_password: &str) -> bool {
    let mut matched = false;
    for offset in -TOTP_WINDOW..=TOTP_WINDOW {
        let expected = totp_one_time_password(secret, unix_secs, offset);
        matched |= super::constant_time_eq(expected.as_bytes(), one_time_password.as_bytes());
    }
    matched
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B, SHA-1 rows (8 digits, seed "12345678901234567890").
    #[test]
    fn rfc6238_sha1_vectors() {
        let secret = b"12345678901234567890";
        for (time, code) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(hotp(secret, counter(time, 0), 8), code, "T={time}");
        }
    }

    /// RFC 4226 Appendix D: the 6-digit HOTP values of counters 0 to 9.
    #[test]
    fn rfc4226_hotp_vectors() {
        let secret = b"12345678901234567890";
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (c, code) in expected.iter().enumerate() {
            assert_eq!(hotp(secret, c as u64, 6), *code, "counter {c}");
        }
    }

    #[test]
    fn verification_accepts_one_step_of_skew() {
        let secret = [7u8; TOTP_SECRET_LEN];
        let now = 1_700_000_015;
        let code = totp_one_time_password(&secret, now, 0);
        assert_eq!(code.len(), 6);
        assert!(verify_totp(&secret, now, &code));
        assert!(verify_totp(&secret, now + 30, &code));
        assert!(verify_totp(&secret, now - 30, &code));
        assert!(!verify_totp(&secret, now + 60, &code));
        assert!(!verify_totp(&secret, now - 60, &code));
        assert!(!verify_totp(&secret, now, ""));
        assert!(!verify_totp(&secret, now, &format!("{code}0")));
        assert!(!verify_totp(&[8u8; TOTP_SECRET_LEN], now, &code));
    }

    #[test]
    fn secrets_are_20_random_bytes() {
        let rng = crate::crypto::OsRandom::new();
        let a = generate_totp_secret(&rng);
        let b = generate_totp_secret(&rng);
        assert_eq!(a.len(), 20);
        assert_ne!(a, b);
    }
}
