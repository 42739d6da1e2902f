//! Step 14 of the greeter (invite.md §4): the server objects for the newcomer, created
//! before the confirmation is sent. A user invitation uploads a user and its first
//! device (`user_create`, certificates.md §6), a device invitation a device of our own
//! user (`device_create`, certificates.md §7); both signed by our device, with fresh
//! random IDs, retried with new IDs on `require_greater_timestamp`.

use super::GreetError;
use crate::connection::AuthenticatedCmds;
use parsec_protocol::certif::{
    self, DeviceCertificate, DevicePurpose, PrivateKeyAlgorithm, SigningKeyAlgorithm,
    UserCertificate,
};
use parsec_protocol::cmds::authenticated::{device_create, user_create};
use parsec_protocol::cmds::TimestampOutOfBallpark;
use parsec_protocol::crypto::{OsRandom, RandomSource, VerifyKey};
use parsec_protocol::device_file::LocalDevice;
use parsec_protocol::ids::{DeviceID, DeviceLabel, HumanHandle, UserID, UserProfile};
use parsec_protocol::invite::InviteUserData;
use parsec_protocol::DateTime;

/// How many `require_greater_timestamp` answers `user_create` / `device_create` may get
/// before we give up (the official client retries without limit).
const MAX_TIMESTAMP_RETRIES: usize = 10;

/// A `user_create` request and the IDs it creates.
pub(crate) struct PreparedUser {
    pub(crate) req: user_create::Req,
    pub(crate) user_id: UserID,
    pub(crate) device_id: DeviceID,
}

/// The four certificates of a new user and its first device (certificates.md §6): fresh
/// random IDs, author = our device, one timestamp, signed by our device.
pub(crate) fn prepare_user_create(
    author: &LocalDevice,
    claimer: &InviteUserData,
    device_label: &DeviceLabel,
    human_handle: &HumanHandle,
    profile: UserProfile,
    timestamp: DateTime,
    rng: &dyn RandomSource,
) -> PreparedUser {
    let user_id = UserID::generate(rng);
    let device_id = DeviceID::generate(rng);
    let user = UserCertificate {
        author: Some(author.device_id),
        timestamp,
        user_id,
        human_handle: Some(human_handle.clone()),
        public_key: claimer.public_key,
        algorithm: PrivateKeyAlgorithm::X25519XSalsa20Poly1305,
        profile,
    };
    let device = DeviceCertificate {
        purpose: DevicePurpose::Standard,
        author: Some(author.device_id),
        timestamp,
        user_id,
        device_id,
        device_label: Some(device_label.clone()),
        verify_key: claimer.verify_key,
        algorithm: SigningKeyAlgorithm::Ed25519,
    };
    let key = &author.signing_key;
    PreparedUser {
        req: user_create::Req {
            user_certificate: certif::dump_and_sign(&user, key),
            device_certificate: certif::dump_and_sign(&device, key),
            redacted_user_certificate: certif::dump_and_sign(&user.to_redacted(), key),
            redacted_device_certificate: certif::dump_and_sign(&device.to_redacted(), key),
        },
        user_id,
        device_id,
    }
}

/// A new device of our own user (certificates.md §7) and its ID.
pub(crate) fn prepare_device_create(
    author: &LocalDevice,
    verify_key: VerifyKey,
    device_label: &DeviceLabel,
    timestamp: DateTime,
    rng: &dyn RandomSource,
) -> (device_create::Req, DeviceID) {
    let device_id = DeviceID::generate(rng);
    let device = DeviceCertificate {
        purpose: DevicePurpose::Standard,
        author: Some(author.device_id),
        timestamp,
        user_id: author.user_id,
        device_id,
        device_label: Some(device_label.clone()),
        verify_key,
        algorithm: SigningKeyAlgorithm::Ed25519,
    };
    let key = &author.signing_key;
    let req = device_create::Req {
        device_certificate: certif::dump_and_sign(&device, key),
        redacted_device_certificate: certif::dump_and_sign(&device.to_redacted(), key),
    };
    (req, device_id)
}

