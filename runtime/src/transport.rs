//! One HTTP exchange over the shared ureq agent, and the mapping of ureq's
//! errors onto ours.
//!
//! The other users of ureq are `connector.rs` (the socket layer under the
//! agent), `resolver.rs` (the agent's host lookup) and `head.rs` (header
//! values and URIs, through ureq's re-export of `http`); the crate docs list
//! what each uses.

use std::fmt;
use std::io::Read;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ureq::http::header;

use crate::connector;
use crate::exchange::{AttemptError, Outgoing, Timeouts};
use crate::head::{Head, HeadCache, Headers, basic_auth};
use crate::resolver::{InlineResolver, Lookup};
use crate::response::{RawResponse, parse_retry_after};
use crate::retry::Failure;
use crate::seal::Credentials;
use crate::{BodyFormat, Error, Method, Secret};

/// How many idle keep-alive connections the pool keeps.
const MAX_IDLE_CONNECTIONS: usize = 32;

/// The agent every clone of a client shares, and the request head parts
/// kept from the last call.
pub(crate) struct Http {
    agent: ureq::Agent,
    head: HeadCache,
}

/// What the agent of a client is built from.
pub(crate) struct Settings<'a> {
    pub(crate) user_agent: &'a str,
    pub(crate) base_url: &'a str,
    pub(crate) project_id: &'a str,
    pub(crate) secret: &'a Secret,
    pub(crate) timeouts: Timeouts,
    /// The proxy chosen for the base URL (`proxy.rs`), if any.
    pub(crate) proxy: Option<ureq::Proxy>,
    pub(crate) lookup: Lookup,
}

/// Builds the agent every clone of a client shares, with the header values
/// that stay the same for all its calls.
pub(crate) fn agent(settings: Settings<'_>) -> Http {
    let real = basic_auth(settings.project_id, settings.secret);
    let credentials = Arc::new(Credentials::new(real.as_bytes()));
    Http {
        agent: ureq_agent(&settings, Arc::clone(&credentials)),
        head: HeadCache::new(settings.user_agent, settings.base_url, &credentials),
    }
}

fn ureq_agent(settings: &Settings<'_>, credentials: Arc<Credentials>) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .user_agent(settings.user_agent)
        // ureq's default reads every proxy variable in any case, for every
        // scheme and host; ours is chosen by `proxy.rs`.
        .proxy(settings.proxy.clone())
        // The exchange bound is enforced by our transport (see
        // `connector::bound_exchange`), not by ureq; so is the bound on a
        // host name lookup (`resolver.rs`).
        .timeout_connect(Some(settings.timeouts.connect))
        .max_redirects(0)
        // ureq keeps 3 idle connections per host by default, so a client
        // shared by more threads than that kept opening new ones. Stytch is
        // one host: keep enough for a busy thread pool.
        .max_idle_connections(MAX_IDLE_CONNECTIONS)
        .max_idle_connections_per_host(MAX_IDLE_CONNECTIONS)
        .tls_config(tls_config())
        .build();
    ureq::Agent::with_parts(
        config,
        connector::chain(credentials),
        InlineResolver::new(settings.lookup.clone()),
    )
}

/// TLS settings: rustls unless only the `native-tls` feature is on.
fn tls_config() -> ureq::tls::TlsConfig {
    let provider = if cfg!(feature = "rustls") {
        ureq::tls::TlsProvider::Rustls
    } else {
        ureq::tls::TlsProvider::NativeTls
    };
    ureq::tls::TlsConfig::builder().provider(provider).build()
}

/// Sends one request and reads the whole answer (up to `max_body` bytes).
/// The whole-exchange bound runs from `started`.
pub(crate) fn exchange(
    http: &Http,
    out: &Outgoing<'_>,
    started: Instant,
) -> Result<RawResponse, AttemptError> {
    let Head { uri, headers } = http.head.head(out)?;
    let agent = &http.agent;
    // Covers the body too: `finish` reads it before this returns.
    let _bound = connector::bound_exchange(
        started.checked_add(out.timeouts.exchange),
        out.timeouts.connect,
    );
    match out.route.method {
        Method::Get => finish(out, configure(out, headers, agent.get(uri)).call()),
        Method::Delete => finish(out, configure(out, headers, agent.delete(uri)).call()),
        Method::Post => send(out, headers, agent.post(uri)),
        Method::Put => send(out, headers, agent.put(uri)),
        Method::Patch => send(out, headers, agent.patch(uri)),
    }
}

/// Puts our headers into the request (a clone of the client's prepared
/// map: `RequestBuilder::header` would move the whole builder twice per
/// header, and appending would hash every name again) and, when the call
/// has its own connect timeout, a request-level configuration.
fn configure<B>(
    out: &Outgoing<'_>,
    headers: &Headers,
    mut req: ureq::RequestBuilder<B>,
) -> ureq::RequestBuilder<B> {
    // `None` only when the builder already holds an error, which the call
    // then reports.
    if let Some(map) = req.headers_mut() {
        *map = match out.body {
            Some(_) if out.route.method.has_body() => match out.body_format {
                BodyFormat::Json => headers.with_body.clone(),
                BodyFormat::Form => headers.with_form_body.clone(),
            },
            _ => headers.without_body.clone(),
        };
    }
    if out.custom_connect {
        req.config()
            .timeout_connect(Some(out.timeouts.connect))
            .build()
    } else {
        req
    }
}

fn send(
    out: &Outgoing<'_>,
    headers: &Headers,
    req: ureq::RequestBuilder<ureq::typestate::WithBody>,
) -> Result<RawResponse, AttemptError> {
    let req = configure(out, headers, req);
    let sent = match out.body {
        Some(body) => req.send(body),
        None => req.send_empty(),
    };
    finish(out, sent)
}

