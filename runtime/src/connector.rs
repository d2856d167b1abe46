//! Our TCP layer under ureq: fewer system calls per request than ureq's
//! own, measured in `BENCHMARKS.md`.
//!
//! ureq's `TcpTransport` writes the request head and body with two `send`s
//! (the server wakes twice), probes a pooled connection with three system
//! calls (non-blocking on, `recv`, non-blocking off) both when it goes back
//! to the pool and when it is taken out, and sets the socket timeouts to the
//! exact time left before every read and write. This transport:
//!
//! - buffers output and sends it with one `write` when the answer is awaited
//!   (or once 64 KiB are waiting), so a small request is one packet;
//! - sets a socket timeout only when the one in place could let a call block
//!   past the deadline, or is less than half the time left; a read that
//!   wakes up early loops until the deadline, so no call overruns it;
//! - checks a pooled connection once per request, with one non-blocking
//!   `MSG_PEEK` (on Unix) instead of three system calls twice;
//! - enforces the bound on the whole exchange itself ([`bound_exchange`]):
//!   ureq is given only the connect timeout (working out the time left under
//!   a per-call timeout at every step cost it about 1,100 instructions per
//!   request, net of this).
//!
//! TLS is ureq's connector (rustls, or native-tls with that feature), chained
//! on top of this transport, and CONNECT proxies (chosen by `proxy.rs`) go
//! through ureq's own proxy connector ahead of it. The traits come
//! from `ureq::unversioned::transport`, outside ureq's semver promise, and
//! the workspace pins ureq's minor version for that reason. This file
//! implements them; `resolver.rs` also leans on that unversioned part of
//! ureq (its `Resolver` trait, and the `NextTimeout` and address list types).

use std::cell::Cell;
use std::fmt;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use ureq::Timeout;
use ureq::unversioned::resolver::ResolvedSocketAddrs;

use crate::seal::{Credentials, SealConnector};
use ureq::unversioned::transport::{
    Buffers, ConnectProxyConnector, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout,
    ShutdownHandle, Transport,
};

#[cfg(not(any(feature = "rustls", feature = "native-tls")))]
compile_error!(
    "stytch-runtime needs a TLS backend: enable the `rustls` (default) or `native-tls` feature"
);

/// Output waiting beyond this many bytes is sent without waiting for the
/// answer to be awaited.
const FLUSH_AT: usize = 64 * 1024;

/// Socket timeouts shorter than this are set to the exact time left rather
/// than to three quarters of it.
const MIN_SLACKED_TIMEOUT: Duration = Duration::from_millis(20);

thread_local! {
    /// When the exchange running on this thread must be over; set by
    /// [`bound_exchange`] for the length of one attempt. Read by every step,
    /// so kept apart from the connect bounds, which only connecting reads.
    static EXCHANGE: Cell<Option<Instant>> = const { Cell::new(None) };
    /// The connect bounds of that exchange ([`Bounds::connect`] and
    /// [`Bounds::connect_by`]).
    static CONNECT: Cell<(Option<Duration>, Option<Instant>)> = const { Cell::new((None, None)) };
}

/// What bounds the steps of one exchange, besides ureq's own timeouts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Bounds {
    /// When the whole exchange must be over.
    exchange: Option<Instant>,
    /// The connect timeout of the attempt.
    connect: Option<Duration>,
    /// When connecting must be over, once a host name lookup has started
    /// the connect budget (see [`start_connect_budget`]).
    connect_by: Option<Instant>,
}

impl Bounds {
    /// The bounds in place on this thread.
    fn current() -> Bounds {
        let (connect, connect_by) = CONNECT.with(Cell::get);
        Bounds {
            exchange: EXCHANGE.with(Cell::get),
            connect,
            connect_by,
        }
    }

    /// Puts `self` in place on this thread; returns the bounds it replaces.
    fn install(self) -> Bounds {
        let previous = Bounds::current();
        EXCHANGE.with(|e| e.set(self.exchange));
        CONNECT.with(|c| c.set((self.connect, self.connect_by)));
        previous
    }
}

