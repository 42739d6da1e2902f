//! Msgpack extension types (wire.md §2.2): `DateTime` is ext 1 (8-byte big-endian signed
//! microseconds), every UUID-based identifier is ext 2 (16 raw bytes).
//!
//! rmp-serde and rmpv both recognise a newtype struct named
//! [`rmp_serde::MSGPACK_EXT_STRUCT_NAME`] holding an `(i8, bytes)` tuple as an extension.

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::Serializer;
use serde_bytes::{ByteBuf, Bytes};
use std::fmt;

/// Extension tag of `DateTime`.
pub const EXT_DATETIME: i8 = 1;
/// Extension tag of UUID-based identifiers.
pub const EXT_UUID: i8 = 2;

const EXT_NAME: &str = rmp_serde::MSGPACK_EXT_STRUCT_NAME;

/// Serializes `data` as a msgpack extension of type `tag`.
pub fn serialize_ext<S: Serializer>(
    tag: i8,
    data: &[u8],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_newtype_struct(EXT_NAME, &(tag, Bytes::new(data)))
}

/// Deserializes a msgpack extension, checking its type and returning its payload.
pub fn deserialize_ext<'de, D: Deserializer<'de>>(
    expected_tag: i8,
    deserializer: D,
) -> Result<Vec<u8>, D::Error> {
    struct ExtVisitor;
    impl<'de> Visitor<'de> for ExtVisitor {
        type Value = (i8, Vec<u8>);
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a msgpack extension")
        }
        fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            let (tag, data): (i8, ByteBuf) = serde::Deserialize::deserialize(d)?;
            Ok((tag, data.into_vec()))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let tag: i8 = seq
                .next_element()?
                .ok_or_else(|| de::Error::invalid_length(0, &self))?;
            let data: ByteBuf = seq
                .next_element()?
                .ok_or_else(|| de::Error::invalid_length(1, &self))?;
            Ok((tag, data.into_vec()))
        }
    }
    let (tag, data) = deserializer.deserialize_newtype_struct(EXT_NAME, ExtVisitor)?;
    if tag != expected_tag {
        return Err(de::Error::custom(format!(
            "expected msgpack extension type {expected_tag}, got {tag}"
        )));
    }
    Ok(data)
}