fn finish(
    out: &Outgoing<'_>,
    sent: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<RawResponse, AttemptError> {
    let mut response = sent.map_err(|e| map_error(out, e))?;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| parse_retry_after(v.as_bytes()));
    let limit = out.max_body as u64;
    // Sized from content-length (bounded by the limit) so the read does not
    // grow the buffer step by step.
    let expected = response.body().content_length().unwrap_or(0).min(limit);
    let mut body = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    // We never ask for compression (no `accept-encoding`), so the common
    // path has no decoder layer. A server or proxy that gzips anyway is
    // understood with the `gzip` feature (the cap applies to the decoded
    // bytes), and reported as such without it.
    let gzip = response
        .headers()
        .get(header::CONTENT_ENCODING)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"gzip"));
    let reader = response
        .body_mut()
        .with_config()
        .limit(limit.saturating_add(1))
        .reader();
    let read = if gzip {
        #[cfg(feature = "gzip")]
        {
            flate2::read::GzDecoder::new(reader)
                .take(limit.saturating_add(1))
                .read_to_end(&mut body)
        }
        #[cfg(not(feature = "gzip"))]
        {
            drop(reader);
            return Err(gzip_not_enabled(out, status));
        }
    } else {
        reader.take(limit.saturating_add(1)).read_to_end(&mut body)
    };
    match read {
        Ok(_) if body.len() > out.max_body => Err(too_large(out, status)),
        Ok(_) => Ok(RawResponse {
            status,
            retry_after,
            body,
        }),
        Err(e) => {
            // ureq hands its own errors (timeouts, limits) to the reader
            // wrapped in an io::Error; `From` unwraps them again, so a body
            // that outlasts the exchange bound is a timeout, not an I/O error.
            let err = ureq::Error::from(e);
            if let ureq::Error::BodyExceedsLimit(_) = err {
                return Err(too_large(out, status));
            }
            let mut mapped = map_error(out, err);
            match &mut mapped.error {
                Error::Transport {
                    message,
                    status: kept,
                    ..
                } => {
                    message.insert_str(0, &format!("reading the http {status} body: "));
                    *kept = Some(status);
                }
                Error::Timeout { status: kept, .. } => *kept = Some(status),
                _ => {}
            }
            Err(mapped)
        }
    }
}

/// A gzip-compressed answer without the `gzip` feature: final, not retried
/// (the same answer would come back).
#[cfg(not(feature = "gzip"))]
fn gzip_not_enabled(out: &Outgoing<'_>, status: u16) -> AttemptError {
    AttemptError {
        error: Error::Transport {
            route: out.route,
            status: Some(status),
            message: "the answer is gzip-compressed, which the request did not ask for \
                      (a proxy on the way may compress); enable the `gzip` feature of \
                      stytch-endpoints to decode it"
                .to_owned(),
            before_send: false,
            attempts: 1,
        },
        failure: Failure::Final,
    }
}

/// The answer is over the size cap: final, not retried.
fn too_large(out: &Outgoing<'_>, status: u16) -> AttemptError {
    AttemptError {
        error: Error::ResponseTooLarge {
            route: out.route,
            status,
            limit: out.max_body,
            attempts: 1,
        },
        failure: Failure::Final,
    }
}

fn map_error(out: &Outgoing<'_>, err: ureq::Error) -> AttemptError {
    use std::io::ErrorKind;
    let route = out.route;
    let timeout = |phase: &'static str, after: Duration, failure: Failure| AttemptError {
        error: Error::Timeout {
            route,
            status: None,
            after,
            phase,
            attempts: 1,
        },
        failure,
    };
    let transport = |message: String, failure: Failure| AttemptError {
        error: Error::Transport {
            route,
            status: None,
            message,
            before_send: failure == Failure::NotSent,
            attempts: 1,
        },
        failure,
    };
    match err {
        ureq::Error::Timeout(which) => {
            use ureq::Timeout as T;
            match which {
                T::Resolve | T::Connect => {
                    timeout("connect", out.timeouts.connect, Failure::NotSent)
                }
                _ => timeout("exchange", out.timeouts.exchange, Failure::MaybeProcessed),
            }
        }
        ureq::Error::Io(e) => match e.kind() {
            ErrorKind::TimedOut | ErrorKind::WouldBlock => {
                timeout("exchange", out.timeouts.exchange, Failure::MaybeProcessed)
            }
            ErrorKind::ConnectionRefused => {
                transport(format!("connection refused: {e}"), Failure::NotSent)
            }
            _ => transport(IoLine(&e).to_string(), Failure::MaybeProcessed),
        },
        ureq::Error::HostNotFound => transport("host not found".to_owned(), Failure::NotSent),
        ureq::Error::ConnectionFailed => {
            transport("connection failed".to_owned(), Failure::NotSent)
        }
        ureq::Error::BodyExceedsLimit(_) => AttemptError {
            error: Error::ResponseTooLarge {
                route,
                status: 0,
                limit: out.max_body,
                attempts: 1,
            },
            failure: Failure::Final,
        },
        other => transport(other.to_string(), Failure::MaybeProcessed),
    }
}

/// An I/O error as one line, with its kind when the message is empty.
struct IoLine<'a>(&'a std::io::Error);

impl fmt::Display for IoLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0.to_string();
        if text.is_empty() {
            write!(f, "{:?}", self.0.kind())
        } else {
            write!(f, "{text}")
        }
    }
}
