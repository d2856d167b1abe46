//! Turning a status code and body bytes into a typed response or an error.
//!
//! This is pure: no I/O, so it is easy to test and to fuzz.

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::{ApiError, BODY_PREFIX_LEN};
use crate::redact::Redactor;
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
/// Never panics, whatever the bytes. The reason of a [`Error::Decode`] is
/// built from the field path, the kind of mismatch and the expected type,
/// never from the values in the body.
pub fn decode<R: DeserializeOwned>(
    route: Route,
    raw: &RawResponse,
    attempts: u32,
) -> Result<R, Error> {
    decode_with(route, raw, attempts, None)
}

/// [`decode`], removing what the call sent (`redactor`) from every piece of
/// server-provided text that goes into an error.
pub(crate) fn decode_with<R: DeserializeOwned>(
    route: Route,
    raw: &RawResponse,
    attempts: u32,
    redactor: Option<&Redactor<'_>>,
) -> Result<R, Error> {
    let mut error = if (200..300).contains(&raw.status) {
        match serde_json::from_slice::<R>(&raw.body) {
            Ok(value) => return Ok(value),
            Err(err) => match serde_json::from_slice::<Value>(&raw.body) {
                Ok(value) => Error::Decode {
                    route,
                    status: raw.status,
                    reason: explain::<R>(&raw.body, &err),
                    request_id: request_id_of(&value),
                    attempts,
                },
                Err(_) => unexpected(route, raw, None, attempts, redactor),
            },
        }
    } else {
        error_answer(route, raw, attempts, redactor)
    };
    if let Some(redactor) = redactor {
        redactor.error(&mut error);
    }
    Err(error)
}

/// Decodes a non-2xx answer into the most specific error it supports.
pub fn decode_error(route: Route, raw: &RawResponse, attempts: u32) -> Error {
    error_answer(route, raw, attempts, None)
}

fn error_answer(
    route: Route,
    raw: &RawResponse,
    attempts: u32,
    redactor: Option<&Redactor<'_>>,
) -> Error {
    let value = match serde_json::from_slice::<Value>(&raw.body) {
        Ok(Value::Object(map)) => map,
        Ok(other) => return unexpected(route, raw, request_id_of(&other), attempts, redactor),
        Err(_) => return unexpected(route, raw, None, attempts, redactor),
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
        None => unexpected(
            route,
            raw,
            text(&value, &["request_id"]),
            attempts,
            redactor,
        ),
    }
}

/// Says which field did not fit and how, from an allow-list: the field
/// path (names that are not plain identifiers, such as a map key that may be
/// a token, are shown as `[key]`), the kind of mismatch, the kind of value
/// found and the type expected. Nothing the body held is quoted: serde's
/// messages quote strings (`invalid type: string "..."`) and enum values
/// (``unknown variant `...` ``), so they are read, not passed on.
///
/// The fast path above does not track where it is in the document; on
/// failure only, decode again with path tracking.
fn explain<R: DeserializeOwned>(body: &[u8], first: &serde_json::Error) -> String {
    let mut de = serde_json::Deserializer::from_slice(body);
    let (path, message) = match serde_path_to_error::deserialize::<_, R>(&mut de) {
        Err(e) => (safe_path(e.path()), e.inner().to_string()),
        Ok(_) => (String::new(), first.to_string()),
    };
    let what = mismatch(&message);
    if path.is_empty() || path == "." {
        what
    } else {
        format!("at `{path}`: {what}")
    }
}

/// The path with every name that is not a plain identifier hidden.
fn safe_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(if is_identifier(key) { key } else { "[key]" });
            }
            Segment::Unknown => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push('?');
            }
        }
    }
    out
}

