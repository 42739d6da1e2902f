//! Every cryptographic primitive of the protocol (wire.md §3), behind our own types.
//!
//! `ring` provides Ed25519, SHA-256, the HMAC-SHA-1 of TOTP codes ([`verify_totp`]) and the
//! system random source; RustCrypto crates
//! provide what ring lacks: static X25519 (`x25519-dalek`), XSalsa20-Poly1305
//! (`crypto_secretbox`, `crypto_box`), BLAKE2b (`blake2`) and Argon2id (`argon2`).
//! Argon2id with one lane, as every device file has it, goes through libsodium
//! (`libsodium-rs`, built from its bundled source), whose SIMD code is chosen at run time
//! and is faster than the portable Rust one (`benches/argon2id.rs`).
//! No other module names those crates. Secret material is zeroized on drop and
//! redacted from `Debug`.

use blake2::digest::{Mac, Update, VariableOutput};
use crypto_secretbox::aead::{Aead, KeyInit};
use ring::signature::{self, KeyPair};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use zeroize::{Zeroize, Zeroizing};

mod argon2id;
mod totp;
pub use argon2id::{derive_key_argon2id, Argon2Params};
pub use totp::{
    generate_totp_secret, totp_one_time_password, verify_totp, TOTP_DIGITS, TOTP_SECRET_LEN,
    TOTP_TIME_STEP_SECS, TOTP_WINDOW,
};

/// A cryptographic failure: bad signature, undecryptable data, malformed key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CryptoError {
    /// The signature does not match the data and key.
    #[error("signature verification failed")]
    Signature,
    /// The ciphertext is truncated or its authentication tag does not match the key.
    #[error("decryption failed")]
    Decryption,
    /// A key or signature does not have the expected size or form.
    #[error("invalid key or signature size")]
    Size,
    /// The peer's X25519 public key yields a non-contributory (all-zero) shared secret.
    #[error("the peer's public key is not acceptable")]
    WeakPublicKey,
    /// Argon2 refused its parameters.
    #[error("invalid key derivation parameters")]
    KdfParams,
    /// A recovery passphrase does not decode to a 32-byte key.
    #[error("invalid recovery passphrase")]
    Passphrase,
}

/// Where fresh random bytes come from. Protocol code takes it as a parameter so that
/// tests can make key generation deterministic.
pub trait RandomSource {
    /// Fills `dest` with random bytes.
    fn fill(&self, dest: &mut [u8]);
}

/// The operating system's random source (through `ring`).
pub struct OsRandom(ring::rand::SystemRandom);

impl OsRandom {
    /// A handle on the OS random source.
    pub fn new() -> Self {
        Self(ring::rand::SystemRandom::new())
    }
}

impl Default for OsRandom {
    fn default() -> Self {
        Self::new()
    }
}

impl RandomSource for OsRandom {
    fn fill(&self, dest: &mut [u8]) {
        use ring::rand::SecureRandom;
        // The OS random source failing leaves us no safe way to go on.
        self.0
            .fill(dest)
            .expect("the operating system's random source failed");
    }
}

fn random_array<const N: usize>(rng: &dyn RandomSource) -> [u8; N] {
    let mut b = [0u8; N];
    rng.fill(&mut b);
    b
}

/// Compares two byte strings in constant time (for tokens and MACs).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn serialize_key<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_bytes(bytes)
}

fn deserialize_key32<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
    let b = Zeroizing::new(serde_bytes::ByteBuf::deserialize(d)?.into_vec());
    b.as_slice()
        .try_into()
        .map_err(|_| de::Error::custom("key must be 32 bytes"))
}

macro_rules! key_serde {
    ($name:ident, $from:expr) => {
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                serialize_key(self.as_bytes(), s)
            }
        }
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let mut bytes = deserialize_key32(d)?;
                let key = $from(&bytes);
                bytes.zeroize();
                key.map_err(de::Error::custom)
            }
        }
    };
}

// ---------------------------------------------------------------------------
// Ed25519

/// An Ed25519 signing key, stored as its 32-byte seed.
#[derive(Clone)]
pub struct SigningKey {
    seed: Zeroizing<[u8; 32]>,
    verify_key: VerifyKey,
}

impl SigningKey {
    /// A new random key.
    pub fn generate(rng: &dyn RandomSource) -> Self {
        let mut seed = random_array::<32>(rng);
        let key = Self::from_seed(&seed);
        seed.zeroize();
        key
    }

