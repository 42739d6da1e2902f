//! Verification of the organization's certificate chain (certificates.md §10.3).
//!
//! The server is not trusted: every certificate is checked against what came before it
//! (author exists, is not revoked and has the right profile at that time, timestamps
//! strictly increase, redacted and full variants agree) and a batch is applied all or
//! nothing. The store is kept in memory; [`CertificateStore::next_request`] gives
//! the `certificate_get` cursors for an incremental fetch.

use parsec_protocol::certif::{
    self, AnyCertificate, DeviceCertificate, RevokedUserCertificate, SequesterAuthorityCertificate,
    UserCertificate, UserUpdateCertificate,
};
use parsec_protocol::cmds::authenticated::certificate_get;
use parsec_protocol::crypto::VerifyKey;
use parsec_protocol::ids::{DeviceID, UserID, UserProfile};
use parsec_protocol::DateTime;
use std::collections::HashMap;

/// A certificate that breaks the chain; nothing of its batch was kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {kind} certificate (#{index} of the {topic} topic{when}): {reason}")]
pub struct InvalidCertificate {
    /// `common` or `sequester`.
    pub topic: &'static str,
    /// Position in the server's answer (1-based).
    pub index: usize,
    /// Certificate kind (`user`, `device`…).
    pub kind: String,
    /// Timestamp, formatted, when it could be read.
    pub when: String,
    /// What is wrong.
    pub reason: String,
}

/// What the store knows about a user.
#[derive(Debug, Clone)]
pub struct UserInfo {
    /// The user certificate (possibly redacted).
    pub certificate: UserCertificate,
    /// Profile changes, in order.
    pub updates: Vec<UserUpdateCertificate>,
    /// The revocation, if any.
    pub revoked: Option<RevokedUserCertificate>,
}

impl UserInfo {
    /// The profile in force at `at`.
    pub fn profile_at(&self, at: DateTime) -> UserProfile {
        self.updates
            .iter()
            .rev()
            .find(|u| u.timestamp <= at)
            .map(|u| u.new_profile)
            .unwrap_or(self.certificate.profile)
    }

    /// The current profile.
    pub fn current_profile(&self) -> UserProfile {
        self.updates
            .last()
            .map(|u| u.new_profile)
            .unwrap_or(self.certificate.profile)
    }

    /// Whether the user was revoked at `at`.
    pub fn revoked_at(&self, at: DateTime) -> bool {
        self.revoked.as_ref().is_some_and(|r| r.timestamp <= at)
    }
}

/// The verified chain of one organization.
#[derive(Debug, Clone)]
pub struct CertificateStore {
    root_verify_key: VerifyKey,
    users: HashMap<UserID, UserInfo>,
    user_order: Vec<UserID>,
    devices: HashMap<DeviceID, DeviceCertificate>,
    last_common: Option<DateTime>,
    last_sequester: Option<DateTime>,
    sequester_authority: Option<SequesterAuthorityCertificate>,
    /// Every accepted certificate as received, per topic, in order (for the local copy).
    raw_common: Vec<Vec<u8>>,
    raw_sequester: Vec<Vec<u8>>,
}

struct Ctx {
    topic: &'static str,
    index: usize,
    kind: String,
    when: String,
}

impl Ctx {
    fn err(&self, reason: impl Into<String>) -> InvalidCertificate {
        InvalidCertificate {
            topic: self.topic,
            index: self.index,
            kind: self.kind.clone(),
            when: self.when.clone(),
            reason: reason.into(),
        }
    }
}

impl CertificateStore {
    /// An empty store for the organization whose root key is `root_verify_key`.
    pub fn new(root_verify_key: VerifyKey) -> Self {
        Self {
            root_verify_key,
            users: HashMap::new(),
            user_order: Vec::new(),
            devices: HashMap::new(),
            last_common: None,
            last_sequester: None,
            sequester_authority: None,
            raw_common: Vec::new(),
            raw_sequester: Vec::new(),
        }
    }

    /// The `certificate_get` request that fetches what the store does not have yet.
    pub fn next_request(&self) -> certificate_get::Req {
        certificate_get::Req {
            common_after: self.last_common,
            sequester_after: self.last_sequester,
            ..Default::default()
        }
    }

