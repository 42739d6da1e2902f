//! Decompression bombs: a legitimate msgpack map (a certificate, say) with one more key,
//! `zz_padding`, whose value is an array of millions of nils. Written by hand as a zstd
//! frame of RLE blocks, a bomb takes a few hundred bytes and is built without ever holding
//! its expanded form; a decoder that expands it and builds a generic msgpack value pays
//! tens of bytes per nil.

/// Largest zstd block (and the window the frame announces), 128 KiB.
const BLOCK: usize = 128 * 1024;

/// `0x00 || zstd(map + {"zz_padding": [nil; nils]})`: the format-v0 payload of a
/// certificate, ready to sign. With `announce_size`, the frame header states the content
/// size (as a one-shot encoder writes it); otherwise it does not (as the official streaming
/// encoder writes it).
///
/// # Panics
///
/// If `map` does not start with a msgpack fixmap of at most 14 pairs (every certificate
/// does).
pub fn nil_bomb_v0(map: &[u8], nils: u32, announce_size: bool) -> Vec<u8> {
    let (&header, rest) = map.split_first().expect("a non-empty msgpack map");
    assert!(
        (0x80..0x8f).contains(&header),
        "expected a fixmap of at most 14 pairs, got marker {header:#04x}"
    );
    let mut prefix = vec![header + 1];
    prefix.extend_from_slice(rest);
    prefix.push(0xaa); // fixstr of 10 bytes
    prefix.extend_from_slice(b"zz_padding");
    prefix.push(0xdd); // array 32
    prefix.extend_from_slice(&nils.to_be_bytes());
    let nils = usize::try_from(nils).expect("u32 fits usize");

    let mut out = vec![0x00, 0x28, 0xb5, 0x2f, 0xfd];
    if announce_size {
        // Single segment, 8-byte content size, no window descriptor.
        out.push(0xe0);
        let size = u64::try_from(prefix.len() + nils).expect("usize fits u64");
        out.extend_from_slice(&size.to_le_bytes());
    } else {
        // No content size; window descriptor: 2^17 bytes.
        out.extend_from_slice(&[0x00, 0x38]);
    }
    let block = |out: &mut Vec<u8>, kind: u32, size: usize, last: bool| {
        let size = u32::try_from(size).expect("blocks are at most 128 KiB");
        let h = u32::from(last) | (kind << 1) | (size << 3);
        out.extend_from_slice(&h.to_le_bytes()[..3]);
    };
    block(&mut out, 0, prefix.len(), nils == 0);
    out.extend_from_slice(&prefix);
    let mut left = nils;
    while left > 0 {
        let size = left.min(BLOCK);
        left -= size;
        block(&mut out, 1, size, left == 0);
        out.push(0xc0);
    }
    out
}