/// Bounds every lookup, connect, read and write made on this thread by
/// `deadline` (reported as [`Timeout::PerCall`]), and a host name lookup by
/// `connect` as well, until the guard is dropped.
pub(crate) fn bound_exchange(deadline: Option<Instant>, connect: Duration) -> ExchangeBound {
    let previous = Bounds {
        exchange: deadline,
        connect: Some(connect),
        connect_by: None,
    }
    .install();
    ExchangeBound { previous }
}

/// Lifts the bound set by [`bound_exchange`] when dropped.
#[must_use = "the bound is lifted when this is dropped"]
pub(crate) struct ExchangeBound {
    previous: Bounds,
}

impl Drop for ExchangeBound {
    fn drop(&mut self) {
        self.previous.install();
    }
}

/// Starts the connect budget of this attempt now, because a host name
/// lookup is about to run: the lookup and then the connection (TCP, and TLS
/// on top) share one connect timeout. Returns when the lookup must be over:
/// the end of that budget or of the exchange, whichever comes first; `None`
/// outside an exchange.
pub(crate) fn start_connect_budget() -> Option<Instant> {
    let connect_by = CONNECT.with(|c| {
        let (connect, _) = c.get();
        let connect_by = connect.and_then(|d| Instant::now().checked_add(d));
        c.set((connect, connect_by));
        connect_by
    });
    match (connect_by, EXCHANGE.with(Cell::get)) {
        (Some(c), Some(e)) => Some(c.min(e)),
        (c, e) => c.or(e),
    }
}

/// The deadline of one step: the earlier of ureq's for the step (the connect
/// timeout while connecting, else none), the connect budget a lookup started
/// (while connecting) and the exchange's, with the reason to report when it
/// passes.
fn step_deadline(timeout: NextTimeout) -> (Option<Instant>, Timeout) {
    let mut own = deadline(timeout);
    if timeout.reason == Timeout::Connect {
        if let (_, Some(by)) = CONNECT.with(Cell::get) {
            own = Some(own.map_or(by, |o| o.min(by)));
        }
    }
    match (own, EXCHANGE.with(Cell::get)) {
        (Some(own), Some(ex)) if ex < own => (Some(ex), Timeout::PerCall),
        (None, Some(ex)) => (Some(ex), Timeout::PerCall),
        (own, _) => (own, timeout.reason),
    }
}

/// The connector chain of the client's agent: CONNECT proxy (when the
/// client has one, `proxy.rs`), our TCP, then TLS for `https` (rustls, or
/// the platform's library with the `native-tls` feature; with both, the
/// agent's configuration picks rustls), and last the layer that puts the
/// real credentials and body in place of ureq's stand-ins (`seal.rs`).
pub(crate) fn chain(credentials: Arc<Credentials>) -> impl Connector<()> {
    let chain = ().chain(ConnectProxyConnector::default()).chain(TcpConnector);
    #[cfg(feature = "rustls")]
    let chain = chain.chain(ureq::unversioned::transport::RustlsConnector::default());
    #[cfg(feature = "native-tls")]
    let chain = chain.chain(ureq::unversioned::transport::NativeTlsConnector::default());
    chain.chain(SealConnector::new(credentials))
}

/// Opens plain TCP connections and hands out [`TcpTransport`]s.
#[derive(Debug)]
pub(crate) struct TcpConnector;

impl<In: Transport> Connector<In> for TcpConnector {
    type Out = Either<In, TcpTransport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        if let Some(transport) = chained {
            // A proxy connection is already open: use it.
            return Ok(Some(Either::A(transport)));
        }
        let stream = connect_any(&details.addrs, details.timeout)?;
        if details.config.no_delay() {
            stream.set_nodelay(true)?;
        }
        let stream = Arc::new(stream);
        let handle: Weak<dyn ShutdownHandle> = Arc::downgrade(&stream) as Weak<dyn ShutdownHandle>;
        (details.register_shutdown)(handle)?;
        let buffers = LazyBuffers::new(
            details.config.input_buffer_size(),
            details.config.output_buffer_size(),
        );
        Ok(Some(Either::B(TcpTransport::new(stream, buffers))))
    }
}

