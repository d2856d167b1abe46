//! The accept loop, one keep-alive connection, and turning one request into
//! one answer: authentication, routing, decoding, and Stytch's answer shapes.

use std::io::{ErrorKind, Read};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::Ordering;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

use stytch_endpoints::{BodyFormat, Method};

use crate::decode::Body;
use crate::{Fail, IDLE_TIMEOUT, Shared, decode, http, ids, routes};

/// How long one write of an answer may block on a client that does not
/// read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// After refusing a request, how long the server keeps reading (and
/// dropping) what the client still sends before it closes, so that the
/// close is a FIN the client can read the answer before, not a reset
/// that may destroy it.
const LINGER: Duration = Duration::from_millis(500);

pub(super) fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut backoff = Backoff::default();
    // Connections refused at the cap are answered here but closed by the
    // lingering thread, so a client that never closes cannot stall accept.
    let (lingering, to_close) = mpsc::sync_channel(MAX_LINGERING);
    let closer = std::thread::Builder::new()
        .name("stytch-local-linger".to_owned())
        .spawn(move || close_refused(&to_close))
        .ok();
    loop {
        let accepted = listener.accept();
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        match accepted {
            Ok((stream, _)) => {
                backoff.reset();
                shared.connections.fetch_add(1, Ordering::Relaxed);
                admit(stream, &shared, &lingering);
            }
            // Out of descriptors (EMFILE, ENFILE) or memory, the same call
            // fails again at once: wait, longer each time, instead of
            // spinning. A connection waiting in the listen queue is taken
            // when the cause is gone.
            Err(_) => std::thread::sleep(backoff.next_wait()),
        }
    }
    drop(lingering);
    if let Some(closer) = closer {
        let _ = closer.join();
    }
}

/// Most refused connections lingering at once; past it they are closed at
/// once.
const MAX_LINGERING: usize = 1024;

