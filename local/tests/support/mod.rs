//! Raw HTTP/1.1 over a plain `TcpStream`, for the tests that need to send
//! bytes no client would send and to see exactly what comes back.

#![allow(dead_code)]

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::Value;
use stytch_local::{DEMO_USER_ID, LocalServer};

/// A connection to `server` whose reads give up after 5 s.
pub fn connect(server: &LocalServer) -> TcpStream {
    let stream = TcpStream::connect(server.addr()).expect("connect to the local server");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("set a read timeout");
    stream
}

/// The Authorization header value the server accepts.
pub fn auth(server: &LocalServer) -> String {
    let credentials = format!("{}:{}", server.project_id(), server.secret());
    format!(
        "Basic {}",
        stytch_endpoints::runtime::encode::base64(credentials.as_bytes())
    )
}

/// A well-formed `GET` of the demo user, with `extra` header lines.
pub fn get_demo_user(server: &LocalServer, version: &str, extra: &str) -> String {
    format!(
        "GET /v1/users/{DEMO_USER_ID} {version}\r\nhost: x\r\nauthorization: {}\r\n{extra}\r\n",
        auth(server)
    )
}

/// One answer read off a connection.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Checks Stytch's error shape and returns the error type.
    pub fn error_type(&self) -> &str {
        assert_eq!(self.body["status_code"], u64::from(self.status), "{self:?}");
        assert!(self.body["request_id"].is_string(), "{self:?}");
        assert!(self.body["error_message"].is_string(), "{self:?}");
        self.body["error_type"].as_str().expect("error_type")
    }

    pub fn message(&self) -> &str {
        self.body["error_message"].as_str().unwrap_or_default()
    }
}

/// Reads one answer (status line, headers, `content-length` body).
pub fn read_answer(stream: &mut TcpStream) -> Answer {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(0) => panic!(
                "connection closed inside an answer head: {:?}",
                String::from_utf8_lossy(&head)
            ),
            Ok(_) => head.push(byte[0]),
            Err(e) => panic!("reading an answer: {e}"),
        }
    }
    let head = String::from_utf8(head).expect("UTF-8 head");
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .filter(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .expect("content-length");
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).expect("answer body");
    Answer {
        status,
        headers,
        body: serde_json::from_slice(&body).expect("JSON body"),
    }
}

/// Waits up to `within` for the server to close the connection; returns
/// whether it did (end of stream or reset). Any bytes still arriving are
/// returned too.
pub fn closes_within(stream: &mut TcpStream, within: Duration) -> (bool, Vec<u8>) {
    let deadline = Instant::now() + within;
    let mut rest = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return (false, rest);
        }
        let _ = stream.set_read_timeout(Some(left));
        let mut chunk = [0u8; 4096];
        match stream.read(&mut chunk) {
            Ok(0) => return (true, rest),
            Ok(n) => rest.extend_from_slice(&chunk[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return (false, rest);
            }
            Err(_) => return (true, rest),
        }
    }
}

/// Sends `request` and reads one answer.
pub fn exchange(stream: &mut TcpStream, request: &str) -> Answer {
    stream.write_all(request.as_bytes()).expect("send");
    read_answer(stream)
}
