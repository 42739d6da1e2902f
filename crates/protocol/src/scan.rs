//! Reading the shape of a msgpack value without building it.
//!
//! Request and reply bodies, certificates and payloads are decoded with rmp-serde straight
//! into their typed structs; before that, a loader only needs to know the value's top-level
//! shape and one or two string fields (`cmd`, `status`, `type`). [`skip`] walks a value
//! with a counter of pending items instead of recursion or allocation, so a body of `n`
//! bytes costs `O(n)` time and `O(1)` memory however it is nested, and it rejects truncated
//! input. rmp-serde itself caps nesting at 1,024 levels.

use crate::data::DataError;

fn bad(what: &str) -> DataError {
    DataError::Deserialization(what.to_owned())
}

fn truncated() -> DataError {
    bad("truncated msgpack value")
}

/// `len` bytes starting at `pos`, or an error if the input is shorter.
fn take(bytes: &[u8], pos: usize, len: usize) -> Result<&[u8], DataError> {
    let end = pos.checked_add(len).ok_or_else(truncated)?;
    bytes.get(pos..end).ok_or_else(truncated)
}

/// A big-endian unsigned length of `n` bytes at `pos`.
fn read_len(bytes: &[u8], pos: usize, n: usize) -> Result<usize, DataError> {
    let raw = take(bytes, pos, n)?;
    let len = raw.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    usize::try_from(len).map_err(|_| truncated())
}

/// What one msgpack marker introduces.
enum Item {
    /// A scalar or a string/binary/extension: `header` bytes, then `payload` bytes.
    Leaf { header: usize, payload: usize },
    /// An array or a map: `header` bytes, then `children` values.
    Container { header: usize, children: usize },
}

/// Decodes the marker (and its length field) at `pos`.
fn item(bytes: &[u8], pos: usize) -> Result<Item, DataError> {
    let marker = *bytes.get(pos).ok_or_else(truncated)?;
    let leaf = |header, payload| Ok(Item::Leaf { header, payload });
    let sized = |n: usize, extra: usize| -> Result<Item, DataError> {
        let payload = read_len(bytes, pos + 1, n)?
            .checked_add(extra)
            .ok_or_else(truncated)?;
        Ok(Item::Leaf {
            header: 1 + n,
            payload,
        })
    };
    let container = |n: usize, per: usize| -> Result<Item, DataError> {
        let len = read_len(bytes, pos + 1, n)?;
        Ok(Item::Container {
            header: 1 + n,
            children: len.checked_mul(per).ok_or_else(truncated)?,
        })
    };
    match marker {
        0x00..=0x7f | 0xe0..=0xff | 0xc0 | 0xc2 | 0xc3 => leaf(1, 0),
        0x80..=0x8f => Ok(Item::Container {
            header: 1,
            children: usize::from(marker & 0x0f) * 2,
        }),
        0x90..=0x9f => Ok(Item::Container {
            header: 1,
            children: usize::from(marker & 0x0f),
        }),
        0xa0..=0xbf => leaf(1, usize::from(marker & 0x1f)),
        0xc1 => Err(bad("reserved msgpack marker 0xc1")),
        0xc4 | 0xd9 => sized(1, 0),
        0xc5 | 0xda => sized(2, 0),
        0xc6 | 0xdb => sized(4, 0),
        0xc7 => sized(1, 1),
        0xc8 => sized(2, 1),
        0xc9 => sized(4, 1),
        0xca => leaf(1, 4),
        0xcb => leaf(1, 8),
        0xcc | 0xd0 => leaf(1, 1),
        0xcd | 0xd1 => leaf(1, 2),
        0xce | 0xd2 => leaf(1, 4),
        0xcf | 0xd3 => leaf(1, 8),
        0xd4 => leaf(1, 2),
        0xd5 => leaf(1, 3),
        0xd6 => leaf(1, 5),
        0xd7 => leaf(1, 9),
        0xd8 => leaf(1, 17),
        0xdc => container(2, 1),
        0xdd => container(4, 1),
        0xde => container(2, 2),
        0xdf => container(4, 2),
    }
}

/// The offset just past the value starting at `pos`.
pub fn skip(bytes: &[u8], pos: usize) -> Result<usize, DataError> {
    let mut pos = pos;
    let mut pending: usize = 1;
    while pending > 0 {
        pending -= 1;
        match item(bytes, pos)? {
            Item::Leaf { header, payload } => {
                let len = header.checked_add(payload).ok_or_else(truncated)?;
                take(bytes, pos, len)?;
                pos += len;
            }
            Item::Container { header, children } => {
                pos += header;
                // Every value takes at least one byte: more pending values than bytes
                // left can only be a lie, refused before walking it.
                pending = pending.checked_add(children).ok_or_else(truncated)?;
                if pending > bytes.len().saturating_sub(pos) {
                    return Err(truncated());
                }
            }
        }
    }
    Ok(pos)
}

/// Checks that `bytes` holds exactly one well-formed value.
pub fn check_one(bytes: &[u8]) -> Result<(), DataError> {
    if skip(bytes, 0)? != bytes.len() {
        return Err(bad("trailing bytes after msgpack value"));
    }
    Ok(())
}

/// The top-level shape of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A map of `len` pairs whose first key starts at `start`.
    Map {
        /// Number of pairs.
        len: usize,
        /// Offset of the first key.
        start: usize,
    },
    /// An array of `len` items whose first item starts at `start`.
    Array {
        /// Number of items.
        len: usize,
        /// Offset of the first item.
        start: usize,
    },
    /// Anything else.
    Other,
}

