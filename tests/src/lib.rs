//! Test support: a scriptable HTTP server on 127.0.0.1 that records every
//! request it receives and answers as each test tells it to.
//!
//! Unlike `stytch_local`, which behaves like Stytch, this server
//! misbehaves on purpose, so tests can check exact bytes on the wire and
//! what the client does with broken answers.

#![forbid(unsafe_code)]

pub mod fixtures;
pub mod jwt_support;
pub mod proxy;
pub mod retry_classes;
pub mod spec;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// One request as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The method, e.g. `POST`.
    pub method: String,
    /// The request target: path and query.
    pub target: String,
    /// Header names (lower case) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Recorded {
    /// The value of header `name` (case-insensitive), if sent once or more.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// How the server answers one request.
pub enum Reply {
    /// A complete answer with this status, extra headers and body; a correct
    /// `content-length` is added.
    Status(u16, Vec<(&'static str, String)>, Vec<u8>),
    /// These exact bytes, then the connection stays open for more requests.
    Raw(Vec<u8>),
    /// These exact bytes, then the connection is closed.
    RawThenClose(Vec<u8>),
    /// Close the connection without answering.
    Close,
    /// Say nothing and keep the connection open until the server stops.
    Hang,
    /// Write `head` at once, then `tail` one byte at a time with `pause`
    /// between bytes.
    Trickle {
        /// Written at once (status line and headers, say).
        head: Vec<u8>,
        /// Written byte by byte.
        tail: Vec<u8>,
        /// The pause after each byte of `tail`.
        pause: Duration,
    },
    /// Reset the connection (TCP RST) without answering.
    ///
    /// std cannot set `SO_LINGER`, so the reset is provoked the portable way:
    /// the request is left unread in the socket's receive buffer when the
    /// socket is closed, and the kernel then aborts the connection with a
    /// RST instead of a FIN.
    Reset,
    /// Write these bytes, then reset the connection as [`Reply::Reset`] does.
    ResetAfter(Vec<u8>),
}

impl Reply {
    /// A complete answer as raw bytes, with a correct `content-length`, after
    /// which the server closes the connection without saying so in a
    /// `connection: close` header: the client keeps a connection the server
    /// has already given up.
    pub fn then_close(status: u16, body: &str) -> Reply {
        Reply::RawThenClose(
            format!(
                "HTTP/1.1 {status} Whatever\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                body.len()
            )
            .into_bytes(),
        )
    }

    /// A JSON answer with `content-type: application/json`.
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::Status(
            status,
            vec![("content-type", "application/json".to_owned())],
            body.as_bytes().to_vec(),
        )
    }
}

type Handler = dyn Fn(usize, &Recorded) -> Reply + Send + Sync;

/// A server that records requests and answers with a handler. The handler
/// gets the 0-based index of the request and the request.
pub struct ScriptedServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

struct Shared {
    handler: Box<Handler>,
    requests: Mutex<Vec<Recorded>>,
    connections: AtomicUsize,
    closed: AtomicUsize,
    stop: AtomicBool,
}

impl ScriptedServer {
    /// Starts on a free port of 127.0.0.1.
    pub fn start(
        handler: impl Fn(usize, &Recorded) -> Reply + Send + Sync + 'static,
    ) -> ScriptedServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let shared = Arc::new(Shared {
            handler: Box::new(handler),
            requests: Mutex::new(Vec::new()),
            connections: AtomicUsize::new(0),
            closed: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
        });
        let s = Arc::clone(&shared);
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if s.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                s.connections.fetch_add(1, Ordering::SeqCst);
                let s = Arc::clone(&s);
                std::thread::spawn(move || {
                    serve(stream, &s);
                    s.closed.fetch_add(1, Ordering::SeqCst);
                });
            }
        });
        ScriptedServer {
            addr,
            shared,
            thread: Some(thread),
        }
    }

    /// Always answers with a clone of `status` and `body` as JSON.
    pub fn always_json(status: u16, body: &'static str) -> ScriptedServer {
        Self::start(move |_, _| Reply::json(status, body))
    }

    /// The base URL for a client.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared
            .requests
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default()
    }

    /// How many connections were accepted.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// How many connections the server has closed (or reset) so far.
    pub fn connections_closed(&self) -> usize {
        self.shared.closed.load(Ordering::SeqCst)
    }

    /// Waits, at most `limit`, until the server has closed `n` connections;
    /// returns whether it has.
    pub fn wait_closed(&self, n: usize, limit: Duration) -> bool {
        let started = std::time::Instant::now();
        while self.connections_closed() < n {
            if started.elapsed() > limit {
                return false;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        true
    }
}

impl Drop for ScriptedServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(mut stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut peeked = vec![0u8; 64 * 1024];
    loop {
        let Some((request, length)) = next_request(&mut stream, shared, &mut peeked) else {
            return;
        };
        let index = {
            let mut all = match shared.requests.lock() {
                Ok(g) => g,
                Err(p) => p.into_inner(),
            };
            all.push(request.clone());
            all.len() - 1
        };
        let reply = (shared.handler)(index, &request);
        // A reset needs the request still unread; every other reply consumes it.
        match reply {
            Reply::Reset => return,
            Reply::ResetAfter(bytes) => {
                let _ = stream.write_all(&bytes);
                let _ = stream.flush();
                return;
            }
            _ => {
                let mut sink = vec![0u8; length];
                if stream.read_exact(&mut sink).is_err() {
                    return;
                }
            }
        }
        match reply {
            Reply::Status(status, headers, body) => {
                let mut out = format!(
                    "HTTP/1.1 {status} Whatever\r\ncontent-length: {}\r\n",
                    body.len()
                );
                for (k, v) in headers {
                    out.push_str(&format!("{k}: {v}\r\n"));
                }
                out.push_str("\r\n");
                let mut bytes = out.into_bytes();
                bytes.extend_from_slice(&body);
                if stream.write_all(&bytes).is_err() {
                    return;
                }
            }
            Reply::Raw(bytes) => {
                if stream.write_all(&bytes).is_err() {
                    return;
                }
            }
            Reply::RawThenClose(bytes) => {
                let _ = stream.write_all(&bytes);
                return;
            }
            Reply::Close | Reply::Reset | Reply::ResetAfter(_) => return,
            Reply::Hang => {
                while !shared.stop.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(20));
                }
                return;
            }
            Reply::Trickle { head, tail, pause } => {
                if stream.write_all(&head).is_err() {
                    return;
                }
                for b in tail {
                    if shared.stop.load(Ordering::SeqCst) || stream.write_all(&[b]).is_err() {
                        return;
                    }
                    std::thread::sleep(pause);
                }
            }
        }
    }
}

