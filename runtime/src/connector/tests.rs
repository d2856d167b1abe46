//! Tests of the TCP layer: timeout bookkeeping, and connection reuse against
//! a std server on 127.0.0.1 that closes or keeps its connections.

use std::cell::Cell;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use ureq::Timeout;
use ureq::unversioned::transport::NextTimeout;

use super::{bound_exchange, connect_any, fit, step_deadline};
use crate::exchange::{AttemptError, Outgoing, Timeouts};
use crate::transport;
use crate::{Method, Route, Secret};

thread_local! {
    /// How many times `probe` ran on this thread.
    pub(super) static PROBES: Cell<usize> = const { Cell::new(0) };
}

fn fit_calls(current: Option<Duration>, left: Option<Duration>) -> (Option<Duration>, bool) {
    let mut cur = current;
    let mut called = false;
    fit(&mut cur, left, |_| {
        called = true;
        Ok(())
    })
    .unwrap();
    (cur, called)
}

#[test]
fn a_timeout_that_fits_is_left_alone() {
    let s = Duration::from_secs;
    assert_eq!(fit_calls(Some(s(20)), Some(s(30))), (Some(s(20)), false));
    assert_eq!(fit_calls(None, None), (None, false));
}

#[test]
fn a_timeout_past_the_deadline_or_far_below_it_is_reset() {
    let s = Duration::from_secs;
    // Could block past the deadline.
    assert_eq!(fit_calls(Some(s(30)), Some(s(20))), (Some(s(15)), true));
    // Would wake a long wait often.
    assert_eq!(fit_calls(Some(s(1)), Some(s(40))), (Some(s(30)), true));
    // No deadline any more, or a first one.
    assert_eq!(fit_calls(Some(s(1)), None), (None, true));
    assert_eq!(fit_calls(None, Some(s(4))), (Some(s(3)), true));
    // Close to the deadline: exactly what is left.
    let ms = Duration::from_millis;
    assert_eq!(fit_calls(None, Some(ms(8))), (Some(ms(8)), true));
}

fn connect_within(d: Duration) -> NextTimeout {
    NextTimeout {
        after: d.into(),
        reason: Timeout::Connect,
        ..NextTimeout::default()
    }
}

#[test]
fn the_exchange_bound_applies_while_set_and_the_earlier_deadline_wins() {
    let s = Duration::from_secs;
    assert_eq!(
        step_deadline(NextTimeout::default()),
        (None, Timeout::Global)
    );
    let now = Instant::now();
    {
        let _bound = bound_exchange(Some(now + s(10)), s(5));
        // No step deadline from ureq: the exchange's.
        assert_eq!(
            step_deadline(NextTimeout::default()),
            (Some(now + s(10)), Timeout::PerCall)
        );
        // A connect timeout due before the exchange bound is the one reported.
        let (at, reason) = step_deadline(connect_within(s(2)));
        assert_eq!(reason, Timeout::Connect);
        assert!(at.is_some_and(|at| at < now + s(10)));
        // One due after it gives way.
        assert_eq!(
            step_deadline(connect_within(s(60))),
            (Some(now + s(10)), Timeout::PerCall)
        );
    }
    // Lifted with the guard.
    assert_eq!(
        step_deadline(NextTimeout::default()),
        (None, Timeout::Global)
    );
}

/// Reads one request (head and `content-length` body) and returns its body.
fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Vec<u8>> {
    let mut len = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                len = value.trim().parse().ok()?;
            }
        }
    }
    let mut body = vec![0; len];
    reader.read_exact(&mut body).ok()?;
    Some(body)
}

/// Serves `connections` connections one after the other. Each answers
/// `per_connection` requests, echoing the body, then closes and reports
/// the close on `closed`.
fn server(connections: usize, per_connection: usize) -> (String, mpsc::Receiver<usize>) {
    let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let url = format!("http://{}/v1/echo", listener.local_addr().unwrap());
    let (closed, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for n in 0..connections {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut writer = stream;
            for _ in 0..per_connection {
                let Some(body) = read_request(&mut reader) else {
                    break;
                };
                let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", body.len());
                let _ = writer.write_all(head.as_bytes());
                let _ = writer.write_all(&body);
            }
            drop(reader);
            drop(writer);
            let _ = closed.send(n);
        }
    });
    (url, rx)
}

