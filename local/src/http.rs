//! Just enough HTTP/1.1 for the local server: read one request from a
//! keep-alive connection, write one answer. Std only.
//!
//! Framing follows RFC 9112 strictly, because a lenient reader lets one
//! request hide another (request smuggling): `Content-Length` is digits
//! only, repeats of it must agree, it may not come with
//! `Transfer-Encoding`, header names are tokens with no space before the
//! colon, folded lines and bare CR or LF are refused. A chunked body is
//! decoded. Every refusal closes the connection, since after a framing
//! error the next request cannot be found reliably.
//!
//! Time is bounded too: the head must arrive within the head deadline
//! (counted from its first byte), the body within the body deadline
//! (counted from the end of the head); past either the answer is 408.

mod body;

use std::borrow::Cow;
use std::io::{self, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Largest request head accepted (request line and headers).
const MAX_HEAD: usize = 16 * 1024;
/// Longest request line accepted.
const MAX_REQUEST_LINE: usize = 8 * 1024;
/// Most header lines accepted.
const MAX_HEADERS: usize = 100;
/// Largest request body accepted.
pub const MAX_BODY: usize = 1024 * 1024;

/// The time bounds of one request.
#[derive(Debug, Clone, Copy)]
pub struct Deadlines {
    /// From the first byte of the head to its end.
    pub head: Duration,
    /// From the end of the head to the end of the body.
    pub body: Duration,
}

/// A byte source whose reads can be bounded by a point in time.
pub trait Source: Read {
    /// Bounds the reads that follow: once `deadline` has passed they fail
    /// with [`ErrorKind::TimedOut`]. `None` lifts the bound (reads then wait
    /// as long as the connection's idle time allows).
    fn set_deadline(&mut self, deadline: Option<Instant>);
}

/// A TCP connection as a [`Source`]: before each read the socket's read
/// timeout is set to what is left until the deadline, or to `idle`.
pub struct Socket<'a> {
    stream: &'a TcpStream,
    idle: Duration,
    deadline: Option<Instant>,
}

impl<'a> Socket<'a> {
    pub fn new(stream: &'a TcpStream, idle: Duration) -> Socket<'a> {
        Socket {
            stream,
            idle,
            deadline: None,
        }
    }
}

impl Read for Socket<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let wait = match self.deadline {
            None => self.idle,
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(ErrorKind::TimedOut.into());
                }
                left.min(self.idle)
            }
        };
        self.stream.set_read_timeout(Some(wait))?;
        let mut stream = self.stream;
        stream.read(out)
    }
}

impl Source for Socket<'_> {
    fn set_deadline(&mut self, deadline: Option<Instant>) {
        self.deadline = deadline;
    }
}

/// One parsed request.
pub struct Request {
    pub method: String,
    /// The target as sent: path and optional query.
    pub target: String,
    /// Whether the request line said `HTTP/1.0`.
    pub http_1_0: bool,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The comma-separated elements of every `name` header, in order.
    fn list<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(k, _)| k.eq_ignore_ascii_case(name))
            .flat_map(|(_, v)| v.split(','))
            .map(|e| e.trim_matches([' ', '\t']))
            .filter(|e| !e.is_empty())
    }

    /// Whether the connection closes after this answer: `Connection: close`
    /// says so in HTTP/1.1; HTTP/1.0 closes unless it asks for
    /// `Connection: keep-alive` (RFC 9112 section 9.3).
    pub fn wants_close(&self) -> bool {
        let has = |token: &str| {
            self.list("connection")
                .any(|t| t.eq_ignore_ascii_case(token))
        };
        has("close") || (self.http_1_0 && !has("keep-alive"))
    }
}

