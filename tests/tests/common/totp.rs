//! What an authenticator app computes: RFC 6238 codes (HMAC-SHA1, 30-second
//! steps, 6 digits) from a base32 secret. Written here, apart from the
//! local server's own code, so the tests check it against an independent
//! implementation.

// Each test crate that includes this module uses part of it.
#![allow(dead_code)]

use std::time::{SystemTime, UNIX_EPOCH};

use ring::hmac;

/// The RFC 4648 base32 text `secret` (no padding) as bytes.
pub fn decode_base32(secret: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u64, 0u32);
    for c in secret.trim_end_matches('=').bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'2'..=b'7' => c - b'2' + 26,
            _ => panic!("not base32: {c:?}"),
        };
        buffer = (buffer << 5) | u64::from(value);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    out
}

/// The code for time step `step` (seconds since the epoch / 30).
pub fn code(secret_base32: &str, step: u64) -> String {
    let key = hmac::Key::new(
        hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY,
        &decode_base32(secret_base32),
    );
    let mac = hmac::sign(&key, &step.to_be_bytes());
    let mac = mac.as_ref();
    let at = usize::from(mac[19] & 0x0f);
    let value = (u32::from(mac[at]) & 0x7f) << 24
        | u32::from(mac[at + 1]) << 16
        | u32::from(mac[at + 2]) << 8
        | u32::from(mac[at + 3]);
    format!("{:06}", value % 1_000_000)
}

/// The current time step.
pub fn step_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
        / 30
}

/// A six-digit code that is none of the codes the server accepts now.
pub fn wrong_code(secret_base32: &str) -> String {
    let now = step_now();
    let accepted: Vec<String> = (now - 2..=now + 2)
        .map(|s| code(secret_base32, s))
        .collect();
    (now + 10..)
        .map(|s| code(secret_base32, s))
        .find(|c| !accepted.contains(c))
        .expect("some code differs")
}

#[test]
fn matches_rfc_6238_appendix_b() {
    // "12345678901234567890" in base32; the last six digits of the RFC's
    // eight-digit SHA-1 codes.
    let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    assert_eq!(code(secret, 59 / 30), "287082");
    assert_eq!(code(secret, 1_111_111_109 / 30), "081804");
    assert_eq!(code(secret, 2_000_000_000 / 30), "279037");
}
