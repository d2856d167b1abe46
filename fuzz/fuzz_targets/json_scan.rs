//! Fuzz target over the small JSON reader the JWT checks try before
//! serde_json (`stytch_runtime::__private::json::Scan`): it must never
//! panic, whatever it reads serde_json must read the same text into an
//! equal `serde_json::Value`, and whatever it skips serde's `IgnoredAny`
//! must skip. Where it refuses a text serde_json takes, only deep nesting
//! (past `MAX_DEPTH`) is allowed as the reason.
//!
//! Two ways to run it:
//! - `cargo fuzz run json_scan` (libFuzzer; needs `-Z` flags, so a nightly
//!   toolchain or `RUSTC_BOOTSTRAP=1`);
//! - `cargo run --release --bin json_scan -- <runs> [seed]`: a std-only
//!   driver feeding it mutations of JWT-shaped JSON from a seeded PRNG.

#![cfg_attr(fuzzing, no_main)]
#![forbid(unsafe_code)]

#[cfg(not(fuzzing))]
#[path = "splitmix.rs"]
mod splitmix;
#[cfg(not(fuzzing))]
use splitmix::SplitMix;

use serde_json::Value;
use stytch_runtime::__private::json::{MAX_DEPTH, Scan};

/// Reads `data` both ways and checks the contract, for reading and for
/// skipping. Returns whether the small reader read the text.
fn check(data: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(data) else {
        return false;
    };
    // Skipping: what ours skips, serde's `IgnoredAny` skips; what serde
    // skips, ours skips unless it nests too deep (serde's skipping has no
    // depth limit).
    let serde_skips = serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok();
    let mut scan = Scan::new(text);
    let ours_skips = scan.skip(0).is_some() && scan.end().is_some();
    assert!(
        !ours_skips || serde_skips,
        "skipped text serde_json refuses: {text}"
    );
    if serde_skips && !ours_skips {
        let nests = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
        assert!(
            nests > MAX_DEPTH,
            "not skipped, though serde_json skips it: {text}"
        );
    }
    let serde = serde_json::from_str::<Value>(text).ok();
    let mut scan = Scan::new(text);
    let ours = scan.value(0).filter(|_| scan.end().is_some());
    match (ours, serde) {
        (Some(ours), Some(serde)) => {
            assert_eq!(ours, serde, "{text}");
            true
        }
        (Some(ours), None) => panic!("read {ours} from text serde_json refuses: {text}"),
        (None, Some(serde)) => {
            assert!(depth(&serde) > MAX_DEPTH, "left to serde_json: {text}");
            false
        }
        (None, None) => false,
    }
}

/// How many arrays and objects deep `value` nests.
fn depth(value: &Value) -> usize {
    match value {
        Value::Array(list) => 1 + list.iter().map(depth).max().unwrap_or(0),
        Value::Object(map) => 1 + map.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    check(data);
});

#[cfg(not(fuzzing))]
fn main() {
    let (runs, seed) = splitmix::runs_and_seed();
    let mut rng = SplitMix(seed);
    let seeds: [&[u8]; 4] = [
        br#"{"alg":"RS256","kid":"jwk-test-22a3e1b4","typ":"JWT"}"#,
        br#"{"aud":["project-test-1"],"exp":1764547500,"iat":1764547200,"iss":"stytch.com/project-test-1","nbf":1764547200,"sub":"user-test-1","https://stytch.com/session":{"id":"session-test-1","started_at":"2026-12-01T00:00:00Z","attributes":{"user_agent":"","ip_address":""},"authentication_factors":[{"type":"otp","delivery_method":"sms","last_authenticated_at":"2026-12-01T00:00:00Z","phone_number_factor":{"phone_id":"phone-1","phone_number":"+15555550100"}}],"roles":["stytch_user"]},"team":"blue"}"#,
        br#"[1,-2,3.5e-3,-0,18446744073709551616,"\u00e9\ud83d\ude00\n",true,false,null,{"a":{}}]"#,
        b"  \"plain\"  ",
    ];
    let pieces: [&[u8]; 16] = [
        b"\"",
        b"\\",
        b"\\u",
        b"\\ud800",
        b"\\udc00",
        b"{",
        b"}",
        b"[",
        b"]",
        b":",
        b",",
        b"null",
        b"-",
        b"1e400",
        b"\x01",
        b"\xc3\xa9",
    ];
    let started = std::time::Instant::now();
    let mut taken = 0u64;
    let mut input = Vec::with_capacity(1024);
    for _ in 0..runs {
        input.clear();
        input.extend_from_slice(seeds[(rng.next() % seeds.len() as u64) as usize]);
        for _ in 0..rng.next() % 4 {
            let at = (rng.next() % (input.len() as u64 + 1)) as usize;
            match rng.next() % 4 {
                0 if at < input.len() => input[at] = rng.next() as u8,
                1 if at < input.len() => {
                    let end = (at + 1 + (rng.next() % 8) as usize).min(input.len());
                    input.drain(at..end);
                }
                2 => {
                    let piece = pieces[(rng.next() % pieces.len() as u64) as usize];
                    input.splice(at..at, piece.iter().copied());
                }
                _ => {
                    let nest = (rng.next() % 80) as usize;
                    input.splice(at..at, std::iter::repeat_n(b'[', nest));
                }
            }
        }
        taken += u64::from(check(&input));
    }
    println!(
        "json_scan: {runs} runs (seed {seed:#x}) in {:?}, {taken} read by the small reader, no disagreement",
        started.elapsed()
    );
}