/// One `POST /v1/echo` exchange with `body`.
fn exchange(
    http: &transport::Http,
    url: &str,
    body: &[u8],
) -> Result<crate::response::RawResponse, AttemptError> {
    let route = Route {
        method: Method::Post,
        path: "/v1/echo",
    };
    let out = Outgoing::test(route, url, Some(body));
    transport::exchange(http, &out, Instant::now())
}

/// [`exchange`], which must answer 200; the answer's body.
fn post(http: &transport::Http, url: &str, body: &[u8]) -> Vec<u8> {
    match exchange(http, url, body) {
        Ok(raw) => {
            assert_eq!(raw.status, 200);
            raw.body
        }
        Err(e) => panic!("exchange failed: {}", e.error),
    }
}

fn http(base_url: &str) -> transport::Http {
    transport::agent(transport::Settings {
        user_agent: "connector-test",
        base_url,
        project_id: "test",
        secret: &Secret::new("test"),
        timeouts: Timeouts {
            connect: Duration::from_secs(5),
            exchange: Duration::from_secs(10),
        },
        proxy: None,
        lookup: crate::resolver::system_lookup(),
    })
}

#[test]
fn a_kept_alive_connection_is_reused() {
    let (url, closed) = server(1, 3);
    let http = http(&url);
    for i in 0..3 {
        let body = format!("{{\"n\":{i}}}");
        assert_eq!(post(&http, &url, body.as_bytes()), body.as_bytes());
    }
    // All three went over the one connection the server accepts.
    drop(http);
    assert_eq!(closed.recv_timeout(Duration::from_secs(10)), Ok(0));
}

#[test]
fn a_connection_the_server_closed_is_not_reused() {
    // Each connection answers once and closes without saying so.
    let (url, closed) = server(3, 1);
    let http = http(&url);
    for i in 0..3 {
        let body = format!("{{\"n\":{i}}}");
        assert_eq!(post(&http, &url, body.as_bytes()), body.as_bytes());
        assert_eq!(closed.recv_timeout(Duration::from_secs(10)), Ok(i));
    }
}

#[test]
fn a_reused_connection_is_checked_once_per_call() {
    // ureq asks twice per call whether a pooled connection is open; one
    // system call answers both.
    let (url, closed) = server(1, 4);
    let http = http(&url);
    let before = PROBES.with(Cell::get);
    for i in 0..4 {
        let body = format!("{{\"n\":{i}}}");
        assert_eq!(post(&http, &url, body.as_bytes()), body.as_bytes());
    }
    // The first call opened the connection; the other three reused it.
    assert_eq!(PROBES.with(Cell::get) - before, 3);
    drop(http);
    assert_eq!(closed.recv_timeout(Duration::from_secs(10)), Ok(0));
}

#[test]
fn a_large_body_is_sent_whole() {
    let (url, _closed) = server(1, 1);
    let http = http(&url);
    // Past the 64 KiB flush threshold: sent in parts before the answer.
    let body: Vec<u8> = (0..200_000u32).map(|i| b'a' + (i % 26) as u8).collect();
    assert_eq!(post(&http, &url, &body), body);
}

/// Without the `gzip` feature a gzip-compressed answer is a final
/// `Transport` error that names the feature (with it, the tests crate checks
/// that the body is decoded).
#[cfg(not(feature = "gzip"))]
#[test]
fn a_gzip_answer_without_the_feature_names_it() {
    let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let url = format!("http://{}/v1/echo", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else {
            return;
        };
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut writer = stream;
        if read_request(&mut reader).is_some() {
            let body = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03";
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-encoding: gzip\r\ncontent-length: {}\r\n\r\n",
                body.len()
            );
            let _ = writer.write_all(head.as_bytes());
            let _ = writer.write_all(body);
        }
    });
    let http = http(&url);
    let Err(err) = exchange(&http, &url, b"{}") else {
        panic!("a gzip answer was accepted without the gzip feature");
    };
    assert_eq!(err.failure, crate::retry::Failure::Final);
    match err.error {
        crate::Error::Transport {
            status, message, ..
        } => {
            assert_eq!(status, Some(200));
            assert!(message.contains("`gzip` feature"), "{message}");
        }
        other => panic!("expected Transport, got {other:?}"),
    }
}