/// Waits until a whole request sits in the socket's receive buffer and parses
/// it without consuming it (so that [`Reply::Reset`] can leave it unread).
/// Returns the request and its length in bytes.
fn next_request(
    stream: &mut TcpStream,
    shared: &Shared,
    peeked: &mut [u8],
) -> Option<(Recorded, usize)> {
    let mut seen = 0;
    loop {
        if shared.stop.load(Ordering::SeqCst) {
            return None;
        }
        match stream.peek(peeked) {
            Ok(0) => return None,
            Ok(n) => {
                if let Some(found) = parse(&peeked[..n]) {
                    return Some(found);
                }
                if n == peeked.len() {
                    return None;
                }
                if n == seen {
                    // Part of a request: poll until the rest arrives.
                    std::thread::sleep(Duration::from_millis(1));
                }
                seen = n;
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return None,
        }
    }
}

/// Parses one complete request at the front of `buf`, if there is one, and
/// returns it with its length.
fn parse(buf: &[u8]) -> Option<(Recorded, usize)> {
    let end = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_owned();
    let target = first.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    if buf.len() < end + 4 + length {
        return None;
    }
    let body = buf[end + 4..end + 4 + length].to_vec();
    Some((
        Recorded {
            method,
            target,
            headers,
            body,
        },
        end + 4 + length,
    ))
}

/// Sends a hand-written JSON request (one the builders would refuse to
/// build) and returns the status and the parsed answer.
pub fn raw_post(
    server: &stytch_local::LocalServer,
    path: &str,
    body: &str,
) -> (u16, serde_json::Value) {
    raw_exchange(
        server,
        "POST",
        path,
        Some(("application/json", body.as_bytes())),
    )
}

/// Sends a hand-written request with any method, target and (content type,
/// body), and returns the status and the parsed answer.
pub fn raw_request(
    server: &stytch_local::LocalServer,
    method: &str,
    target: &str,
    body: Option<(&str, &[u8])>,
) -> (u16, serde_json::Value) {
    raw_exchange(server, method, target, body)
}

/// Sends `call` as the client would encode it, but returns the answer's
/// status and JSON exactly as the server sent it (not decoded into the
/// answer type), for checks against Stytch's published shapes.
pub fn raw_call<E: stytch_endpoints::Endpoint>(
    server: &stytch_local::LocalServer,
    call: &E,
) -> (u16, serde_json::Value) {
    let mut target = String::new();
    call.write_path(
        &mut target,
        &stytch_endpoints::runtime::PathContext::new(server.project_id()),
    );
    let mut query = String::new();
    call.write_query(&mut query);
    if !query.is_empty() {
        target.push('?');
        target.push_str(&query);
    }
    let mut body = Vec::new();
    let has_body = call.write_body(&mut body).expect("encode the request body");
    raw_exchange(
        server,
        E::METHOD.as_str(),
        &target,
        has_body.then_some((E::BODY.content_type(), body.as_slice())),
    )
}

fn raw_exchange(
    server: &stytch_local::LocalServer,
    method: &str,
    target: &str,
    body: Option<(&str, &[u8])>,
) -> (u16, serde_json::Value) {
    let auth = stytch_endpoints::runtime::encode::base64(
        format!("{}:{}", server.project_id(), server.secret()).as_bytes(),
    );
    let mut stream = TcpStream::connect(server.addr()).expect("raw request to the local server");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("raw request to the local server");
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nhost: x\r\nauthorization: Basic {auth}\r\nconnection: close\r\n"
    );
    if let Some((content_type, body)) = body {
        head.push_str(&format!(
            "content-type: {content_type}\r\ncontent-length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(body.map_or(&[][..], |(_, b)| b)))
        .expect("raw request to the local server");
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .expect("raw request to the local server");
    let status = answer
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .expect("a status line from the local server");
    let json = answer
        .split_once("\r\n\r\n")
        .expect("a complete answer from the local server")
        .1;
    (
        status,
        serde_json::from_str(json).expect("a JSON answer from the local server"),
    )
}

/// The README's Rust examples, compiled and run as doctests so they stay true.
#[doc = include_str!("../../README.md")]
pub mod readme {}
