//! Organization bootstrap (certificates.md §5.1): the first user and device, signed by
//! a fresh root key that is dropped afterwards.

use crate::certificates::{self, CertificateStore, PollError};
use crate::connection::{AnonymousCmds, AuthenticatedCmds, ConnectionError, Transport};
use parsec_protocol::addr::BootstrapAddr;
use parsec_protocol::certif::{
    self, DeviceCertificate, DevicePurpose, PrivateKeyAlgorithm, SequesterAuthorityCertificate,
    SigningKeyAlgorithm, UserCertificate,
};
use parsec_protocol::cmds::anonymous::organization_bootstrap;
use parsec_protocol::cmds::TimestampOutOfBallpark;
use parsec_protocol::crypto::{PrivateKey, RandomSource, SecretKey, SigningKey};
use parsec_protocol::device_file::LocalDevice;
use parsec_protocol::ids::{DeviceID, DeviceLabel, HumanHandle, UserID, UserProfile, VlobID};
use parsec_protocol::DateTime;

/// Why a bootstrap failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BootstrapError {
    /// Transport or handshake failure.
    #[error(transparent)]
    Connection(#[from] ConnectionError),
    /// `organization_already_bootstrapped`.
    #[error("bootstrap token already used: this organization is already bootstrapped")]
    AlreadyBootstrapped,
    /// `invalid_bootstrap_token`.
    #[error("invalid bootstrap token")]
    InvalidToken,
    /// `invalid_certificate` (our certificates were refused).
    #[error("the server refused our certificates")]
    InvalidCertificate,
    /// `timestamp_out_of_ballpark`.
    #[error("our clock ({client}) and the server's ({server}) are too far apart")]
    ClockDrift {
        /// Our timestamp.
        client: DateTime,
        /// The server's.
        server: DateTime,
    },
    /// Another status.
    #[error("unexpected answer from the server: {0}")]
    UnexpectedStatus(String),
}

