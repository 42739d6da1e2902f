//! Serialization of typed payloads (wire.md §2.4).
//!
//! A typed payload is a msgpack map whose first key `type` holds a fixed literal.
//! "Format v0" (certificates, greeting payloads) prefixes `0x00` and compresses the map
//! with zstd; device files and their `LocalDevice` use the plain map. Loaders also accept
//! the positional array form (`[type, field1, …]`) that older writers produced.

use rmpv::Value;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Largest decompressed format-v0 payload (certificate, greeting payload) accepted by
/// default, in bytes. The largest legitimate certificate, a user certificate whose human
/// handle has a 254-byte email and a 254-character label, is under 2 KiB; a sequester
/// authority certificate with a 4096-bit RSA key is under 1 KiB.
pub const MAX_PAYLOAD_SIZE: usize = 64 * 1024;

/// A payload that cannot be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DataError {
    /// First byte is not the format version 0.
    #[error("unsupported payload format version")]
    BadFormatVersion,
    /// zstd frame cannot be decompressed.
    #[error("payload decompression failed")]
    Decompression,
    /// The decompressed payload would exceed the limit for its kind.
    #[error("payload decompresses to more than {limit} bytes")]
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// msgpack is malformed or fields are missing or ill-typed.
    #[error("payload cannot be deserialized: {0}")]
    Deserialization(String),
    /// `type` is not the expected literal.
    #[error("unexpected payload type `{found}`, expected `{expected}`")]
    BadType {
        /// What we wanted.
        expected: &'static str,
        /// What we got.
        found: String,
    },
}

/// A struct serialized as a typed msgpack map.
pub trait Typed: Serialize + DeserializeOwned {
    /// The `type` literal.
    const TYPE: &'static str;
    /// Largest decompressed msgpack accepted when this kind is read from format v0.
    const MAX_SIZE: usize = MAX_PAYLOAD_SIZE;
}

/// Encodes a serde value as an rmpv value (ext types preserved).
///
/// Goes through rmp-serde bytes rather than `rmpv::ext::to_value`: rmpv's serializer writes
/// structs as positional arrays and unit variants as `[index, []]`, while the protocol needs
/// maps with string keys and variant names as strings (what rmp-serde's named mode writes).
pub fn to_value<T: Serialize>(value: &T) -> Value {
    let bytes = rmp_serde::to_vec_named(value).expect("our types always serialize to msgpack");
    read_value(&bytes).expect("rmp-serde output is valid msgpack")
}

/// Decodes an rmpv value into a serde value (through rmp-serde, like [`to_value`]).
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, DataError> {
    rmp_serde::from_slice(&write_value(&value))
        .map_err(|e| DataError::Deserialization(e.to_string()))
}

/// Writes a value with the smallest msgpack encodings (as rmp-serde does).
pub fn write_value(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    rmpv::encode::write_value(&mut out, value).expect("writing to a Vec cannot fail");
    out
}

/// Reads one msgpack value; trailing bytes are an error.
pub fn read_value(bytes: &[u8]) -> Result<Value, DataError> {
    let mut cursor = bytes;
    let v = rmpv::decode::read_value(&mut cursor)
        .map_err(|e| DataError::Deserialization(e.to_string()))?;
    if !cursor.is_empty() {
        return Err(DataError::Deserialization(
            "trailing bytes after msgpack value".into(),
        ));
    }
    Ok(v)
}

/// `{"type": T::TYPE, …fields in declaration order}` as msgpack.
pub fn dump_typed<T: Typed>(value: &T) -> Vec<u8> {
    let mut pairs = vec![(Value::from("type"), Value::from(T::TYPE))];
    match to_value(value) {
        Value::Map(fields) => pairs.extend(fields),
        other => unreachable!("typed payloads are structs, got {other:?}"),
    }
    write_value(&Value::Map(pairs))
}

/// The `type` literal of a decoded typed map or array, if any.
pub fn type_of(value: &Value) -> Option<&str> {
    match value {
        Value::Map(pairs) => pairs
            .iter()
            .find(|(k, _)| k.as_str() == Some("type"))
            .and_then(|(_, v)| v.as_str()),
        Value::Array(items) => items.first().and_then(Value::as_str),
        _ => None,
    }
}

