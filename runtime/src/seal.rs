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
//! right.
//!
//! Finding the stand-in costs little: each connection remembers how far
//! from the end of the last head it was (the headers after `authorization`
//! are the client's fixed ones, `head.rs`, so the distance stays the same
//! from call to call, whatever the path and body length), and the next head
//! is checked there first. Only when it is not there (the first request of
//! a connection, or a head of another layout) is the head searched, with
//! `memchr`'s substring search. A plain byte-by-byte scan cost about 800
//! instructions per call, some 2.5 % of a call on loopback.
//!
//! The request body needs nothing: ureq copies a body of known length
//! straight into the output buffer, past ureq-proto's logging writer
//! (`tests/tests/trace_logging.rs` checks that this stays so). What this
//! does not cover is the answer: ureq-proto dumps the response head and body
//! the same way, and the parser that needs them is ureq's. RELIABILITY.md
//! says what remains and what ureq-proto would have to change.

use std::fmt;
use std::sync::Arc;

use memchr::memmem::Finder;

use ureq::unversioned::transport::{Buffers, ConnectionDetails, Connector, NextTimeout, Transport};

/// The `authorization` value and its stand-in, which has the same length.
pub(crate) struct Credentials {
    real: Box<[u8]>,
    stand_in: Box<[u8]>,
    /// Searches for `stand_in`.
    finder: Finder<'static>,
}