    /// Builds the key from its seed.
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        let pair = signature::Ed25519KeyPair::from_seed_unchecked(seed)
            .expect("any 32-byte seed is a valid Ed25519 key");
        let mut vk = [0u8; 32];
        vk.copy_from_slice(pair.public_key().as_ref());
        Self {
            seed: Zeroizing::new(*seed),
            verify_key: VerifyKey(vk),
        }
    }

    fn try_from_slice(bytes: &[u8; 32]) -> Result<Self, CryptoError> {
        Ok(Self::from_seed(bytes))
    }

    /// The 32-byte seed (what device files store).
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.seed
    }

    /// The public half.
    pub fn verify_key(&self) -> VerifyKey {
        self.verify_key
    }

    /// The detached 64-byte signature of `message`.
    pub fn sign_only_signature(&self, message: &[u8]) -> [u8; 64] {
        let pair = signature::Ed25519KeyPair::from_seed_unchecked(self.seed.as_ref())
            .expect("seed was valid at construction");
        let mut sig = [0u8; 64];
        sig.copy_from_slice(pair.sign(message).as_ref());
        sig
    }

    /// `signature(64) || message`, the form certificates travel in.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + message.len());
        out.extend_from_slice(&self.sign_only_signature(message));
        out.extend_from_slice(message);
        out
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}
key_serde!(SigningKey, SigningKey::try_from_slice);

/// An Ed25519 public key.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct VerifyKey([u8; 32]);

impl VerifyKey {
    /// Wraps 32 bytes (checked at verification time, as the official client does).
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    fn try_from_slice(bytes: &[u8; 32]) -> Result<Self, CryptoError> {
        Ok(Self(*bytes))
    }

    /// The raw bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Checks a detached signature.
    pub fn verify_signature(&self, signature: &[u8], message: &[u8]) -> Result<(), CryptoError> {
        if signature.len() != 64 {
            return Err(CryptoError::Size);
        }
        signature::UnparsedPublicKey::new(&signature::ED25519, &self.0)
            .verify(message, signature)
            .map_err(|_| CryptoError::Signature)
    }

    /// Checks `signature(64) || message` and returns the message.
    pub fn verify<'a>(&self, signed: &'a [u8]) -> Result<&'a [u8], CryptoError> {
        if signed.len() < 64 {
            return Err(CryptoError::Signature);
        }
        let (sig, msg) = signed.split_at(64);
        self.verify_signature(sig, msg)?;
        Ok(msg)
    }
}

impl fmt::Debug for VerifyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VerifyKey({})", hex::encode(self.0))
    }
}
key_serde!(VerifyKey, VerifyKey::try_from_slice);

// ---------------------------------------------------------------------------
// Secret-key encryption (XSalsa20-Poly1305), BLAKE2b MAC, recovery passphrase

/// A 32-byte XSalsa20-Poly1305 key.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(Zeroizing<[u8; 32]>);

const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

impl SecretKey {
    /// A new random key.
    pub fn generate(rng: &dyn RandomSource) -> Self {
        Self(Zeroizing::new(random_array::<32>(rng)))
    }

