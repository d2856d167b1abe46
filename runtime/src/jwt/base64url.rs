//! Base64url without padding (RFC 4648 section 5), the encoding of the
//! three parts of a JWT and of a JWK's `n` and `e`.
//!
//! The decoder is strict: any byte outside the URL-safe alphabet (including
//! `=`, `+`, `/` and whitespace), a length that leaves a single character
//! over, or unused low bits that are not zero are errors, so a given value
//! has exactly one accepted spelling.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The value of each byte in the alphabet, or `INVALID`.
const INVALID: u8 = 0xFF;
const DECODE: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// Bit 31 marks a character outside the alphabet in [`SHIFTED`].
const INVALID_BIT: u32 = 1 << 31;

/// For each of the four positions of a group of characters, the value of
/// each byte shifted to its place in the group's 24 bits, or
/// [`INVALID_BIT`].
static SHIFTED: [[u32; 256]; 4] = {
    let mut tables = [[INVALID_BIT; 256]; 4];
    let mut position = 0;
    while position < 4 {
        let mut i = 0;
        while i < 64 {
            tables[position][ALPHABET[i] as usize] = (i as u32) << (18 - 6 * position);
            i += 1;
        }
        position += 1;
    }
    tables
};

/// Base64url text is not valid (the alphabet, the length or the final bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidBase64;

/// Encodes `input` as base64url without padding.
pub fn encode(input: &[u8]) -> String {
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b0 = chunk[0];
        let b1 = chunk.get(1).copied().unwrap_or(0);
        let b2 = chunk.get(2).copied().unwrap_or(0);
        let n = (u32::from(b0) << 16) | (u32::from(b1) << 8) | u32::from(b2);
        let sextet = |shift: u32| char::from(ALPHABET[((n >> shift) & 0x3F) as usize]);
        out.push(sextet(18));
        out.push(sextet(12));
        if chunk.len() > 1 {
            out.push(sextet(6));
        }
        if chunk.len() > 2 {
            out.push(sextet(0));
        }
    }
    out
}

/// The number of bytes `len` characters of unpadded base64url decode to,
/// or `None` for a length no encoding has (a single character over).
pub fn decoded_len(len: usize) -> Option<usize> {
    match len % 4 {
        1 => None,
        0 => Some(len / 4 * 3),
        rest => Some(len / 4 * 3 + rest - 1),
    }
}

/// Decodes base64url without padding into `out` (appended).
pub fn decode_into(input: &[u8], out: &mut Vec<u8>) -> Result<(), InvalidBase64> {
    let len = decoded_len(input.len()).ok_or(InvalidBase64)?;
    let start = out.len();
    out.resize(start + len, 0);
    let result = decode_to(input, &mut out[start..]);
    if result.is_err() {
        out.truncate(start);
    }
    result
}

/// Decodes base64url without padding into `out`, which must be exactly
/// [`decoded_len`] bytes long (an error otherwise). On error, `out` holds
/// garbage.
pub fn decode_to(input: &[u8], out: &mut [u8]) -> Result<(), InvalidBase64> {
    if decoded_len(input.len()) != Some(out.len()) {
        return Err(InvalidBase64);
    }
    // Four characters to three bytes: each table holds a character's six
    // bits already in place, or bit 31 for a character outside the
    // alphabet, so one OR per group collects both the bits and any error.
    // Two groups at a time make six bytes, written as a whole `u64` (whose
    // last two bytes the next write overwrites) while eight bytes of room
    // are left.
    let group = |quad: &[u8]| {
        SHIFTED[0][usize::from(quad[0])]
            | SHIFTED[1][usize::from(quad[1])]
            | SHIFTED[2][usize::from(quad[2])]
            | SHIFTED[3][usize::from(quad[3])]
    };
    let mut bad = 0u32;
    let mut at = 0;
    let mut octets = input.chunks_exact(8);
    for octet in &mut octets {
        let (high, low) = (group(&octet[..4]), group(&octet[4..]));
        bad |= high | low;
        let n = (u64::from(high) << 40) | (u64::from(low) << 16);
        match out.get_mut(at..at + 8) {
            Some(room) => room.copy_from_slice(&n.to_be_bytes()),
            None => out[at..at + 6].copy_from_slice(&n.to_be_bytes()[..6]),
        }
        at += 6;
    }
    let mut chunks = octets.remainder().chunks_exact(4);
    for quad in &mut chunks {
        let n = group(quad);
        bad |= n;
        out[at..at + 3].copy_from_slice(&(n << 8).to_be_bytes()[..3]);
        at += 3;
    }
    if bad & INVALID_BIT != 0 {
        return Err(InvalidBase64);
    }
    let rest = chunks.remainder();
    if rest.is_empty() {
        return Ok(());
    }
    let mut n = 0u32;
    for &c in rest {
        let v = DECODE[usize::from(c)];
        if v == INVALID {
            return Err(InvalidBase64);
        }
        n = (n << 6) | u32::from(v);
    }
    // Two characters carry 12 bits (one byte and 4 unused bits), three carry
    // 18 bits (two bytes and 2 unused bits); the unused bits must be zero.
    let tail = out.len() - (rest.len() - 1);
    match rest.len() {
        2 if n & 0xF == 0 => out[tail] = (n >> 4) as u8,
        3 if n & 0x3 == 0 => out[tail..].copy_from_slice(&[(n >> 10) as u8, (n >> 2) as u8]),
        _ => return Err(InvalidBase64),
    }
    Ok(())
}

