//! Keeping what a call sent out of the errors and log lines its answer
//! produces.
//!
//! A proxy's error page may quote the request's headers, and a server's
//! error message may quote a token it was given. Before server-provided text
//! (an error message, a body prefix, a request id) goes into an [`Error`],
//! every value the call sent is replaced by `[redacted]`: the project
//! secret, the `Authorization` value (the base64 of `project_id:secret`),
//! and every string in the JSON body, the query and the path (as sent, and
//! decoded). That is every token, JWT, password and code a call can carry.
//!
//! The list is only built when an error or a log line needs it, so a
//! successful call pays nothing for it.

use std::borrow::Cow;
use std::cell::OnceCell;

use serde_json::Value;

use crate::encode::base64;
use crate::{Error, Secret};

/// Values shorter than this are left in place: replacing every `1` or `id`
/// would garble messages, and no credential is that short.
const MIN_LEN: usize = 4;

/// What one call sent.
pub(crate) struct Sent<'a> {
    pub(crate) project_id: &'a str,
    pub(crate) secret: &'a Secret,
    /// The whole request URL.
    pub(crate) url: &'a str,
    /// Where the endpoint's path starts in `url` (after the base URL).
    pub(crate) path_start: usize,
    /// The endpoint's path template, to tell values from fixed segments.
    pub(crate) template: &'static str,
    pub(crate) body: Option<&'a [u8]>,
}

/// Removes the values a call sent from text.
pub(crate) struct Redactor<'a> {
    sent: Sent<'a>,
    needles: OnceCell<Vec<String>>,
}

impl<'a> Redactor<'a> {
    pub(crate) fn new(sent: Sent<'a>) -> Self {
        Redactor {
            sent,
            needles: OnceCell::new(),
        }
    }

    /// The values to remove, longest first (so a value that contains
    /// another goes whole).
    fn needles(&self) -> &[String] {
        self.needles.get_or_init(|| {
            let mut out = Vec::new();
            let sent = &self.sent;
            let secret = sent.secret.expose();
            push(&mut out, secret.to_owned());
            let credentials = format!("{}:{secret}", sent.project_id);
            push(&mut out, base64(credentials.as_bytes()));
            let (path, query) = match sent.url.get(sent.path_start..) {
                Some(rest) => rest.split_once('?').unwrap_or((rest, "")),
                None => ("", ""),
            };
            for (segment, template) in path.split('/').zip(sent.template.split('/')) {
                if template.starts_with('{') {
                    push_encoded(&mut out, segment);
                }
            }
            for pair in query.split('&') {
                let value = pair.split_once('=').map_or(pair, |(_, v)| v);
                push_encoded(&mut out, value);
            }
            if let Some(Ok(body)) = sent.body.map(serde_json::from_slice::<Value>) {
                strings_of(&body, &mut out);
            }
            out.sort_by_key(|n| std::cmp::Reverse(n.len()));
            out.dedup();
            out
        })
    }

