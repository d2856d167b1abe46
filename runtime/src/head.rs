//! The parts of a request head that stay the same from call to call.
//!
//! A client sends to one base URL with one set of credentials and one user
//! agent, so its fixed headers (`user-agent`, `host`, `authorization`,
//! `accept`, `content-type`) are built once, when the client is built, into
//! header maps that each request clones. The parsed URI of the last call is kept
//! and reused while the URL stays the same (parsing it again costs several
//! allocations); ureq, left to add `user-agent` and `host` itself, would copy
//! the one and format the other for every request.
//!
//! The header maps, values and URIs are the `http` crate's types, taken from
//! ureq's re-export (`ureq::http`) so that they are the ones its request
//! builder expects.

use std::sync::Mutex;

use ureq::http::uri::Scheme;
use ureq::http::{HeaderMap, HeaderValue, Uri, header};

use crate::encode::base64;
use crate::exchange::{AttemptError, Outgoing};
use crate::retry::Failure;
use crate::seal::Credentials;
use crate::{Error, Secret};

/// What one request needs from its URL, credentials and user agent.
pub(crate) struct Head<'a> {
    pub(crate) uri: Uri,
    pub(crate) headers: &'a Headers,
}

/// The headers every request of a client carries, in the order they are
/// sent, ready to be cloned into a request: a clone copies the entries
/// without hashing each name again.
pub(crate) struct Headers {
    /// `user-agent`, `host`, `authorization` and `accept`.
    pub(crate) without_body: HeaderMap,
    /// The same and `content-type: application/json`.
    pub(crate) with_body: HeaderMap,
    /// The same and `content-type: application/x-www-form-urlencoded`.
    pub(crate) with_form_body: HeaderMap,
}

const JSON: HeaderValue = HeaderValue::from_static("application/json");
const FORM: HeaderValue = HeaderValue::from_static("application/x-www-form-urlencoded");

impl Headers {
    /// `user_agent` is `None` when the configured one is not a valid header
    /// value (the client builder refuses control characters; ureq then adds
    /// it), `host` when the base URL has no host (which ureq then reports).
    fn new(
        user_agent: Option<HeaderValue>,
        host: Option<HeaderValue>,
        auth: HeaderValue,
    ) -> Headers {
        let mut without_body = HeaderMap::with_capacity(5);
        // `user-agent` and `host` first, where ureq would put them.
        if let Some(user_agent) = user_agent {
            without_body.append(header::USER_AGENT, user_agent);
        }
        if let Some(host) = host {
            without_body.append(header::HOST, host);
        }
        without_body.append(header::AUTHORIZATION, auth);
        without_body.append(header::ACCEPT, JSON);
        let mut with_body = without_body.clone();
        with_body.append(header::CONTENT_TYPE, JSON);
        let mut with_form_body = without_body.clone();
        with_form_body.append(header::CONTENT_TYPE, FORM);
        Headers {
            without_body,
            with_body,
            with_form_body,
        }
    }
}

/// The fixed header values of a client and the last call's parsed URI,
/// shared by the clones of a client.
pub(crate) struct HeadCache {
    headers: Headers,
    last: Mutex<Option<(String, Uri)>>,
}

impl HeadCache {
    /// The fixed values of a client sending to `base_url` with
    /// `user_agent`; `authorization` holds the stand-in the connector chain
    /// replaces with the real value (`seal.rs`), so ureq never sees it.
    pub(crate) fn new(user_agent: &str, base_url: &str, credentials: &Credentials) -> HeadCache {
        let mut auth = HeaderValue::from_bytes(credentials.stand_in())
            .expect("`Basic ` and asterisks are a valid header value");
        auth.set_sensitive(true);
        let headers = Headers::new(
            HeaderValue::from_str(user_agent).ok(),
            Uri::try_from(base_url).ok().as_ref().and_then(host_value),
            auth,
        );
        HeadCache {
            headers,
            last: Mutex::new(None),
        }
    }

