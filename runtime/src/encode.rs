//! Encoding helpers used by generated `Endpoint` impls: path segments, query
//! strings, JSON and form bodies, written into caller-provided buffers.

use std::fmt::{self, Write as _};

use serde::Serialize;

use crate::{Error, Route};

/// Bytes that stay as they are in a path segment or query component: RFC 3986
/// "unreserved" characters. Everything else is percent-encoded.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Appends `bytes` to `out`, percent-encoding every byte that is not
/// unreserved. `/`, `?`, `#`, `%`, spaces and non-ASCII are all encoded, so
/// the value can never change the route.
pub fn percent_encode(out: &mut String, bytes: &[u8]) {
    for &b in bytes {
        if is_unreserved(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
}

/// A `fmt::Write` sink that percent-encodes what is written into a `String`,
/// so a `Display` value is encoded without an intermediate allocation.
struct Encoder<'a>(&'a mut String);

impl fmt::Write for Encoder<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        percent_encode(self.0, s.as_bytes());
        Ok(())
    }
}

/// Appends `value` as one percent-encoded path segment.
///
/// A segment that would be `.` or `..` is encoded as `%2E` / `%2E%2E`, so a
/// value cannot walk up the path either.
pub fn path_segment(out: &mut String, value: &(impl fmt::Display + ?Sized)) {
    let start = out.len();
    // Writing into a String cannot fail.
    let _ = write!(Encoder(out), "{value}");
    let written = &out[start..];
    if written == "." || written == ".." {
        let dots = written.len();
        out.truncate(start);
        for _ in 0..dots {
            out.push_str("%2E");
        }
    }
}

/// Appends one `name=value` pair to a query string, with a `&` before it
/// when the query already has a pair.
pub fn query_pair(
    out: &mut String,
    start: usize,
    name: &str,
    value: &(impl fmt::Display + ?Sized),
) {
    if out.len() > start {
        out.push('&');
    }
    percent_encode(out, name.as_bytes());
    out.push('=');
    let _ = write!(Encoder(out), "{value}");
}

/// Writes an `application/x-www-form-urlencoded` body pair by pair into a
/// byte buffer: names and values percent-encoded as in a query string
/// (a space is `%20`, which form decoders read as a space too).
pub struct FormWriter<'a> {
    out: &'a mut Vec<u8>,
    text: String,
}

impl<'a> FormWriter<'a> {
    /// Starts an empty form.
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        FormWriter {
            out,
            text: String::with_capacity(128),
        }
    }

    /// Appends one `name=value` pair.
    pub fn pair(&mut self, name: &str, value: &(impl fmt::Display + ?Sized)) {
        query_pair(&mut self.text, 0, name, value);
    }

    /// Moves the pairs into the buffer.
    pub fn finish(self) {
        self.out.extend_from_slice(self.text.as_bytes());
    }
}

/// Writes a JSON object field by field into a byte buffer. Generated code
/// passes keys that are already JSON string literals with the colon, such
/// as `"\"provider\":"`.
pub struct BodyWriter<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
    route: Route,
}

impl<'a> BodyWriter<'a> {
    /// Starts an object.
    pub fn new(out: &'a mut Vec<u8>, route: Route) -> Self {
        // One allocation for a typical body rather than five doublings.
        out.reserve(256);
        out.push(b'{');
        BodyWriter {
            out,
            first: true,
            route,
        }
    }

    /// Writes one field. `key` must be a JSON string literal followed by `:`.
    pub fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.out.extend_from_slice(key.as_bytes());
        serde_json::to_writer(&mut *self.out, value).map_err(|e| {
            let name = key.trim_end_matches(':').trim_matches('"');
            Error::invalid_request(
                self.route,
                format!("field `{name}` cannot be encoded as JSON: {e}"),
            )
        })
    }

    /// Closes the object.
    pub fn finish(self) {
        self.out.push(b'}');
    }
}

