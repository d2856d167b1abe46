//! Property test of the whole client path: a loopback server answers with
//! arbitrary status, framing headers and body bytes, then closes; the call
//! must return (no panic, no hang) with a result consistent with what was
//! sent. 256 cases per run (recorded in RELIABILITY.md).

use std::time::Duration;

use proptest::prelude::*;
use stytch_endpoints::{Client, Error, RetryPolicy};
use stytch_tests::retry_classes::{PROJECT, SECRET, create_item, timed};
use stytch_tests::{Reply, ScriptedServer};

#[derive(Debug, Clone)]
enum Framing {
    Exact,
    LengthOff(i8),
    NoLength,
    Chunked,
    BadChunked,
    FakeGzip,
}

fn framing() -> impl Strategy<Value = Framing> {
    prop_oneof![
        3 => Just(Framing::Exact),
        1 => any::<i8>().prop_map(Framing::LengthOff),
        1 => Just(Framing::NoLength),
        1 => Just(Framing::Chunked),
        1 => Just(Framing::BadChunked),
        1 => Just(Framing::FakeGzip),
    ]
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..300),
        Just(br#"{"request_id":"r-1","status_code":200}"#.to_vec()),
        Just(br#"{"request_id":"r-2","error_type":"x","error_message":"y"}"#.to_vec()),
    ]
}

fn response(status: u16, framing: &Framing, body: &[u8]) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status} Whatever\r\ncontent-type: application/json\r\n");
    let mut payload = body.to_vec();
    match framing {
        Framing::Exact => head.push_str(&format!("content-length: {}\r\n", body.len())),
        Framing::LengthOff(d) => {
            let n = (body.len() as i64 + i64::from(*d)).max(0);
            head.push_str(&format!("content-length: {n}\r\n"));
        }
        Framing::NoLength => {}
        Framing::Chunked | Framing::BadChunked => {
            head.push_str("transfer-encoding: chunked\r\n");
            payload = format!("{:x}\r\n", body.len()).into_bytes();
            payload.extend_from_slice(body);
            if matches!(framing, Framing::Chunked) {
                payload.extend_from_slice(b"\r\n0\r\n\r\n");
            }
        }
        Framing::FakeGzip => {
            head.push_str("content-encoding: gzip\r\n");
            head.push_str(&format!("content-length: {}\r\n", body.len()));
        }
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    out.extend_from_slice(&payload);
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_answer_returns_promptly(status in 100u16..600, framing in framing(), body in body()) {
        let bytes = response(status, &framing, &body);
        let server = ScriptedServer::start(move |_, _| Reply::RawThenClose(bytes.clone()));
        let client = Client::builder(PROJECT, SECRET)
            .base_url(server.base_url())
            .timeout(Duration::from_secs(2))
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        let (result, elapsed) = timed(|| client.send(&create_item()));
        prop_assert!(elapsed < Duration::from_secs(4), "{:?}", elapsed);
        match result {
            Ok(answer) => {
                prop_assert!((200..300).contains(&status));
                prop_assert_eq!(answer.request_id, "r-1");
            }
            Err(err) => {
                prop_assert_eq!(err.attempts(), 1);
                prop_assert!(!err.to_string().contains('\n'));
                // Whenever the status line arrived, the error keeps it.
                if let Some(kept) = err.status() {
                    prop_assert_eq!(kept, status);
                }
                let answered = matches!(
                    err,
                    Error::Api(_) | Error::UnexpectedResponse { .. } | Error::Decode { .. }
                );
                if answered {
                    prop_assert_eq!(err.status(), Some(status));
                }
            }
        }
    }
}