/// After `require_greater_timestamp`: `max(now, strictly_greater_than + 500 ms)` (§4
/// step 14).
fn next_timestamp(strictly_greater_than: DateTime) -> DateTime {
    DateTime::now().max(strictly_greater_than.add_micros(500_000))
}

fn clock_drift(t: TimestampOutOfBallpark) -> GreetError {
    GreetError::ClockDrift {
        client: t.client_timestamp,
        server: t.server_timestamp,
    }
}

pub(crate) async fn create_user(
    cmds: &AuthenticatedCmds,
    author: &LocalDevice,
    claimer: &InviteUserData,
    device_label: &DeviceLabel,
    human_handle: &HumanHandle,
    profile: UserProfile,
) -> Result<(UserID, DeviceID), GreetError> {
    use user_create::{Rep, UserCreate};
    let rng = OsRandom::new();
    let mut timestamp = DateTime::now();
    for _ in 0..MAX_TIMESTAMP_RETRIES {
        // New IDs on every try, as the official client does.
        let prepared = prepare_user_create(
            author,
            claimer,
            device_label,
            human_handle,
            profile,
            timestamp,
            &rng,
        );
        match cmds.send::<UserCreate>(&prepared.req).await? {
            Rep::Ok => return Ok((prepared.user_id, prepared.device_id)),
            Rep::RequireGreaterTimestamp(r) => timestamp = next_timestamp(r.strictly_greater_than),
            Rep::AuthorNotAllowed => return Err(GreetError::NotAllowed),
            Rep::ActiveUsersLimitReached => return Err(GreetError::ActiveUsersLimitReached),
            Rep::UserAlreadyExists => return Err(GreetError::UserAlreadyExists),
            Rep::HumanHandleAlreadyTaken => return Err(GreetError::HumanHandleAlreadyTaken),
            Rep::InvalidCertificate => return Err(GreetError::InvalidCertificate),
            Rep::TimestampOutOfBallpark(t) => return Err(clock_drift(t)),
            Rep::UnknownStatus(u) => return Err(GreetError::Unexpected { status: u.status }),
        }
    }
    Err(GreetError::unexpected("require_greater_timestamp"))
}

