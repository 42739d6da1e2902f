//! Argon2id, the password key derivation of device files (wire.md §3.3).
//!
//! libsodium computes it whenever it can: its SIMD code, chosen at run time, is faster than
//! the portable Rust of RustCrypto's `argon2` (see `benches/argon2id.rs`), which covers the
//! rest (several lanes, other salt sizes) so that keys and errors stay the same.

use super::{CryptoError, SecretKey};
use zeroize::Zeroizing;

/// Argon2id cost parameters of a password-protected device file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Argon2Params {
    /// Memory in KiB.
    pub memlimit_kb: u32,
    /// Passes.
    pub opslimit: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl Argon2Params {
    /// What Parsec 3.9.3 writes: 128 MiB, 3 passes, 1 lane.
    pub const OFFICIAL: Self = Self {
        memlimit_kb: 131_072,
        opslimit: 3,
        parallelism: 1,
    };

    /// The most a device file may ask for: 1 GiB of memory (8 times the official
    /// default, libsodium's "sensitive" level), 16 passes, 16 lanes. A file asking more
    /// would make unlocking it take minutes or exhaust memory; such a file is refused.
    pub const MAX: Self = Self {
        memlimit_kb: 1024 * 1024,
        opslimit: 16,
        parallelism: 16,
    };

    /// Whether every cost is at most [`Self::MAX`]'s.
    pub fn within_limits(&self) -> bool {
        self.memlimit_kb <= Self::MAX.memlimit_kb
            && self.opslimit <= Self::MAX.opslimit
            && self.parallelism <= Self::MAX.parallelism
    }
}

/// Derives a [`SecretKey`] from a password with Argon2id v1.3 (wire.md §3.3).
///
/// libsodium computes it when it can (one lane, 16-byte salt: every device file), RustCrypto's
/// `argon2` otherwise and whenever libsodium declines, so both give the same keys and errors.
pub fn derive_key_argon2id(
    password: &[u8],
    salt: &[u8],
    params: Argon2Params,
) -> Result<SecretKey, CryptoError> {
    if !params.within_limits() {
        return Err(CryptoError::KdfParams);
    }
    match derive_key_libsodium(password, salt, params) {
        Some(key) => Ok(key),
        None => derive_key_rustcrypto(password, salt, params),
    }
}

/// libsodium's `crypto_pwhash_argon2id`, or `None` where it does not apply (several lanes,
/// another salt size, a memory size it does not take, a failed initialisation or allocation).
/// Its working memory is a private mapping, returned to the system when the hash is done.
fn derive_key_libsodium(password: &[u8], salt: &[u8], params: Argon2Params) -> Option<SecretKey> {
    use libsodium_rs::crypto_pwhash::argon2id;
    static READY: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if params.parallelism != 1 || salt.len() != argon2id::SALTBYTES {
        return None;
    }
    if !*READY.get_or_init(|| libsodium_rs::ensure_init().is_ok()) {
        return None;
    }
    let memlimit = usize::try_from(params.memlimit_kb)
        .ok()?
        .checked_mul(1024)?;
    let out = Zeroizing::new(
        argon2id::pwhash(32, password, salt, u64::from(params.opslimit), memlimit).ok()?,
    );
    let key: [u8; 32] = out.as_slice().try_into().ok()?;
    Some(SecretKey::from_bytes(key))
}

fn derive_key_rustcrypto(
    password: &[u8],
    salt: &[u8],
    params: Argon2Params,
) -> Result<SecretKey, CryptoError> {
    let p = argon2::Params::new(
        params.memlimit_kb,
        params.opslimit,
        params.parallelism,
        Some(32),
    )
    .map_err(|_| CryptoError::KdfParams)?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, p);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(password, salt, out.as_mut())
        .map_err(|_| CryptoError::KdfParams)?;
    Ok(SecretKey::from_bytes(*out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(memlimit_kb: u32, opslimit: u32, parallelism: u32) -> Argon2Params {
        Argon2Params {
            memlimit_kb,
            opslimit,
            parallelism,
        }
    }

    #[test]
    fn libsodium_and_rustcrypto_agree() {
        let salt = *b"0123456789abcdef";
        for password in [
            &b""[..],
            b"P@ssw0rd.",
            "pässwörd 🔑".as_bytes(),
            &[0xff; 200],
        ] {
            for (m, t) in [(8, 1), (9, 1), (64, 2), (1000, 3), (4096, 1)] {
                let p = params(m, t, 1);
                let sodium = derive_key_libsodium(password, &salt, p).expect("libsodium applies");
                let rust = derive_key_rustcrypto(password, &salt, p).expect("valid parameters");
                assert_eq!(sodium.as_bytes(), rust.as_bytes(), "m={m} t={t}");
            }
        }
    }

    #[test]
    fn rustcrypto_covers_what_libsodium_does_not() {
        let cases = [
            (params(64, 1, 2), &b"0123456789abcdef"[..]),
            (params(64, 1, 1), b"8 bytes!"),
        ];
        for (p, salt) in cases {
            assert!(derive_key_libsodium(b"pw", salt, p).is_none());
            let key = derive_key_argon2id(b"pw", salt, p).expect("valid parameters");
            let rust = derive_key_rustcrypto(b"pw", salt, p).expect("valid parameters");
            assert_eq!(key.as_bytes(), rust.as_bytes());
        }
    }

    #[test]
    fn costs_beyond_the_limits_are_refused_at_once() {
        let salt = *b"0123456789abcdef";
        assert!(Argon2Params::OFFICIAL.within_limits());
        for p in [
            params(u32::MAX, 3, 1),
            params(1024 * 1024 + 1, 1, 1),
            params(64, u32::MAX, 1),
            params(64, 1, 17),
        ] {
            assert!(!p.within_limits());
            let start = std::time::Instant::now();
            assert!(matches!(
                derive_key_argon2id(b"pw", &salt, p),
                Err(CryptoError::KdfParams)
            ));
            assert!(start.elapsed() < std::time::Duration::from_secs(1));
        }
    }

    #[test]
    fn degenerate_parameters_are_refused() {
        let salt = *b"0123456789abcdef";
        for p in [params(7, 1, 1), params(64, 0, 1), params(64, 1, 0)] {
            assert!(matches!(
                derive_key_argon2id(b"pw", &salt, p),
                Err(CryptoError::KdfParams)
            ));
        }
    }
}