impl BootstrapError {
    /// Whether nothing can have been committed: the server clearly refused (a decoded
    /// error status, or an HTTP 4xx, which the server answers before running the
    /// command), or the request never left (no TCP or TLS connection). Anything else (a
    /// connection lost after sending, a 5xx from the server or a proxy, an answer that
    /// does not decode) leaves the outcome unknown: the organization may be bootstrapped
    /// with the new device, whose keys must then be kept.
    pub fn nothing_committed(&self) -> bool {
        match self {
            Self::AlreadyBootstrapped
            | Self::InvalidToken
            | Self::InvalidCertificate
            | Self::ClockDrift { .. }
            | Self::UnexpectedStatus(_) => true,
            Self::Connection(c) => match c {
                ConnectionError::OrganizationNotFound
                | ConnectionError::BadAuthentication
                | ConnectionError::InvitationAlreadyUsed
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

/// Who the first user is.
#[derive(Debug, Clone)]
pub struct BootstrapIdentity {
    /// The first user's name and email.
    pub human_handle: HumanHandle,
    /// The first device's label.
    pub device_label: DeviceLabel,
    /// DER SubjectPublicKeyInfo of the sequester authority's RSA key, if any.
    pub sequester_authority_der: Option<Vec<u8>>,
}

/// The request and the device it will create, before anything is sent.
pub struct PreparedBootstrap {
    /// Encoded request.
    pub request: organization_bootstrap::Req,
    /// The new device, to save once the server accepted it.
    pub device: LocalDevice,
}

/// Builds the keys and the certificates (pure: randomness and time are parameters).
pub fn prepare(
    addr: &BootstrapAddr,
    identity: &BootstrapIdentity,
    rng: &dyn RandomSource,
    now: DateTime,
) -> PreparedBootstrap {
    let root_key = SigningKey::generate(rng);
    let signing_key = SigningKey::generate(rng);
    let private_key = PrivateKey::generate(rng);
    let user_id = UserID::generate(rng);
    let device_id = DeviceID::generate(rng);

    let user = UserCertificate {
        author: None,
        timestamp: now,
        user_id,
        human_handle: Some(identity.human_handle.clone()),
        public_key: private_key.public_key(),
        algorithm: PrivateKeyAlgorithm::X25519XSalsa20Poly1305,
        profile: UserProfile::Admin,
    };
    let device = DeviceCertificate {
        purpose: DevicePurpose::Standard,
        author: None,
        timestamp: now,
        user_id,
        device_id,
        device_label: Some(identity.device_label.clone()),
        verify_key: signing_key.verify_key(),
        algorithm: SigningKeyAlgorithm::Ed25519,
    };
    let sequester = identity.sequester_authority_der.as_ref().map(|der| {
        certif::dump_and_sign(
            &SequesterAuthorityCertificate {
                timestamp: now,
                verify_key_der: der.clone(),
            },
            &root_key,
        )
    });
    let request = organization_bootstrap::Req {
        bootstrap_token: addr.token,
        root_verify_key: root_key.verify_key(),
        user_certificate: certif::dump_and_sign(&user, &root_key),
        device_certificate: certif::dump_and_sign(&device, &root_key),
        redacted_user_certificate: certif::dump_and_sign(&user.to_redacted(), &root_key),
        redacted_device_certificate: certif::dump_and_sign(&device.to_redacted(), &root_key),
        sequester_authority_certificate: sequester,
    };
    let device = LocalDevice {
        server_url: addr.server.to_http_url(),
        organization_id: addr.organization_id.clone(),
        root_verify_key: root_key.verify_key(),
        user_id,
        device_id,
        device_label: identity.device_label.clone(),
        human_handle: identity.human_handle.clone(),
        signing_key,
        private_key,
        initial_profile: UserProfile::Admin,
        user_realm_id: VlobID::generate(rng),
        user_realm_key: SecretKey::generate(rng),
        local_symkey: SecretKey::generate(rng),
    };
    PreparedBootstrap { request, device }
}

/// Sends a prepared bootstrap; on success the caller saves `prepared.device`.
pub async fn send(
    transport: &Transport,
    addr: &BootstrapAddr,
    prepared: &PreparedBootstrap,
) -> Result<(), BootstrapError> {
    let cmds = AnonymousCmds::new(transport.clone(), &addr.server, &addr.organization_id);
    match cmds
        .send::<organization_bootstrap::OrganizationBootstrap>(&prepared.request)
        .await?
    {
        organization_bootstrap::Rep::Ok => Ok(()),
        organization_bootstrap::Rep::OrganizationAlreadyBootstrapped => {
            Err(BootstrapError::AlreadyBootstrapped)
        }
        organization_bootstrap::Rep::InvalidBootstrapToken => Err(BootstrapError::InvalidToken),
        organization_bootstrap::Rep::InvalidCertificate => Err(BootstrapError::InvalidCertificate),
        organization_bootstrap::Rep::TimestampOutOfBallpark(TimestampOutOfBallpark {
            server_timestamp,
            client_timestamp,
            ..
        }) => Err(BootstrapError::ClockDrift {
            client: client_timestamp,
            server: server_timestamp,
        }),
        organization_bootstrap::Rep::UnknownStatus(u) => {
            Err(BootstrapError::UnexpectedStatus(u.status))
        }
    }
}

/// Why [`is_bootstrap_device`] could not tell.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BootstrapCheckError {
    /// The device's server URL is invalid.
    #[error(transparent)]
    Addr(#[from] parsec_protocol::addr::AddrError),
    /// Fetching or verifying the certificates failed.
    #[error(transparent)]
    Poll(#[from] PollError),
}

/// Whether `device` is the device that bootstrapped its organization: it authenticates,
/// the organization's certificates verify against its root key, and its own device
/// certificate is signed by that root key (only the bootstrap signs with it). Used after
/// an ambiguous bootstrap failure: a retry answered `organization_already_bootstrapped`
/// is a success if the kept device is the bootstrap device.
///
/// `Ok(false)` when the server does not know the device (HTTP 401/403).
pub async fn is_bootstrap_device(
    transport: &Transport,
    device: &LocalDevice,
) -> Result<bool, BootstrapCheckError> {
    let cmds = AuthenticatedCmds::for_device(transport.clone(), device)?;
    let mut store = CertificateStore::new(device.root_verify_key);
    match certificates::poll(&cmds, &mut store).await {
        Ok(_) => {}
        Err(PollError::Connection(ConnectionError::BadAuthentication)) => return Ok(false),
        Err(e) => return Err(e.into()),
    }
    Ok(store
        .device(device.device_id)
        .is_some_and(|d| d.author.is_none() && d.user_id == device.user_id))
}

/// Reads a PEM `PUBLIC KEY` (SubjectPublicKeyInfo) and returns its DER bytes.
pub fn public_key_pem_to_der(pem: &str) -> Option<Vec<u8>> {
    let begin = "-----BEGIN PUBLIC KEY-----";
    let end = "-----END PUBLIC KEY-----";
    let start = pem.find(begin)? + begin.len();
    let stop = start + pem[start..].find(end)?;
    let b64: String = pem[start..stop]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let der = data_encoding::BASE64.decode(b64.as_bytes()).ok()?;
    // DER SEQUENCE tag: cheap sanity check that this is not arbitrary base64.
    (der.first() == Some(&0x30)).then_some(der)
}

/// Alice bootstrapping `Org` on a loopback server at `now`: the start of the unit tests
/// that need an organization.
#[cfg(test)]
pub(crate) fn prepare_test_organization(
    rng: &dyn RandomSource,
    now: DateTime,
) -> PreparedBootstrap {
    let addr = BootstrapAddr::new(
        "parsec3://127.0.0.1:6770?no_ssl=true"
            .parse()
            .expect("server"),
        "Org".parse().expect("organization"),
        None,
    );
    let identity = BootstrapIdentity {
        human_handle: HumanHandle::new("alice@example.com".parse().expect("email"), "Alice")
            .expect("handle"),
        device_label: "laptop".parse().expect("label"),
        sequester_authority_der: None,
    };
    prepare(&addr, &identity, rng, now)
}
