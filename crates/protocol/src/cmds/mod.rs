//! RPC command bodies (wire.md §2.1–2.3, §7).
//!
//! A request is a msgpack map `{"cmd": <name>, …fields in schema order}`; a response is
//! `{"status": <status>, …fields sorted by name}`. Responses with a status we do not
//! know decode to an `UnknownStatus` variant instead of failing, as the official client
//! does; unknown extra keys are ignored. Commands without fields refuse extra keys (the
//! official server answers 415 then).
//!
//! Each command lives in `<family>/<command>.rs` and is declared once with `command!`:
//! its name, the families whose endpoint accepts it, and the table of its reply statuses,
//! from which the reply's encoder and decoder are generated. Its marker type implements
//! [`Command`], which ties the name, `Req` and `Rep` together for generic senders. The
//! administration API ([`admin`]) is JSON over REST, with HTTP statuses instead of a
//! `status` key, so it has plain serde types instead.

#[macro_use]
mod macros;

pub mod admin;
pub mod anonymous;
pub mod authenticated;
pub mod invited;
pub mod tos;

use crate::data::{self, DataError};
use crate::scan;
use crate::time::DateTime;
use rmpv::Value;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// One RPC command: its `cmd` name, request and reply, and their codecs.
///
/// Implemented by the uninhabited marker type of each command (e.g.
/// [`authenticated::UserRevoke`]); the family traits ([`AnonymousCommand`],
/// [`AuthenticatedCommand`], [`InvitedCommand`]) say which endpoints accept it.
pub trait Command {
    /// The `cmd` value.
    const NAME: &'static str;
    /// Every status of the reply table, in declaration order.
    const STATUSES: &'static [&'static str];
    /// The request.
    type Req: fmt::Debug;
    /// The reply.
    type Rep: fmt::Debug + Clone + PartialEq;

    /// Encodes a request body.
    fn dump_req(req: &Self::Req) -> Vec<u8>;
    /// Decodes the fields of a request whose `cmd` is [`Self::NAME`].
    fn load_req(raw: RawReq<'_>) -> Result<Self::Req, DataError>;
    /// Encodes a reply body.
    fn dump_rep(rep: &Self::Rep) -> Vec<u8>;
    /// Decodes a reply body.
    fn load_rep(bytes: &[u8]) -> Result<Self::Rep, DataError>;

    /// One reply per table row, with the row's status (tests only).
    #[cfg(test)]
    fn rep_examples() -> Vec<(&'static str, Self::Rep)>;
}

/// A command accepted by `POST /anonymous/<org>`.
pub trait AnonymousCommand: Command {}

/// A command accepted by `POST /authenticated/<org>`.
pub trait AuthenticatedCommand: Command {}

/// A command accepted by `POST /invited/<org>`.
pub trait InvitedCommand: Command {}

/// A command accepted by `POST /authenticated/<org>/tos`.
pub trait TosCommand: Command {}

/// Something done for every command of a family (see `AnyCmdReq::visit_commands`).
pub trait CommandVisitor {
    /// Called once per command.
    fn visit<C: Command>(&mut self);
}

/// An `X.Y` API version (wire.md §1.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ApiVersion {
    /// Compared for compatibility.
    pub major: u32,
    /// Revisions add optional fields and statuses.
    pub minor: u32,
}

/// The version we speak: Parsec 3.9.3's.
pub const API_VERSION: ApiVersion = ApiVersion { major: 5, minor: 5 };

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl FromStr for ApiVersion {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let (a, b) = s.split_once('.').ok_or(())?;
        let digits = |x: &str| !x.is_empty() && x.bytes().all(|c| c.is_ascii_digit());
        if !digits(a) || !digits(b) {
            return Err(());
        }
        Ok(Self {
            major: a.parse().map_err(|_| ())?,
            minor: b.parse().map_err(|_| ())?,
        })
    }
}

/// Fields of the `timestamp_out_of_ballpark` status shared by many commands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimestampOutOfBallpark {
    /// How far ahead of the server a client may be, in seconds (300.0).
    pub ballpark_client_early_offset: f64,
    /// How far behind the server a client may be, in seconds (320.0).
    pub ballpark_client_late_offset: f64,
    /// The server's clock.
    pub server_timestamp: DateTime,
    /// The timestamp the client sent.
    pub client_timestamp: DateTime,
}

/// Fields of the `require_greater_timestamp` status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequireGreaterTimestamp {
    /// The new certificate must be strictly after this.
    pub strictly_greater_than: DateTime,
}

/// A status this crate does not know, kept for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownStatus {
    /// The status string.
    pub status: String,
    /// The optional `reason` field.
    pub reason: Option<String>,
}

/// Encodes a request: `cmd` first, then the struct's fields in order.
pub fn dump_req<T: Serialize>(cmd: &str, fields: &T) -> Vec<u8> {
    let fields = struct_fields(fields);
    keyed_map(
        "cmd",
        cmd,
        &fields.bytes,
        fields.pairs.iter().map(|p| p.range.clone()),
    )
}

/// A struct serialized as a msgpack map, and where each of its pairs lies.
struct StructFields {
    bytes: Vec<u8>,
    pairs: Vec<FieldPair>,
}

struct FieldPair {
    key_start: usize,
    /// The key and its value.
    range: std::ops::Range<usize>,
}

impl FieldPair {
    fn key<'a>(&self, bytes: &'a [u8]) -> Option<&'a str> {
        scan::str_at(bytes, self.key_start)
    }
}