    /// Wraps 32 bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(Zeroizing::new(bytes))
    }

    fn try_from_slice(bytes: &[u8; 32]) -> Result<Self, CryptoError> {
        Ok(Self::from_bytes(*bytes))
    }

    /// The raw bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// `nonce(24) || tag(16) || ciphertext` with a random nonce.
    pub fn encrypt(&self, rng: &dyn RandomSource, plaintext: &[u8]) -> Vec<u8> {
        self.encrypt_with_nonce(&random_array::<NONCE_LEN>(rng), plaintext)
    }

    /// Same as [`SecretKey::encrypt`] with a caller-chosen nonce (reproducible tests only:
    /// a nonce must never be reused with the same key).
    pub fn encrypt_with_nonce(&self, nonce: &[u8; 24], plaintext: &[u8]) -> Vec<u8> {
        let cipher = crypto_secretbox::XSalsa20Poly1305::new(self.0.as_ref().into());
        let ct = cipher
            .encrypt(nonce.into(), plaintext)
            .expect("XSalsa20-Poly1305 encryption cannot fail on in-memory data");
        let mut out = Vec::with_capacity(NONCE_LEN + ct.len());
        out.extend_from_slice(nonce);
        out.extend_from_slice(&ct);
        out
    }

    /// Opens `nonce || tag || ciphertext`.
    pub fn decrypt(&self, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
        if data.len() < NONCE_LEN + TAG_LEN {
            return Err(CryptoError::Decryption);
        }
        let (nonce, ct) = data.split_at(NONCE_LEN);
        let cipher = crypto_secretbox::XSalsa20Poly1305::new(self.0.as_ref().into());
        cipher
            .decrypt(nonce.into(), ct)
            .map_err(|_| CryptoError::Decryption)
    }

    /// Keyed BLAKE2b with a 64-byte output (SAS derivation).
    pub fn mac_512(&self, data: &[u8]) -> [u8; 64] {
        let mut mac = <blake2::Blake2bMac512 as Mac>::new_from_slice(self.0.as_ref())
            .expect("a 32-byte key fits BLAKE2b");
        Mac::update(&mut mac, data);
        let mut out = [0u8; 64];
        out.copy_from_slice(&mac.finalize().into_bytes());
        out
    }

    /// Base32 in groups of four (wire.md §3.4).
    pub fn to_recovery_passphrase(&self) -> Zeroizing<String> {
        let b32 = Zeroizing::new(data_encoding::BASE32_NOPAD.encode(self.0.as_ref()));
        let groups: Vec<&str> = b32
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).expect("base32 is ASCII"))
            .collect();
        Zeroizing::new(groups.join("-"))
    }

    /// Decodes a recovery passphrase, tolerating case, `0`/`1` look-alikes and separators.
    pub fn from_recovery_passphrase(passphrase: &str) -> Result<Self, CryptoError> {
        let cleaned: Zeroizing<String> = Zeroizing::new(
            passphrase
                .to_ascii_uppercase()
                .chars()
                .map(|c| match c {
                    '0' => 'O',
                    '1' => 'I',
                    c => c,
                })
                .filter(|c| c.is_ascii_uppercase() || ('2'..='7').contains(c))
                .collect(),
        );
        let raw = Zeroizing::new(
            data_encoding::BASE32_NOPAD
                .decode(cleaned.as_bytes())
                .map_err(|_| CryptoError::Passphrase)?,
        );
        let arr: [u8; 32] = raw
            .as_slice()
            .try_into()
            .map_err(|_| CryptoError::Passphrase)?;
        Ok(Self::from_bytes(arr))
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}
key_serde!(SecretKey, SecretKey::try_from_slice);

// ---------------------------------------------------------------------------
// X25519: sealed boxes and the invitation key agreement

/// A user's X25519 private key (raw scalar, clamped at use).
#[derive(Clone)]
pub struct PrivateKey(x25519_dalek::StaticSecret);

/// An X25519 public key.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey([u8; 32]);

impl PrivateKey {
    /// A new random key.
    pub fn generate(rng: &dyn RandomSource) -> Self {
        let mut b = random_array::<32>(rng);
        let key = Self::from_bytes(&b);
        b.zeroize();
        key
    }

    /// Wraps the raw scalar.
    pub fn from_bytes(bytes: &[u8; 32]) -> Self {
        Self(x25519_dalek::StaticSecret::from(*bytes))
    }

    fn try_from_slice(bytes: &[u8; 32]) -> Result<Self, CryptoError> {
        Ok(Self::from_bytes(bytes))
    }

    /// The raw scalar.
    pub fn as_bytes(&self) -> &[u8; 32] {
        self.0.as_bytes()
    }

    /// The public half.
    pub fn public_key(&self) -> PublicKey {
        PublicKey(*x25519_dalek::PublicKey::from(&self.0).as_bytes())
    }

    fn salsa_box(&self, peer: &PublicKey) -> crypto_box::SalsaBox {
        let sk = crypto_box::SecretKey::from_bytes(*self.0.as_bytes());
        crypto_box::SalsaBox::new(&crypto_box::PublicKey::from_bytes(peer.0), &sk)
    }

    /// Opens a libsodium sealed box addressed to this key.
    pub fn decrypt_from_self(&self, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
        if data.len() < 32 + TAG_LEN {
            return Err(CryptoError::Decryption);
        }
        let (epk, ct) = data.split_at(32);
        let epk = PublicKey(epk.try_into().map_err(|_| CryptoError::Decryption)?);
        let nonce = sealed_box_nonce(&epk, &self.public_key());
        self.salsa_box(&epk)
            .decrypt((&nonce).into(), ct)
            .map_err(|_| CryptoError::Decryption)
    }

