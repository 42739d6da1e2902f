//! Recovery devices (device-file.md §2.5, certificates.md §7): a spare device of the
//! user kept in a file encrypted with a passphrase, from which a new device can be made
//! once the others are lost.
//!
//! - [`export_recovery_device`]: a new device of the session's user is registered on the
//!   server with purpose `PASSPHRASE_RECOVERY` (label `recovery-<RFC 3339 now>`, as the
//!   official client), then its [`DeviceFile::encrypt_recovery`] file is returned with
//!   the passphrase.
//! - [`open_recovery_file`] then [`register_recovered_device`]: the recovery device
//!   signs a `device_create` for a new `STANDARD` device of the same user.
//!
//! Both go through [`register_device`], which retries with a later timestamp on
//! `require_greater_timestamp` like the official `register_new_device`.

use crate::connection::{AuthenticatedCmds, ConnectionError, Transport};
use crate::session::Session;
use parsec_protocol::addr::AddrError;
use parsec_protocol::certif::{self, DeviceCertificate, DevicePurpose, SigningKeyAlgorithm};
use parsec_protocol::cmds::authenticated::device_create;
use parsec_protocol::crypto::RandomSource;
use parsec_protocol::device_file::{DeviceFile, DeviceFileError, DeviceFileKind, LocalDevice};
use parsec_protocol::ids::DeviceLabel;
use parsec_protocol::DateTime;
use zeroize::Zeroizing;

/// How many `require_greater_timestamp` answers are accepted before giving up (the
/// official client retries without limit).
const MAX_TIMESTAMP_RETRIES: usize = 10;

/// Why a new device could not be registered on the server.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RegisterDeviceError {
    /// Transport or authentication failure.
    #[error(transparent)]
    Connection(#[from] ConnectionError),
    /// `invalid_certificate`: the server refused our certificates.
    #[error("the server refused the new device's certificate")]
    InvalidCertificate,
    /// `device_already_exists` (a random 128-bit ID collided).
    #[error("the server already knows a device with this ID")]
    DeviceAlreadyExists,
    /// `timestamp_out_of_ballpark`.
    #[error("our clock ({client}) and the server's ({server}) are too far apart")]
    ClockDrift {
        /// Our timestamp.
        client: DateTime,
        /// The server's.
        server: DateTime,
    },
    /// Another status, or `require_greater_timestamp` too many times.
    #[error("unexpected answer from the server: {status}")]
    Unexpected {
        /// The status.
        status: String,
    },
}

impl RegisterDeviceError {
    /// Whether the server cannot have created the device: it answered with a refusal,
    /// refused the request before running it (HTTP 4xx or an authentication status), or
    /// was never reached. Otherwise (connection lost after sending, a 5xx, an answer that
    /// does not decode) the device may exist.
    pub fn nothing_committed(&self) -> bool {
        match self {
            Self::InvalidCertificate
            | Self::DeviceAlreadyExists
            | Self::ClockDrift { .. }
            | Self::Unexpected { .. } => true,
            Self::Connection(c) => match c {
                ConnectionError::OrganizationNotFound
                | ConnectionError::BadAuthentication
                | ConnectionError::UnsupportedApiVersion { .. }
                | ConnectionError::OrganizationExpired
                | ConnectionError::UserRevoked
                | ConnectionError::UserFrozen
                | ConnectionError::TosNotAccepted
                | ConnectionError::ClockDrift
                | ConnectionError::CaFile { .. } => true,
                ConnectionError::UnexpectedStatus { status } => (400..500).contains(status),
                ConnectionError::Unreachable { source, .. } => source.is_connect(),
                _ => false,
            },
        }
    }
}

/// The `device_create` request making `new_device` a device of `author`'s user, both
/// certificates signed by `author` at `timestamp` (certificates.md §7).
pub fn device_create_request(
    author: &LocalDevice,
    new_device: &LocalDevice,
    purpose: DevicePurpose,
    timestamp: DateTime,
) -> device_create::Req {
    let certificate = DeviceCertificate {
        purpose,
        author: Some(author.device_id),
        timestamp,
        user_id: new_device.user_id,
        device_id: new_device.device_id,
        device_label: Some(new_device.device_label.clone()),
        verify_key: new_device.signing_key.verify_key(),
        algorithm: SigningKeyAlgorithm::Ed25519,
    };
    let key = &author.signing_key;
    device_create::Req {
        device_certificate: certif::dump_and_sign(&certificate, key),
        redacted_device_certificate: certif::dump_and_sign(&certificate.to_redacted(), key),
    }
}