#[test]
fn a_lookup_starts_the_connect_budget_which_then_bounds_connecting() {
    let s = Duration::from_secs;
    // Outside an exchange a lookup has no bound.
    assert_eq!(super::start_connect_budget(), None);
    let now = Instant::now();
    let _bound = bound_exchange(Some(now + s(10)), s(2));
    // Before a lookup: ureq's connect deadline.
    let (at, reason) = step_deadline(connect_within(s(5)));
    assert_eq!(reason, Timeout::Connect);
    assert!(at.is_some_and(|at| at > now + s(4)));
    // A lookup starts the 2 s budget; connecting afterwards gets what is left
    // of it, not a fresh 5 s.
    let lookup_by = super::start_connect_budget().unwrap();
    assert!(lookup_by <= Instant::now() + s(2));
    let (at, reason) = step_deadline(connect_within(s(5)));
    assert_eq!((at, reason), (Some(lookup_by), Timeout::Connect));
    // Other steps are not touched by it.
    let (at, _) = step_deadline(NextTimeout::default());
    assert_eq!(at, Some(now + s(10)));
}

#[cfg(target_os = "linux")]
/// A loopback address where a connection attempt hangs: a listener whose
/// accept queue is full and never accepted drops new SYNs (Linux), so a
/// connect waits until its timeout. Keep the returned values alive.
fn hanging_addr() -> (std::net::SocketAddr, socket2::Socket, Vec<TcpStream>) {
    use socket2::{Domain, Socket, Type};
    let listener = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    listener
        .bind(&std::net::SocketAddr::from(([127, 0, 0, 1], 0)).into())
        .unwrap();
    listener.listen(0).unwrap();
    let addr = listener.local_addr().unwrap().as_socket().unwrap();
    let mut fillers = Vec::new();
    for _ in 0..16 {
        match TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
            Ok(stream) => fillers.push(stream),
            Err(_) => return (addr, listener, fillers),
        }
    }
    panic!("the accept queue of {addr} never filled up");
}

fn addrs(list: &[std::net::SocketAddr]) -> ureq::unversioned::resolver::ResolvedSocketAddrs {
    use ureq::unversioned::resolver::Resolver;
    let mut out = crate::resolver::InlineResolver::default().empty();
    for addr in list {
        out.push(*addr);
    }
    out
}