    /// The invitation shared key (invite.md §5.1): X25519, refused if non-contributory,
    /// then BLAKE2b-512 over `shared || greeter_pk || claimer_pk`, first 32 bytes.
    pub fn generate_shared_secret_key(
        &self,
        peer: &PublicKey,
        we_are_greeter: bool,
    ) -> Result<SecretKey, CryptoError> {
        let shared = self
            .0
            .diffie_hellman(&x25519_dalek::PublicKey::from(peer.0));
        if !shared.was_contributory() {
            return Err(CryptoError::WeakPublicKey);
        }
        let ours = self.public_key();
        let (greeter, claimer) = if we_are_greeter {
            (ours, *peer)
        } else {
            (*peer, ours)
        };
        let mut hasher = blake2::Blake2bVar::new(64).expect("64 is a valid BLAKE2b size");
        hasher.update(shared.as_bytes());
        hasher.update(&greeter.0);
        hasher.update(&claimer.0);
        let mut out = Zeroizing::new([0u8; 64]);
        hasher
            .finalize_variable(out.as_mut())
            .expect("output buffer has the requested size");
        let mut key = [0u8; 32];
        key.copy_from_slice(&out[..32]);
        Ok(SecretKey::from_bytes(key))
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivateKey(<redacted>)")
    }
}
key_serde!(PrivateKey, PrivateKey::try_from_slice);

fn sealed_box_nonce(ephemeral: &PublicKey, recipient: &PublicKey) -> [u8; 24] {
    let mut hasher = blake2::Blake2bVar::new(24).expect("24 is a valid BLAKE2b size");
    hasher.update(&ephemeral.0);
    hasher.update(&recipient.0);
    let mut nonce = [0u8; 24];
    hasher
        .finalize_variable(&mut nonce)
        .expect("output buffer has the requested size");
    nonce
}

impl PublicKey {
    /// Wraps 32 bytes.
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    fn try_from_slice(bytes: &[u8; 32]) -> Result<Self, CryptoError> {
        Ok(Self(*bytes))
    }

    /// The raw bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A libsodium sealed box (`crypto_box_seal`) for the holder of the private key.
    pub fn encrypt_for_self(&self, rng: &dyn RandomSource, plaintext: &[u8]) -> Vec<u8> {
        self.encrypt_for_self_with_ephemeral(&PrivateKey::generate(rng), plaintext)
    }

    /// Sealed box with a caller-chosen ephemeral key (reproducible tests only).
    pub fn encrypt_for_self_with_ephemeral(
        &self,
        ephemeral: &PrivateKey,
        plaintext: &[u8],
    ) -> Vec<u8> {
        let epk = ephemeral.public_key();
        let nonce = sealed_box_nonce(&epk, self);
        let ct = ephemeral
            .salsa_box(self)
            .encrypt((&nonce).into(), plaintext)
            .expect("sealed box encryption cannot fail on in-memory data");
        let mut out = Vec::with_capacity(32 + ct.len());
        out.extend_from_slice(&epk.0);
        out.extend_from_slice(&ct);
        out
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", hex::encode(self.0))
    }
}
key_serde!(PublicKey, PublicKey::try_from_slice);

// ---------------------------------------------------------------------------
// Hashing and password derivation

/// A SHA-256 digest.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct HashDigest([u8; 32]);

impl HashDigest {
    /// SHA-256 of `data`.
    pub fn from_data(data: &[u8]) -> Self {
        let d = ring::digest::digest(&ring::digest::SHA256, data);
        let mut out = [0u8; 32];
        out.copy_from_slice(d.as_ref());
        Self(out)
    }

    /// Wraps 32 bytes.
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    fn try_from_slice(bytes: &[u8; 32]) -> Result<Self, CryptoError> {
        Ok(Self(*bytes))
    }

    /// The raw digest.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for HashDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HashDigest({})", hex::encode(self.0))
    }
}
key_serde!(HashDigest, HashDigest::try_from_slice);

/// `n` random bytes (nonces of the greeting exchange, salts).
pub fn random_bytes(rng: &dyn RandomSource, n: usize) -> Vec<u8> {
    let mut v = vec![0u8; n];
    rng.fill(&mut v);
    v
}

/// A random source that replays fixed bytes, for reproducible tests.
pub struct FixedRandom {
    bytes: std::sync::Mutex<std::collections::VecDeque<u8>>,
}

impl FixedRandom {
    /// Serves `bytes` in order; panics when exhausted (tests only).
    pub fn new(bytes: &[u8]) -> Self {
        Self {
            bytes: std::sync::Mutex::new(bytes.iter().copied().collect()),
        }
    }
}

impl RandomSource for FixedRandom {
    fn fill(&self, dest: &mut [u8]) {
        let mut q = self.bytes.lock().expect("not poisoned");
        for b in dest.iter_mut() {
            *b = q.pop_front().expect("FixedRandom exhausted");
        }
    }
}
