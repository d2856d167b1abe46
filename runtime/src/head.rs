//! The parts of a request head that stay the same from call to call (the
//! parsed URI, the `user-agent`, `host` and `authorization` values), kept
//! from the last call and reused while the URL and credentials do not
//! change.
//!
//! Parsing them again costs several allocations per call; ureq, left to
//! add `user-agent` and `host` itself, copies the one and formats the other
//! for every request.

use std::sync::Mutex;

use ureq::http::uri::Scheme;
use ureq::http::{HeaderValue, Uri};

use crate::Error;
use crate::retry::Failure;
use crate::transport::{AttemptError, Outgoing};

/// What one request needs from its URL, credentials and user agent.
pub(crate) struct Head {
    pub(crate) uri: Uri,
    pub(crate) values: HeadValues,
}

/// The header values of a [`Head`].
pub(crate) struct HeadValues {
    /// `None` when the configured one is not a valid header value (the
    /// client builder refuses control characters; ureq then adds it).
    pub(crate) user_agent: Option<HeaderValue>,
    /// `None` when the URI has no host, which ureq then reports.
    pub(crate) host: Option<HeaderValue>,
    pub(crate) auth: HeaderValue,
}

/// The last call's [`Head`], shared by the clones of a client.
pub(crate) struct HeadCache {
    user_agent: Option<HeaderValue>,
    last: Mutex<Last>,
}

#[derive(Default)]
struct Last {
    url: String,
    target: Option<(Uri, Option<HeaderValue>)>,
    auth: Option<HeaderValue>,
}

impl HeadCache {
    /// A cache for a client sending `user_agent`.
    pub(crate) fn new(user_agent: &str) -> HeadCache {
        HeadCache {
            user_agent: HeaderValue::from_str(user_agent).ok(),
            last: Mutex::new(Last::default()),
        }
    }

    /// The head of `out`: the last call's parts where they are the same,
    /// else parsed and kept for the next call. A client used from many
    /// threads at once parses afresh rather than wait.
    pub(crate) fn head(&self, out: &Outgoing<'_>) -> Result<Head, AttemptError> {
        let Ok(mut last) = self.last.try_lock() else {
            let uri = parse_uri(out)?;
            let host = host_value(&uri);
            let auth = parse_auth(out)?;
            return Ok(self.assemble(uri, host, auth));
        };
        let (uri, host) = match &last.target {
            Some((uri, host)) if last.url == out.url => (uri.clone(), host.clone()),
            previous => {
                let uri = parse_uri(out)?;
                // Another endpoint on the same server: same `host`.
                let host = match previous {
                    Some((p, host))
                        if p.scheme() == uri.scheme() && p.authority() == uri.authority() =>
                    {
                        host.clone()
                    }
                    _ => host_value(&uri),
                };
                last.url.clear();
                last.url.push_str(out.url);
                last.target = Some((uri.clone(), host.clone()));
                (uri, host)
            }
        };
        let auth = match &last.auth {
            Some(auth) if auth.as_bytes() == out.auth.as_bytes() => auth.clone(),
            _ => {
                let auth = parse_auth(out)?;
                last.auth = Some(auth.clone());
                auth
            }
        };
        Ok(self.assemble(uri, host, auth))
    }

    fn assemble(&self, uri: Uri, host: Option<HeaderValue>, auth: HeaderValue) -> Head {
        let user_agent = self.user_agent.clone();
        Head {
            uri,
            values: HeadValues {
                user_agent,
                host,
                auth,
            },
        }
    }
}

fn parse_uri(out: &Outgoing<'_>) -> Result<Uri, AttemptError> {
    Uri::try_from(out.url).map_err(|_| AttemptError {
        error: Error::invalid_request(out.route, "the request URL is not valid".to_owned()),
        failure: Failure::Final,
    })
}

fn parse_auth(out: &Outgoing<'_>) -> Result<HeaderValue, AttemptError> {
    let mut value = HeaderValue::from_str(out.auth).map_err(|_| AttemptError {
        error: Error::Config {
            reason: "the credentials cannot be sent in an HTTP header".to_owned(),
        },
        failure: Failure::Final,
    })?;
    value.set_sensitive(true);
    Ok(value)
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
}