/// Why a request could not be read.
pub enum ReadError {
    /// The peer closed the connection, or stayed silent past the idle time,
    /// between requests.
    Closed,
    /// The socket failed.
    Io,
    /// The bytes are not a request we accept, or did not arrive in time:
    /// answer with this status and message, then close.
    Bad(u16, Cow<'static, str>),
}

fn bad(status: u16, message: impl Into<Cow<'static, str>>) -> ReadError {
    ReadError::Bad(status, message.into())
}

/// What a failed read means at this point of the request.
fn failed(err: &io::Error, late: impl FnOnce() -> ReadError) -> ReadError {
    match err.kind() {
        ErrorKind::TimedOut | ErrorKind::WouldBlock => late(),
        _ => ReadError::Io,
    }
}

fn millis(d: Duration) -> u128 {
    d.as_millis()
}

/// Reads one request. `buf` carries bytes already read past the previous
/// request on the same connection.
pub fn read_request(
    stream: &mut impl Source,
    buf: &mut Vec<u8>,
    deadlines: Deadlines,
) -> Result<Request, ReadError> {
    let result = read_bounded(stream, buf, deadlines);
    stream.set_deadline(None);
    result
}

fn read_bounded(
    stream: &mut impl Source,
    buf: &mut Vec<u8>,
    deadlines: Deadlines,
) -> Result<Request, ReadError> {
    let head_late = || {
        bad(
            408,
            format!(
                "the request head did not arrive within {} ms",
                millis(deadlines.head)
            ),
        )
    };
    // The head clock starts at the request's first byte: bytes already
    // here (pipelined) start it now.
    stream.set_deadline((!buf.is_empty()).then(|| Instant::now() + deadlines.head));
    let mut scanned = 0;
    let head_end = loop {
        // Empty lines before a request line are ignored (RFC 9112 section 2.2).
        while buf.starts_with(b"\r\n") {
            buf.drain(..2);
        }
        scanned = scanned.min(buf.len());
        if let Some(end) = scan_head(buf, &mut scanned)? {
            break end;
        }
        if !buf.contains(&b'\n') && buf.len() > MAX_REQUEST_LINE {
            return Err(bad(414, "the request line is too long"));
        }
        if buf.len() > MAX_HEAD {
            return Err(bad(431, "the request head is too large"));
        }
        let was_empty = buf.is_empty();
        let mut chunk = [0u8; 4096];
        let n = match stream.read(&mut chunk) {
            Ok(n) => n,
            Err(e) if was_empty => {
                // Silence between requests: close without an answer.
                return Err(failed(&e, || ReadError::Closed));
            }
            Err(e) => return Err(failed(&e, head_late)),
        };
        if n == 0 {
            return if was_empty {
                Err(ReadError::Closed)
            } else {
                Err(bad(400, "the connection closed inside a request head"))
            };
        }
        if was_empty {
            stream.set_deadline(Some(Instant::now() + deadlines.head));
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    if head_end > MAX_HEAD {
        return Err(bad(431, "the request head is too large"));
    }
    let mut request = parse_head(&buf[..head_end])?;
    buf.drain(..head_end + 4);

    stream.set_deadline(Some(Instant::now() + deadlines.body));
    let body_late = || {
        bad(
            408,
            format!(
                "the request body did not arrive within {} ms",
                millis(deadlines.body)
            ),
        )
    };
    request.body = body::read(&request, stream, buf, &body_late)?;
    Ok(request)
}

/// Looks for the end of the head in the bytes not scanned yet, refusing a
/// bare CR or LF on the way. Returns the position of the final CRLF CRLF.
fn scan_head(buf: &[u8], scanned: &mut usize) -> Result<Option<usize>, ReadError> {
    let bare = || {
        bad(
            400,
            "the request head has a bare CR or LF; lines end with CRLF",
        )
    };
    while *scanned < buf.len() {
        let i = *scanned;
        match buf[i] {
            b'\r' => match buf.get(i + 1) {
                None => return Ok(None),
                Some(b'\n') => {}
                Some(_) => return Err(bare()),
            },
            b'\n' => {
                if i == 0 || buf[i - 1] != b'\r' {
                    return Err(bare());
                }
                if i >= 3 && &buf[i - 3..=i] == b"\r\n\r\n" {
                    return Ok(Some(i - 3));
                }
            }
            _ => {}
        }
        *scanned += 1;
    }
    Ok(None)
}

/// A `tchar` of RFC 9110 section 5.6.2: what method and header names are
/// made of.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_tchar)
}

fn parse_head(head: &[u8]) -> Result<Request, ReadError> {
    let head = std::str::from_utf8(head).map_err(|_| bad(400, "the request head is not UTF-8"))?;
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    if request_line.len() > MAX_REQUEST_LINE {
        return Err(bad(414, "the request line is too long"));
    }
    let mut parts = request_line.split(' ');
    let (method, target, version) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(m), Some(t), Some(v), None) => (m, t, v),
        _ => return Err(bad(400, "malformed request line")),
    };
    if !is_token(method) || target.is_empty() || !target.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(bad(400, "malformed request line"));
    }
    let http_1_0 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        v if v.starts_with("HTTP/") => return Err(bad(505, "only HTTP/1.1 is supported")),
        _ => return Err(bad(400, "malformed request line")),
    };
    let mut headers = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            return Err(bad(400, "folded header lines are not accepted"));
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| bad(400, "malformed header line"))?;
        // No whitespace is allowed between the name and the colon (RFC
        // 9112 section 5.1): a token cannot contain any.
        if !is_token(name) {
            return Err(bad(400, "malformed header name"));
        }
        if value.chars().any(|c| c.is_ascii_control() && c != '\t') {
            return Err(bad(400, "a header value holds a control character"));
        }
        if headers.len() == MAX_HEADERS {
            return Err(bad(431, "the request has too many header lines"));
        }
        headers.push((name.to_owned(), value.trim_matches([' ', '\t']).to_owned()));
    }
    Ok(Request {
        method: method.to_owned(),
        target: target.to_owned(),
        http_1_0,
        headers,
        body: Vec::new(),
    })
}

