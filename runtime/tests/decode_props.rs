//! Property tests of the response-handling path: whatever the status and
//! body bytes, `decode` returns (never panics), classifies the answer by its
//! status, keeps the status, and prints one bounded line.
//!
//! Case counts (recorded in RELIABILITY.md): 2,000 arbitrary byte bodies,
//! 2,000 JSON-shaped bodies, 2,000 `Retry-After` values per run; proptest
//! picks a new seed each run. The fuzz target in `fuzz/` covers volume.

use proptest::prelude::*;
use serde::Deserialize;
use serde_json::{Map, Value};
use stytch_runtime::response::{RawResponse, decode, parse_retry_after};
use stytch_runtime::{BODY_PREFIX_LEN, Error, Method, Route, Secret};

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

/// The checks every decoded answer must pass.
fn check(status: u16, body: &[u8]) -> Result<(), TestCaseError> {
    let raw = RawResponse {
        status,
        retry_after: None,
        body: body.to_vec(),
    };
    match decode::<Answer>(ROUTE, &raw, 2) {
        Ok(_) => prop_assert!((200..300).contains(&status)),
        Err(err) => {
            prop_assert_eq!(err.status(), Some(status));
            prop_assert_eq!(err.attempts(), 2);
            let line = err.to_string();
            prop_assert!(!line.contains('\n') && !line.contains('\r'), "{}", line);
            match &err {
                Error::UnexpectedResponse { body_prefix, .. } => {
                    // At most 3 bytes per replaced input byte, plus "...".
                    prop_assert!(body_prefix.len() <= 3 * BODY_PREFIX_LEN + 3);
                    prop_assert!(!body_prefix.chars().any(char::is_control));
                }
                Error::Decode { .. } => prop_assert!((200..300).contains(&status)),
                Error::Api(api) => prop_assert!(!(200..300).contains(&api.status)),
                other => prop_assert!(false, "decode cannot produce {:?}", other),
            }
        }
    }
    Ok(())
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
    ]
}

/// JSON close to Stytch's shapes: objects over the keys the decoder looks at.
fn stytch_like() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("request_id"),
        Just("status_code"),
        Just("error_type"),
        Just("error"),
        Just("error_message"),
        Just("error_description"),
        Just("error_url"),
        Just("error_details"),
        Just("oauth_attach_token"),
        Just("other"),
    ];
    let value = leaf().prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(".{0,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    });
    prop_oneof![
        4 => prop::collection::btree_map(key, value.clone(), 0..8).prop_map(|m| {
            Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
        }),
        1 => value,
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(status in 0u16..1000, body in prop::collection::vec(any::<u8>(), 0..600)) {
        check(status, &body)?;
    }

    #[test]
    fn json_shaped_bodies_decode_by_status(
        status in prop_oneof![200u16..300, 400u16..600, 0u16..1000],
        value in stytch_like(),
        truncate in any::<prop::sample::Index>(),
        cut in any::<bool>(),
    ) {
        let mut body = serde_json::to_vec(&value).unwrap();
        if cut && !body.is_empty() {
            body.truncate(truncate.index(body.len()));
        }
        check(status, &body)?;
        // A whole Stytch error object on an error status is an Api error
        // with its fields.
        if !cut && !(200..300).contains(&status) {
            let raw = RawResponse { status, retry_after: None, body: body.clone() };
            let err = decode::<Answer>(ROUTE, &raw, 1).unwrap_err();
            let error_type = value.get("error_type").and_then(Value::as_str)
                .or_else(|| value.get("error").and_then(Value::as_str));
            match (error_type, &err) {
                (Some(t), Error::Api(api)) => prop_assert_eq!(api.error_type.as_str(), t),
                (None, Error::UnexpectedResponse { .. }) => {}
                (t, e) => prop_assert!(false, "error_type {:?} gave {:?}", t, e),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn retry_after_parses_seconds_and_nothing_else(value in prop::collection::vec(any::<u8>(), 0..24), secs in any::<u64>()) {
        let _ = parse_retry_after(&value);
        let text = format!(" {secs} ");
        prop_assert_eq!(parse_retry_after(text.as_bytes()), Some(std::time::Duration::from_secs(secs)));
        if let Some(d) = parse_retry_after(&value) {
            let text = String::from_utf8(value).unwrap();
            prop_assert_eq!(text.trim().parse::<u64>().ok(), Some(d.as_secs()));
        }
    }
}
