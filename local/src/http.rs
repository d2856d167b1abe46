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

    const D: Deadlines = Deadlines {
        head: Duration::from_secs(1),
        body: Duration::from_secs(1),
    };

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
}