/// Tries each address in turn, sharing the connect budget between them.
fn connect_any(
    addrs: &ResolvedSocketAddrs,
    timeout: NextTimeout,
) -> Result<TcpStream, ureq::Error> {
    let (deadline, reason) = step_deadline(timeout);
    let mut last: Option<ureq::Error> = None;
    let count = addrs.len();
    for (i, addr) in addrs.iter().enumerate() {
        let attempt = match deadline {
            None => TcpStream::connect(addr),
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(ureq::Error::Timeout(reason));
                }
                // Half of what is left to each address but the last.
                let share = if i + 1 == count { left } else { left / 2 };
                TcpStream::connect_timeout(addr, share.max(Duration::from_millis(10)).min(left))
            }
        };
        match attempt {
            Ok(stream) => return Ok(stream),
            Err(e) if is_timeout(&e) => {
                let expired = deadline.is_some_and(|d| Instant::now() >= d);
                last = Some(ureq::Error::Timeout(if expired {
                    reason
                } else {
                    Timeout::Connect
                }));
            }
            Err(e) => last = Some(ureq::Error::Io(e)),
        }
    }
    Err(last.unwrap_or_else(|| {
        ureq::Error::Io(io::Error::new(
            io::ErrorKind::ConnectionRefused,
            "no address to connect to",
        ))
    }))
}

/// The instant `timeout` expires, or `None` when no timeout is set.
fn deadline(timeout: NextTimeout) -> Option<Instant> {
    if timeout.after.is_not_happening() {
        None
    } else {
        Instant::now().checked_add(*timeout.after)
    }
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
    )
}

/// One TCP connection: buffered output, timeouts set when needed.
pub(crate) struct TcpTransport {
    stream: Arc<TcpStream>,
    buffers: LazyBuffers,
    /// Output handed over by ureq and not sent yet.
    pending: Vec<u8>,
    write_deadline: Option<Instant>,
    write_reason: Timeout,
    /// What the socket's timeouts are set to now.
    read_timeout: Option<Duration>,
    write_timeout: Option<Duration>,
    /// Whether bytes were read or written since `is_open` last ran.
    io_since_probe: bool,
}

impl TcpTransport {
    /// A transport over a connected `stream`: nothing pending, no deadline,
    /// the socket's timeouts not set yet.
    fn new(stream: Arc<TcpStream>, buffers: LazyBuffers) -> TcpTransport {
        TcpTransport {
            stream,
            buffers,
            pending: Vec::new(),
            write_deadline: None,
            write_reason: Timeout::SendRequest,
            read_timeout: None,
            write_timeout: None,
            io_since_probe: false,
        }
    }

    /// Sends all pending output, bounded by the earliest write deadline.
    fn flush(&mut self) -> Result<(), ureq::Error> {
        let mut sent = 0;
        while sent < self.pending.len() {
            let left = left_before(self.write_deadline, self.write_reason)?;
            fit(&mut self.write_timeout, left, |t| {
                self.stream.set_write_timeout(t)
            })?;
            match (&*self.stream).write(&self.pending[sent..]) {
                Ok(0) => return Err(io::Error::from(io::ErrorKind::WriteZero).into()),
                Ok(n) => sent += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted || is_timeout(&e) => {}
                Err(e) => return Err(e.into()),
            }
        }
        self.pending.clear();
        self.write_deadline = None;
        self.io_since_probe = true;
        Ok(())
    }
}

/// Time left before `deadline`; an error once it has passed.
fn left_before(
    deadline: Option<Instant>,
    reason: Timeout,
) -> Result<Option<Duration>, ureq::Error> {
    match deadline {
        None => Ok(None),
        Some(d) => {
            let left = d.saturating_duration_since(Instant::now());
            if left.is_zero() {
                Err(ureq::Error::Timeout(reason))
            } else {
                Ok(Some(left))
            }
        }
    }
}