    /// The head of `out`: the last call's URI when the URL is the same, else
    /// parsed and kept for the next call. A client used from many threads at
    /// once parses afresh rather than wait.
    pub(crate) fn head(&self, out: &Outgoing<'_>) -> Result<Head<'_>, AttemptError> {
        let headers = &self.headers;
        let uri = match self.last.try_lock() {
            Ok(mut last) => match &*last {
                Some((url, uri)) if url == out.url => uri.clone(),
                _ => {
                    let uri = parse_uri(out)?;
                    *last = Some((out.url.to_owned(), uri.clone()));
                    uri
                }
            },
            Err(_) => parse_uri(out)?,
        };
        Ok(Head { uri, headers })
    }
}

/// The `authorization` value for `project_id` and `secret`: `Basic ` and the
/// base64 of `project_id:secret`, marked sensitive.
///
/// Whatever the credentials hold (control characters included), this is a
/// valid header value: base64 writes only letters, digits, `+`, `/` and `=`,
/// and `HeaderValue` refuses only control bytes. So the conversion cannot
/// fail, and a client never needs to report bad credentials per call.
pub(crate) fn basic_auth(project_id: &str, secret: &Secret) -> HeaderValue {
    let secret = secret.expose();
    let mut credentials = Vec::with_capacity(project_id.len() + 1 + secret.len());
    credentials.extend_from_slice(project_id.as_bytes());
    credentials.push(b':');
    credentials.extend_from_slice(secret.as_bytes());
    let mut value = HeaderValue::try_from(format!("Basic {}", base64(&credentials)))
        .expect("`Basic ` and base64 output are a valid header value");
    value.set_sensitive(true);
    value
}

fn parse_uri(out: &Outgoing<'_>) -> Result<Uri, AttemptError> {
    Uri::try_from(out.url).map_err(|_| AttemptError {
        error: Error::invalid_request(out.route, "the request URL is not valid".to_owned()),
        failure: Failure::Final,
    })
}

/// The `host` header ureq would send for `uri`: the host, with the port
/// when it is not the scheme's default.
fn host_value(uri: &Uri) -> Option<HeaderValue> {
    let host = uri.host()?;
    let scheme = uri.scheme().unwrap_or(&Scheme::HTTP);
    let default_port = if *scheme == Scheme::HTTPS {
        Some(443)
    } else if *scheme == Scheme::HTTP {
        Some(80)
    } else {
        None
    };
    match uri.port_u16() {
        Some(port) if default_port.is_some_and(|d| d != port) => {
            HeaderValue::try_from(format!("{host}:{port}")).ok()
        }
        _ => HeaderValue::from_str(host).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(url: &str) -> Option<String> {
        let uri: Uri = url.parse().unwrap();
        host_value(&uri).map(|v| v.to_str().unwrap().to_owned())
    }

    #[test]
    fn any_credentials_make_a_valid_sensitive_authorization_value() {
        let cases = [
            (
                "project-test-1",
                "secret-test-1",
                "Basic cHJvamVjdC10ZXN0LTE6c2VjcmV0LXRlc3QtMQ==",
            ),
            ("p", "\0\r\n\u{7f}", "Basic cDoADQp/"),
            ("", "é\u{85}", "Basic OsOpwoU="),
        ];
        for (project_id, secret, expected) in cases {
            let value = basic_auth(project_id, &Secret::new(secret));
            assert!(value.is_sensitive());
            assert_eq!(value.to_str().unwrap(), expected, "{secret:?}");
        }
    }

    #[test]
    fn the_host_value_has_the_port_only_when_not_the_default() {
        assert_eq!(
            host("https://api.stytch.com/v1/x").as_deref(),
            Some("api.stytch.com")
        );
        assert_eq!(
            host("https://api.stytch.com:443/v1").as_deref(),
            Some("api.stytch.com")
        );
        assert_eq!(
            host("https://gw.example:8443/s/v1").as_deref(),
            Some("gw.example:8443")
        );
        assert_eq!(
            host("http://127.0.0.1:8080/v1").as_deref(),
            Some("127.0.0.1:8080")
        );
        assert_eq!(host("http://127.0.0.1:80/v1").as_deref(), Some("127.0.0.1"));
        assert_eq!(host("http://[::1]:9/p").as_deref(), Some("[::1]:9"));
        assert_eq!(host("https://[::1]/p").as_deref(), Some("[::1]"));
    }

    #[test]
    fn the_same_url_reuses_the_parsed_uri_and_another_replaces_it() {
        let cache = HeadCache::new("ua", "http://127.0.0.1:1", &Credentials::new(b"Basic cDpz"));
        let route = crate::Route {
            method: crate::Method::Get,
            path: "/v1/x",
        };
        let outgoing = |url| Outgoing::test(route, url, None);
        // A reused `Uri` shares the parsed text; a parse makes new text
        // (each head is kept alive, so its memory cannot be handed out again).
        let head = |url| cache.head(&outgoing(url)).ok().expect("a valid URL");
        let text = |head: &Head<'_>| {
            let path = head.uri.path_and_query().expect("a path").as_str();
            (path.to_owned(), path.as_ptr() as usize)
        };
        let first = head("http://127.0.0.1:1/v1/x?a=1");
        let second = head("http://127.0.0.1:1/v1/x?a=1");
        assert_eq!(text(&second), text(&first));
        let other = head("http://127.0.0.1:1/v1/y");
        assert_eq!(text(&other).0, "/v1/y");
        let again = head("http://127.0.0.1:1/v1/x?a=1");
        assert_eq!(text(&again).0, text(&first).0);
        assert_ne!(
            text(&again).1,
            text(&first).1,
            "parsed again after another URL"
        );
    }
}
