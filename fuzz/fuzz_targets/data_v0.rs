//! The data layer: format v0 (`0x00 || zstd(msgpack)`), decompressed within the payload
//! limit, its `type` peeked without allocating; and plain msgpack decoded to a value tree
//! then re-encoded (the generic path the tests and tools use). Re-encoding is checked stable.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parsec_protocol::data;

fuzz_target!(|data: &[u8]| {
    if let Ok(raw) = data::decompress_v0(data, data::MAX_PAYLOAD_SIZE) {
        assert!(raw.len() <= data::MAX_PAYLOAD_SIZE);
        let _ = data::peek_type(&raw);
    }
    let _ = data::peek_type(data);
    if let Ok(value) = data::read_value(data) {
        let _ = data::type_of(&value);
        // Bytes, not values: a NaN float is not equal to itself.
        let bytes = data::write_value(&value);
        let again = data::read_value(&bytes).expect("written msgpack reads back");
        assert_eq!(data::write_value(&again), bytes);
    }
});
