//! The connect timeout, on loopback: a listener whose accept queue is full
//! makes the kernel drop new connection attempts, so `connect` waits until
//! the client's bound.

use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use socket2::{Domain, Socket, Type};
use stytch_endpoints::{CallOptions, Client, Error, RetryPolicy};
use stytch_tests::retry_classes::{PROJECT, SECRET, create_item, fast_retry, timed};

/// A listener on 127.0.0.1 that never accepts, with its queue already full.
/// Returns the address and what must stay alive.
fn full_listener() -> (SocketAddr, Socket, Vec<TcpStream>) {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    socket
        .bind(&"127.0.0.1:0".parse::<SocketAddr>().unwrap().into())
        .unwrap();
    socket.listen(0).unwrap();
    let addr = socket.local_addr().unwrap().as_socket().unwrap();
    // Fill the queue: the first connection is queued, the next ones are not.
    let mut held = Vec::new();
    for _ in 0..4 {
        match TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
            Ok(stream) => held.push(stream),
            Err(_) => break,
        }
    }
    (addr, socket, held)
}

fn client(addr: SocketAddr, policy: RetryPolicy) -> Client {
    Client::builder(PROJECT, SECRET)
        .base_url(format!("http://{addr}"))
        .connect_timeout(Duration::from_millis(300))
        .timeout(Duration::from_secs(10))
        .retry(policy)
        .build()
        .unwrap()
}

#[test]
fn connect_timeout_is_a_timeout_in_the_connect_phase() {
    let (addr, _listener, _held) = full_listener();
    let (result, elapsed) = timed(|| client(addr, RetryPolicy::none()).send(&create_item()));
    match result {
        Err(Error::Timeout {
            phase,
            after,
            attempts,
            status,
            ..
        }) => {
            assert_eq!(phase, "connect");
            assert_eq!(after, Duration::from_millis(300));
            assert_eq!(attempts, 1);
            assert_eq!(status, None);
        }
        other => panic!("expected a connect Timeout, got {other:?}"),
    }
    assert!(elapsed >= Duration::from_millis(250), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
}

#[test]
fn connect_timeouts_are_retried_even_for_post() {
    // Nothing was written, so the server cannot have seen the request.
    let (addr, _listener, _held) = full_listener();
    let (result, elapsed) = timed(|| client(addr, fast_retry()).send(&create_item()));
    match result {
        Err(Error::Timeout {
            phase: "connect",
            attempts,
            ..
        }) => assert_eq!(attempts, 3),
        other => panic!("expected a connect Timeout after 3 attempts, got {other:?}"),
    }
    assert!(elapsed >= Duration::from_millis(800), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(6), "{elapsed:?}");
}

#[test]
fn a_per_call_connect_timeout_overrides_the_clients() {
    // The client would wait 10 s; the call's own bound is 300 ms. (The
    // agent is configured with the client's bound: the call's must reach
    // the TCP connect itself.)
    let (addr, _listener, _held) = full_listener();
    let client = Client::builder(PROJECT, SECRET)
        .base_url(format!("http://{addr}"))
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(20))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let options = CallOptions::new().connect_timeout(Duration::from_millis(300));
    let (result, elapsed) = timed(|| client.send_with(&create_item(), &options));
    match result {
        Err(Error::Timeout {
            phase: "connect",
            after,
            attempts: 1,
            ..
        }) => assert_eq!(after, Duration::from_millis(300)),
        other => panic!("expected a connect Timeout, got {other:?}"),
    }
    assert!(elapsed >= Duration::from_millis(250), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
}