impl Credentials {
    /// `real` is the whole header value (`Basic <base64>`).
    pub(crate) fn new(real: &[u8]) -> Credentials {
        let mut stand_in = real.to_vec();
        for b in stand_in.iter_mut().skip("Basic ".len()) {
            *b = b'*';
        }
        let finder = Finder::new(&stand_in).into_owned();
        Credentials {
            real: real.into(),
            stand_in: stand_in.into(),
            finder,
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
            from_end: None,
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
    /// How far the stand-in started from the end of the last head.
    from_end: Option<usize>,
}

impl<T: Transport> Transport for SealedTransport<T> {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        if self.state == State::Head {
            let output = self.inner.buffers().output();
            let len = amount.min(output.len());
            if let Some(from_end) = seal(&mut output[..len], &self.credentials, self.from_end) {
                self.from_end = Some(from_end);
            }
            self.state = State::Other;
        }
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

/// Writes the real credentials over their stand-in in `out`, a request
/// head (or what a layer below sends first: a `CONNECT`, TLS records),
/// looking `from_end` bytes before its end first. Returns where the
/// stand-in was, counted from the end, or `None` when it was not there.
fn seal(out: &mut [u8], credentials: &Credentials, from_end: Option<usize>) -> Option<usize> {
    let stand_in = credentials.stand_in();
    let at = from_end
        .and_then(|from_end| out.len().checked_sub(from_end))
        .filter(|&at| out.get(at..at + stand_in.len()) == Some(stand_in))
        .or_else(|| credentials.finder.find(out))?;
    out[at..at + stand_in.len()].copy_from_slice(&credentials.real);
    Some(out.len() - at)
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
        assert_eq!(seal(&mut head, &credentials, None), Some(33));
        assert_eq!(
            head,
            b"POST /v1/x HTTP/1.1\r\nauthorization: Basic cDpz\r\ncontent-length: 2\r\n\r\n"
        );
        // A CONNECT or TLS records: left as they are.
        let mut connect = b"CONNECT h:443 HTTP/1.1\r\n\r\n".to_vec();
        assert_eq!(seal(&mut connect, &credentials, Some(33)), None);
        assert_eq!(connect, b"CONNECT h:443 HTTP/1.1\r\n\r\n");
    }

    #[test]
    fn the_remembered_place_is_checked_and_a_wrong_one_falls_back_to_a_search() {
        let credentials = Credentials::new(b"Basic cDpz");
        let sealed = |head: &str, from_end| {
            let mut out = head.as_bytes().to_vec();
            let found = seal(&mut out, &credentials, from_end);
            (String::from_utf8(out).unwrap(), found)
        };
        // Another path and body length: the same distance from the end.
        let head = "PUT /v1/longer/path HTTP/1.1\r\ncontent-length: 1234\r\nauthorization: Basic ****\r\naccept: a\r\n\r\n";
        let from_end = head.len() - head.find("Basic").unwrap();
        assert_eq!(from_end, 25);
        let (out, found) = sealed(head, Some(from_end));
        assert_eq!(found, Some(from_end));
        assert_eq!(out, head.replace("****", "cDpz"));
        // Other headers after it (a request without a body, say): searched.
        for wrong in [
            Some(10),
            Some(24),
            Some(25),
            Some(26),
            Some(500),
            Some(0),
            None,
        ] {
            let head = "GET /v1/x HTTP/1.1\r\nauthorization: Basic ****\r\n\r\n";
            assert_eq!(
                sealed(head, wrong),
                (head.replace("****", "cDpz"), Some(14))
            );
        }
        // No stand-in at all: nothing changes.
        assert_eq!(sealed("GET / HTTP/1.1\r\n\r\n", Some(4)).1, None);
        // The remembered place is tried before a search: with the stand-in
        // there and also earlier, the remembered one is replaced.
        let twice = "GET /Basic **** HTTP/1.1\r\nauthorization: Basic ****\r\n\r\n";
        let (out, found) = sealed(twice, Some(14));
        assert_eq!(found, Some(14));
        assert_eq!(
            out,
            "GET /Basic **** HTTP/1.1\r\nauthorization: Basic cDpz\r\n\r\n"
        );
    }

    #[test]
    fn only_the_head_is_sealed_and_the_next_request_is_a_head_again() {
        let credentials = Arc::new(Credentials::new(b"Basic cDpz"));
        let mut transport = SealedTransport {
            inner: Recorder::default(),
            credentials,
            state: State::Head,
            from_end: None,
        };
        let head = b"POST /v1/x HTTP/1.1\r\nauthorization: Basic ****\r\naccept: a\r\n\r\n";
        let body = b"{\"p\":\"Basic ****\"}";
        for _ in 0..3 {
            transport.send(head);
            transport.send(body);
            transport.await_input(NextTimeout::default()).unwrap();
        }
        let sent = String::from_utf8(transport.inner.sent.clone()).unwrap();
        let one = "POST /v1/x HTTP/1.1\r\nauthorization: Basic cDpz\r\naccept: a\r\n\r\n{\"p\":\"Basic ****\"}";
        assert_eq!(sent, one.repeat(3));
        assert_eq!(transport.from_end, Some(25));
    }

    #[test]
    fn the_sealed_transport_answers_for_the_one_below_and_debug_hides_the_credentials() {
        let credentials = Arc::new(Credentials::new(b"Basic cDpz"));
        assert_eq!(format!("{credentials:?}"), "Credentials([redacted])");
        let connector = SealConnector::new(Arc::clone(&credentials));
        assert!(!format!("{connector:?}").contains("cDpz"));
        for (tls, open) in [(false, true), (true, false)] {
            let mut transport = SealedTransport {
                inner: Recorder {
                    tls,
                    open,
                    ..Recorder::default()
                },
                credentials: Arc::clone(&credentials),
                state: State::Head,
                from_end: None,
            };
            assert_eq!((transport.is_tls(), transport.is_open()), (tls, open));
            let debug = format!("{transport:?}");
            assert!(
                debug.starts_with("SealedTransport { inner: Recorder {"),
                "{debug}"
            );
            assert!(debug.ends_with(", .. }"), "{debug}");
            assert!(!debug.contains("cDpz"), "{debug}");
        }
    }

    impl SealedTransport<Recorder> {
        fn send(&mut self, bytes: &[u8]) {
            self.buffers().output()[..bytes.len()].copy_from_slice(bytes);
            self.transmit_output(bytes.len(), NextTimeout::default())
                .unwrap();
        }
    }

    /// A transport that keeps what is sent.
    #[derive(Debug, Default)]
    struct Recorder {
        buffers: Vec<u8>,
        sent: Vec<u8>,
        /// What `is_tls` and `is_open` answer.
        tls: bool,
        open: bool,
    }

    impl Buffers for Recorder {
        fn output(&mut self) -> &mut [u8] {
            self.buffers.resize(1024, 0);
            &mut self.buffers
        }
        fn input(&self) -> &[u8] {
            &[]
        }
        fn input_append_buf(&mut self) -> &mut [u8] {
            &mut []
        }
        fn input_appended(&mut self, _amount: usize) {}
        fn input_consume(&mut self, _amount: usize) {}
        fn tmp_and_output(&mut self) -> (&mut [u8], &mut [u8]) {
            (&mut [], &mut self.buffers)
        }
        fn can_use_input(&self) -> bool {
            false
        }
    }

    impl Transport for Recorder {
        fn buffers(&mut self) -> &mut dyn Buffers {
            self
        }
        fn transmit_output(&mut self, amount: usize, _: NextTimeout) -> Result<(), ureq::Error> {
            self.sent.extend_from_slice(&self.buffers[..amount]);
            Ok(())
        }
        fn await_input(&mut self, _: NextTimeout) -> Result<bool, ureq::Error> {
            Ok(true)
        }
        fn is_open(&mut self) -> bool {
            self.open
        }
        fn is_tls(&self) -> bool {
            self.tls
        }
    }
}