/// Decodes msgpack straight into `T` (no intermediate value tree); the bytes must hold
/// exactly one value. Unknown map keys are ignored, as with [`from_value`].
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DataError> {
    crate::scan::check_one(bytes)?;
    from_checked_slice(bytes)
}

/// [`from_slice`] of bytes already checked to hold exactly one well-formed value.
pub(crate) fn from_checked_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DataError> {
    rmp_serde::from_slice(bytes).map_err(|e| DataError::Deserialization(e.to_string()))
}

/// Decodes a typed msgpack map (or positional array) straight into `T` after checking
/// its `type`, without building a generic value.
pub fn load_typed<T: Typed>(bytes: &[u8]) -> Result<T, DataError> {
    use crate::scan::{self, Shape};
    scan::check_one(bytes)?;
    let bad_type = |found: Option<&str>| DataError::BadType {
        expected: T::TYPE,
        found: found.unwrap_or_default().to_owned(),
    };
    match scan::shape(bytes)? {
        Shape::Map { len, start } => {
            let found =
                scan::find_key(bytes, start, len, "type")?.and_then(|at| scan::str_at(bytes, at));
            if found != Some(T::TYPE) {
                return Err(bad_type(found));
            }
            // `type` is an unknown key for `T`, ignored like any other.
            from_slice(bytes)
        }
        Shape::Array { len, start } => {
            let found = (len > 0).then(|| scan::str_at(bytes, start)).flatten();
            if found != Some(T::TYPE) {
                return Err(bad_type(found));
            }
            let rest = scan::skip(bytes, start)?;
            let mut stripped = scan::array_header(len - 1);
            stripped.extend_from_slice(&bytes[rest..]);
            from_slice(&stripped)
        }
        Shape::Other => Err(bad_type(None)),
    }
}

/// The `type` literal of a typed msgpack map or positional array, read without decoding
/// the rest (`None` if absent or not a string).
pub fn peek_type(bytes: &[u8]) -> Result<Option<&str>, DataError> {
    use crate::scan::{self, Shape};
    scan::check_one(bytes)?;
    Ok(match scan::shape(bytes)? {
        Shape::Map { len, start } => {
            scan::find_key(bytes, start, len, "type")?.and_then(|at| scan::str_at(bytes, at))
        }
        Shape::Array { len, start } if len > 0 => scan::str_at(bytes, start),
        _ => None,
    })
}

/// `0x00 || zstd(msgpack)`: the official encoder's output (level 3, streaming, no
/// content size in the frame header).
pub fn dump_v0<T: Typed>(value: &T) -> Vec<u8> {
    compress_v0(&dump_typed(value))
}

/// `0x00 || zstd(raw)`.
pub fn compress_v0(raw: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8];
    let mut enc = zstd::stream::Encoder::new(&mut out, 3).expect("level 3 is valid");
    std::io::Write::write_all(&mut enc, raw).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail");
    out
}

/// Strips the version byte and decompresses at most `limit` bytes.
///
/// The frame is decoded in one pass into a buffer of `limit` bytes, which is also the
/// decoder's window: nothing else grows with what the frame claims or expands to, and a
/// frame that would produce more stops with [`DataError::TooLarge`] as soon as the buffer
/// is full (or at once if its header announces a larger content size).
pub fn decompress_v0(data: &[u8], limit: usize) -> Result<Vec<u8>, DataError> {
    use zstd::zstd_safe;
    let (first, frame) = data.split_first().ok_or(DataError::BadFormatVersion)?;
    if *first != 0 {
        return Err(DataError::BadFormatVersion);
    }
    let mut out = Vec::with_capacity(limit);
    let mut dctx = zstd_safe::DCtx::try_create().ok_or(DataError::Decompression)?;
    match dctx.decompress(&mut out, frame) {
        Ok(_) => Ok(out),
        Err(code) if zstd_safe::get_error_name(code) == DST_TOO_SMALL => {
            Err(DataError::TooLarge { limit })
        }
        Err(_) => Err(DataError::Decompression),
    }
}

/// zstd's name for `ZSTD_error_dstSize_tooSmall`.
const DST_TOO_SMALL: &str = "Destination buffer is too small";

/// Reads format v0 into `T`, decompressing at most [`Typed::MAX_SIZE`] bytes.
pub fn load_v0<T: Typed>(data: &[u8]) -> Result<T, DataError> {
    load_typed(&decompress_v0(data, T::MAX_SIZE)?)
}
