//! Serialization of typed payloads (wire.md §2.4).
//!
//! A typed payload is a msgpack map whose first key `type` holds a fixed literal.
//! "Format v0" (certificates, greeting payloads) prefixes `0x00` and compresses the map
//! with zstd; device files and their `LocalDevice` use the plain map. Loaders also accept
//! the positional array form (`[type, field1, …]`) that older writers produced.

use rmpv::Value;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::io::Read;

/// Largest decompressed payload we accept (protection against zstd bombs).
const MAX_DECOMPRESSED: u64 = 8 * 1024 * 1024;

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

/// Decodes a typed map (or positional array) after checking its `type`.
pub fn load_typed_value<T: Typed>(value: Value) -> Result<T, DataError> {
    let found = type_of(&value).unwrap_or_default().to_owned();
    if found != T::TYPE {
        return Err(DataError::BadType {
            expected: T::TYPE,
            found,
        });
    }
    let stripped = match value {
        Value::Map(pairs) => Value::Map(
            pairs
                .into_iter()
                .filter(|(k, _)| k.as_str() != Some("type"))
                .collect(),
        ),
        Value::Array(mut items) => {
            items.remove(0);
            Value::Array(items)
        }
        other => other,
    };
    from_value(stripped)
}

/// Decodes a typed msgpack map.
pub fn load_typed<T: Typed>(bytes: &[u8]) -> Result<T, DataError> {
    load_typed_value(read_value(bytes)?)
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

/// Strips the version byte and decompresses (streaming decoder: no content size needed).
pub fn decompress_v0(data: &[u8]) -> Result<Vec<u8>, DataError> {
    let (first, frame) = data.split_first().ok_or(DataError::BadFormatVersion)?;
    if *first != 0 {
        return Err(DataError::BadFormatVersion);
    }
    let decoder = zstd::stream::read::Decoder::new(frame).map_err(|_| DataError::Decompression)?;
    let mut out = Vec::new();
    decoder
        .take(MAX_DECOMPRESSED + 1)
        .read_to_end(&mut out)
        .map_err(|_| DataError::Decompression)?;
    if out.len() as u64 > MAX_DECOMPRESSED {
        return Err(DataError::Decompression);
    }
    Ok(out)
}

/// Reads format v0 into a decoded msgpack value.
pub fn load_v0_value(data: &[u8]) -> Result<Value, DataError> {
    read_value(&decompress_v0(data)?)
}

/// Reads format v0 into `T`.
pub fn load_v0<T: Typed>(data: &[u8]) -> Result<T, DataError> {
    load_typed_value(load_v0_value(data)?)
}
