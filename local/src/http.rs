//! Just enough HTTP/1.1 for the local server: read one request from a
//! keep-alive connection, write one answer. Std only.

use std::io::{self, Read, Write};

/// Largest request head accepted.
const MAX_HEAD: usize = 16 * 1024;
/// Largest request body accepted.
pub const MAX_BODY: usize = 1024 * 1024;

/// One parsed request.
pub struct Request {
    pub method: String,
    /// The target as sent: path and optional query.
    pub target: String,
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

    /// Whether the client asked to close the connection after this answer.
    pub fn wants_close(&self) -> bool {
        self.header("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"))
    }
}

/// Why a request could not be read.
pub enum ReadError {
    /// The peer closed the connection cleanly between requests.
    Closed,
    /// The socket failed or timed out.
    Io,
    /// The bytes are not a request we accept: answer with this status and
    /// message, then close.
    Bad(u16, &'static str),
}

impl From<io::Error> for ReadError {
    fn from(_: io::Error) -> Self {
        ReadError::Io
    }
}

/// Reads one request. `buf` carries bytes already read past the previous
/// request on the same connection.
pub fn read_request(stream: &mut impl Read, buf: &mut Vec<u8>) -> Result<Request, ReadError> {
    let head_end = loop {
        if let Some(pos) = find(buf, b"\r\n\r\n") {
            break pos;
        }
        if buf.len() > MAX_HEAD {
            return Err(ReadError::Bad(431, "the request head is too large"));
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return if buf.is_empty() {
                Err(ReadError::Closed)
            } else {
                Err(ReadError::Bad(
                    400,
                    "the connection closed inside a request head",
                ))
            };
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = std::str::from_utf8(&buf[..head_end])
        .map_err(|_| ReadError::Bad(400, "the request head is not UTF-8"))?;
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (method, target, version) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(m), Some(t), Some(v), None) => (m.to_owned(), t.to_owned(), v),
        _ => return Err(ReadError::Bad(400, "malformed request line")),
    };
    if version != "HTTP/1.1" && version != "HTTP/1.0" {
        return Err(ReadError::Bad(505, "only HTTP/1.1 is supported"));
    }
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line
            .split_once(':')
            .ok_or(ReadError::Bad(400, "malformed header line"))?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let body_start = head_end + 4;
    let mut request = Request {
        method,
        target,
        headers,
        body: Vec::new(),
    };
    if request.header("transfer-encoding").is_some() {
        return Err(ReadError::Bad(
            501,
            "chunked request bodies are not supported; send Content-Length",
        ));
    }
    let length = match request.header("content-length") {
        None => 0,
        Some(v) => v
            .parse::<usize>()
            .map_err(|_| ReadError::Bad(400, "invalid Content-Length"))?,
    };
    if length > MAX_BODY {
        return Err(ReadError::Bad(413, "the request body is too large"));
    }
    while buf.len() < body_start + length {
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Err(ReadError::Bad(
                400,
                "the connection closed inside a request body",
            ));
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    request.body = buf[body_start..body_start + length].to_vec();
    buf.drain(..body_start + length);
    Ok(request)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
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
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}