/// A field name as Rust and Stytch write them: `[A-Za-z_][A-Za-z0-9_]*`, at
/// most 64 bytes.
fn is_identifier(name: &str) -> bool {
    let mut bytes = name.bytes();
    name.len() <= 64
        && bytes
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The kinds of value serde names in `invalid type` and `invalid value`
/// messages, each followed by the value itself for the first four.
const FOUND: &[&str] = &[
    "boolean",
    "integer",
    "floating point",
    "character",
    "string",
    "byte array",
    "unit value",
    "null",
    "Option value",
    "newtype struct",
    "sequence",
    "map",
    "enum",
    "unit variant",
    "newtype variant",
    "tuple variant",
    "struct variant",
];

/// A serde message reduced to what is known to be safe.
fn mismatch(message: &str) -> String {
    // serde_json adds the position; it says nothing about the value.
    let message = strip_position(message);
    if let Some(rest) = message.strip_prefix("missing field `") {
        return named("missing field", rest);
    }
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        return named("duplicate field", rest);
    }
    for kind in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(kind) {
            let kind = kind.trim_end_matches([':', ' ']);
            let Some(found) = FOUND.iter().find(|f| rest.starts_with(**f)) else {
                return kind.to_owned();
            };
            let after = skip_value(&rest[found.len()..]);
            return match after
                .and_then(|a| a.strip_prefix(", expected "))
                .and_then(expected)
            {
                Some(expected) => format!("{kind}: {found}, expected {expected}"),
                None => format!("{kind}: {found}"),
            };
        }
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        let expected = rest
            .split_once(", expected ")
            .and_then(|(_, e)| expected(e));
        return match expected {
            Some(e) => format!("invalid length, expected {e}"),
            None => "invalid length".to_owned(),
        };
    }
    for known in [
        "unknown variant",
        "unknown field",
        "number out of range",
        "recursion limit exceeded",
        "expected value",
    ] {
        if message.starts_with(known) {
            return known.to_owned();
        }
    }
    "the value does not fit the expected type".to_owned()
}

/// `missing field` and the field's name, when it is an identifier.
fn named(kind: &str, rest: &str) -> String {
    match rest.split_once('`') {
        Some((name, "")) if is_identifier(name) => format!("{kind} `{name}`"),
        _ => kind.to_owned(),
    }
}

/// The message without serde_json's ` at line N column M`.
fn strip_position(message: &str) -> &str {
    if let Some((head, tail)) = message.rsplit_once(" at line ") {
        let mut parts = tail.split(" column ");
        let numeric = |p: Option<&str>| {
            p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        };
        if numeric(parts.next()) && numeric(parts.next()) && parts.next().is_none() {
            return head;
        }
    }
    message
}

/// Skips the value serde quotes after the kind of value found: `"..."`
/// (escaped as Rust's `{:?}` does) or `` `...` ``; `None` when it does not
/// end where expected.
fn skip_value(rest: &str) -> Option<&str> {
    if let Some(quoted) = rest.strip_prefix(" \"") {
        let mut escaped = false;
        for (i, c) in quoted.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => return Some(&quoted[i + 1..]),
                _ => {}
            }
        }
        return None;
    }
    if let Some(ticked) = rest.strip_prefix(" `") {
        // Numbers, booleans and characters: no backtick inside but for a
        // character that is one, which the `` ` `` check below allows.
        let end = ticked.get(1..)?.find('`')? + 1;
        return Some(&ticked[end + 1..]);
    }
    Some(rest)
}

/// The expected type, if it only holds characters type descriptions use.
fn expected(text: &str) -> Option<&str> {
    let fine = |c: char| c.is_ascii_alphanumeric() || " _<>:,'`-().&[]".contains(c);
    (!text.is_empty() && text.len() <= 120 && text.chars().all(fine)).then_some(text)
}