/// Standard base64 (RFC 4648, with padding), for the Basic auth header.
pub fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b0 = chunk[0];
        let b1 = chunk.get(1).copied().unwrap_or(0);
        let b2 = chunk.get(2).copied().unwrap_or(0);
        let n = (u32::from(b0) << 16) | (u32::from(b1) << 8) | u32::from(b2);
        let sextet = |shift: u32| char::from(ALPHABET[((n >> shift) & 0x3F) as usize]);
        out.push(sextet(18));
        out.push(sextet(12));
        out.push(if chunk.len() > 1 { sextet(6) } else { '=' });
        out.push(if chunk.len() > 2 { sextet(0) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(base64(input.as_bytes()), expected, "input {input:?}");
        }
    }

    #[test]
    fn path_segments_cannot_change_the_route() {
        let cases = [
            ("user-test-1", "user-test-1"),
            ("a/b", "a%2Fb"),
            ("a?b=c", "a%3Fb%3Dc"),
            ("x#y", "x%23y"),
            ("100%", "100%25"),
            ("a b", "a%20b"),
            ("é", "%C3%A9"),
            ("..", "%2E%2E"),
            (".", "%2E"),
            ("../x", "..%2Fx"),
        ];
        for (input, expected) in cases {
            let mut out = String::new();
            path_segment(&mut out, input);
            assert_eq!(out, expected, "input {input:?}");
        }
    }

    const ROUTE: Route = Route {
        method: crate::Method::Post,
        path: "/v1/things",
    };

    fn body(write: impl FnOnce(&mut BodyWriter<'_>) -> Result<(), Error>) -> String {
        let mut out = Vec::new();
        let mut w = BodyWriter::new(&mut out, ROUTE);
        write(&mut w).unwrap();
        w.finish();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn body_writer_writes_one_json_object_with_commas_between_fields() {
        assert_eq!(body(|_| Ok(())), "{}");
        assert_eq!(body(|w| w.field("\"a\":", &1)), r#"{"a":1}"#);
        let text = body(|w| {
            w.field("\"provider\":", "google")?;
            w.field("\"limit\":", &Some(10))?;
            w.field("\"none\":", &None::<u8>)?;
            w.field("\"list\":", &["x", "y"])
        });
        assert_eq!(
            text,
            r#"{"provider":"google","limit":10,"none":null,"list":["x","y"]}"#
        );
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["list"][1], "y");
    }

    #[test]
    fn body_writer_escapes_values_and_appends_to_the_buffer() {
        let mut out = b"kept".to_vec();
        let mut w = BodyWriter::new(&mut out, ROUTE);
        w.field("\"s\":", "q\"u\\o\nte\u{1}").unwrap();
        w.finish();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"kept{"s":"q\"u\\o\nte\u0001"}"#
        );
    }

    #[test]
    fn a_value_json_cannot_hold_is_an_invalid_request_naming_the_field() {
        // A map with non-string keys cannot be a JSON object.
        let mut map = std::collections::BTreeMap::new();
        map.insert(vec![1u8], 1u8);
        let mut out = Vec::new();
        let mut w = BodyWriter::new(&mut out, ROUTE);
        w.field("\"ok\":", &1).unwrap();
        let err = w.field("\"metadata\":", &map).unwrap_err();
        match err {
            Error::InvalidRequest { route, reason } => {
                assert_eq!(route, ROUTE);
                assert!(
                    reason.starts_with("field `metadata` cannot be encoded as JSON: "),
                    "{reason}"
                );
            }
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
    }

    #[test]
    fn every_byte_but_the_unreserved_ones_is_escaped_in_upper_case() {
        for b in 0..=255u8 {
            let mut out = String::new();
            percent_encode(&mut out, &[b]);
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                assert_eq!(out, char::from(b).to_string());
            } else {
                assert_eq!(out, format!("%{b:02X}"));
            }
        }
    }

    #[test]
    fn query_pairs_are_joined_and_encoded() {
        let mut out = String::from("/p?");
        let start = out.len();
        query_pair(&mut out, start, "user_id", "a&b=c");
        query_pair(&mut out, start, "limit", &10);
        assert_eq!(out, "/p?user_id=a%26b%3Dc&limit=10");
    }

    #[test]
    fn form_bodies_are_pairs_joined_by_ampersands() {
        let mut out = Vec::new();
        let mut form = FormWriter::new(&mut out);
        form.pair("token", "a b+c&d=e");
        form.pair("client_id", "connected-app-test-1");
        form.pair("n", &7);
        form.finish();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "token=a%20b%2Bc%26d%3De&client_id=connected-app-test-1&n=7"
        );
        let mut empty = Vec::new();
        FormWriter::new(&mut empty).finish();
        assert!(empty.is_empty());
    }
}