/// Writes a JSON answer in one write.
pub fn write_response(
    stream: &mut impl Write,
    status: u16,
    body: &[u8],
    close: bool,
) -> io::Result<()> {
    let mut out = Vec::with_capacity(body.len() + 160);
    write!(
        out,
        "HTTP/1.1 {status} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: {}\r\n\r\n",
        reason(status),
        body.len(),
        if close { "close" } else { "keep-alive" }
    )?;
    out.extend_from_slice(body);
    stream.write_all(&out)?;
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        414 => "URI Too Long",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes handed out a few at a time, as a socket might.
    struct Bytes<'a>(&'a [u8]);

    impl Read for Bytes<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = out.len().min(self.0.len()).min(7);
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    impl Source for Bytes<'_> {
        fn set_deadline(&mut self, _: Option<Instant>) {}
    }

    fn read(wire: &str) -> (Result<Request, ReadError>, Vec<u8>) {
        let mut buf = Vec::new();
        let result = read_request(&mut Bytes(wire.as_bytes()), &mut buf, D);
        (result, buf)
    }

    fn status(wire: &str) -> u16 {
        match read(wire).0 {
            Ok(_) => 200,
            Err(ReadError::Bad(s, _)) => s,
            Err(ReadError::Closed) => 0,
            Err(ReadError::Io) => 1,
        }
    }

    #[test]
    fn content_length_framing() {
        assert_eq!(
            status("POST / HTTP/1.1\r\ncontent-length: 2\r\n\r\n{}"),
            200
        );
        assert_eq!(
            status("POST / HTTP/1.1\r\ncontent-length: +2\r\n\r\n{}"),
            400
        );
        assert_eq!(
            status("POST / HTTP/1.1\r\ncontent-length: 2, 2\r\n\r\n{}"),
            200
        );
        assert_eq!(
            status("POST / HTTP/1.1\r\ncontent-length: 2, 3\r\n\r\n{}"),
            400
        );
        assert_eq!(status("POST / HTTP/1.1\r\ncontent-length:\r\n\r\n"), 400);
        assert_eq!(
            status("POST / HTTP/1.1\r\ncontent-length: 2000000\r\n\r\n"),
            413
        );
    }

    /// Reads two requests off one connection.
    fn two(wire: &str) -> (Request, Request) {
        let mut source = Bytes(wire.as_bytes());
        let mut buf = Vec::new();
        let mut next = || match read_request(&mut source, &mut buf, D) {
            Ok(r) => r,
            Err(_) => panic!("not a request"),
        };
        (next(), next())
    }

    #[test]
    fn bytes_past_a_request_are_the_next_request() {
        let (first, second) =
            two("POST / HTTP/1.1\r\ncontent-length: 2\r\n\r\n{}GET /next HTTP/1.1\r\n\r\n");
        assert_eq!(first.body, b"{}");
        assert_eq!(second.target, "/next");
    }

    #[test]
    fn chunked_bodies() {
        let (first, second) = two(
            "POST / HTTP/1.1\r\ntransfer-encoding: Chunked\r\n\r\n3 ;a=b\r\nabc\r\n1\r\nd\r\n0\r\nt: 1\r\n\r\nGET /next HTTP/1.1\r\n\r\n",
        );
        assert_eq!(first.body, b"abcd");
        assert_eq!(second.target, "/next");
        assert_eq!(
            status("POST / HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n"),
            400
        );
        assert_eq!(
            status("POST / HTTP/1.0\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n"),
            400
        );
        assert_eq!(
            status("POST / HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n100001\r\n"),
            413
        );
    }

    #[test]
    fn head_syntax() {
        assert_eq!(status("GET / HTTP/1.1\r\nhost: x\r\n\r\n"), 200);
        assert_eq!(status("\r\nGET / HTTP/1.1\r\n\r\n"), 200);
        assert_eq!(status("GET / HTTP/1.1\nhost: x\n\n"), 400);
        assert_eq!(status("GET / HTTP/1.1\r\nhost: x\ry\r\n\r\n"), 400);
        assert_eq!(status("GET / HTTP/2.0\r\n\r\n"), 505);
        assert_eq!(status("GET  / HTTP/1.1\r\n\r\n"), 400);
        assert_eq!(status("G(T / HTTP/1.1\r\n\r\n"), 400);
        assert_eq!(status("GET / HTTP/1.1\r\nx-a: 1\0\r\n\r\n"), 400);
        assert_eq!(status(""), 0);
    }

    #[test]
    fn closing() {
        let close = |wire: &str| read(wire).0.ok().unwrap().wants_close();
        assert!(close("GET / HTTP/1.0\r\n\r\n"));
        assert!(!close("GET / HTTP/1.0\r\nconnection: keep-alive\r\n\r\n"));
        assert!(!close("GET / HTTP/1.1\r\n\r\n"));
        assert!(close(
            "GET / HTTP/1.1\r\nconnection: upgrade\r\nconnection: Close\r\n\r\n"
        ));
    }

    /// Bytes handed out `step` at a time, then the end of the stream.
    struct Steps<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Steps<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = out.len().min(self.data.len()).min(self.step);
            out[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    impl Source for Steps<'_> {
        fn set_deadline(&mut self, _: Option<Instant>) {}
    }

    fn read_steps(wire: &[u8], step: usize) -> Result<Request, ReadError> {
        read_request(&mut Steps { data: wire, step }, &mut Vec::new(), D)
    }

    fn status_of(result: Result<Request, ReadError>) -> u16 {
        match result {
            Ok(_) => 200,
            Err(ReadError::Bad(s, _)) => s,
            Err(ReadError::Closed) => 0,
            Err(ReadError::Io) => 1,
        }
    }

    /// A source that plays a script of reads (bytes, or an error kind once
    /// the bytes before it are taken) and records each deadline it is given.
    struct Script {
        reads: Vec<Result<Vec<u8>, ErrorKind>>,
        deadlines: Vec<Option<Instant>>,
    }

    impl Script {
        fn new(reads: Vec<Result<&[u8], ErrorKind>>) -> Script {
            let mut reads: Vec<_> = reads.into_iter().map(|r| r.map(<[u8]>::to_vec)).collect();
            reads.reverse();
            Script {
                reads,
                deadlines: Vec::new(),
            }
        }
    }

    impl Read for Script {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            match self.reads.pop() {
                None => Ok(0),
                Some(Err(kind)) => Err(kind.into()),
                Some(Ok(bytes)) => {
                    assert!(bytes.len() <= out.len());
                    out[..bytes.len()].copy_from_slice(&bytes);
                    Ok(bytes.len())
                }
            }
        }
    }

    impl Source for Script {
        fn set_deadline(&mut self, deadline: Option<Instant>) {
            self.deadlines.push(deadline);
        }
    }

    fn message(result: Result<Request, ReadError>) -> (u16, String) {
        match result {
            Err(ReadError::Bad(s, m)) => (s, m.into_owned()),
            Err(ReadError::Closed) => (0, String::new()),
            Err(ReadError::Io) => (1, String::new()),
            Ok(_) => (200, String::new()),
        }
    }

    #[test]
    fn the_size_limits_hold_at_their_exact_values() {
        assert_eq!(MAX_HEAD, 16_384);
        assert_eq!(MAX_REQUEST_LINE, 8_192);
        assert_eq!(MAX_BODY, 1_048_576);
        // A request line of exactly MAX_REQUEST_LINE bytes, however it
        // arrives; one byte more is 414.
        for step in [7, 4096] {
            let line = |len: usize| {
                let target = format!("/{}", "a".repeat(len - "GET  HTTP/1.1".len() - 1));
                format!("GET {target} HTTP/1.1\r\n\r\n")
            };
            assert_eq!(
                status_of(read_steps(line(8192).as_bytes(), step)),
                200,
                "{step}"
            );
            assert_eq!(
                status_of(read_steps(line(8193).as_bytes(), step)),
                414,
                "{step}"
            );
        }
        // A head of exactly MAX_HEAD bytes before its final CRLF CRLF; one
        // more is 431.
        let head = |len: usize| {
            let start = "GET / HTTP/1.1\r\nx-pad: ";
            format!("{start}{}\r\n\r\n", "a".repeat(len - start.len()))
        };
        assert_eq!(status_of(read_steps(head(16_384).as_bytes(), 4096)), 200);
        assert_eq!(status_of(read_steps(head(16_385).as_bytes(), 4096)), 431);
        // Byte by byte, the unfinished head may grow to MAX_HEAD bytes and
        // no further: a head whose end would come after byte MAX_HEAD + 1
        // is refused before it arrives.
        assert_eq!(status_of(read_steps(head(16_384 - 3).as_bytes(), 1)), 200);
        assert_eq!(status_of(read_steps(head(16_384 - 2).as_bytes(), 1)), 431);
        // 100 header lines, not 101.
        let headers = |n: usize| format!("GET / HTTP/1.1\r\n{}\r\n", "x-a: 1\r\n".repeat(n));
        assert_eq!(status_of(read_steps(headers(100).as_bytes(), 4096)), 200);
        assert_eq!(status_of(read_steps(headers(101).as_bytes(), 4096)), 431);
        // A body of exactly MAX_BODY bytes; one more is 413.
        let body = |len: usize| {
            let mut wire = format!("POST / HTTP/1.1\r\ncontent-length: {len}\r\n\r\n").into_bytes();
            wire.resize(wire.len() + len, b'x');
            wire
        };
        let request = read_steps(&body(MAX_BODY), 8192).ok().unwrap();
        assert_eq!(request.body.len(), MAX_BODY);
        assert_eq!(status_of(read_steps(&body(MAX_BODY + 1), 8192)), 413);
    }

    #[test]
    fn a_late_head_or_body_is_408_and_silence_between_requests_closes() {
        for kind in [ErrorKind::TimedOut, ErrorKind::WouldBlock] {
            // Silence before a request: closed, no answer.
            let mut s = Script::new(vec![Err(kind)]);
            assert_eq!(message(read_request(&mut s, &mut Vec::new(), D)).0, 0);
            // Part of a head, then silence: 408 naming the head deadline.
            let mut s = Script::new(vec![Ok(b"GET / HT"), Err(kind)]);
            let (status, text) = message(read_request(&mut s, &mut Vec::new(), D));
            assert_eq!(status, 408);
            assert!(text.contains("head") && text.contains("1000 ms"), "{text}");
            // A head, part of a body, then silence: 408 naming the body's.
            let mut s = Script::new(vec![
                Ok(b"POST / HTTP/1.1\r\ncontent-length: 5\r\n\r\nab"),
                Err(kind),
            ]);
            let (status, text) = message(read_request(&mut s, &mut Vec::new(), D));
            assert_eq!(status, 408);
            assert!(text.contains("body") && text.contains("2000 ms"), "{text}");
        }
        // Other failures are I/O errors, not answers.
        let mut s = Script::new(vec![Ok(b"GET / HT"), Err(ErrorKind::ConnectionReset)]);
        assert_eq!(message(read_request(&mut s, &mut Vec::new(), D)).0, 1);
        let mut s = Script::new(vec![
            Ok(b"POST / HTTP/1.1\r\ncontent-length: 5\r\n\r\nab"),
            Err(ErrorKind::ConnectionReset),
        ]);
        assert_eq!(message(read_request(&mut s, &mut Vec::new(), D)).0, 1);
        // The stream ending: between requests it is a close, inside a head
        // or a body a 400.
        let mut s = Script::new(vec![]);
        assert_eq!(message(read_request(&mut s, &mut Vec::new(), D)).0, 0);
        let mut s = Script::new(vec![Ok(b"GET / HT")]);
        let (status, text) = message(read_request(&mut s, &mut Vec::new(), D));
        assert_eq!(status, 400);
        assert!(text.contains("head"), "{text}");
        let mut s = Script::new(vec![Ok(b"POST / HTTP/1.1\r\ncontent-length: 5\r\n\r\nab")]);
        let (status, text) = message(read_request(&mut s, &mut Vec::new(), D));
        assert_eq!(status, 400);
        assert!(text.contains("body"), "{text}");
    }

    const D: Deadlines = Deadlines {
        head: Duration::from_secs(1),
        body: Duration::from_secs(2),
    };

    #[test]
    fn the_head_clock_starts_at_the_first_byte_and_the_body_clock_at_the_heads_end() {
        // Nothing buffered: no deadline until the first byte, then the head
        // deadline; after the head, the body deadline; at the end, none.
        let before = Instant::now();
        let mut s = Script::new(vec![Ok(b"POST / HTTP/1.1\r\ncontent-length: 2\r\n\r\n{}")]);
        let request = read_request(&mut s, &mut Vec::new(), D).ok().unwrap();
        let after = Instant::now();
        assert_eq!(request.body, b"{}");
        let d = &s.deadlines;
        assert_eq!(d.len(), 4, "{d:?}");
        assert_eq!(d[0], None);
        let head = d[1].unwrap();
        assert!(head >= before + D.head && head <= after + D.head);
        let body = d[2].unwrap();
        assert!(body >= before + D.body && body <= after + D.body);
        assert_eq!(d[3], None);
        // Bytes already buffered (pipelined) start the head clock at once.
        let mut s = Script::new(vec![Ok(b" HTTP/1.1\r\n\r\n")]);
        let mut buf = b"GET /".to_vec();
        let before = Instant::now();
        let request = read_request(&mut s, &mut buf, D).ok().unwrap();
        assert_eq!(request.target, "/");
        let head = s.deadlines[0].unwrap();
        assert!(head >= before + D.head && head <= Instant::now() + D.head);
        assert_eq!(s.deadlines.len(), 3, "{:?}", s.deadlines);
    }

    #[test]
    fn headers_are_found_by_name_in_any_case() {
        let request = read(
            "GET / HTTP/1.1\r\nX-One: a\r\nx-two:b \r\nx-one: c\r\nconnection: , keep-alive ,, Close\r\n\r\n",
        )
        .0
        .ok()
        .unwrap();
        assert_eq!(request.header("x-one"), Some("a"));
        assert_eq!(request.header("X-TWO"), Some("b"));
        assert_eq!(request.header("x-three"), None);
        assert_eq!(
            request.list("connection").collect::<Vec<_>>(),
            ["keep-alive", "Close"]
        );
        assert!(request.wants_close());
        assert_eq!(request.method, "GET");
        assert!(!request.http_1_0);
    }

    #[test]
    fn head_lines_must_end_with_crlf() {
        // A bare LF at the very start, after a line, and a bare CR: each
        // refused as such (not later, for another reason).
        for wire in [
            "\nGET / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nx: 1\n\r\n",
            "GET / HTTP/1.1\r\nx: 1\r\r\n\r\n",
            "GET / HTTP/1.1\r\nx: 1\ry\r\n\r\n",
            "GET /\r HTTP/1.1\r\n\r\n",
        ] {
            let (status, text) = message(read(wire).0);
            assert_eq!(status, 400, "{wire:?}");
            assert!(text.contains("bare CR or LF"), "{wire:?}: {text}");
        }
        // A CR as the last byte read so far waits for the next one.
        let wire = b"GET / HTTP/1.1\r\nx: 1\r\n\r\n";
        for step in 1..6 {
            let request = read_steps(wire, step).ok().unwrap();
            assert_eq!(request.header("x"), Some("1"), "{step}");
        }
        // The head ends at the first empty line, and what follows is kept.
        let mut buf = Vec::new();
        let mut source = Steps {
            data: b"GET /a HTTP/1.1\r\nx: 1\r\n\r\nGET /b HTTP/1.1\r\n\r\n",
            step: 100,
        };
        let first = read_request(&mut source, &mut buf, D).ok().unwrap();
        assert_eq!((first.target.as_str(), first.headers.len()), ("/a", 1));
        assert_eq!(buf, b"GET /b HTTP/1.1\r\n\r\n");
        // Empty lines before a request line are skipped.
        assert_eq!(status("\r\n\r\nGET / HTTP/1.1\r\n\r\n"), 200);
    }

    #[test]
    fn the_request_line_and_header_names_are_checked() {
        assert_eq!(status("GET / HTTP/1.1 extra\r\n\r\n"), 400);
        assert_eq!(status("GET /\r\n\r\n"), 400);
        assert_eq!(status(" / HTTP/1.1\r\n\r\n"), 400);
        assert_eq!(status("GET \u{e9} HTTP/1.1\r\n\r\n"), 400);
        assert_eq!(status("GET /\x7f HTTP/1.1\r\n\r\n"), 400);
        assert_eq!(status("M-!#$%&'*+.^_`|~9 / HTTP/1.1\r\n\r\n"), 200);
        assert_eq!(status("GET / HTTP/1.0\r\n\r\n"), 200);
        assert_eq!(status("GET / HTTP/1.2\r\n\r\n"), 505);
        assert_eq!(status("GET / HTTPS/1.1\r\n\r\n"), 400);
        assert_eq!(status("GET / http/1.1\r\n\r\n"), 400);
        assert_eq!(status("GET / HTTP/1.1\r\n\tx: 1\r\n\r\n"), 400);
        assert_eq!(status("GET / HTTP/1.1\r\n x: 1\r\n\r\n"), 400);
        assert_eq!(status("GET / HTTP/1.1\r\nx 1\r\n\r\n"), 400);
        assert_eq!(status("GET / HTTP/1.1\r\nx : 1\r\n\r\n"), 400);
        assert_eq!(status("GET / HTTP/1.1\r\n: 1\r\n\r\n"), 400);
        assert_eq!(status("GET / HTTP/1.1\r\nx-a: 1\x7f\r\n\r\n"), 400);
        assert_eq!(status("GET / HTTP/1.1\r\nx-a:\t1\t2\t\r\n\r\n"), 200);
        let request = read("GET / HTTP/1.1\r\nx-a:\t1\t2\t\r\n\r\n")
            .0
            .ok()
            .unwrap();
        assert_eq!(request.header("x-a"), Some("1\t2"));
        assert!(is_token("a") && !is_token("") && !is_token("a b") && !is_token("a:"));
        assert!(is_tchar(b'z') && is_tchar(b'0') && is_tchar(b'~') && !is_tchar(b'('));
    }

    #[test]
    fn answers_are_framed_with_their_reason_and_length() {
        let mut out = Vec::new();
        write_response(&mut out, 404, b"{\"a\":1}", false).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 7\r\nconnection: keep-alive\r\n\r\n{\"a\":1}"
        );
        let mut out = Vec::new();
        write_response(&mut out, 200, b"", true).unwrap();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .ends_with("content-length: 0\r\nconnection: close\r\n\r\n")
        );
        let reasons = [
            (200, "OK"),
            (201, "Created"),
            (400, "Bad Request"),
            (401, "Unauthorized"),
            (404, "Not Found"),
            (405, "Method Not Allowed"),
            (408, "Request Timeout"),
            (413, "Content Too Large"),
            (414, "URI Too Long"),
            (429, "Too Many Requests"),
            (431, "Request Header Fields Too Large"),
            (500, "Internal Server Error"),
            (501, "Not Implemented"),
            (503, "Service Unavailable"),
            (505, "HTTP Version Not Supported"),
            (299, "Unknown"),
        ];
        for (code, text) in reasons {
            assert_eq!(reason(code), text);
        }
    }

    #[test]
    fn a_socket_reads_within_its_deadline_or_fails_timed_out() {
        use std::net::TcpListener;
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let mut client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        client.write_all(b"hello").unwrap();
        let mut socket = Socket::new(&server, Duration::from_secs(5));
        let mut out = [0u8; 16];
        let n = socket.read(&mut out).unwrap();
        assert_eq!(&out[..n], &b"hello"[..n]);
        assert!(n >= 1);
        // A deadline that has passed fails at once.
        socket.set_deadline(Some(Instant::now()));
        let err = socket.read(&mut out).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TimedOut);
        // A near deadline bounds the wait below the idle time.
        let start = Instant::now();
        socket.set_deadline(Some(start + Duration::from_millis(100)));
        let err = socket.read(&mut out).unwrap_err();
        assert!(matches!(
            err.kind(),
            ErrorKind::TimedOut | ErrorKind::WouldBlock
        ));
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "{:?}",
            start.elapsed()
        );
    }

    fn chunked(body: &[u8]) -> Vec<u8> {
        let mut wire = b"POST / HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
        wire.extend_from_slice(body);
        wire
    }

    #[test]
    fn transfer_encoding_and_content_length_rules() {
        let te = |value: &str| {
            status(&format!(
                "POST / HTTP/1.1\r\ntransfer-encoding: {value}\r\n\r\n0\r\n\r\n"
            ))
        };
        assert_eq!(te("chunked"), 200);
        assert_eq!(te("CHUNKED"), 200);
        assert_eq!(te("gzip, chunked"), 501);
        assert_eq!(te("chunked, gzip"), 400);
        assert_eq!(te("gzip"), 400);
        assert_eq!(te("chunked, chunked"), 501);
        assert_eq!(
            status(
                "POST / HTTP/1.1\r\ntransfer-encoding: chunked\r\ncontent-length: 0\r\n\r\n0\r\n\r\n"
            ),
            400
        );
        // No length at all: an empty body, and the next bytes a new request.
        let (first, second) = two("POST / HTTP/1.1\r\n\r\nGET /next HTTP/1.1\r\n\r\n");
        assert!(first.body.is_empty());
        assert_eq!(second.target, "/next");
        // Repeated lengths must agree, across lines too; an empty one is invalid.
        let cl = |lines: &str| status(&format!("POST / HTTP/1.1\r\n{lines}\r\n{{}}"));
        assert_eq!(cl("content-length: 2\r\nContent-Length: 2\r\n"), 200);
        assert_eq!(cl("content-length: 2\r\ncontent-length: 3\r\n"), 400);
        assert_eq!(cl("content-length: 2\r\ncontent-length:\r\n"), 400);
        assert_eq!(cl("content-length: 2\r\nx-other:\r\n"), 200);
        assert_eq!(cl("content-length: 2,\r\n"), 200);
    }

    #[test]
    fn a_chunked_body_may_be_max_body_long_and_no_longer() {
        let body = |total: usize| {
            let mut wire = Vec::new();
            let mut left = total;
            while left > 0 {
                let n = left.min(0x8000);
                wire.extend_from_slice(format!("{n:x}\r\n").as_bytes());
                wire.resize(wire.len() + n, b'x');
                wire.extend_from_slice(b"\r\n");
                left -= n;
            }
            wire.extend_from_slice(b"0\r\n\r\n");
            chunked(&wire)
        };
        let request = read_steps(&body(MAX_BODY), 8192).ok().unwrap();
        assert_eq!(request.body.len(), MAX_BODY);
        assert_eq!(status_of(read_steps(&body(MAX_BODY + 1), 8192)), 413);
        // A chunk's data must be followed by CRLF exactly.
        assert_eq!(
            status_of(read_steps(&chunked(b"2\r\nabc\r\n0\r\n\r\n"), 8192)),
            400
        );
        assert_eq!(
            status_of(read_steps(&chunked(b"2\r\nab\n\r0\r\n\r\n"), 8192)),
            400
        );
        // Trailers are read and dropped; what follows is the next request.
        let mut buf = Vec::new();
        let mut source = Steps {
            data: &chunked(b"2\r\nab\r\n0\r\nx: 1\r\ny: 2\r\n\r\nGET /n HTTP/1.1\r\n\r\n"),
            step: 3,
        };
        let request = read_request(&mut source, &mut buf, D).ok().unwrap();
        assert_eq!(request.body, b"ab");
        let next = read_request(&mut source, &mut buf, D).ok().unwrap();
        assert_eq!(next.target, "/n");
    }

    /// Chunk and trailer lines whose framing (each line and its CRLF, and
    /// the CRLF after each chunk's data) adds up to `total` bytes: one-byte
    /// chunks whose size lines carry padding extensions, or, with
    /// `in_trailers`, a `0` line and padded trailer lines.
    fn framed(total: usize, in_trailers: bool) -> Vec<u8> {
        let mut wire = Vec::new();
        let mut left = total;
        // A line of `len` bytes: `prefix` then `;` padding.
        let line = |wire: &mut Vec<u8>, prefix: &str, len: usize| {
            wire.extend_from_slice(prefix.as_bytes());
            wire.push(b';');
            wire.resize(wire.len() + len - prefix.len() - 1, b'p');
            wire.extend_from_slice(b"\r\n");
        };
        if in_trailers {
            wire.extend_from_slice(b"0\r\n");
            left -= 3;
            while left > 0 {
                let len = (left - 2).min(1000);
                let mut trailer = Vec::new();
                line(&mut trailer, "x:", len);
                // Trailers are header lines, not chunk lines: no `;` needed.
                wire.extend_from_slice(&trailer);
                left -= len + 2;
            }
            wire.extend_from_slice(b"\r\n");
        } else {
            while left > 0 {
                // Each chunk costs its line, the line's CRLF and the data's CRLF.
                let len = (left - 4).min(1000);
                line(&mut wire, "1", len);
                wire.extend_from_slice(b"x\r\n");
                left -= len + 4;
            }
            wire.extend_from_slice(b"0\r\n\r\n");
        }
        chunked(&wire)
    }

    #[test]
    fn chunked_framing_is_bounded_exactly() {
        // Chunk lines: MAX_BODY bytes of framing pass, one more is 413.
        let request = read_steps(&framed(MAX_BODY, false), 8192).ok().unwrap();
        assert!(request.body.iter().all(|&b| b == b'x') && !request.body.is_empty());
        assert_eq!(
            status_of(read_steps(&framed(MAX_BODY + 1, false), 8192)),
            413
        );
        // The same bound counts the trailers.
        let request = read_steps(&framed(MAX_BODY, true), 8192).ok().unwrap();
        assert!(request.body.is_empty());
        assert_eq!(
            status_of(read_steps(&framed(MAX_BODY + 1, true), 8192)),
            413
        );
    }

    #[test]
    fn chunk_lines_end_with_crlf_and_are_at_most_1024_bytes() {
        assert_eq!(
            status_of(read_steps(&chunked(b"1\nx\r\n0\r\n\r\n"), 8192)),
            400
        );
        assert_eq!(
            status_of(read_steps(&chunked(b"\n1\r\nx\r\n0\r\n\r\n"), 8192)),
            400
        );
        assert_eq!(
            status_of(read_steps(&chunked(b"1;a\rb\r\nx\r\n0\r\n\r\n"), 8192)),
            400
        );
        assert_eq!(
            status_of(read_steps(&chunked(b"1;\xff\r\nx\r\n0\r\n\r\n"), 8192)),
            400
        );
        // Byte by byte, a line may grow to 1024 bytes (its CR included)
        // before its LF arrives.
        let long = |len: usize| {
            let mut wire = b"1;".to_vec();
            wire.resize(len, b'e');
            wire.extend_from_slice(b"\r\nx\r\n0\r\n\r\n");
            chunked(&wire)
        };
        let request = read_steps(&long(1023), 1).ok().unwrap();
        assert_eq!(request.body, b"x");
        assert_eq!(status_of(read_steps(&long(1024), 1)), 400);
        // Lines arriving together with others are split correctly.
        let request = read_steps(&chunked(b"3\r\nabc\r\n2;e\r\nde\r\n0\r\n\r\n"), 8192)
            .ok()
            .unwrap();
        assert_eq!(request.body, b"abcde");
    }
}