/// Serializes `fields` (a struct, or a unit for none) with named keys, and finds its
/// top-level pairs without decoding them.
fn struct_fields<T: Serialize>(fields: &T) -> StructFields {
    let bytes = rmp_serde::to_vec_named(fields).expect("our types always serialize to msgpack");
    let mut pairs = Vec::new();
    if let Ok(scan::Shape::Map { len, start }) = scan::shape(&bytes) {
        let mut pos = start;
        for _ in 0..len {
            let key_end = scan::skip(&bytes, pos).expect("rmp-serde output is valid msgpack");
            let end = scan::skip(&bytes, key_end).expect("rmp-serde output is valid msgpack");
            pairs.push(FieldPair {
                key_start: pos,
                range: pos..end,
            });
            pos = end;
        }
    }
    StructFields { bytes, pairs }
}

/// `{key: value, …pairs}`: the pairs are copied as they were encoded.
fn keyed_map(
    key: &str,
    value: &str,
    bytes: &[u8],
    pairs: impl ExactSizeIterator<Item = std::ops::Range<usize>>,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + key.len() + value.len() + 8);
    let len = u32::try_from(pairs.len() + 1).expect("a struct has few fields");
    // Writing to a Vec cannot fail.
    let _ = rmp::encode::write_map_len(&mut out, len);
    let _ = rmp::encode::write_str(&mut out, key);
    let _ = rmp::encode::write_str(&mut out, value);
    for range in pairs {
        out.extend_from_slice(&bytes[range]);
    }
    out
}

/// A request body whose `cmd` was read: the fields are decoded only once the command is
/// known, straight into its `Req` (no generic value tree is built).
#[derive(Debug)]
pub struct RawReq<'a> {
    /// The `cmd` value.
    pub cmd: String,
    /// Number of keys besides `cmd`.
    extra_keys: usize,
    bytes: &'a [u8],
}

/// A well-formed top-level map: its number of pairs and the value of the string key `key`.
fn split_map<'a>(bytes: &'a [u8], key: &str, what: &str) -> Result<(usize, &'a str), DataError> {
    let bad = |m: String| DataError::Deserialization(m);
    let scan::Shape::Map { len, start } = scan::shape(bytes)? else {
        scan::check_one(bytes)?;
        return Err(bad(format!("{what} is not a map")));
    };
    let at = scan::find_key_in_whole(bytes, start, len, key)?
        .ok_or_else(|| bad(format!("missing `{key}`")))?;
    let value = scan::str_at(bytes, at).ok_or_else(|| bad(format!("`{key}` is not a string")))?;
    Ok((len, value))
}

impl<'a> RawReq<'a> {
    /// Reads `cmd` from the request map, checking the body is well-formed msgpack
    /// without decoding the other keys.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, DataError> {
        let (len, cmd) = split_map(bytes, "cmd", "request")?;
        Ok(Self {
            cmd: cmd.to_owned(),
            extra_keys: len.saturating_sub(1),
            bytes,
        })
    }

    /// Decodes the fields of a command that has some (extra keys, `cmd` among them, ignored).
    pub fn fields<T: DeserializeOwned>(self) -> Result<T, DataError> {
        data::from_checked_slice(self.bytes)
    }

    /// Checks that a command without fields has none.
    pub fn no_fields(self) -> Result<(), DataError> {
        if self.extra_keys == 0 {
            Ok(())
        } else {
            Err(DataError::Deserialization(format!(
                "`{}` takes no fields",
                self.cmd
            )))
        }
    }
}

/// Encodes a response: `status` first, then the fields sorted by name.
pub fn dump_rep<T: Serialize>(status: &str, fields: &T) -> Vec<u8> {
    let mut fields = struct_fields(fields);
    let bytes = std::mem::take(&mut fields.bytes);
    fields
        .pairs
        .sort_by(|a, b| a.key(&bytes).cmp(&b.key(&bytes)));
    keyed_map(
        "status",
        status,
        &bytes,
        fields.pairs.iter().map(|p| p.range.clone()),
    )
}

/// Encodes a response without fields.
pub fn dump_status(status: &str) -> Vec<u8> {
    data::write_value(&Value::Map(vec![(
        Value::from("status"),
        Value::from(status),
    )]))
}

/// A response body whose `status` was read: the fields are decoded only once the status
/// is known, straight into their type.
#[derive(Debug)]
pub struct RawRep<'a> {
    /// The `status` value.
    pub status: String,
    bytes: &'a [u8],
}

impl<'a> RawRep<'a> {
    /// Reads `status` from the response map (a response must be a map).
    pub fn parse(bytes: &'a [u8]) -> Result<Self, DataError> {
        let (_, status) = split_map(bytes, "status", "response")?;
        Ok(Self {
            status: status.to_owned(),
            bytes,
        })
    }

    /// Decodes the fields of a known status (extra keys, `status` among them, ignored).
    pub fn fields<T: DeserializeOwned>(self) -> Result<T, DataError> {
        data::from_checked_slice(self.bytes)
    }

    /// Turns an unexpected status into [`UnknownStatus`], keeping its `reason`.
    pub fn unknown(self) -> UnknownStatus {
        let reason = match scan::shape(self.bytes) {
            Ok(scan::Shape::Map { len, start }) => scan::find_key(self.bytes, start, len, "reason")
                .ok()
                .flatten()
                .and_then(|at| scan::str_at(self.bytes, at))
                .map(str::to_owned),
            _ => None,
        };
        UnknownStatus {
            status: self.status,
            reason,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