    /// Users in certificate order.
    pub fn users(&self) -> impl Iterator<Item = &UserInfo> {
        self.user_order.iter().filter_map(|id| self.users.get(id))
    }

    /// One user.
    pub fn user(&self, id: UserID) -> Option<&UserInfo> {
        self.users.get(&id)
    }

    /// One device.
    pub fn device(&self, id: DeviceID) -> Option<&DeviceCertificate> {
        self.devices.get(&id)
    }

    /// Devices of a user, in certificate order.
    pub fn devices_of(&self, user: UserID) -> Vec<&DeviceCertificate> {
        let mut v: Vec<_> = self
            .devices
            .values()
            .filter(|d| d.user_id == user)
            .collect();
        v.sort_by_key(|d| d.timestamp);
        v
    }

    /// The sequester authority, if the organization has one.
    pub fn sequester_authority(&self) -> Option<&SequesterAuthorityCertificate> {
        self.sequester_authority.as_ref()
    }

    /// The organization's root verify key.
    pub fn root_verify_key(&self) -> VerifyKey {
        self.root_verify_key
    }

    /// The accepted certificates as received: (common, sequester), in order.
    pub fn raw_certificates(&self) -> (&[Vec<u8>], &[Vec<u8>]) {
        (&self.raw_common, &self.raw_sequester)
    }

    /// Last timestamp of the common topic.
    pub fn last_common_timestamp(&self) -> Option<DateTime> {
        self.last_common
    }

    /// Verifies and adds a whole `certificate_get` answer, or nothing of it.
    pub fn ingest(
        &mut self,
        batch: &certificate_get::Certificates,
    ) -> Result<usize, InvalidCertificate> {
        let mut next = self.clone();
        for (i, c) in batch.sequester_certificates.iter().enumerate() {
            next.add_sequester(i + 1, c)?;
            next.raw_sequester.push(c.to_vec());
        }
        for (i, c) in batch.common_certificates.iter().enumerate() {
            next.add_common(i + 1, c)?;
            next.raw_common.push(c.to_vec());
        }
        *self = next;
        Ok(batch.common_certificates.len() + batch.sequester_certificates.len())
    }

    fn is_empty(&self) -> bool {
        self.last_common.is_none() && self.last_sequester.is_none()
    }

    fn add_sequester(&mut self, index: usize, signed: &[u8]) -> Result<(), InvalidCertificate> {
        let mut ctx = Ctx {
            topic: "sequester",
            index,
            kind: "sequester".into(),
            when: String::new(),
        };
        match AnyCertificate::unsecure_load(signed).map_err(|e| ctx.err(e.to_string()))? {
            AnyCertificate::SequesterAuthority(c) => {
                ctx.kind = "sequester authority".into();
                ctx.when = format!(" at {}", c.timestamp);
                if !self.is_empty() {
                    return Err(
                        ctx.err("the sequester authority must be the very first certificate")
                    );
                }
                let c: SequesterAuthorityCertificate =
                    certif::verify_and_load(signed, &self.root_verify_key)
                        .map_err(|_| ctx.err("not signed by the organization's root key"))?;
                self.last_sequester = Some(c.timestamp);
                self.sequester_authority = Some(c);
                Ok(())
            }
            AnyCertificate::Other { kind } => {
                // Sequester services are RSA-signed by the authority; their checks come
                // with sequester support. They still require a sequestered organization.
                if self.sequester_authority.is_none() {
                    return Err(ctx.err(format!(
                        "`{kind}` certificate in an organization without sequester"
                    )));
                }
                Ok(())
            }
            other => Err(ctx.err(format!(
                "unexpected certificate in the sequester topic: {other:?}"
            ))),
        }
    }

    fn author_key(
        &self,
        ctx: &Ctx,
        author: Option<DeviceID>,
        at: DateTime,
    ) -> Result<VerifyKey, InvalidCertificate> {
        match author {
            None => Ok(self.root_verify_key),
            Some(id) => {
                let dev = self
                    .devices
                    .get(&id)
                    .ok_or_else(|| ctx.err(format!("non-existing author device {id}")))?;
                if dev.timestamp > at {
                    return Err(ctx.err("older than its author device"));
                }
                Ok(dev.verify_key)
            }
        }
    }

