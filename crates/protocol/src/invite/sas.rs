//! SAS codes (invite.md §5.3, §5.5).

use super::*;

/// The 32 symbols of SAS codes: no `I`, `O`, `0` nor `1`.
pub const SAS_CODE_ALPHABET: &str = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// Size of the claimer and greeter nonces (`SAS_CODE_NONCE_SIZE`).
pub const SAS_CODE_NONCE_SIZE: usize = 64;

/// Mask of the 20 bits a SAS code encodes.
pub(super) const SAS_BITS: u32 = 0xF_FFFF;

/// A 4-character short authentication string, each read aloud by one human to the other.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SASCode([u8; 4]);

/// A string that is not 4 characters of [`SAS_CODE_ALPHABET`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid SAS code `{0}`: expected 4 characters among {SAS_CODE_ALPHABET}")]
pub struct InvalidSASCode(pub String);

impl SASCode {
    /// The code of the low 20 bits of `value`: the first character encodes the 5 least
    /// significant bits (invite.md §5.3, vector `sas_int_to_code`).
    pub fn from_int(value: u32) -> Self {
        let v = value & SAS_BITS;
        let mut code = [0u8; 4];
        for (i, c) in code.iter_mut().enumerate() {
            *c = SAS_CODE_ALPHABET.as_bytes()[((v >> (5 * i)) & 31) as usize];
        }
        Self(code)
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("SAS codes are ASCII")
    }
}

impl FromStr for SASCode {
    type Err = InvalidSASCode;
    fn from_str(s: &str) -> Result<Self, InvalidSASCode> {
        let code: [u8; 4] = s
            .as_bytes()
            .try_into()
            .map_err(|_| InvalidSASCode(s.to_owned()))?;
        if code
            .iter()
            .all(|c| SAS_CODE_ALPHABET.as_bytes().contains(c))
        {
            Ok(Self(code))
        } else {
            Err(InvalidSASCode(s.to_owned()))
        }
    }
}

impl fmt::Display for SASCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for SASCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SASCode({})", self.as_str())
    }
}

/// Both SAS codes of an attempt, `(claimer_sas, greeter_sas)` (§5.3): keyed BLAKE2b-512 of
/// `claimer_nonce || greeter_nonce` under the shared key, first 5 bytes as a big-endian
/// 40-bit integer, low 20 bits for the claimer, high 20 bits for the greeter.
///
/// The greeter shows `greeter_sas` and the claimer recognises it; then the claimer shows
/// `claimer_sas` and the greeter recognises it.
pub fn compute_sas_codes(
    key: &SecretKey,
    claimer_nonce: &[u8],
    greeter_nonce: &[u8],
) -> (SASCode, SASCode) {
    let mut message = Vec::with_capacity(claimer_nonce.len() + greeter_nonce.len());
    message.extend_from_slice(claimer_nonce);
    message.extend_from_slice(greeter_nonce);
    let mac = key.mac_512(&message);
    let n = mac[..5]
        .iter()
        .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
    let low = u32::try_from(n & u64::from(SAS_BITS)).expect("masked to 20 bits");
    let high = u32::try_from((n >> 20) & u64::from(SAS_BITS)).expect("masked to 20 bits");
    (SASCode::from_int(low), SASCode::from_int(high))
}

pub(super) fn random_u32(rng: &dyn RandomSource) -> u32 {
    let mut b = [0u8; 4];
    rng.fill(&mut b);
    u32::from_le_bytes(b)
}

/// A uniform integer in `[0, bound)` (rejection sampling, no modulo bias).
pub(super) fn random_below(rng: &dyn RandomSource, bound: u32) -> u32 {
    debug_assert!(bound > 0);
    let zone = u32::MAX - (u32::MAX % bound);
    loop {
        let v = random_u32(rng);
        if v < zone {
            return v % bound;
        }
    }
}

/// `n` codes for a human to choose from (§5.5): `correct` plus random codes that are
/// never equal to it (wrong ones may repeat, as in the official client), shuffled.
/// `n = 0` gives an empty list. The official CLI uses 3, the GUI 4.
pub fn generate_sas_code_candidates(
    correct: SASCode,
    n: usize,
    rng: &dyn RandomSource,
) -> Vec<SASCode> {
    if n == 0 {
        return Vec::new();
    }
    let mut codes = Vec::with_capacity(n);
    codes.push(correct);
    while codes.len() < n {
        let candidate = SASCode::from_int(random_u32(rng));
        if candidate != correct {
            codes.push(candidate);
        }
    }
    // Fisher–Yates.
    for i in (1..codes.len()).rev() {
        let bound = u32::try_from(i + 1).expect("candidate lists are small");
        let j = random_below(rng, bound) as usize;
        codes.swap(i, j);
    }
    codes
}