/// Keeps a socket timeout that cannot outlast `left`, calling `set` only
/// when the current one could, or is under half of `left` (it would wake a
/// long wait many times over).
fn fit(
    current: &mut Option<Duration>,
    left: Option<Duration>,
    set: impl FnOnce(Option<Duration>) -> io::Result<()>,
) -> io::Result<()> {
    let fine = match (*current, left) {
        (None, None) => true,
        (Some(cur), Some(left)) => cur <= left && cur >= left / 2,
        _ => false,
    };
    if fine {
        return Ok(());
    }
    let wanted = left.map(|l| {
        let slacked = l / 4 * 3;
        if slacked >= MIN_SLACKED_TIMEOUT {
            slacked
        } else {
            l
        }
    });
    set(wanted)?;
    *current = wanted;
    Ok(())
}

impl Transport for TcpTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        let timeout = timeout.for_write();
        if timeout.after.is_zero() {
            return Err(ureq::Error::Timeout(timeout.reason));
        }
        let output = self.buffers.output();
        let chunk = output.get(..amount).unwrap_or(output);
        self.pending.extend_from_slice(chunk);
        let (deadline, reason) = step_deadline(timeout);
        if let Some(d) = deadline {
            if self.write_deadline.is_none_or(|w| d < w) {
                self.write_deadline = Some(d);
                self.write_reason = reason;
            }
        }
        if self.pending.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.flush()?;
        let (deadline, reason) = step_deadline(timeout.for_read());
        loop {
            let left = left_before(deadline, reason)?;
            fit(&mut self.read_timeout, left, |t| {
                self.stream.set_read_timeout(t)
            })?;
            let input = self.buffers.input_append_buf();
            match (&*self.stream).read(input) {
                Ok(n) => {
                    self.buffers.input_appended(n);
                    self.io_since_probe = true;
                    return Ok(n > 0);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted || is_timeout(&e) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }

    fn is_open(&mut self) -> bool {
        if !self.pending.is_empty() {
            return false;
        }
        // ureq asks twice per request: when the answer has been read (to
        // pool the connection) and when it takes it from the pool. A peek
        // consumes nothing, so stray bytes seen by the first are still there
        // for the second: probing only when no I/O happened since the last
        // question keeps every check at one system call per request.
        if std::mem::take(&mut self.io_since_probe) {
            return true;
        }
        probe(&self.stream)
    }
}

/// Whether the peer has neither closed the connection nor sent bytes we did
/// not ask for: one non-blocking peek, which leaves the socket as it is.
#[cfg(unix)]
fn probe(stream: &TcpStream) -> bool {
    #[cfg(test)]
    tests::PROBES.with(|n| n.set(n.get() + 1));
    let mut byte = [std::mem::MaybeUninit::<u8>::uninit(); 1];
    let peeked = socket2::SockRef::from(stream)
        .recv_with_flags(&mut byte, libc::MSG_PEEK | libc::MSG_DONTWAIT);
    // Ok(0): the peer closed; Ok(_): stray bytes; Err: reset or worse.
    matches!(peeked, Err(e) if e.kind() == io::ErrorKind::WouldBlock)
}

/// Whether the peer has neither closed the connection nor sent bytes we did
/// not ask for: a read in non-blocking mode (three system calls).
#[cfg(not(unix))]
fn probe(mut stream: &TcpStream) -> bool {
    #[cfg(test)]
    tests::PROBES.with(|n| n.set(n.get() + 1));
    if stream.set_nonblocking(true).is_err() {
        return false;
    }
    let mut byte = [0u8; 1];
    let open = matches!(stream.read(&mut byte), Err(e) if e.kind() == io::ErrorKind::WouldBlock);
    stream.set_nonblocking(false).is_ok() && open
}

impl fmt::Debug for TcpTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let peer: Option<SocketAddr> = self.stream.peer_addr().ok();
        f.debug_struct("TcpTransport").field("peer", &peer).finish()
    }
}

#[cfg(test)]
mod tests;