    /// `text` without any value the call sent.
    pub(crate) fn clean<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let needles = self.needles();
        if !needles.iter().any(|n| text.contains(n.as_str())) {
            return Cow::Borrowed(text);
        }
        let mut out = text.to_owned();
        for needle in needles {
            if out.contains(needle.as_str()) {
                out = out.replace(needle.as_str(), "[redacted]");
            }
        }
        Cow::Owned(out)
    }

    /// Cleans a string in place.
    pub(crate) fn clean_string(&self, text: &mut String) {
        if let Cow::Owned(clean) = self.clean(text) {
            *text = clean;
        }
    }

    /// The longest value the call sent, in bytes (0 when none).
    pub(crate) fn longest(&self) -> usize {
        self.needles().first().map_or(0, String::len)
    }

    /// Cleans every piece of server-provided text an error holds.
    pub(crate) fn error(&self, error: &mut Error) {
        match error {
            Error::Api(api) => {
                // An error type is a name from Stytch's fixed list (such as
                // `invalid_sha_1_hash`) that programs match on: left whole
                // when it has that shape, even if a value sent (`sha_1`)
                // occurs in it. Anything else is cleaned like the rest.
                if !is_error_name(&api.error_type) {
                    self.clean_string(&mut api.error_type);
                }
                self.clean_string(&mut api.error_message);
                if let Some(id) = &mut api.request_id {
                    self.clean_string(id);
                }
                if let Some(url) = &mut api.error_url {
                    self.clean_string(url);
                }
                if let Some(details) = &mut api.error_details {
                    self.value(details);
                }
            }
            Error::UnexpectedResponse {
                request_id,
                body_prefix,
                ..
            } => {
                self.clean_string(body_prefix);
                if let Some(id) = request_id {
                    self.clean_string(id);
                }
            }
            Error::Decode {
                reason, request_id, ..
            } => {
                self.clean_string(reason);
                if let Some(id) = request_id {
                    self.clean_string(id);
                }
            }
            Error::Transport { message, .. } => self.clean_string(message),
            Error::ResponseTooLarge { .. }
            | Error::Timeout { .. }
            | Error::InvalidRequest { .. }
            | Error::Config { .. } => {}
        }
    }

    /// Cleans every string (and object key) of a JSON value.
    fn value(&self, value: &mut Value) {
        match value {
            Value::String(s) => self.clean_string(s),
            Value::Array(items) => items.iter_mut().for_each(|v| self.value(v)),
            Value::Object(map) => {
                let dirty = map.keys().any(|k| matches!(self.clean(k), Cow::Owned(_)));
                if dirty {
                    let old = std::mem::take(map);
                    for (k, v) in old {
                        map.insert(self.clean(&k).into_owned(), v);
                    }
                }
                map.values_mut().for_each(|v| self.value(v));
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
}

fn push(out: &mut Vec<String>, value: String) {
    if value.chars().count() >= MIN_LEN {
        out.push(value);
    }
}

/// A path segment or query value as sent (percent-encoded) and decoded.
fn push_encoded(out: &mut Vec<String>, encoded: &str) {
    let decoded = percent_decode(encoded);
    if decoded != encoded {
        push(out, decoded);
    }
    push(out, encoded.to_owned());
}

/// Every string in a JSON value, as it is and as JSON writes it (escaped).
fn strings_of(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => {
            if let Ok(quoted) = serde_json::to_string(s) {
                let escaped = &quoted[1..quoted.len() - 1];
                if escaped != s {
                    push(out, escaped.to_owned());
                }
            }
            push(out, s.clone());
        }
        Value::Array(items) => items.iter().for_each(|v| strings_of(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings_of(v, out)),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// `%XX` escapes (and `+` in a query) decoded; invalid UTF-8 replaced.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether `text` has the shape of an error type name: lower-case ASCII
/// letters, digits and underscores, at most 100 of them.
fn is_error_name(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 100
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_type_names_stay_whole_and_other_error_types_are_cleaned() {
        let secret = Secret::new("secret-test-XYZ");
        let body = br#"{"hash_type":"sha_1","hash":"Hash-Value-1234"}"#;
        let redactor = Redactor::new(Sent {
            project_id: "project-test-1",
            secret: &secret,
            url: "https://api.example/v1/passwords/migrate",
            path_start: "https://api.example".len(),
            template: "/v1/passwords/migrate",
            body: Some(body),
        });
        let api = |error_type: &str| {
            Error::Api(Box::new(crate::ApiError {
                route: crate::Route {
                    method: crate::Method::Post,
                    path: "/v1/passwords/migrate",
                },
                status: 400,
                request_id: None,
                error_type: error_type.to_owned(),
                error_message: "the sha_1 hash Hash-Value-1234 is invalid".to_owned(),
                error_url: None,
                error_details: None,
                retry_after: None,
                attempts: 1,
            }))
        };
        let mut named = api("invalid_sha_1_hash");
        redactor.error(&mut named);
        let Error::Api(named) = named else {
            unreachable!()
        };
        assert_eq!(named.error_type, "invalid_sha_1_hash");
        assert_eq!(
            named.error_message,
            "the [redacted] hash [redacted] is invalid"
        );
        // Not a name: a server (or proxy) echoing a value there is cleaned.
        let mut echoed = api("Hash-Value-1234 rejected");
        redactor.error(&mut echoed);
        let Error::Api(echoed) = echoed else {
            unreachable!()
        };
        assert_eq!(echoed.error_type, "[redacted] rejected");
        assert!(is_error_name("unauthorized_credentials"));
        assert!(!is_error_name(""));
        assert!(!is_error_name("Invalid"));
        assert!(!is_error_name(&"a".repeat(101)));
        assert!(is_error_name(&"a".repeat(100)));
    }

    #[test]
    fn every_value_sent_is_found_and_removed() {
        let secret = Secret::new("secret-test-XYZ");
        let url = "https://api.example/v1/users/user-test-%2F42/x?token=tok%20en-123&n=1";
        let body = br#"{"session_jwt":"eyJ.a\"b.c","nested":{"list":["code-123456"]},"n":5,"ok":true,"id":"ab"}"#;
        let redactor = Redactor::new(Sent {
            project_id: "project-test-1",
            secret: &secret,
            url,
            path_start: "https://api.example".len(),
            template: "/v1/users/{user_id}/x",
            body: Some(body),
        });
        let basic = base64(b"project-test-1:secret-test-XYZ");
        let text = format!(
            "secret-test-XYZ Basic {basic} user-test-/42 user-test-%2F42 tok en-123 \
             eyJ.a\"b.c eyJ.a\\\"b.c code-123456 users x ab 5 true"
        );
        let clean = redactor.clean(&text);
        for gone in [
            "secret-test-XYZ",
            basic.as_str(),
            "user-test-",
            "tok en",
            "eyJ",
            "code-123456",
        ] {
            assert!(!clean.contains(gone), "{gone}: {clean}");
        }
        // Fixed segments and short values stay.
        assert!(clean.ends_with(" users x ab 5 true"), "{clean}");
        assert_eq!(redactor.clean("nothing sent here"), "nothing sent here");
    }

    #[test]
    fn percent_decoding_tolerates_broken_escapes() {
        assert_eq!(percent_decode("a%2Fb+c"), "a/b c");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%C3%A9"), "é");
    }

    #[test]
    fn lower_case_escapes_decode_like_upper_case_ones() {
        assert_eq!(percent_decode("a%2fb"), "a/b");
        assert_eq!(percent_decode("%c3%a9"), "é");
        assert_eq!(percent_decode("%c3%A9"), "é");
        assert_eq!(percent_decode("%2F%2f"), "//");
        // An escape at the very end is decoded; one cut short is kept.
        assert_eq!(percent_decode("x%2f"), "x/");
        assert_eq!(percent_decode("x%2"), "x%2");
    }

    #[test]
    fn a_value_sent_with_lower_case_escapes_is_removed_decoded_too() {
        // A hand-written `Endpoint` may write its path with `%2f`.
        let secret = Secret::new("secret-test-XYZ");
        let redactor = Redactor::new(Sent {
            project_id: "project-test-1",
            secret: &secret,
            url: "http://127.0.0.1:1/v1/users/user-test-%2f42?token=tok%2fen",
            path_start: "http://127.0.0.1:1".len(),
            template: "/v1/users/{user_id}",
            body: None,
        });
        assert_eq!(
            redactor.clean("no user user-test-/42 or user-test-%2f42, tok/en or tok%2fen"),
            "no user [redacted] or [redacted], [redacted] or [redacted]"
        );
    }

    fn redactor<'a>(secret: &'a Secret, body: Option<&'a [u8]>) -> Redactor<'a> {
        Redactor::new(Sent {
            project_id: "project-test-1",
            secret,
            url: "https://api.example/v1/users/user-test-42?token=tok-en-123",
            path_start: "https://api.example".len(),
            template: "/v1/users/{user_id}",
            body,
        })
    }

    #[test]
    fn every_piece_of_server_text_in_every_error_is_cleaned() {
        let secret = Secret::new("secret-test-XYZ");
        let redactor = redactor(&secret, Some(br#"{"code":"code-123456"}"#));
        let route = crate::Route {
            method: crate::Method::Get,
            path: "/v1/users/{user_id}",
        };
        let echo = "saw user-test-42, tok-en-123, code-123456 and secret-test-XYZ";
        let clean = "saw [redacted], [redacted], [redacted] and [redacted]";
        let mut api = Error::Api(Box::new(crate::ApiError {
            route,
            status: 400,
            request_id: Some(echo.to_owned()),
            error_type: echo.to_owned(),
            error_message: echo.to_owned(),
            error_url: Some(format!("https://stytch.com/docs/{echo}")),
            error_details: Some(serde_json::json!({
                "list": [echo, 5, null, true],
                "user-test-42": {"code-123456": echo},
                "plain": "kept",
            })),
            retry_after: None,
            attempts: 1,
        }));
        redactor.error(&mut api);
        let Error::Api(api) = api else { unreachable!() };
        assert_eq!(api.request_id.as_deref(), Some(clean));
        assert_eq!(api.error_type, clean);
        assert_eq!(api.error_message, clean);
        assert_eq!(
            api.error_url.as_deref(),
            Some(format!("https://stytch.com/docs/{clean}").as_str())
        );
        assert_eq!(
            api.error_details,
            Some(serde_json::json!({
                "list": [clean, 5, null, true],
                "[redacted]": {"[redacted]": clean},
                "plain": "kept",
            }))
        );
        let mut others = [
            Error::UnexpectedResponse {
                route,
                status: 502,
                request_id: Some(echo.to_owned()),
                body_prefix: echo.to_owned(),
                attempts: 1,
            },
            Error::Decode {
                route,
                status: 200,
                reason: echo.to_owned(),
                request_id: Some(echo.to_owned()),
                attempts: 1,
            },
            Error::Transport {
                route,
                status: None,
                message: echo.to_owned(),
                before_send: false,
                attempts: 1,
            },
        ];
        for e in &mut others {
            redactor.error(e);
        }
        let texts: Vec<Vec<&str>> = others
            .iter()
            .map(|e| match e {
                Error::UnexpectedResponse {
                    request_id,
                    body_prefix,
                    ..
                } => vec![request_id.as_deref().unwrap(), body_prefix.as_str()],
                Error::Decode {
                    reason, request_id, ..
                } => vec![reason.as_str(), request_id.as_deref().unwrap()],
                Error::Transport { message, .. } => vec![message.as_str()],
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(texts, [vec![clean, clean], vec![clean, clean], vec![clean]]);
    }

    #[test]
    fn values_of_four_characters_or_more_are_removed_longest_first() {
        let secret = Secret::new("abc");
        let body = br#"{"a":"wxyz","b":"\u00e9\u00e9\u00e9","c":"wxyz-long","d":"xyz"}"#;
        let redactor = redactor(&secret, Some(body));
        // The longest value sent, in bytes: the base64 credentials. Length
        // is counted in characters: `ééé` (6 bytes) is too short to remove.
        let basic = base64(b"project-test-1:abc");
        assert_eq!(redactor.longest(), basic.len());
        assert_eq!(
            redactor.clean("wxyz-long wxyz éé éée xyz abc"),
            "[redacted] [redacted] éé éée xyz abc"
        );
    }

    #[test]
    fn a_value_json_escapes_is_removed_as_written_too() {
        let secret = Secret::new("secret-test-XYZ");
        let body = br#"{"password":"pa\"ss\\word\n1"}"#;
        let redactor = redactor(&secret, Some(body));
        assert_eq!(
            redactor.clean(r#"echo: "pa\"ss\\word\n1" / pa"ss\word"#),
            "echo: \"[redacted]\" / pa\"ss\\word"
        );
    }
}