/// Closes refused connections (503 already written, write side shut):
/// each is read and dropped, without blocking, until the client closes or
/// `LINGER` has passed. Returns when the accept loop has ended and every
/// connection is closed.
fn close_refused(incoming: &mpsc::Receiver<Arc<TcpStream>>) {
    let mut waiting: Vec<(Arc<TcpStream>, Instant)> = Vec::new();
    loop {
        if waiting.is_empty() {
            match incoming.recv() {
                Ok(s) => waiting.push((s, Instant::now() + LINGER)),
                Err(_) => return,
            }
        }
        while let Ok(s) = incoming.try_recv() {
            if waiting.len() < MAX_LINGERING {
                waiting.push((s, Instant::now() + LINGER));
            }
        }
        let now = Instant::now();
        let mut sink = [0u8; 4096];
        waiting.retain(|(stream, until)| {
            if now >= *until {
                return false;
            }
            for _ in 0..16 {
                match (&**stream).read(&mut sink) {
                    Ok(0) => return false,
                    Ok(_) => {}
                    Err(e) => return e.kind() == ErrorKind::WouldBlock,
                }
            }
            true
        });
        if !waiting.is_empty() {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// The wait after a failed `accept`: 1 ms, doubling to at most 100 ms;
/// back to 1 ms after a success.
#[derive(Debug, Default)]
struct Backoff {
    failures: u32,
}

impl Backoff {
    const FIRST: Duration = Duration::from_millis(1);
    const MAX: Duration = Duration::from_millis(100);

    fn next_wait(&mut self) -> Duration {
        let wait = Self::FIRST
            .saturating_mul(1 << self.failures.min(16))
            .min(Self::MAX);
        self.failures = self.failures.saturating_add(1);
        wait
    }

    fn reset(&mut self) {
        self.failures = 0;
    }
}

/// Gives `stream` a slot and a thread, or answers 503 and closes it when
/// every slot is taken (or no thread can be started).
fn admit(stream: TcpStream, shared: &Arc<Shared>, lingering: &mpsc::SyncSender<Arc<TcpStream>>) {
    let stream = Arc::new(stream);
    let Some(id) = shared.conns.admit(&stream) else {
        let message = format!(
            "the local server already has {} connections open (LocalServerConfig::max_connections); retry when one closes",
            shared.conns.max()
        );
        refuse_at_once(stream, &message, lingering);
        return;
    };
    let conn_shared = Arc::clone(shared);
    let conn_stream = Arc::clone(&stream);
    let spawned = std::thread::Builder::new()
        .name("stytch-local-conn".to_owned())
        .spawn(move || {
            let _slot = conn_shared.conns.slot(id);
            serve_connection(&conn_stream, &conn_shared);
        });
    if spawned.is_err() {
        shared.conns.forget(id);
        refuse_at_once(
            stream,
            "the local server could not start a thread for this connection",
            lingering,
        );
    }
}

/// Answers `503 too_many_connections` without blocking (the answer fits in
/// a new socket's send buffer), shuts the write side, and hands the socket
/// to the lingering thread (or closes it now when that one is full).
fn refuse_at_once(
    stream: Arc<TcpStream>,
    message: &str,
    lingering: &mpsc::SyncSender<Arc<TcpStream>>,
) {
    let _ = stream.set_nonblocking(true);
    let body = error_body(503, "too_many_connections", message);
    let _ = http::write_response(&mut &*stream, 503, &body, true);
    let _ = stream.shutdown(Shutdown::Write);
    let _ = lingering.try_send(stream);
}

/// Answers with an error in Stytch's shape, then closes: the write side
/// first, then the rest after reading what the client still sends for at
/// most `LINGER`.
fn refuse(stream: &TcpStream, status: u16, error_type: &str, message: &str) {
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT.min(LINGER)));
    let body = error_body(status, error_type, message);
    let _ = http::write_response(&mut &*stream, status, &body, true);
    linger_close(stream);
}

fn linger_close(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + LINGER;
    let mut sink = [0u8; 8192];
    let mut drained = 0;
    while drained < http::MAX_BODY {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match (&*stream).read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
    let _ = stream.shutdown(Shutdown::Both);
}

fn serve_connection(stream: &TcpStream, shared: &Shared) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let deadlines = http::Deadlines {
        head: shared.config.head_timeout,
        body: shared.config.body_timeout,
    };
    let mut source = http::Socket::new(stream, IDLE_TIMEOUT);
    let mut buf = Vec::new();
    loop {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let request = match http::read_request(&mut source, &mut buf, deadlines) {
            Ok(r) => r,
            Err(http::ReadError::Closed | http::ReadError::Io) => break,
            Err(http::ReadError::Bad(status, message)) => {
                let error_type = match status {
                    408 => "request_timeout",
                    _ => "bad_request",
                };
                refuse(stream, status, error_type, &message);
                return;
            }
        };
        let close = request.wants_close();
        let (status, body) = handle(shared, &request);
        shared.requests.fetch_add(1, Ordering::Relaxed);
        if http::write_response(&mut &*stream, status, &body, close).is_err() || close {
            break;
        }
    }
    let _ = stream.shutdown(Shutdown::Both);
}

fn handle(shared: &Shared, request: &http::Request) -> (u16, Vec<u8>) {
    let started = Instant::now();
    let mut route = None;
    let (status, body, error_type) = match dispatch(shared, request, &mut route) {
        Ok(mut fields) => {
            let request_id = ids::request_id();
            let mut out = Map::new();
            out.insert("request_id".to_owned(), Value::String(request_id));
            out.insert("status_code".to_owned(), json!(200));
            out.append(&mut fields);
            let body = serde_json::to_vec(&Value::Object(out)).unwrap_or_default();
            (200, body, None)
        }
        Err(fail) => {
            let write = if route.is_some_and(|e: &routes::Entry| e.oauth2_errors) {
                oauth2_error_body
            } else {
                error_body
            };
            (
                fail.status,
                write(fail.status, &fail.error_type, &fail.message),
                Some(fail.error_type),
            )
        }
    };
    // One line per request. The path is the matched template, never the
    // filled-in path, and no header or body is logged: they carry the
    // secret, tokens and passwords.
    log::info!(
        target: "stytch_local",
        "{method} {path} -> {status}{sep}{error} ({micros} us)",
        method = request.method.chars().take(16).collect::<String>(),
        path = route.map_or("(no route)", |e: &routes::Entry| e.route.path),
        sep = if error_type.is_some() { " " } else { "" },
        error = error_type.as_deref().unwrap_or(""),
        micros = started.elapsed().as_micros(),
    );
    (status, body)
}

fn dispatch<'a>(
    shared: &'a Shared,
    request: &http::Request,
    route: &mut Option<&'a routes::Entry>,
) -> Result<Map<String, Value>, Fail> {
    if !crate::keys::is_public(&request.method, &request.target)
        && request.header("authorization") != Some(shared.expected_auth.as_str())
    {
        return Err(Fail::new(
            401,
            "unauthorized_credentials",
            "the project id and secret in the Authorization header are not valid",
        ));
    }
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((request.target.as_str(), ""));
    let method = Method::from_name(&request.method).ok_or_else(|| {
        Fail::new(
            405,
            "method_not_allowed",
            format!("method {} is not supported", request.method),
        )
    })?;
    let (entry, params) = routes::find(&shared.routes, method, path)?;
    *route = Some(entry);
    let query = decode::parse_query(query).ok_or_else(|| {
        Fail::new(
            400,
            "invalid_request",
            "the query string is not valid percent-encoded UTF-8",
        )
    })?;
    let body = if request.body.is_empty() {
        Body::None
    } else {
        let content_type = request.header("content-type").unwrap_or("");
        let expected = entry.body_format.content_type();
        if !content_type
            .get(..expected.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(expected))
        {
            return Err(Fail::new(
                400,
                "invalid_content_type",
                format!("the body of {method} {path} must be {expected}"),
            ));
        }
        match entry.body_format {
            BodyFormat::Form => {
                let text = std::str::from_utf8(&request.body).ok();
                Body::Form(text.and_then(decode::parse_query).ok_or_else(|| {
                    Fail::new(
                        400,
                        "invalid_request",
                        "the form body is not valid percent-encoded UTF-8",
                    )
                })?)
            }
            _ => Body::Json(serde_json::from_slice::<Value>(&request.body).map_err(|e| {
                Fail::new(
                    400,
                    "invalid_json",
                    format!("the request body is not valid JSON: {e}"),
                )
            })?),
        }
    };
    entry.answer(&shared.state, params, query, body)
}

/// An error in the OAuth 2.0 shape (RFC 6749, section 5.2) with Stytch's
/// `status_code` and `request_id`, as its OAuth 2.0 endpoints send it.
fn oauth2_error_body(status: u16, error: &str, description: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "status_code": status,
        "request_id": ids::request_id(),
        "error": error,
        "error_description": description,
        "error_uri": format!("https://stytch.com/docs/api/errors/{status}"),
    }))
    .unwrap_or_default()
}

fn error_body(status: u16, error_type: &str, message: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "status_code": status,
        "request_id": ids::request_id(),
        "error_type": error_type,
        "error_message": message,
        "error_url": format!("https://stytch.com/docs/api/errors/{status}"),
    }))
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_backoff_grows_to_a_bound_and_resets() {
        let mut b = Backoff::default();
        let waits: Vec<u128> = (0..10).map(|_| b.next_wait().as_millis()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 64, 100, 100, 100]);
        for _ in 0..1000 {
            assert_eq!(b.next_wait(), Backoff::MAX);
        }
        b.reset();
        assert_eq!(b.next_wait(), Backoff::FIRST);
    }
}
