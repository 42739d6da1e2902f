//! Decompression bombs and oversized bodies cost a bounded amount of memory: the peak
//! resident memory of the test process is reset, then read after each decoder ran. In its
//! own test binary so that no other test's allocations are counted; the tests are
//! serialized by a lock.

use parsec_protocol::certif::{self, AnyCertificate, CertifError, UserCertificate};
use parsec_protocol::cmds::anonymous::AnyCmdReq;
use parsec_protocol::crypto::{OsRandom, PrivateKey, SigningKey};
use parsec_protocol::data::{self, DataError, MAX_PAYLOAD_SIZE};
use parsec_protocol::ids::{DeviceID, EmailAddress, HumanHandle, UserID, UserProfile};
use parsec_protocol::DateTime;
use std::sync::{Mutex, MutexGuard};

/// One measured test at a time (`cargo test` runs them as threads of one process).
static MEASURE: Mutex<()> = Mutex::new(());

fn exclusive() -> MutexGuard<'static, ()> {
    MEASURE.lock().unwrap_or_else(|e| e.into_inner())
}

fn status_kib(field: &str) -> usize {
    let status = std::fs::read_to_string("/proc/self/status").expect("Linux /proc");
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a memory field")
}

/// Runs `f` and returns its result with how much the process's peak resident memory
/// grew meanwhile, in bytes (the peak is reset first through `/proc/self/clear_refs`).
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    std::fs::write("/proc/self/clear_refs", "5").expect("reset the peak RSS");
    let before = status_kib("VmRSS:");
    let out = f();
    let peak = status_kib("VmHWM:");
    (out, peak.saturating_sub(before) * 1024)
}

/// The bombs expand to 8 Mi nils (8 MiB of msgpack, hundreds of MB as a value tree);
/// refusing one may cost a few hundred KiB.
const NILS: u32 = 8 * 1024 * 1024;
const ALLOWED: usize = 4 * 1024 * 1024;

fn user_certificate() -> UserCertificate {
    let rng = OsRandom::new();
    UserCertificate {
        author: Some(DeviceID::generate(&rng)),
        timestamp: DateTime::from_micros(1_700_000_000_000_000),
        user_id: UserID::generate(&rng),
        human_handle: Some(
            HumanHandle::new(
                "alice@example.com".parse::<EmailAddress>().expect("valid"),
                "Alice",
            )
            .expect("valid"),
        ),
        public_key: PrivateKey::generate(&rng).public_key(),
        algorithm: certif::PrivateKeyAlgorithm::X25519XSalsa20Poly1305,
        profile: UserProfile::Admin,
    }
}

/// `signature || 0x00 || zstd(certificate + 8 Mi nils)`, correctly signed by `key`.
fn signed_bomb(key: &SigningKey) -> Vec<u8> {
    key.sign(&nil_bomb_v0(
        &data::dump_typed(&user_certificate()),
        NILS,
        false,
    ))
}

/// Same as `parsec_testkit::bomb::nil_bomb_v0` (this crate cannot depend on the testkit):
/// a zstd frame of a raw block (the map, one more key and an array header) and RLE
/// blocks of nils.
fn nil_bomb_v0(map: &[u8], nils: u32, announce_size: bool) -> Vec<u8> {
    let (&header, rest) = map.split_first().expect("non-empty");
    assert!((0x80..0x8f).contains(&header), "a small fixmap");
    let mut prefix = vec![header + 1];
    prefix.extend_from_slice(rest);
    prefix.push(0xaa);
    prefix.extend_from_slice(b"zz_padding");
    prefix.push(0xdd);
    prefix.extend_from_slice(&nils.to_be_bytes());
    let mut out = vec![0x00, 0x28, 0xb5, 0x2f, 0xfd];
    if announce_size {
        out.push(0xe0);
        out.extend_from_slice(&(prefix.len() as u64 + u64::from(nils)).to_le_bytes());
    } else {
        out.extend_from_slice(&[0x00, 0x38]);
    }
    let block = |out: &mut Vec<u8>, kind: u32, size: usize, last: bool| {
        let h = u32::from(last) | (kind << 1) | ((size as u32) << 3);
        out.extend_from_slice(&h.to_le_bytes()[..3]);
    };
    block(&mut out, 0, prefix.len(), nils == 0);
    out.extend_from_slice(&prefix);
    let mut left = nils as usize;
    while left > 0 {
        let size = left.min(128 * 1024);
        left -= size;
        block(&mut out, 1, size, left == 0);
        out.push(0xc0);
    }
    out
}