pub(crate) async fn create_device(
    cmds: &AuthenticatedCmds,
    author: &LocalDevice,
    verify_key: VerifyKey,
    device_label: &DeviceLabel,
) -> Result<DeviceID, GreetError> {
    use device_create::{DeviceCreate, Rep};
    let rng = OsRandom::new();
    let mut timestamp = DateTime::now();
    for _ in 0..MAX_TIMESTAMP_RETRIES {
        let (req, device_id) =
            prepare_device_create(author, verify_key, device_label, timestamp, &rng);
        match cmds.send::<DeviceCreate>(&req).await? {
            Rep::Ok => return Ok(device_id),
            Rep::RequireGreaterTimestamp(r) => timestamp = next_timestamp(r.strictly_greater_than),
            Rep::InvalidCertificate => return Err(GreetError::InvalidCertificate),
            Rep::DeviceAlreadyExists => return Err(GreetError::DeviceAlreadyExists),
            Rep::TimestampOutOfBallpark(t) => return Err(clock_drift(t)),
            Rep::UnknownStatus(u) => return Err(GreetError::Unexpected { status: u.status }),
        }
    }
    Err(GreetError::unexpected("require_greater_timestamp"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certificates::CertificateStore;
    use parsec_protocol::cmds::authenticated::certificate_get::Certificates;
    use parsec_protocol::crypto::PrivateKey;
    use parsec_protocol::crypto::SigningKey;
    use serde_bytes::ByteBuf;

    /// A bootstrapped organization in memory: its store and first device.
    fn organization() -> (CertificateStore, LocalDevice, DateTime) {
        let rng = OsRandom::new();
        let t0 = DateTime::from_micros(1_700_000_000_000_000);
        let prepared = crate::bootstrap::prepare_test_organization(&rng, t0);
        let mut store = CertificateStore::new(prepared.device.root_verify_key);
        store
            .ingest(&Certificates {
                common_certificates: vec![
                    ByteBuf::from(prepared.request.user_certificate.clone()),
                    ByteBuf::from(prepared.request.device_certificate.clone()),
                ],
                ..Default::default()
            })
            .expect("bootstrap verifies");
        (store, prepared.device, t0)
    }

    #[test]
    fn user_certificates_verify_and_match_the_request() {
        let (mut store, author, t0) = organization();
        let rng = OsRandom::new();
        let user_key = PrivateKey::generate(&rng);
        let device_key = SigningKey::generate(&rng);
        let data = InviteUserData {
            requested_device_label: "phone".parse().expect("label"),
            requested_human_handle: HumanHandle::new(
                "bob@example.com".parse().expect("email"),
                "Bob",
            )
            .expect("handle"),
            public_key: user_key.public_key(),
            verify_key: device_key.verify_key(),
        };
        let label: DeviceLabel = "Bob's phone".parse().expect("label");
        let handle =
            HumanHandle::new("bob@example.com".parse().expect("email"), "Bob B.").expect("handle");
        let t1 = t0.add_micros(1);
        let p = prepare_user_create(
            &author,
            &data,
            &label,
            &handle,
            UserProfile::Outsider,
            t1,
            &rng,
        );
        store
            .ingest(&Certificates {
                common_certificates: vec![
                    ByteBuf::from(p.req.user_certificate.clone()),
                    ByteBuf::from(p.req.device_certificate.clone()),
                ],
                ..Default::default()
            })
            .expect("the new user verifies");
        let user = store.user(p.user_id).expect("user");
        assert_eq!(user.certificate.human_handle.as_ref(), Some(&handle));
        assert_eq!(user.current_profile(), UserProfile::Outsider);
        assert_eq!(user.certificate.public_key, user_key.public_key());
        let device = store.device(p.device_id).expect("device");
        assert_eq!(device.verify_key, device_key.verify_key());
        assert_eq!(device.device_label.as_ref(), Some(&label));
        // The redacted twins differ only by the redacted field.
        let redacted: UserCertificate = certif::verify_and_load(
            &p.req.redacted_user_certificate,
            &author.signing_key.verify_key(),
        )
        .expect("signed by the author");
        assert_eq!(redacted, user.certificate.to_redacted());
        // A retry draws new IDs.
        let again = prepare_user_create(
            &author,
            &data,
            &label,
            &handle,
            UserProfile::Outsider,
            t1,
            &rng,
        );
        assert_ne!(again.user_id, p.user_id);
        assert_ne!(again.device_id, p.device_id);
    }

    #[test]
    fn device_certificates_verify() {
        let (mut store, author, t0) = organization();
        let rng = OsRandom::new();
        let key = SigningKey::generate(&rng);
        let label: DeviceLabel = "desktop".parse().expect("label");
        let (req, device_id) =
            prepare_device_create(&author, key.verify_key(), &label, t0.add_micros(1), &rng);
        store
            .ingest(&Certificates {
                common_certificates: vec![ByteBuf::from(req.device_certificate)],
                ..Default::default()
            })
            .expect("the new device verifies");
        let device = store.device(device_id).expect("device");
        assert_eq!(device.user_id, author.user_id);
        assert_eq!(device.author, Some(author.device_id));
    }

    #[test]
    fn retry_timestamp() {
        let far = DateTime::now().add_micros(3_600_000_000);
        assert_eq!(next_timestamp(far), far.add_micros(500_000));
        let past = DateTime::from_micros(0);
        assert!(next_timestamp(past) > DateTime::from_micros(1_000_000_000_000_000));
    }
}
