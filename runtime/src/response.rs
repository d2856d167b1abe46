//! Turning a status code and body bytes into a typed response or an error.
//!
//! This is pure: no I/O, so it is easy to test and to fuzz.

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::{ApiError, BODY_PREFIX_LEN};
use crate::{Error, Route};

/// A raw answer: what the transport read off the wire.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// HTTP status code.
    pub status: u16,
    /// The `Retry-After` header, when it held a number of seconds.
    pub retry_after: Option<Duration>,
    /// The body bytes (already size-checked).
    pub body: Vec<u8>,
}

/// Decodes a raw answer for endpoint `route`.
///
/// - 2xx with a body of type `R`: `Ok`.
/// - 2xx JSON that does not fit `R`: [`Error::Decode`].
/// - 2xx that is not JSON: [`Error::UnexpectedResponse`].
/// - other statuses with a Stytch or OAuth2 error object: [`Error::Api`].
/// - other statuses with anything else: [`Error::UnexpectedResponse`].
///
/// Never panics, whatever the bytes.
pub fn decode<R: DeserializeOwned>(
    route: Route,
    raw: &RawResponse,
    attempts: u32,
) -> Result<R, Error> {
    if (200..300).contains(&raw.status) {
        match serde_json::from_slice::<R>(&raw.body) {
            Ok(value) => Ok(value),
            Err(err) => Err(match serde_json::from_slice::<Value>(&raw.body) {
                Ok(value) => Error::Decode {
                    route,
                    status: raw.status,
                    reason: scrub_values(&explain::<R>(&raw.body, err)),
                    request_id: request_id_of(&value),
                    attempts,
                },
                Err(_) => unexpected(route, raw, None, attempts),
            }),
        }
    } else {
        Err(decode_error(route, raw, attempts))
    }
}

/// Decodes a non-2xx answer into the most specific error it supports.
pub fn decode_error(route: Route, raw: &RawResponse, attempts: u32) -> Error {
    let value = match serde_json::from_slice::<Value>(&raw.body) {
        Ok(Value::Object(map)) => map,
        Ok(other) => return unexpected(route, raw, request_id_of(&other), attempts),
        Err(_) => return unexpected(route, raw, None, attempts),
    };
    let text = |map: &Map<String, Value>, keys: &[&str]| -> Option<String> {
        keys.iter()
            .find_map(|k| map.get(*k).and_then(Value::as_str))
            .map(str::to_owned)
    };
    match text(&value, &["error_type", "error"]) {
        Some(error_type) => Error::Api(Box::new(ApiError {
            route,
            status: raw.status,
            request_id: text(&value, &["request_id"]),
            error_type,
            error_message: text(&value, &["error_message", "error_description"])
                .unwrap_or_default(),
            error_url: text(&value, &["error_url", "error_uri"]),
            error_details: value.get("error_details").filter(|v| !v.is_null()).cloned(),
            retry_after: raw.retry_after,
            attempts,
        })),
        None => unexpected(route, raw, text(&value, &["request_id"]), attempts),
    }
}

/// Says which field did not fit. The fast path above does not track where it
/// is in the document; on failure only, decode again with path tracking.
fn explain<R: DeserializeOwned>(body: &[u8], first: serde_json::Error) -> String {
    let mut de = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, R>(&mut de) {
        Err(e) if e.path().to_string() != "." => format!("at `{}`: {}", e.path(), e.inner()),
        _ => first.to_string(),
    }
}

