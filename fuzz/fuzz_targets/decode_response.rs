//! Fuzz target over the response-handling path: status, `Retry-After` and
//! body bytes go through `response::decode`; it must never panic, and what
//! it returns must agree with the status.
//!
//! Two ways to run it:
//! - `cargo fuzz run decode_response` (libFuzzer; needs `-Z` flags, so a
//!   nightly toolchain or `RUSTC_BOOTSTRAP=1`);
//! - `cargo run --release -- <runs> [seed]`: a std-only driver feeding the
//!   same function inputs from a seeded PRNG, mixing random bytes with
//!   mutations of Stytch-shaped answers.

#![cfg_attr(fuzzing, no_main)]
#![forbid(unsafe_code)]

#[cfg(not(fuzzing))]
#[path = "splitmix.rs"]
mod splitmix;
#[cfg(not(fuzzing))]
use splitmix::SplitMix;

use serde::Deserialize;
use stytch_runtime::response::{RawResponse, decode, parse_retry_after};
use stytch_runtime::{Error, Method, Route, Secret};

const ROUTE: Route = Route {
    method: Method::Post,
    path: "/v1/oauth/attach",
};

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Answer {
    request_id: String,
    oauth_attach_token: Secret,
    status_code: u16,
}

/// One input: 2 bytes of status, 1 byte giving the length of the
/// `Retry-After` value, that value, then the body.
fn check(data: &[u8]) {
    if data.len() < 3 {
        return;
    }
    let status = u16::from_le_bytes([data[0], data[1]]) % 1000;
    let ra_len = usize::from(data[2] % 16).min(data.len() - 3);
    let (ra, body) = data[3..].split_at(ra_len);
    let retry_after = parse_retry_after(ra);
    let raw = RawResponse {
        status,
        retry_after,
        body: body.to_vec(),
    };
    match decode::<Answer>(ROUTE, &raw, 1) {
        Ok(_) => assert!((200..300).contains(&status)),
        Err(err) => {
            assert_eq!(err.status(), Some(status));
            let line = err.to_string();
            assert!(!line.contains('\n') && !line.contains('\r'));
            match &err {
                Error::Api(api) => {
                    assert!(!(200..300).contains(&status));
                    assert_eq!(api.retry_after, retry_after);
                }
                Error::Decode { .. } => assert!((200..300).contains(&status)),
                Error::UnexpectedResponse { body_prefix, .. } => {
                    assert!(!body_prefix.chars().any(char::is_control));
                }
                other => panic!("decode produced {other:?}"),
            }
        }
    }
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| check(data));

#[cfg(not(fuzzing))]
fn main() {
    let (runs, seed) = splitmix::runs_and_seed();
    let mut rng = SplitMix(seed);
    let seeds: [&[u8]; 5] = [
        br#"{"request_id":"r-1","oauth_attach_token":"t","status_code":200}"#,
        br#"{"status_code":400,"request_id":"r","error_type":"x","error_message":"m","error_url":"u","error_details":{"a":[1,2]}}"#,
        br#"{"error":"invalid_client","error_description":"d","error_uri":"u"}"#,
        b"<html><body>502 Bad Gateway</body></html>",
        b"",
    ];
    let started = std::time::Instant::now();
    let mut input = Vec::with_capacity(1024);
    for _ in 0..runs {
        input.clear();
        let status = match rng.next() % 4 {
            0 => 200 + (rng.next() % 100) as u16,
            1 => 400 + (rng.next() % 200) as u16,
            _ => rng.next() as u16,
        };
        input.extend_from_slice(&status.to_le_bytes());
        let ra_len = (rng.next() % 8) as u8;
        input.push(ra_len);
        for _ in 0..ra_len {
            let b = if rng.next() % 2 == 0 {
                b'0' + (rng.next() % 10) as u8
            } else {
                rng.next() as u8
            };
            input.push(b);
        }
        if rng.next() % 3 == 0 {
            let len = (rng.next() % 512) as usize;
            input.extend((0..len).map(|_| rng.next() as u8));
        } else {
            // A Stytch-shaped answer with a few byte-level mutations.
            let base = seeds[(rng.next() % seeds.len() as u64) as usize];
            let start = input.len();
            input.extend_from_slice(base);
            for _ in 0..rng.next() % 4 {
                let body_len = input.len() - start;
                if body_len == 0 {
                    input.push(rng.next() as u8);
                    continue;
                }
                let at = start + (rng.next() % body_len as u64) as usize;
                match rng.next() % 3 {
                    0 => input[at] = rng.next() as u8,
                    1 => input.truncate(at),
                    _ => input.insert(at, b"\"{}[]:,\\\n\r\xff\x00"[(rng.next() % 12) as usize]),
                }
            }
        }
        check(&input);
    }
    println!(
        "decode_response: {runs} runs (seed {seed:#x}) in {:?}, no panic",
        started.elapsed()
    );
}
