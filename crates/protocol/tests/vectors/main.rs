//! The official test vectors, byte for byte: `wire-vectors.json` (wire.md §10: crypto,
//! certificates, authorization headers, addresses, msgpack encodings) and
//! `certificates-vectors.json` (certificates.md). The JSON files are copied unchanged in
//! `tests/data/`; device files (`device_file_vectors.rs`) and invitations
//! (`invite_vectors.rs`) have their own test binaries.

use parsec_protocol::addr::{
    BootstrapAddr, InvitationAddr, InvitationType, OrganizationAddr, ServerAddr,
};
use parsec_protocol::certif::{
    self, AnyCertificate, DeviceCertificate, DevicePurpose, PrivateKeyAlgorithm,
    RevokedUserCertificate, SequesterAuthorityCertificate, SigningKeyAlgorithm, UserCertificate,
    UserUpdateCertificate,
};
use parsec_protocol::crypto::{
    derive_key_argon2id, Argon2Params, HashDigest, PrivateKey, PublicKey, SecretKey, SigningKey,
    VerifyKey,
};
use parsec_protocol::data::{self, Typed};
use parsec_protocol::ids::{AccessToken, DeviceID, HumanHandle, OrganizationID, UserID};
use parsec_protocol::{auth, cmds, DateTime};
use serde_json::Value as Json;
use std::fmt::Debug;

mod addresses;
mod auth_headers;
mod certificates;
mod crypto;
mod msgpack;

// ---------------------------------------------------------------------------
// JSON helpers

fn parse(text: &str) -> Json {
    serde_json::from_str(text).expect("vector files are valid JSON")
}

fn wire() -> Json {
    parse(include_str!("../data/wire-vectors.json"))
}

/// The entry `name` of `wire-vectors.json`.
fn wire_vector(name: &str) -> Json {
    wire()["vectors"]
        .as_array()
        .expect("`vectors` is an array")
        .iter()
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("no vector `{name}`"))
        .clone()
}

fn s(v: &Json) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
}

fn bytes(v: &Json) -> Vec<u8> {
    hex::decode(s(v)).expect("valid hex")
}

fn arr<const N: usize>(v: &Json) -> [u8; N] {
    bytes(v)
        .try_into()
        .unwrap_or_else(|b: Vec<u8>| panic!("expected {N} bytes, got {}", b.len()))
}

fn utf8(v: &Json) -> &[u8] {
    s(v).as_bytes()
}

fn parsed<T: std::str::FromStr>(v: &Json) -> T
where
    T::Err: Debug,
{
    s(v).parse()
        .unwrap_or_else(|e| panic!("cannot parse {v}: {e:?}"))
}