/// The shape of the value at the start of `bytes`.
pub fn shape(bytes: &[u8]) -> Result<Shape, DataError> {
    let marker = *bytes.first().ok_or_else(truncated)?;
    Ok(match item(bytes, 0)? {
        Item::Container { header, children } if matches!(marker, 0x80..=0x8f | 0xde | 0xdf) => {
            Shape::Map {
                len: children / 2,
                start: header,
            }
        }
        Item::Container { header, children } => Shape::Array {
            len: children,
            start: header,
        },
        Item::Leaf { .. } => Shape::Other,
    })
}

/// The string at `pos`, if the value there is a valid UTF-8 string.
pub fn str_at(bytes: &[u8], pos: usize) -> Option<&str> {
    let marker = *bytes.get(pos)?;
    if !matches!(marker, 0xa0..=0xbf | 0xd9..=0xdb) {
        return None;
    }
    let Ok(Item::Leaf { header, payload }) = item(bytes, pos) else {
        return None;
    };
    std::str::from_utf8(take(bytes, pos + header, payload).ok()?).ok()
}

/// The last value of `key` in the top-level map that starts at `start` with `len` pairs:
/// its offset, or `None` if the key is absent. The map must be well formed.
pub fn find_key(
    bytes: &[u8],
    start: usize,
    len: usize,
    key: &str,
) -> Result<Option<usize>, DataError> {
    walk_map(bytes, start, len, key).map(|(found, _)| found)
}

/// [`find_key`] on a map that must end exactly where `bytes` does: walking its pairs
/// checks it whole, as [`check_one`] would, in the same pass.
pub fn find_key_in_whole(
    bytes: &[u8],
    start: usize,
    len: usize,
    key: &str,
) -> Result<Option<usize>, DataError> {
    let (found, end) = walk_map(bytes, start, len, key)?;
    if end != bytes.len() {
        return Err(bad("trailing bytes after msgpack value"));
    }
    Ok(found)
}

/// Walks the `len` pairs of a map from `start`: the offset of the last value of `key`, and
/// where the map ends.
fn walk_map(
    bytes: &[u8],
    start: usize,
    len: usize,
    key: &str,
) -> Result<(Option<usize>, usize), DataError> {
    let mut pos = start;
    let mut found = None;
    for _ in 0..len {
        let value = skip(bytes, pos)?;
        if str_at(bytes, pos) == Some(key) {
            found = Some(value);
        }
        pos = skip(bytes, value)?;
    }
    Ok((found, pos))
}

/// The msgpack header of an array of `len` items.
pub fn array_header(len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(5);
    // Writing to a Vec cannot fail, and every length fits one of the three forms.
    let _ = rmp::encode::write_array_len(&mut out, u32::try_from(len).unwrap_or(u32::MAX));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rmpv::Value;

    fn enc(v: &Value) -> Vec<u8> {
        crate::data::write_value(v)
    }

    #[test]
    fn skip_walks_every_kind_of_value() {
        let v = Value::Map(vec![
            (Value::from("cmd"), Value::from("x")),
            (
                Value::from("a"),
                Value::Array(vec![
                    Value::Nil,
                    Value::from(true),
                    Value::from(-3),
                    Value::from(70_000),
                    Value::from(u64::MAX),
                    Value::F32(1.5),
                    Value::F64(2.5),
                    Value::Binary(vec![1; 300]),
                    Value::from("é".repeat(200)),
                    Value::Ext(1, vec![0; 8]),
                    Value::Ext(2, vec![0; 16]),
                    Value::Ext(3, vec![0; 3]),
                    Value::Ext(4, vec![0; 70_000]),
                    Value::Array(vec![Value::Nil; 20]),
                ]),
            ),
        ]);
        let bytes = enc(&v);
        assert_eq!(skip(&bytes, 0).expect("valid"), bytes.len());
        check_one(&bytes).expect("valid");
        let Shape::Map { len, start } = shape(&bytes).expect("map") else {
            panic!("not a map")
        };
        assert_eq!(len, 2);
        let at = find_key(&bytes, start, len, "cmd").expect("valid");
        assert_eq!(at.and_then(|p| str_at(&bytes, p)), Some("x"));
        assert_eq!(find_key(&bytes, start, len, "zz").expect("valid"), None);
        // In the same pass, the whole map is checked.
        assert_eq!(
            find_key_in_whole(&bytes, start, len, "cmd").expect("valid"),
            at
        );
        let mut trailing = bytes.clone();
        trailing.push(0xc0);
        assert!(find_key_in_whole(&trailing, start, len, "cmd").is_err());
        for cut in 0..bytes.len() {
            assert!(skip(&bytes[..cut], 0).is_err(), "cut at {cut}");
            if cut > start {
                assert!(
                    find_key_in_whole(&bytes[..cut], start, len, "cmd").is_err(),
                    "cut at {cut}"
                );
            }
        }
    }

    #[test]
    fn lying_lengths_are_refused_without_walking() {
        // An array announcing 2^32-1 items followed by three bytes.
        let bytes = [0xdd, 0xff, 0xff, 0xff, 0xff, 0xc0, 0xc0, 0xc0];
        assert!(skip(&bytes, 0).is_err());
        let mut trailing = enc(&Value::Nil);
        trailing.push(0xc0);
        assert!(check_one(&trailing).is_err());
    }
}