/// Registers `new_device` (a device of `author`'s user) on the server with `purpose`;
/// returns the certificate's timestamp. On `require_greater_timestamp` it signs again
/// at `max(now, strictly_greater_than + 500 ms)`, as the greeter does.
pub async fn register_device(
    cmds: &AuthenticatedCmds,
    author: &LocalDevice,
    new_device: &LocalDevice,
    purpose: DevicePurpose,
) -> Result<DateTime, RegisterDeviceError> {
    use device_create::{DeviceCreate, Rep};
    let mut timestamp = DateTime::now();
    for _ in 0..MAX_TIMESTAMP_RETRIES {
        let req = device_create_request(author, new_device, purpose, timestamp);
        match cmds.send::<DeviceCreate>(&req).await? {
            Rep::Ok => return Ok(timestamp),
            Rep::RequireGreaterTimestamp(r) => {
                timestamp = DateTime::now().max(r.strictly_greater_than.add_micros(500_000));
            }
            Rep::InvalidCertificate => return Err(RegisterDeviceError::InvalidCertificate),
            Rep::DeviceAlreadyExists => return Err(RegisterDeviceError::DeviceAlreadyExists),
            Rep::TimestampOutOfBallpark(t) => {
                return Err(RegisterDeviceError::ClockDrift {
                    client: t.client_timestamp,
                    server: t.server_timestamp,
                })
            }
            Rep::UnknownStatus(u) => {
                return Err(RegisterDeviceError::Unexpected { status: u.status })
            }
        }
    }
    Err(RegisterDeviceError::Unexpected {
        status: "require_greater_timestamp".into(),
    })
}

/// The label of a new recovery device: `recovery-<RFC 3339 now>`, as the official client.
pub fn recovery_device_label(now: DateTime) -> DeviceLabel {
    format!("recovery-{}", now.to_rfc3339())
        .parse()
        .expect("a timestamp makes a valid device label")
}

/// A recovery device made for the session's user, registered on the server.
pub struct ExportedRecoveryDevice {
    /// The recovery device (not saved anywhere but in [`Self::file`]).
    pub device: LocalDevice,
    /// The passphrase that unlocks [`Self::file`], to show the user once.
    pub passphrase: Zeroizing<String>,
    /// The recovery file's bytes.
    pub file: Vec<u8>,
}

impl std::fmt::Debug for ExportedRecoveryDevice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExportedRecoveryDevice")
            .field("device_id", &self.device.device_id)
            .field("passphrase", &"<redacted>")
            .finish_non_exhaustive()
    }
}

/// Makes a recovery device for the session's user: its keys and recovery file are built
/// first, then it is registered on the server (purpose `PASSPHRASE_RECOVERY`). Nothing
/// is written to disk: the caller saves [`ExportedRecoveryDevice::file`].
pub async fn export_recovery_device(
    session: &Session,
    rng: &dyn RandomSource,
) -> Result<ExportedRecoveryDevice, RegisterDeviceError> {
    let now = DateTime::now();
    let device = session
        .device()
        .new_device_for_same_user(recovery_device_label(now), rng);
    let (passphrase, file) = DeviceFile::encrypt_recovery(&device, now, rng);
    register_device(
        session.cmds(),
        session.device(),
        &device,
        DevicePurpose::PassphraseRecovery,
    )
    .await?;
    Ok(ExportedRecoveryDevice {
        device,
        passphrase,
        file,
    })
}

/// Why a recovery file cannot be opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OpenRecoveryError {
    /// Not a device file at all.
    #[error("not a recovery file: {0}")]
    Invalid(#[source] DeviceFileError),
    /// A device file of another kind (e.g. a password-protected device).
    #[error("not a recovery file: this is a `{0}` device file")]
    NotRecovery(DeviceFileKind),
    /// The passphrase does not decode to a key.
    #[error("invalid passphrase format: a recovery passphrase is 52 letters and digits, in groups of four")]
    InvalidPassphrase,
    /// The passphrase decodes but does not open the file.
    #[error("wrong passphrase for this recovery file")]
    WrongPassphrase,
    /// The file opened but holds something else than a device, or an unusable server.
    #[error("the recovery file holds invalid data: {0}")]
    InvalidContent(String),
}

/// Decodes a recovery file and unlocks it with `passphrase`.
pub fn open_recovery_file(
    bytes: &[u8],
    passphrase: &str,
) -> Result<LocalDevice, OpenRecoveryError> {
    let file = DeviceFile::decode(bytes).map_err(OpenRecoveryError::Invalid)?;
    if file.kind() != DeviceFileKind::Recovery {
        return Err(OpenRecoveryError::NotRecovery(file.kind()));
    }
    let device = file.decrypt_recovery(passphrase).map_err(|e| match e {
        DeviceFileError::InvalidPassphrase => OpenRecoveryError::InvalidPassphrase,
        DeviceFileError::DecryptionFailed => OpenRecoveryError::WrongPassphrase,
        other => OpenRecoveryError::InvalidContent(other.to_string()),
    })?;
    device
        .server_addr()
        .map_err(|e: AddrError| OpenRecoveryError::InvalidContent(e.to_string()))?;
    Ok(device)
}

