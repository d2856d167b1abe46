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

#[cfg(test)]
mod tests {
    use std::io::{self, BufRead, BufReader, Write};
    use std::net::{TcpListener, TcpStream};

    use super::*;
    use crate::Route;

    const ROUTE: Route = Route {
        method: Method::Post,
        path: "/v1/x",
    };

    fn outgoing(url: &str, max_body: usize) -> Outgoing<'_> {
        Outgoing {
            max_body,
            timeouts: Timeouts {
                connect: Duration::from_millis(1500),
                exchange: Duration::from_millis(2500),
            },
            ..Outgoing::test(ROUTE, url, Some(b"{}"))
        }
    }

    /// What `map_error` makes of `err`: the error's phase or message, and
    /// whether it was sent.
    fn mapped(err: ureq::Error) -> (String, Failure, Option<bool>) {
        let out = outgoing("http://127.0.0.1:1/v1/x", 10);
        let AttemptError { error, failure } = map_error(&out, err);
        match error {
            Error::Timeout {
                phase,
                after,
                status: None,
                attempts: 1,
                ..
            } => (format!("{phase} {}", after.as_millis()), failure, None),
            Error::Transport {
                message,
                before_send,
                status: None,
                attempts: 1,
                ..
            } => (message, failure, Some(before_send)),
            Error::ResponseTooLarge { limit, .. } => (format!("limit {limit}"), failure, None),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn ureq_errors_map_to_timeouts_and_transport_errors_that_say_whether_anything_was_sent() {
        use Failure::{Final, MaybeProcessed, NotSent};
        let s = |t: &str| t.to_owned();
        assert_eq!(
            mapped(ureq::Error::Timeout(ureq::Timeout::Connect)),
            (s("connect 1500"), NotSent, None)
        );
        assert_eq!(
            mapped(ureq::Error::Timeout(ureq::Timeout::Resolve)),
            (s("connect 1500"), NotSent, None)
        );
        assert_eq!(
            mapped(ureq::Error::Timeout(ureq::Timeout::RecvResponse)),
            (s("exchange 2500"), MaybeProcessed, None)
        );
        for kind in [io::ErrorKind::TimedOut, io::ErrorKind::WouldBlock] {
            assert_eq!(
                mapped(ureq::Error::Io(io::Error::from(kind))),
                (s("exchange 2500"), MaybeProcessed, None)
            );
        }
        assert_eq!(
            mapped(ureq::Error::Io(io::Error::new(
                io::ErrorKind::ConnectionRefused,
                "refused"
            ))),
            (s("connection refused: refused"), NotSent, Some(true))
        );
        assert_eq!(
            mapped(ureq::Error::Io(io::Error::new(
                io::ErrorKind::ConnectionReset,
                "reset by peer"
            ))),
            (s("reset by peer"), MaybeProcessed, Some(false))
        );
        // An I/O error without a message is named by its kind.
        assert_eq!(
            mapped(ureq::Error::Io(io::Error::new(
                io::ErrorKind::BrokenPipe,
                ""
            ))),
            (s("BrokenPipe"), MaybeProcessed, Some(false))
        );
        assert_eq!(
            mapped(ureq::Error::HostNotFound),
            (s("host not found"), NotSent, Some(true))
        );
        assert_eq!(
            mapped(ureq::Error::ConnectionFailed),
            (s("connection failed"), NotSent, Some(true))
        );
        assert_eq!(
            mapped(ureq::Error::BodyExceedsLimit(10)),
            (s("limit 10"), Final, None)
        );
    }

    /// Serves one connection: reads a request head and its 2-byte body, then
    /// writes `answer` in parts, sleeping `pause` between them, and closes.
    fn serve_once(answer: &'static [&'static [u8]], pause: Duration) -> String {
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let url = format!("http://{}/v1/x", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            let mut body = [0u8; 2];
            let _ = io::Read::read_exact(&mut reader, &mut body);
            let mut writer: TcpStream = stream;
            for (i, part) in answer.iter().enumerate() {
                if i > 0 {
                    std::thread::sleep(pause);
                }
                let _ = writer.write_all(part);
            }
        });
        url
    }

    fn call(url: &str, max_body: usize) -> Result<RawResponse, AttemptError> {
        let http = agent(Settings {
            user_agent: "transport-test",
            base_url: url,
            project_id: "project-test-1",
            secret: &Secret::new("secret-test-1"),
            timeouts: Timeouts {
                connect: Duration::from_secs(5),
                exchange: Duration::from_millis(2500),
            },
            proxy: None,
            lookup: crate::resolver::system_lookup(),
        });
        exchange(&http, &outgoing(url, max_body), Instant::now())
    }

    #[test]
    fn a_body_cut_short_is_a_transport_error_that_keeps_the_status() {
        let url = serve_once(
            &[b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"a\":"],
            Duration::ZERO,
        );
        let Err(e) = call(&url, 1024) else {
            panic!("a short body was accepted");
        };
        assert_eq!(e.failure, Failure::MaybeProcessed);
        match e.error {
            Error::Transport {
                status, message, ..
            } => {
                assert_eq!(status, Some(200));
                assert!(
                    message.starts_with("reading the http 200 body: "),
                    "{message}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_body_that_outlasts_the_bound_is_a_timeout_that_keeps_the_status() {
        let url = serve_once(
            &[
                b"HTTP/1.1 201 Created\r\ncontent-length: 10\r\n\r\n{\"a\":",
                b"1}    ",
            ],
            Duration::from_secs(5),
        );
        let Err(e) = call(&url, 1024) else {
            panic!("a late body was accepted");
        };
        match e.error {
            Error::Timeout { status, phase, .. } => {
                assert_eq!((status, phase), (Some(201), "exchange"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_answer_of_exactly_the_cap_is_read_and_one_byte_more_is_too_large() {
        let url = serve_once(
            &[b"HTTP/1.1 200 OK\r\ncontent-length: 8\r\n\r\n{\"a\":1}\n"],
            Duration::ZERO,
        );
        let raw = call(&url, 8).unwrap_or_else(|e| panic!("{}", e.error));
        assert_eq!(raw.body, b"{\"a\":1}\n");
        let url = serve_once(
            &[b"HTTP/1.1 200 OK\r\ncontent-length: 8\r\n\r\n{\"a\":1}\n"],
            Duration::ZERO,
        );
        let Err(e) = call(&url, 7) else {
            panic!("an answer over the cap was accepted");
        };
        assert_eq!(e.failure, Failure::Final);
        assert!(
            matches!(
                e.error,
                Error::ResponseTooLarge {
                    status: 200,
                    limit: 7,
                    ..
                }
            ),
            "{:?}",
            e.error
        );
        // Without a length: read until the close, and capped the same way.
        let url = serve_once(
            &[b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n{\"a\":1}\n"],
            Duration::ZERO,
        );
        let Err(e) = call(&url, 7) else {
            panic!("an answer over the cap was accepted");
        };
        assert!(
            matches!(e.error, Error::ResponseTooLarge { .. }),
            "{:?}",
            e.error
        );
        let url = serve_once(
            &[b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n{\"a\":1}\n"],
            Duration::ZERO,
        );
        assert_eq!(
            call(&url, 8).map(|r| r.body).ok(),
            Some(b"{\"a\":1}\n".to_vec())
        );
    }

    /// The request head `out` sends, lower-cased (the server answers 204).
    fn head_sent(out: &Outgoing<'_>) -> String {
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let url = format!("http://{}/v1/x", listener.local_addr().unwrap());
        let server = std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                head.push_str(&line);
                line.clear();
            }
            let mut writer: TcpStream = stream;
            let _ = writer.write_all(b"HTTP/1.1 204 No Content\r\n\r\n");
            head.to_ascii_lowercase()
        });
        let http = agent(Settings {
            user_agent: "transport-test",
            base_url: &url,
            project_id: "project-test-1",
            secret: &Secret::new("secret-test-1"),
            timeouts: out.timeouts,
            proxy: None,
            lookup: crate::resolver::system_lookup(),
        });
        let out = Outgoing { url: &url, ..*out };
        let raw = exchange(&http, &out, Instant::now()).unwrap_or_else(|e| panic!("{}", e.error));
        assert_eq!(raw.status, 204);
        server.join().unwrap()
    }

    #[test]
    fn a_body_is_sent_with_its_content_type_and_no_body_without_one() {
        let json = outgoing("", 1024);
        let head = head_sent(&json);
        assert!(
            head.contains("\r\ncontent-type: application/json\r\n"),
            "{head}"
        );
        assert!(head.contains("\r\ncontent-length: 2\r\n"), "{head}");
        let form = Outgoing {
            body_format: BodyFormat::Form,
            ..outgoing("", 1024)
        };
        let head = head_sent(&form);
        assert!(
            head.contains("\r\ncontent-type: application/x-www-form-urlencoded\r\n"),
            "{head}"
        );
        let empty = Outgoing {
            body: None,
            ..outgoing("", 1024)
        };
        let head = head_sent(&empty);
        assert!(!head.contains("content-type"), "{head}");
        assert!(head.starts_with("post /v1/x http/1.1\r\n"), "{head}");
        // A GET goes without a body, so it never names a body's type, even
        // when one was (wrongly) handed over.
        let get = Outgoing {
            route: Route {
                method: Method::Get,
                path: "/v1/x",
            },
            ..outgoing("", 1024)
        };
        let head = head_sent(&get);
        assert!(head.starts_with("get /v1/x http/1.1\r\n"), "{head}");
        assert!(!head.contains("content-type"), "{head}");
    }
}
