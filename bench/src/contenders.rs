//! The contenders: our client, a hand-written ureq call, and a raw
//! keep-alive TCP loop. Each makes sequential `oauth::Attach` calls.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use serde::{Deserialize, Serialize};
use stytch_endpoints::Client;
use stytch_endpoints::oauth::Attach;

/// The project id every contender authenticates with.
pub const PROJECT_ID: &str = "project-test-00000000-0000-0000-0000-000000000000";
/// The secret every contender authenticates with (not a real one).
pub const SECRET: &str = "secret-test-bench-00000000000000000000000000000000";
/// The user every call attaches.
pub const USER_ID: &str = "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6";
/// The user agent every ureq-based contender sends.
pub const USER_AGENT: &str = "stytch-bench/0.1.0";

/// Something that makes attach calls, one after the other.
pub trait Contender {
    /// A short name for the report.
    fn name(&self) -> &'static str;

    /// One attach call, including reading and decoding the answer.
    fn call(&mut self) -> Result<(), String>;

    /// `n` calls in a row. Async contenders override this to run the whole
    /// loop inside one executor entry.
    fn run(&mut self, n: usize) -> Result<(), String> {
        for _ in 0..n {
            self.call()?;
        }
        Ok(())
    }
}

/// Our client, used the way the README shows.
pub struct Ours {
    client: Client,
}

impl Ours {
    /// A client for the server at `base_url`.
    pub fn new(base_url: &str) -> Result<Ours, String> {
        let client = Client::builder(PROJECT_ID, SECRET)
            .base_url(base_url)
            .user_agent(USER_AGENT)
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Ours { client })
    }
}

impl Contender for Ours {
    fn name(&self) -> &'static str {
        "ours"
    }

    fn call(&mut self) -> Result<(), String> {
        let answer = Attach::builder()
            .provider("google")
            .user_id(USER_ID)
            .send(&self.client)
            .map_err(|e| e.to_string())?;
        check(&answer.request_id, answer.status_code)
    }
}

/// The attach body as a hand-written client would declare it.
#[derive(Serialize)]
struct AttachBody<'a> {
    provider: &'a str,
    user_id: &'a str,
}

/// The attach answer as a hand-written client would declare it.
#[derive(Deserialize)]
struct AttachAnswer {
    request_id: String,
    #[allow(dead_code)]
    oauth_attach_token: String,
    status_code: u16,
}

/// A hand-written call on a default ureq `Agent`: the same headers in the
/// same order, the same JSON body, the answer decoded into a struct.
pub struct HandUreq {
    agent: ureq::Agent,
    url: String,
    auth: String,
}

impl HandUreq {
    /// An agent for the server at `base_url`.
    pub fn new(base_url: &str) -> HandUreq {
        let config = ureq::Agent::config_builder().user_agent(USER_AGENT).build();
        HandUreq {
            agent: config.into(),
            url: format!("{base_url}/v1/oauth/attach"),
            auth: format!("Basic {}", basic(PROJECT_ID, SECRET)),
        }
    }
}

impl Contender for HandUreq {
    fn name(&self) -> &'static str {
        "ureq"
    }

    fn call(&mut self) -> Result<(), String> {
        let body = serde_json::to_vec(&AttachBody {
            provider: "google",
            user_id: USER_ID,
        })
        .map_err(|e| e.to_string())?;
        let mut response = self
            .agent
            .post(&self.url)
            .header("authorization", &self.auth)
            .header("accept", "application/json")
            .header("content-type", "application/json")
            .send(&body[..])
            .map_err(|e| e.to_string())?;
        let bytes = response
            .body_mut()
            .read_to_vec()
            .map_err(|e| e.to_string())?;
        let answer: AttachAnswer = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
        check(&answer.request_id, answer.status_code)
    }
}

/// Writes fixed request bytes on one kept-alive connection and reads each
/// answer by its `content-length`: the most any client can get out of the
/// server.
pub struct RawTcp {
    stream: TcpStream,
    request: Vec<u8>,
    buf: Vec<u8>,
}

impl RawTcp {
    /// Connects to `addr`; every call sends `request` as is.
    pub fn new(addr: SocketAddr, request: Vec<u8>) -> Result<RawTcp, String> {
        let stream = TcpStream::connect(addr).map_err(|e| e.to_string())?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        Ok(RawTcp {
            stream,
            request,
            buf: vec![0; 16 * 1024],
        })
    }
}

impl Contender for RawTcp {
    fn name(&self) -> &'static str {
        "raw"
    }

    fn call(&mut self) -> Result<(), String> {
        self.stream
            .write_all(&self.request)
            .map_err(|e| e.to_string())?;
        let mut filled = 0;
        loop {
            let n = self
                .stream
                .read(&mut self.buf[filled..])
                .map_err(|e| e.to_string())?;
            if n == 0 {
                return Err("the server closed the connection".to_owned());
            }
            filled += n;
            let got = &self.buf[..filled];
            if let Some(head) = got.windows(4).position(|w| w == b"\r\n\r\n") {
                let len = content_length(&got[..head]).ok_or("no content-length")?;
                if filled == head + 4 + len {
                    return Ok(());
                }
                if filled > head + 4 + len || filled == self.buf.len() {
                    return Err("unexpected bytes after the answer".to_owned());
                }
            }
        }
    }
}

fn content_length(head: &[u8]) -> Option<usize> {
    let text = std::str::from_utf8(head).ok()?;
    text.split("\r\n").find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse().ok())?
    })
}

fn check(request_id: &str, status: u16) -> Result<(), String> {
    if request_id.is_empty() || status != 200 {
        return Err(format!("unexpected answer: status {status}"));
    }
    Ok(())
}

/// `base64(id:secret)`, written out here so the hand-written contender
/// shares no code with ours.
pub fn basic(id: &str, secret: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let input = format!("{id}:{secret}").into_bytes();
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_matches_known_encodings() {
        assert_eq!(basic("a", "b"), "YTpi");
        assert_eq!(basic("ab", "c"), "YWI6Yw==");
        assert_eq!(basic("user", "pass"), "dXNlcjpwYXNz");
    }

    #[test]
    fn content_length_is_found_case_insensitively() {
        assert_eq!(
            content_length(b"HTTP/1.1 200 OK\r\nContent-Length: 12"),
            Some(12)
        );
        assert_eq!(content_length(b"HTTP/1.1 200 OK"), None);
    }
}