/// Decodes base64url without padding.
pub fn decode(input: &[u8]) -> Result<Vec<u8>, InvalidBase64> {
    let mut out = Vec::new();
    decode_into(input, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_rfc4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, coded) in cases {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded.as_bytes()).unwrap(), plain.as_bytes());
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(encode(&all).as_bytes()).unwrap(), all);
    }

    #[test]
    fn rejects_other_spellings() {
        for bad in [
            "Zg==", "Z", "Zm9vY", "Zh", "Zm9", "a+b/", "ab c", "Zm8=", "Zm\n9v",
        ] {
            assert_eq!(decode(bad.as_bytes()), Err(InvalidBase64), "{bad:?}");
        }
        // An invalid character in any position, alone or with another, is
        // found: in a block of eight characters (two groups decoded
        // together) and in the group of four after it.
        let good = *b"QUJDREVGR0hJ";
        assert_eq!(decode(&good).unwrap(), b"ABCDEFGHI");
        for first in 0..good.len() {
            for second in first..good.len() {
                let mut text = good;
                text[first] = b'*';
                text[second] = b'.';
                assert_eq!(decode(&text), Err(InvalidBase64), "{text:?}");
            }
        }
        // `Zh` has a non-zero unused bit; `Zg` is the canonical form.
        assert!(decode(b"Zg").is_ok());
        assert!(decode(b"Zm9").is_err());
        assert!(decode(b"Zm8").is_ok());
    }

    #[test]
    fn every_length_round_trips() {
        // Lengths 0..200 cover each tail (0, 2 or 3 characters) after the
        // blocks of eight characters (whole-`u64` writes, then the last
        // block's 6-byte write) with and without a group of four between.
        let data: Vec<u8> = (0..200u32).map(|i| (i * 73 + 11) as u8).collect();
        for len in 0..data.len() {
            let coded = encode(&data[..len]);
            assert_eq!(decoded_len(coded.len()), Some(len));
            assert_eq!(
                decode(coded.as_bytes()).unwrap(),
                &data[..len],
                "length {len}"
            );
            let mut exact = vec![0u8; len];
            decode_to(coded.as_bytes(), &mut exact).unwrap();
            assert_eq!(exact, &data[..len]);
        }
    }

    #[test]
    fn a_byte_outside_the_alphabet_is_refused_at_every_position() {
        let good = encode(b"sixteen bytes!!!"); // 22 characters: 5 groups and a tail of 2
        for position in 0..good.len() {
            for bad in [b'=', b'+', b'/', b' ', b'\n', 0x80, 0xFF, 0] {
                let mut text = good.clone().into_bytes();
                text[position] = bad;
                assert_eq!(decode(&text), Err(InvalidBase64), "{bad:#x} at {position}");
            }
        }
    }

    #[test]
    fn decode_to_needs_the_exact_length_and_decode_into_keeps_what_was_there() {
        assert_eq!(decode_to(b"Zm9v", &mut [0u8; 2]), Err(InvalidBase64));
        assert_eq!(decode_to(b"Zm9v", &mut [0u8; 4]), Err(InvalidBase64));
        assert_eq!(decoded_len(5), None);
        let mut out = b"kept".to_vec();
        decode_into(b"Zm9vYg", &mut out).unwrap();
        assert_eq!(out, b"keptfoob");
        assert_eq!(decode_into(b"Zm9v*g", &mut out), Err(InvalidBase64));
        assert_eq!(out, b"keptfoob");
    }
}
