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

/// Decodes base64url without padding into `out` (appended).
pub fn decode_into(input: &[u8], out: &mut Vec<u8>) -> Result<(), InvalidBase64> {
    if input.len() % 4 == 1 {
        return Err(InvalidBase64);
    }
    let start = out.len();
    let whole = input.len() / 4;
    out.resize(start + whole * 3, 0);
    let mut chunks = input.chunks_exact(4);
    // Four characters to three bytes; every invalid character has the high
    // bit set in the table, so one test per group finds any of them.
    for (quad, triple) in (&mut chunks).zip(out[start..].chunks_exact_mut(3)) {
        let a = DECODE[usize::from(quad[0])];
        let b = DECODE[usize::from(quad[1])];
        let c = DECODE[usize::from(quad[2])];
        let d = DECODE[usize::from(quad[3])];
        if (a | b | c | d) & 0x80 != 0 {
            out.truncate(start);
            return Err(InvalidBase64);
        }
        let n = (u32::from(a) << 18) | (u32::from(b) << 12) | (u32::from(c) << 6) | u32::from(d);
        triple.copy_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
    }
    let rest = chunks.remainder();
    if rest.is_empty() {
        return Ok(());
    }
    let mut n = 0u32;
    for &c in rest {
        let v = DECODE[usize::from(c)];
        if v == INVALID {
            out.truncate(start);
            return Err(InvalidBase64);
        }
        n = (n << 6) | u32::from(v);
    }
    // Two characters carry 12 bits (one byte and 4 unused bits), three carry
    // 18 bits (two bytes and 2 unused bits); the unused bits must be zero.
    match rest.len() {
        2 if n & 0xF == 0 => out.push((n >> 4) as u8),
        3 if n & 0x3 == 0 => out.extend_from_slice(&[(n >> 10) as u8, (n >> 2) as u8]),
        _ => {
            out.truncate(start);
            return Err(InvalidBase64);
        }
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
        // An invalid character in any position of a group of four, alone
        // or with another, is found.
        for first in 0..4 {
            for second in first..4 {
                let mut quad = *b"QUJD";
                quad[first] = b'*';
                quad[second] = b'.';
                assert_eq!(decode(&quad), Err(InvalidBase64), "{quad:?}");
            }
        }
        assert_eq!(decode(b"QUJD").unwrap(), b"ABC");
        // `Zh` has a non-zero unused bit; `Zg` is the canonical form.
        assert!(decode(b"Zg").is_ok());
        assert!(decode(b"Zm9").is_err());
        assert!(decode(b"Zm8").is_ok());
    }
}