    /// Checks that `author` is a non-revoked admin at `at`.
    fn check_admin_author(
        &self,
        ctx: &Ctx,
        author: DeviceID,
        at: DateTime,
    ) -> Result<UserID, InvalidCertificate> {
        let dev = self
            .devices
            .get(&author)
            .ok_or_else(|| ctx.err(format!("non-existing author device {author}")))?;
        let user = self
            .users
            .get(&dev.user_id)
            .ok_or_else(|| ctx.err("author's user is unknown"))?;
        if user.revoked_at(at) {
            return Err(ctx.err("author's user was revoked"));
        }
        if user.profile_at(at) != UserProfile::Admin {
            return Err(ctx.err("author is not an administrator"));
        }
        Ok(dev.user_id)
    }

    fn check_newer(
        &self,
        ctx: &Ctx,
        at: DateTime,
        allow_equal: bool,
    ) -> Result<(), InvalidCertificate> {
        if let Some(last) = self.last_common {
            if at < last || (at == last && !allow_equal) {
                return Err(ctx.err(format!(
                    "timestamp is not after the previous certificate ({last})"
                )));
            }
        }
        Ok(())
    }

    fn add_common(&mut self, index: usize, signed: &[u8]) -> Result<(), InvalidCertificate> {
        let mut ctx = Ctx {
            topic: "common",
            index,
            kind: "unknown".into(),
            when: String::new(),
        };
        let any = AnyCertificate::unsecure_load(signed).map_err(|e| ctx.err(e.to_string()))?;
        if let Some(ts) = any.timestamp() {
            ctx.when = format!(" at {ts}");
        }
        match any {
            AnyCertificate::User(c) => {
                ctx.kind = format!("user {}", c.user_id);
                let key = self.author_key(&ctx, c.author, c.timestamp)?;
                let c: UserCertificate = certif::verify_and_load(signed, &key)
                    .map_err(|_| ctx.err("signature does not match its author"))?;
                self.check_newer(&ctx, c.timestamp, false)?;
                match c.author {
                    None => {
                        if self.last_common.is_some() {
                            return Err(ctx.err("root-signed user after the bootstrap"));
                        }
                        if let Some(seq) = &self.sequester_authority {
                            if seq.timestamp != c.timestamp {
                                return Err(ctx.err(
                                    "bootstrap user and sequester authority timestamps differ",
                                ));
                            }
                        }
                    }
                    Some(author) => {
                        self.check_admin_author(&ctx, author, c.timestamp)?;
                    }
                }
                if self.users.contains_key(&c.user_id) {
                    return Err(ctx.err("this user already exists"));
                }
                self.last_common = Some(c.timestamp);
                self.user_order.push(c.user_id);
                self.users.insert(
                    c.user_id,
                    UserInfo {
                        certificate: c,
                        updates: Vec::new(),
                        revoked: None,
                    },
                );
            }
            AnyCertificate::Device(c) => {
                ctx.kind = format!("device {}", c.device_id);
                let key = self.author_key(&ctx, c.author, c.timestamp)?;
                let c: DeviceCertificate = certif::verify_and_load(signed, &key)
                    .map_err(|_| ctx.err("signature does not match its author"))?;
                let user = self
                    .users
                    .get(&c.user_id)
                    .ok_or_else(|| ctx.err("device of a non-existing user"))?;
                if user.revoked_at(c.timestamp) {
                    return Err(ctx.err("device of a revoked user"));
                }
                let author_user = c
                    .author
                    .and_then(|a| self.devices.get(&a))
                    .map(|d| d.user_id);
                let self_added = author_user == Some(c.user_id);
                if self_added {
                    self.check_newer(&ctx, c.timestamp, false)?;
                } else {
                    // A user's first device: same author and timestamp as the user.
                    if user.certificate.author != c.author
                        || user.certificate.timestamp != c.timestamp
                    {
                        return Err(ctx.err(
                            "a device created by someone else must be its user's first device, with the same author and timestamp",
                        ));
                    }
                    if self.devices.values().any(|d| d.user_id == c.user_id) {
                        return Err(ctx.err("the user already has a first device"));
                    }
                    self.check_newer(&ctx, c.timestamp, true)?;
                    if let Some(author) = c.author {
                        self.check_admin_author(&ctx, author, c.timestamp)?;
                    }
                }
                if self.devices.contains_key(&c.device_id) {
                    return Err(ctx.err("this device already exists"));
                }
                self.last_common = Some(c.timestamp);
                self.devices.insert(c.device_id, c);
            }
            AnyCertificate::UserUpdate(c) => {
                ctx.kind = format!("user update of {}", c.user_id);
                let key = self.author_key(&ctx, Some(c.author), c.timestamp)?;
                let c: UserUpdateCertificate = certif::verify_and_load(signed, &key)
                    .map_err(|_| ctx.err("signature does not match its author"))?;
                self.check_newer(&ctx, c.timestamp, false)?;
                let author_user = self.check_admin_author(&ctx, c.author, c.timestamp)?;
                if author_user == c.user_id {
                    return Err(ctx.err("a user cannot change their own profile"));
                }
                let target = self
                    .users
                    .get_mut(&c.user_id)
                    .ok_or_else(|| ctx.err("update of a non-existing user"))?;
                if target.revoked.is_some() {
                    return Err(ctx.err("update of a revoked user"));
                }
                if target.current_profile() == c.new_profile {
                    return Err(ctx.err("the new profile is the current one"));
                }
                self.last_common = Some(c.timestamp);
                target.updates.push(c);
            }
            AnyCertificate::RevokedUser(c) => {
                ctx.kind = format!("revocation of {}", c.user_id);
                let key = self.author_key(&ctx, Some(c.author), c.timestamp)?;
                let c: RevokedUserCertificate = certif::verify_and_load(signed, &key)
                    .map_err(|_| ctx.err("signature does not match its author"))?;
                self.check_newer(&ctx, c.timestamp, false)?;
                let author_user = self.check_admin_author(&ctx, c.author, c.timestamp)?;
                if author_user == c.user_id {
                    return Err(ctx.err("a user cannot revoke themselves"));
                }
                let target = self
                    .users
                    .get_mut(&c.user_id)
                    .ok_or_else(|| ctx.err("revocation of a non-existing user"))?;
                if target.revoked.is_some() {
                    return Err(ctx.err("this user is already revoked"));
                }
                self.last_common = Some(c.timestamp);
                target.revoked = Some(c);
            }
            AnyCertificate::SequesterAuthority(_) => {
                return Err(ctx.err("sequester authority in the common topic"));
            }
            AnyCertificate::Other { kind } => {
                return Err(ctx.err(format!(
                    "unexpected `{kind}` certificate in the common topic"
                )));
            }
            other => {
                return Err(ctx.err(format!(
                    "unexpected certificate in the common topic: {other:?}"
                )));
            }
        }
        Ok(())
    }
}

/// Why fetching certificates failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PollError {
    /// Transport or handshake failure.
    #[error(transparent)]
    Connection(#[from] crate::connection::ConnectionError),
    /// The server answered a status we do not expect.
    #[error("unexpected answer from the server: {0}")]
    UnexpectedStatus(String),
    /// The chain does not verify.
    #[error(transparent)]
    Invalid(#[from] InvalidCertificate),
}

/// Fetches the certificates the store does not have yet and verifies them; returns how
/// many were added.
pub async fn poll(
    cmds: &crate::connection::AuthenticatedCmds,
    store: &mut CertificateStore,
) -> Result<usize, PollError> {
    match cmds
        .send::<certificate_get::CertificateGet>(&store.next_request())
        .await?
    {
        certificate_get::Rep::Ok(batch) => Ok(store.ingest(&batch)?),
        certificate_get::Rep::UnknownStatus(u) => Err(PollError::UnexpectedStatus(u.status)),
    }
}