#[cfg(target_os = "linux")]
#[test]
fn the_only_address_gets_the_whole_connect_timeout() {
    let (hanging, _listener, _fillers) = hanging_addr();
    let started = Instant::now();
    let result = connect_any(
        &addrs(&[hanging]),
        connect_within(Duration::from_millis(600)),
    );
    let took = started.elapsed();
    assert!(
        matches!(result, Err(ureq::Error::Timeout(Timeout::Connect))),
        "{result:?}"
    );
    // Not half of it, as an address with others after it gets.
    assert!(took >= Duration::from_millis(550), "{took:?}");
    // When the exchange bound ends connecting, that is the bound reported.
    let _bound = bound_exchange(
        Some(Instant::now() + Duration::from_millis(300)),
        Duration::from_secs(5),
    );
    let result = connect_any(&addrs(&[hanging]), connect_within(Duration::from_secs(5)));
    assert!(
        matches!(result, Err(ureq::Error::Timeout(Timeout::PerCall))),
        "{result:?}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn an_address_that_hangs_leaves_half_the_timeout_to_the_next() {
    let (hanging, _listener, _fillers) = hanging_addr();
    let open = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let open_addr = open.local_addr().unwrap();
    let started = Instant::now();
    let stream = connect_any(
        &addrs(&[hanging, open_addr]),
        connect_within(Duration::from_secs(2)),
    )
    .expect("the second address answers within the half left to it");
    assert_eq!(stream.peer_addr().unwrap(), open_addr);
    assert!(started.elapsed() >= Duration::from_millis(900));
}

/// A transport over a fresh loopback connection, and the peer's end
/// (non-blocking, to see whether anything arrived yet).
fn transport_and_peer() -> (super::TcpTransport, TcpStream) {
    let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let ours = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (peer, _) = listener.accept().unwrap();
    peer.set_nonblocking(true).unwrap();
    let transport = super::TcpTransport::new(
        std::sync::Arc::new(ours),
        ureq::unversioned::transport::LazyBuffers::new(1024, 128 * 1024),
    );
    (transport, peer)
}

/// How many bytes have reached `peer` so far.
fn arrived(peer: &mut TcpStream) -> usize {
    let mut total = 0;
    let mut buf = [0u8; 16 * 1024];
    loop {
        match peer.read(&mut buf) {
            Ok(0) => return total,
            Ok(n) => total += n,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return total,
            Err(e) => panic!("{e}"),
        }
    }
}

fn transmit(transport: &mut super::TcpTransport, n: usize) {
    use ureq::unversioned::transport::Transport;
    transport.buffers().output()[..n].fill(b'x');
    transport
        .transmit_output(n, NextTimeout::default())
        .unwrap();
}

#[test]
fn output_waits_for_the_answer_to_be_awaited_or_for_64_kib() {
    use ureq::unversioned::transport::Transport;
    let (mut transport, mut peer) = transport_and_peer();
    // A request head and body: nothing goes out yet...
    transmit(&mut transport, 1000);
    transmit(&mut transport, 40 * 1024);
    transmit(&mut transport, 23 * 1024);
    assert_eq!(arrived(&mut peer), 0);
    // ...until 64 KiB are waiting: all of it is sent.
    transmit(&mut transport, 1024);
    let mut got = 0;
    let until = Instant::now() + Duration::from_secs(10);
    while got < 64 * 1024 + 1000 && Instant::now() < until {
        got += arrived(&mut peer);
    }
    assert_eq!(got, 64 * 1024 + 1000);
    // A small request goes out whole when the answer is awaited.
    transmit(&mut transport, 300);
    transmit(&mut transport, 20);
    assert_eq!(arrived(&mut peer), 0);
    peer.write_all(b"HTTP/1.1 204 No Content\r\n\r\n").unwrap();
    assert!(transport.await_input(NextTimeout::default()).unwrap());
    assert_eq!(arrived(&mut peer), 320);
}

#[test]
fn a_write_to_a_reset_connection_fails_at_once() {
    use ureq::unversioned::transport::Transport;
    let (mut transport, peer) = transport_and_peer();
    // Closing with a zero linger resets the connection.
    socket2::SockRef::from(&peer)
        .set_linger(Some(Duration::ZERO))
        .unwrap();
    drop(peer);
    std::thread::sleep(Duration::from_millis(50));
    transport.buffers().output()[..100].fill(b'x');
    let started = Instant::now();
    let within = NextTimeout {
        after: Duration::from_secs(5).into(),
        reason: Timeout::SendRequest,
        ..NextTimeout::default()
    };
    transport.transmit_output(100, within).unwrap();
    let result = transport.await_input(within);
    assert!(matches!(result, Err(ureq::Error::Io(_))), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(4));
}

/// A step bounded by `after`, for the request's sending.
fn send_within(after: Duration) -> NextTimeout {
    NextTimeout {
        after: after.into(),
        reason: Timeout::SendRequest,
        ..NextTimeout::default()
    }
}

/// The socket timeout is set to three quarters of the time left; a wait it
/// ends early goes on until the deadline. Here the peer starts reading, then
/// answers, only after that first socket timeout has fired. (On the writing
/// side Linux returns the bytes written so far when the socket timeout fires
/// part-way through a send, so the writes never see it here.)
#[test]
fn a_slow_peer_has_until_the_deadline_not_until_the_first_socket_timeout() {
    use ureq::unversioned::transport::Transport;
    let (mut transport, peer) = transport_and_peer();
    // Small socket buffers, so that the writes block until the peer reads.
    socket2::SockRef::from(&*transport.stream)
        .set_send_buffer_size(64 * 1024)
        .unwrap();
    socket2::SockRef::from(&peer)
        .set_recv_buffer_size(64 * 1024)
        .unwrap();
    let bound = Duration::from_secs(2);
    let late = Duration::from_millis(1600);
    let reader = std::thread::spawn(move || {
        peer.set_nonblocking(false).unwrap();
        std::thread::sleep(late);
        let mut peer = peer;
        let mut buf = vec![0u8; 1024 * 1024];
        let mut got = 0usize;
        while got < 8 * 1024 * 1024 {
            got += peer.read(&mut buf).unwrap();
        }
        std::thread::sleep(late);
        peer.write_all(b"HTTP/1.1 204 No Content\r\n\r\n").unwrap();
        got
    });
    // 8 MiB: far more than the socket buffers hold.
    let deadline = Instant::now() + bound;
    for _ in 0..128 {
        transport.buffers().output()[..64 * 1024].fill(b'x');
        let left = deadline.saturating_duration_since(Instant::now());
        transport
            .transmit_output(64 * 1024, send_within(left))
            .expect("sent before the deadline");
    }
    let waited_from = Instant::now();
    let answered = transport
        .await_input(NextTimeout {
            after: bound.into(),
            reason: Timeout::RecvResponse,
            ..NextTimeout::default()
        })
        .expect("answered before the deadline");
    assert!(answered);
    assert!(waited_from.elapsed() >= late - Duration::from_millis(500));
    assert_eq!(reader.join().unwrap(), 8 * 1024 * 1024);
}

/// Output handed over with different deadlines goes out by the earliest.
#[test]
fn pending_output_is_sent_by_the_earliest_of_its_deadlines() {
    use ureq::unversioned::transport::Transport;
    let (mut transport, peer) = transport_and_peer();
    // Tiny socket buffers and a peer that never reads: sending blocks.
    socket2::SockRef::from(&*transport.stream)
        .set_send_buffer_size(4096)
        .unwrap();
    socket2::SockRef::from(&peer)
        .set_recv_buffer_size(4096)
        .unwrap();
    let late = NextTimeout {
        after: Duration::from_secs(20).into(),
        reason: Timeout::SendBody,
        ..NextTimeout::default()
    };
    transport.buffers().output()[..100].fill(b'x');
    transport.transmit_output(100, late).unwrap();
    // Past 64 KiB: sent at once, which blocks.
    let started = Instant::now();
    transport.buffers().output()[..127 * 1024].fill(b'x');
    let result = transport.transmit_output(127 * 1024, send_within(Duration::from_millis(300)));
    assert!(
        matches!(result, Err(ureq::Error::Timeout(Timeout::SendRequest))),
        "{result:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    drop(peer);
}

#[test]
fn a_closed_connection_reads_as_no_input_and_a_reset_one_fails_at_once() {
    use ureq::unversioned::transport::Transport;
    let within = NextTimeout {
        after: Duration::from_secs(5).into(),
        reason: Timeout::RecvResponse,
        ..NextTimeout::default()
    };
    // Closed after the answer: the answer, then no more input.
    let (mut transport, mut peer) = transport_and_peer();
    peer.write_all(b"HTTP/1.1 204 No Content\r\n\r\n").unwrap();
    drop(peer);
    assert!(transport.await_input(within).unwrap());
    let len = transport.buffers().input().len();
    transport.buffers().input_consume(len);
    assert!(!transport.await_input(within).unwrap());
    // Reset while the answer is awaited: an error, at once.
    let (mut transport, peer) = transport_and_peer();
    socket2::SockRef::from(&peer)
        .set_linger(Some(Duration::ZERO))
        .unwrap();
    let started = Instant::now();
    let closer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        drop(peer);
    });
    let result = transport.await_input(within);
    assert!(matches!(result, Err(ureq::Error::Io(_))), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(4));
    closer.join().unwrap();
}

/// The check of a pooled connection: at once, consuming nothing.
#[cfg(unix)]
#[test]
fn a_pooled_connection_is_checked_without_waiting_or_reading() {
    let (transport, mut peer) = transport_and_peer();
    let stream = &*transport.stream;
    // A long socket timeout, as a previous call may have left: the check
    // must not wait for it.
    stream
        .set_read_timeout(Some(Duration::from_secs(3)))
        .unwrap();
    let started = Instant::now();
    assert!(super::probe(stream), "an idle open connection");
    assert!(started.elapsed() < Duration::from_secs(2));
    // Stray bytes: not reusable, and still there to be read.
    peer.write_all(b"xy").unwrap();
    std::thread::sleep(Duration::from_millis(50));
    assert!(!super::probe(stream));
    let mut got = [0u8; 2];
    (&*stream).read_exact(&mut got).unwrap();
    assert_eq!(&got, b"xy");
    // Closed by the peer.
    drop(peer);
    std::thread::sleep(Duration::from_millis(50));
    assert!(!super::probe(stream));
    let debug = format!("{transport:?}");
    let peer_addr = stream.peer_addr().unwrap();
    assert_eq!(debug, format!("TcpTransport {{ peer: Some({peer_addr}) }}"));
}
