//! The data layer: format v0 (`0x00 || zstd(msgpack)`) and plain msgpack, decoded to a
//! value tree then re-encoded, as every typed payload is. Re-encoding is checked stable.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parsec_protocol::data;

fuzz_target!(|data: &[u8]| {
    if let Ok(value) = data::load_v0_value(data) {
        let _ = data::type_of(&value);
        let _ = data::write_value(&value);
    }
    if let Ok(value) = data::read_value(data) {
        let _ = data::type_of(&value);
        // Bytes, not values: a NaN float is not equal to itself.
        let bytes = data::write_value(&value);
        let again = data::read_value(&bytes).expect("written msgpack reads back");
        assert_eq!(data::write_value(&again), bytes);
    }
});