/// Registers `new_device` on the server as a `STANDARD` device of the recovery device's
/// user, signed by the recovery device.
pub async fn register_recovered_device(
    transport: &Transport,
    recovery: &LocalDevice,
    new_device: &LocalDevice,
) -> Result<DateTime, RegisterDeviceError> {
    let cmds = AuthenticatedCmds::for_device(transport.clone(), recovery).map_err(|e| {
        RegisterDeviceError::Unexpected {
            status: format!("invalid server URL in the recovery file: {e}"),
        }
    })?;
    register_device(&cmds, recovery, new_device, DevicePurpose::Standard).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certificates::CertificateStore;
    use parsec_protocol::cmds::authenticated::certificate_get::Certificates;
    use parsec_protocol::crypto::OsRandom;
    use serde_bytes::ByteBuf;

    fn certificates(reqs: &[&[u8]]) -> Certificates {
        Certificates {
            common_certificates: reqs.iter().map(|b| ByteBuf::from(b.to_vec())).collect(),
            ..Default::default()
        }
    }

    /// The chain bootstrap → recovery device (signed by the first device) → new device
    /// (signed by the recovery device) verifies on the client side.
    #[test]
    fn recovery_chain_verifies() {
        let rng = OsRandom::new();
        let t0 = DateTime::from_micros(1_700_000_000_000_000);
        let prepared = crate::bootstrap::prepare_test_organization(&rng, t0);
        let mut store = CertificateStore::new(prepared.device.root_verify_key);
        store
            .ingest(&certificates(&[
                &prepared.request.user_certificate,
                &prepared.request.device_certificate,
            ]))
            .expect("bootstrap verifies");

        let first = prepared.device;
        let label = recovery_device_label(t0.add_micros(1));
        assert!(label.as_str().starts_with("recovery-2023-11-14T22:13:20"));
        let recovery = first.new_device_for_same_user(label, &rng);
        let req = device_create_request(
            &first,
            &recovery,
            DevicePurpose::PassphraseRecovery,
            t0.add_micros(1),
        );
        store
            .ingest(&certificates(&[&req.device_certificate]))
            .expect("the recovery device verifies");
        let certificate = store.device(recovery.device_id).expect("device");
        assert_eq!(certificate.purpose, DevicePurpose::PassphraseRecovery);
        assert_eq!(certificate.author, Some(first.device_id));
        let redacted: DeviceCertificate = certif::verify_and_load(
            &req.redacted_device_certificate,
            &first.signing_key.verify_key(),
        )
        .expect("signed by the first device");
        assert_eq!(redacted.device_label, None);
        assert_eq!(redacted.purpose, DevicePurpose::PassphraseRecovery);

        // Through the file and back, then a new device signed by the recovery device.
        let (passphrase, file) = DeviceFile::encrypt_recovery(&recovery, t0, &rng);
        let opened = open_recovery_file(&file, &passphrase).expect("opens");
        assert_eq!(opened.dump(), recovery.dump());
        let new = opened.new_device_for_same_user("phone".parse().expect("label"), &rng);
        let req = device_create_request(&opened, &new, DevicePurpose::Standard, t0.add_micros(2));
        store
            .ingest(&certificates(&[&req.device_certificate]))
            .expect("the recovered device verifies");
        assert_eq!(
            store.device(new.device_id).expect("device").author,
            Some(recovery.device_id)
        );
    }

    #[test]
    fn recovery_file_errors() {
        let rng = OsRandom::new();
        assert!(matches!(
            open_recovery_file(b"dummy", "AAAA"),
            Err(OpenRecoveryError::Invalid(_))
        ));
        let device = crate::bootstrap::prepare_test_organization(&rng, DateTime::now()).device;
        let (passphrase, file) = DeviceFile::encrypt_recovery(&device, DateTime::now(), &rng);
        assert!(matches!(
            open_recovery_file(&file, "not a passphrase"),
            Err(OpenRecoveryError::InvalidPassphrase)
        ));
        let other = parsec_protocol::crypto::SecretKey::generate(&rng).to_recovery_passphrase();
        assert!(matches!(
            open_recovery_file(&file, &other),
            Err(OpenRecoveryError::WrongPassphrase)
        ));
        let password_file = DeviceFile::encrypt_password(
            &device,
            b"pw",
            parsec_protocol::crypto::Argon2Params {
                memlimit_kb: 8,
                opslimit: 1,
                parallelism: 1,
            },
            DateTime::now(),
            DateTime::now(),
            &rng,
        );
        assert!(matches!(
            open_recovery_file(&password_file, &passphrase),
            Err(OpenRecoveryError::NotRecovery(DeviceFileKind::Password))
        ));
    }
}
