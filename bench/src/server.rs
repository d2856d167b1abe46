//! A minimal keep-alive HTTP/1.1 server on 127.0.0.1 that answers
//! `POST /v1/oauth/attach` with a fixed body.
//!
//! It does as little as a server can: one thread per connection, one reused
//! buffer, no allocation per request, the answer written with one `write`.
//! Anything but the attach route gets a 404. It is the common ground all
//! contenders talk to, so its own cost is the same for each of them.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use crate::placement::pin_current_thread;

/// The body of every attach answer.
pub const ATTACH_BODY: &str = concat!(
    r#"{"status_code":200,"#,
    r#""request_id":"request-id-test-0d8a6b8a-5b48-4b5c-9bf1-ba5a0f6c1e11","#,
    r#""oauth_attach_token":"oauth-attach-test-5e4f2f5c-4d7e-4b8e-a9c1-0b3b2c6f1d22"}"#
);

/// The largest request head and body the server accepts.
const MAX_REQUEST: usize = 64 * 1024;

/// A running bench server. Dropping it stops accepting; open connections end
/// when their clients close them.
pub struct BenchServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
}

struct Shared {
    stop: AtomicBool,
    requests: AtomicU64,
    want_first: AtomicBool,
    first_request: Mutex<Option<Vec<u8>>>,
    ok: Vec<u8>,
    not_found: Vec<u8>,
}

impl BenchServer {
    /// Binds 127.0.0.1 on a free port and starts accepting.
    pub fn start() -> io::Result<BenchServer> {
        BenchServer::start_on(None)
    }

    /// Like [`start`](BenchServer::start), with the accepting thread and
    /// every connection thread (which inherit its mask) pinned to `cpu`.
    pub fn start_on(cpu: Option<usize>) -> io::Result<BenchServer> {
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            stop: AtomicBool::new(false),
            requests: AtomicU64::new(0),
            want_first: AtomicBool::new(true),
            first_request: Mutex::new(None),
            ok: answer("200 OK", ATTACH_BODY),
            not_found: answer("404 Not Found", r#"{"status_code":404}"#),
        });
        let accept_shared = Arc::clone(&shared);
        let (pinned_tx, pinned_rx) = std::sync::mpsc::channel();
        let accept = std::thread::Builder::new()
            .name("bench-accept".to_owned())
            .spawn(move || {
                let pinned = cpu.map_or(Ok(()), |cpu| pin_current_thread(&[cpu]));
                let ok = pinned.is_ok();
                let _ = pinned_tx.send(pinned);
                if ok {
                    accept_loop(&listener, &accept_shared);
                }
            })?;
        match pinned_rx.recv() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(io::Error::other(e)),
            Err(_) => return Err(io::Error::other("the accepting thread ended early")),
        }
        Ok(BenchServer {
            addr,
            shared,
            accept: Some(accept),
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many requests were answered so far.
    pub fn requests(&self) -> u64 {
        self.shared.requests.load(Ordering::Relaxed)
    }

    /// The exact bytes (head and body) of the first request received.
    pub fn first_request(&self) -> Option<Vec<u8>> {
        self.shared
            .first_request
            .lock()
            .ok()
            .and_then(|g| g.clone())
    }

    /// The exact bytes of the request `call` makes (its first one).
    pub fn request_of(&self, call: impl FnOnce() -> Result<(), String>) -> Result<Vec<u8>, String> {
        self.clear_first_request();
        call()?;
        self.first_request()
            .ok_or_else(|| "the server saw no request".to_owned())
    }

    /// Forgets the first request, so the next one is recorded.
    pub fn clear_first_request(&self) {
        if let Ok(mut g) = self.shared.first_request.lock() {
            *g = None;
        }
        self.shared.want_first.store(true, Ordering::SeqCst);
    }
}

impl Drop for BenchServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept so the thread sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(handle) = self.accept.take() {
            let _ = handle.join();
        }
    }
}

fn answer(status: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        let conn_shared = Arc::clone(shared);
        let spawned = std::thread::Builder::new()
            .name("bench-conn".to_owned())
            .spawn(move || {
                let _ = serve(stream, &conn_shared);
            });
        if spawned.is_err() {
            return;
        }
    }
}

/// Answers requests on one connection until the client closes it.
fn serve(mut stream: TcpStream, shared: &Shared) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let mut buf = vec![0u8; MAX_REQUEST];
    let mut filled = 0;
    loop {
        // Parse every complete request already buffered.
        while let Some((len, is_attach)) = complete_request(&buf[..filled]) {
            shared.requests.fetch_add(1, Ordering::Relaxed);
            if shared.want_first.load(Ordering::Relaxed)
                && shared.want_first.swap(false, Ordering::SeqCst)
            {
                record_first(shared, &buf[..len]);
            }
            let reply = if is_attach {
                &shared.ok
            } else {
                &shared.not_found
            };
            stream.write_all(reply)?;
            buf.copy_within(len..filled, 0);
            filled -= len;
        }
        if filled == buf.len() {
            return Err(io::Error::other("request too large"));
        }
        let n = stream.read(&mut buf[filled..])?;
        if n == 0 {
            return Ok(());
        }
        filled += n;
    }
}

fn record_first(shared: &Shared, bytes: &[u8]) {
    if let Ok(mut g) = shared.first_request.lock() {
        *g = Some(bytes.to_vec());
    }
}

/// The length of the first complete request in `buf` and whether it is
/// `POST /v1/oauth/attach`; `None` while more bytes are needed.
fn complete_request(buf: &[u8]) -> Option<(usize, bool)> {
    let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = &buf[..head_end];
    let body_len = content_length(head).unwrap_or(0);
    let total = head_end + body_len;
    if buf.len() < total {
        return None;
    }
    Some((total, head.starts_with(b"POST /v1/oauth/attach ")))
}

fn content_length(head: &[u8]) -> Option<usize> {
    for line in head.split(|&b| b == b'\n') {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        if line[..colon].eq_ignore_ascii_case(b"content-length") {
            let value = std::str::from_utf8(&line[colon + 1..]).ok()?;
            return value.trim().parse().ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_complete_only_with_its_whole_body() {
        let req = b"POST /v1/oauth/attach HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}";
        assert_eq!(complete_request(req), Some((req.len(), true)));
        assert_eq!(complete_request(&req[..req.len() - 1]), None);
        let other = b"GET /v1/users HTTP/1.1\r\n\r\n";
        assert_eq!(complete_request(other), Some((other.len(), false)));
    }

    #[test]
    fn answers_attach_on_one_connection_twice() {
        let server = BenchServer::start().unwrap();
        let mut s = TcpStream::connect(server.addr()).unwrap();
        let req = b"POST /v1/oauth/attach HTTP/1.1\r\ncontent-length: 2\r\n\r\n{}";
        let expected = answer("200 OK", ATTACH_BODY);
        for _ in 0..2 {
            s.write_all(req).unwrap();
            let mut got = vec![0u8; expected.len()];
            s.read_exact(&mut got).unwrap();
            assert_eq!(got, expected);
        }
        assert_eq!(server.requests(), 2);
        assert_eq!(server.first_request().unwrap(), req.to_vec());
    }
}