/// A serde message without the string values it quotes
/// (`invalid type: string "...", expected u16`): a string that landed in
/// the wrong place may be a token.
fn scrub_values(reason: &str) -> String {
    const OPEN: &str = "string \"";
    let mut out = String::with_capacity(reason.len());
    let mut rest = reason;
    while let Some(i) = rest.find(OPEN) {
        let (before, after) = rest.split_at(i + OPEN.len());
        out.push_str(before);
        out.push_str("[redacted]");
        // serde quotes with `{:?}`: skip to the first quote not escaped.
        let mut escaped = false;
        let mut end = after.len();
        for (j, c) in after.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    end = j;
                    break;
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn request_id_of(value: &Value) -> Option<String> {
    value
        .get("request_id")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

fn unexpected(route: Route, raw: &RawResponse, request_id: Option<String>, attempts: u32) -> Error {
    Error::UnexpectedResponse {
        route,
        status: raw.status,
        request_id,
        body_prefix: printable_prefix(&raw.body),
        attempts,
    }
}

/// The first [`BODY_PREFIX_LEN`] bytes of `body` as one printable line:
/// invalid UTF-8 is replaced and control characters become spaces.
pub fn printable_prefix(body: &[u8]) -> String {
    let cut = &body[..body.len().min(BODY_PREFIX_LEN)];
    let text = String::from_utf8_lossy(cut);
    let mut out: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if body.len() > BODY_PREFIX_LEN {
        out.push_str("...");
    }
    out
}

/// Parses a `Retry-After` value given in seconds. HTTP dates are not
/// supported (Stytch sends seconds) and yield `None`.
pub fn parse_retry_after(value: &[u8]) -> Option<Duration> {
    let text = std::str::from_utf8(value).ok()?.trim();
    let secs: u64 = text.parse().ok()?;
    Some(Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Method;

    const ROUTE: Route = Route {
        method: Method::Post,
        path: "/v1/oauth/attach",
    };

    fn raw(status: u16, body: &str) -> RawResponse {
        RawResponse {
            status,
            retry_after: None,
            body: body.as_bytes().to_vec(),
        }
    }

    #[derive(serde::Deserialize, Debug)]
    struct Ok200 {
        #[allow(dead_code)]
        token: String,
    }

    #[test]
    fn stytch_error_shape() {
        let body = r#"{"status_code":400,"request_id":"request-id-test-1","error_type":"invalid_user_id","error_message":"bad id","error_url":"https://stytch.com/docs/api/errors/400","error_details":{"a":1}}"#;
        match decode::<Ok200>(ROUTE, &raw(400, body), 1) {
            Err(Error::Api(e)) => {
                assert_eq!(e.status, 400);
                assert_eq!(e.request_id.as_deref(), Some("request-id-test-1"));
                assert_eq!(e.error_type, "invalid_user_id");
                assert_eq!(e.error_message, "bad id");
                assert_eq!(
                    e.error_url.as_deref(),
                    Some("https://stytch.com/docs/api/errors/400")
                );
                assert_eq!(e.error_details, Some(serde_json::json!({"a": 1})));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn oauth2_error_shape_is_normalised() {
        let body = r#"{"status_code":401,"request_id":"r-2","error":"invalid_client","error_description":"nope","error_uri":"https://x/y"}"#;
        match decode::<Ok200>(ROUTE, &raw(401, body), 2) {
            Err(Error::Api(e)) => {
                assert_eq!(e.error_type, "invalid_client");
                assert_eq!(e.error_message, "nope");
                assert_eq!(e.error_url.as_deref(), Some("https://x/y"));
                assert_eq!(e.attempts, 2);
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn html_gateway_page_keeps_status_and_prefix() {
        let err = decode::<Ok200>(ROUTE, &raw(502, "<html>\n<h1>Bad Gateway</h1></html>"), 1)
            .unwrap_err();
        match err {
            Error::UnexpectedResponse {
                status,
                body_prefix,
                ..
            } => {
                assert_eq!(status, 502);
                assert_eq!(body_prefix, "<html> <h1>Bad Gateway</h1></html>");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn success_that_does_not_fit_is_decode_with_request_id() {
        let err = decode::<Ok200>(
            ROUTE,
            &raw(200, r#"{"request_id":"r-3","status_code":200}"#),
            1,
        )
        .unwrap_err();
        match &err {
            Error::Decode {
                reason, request_id, ..
            } => {
                assert!(reason.contains("token"), "{reason}");
                assert_eq!(request_id.as_deref(), Some("r-3"));
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(err.to_string().contains("POST /v1/oauth/attach"));
    }

    #[test]
    fn decode_errors_name_the_field_path() {
        #[derive(serde::Deserialize, Debug)]
        struct Outer {
            #[allow(dead_code)]
            user: Inner,
        }
        #[derive(serde::Deserialize, Debug)]
        struct Inner {
            #[allow(dead_code)]
            emails: Vec<String>,
        }
        let body = r#"{"request_id":"r-4","user":{"emails":["a",5]}}"#;
        match decode::<Outer>(ROUTE, &raw(200, body), 1) {
            Err(Error::Decode { reason, .. }) => {
                assert!(reason.starts_with("at `user.emails[1]`"), "{reason}")
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn decode_reasons_do_not_quote_string_values() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Typed {
            status_code: u16,
        }
        let body = r#"{"status_code":"tok-\"SECRET\"-tail","request_id":"r-4"}"#;
        match decode::<Typed>(ROUTE, &raw(200, body), 1) {
            Err(Error::Decode { reason, .. }) => {
                assert!(!reason.contains("SECRET"), "{reason}");
                assert!(!reason.contains("tail"), "{reason}");
                assert!(
                    reason.contains("invalid type: string \"[redacted]\", expected u16"),
                    "{reason}"
                );
            }
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(scrub_values("no values here"), "no values here");
        assert_eq!(
            scrub_values(r#"a string "x\\" then string "y"#),
            r#"a string "[redacted]" then string "[redacted]"#
        );
    }

    #[test]
    fn long_bodies_are_cut() {
        let body = "x".repeat(1000);
        match decode::<Ok200>(ROUTE, &raw(503, &body), 1) {
            Err(Error::UnexpectedResponse { body_prefix, .. }) => {
                assert_eq!(body_prefix.len(), BODY_PREFIX_LEN + 3)
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn retry_after_seconds() {
        assert_eq!(parse_retry_after(b" 3 "), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after(b"Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }
}
