//! The body of a request: its framing, from `Transfer-Encoding` and
//! `Content-Length` (RFC 9112 section 6), and reading it, by length or
//! chunked (section 7.1).

use super::{MAX_BODY, ReadError, Request, Source, bad, failed};

/// Longest chunk-size line (size and extensions) or trailer line.
const MAX_CHUNK_LINE: usize = 1024;

/// Reads the body `request`'s head announces: from `buf` (bytes already
/// read past the head), then from `stream`. Bytes past the body stay in
/// `buf`. `late` is the error once the body deadline has passed.
pub(super) fn read(
    request: &Request,
    stream: &mut impl Source,
    buf: &mut Vec<u8>,
    late: &impl Fn() -> ReadError,
) -> Result<Vec<u8>, ReadError> {
    let mut reader = Buffered { stream, buf, late };
    match framing(request)? {
        Framing::Length(length) => reader.take(length),
        Framing::Chunked => reader.chunked(),
    }
}

/// How the body of a request is delimited.
enum Framing {
    Length(usize),
    Chunked,
}

/// The body's framing, from `Transfer-Encoding` and `Content-Length` (RFC
/// 9112 section 6).
fn framing(request: &Request) -> Result<Framing, ReadError> {
    let has_te = request.header("transfer-encoding").is_some();
    let has_cl = request.header("content-length").is_some();
    if has_te {
        if has_cl {
            return Err(bad(
                400,
                "a request may not have both Transfer-Encoding and Content-Length",
            ));
        }
        if request.http_1_0 {
            return Err(bad(400, "Transfer-Encoding is not allowed in HTTP/1.0"));
        }
        let codings: Vec<&str> = request.list("transfer-encoding").collect();
        return match codings.as_slice() {
            [only] if only.eq_ignore_ascii_case("chunked") => Ok(Framing::Chunked),
            [.., last] if last.eq_ignore_ascii_case("chunked") => Err(bad(
                501,
                "only the chunked transfer coding is supported, alone",
            )),
            _ => Err(bad(
                400,
                "Transfer-Encoding must end with chunked for a request",
            )),
        };
    }
    let mut length = None;
    for element in request.list("content-length").chain(
        // An empty value is an element too, and invalid.
        request
            .headers
            .iter()
            .filter(|(k, v)| k.eq_ignore_ascii_case("content-length") && v.is_empty())
            .map(|_| ""),
    ) {
        let value = parse_length(element)?;
        if length.is_some_and(|l| l != value) {
            return Err(bad(400, "two different Content-Length values"));
        }
        length = Some(value);
    }
    let length = length.unwrap_or(0);
    if length > MAX_BODY as u64 {
        return Err(bad(413, "the request body is too large"));
    }
    Ok(Framing::Length(length as usize))
}

/// A `Content-Length` value: one or more ASCII digits, nothing else.
fn parse_length(value: &str) -> Result<u64, ReadError> {
    let invalid = || bad(400, "invalid Content-Length: digits only");
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    value.parse::<u64>().map_err(|_| invalid())
}

/// The bytes after a head: what is already buffered, then the stream.
struct Buffered<'a, S, L> {
    stream: &'a mut S,
    buf: &'a mut Vec<u8>,
    late: &'a L,
}