fn request_id_of(value: &Value) -> Option<String> {
    value
        .get("request_id")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

fn unexpected(
    route: Route,
    raw: &RawResponse,
    request_id: Option<String>,
    attempts: u32,
    redactor: Option<&Redactor<'_>>,
) -> Error {
    Error::UnexpectedResponse {
        route,
        status: raw.status,
        request_id,
        body_prefix: prefix(&raw.body, redactor),
        attempts,
    }
}

/// The first [`BODY_PREFIX_LEN`] bytes of `body` as one printable line:
/// invalid UTF-8 is replaced and control characters become spaces.
pub fn printable_prefix(body: &[u8]) -> String {
    prefix(body, None)
}

/// [`printable_prefix`] without what the call sent. The values are removed
/// before the body is cut, so none is left half in the prefix.
fn prefix(body: &[u8], redactor: Option<&Redactor<'_>>) -> String {
    let extra = redactor.map_or(0, Redactor::longest);
    let window = &body[..body.len().min(BODY_PREFIX_LEN.saturating_add(extra))];
    let text = String::from_utf8_lossy(window);
    let text = match redactor {
        Some(r) => r.clean(&text).into_owned(),
        None => text.into_owned(),
    };
    let mut out = String::with_capacity(BODY_PREFIX_LEN + 3);
    let mut cut = body.len() > window.len();
    for c in text.chars() {
        if out.len() + c.len_utf8() > BODY_PREFIX_LEN {
            cut = true;
            break;
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    if cut {
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

    #[test]
    fn printable_prefix_is_one_line_of_the_body() {
        assert_eq!(
            printable_prefix(b"<html>\r\n502\tBad</html>"),
            "<html>  502 Bad</html>"
        );
        assert_eq!(printable_prefix(b"ok \xff"), "ok \u{fffd}");
        assert_eq!(printable_prefix(b""), "");
        let long = vec![b'a'; BODY_PREFIX_LEN + 10];
        assert_eq!(
            printable_prefix(&long),
            format!("{}...", "a".repeat(BODY_PREFIX_LEN))
        );
        // Cut on a character boundary, by bytes.
        let wide = "é".repeat(BODY_PREFIX_LEN);
        assert_eq!(
            printable_prefix(wide.as_bytes()),
            format!("{}...", "é".repeat(BODY_PREFIX_LEN / 2))
        );
    }

    #[test]
    fn only_a_whole_line_and_column_suffix_is_stripped() {
        let base = "invalid type: null, expected a string";
        assert_eq!(strip_position(&format!("{base} at line 1 column 52")), base);
        for kept in [
            format!("{base} at line 1 column "),
            format!("{base} at line  column 5"),
            format!("{base} at line 1a column 5"),
            format!("{base} at line x column 5"),
            format!("{base} at line 1 column 5 column 6"),
            format!("{base} at line 1"),
        ] {
            assert_eq!(strip_position(&kept), kept);
        }
    }

    #[test]
    fn expected_types_are_short_and_plain() {
        assert_eq!(expected("struct Session"), Some("struct Session"));
        assert_eq!(expected("a sequence"), Some("a sequence"));
        assert_eq!(expected(""), None);
        assert_eq!(expected(&"a".repeat(121)), None);
        assert!(expected(&"a".repeat(120)).is_some());
        assert_eq!(expected("a \"quoted\" value"), None);
    }

    #[test]
    fn identifiers_start_with_a_letter_or_an_underscore() {
        for yes in ["user_id", "_private", "a1", "X"] {
            assert!(is_identifier(yes), "{yes}");
        }
        for no in ["1x", "", "a-b", "é", "a b"] {
            assert!(!is_identifier(no), "{no}");
        }
        assert!(is_identifier(&"a".repeat(64)));
        assert!(!is_identifier(&"a".repeat(65)));
    }

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
    fn a_map_key_that_is_not_text_is_a_question_mark_segment() {
        #[derive(serde::Deserialize, Debug)]
        struct Outer {
            #[allow(dead_code)]
            counts: std::collections::BTreeMap<u32, u32>,
        }
        let body = r#"{"request_id":"r-5","counts":{"one":1}}"#;
        match decode::<Outer>(ROUTE, &raw(200, body), 1) {
            Err(Error::Decode { reason, .. }) => {
                assert!(reason.starts_with("at `counts.?`"), "{reason}")
            }
            other => panic!("unexpected {other:?}"),
        }
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
        let body = r#"{"status_code":"tok-\"SECRET\"-tail, expected u8","request_id":"r-4"}"#;
        match decode::<Typed>(ROUTE, &raw(200, body), 1) {
            Err(Error::Decode { reason, .. }) => {
                assert_eq!(
                    reason,
                    "at `status_code`: invalid type: string, expected u16"
                );
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn decode_reasons_come_from_an_allow_list() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        enum Kind {
            Magic,
            Otp,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Typed {
            kind: Kind,
            counts: std::collections::HashMap<String, u8>,
            pair: (u8, u8),
        }
        let reason = |body: &str| match decode::<Typed>(ROUTE, &raw(200, body), 1) {
            Err(Error::Decode { reason, .. }) => reason,
            other => panic!("unexpected {other:?}"),
        };
        let ok = r#""counts":{},"pair":[1,2]"#;
        // serde: unknown variant `tok-SECRET`, expected `Magic` or `Otp`
        let r = reason(&format!(r#"{{"kind":"tok-SECRET",{ok}}}"#));
        assert_eq!(r, "at `kind`: unknown variant");
        // A map key that may be a token is not shown.
        let r = reason(r#"{"kind":"Otp","counts":{"tok-SECRET.x":300},"pair":[1,2]}"#);
        assert_eq!(r, "at `counts.[key]`: invalid value: integer, expected u8");
        let r = reason(r#"{"kind":"Otp","counts":{},"pair":[1]}"#);
        assert_eq!(r, "at `pair`: invalid length, expected a tuple of size 2");
        let r = reason(r#"{"kind":"Otp","pair":[1,2]}"#);
        assert_eq!(r, "missing field `counts`");
        let r = reason(r#"{"kind":"Otp","counts":{},"pair":true}"#);
        assert_eq!(
            r,
            "at `pair`: invalid type: boolean, expected a tuple of size 2"
        );
        let r = reason(r#"{"kind":true,"counts":{},"pair":[1,2]}"#);
        assert_eq!(r, "at `kind`: expected value");
        assert_eq!(
            mismatch("something custom about SECRET"),
            "the value does not fit the expected type"
        );
        assert_eq!(
            mismatch("invalid type: string \"a\\\" SECRET\", expected u16 at line 1 column 9"),
            "invalid type: string, expected u16"
        );
        assert_eq!(
            mismatch("invalid value: string \"SECRET"),
            "invalid value: string"
        );
        assert_eq!(mismatch("missing field `x y`"), "missing field");
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

    #[test]
    fn a_value_sent_across_the_prefixs_cut_is_removed_whole() {
        let secret = crate::Secret::new("s");
        let body = br#"{"session_token":"token-sent-0123456789-abcdefghij"}"#;
        let redactor = Redactor::new(crate::redact::Sent {
            project_id: "p",
            secret: &secret,
            url: "http://127.0.0.1:1/v1/x",
            path_start: "http://127.0.0.1:1".len(),
            template: "/v1/x",
            body: Some(body),
        });
        // The token starts 10 bytes before the 256-byte cut.
        let page = format!(
            "{}token-sent-0123456789-abcdefghij and more",
            "x".repeat(BODY_PREFIX_LEN - 10)
        );
        let cleaned = prefix(page.as_bytes(), Some(&redactor));
        assert_eq!(
            cleaned,
            format!("{}[redacted] and more", "x".repeat(BODY_PREFIX_LEN - 10))[..BODY_PREFIX_LEN]
                .to_owned()
                + "..."
        );
        assert!(!cleaned.contains("token-se"), "{cleaned}");
    }
}
