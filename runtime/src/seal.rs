//! The credentials, put in below ureq.
//!
//! At `trace` level ureq-proto writes a hex dump of every request head it
//! produces, through the `log` facade, to whatever logger the application
//! installed: the `authorization` value (the base64 of `project_id:secret`)
//! could be read back from it. Neither ureq nor ureq-proto has a setting to
//! stop that. So ureq never gets the value: its header map holds a stand-in
//! of the same length (`Basic ****...`), and [`SealConnector`], the last
//! layer of the connector chain (above TLS, where the bytes are still
//! plain), writes the real value over the stand-in in the output buffer
//! just before the head goes out. Nothing moves, so the buffer sizes stay
//! right. The cost is one scan of the request head (a few hundred bytes) for
//! the stand-in.
//!
//! The request body needs nothing: ureq copies a body of known length
//! straight into the output buffer, past ureq-proto's logging writer
//! (`tests/tests/trace_logging.rs` checks that this stays so). What this
//! does not cover is the answer: ureq-proto dumps the response head and body
//! the same way, and the parser that needs them is ureq's. RELIABILITY.md
//! says what remains and what ureq-proto would have to change.

use std::fmt;
use std::sync::Arc;

use ureq::unversioned::transport::{Buffers, ConnectionDetails, Connector, NextTimeout, Transport};

/// The `authorization` value and its stand-in, which has the same length.
pub(crate) struct Credentials {
    real: Box<[u8]>,
    stand_in: Box<[u8]>,
}

impl Credentials {
    /// `real` is the whole header value (`Basic <base64>`).
    pub(crate) fn new(real: &[u8]) -> Credentials {
        let mut stand_in = real.to_vec();
        for b in stand_in.iter_mut().skip("Basic ".len()) {
            *b = b'*';
        }
        Credentials {
            real: real.into(),
            stand_in: stand_in.into(),
        }
    }

    /// What ureq sends in place of the real value.
    pub(crate) fn stand_in(&self) -> &[u8] {
        &self.stand_in
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Credentials([redacted])")
    }
}

/// The last layer of the connector chain: wraps every connection in a
/// [`SealedTransport`].
#[derive(Debug)]
pub(crate) struct SealConnector {
    credentials: Arc<Credentials>,
}

impl SealConnector {
    pub(crate) fn new(credentials: Arc<Credentials>) -> SealConnector {
        SealConnector { credentials }
    }
}

impl<In: Transport> Connector<In> for SealConnector {
    type Out = SealedTransport<In>;

    fn connect(
        &self,
        _details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        Ok(chained.map(|inner| SealedTransport {
            inner,
            credentials: Arc::clone(&self.credentials),
            state: State::Head,
        }))
    }
}

/// Where the output of a connection is in its current request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Next comes a request head (the connection is new, or the last
    /// request's answer is being read).
    Head,
    /// The rest of the request (its body), or bytes that are not one of our
    /// requests: a proxy's `CONNECT`, or TLS records when this layer sits
    /// under TLS inside a proxy tunnel.
    Other,
}

/// A connection whose output gets the real credentials.
pub(crate) struct SealedTransport<T> {
    inner: T,
    credentials: Arc<Credentials>,
    state: State,
}

impl<T: Transport> Transport for SealedTransport<T> {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        let output = self.inner.buffers().output();
        let len = amount.min(output.len());
        let out = &mut output[..len];
        self.state = seal(out, self.state, &self.credentials);
        self.inner.transmit_output(amount, timeout)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        // We never send `Expect: 100-continue`: once the answer is awaited,
        // the request is out, and the next output is a new request.
        self.state = State::Head;
        self.inner.await_input(timeout)
    }

    fn is_open(&mut self) -> bool {
        self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

/// Writes the real credentials over their stand-in in `out`, the next
/// output of a connection in `state`; returns the state after it.
fn seal(out: &mut [u8], state: State, credentials: &Credentials) -> State {
    if state == State::Head {
        let stand_in = credentials.stand_in();
        if let Some(at) = find(out, stand_in) {
            out[at..at + stand_in.len()].copy_from_slice(&credentials.real);
        }
    }
    State::Other
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut from = 0;
    while let Some(i) = haystack.get(from..)?.iter().position(|&b| b == first) {
        let at = from + i;
        if haystack.get(at + 1..at + needle.len()) == Some(rest) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

impl<T: fmt::Debug> fmt::Debug for SealedTransport<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SealedTransport")
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stand_in_is_replaced_in_place_and_other_output_is_left_alone() {
        let credentials = Credentials::new(b"Basic cDpz");
        assert_eq!(credentials.stand_in(), b"Basic ****");
        let mut head =
            b"POST /v1/x HTTP/1.1\r\nauthorization: Basic ****\r\ncontent-length: 2\r\n\r\n"
                .to_vec();
        assert_eq!(seal(&mut head, State::Head, &credentials), State::Other);
        assert_eq!(
            head,
            b"POST /v1/x HTTP/1.1\r\nauthorization: Basic cDpz\r\ncontent-length: 2\r\n\r\n"
        );
        // The body, a CONNECT or TLS records: left as they are.
        let mut body = b"Basic ****".to_vec();
        assert_eq!(seal(&mut body, State::Other, &credentials), State::Other);
        assert_eq!(body, b"Basic ****");
        let mut connect = b"CONNECT h:443 HTTP/1.1\r\n\r\n".to_vec();
        assert_eq!(seal(&mut connect, State::Head, &credentials), State::Other);
        assert_eq!(connect, b"CONNECT h:443 HTTP/1.1\r\n\r\n");
    }

    #[test]
    fn find_finds_the_first_occurrence() {
        assert_eq!(find(b"abcabd", b"abd"), Some(3));
        assert_eq!(find(b"ab", b"abc"), None);
        assert_eq!(find(b"xx", b""), None);
    }
}