impl<S: Source, L: Fn() -> ReadError> Buffered<'_, S, L> {
    /// Reads until at least `want` bytes are buffered.
    fn fill(&mut self, want: usize) -> Result<(), ReadError> {
        while self.buf.len() < want {
            let mut chunk = [0u8; 8192];
            let n = self
                .stream
                .read(&mut chunk)
                .map_err(|e| failed(&e, self.late))?;
            if n == 0 {
                return Err(bad(400, "the connection closed inside a request body"));
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
        Ok(())
    }

    /// The next `n` bytes, taken out of the buffer.
    fn take(&mut self, n: usize) -> Result<Vec<u8>, ReadError> {
        self.fill(n)?;
        Ok(self.buf.drain(..n).collect())
    }

    /// The next line (without its CRLF), at most `MAX_CHUNK_LINE` long.
    fn line(&mut self) -> Result<String, ReadError> {
        let mut from = 0;
        loop {
            if let Some(i) = self.buf[from..].iter().position(|&b| b == b'\n') {
                let end = from + i;
                if end == 0 || self.buf[end - 1] != b'\r' {
                    return Err(bad(400, "a chunk line does not end with CRLF"));
                }
                let line: Vec<u8> = self.buf.drain(..=end).collect();
                let text = &line[..line.len() - 2];
                if text.contains(&b'\r') {
                    return Err(bad(400, "a chunk line holds a bare CR"));
                }
                return String::from_utf8(text.to_vec())
                    .map_err(|_| bad(400, "a chunk line is not UTF-8"));
            }
            if self.buf.len() > MAX_CHUNK_LINE {
                return Err(bad(400, "a chunk line is too long"));
            }
            from = self.buf.len();
            let want = self.buf.len() + 1;
            self.fill(want)?;
        }
    }

    /// A chunked body (RFC 9112 section 7.1), decoded; trailers are read
    /// and dropped.
    fn chunked(&mut self) -> Result<Vec<u8>, ReadError> {
        let mut body = Vec::new();
        // Bytes of framing (size lines, CRLFs, trailers), bounded so tiny
        // chunks cannot make the wire much larger than the body.
        let mut framing = 0usize;
        loop {
            let line = self.line()?;
            framing += line.len() + 2;
            let size = chunk_size(&line)?;
            if size == 0 {
                break;
            }
            if body.len() as u64 + size > MAX_BODY as u64 {
                return Err(bad(413, "the request body is too large"));
            }
            let size = size as usize;
            let mut data = self.take(size + 2)?;
            if !data.ends_with(b"\r\n") {
                return Err(bad(400, "a chunk's data is not followed by CRLF"));
            }
            data.truncate(size);
            body.extend_from_slice(&data);
            framing += 2;
            if framing > MAX_BODY {
                return Err(bad(413, "the chunked framing is too large"));
            }
        }
        loop {
            let trailer = self.line()?;
            if trailer.is_empty() {
                return Ok(body);
            }
            framing += trailer.len() + 2;
            if framing > MAX_BODY {
                return Err(bad(413, "the chunked framing is too large"));
            }
        }
    }
}

/// The size in a chunk-size line: hex digits, then nothing or extensions
/// (`;name=value`, optionally after spaces or tabs).
fn chunk_size(line: &str) -> Result<u64, ReadError> {
    let invalid = || bad(400, "invalid chunk size");
    let digits = line.bytes().take_while(u8::is_ascii_hexdigit).count();
    let (hex, rest) = line.split_at(digits);
    if hex.is_empty() || hex.len() > 15 {
        return Err(invalid());
    }
    if !rest.is_empty() && !rest.trim_start_matches([' ', '\t']).starts_with(';') {
        return Err(invalid());
    }
    u64::from_str_radix(hex, 16).map_err(|_| invalid())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status<T>(result: Result<T, ReadError>) -> u16 {
        match result {
            Ok(_) => 200,
            Err(ReadError::Bad(s, _)) => s,
            Err(_) => 1,
        }
    }

    #[test]
    fn content_length_is_digits_only() {
        assert_eq!(parse_length("0").ok(), Some(0));
        assert_eq!(parse_length("0042").ok(), Some(42));
        assert_eq!(parse_length("18446744073709551615").ok(), Some(u64::MAX));
        for bad in ["", "+1", "-1", "1a", " 1", "0x10", "18446744073709551616"] {
            assert_eq!(status(parse_length(bad)), 400, "{bad:?}");
        }
    }

    #[test]
    fn a_chunk_size_is_hex_then_nothing_or_extensions() {
        assert_eq!(chunk_size("0").ok(), Some(0));
        assert_eq!(chunk_size("1f").ok(), Some(31));
        assert_eq!(chunk_size("A;x=y").ok(), Some(10));
        assert_eq!(chunk_size("a \t ;x").ok(), Some(10));
        assert_eq!(
            chunk_size("fffffffffffffff").ok(),
            Some(0xfff_ffff_ffff_ffff)
        );
        for bad in ["", ";x", "g", "1g", "1 ", "1 x", "0000000000000001", "-1"] {
            assert_eq!(status(chunk_size(bad)), 400, "{bad:?}");
        }
    }
}