#[test]
fn bomb_certificate_is_refused_without_expanding_it() {
    let _one = exclusive();
    let key = SigningKey::generate(&OsRandom::new());
    let signed = signed_bomb(&key);
    assert!(
        signed.len() < 4096,
        "the bomb is small: {} bytes",
        signed.len()
    );
    let too_large = DataError::TooLarge {
        limit: MAX_PAYLOAD_SIZE,
    };

    let (result, peak) = peak_of(|| AnyCertificate::unsecure_load(&signed));
    assert_eq!(result, Err(CertifError::Payload(too_large.clone())));
    assert!(peak < ALLOWED, "unsecure_load allocated {peak} bytes");

    let (result, peak) =
        peak_of(|| certif::verify_and_load::<UserCertificate>(&signed, &key.verify_key()));
    assert_eq!(result, Err(CertifError::Payload(too_large.clone())));
    assert!(peak < ALLOWED, "verify_and_load allocated {peak} bytes");

    let (result, peak) = peak_of(|| data::decompress_v0(&signed[64..], MAX_PAYLOAD_SIZE));
    assert_eq!(result, Err(too_large));
    assert!(peak < ALLOWED, "decompress_v0 allocated {peak} bytes");
    assert!(
        DataError::TooLarge { limit: 65536 }
            .to_string()
            .contains("more than 65536 bytes"),
        "the error says why"
    );
}

#[test]
fn frame_announcing_a_large_content_size_is_refused() {
    let _one = exclusive();
    // A one-shot frame records its content size: refused before decoding any block.
    let payload = nil_bomb_v0(&data::dump_typed(&user_certificate()), NILS, true);
    let (result, peak) = peak_of(|| data::decompress_v0(&payload, MAX_PAYLOAD_SIZE));
    assert_eq!(
        result,
        Err(DataError::TooLarge {
            limit: MAX_PAYLOAD_SIZE
        })
    );
    assert!(peak < ALLOWED, "allocated {peak} bytes");
}

#[test]
fn largest_legitimate_certificate_fits() {
    let _one = exclusive();
    let key = SigningKey::generate(&OsRandom::new());
    let mut c = user_certificate();
    let email = format!("{}@{}.example.com", "a".repeat(64), "b".repeat(63));
    c.human_handle = Some(
        HumanHandle::new(
            email.parse::<EmailAddress>().expect("valid"),
            &"é".repeat(127),
        )
        .expect("valid"),
    );
    let signed = certif::dump_and_sign(&c, &key);
    let back: UserCertificate =
        certif::verify_and_load(&signed, &key.verify_key()).expect("accepted");
    assert_eq!(back, c);
    // An unknown key is still ignored below the limit, as before.
    let signed = key.sign(&nil_bomb_v0(&data::dump_typed(&c), 32 * 1024, false));
    assert_eq!(
        certif::verify_and_load::<UserCertificate>(&signed, &key.verify_key()),
        Ok(c)
    );
}

#[test]
fn anonymous_body_is_not_decoded_as_a_value_tree() {
    let _one = exclusive();
    // 1 MiB of nils under an unknown key: a generic value tree would take ~40 MB.
    let n: u32 = 1024 * 1024;
    let mut body = vec![0x82, 0xa3];
    body.extend_from_slice(b"cmd");
    body.push(0xb6);
    body.extend_from_slice(b"organization_bootstrap");
    body.push(0xa1);
    body.push(b'x');
    body.push(0xdd);
    body.extend_from_slice(&n.to_be_bytes());
    body.resize(body.len() + n as usize, 0xc0);
    let (result, peak) = peak_of(|| AnyCmdReq::load(&body));
    assert!(result.is_err(), "fields are missing");
    assert!(peak < ALLOWED, "AnyCmdReq::load allocated {peak} bytes");

    // An unknown command is refused after reading `cmd` alone.
    body[6] = 0xb6;
    body[7..29].copy_from_slice(b"no_such_command_at_all");
    let (result, peak) = peak_of(|| AnyCmdReq::load(&body));
    assert!(result.is_err());
    assert!(peak < ALLOWED, "allocated {peak} bytes");
}
