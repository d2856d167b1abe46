//! Fault injection, connection level: refused, reset, truncated, silent and
//! trickling servers, stale keep-alive connections. One test per fault; each
//! checks the exact error variant, what the server's status and request id
//! became, the number of attempts, and the time the call took.

use std::time::Duration;

use stytch_endpoints::{CallOptions, Client, Error, RetryPolicy};
use stytch_tests::retry_classes::{
    OK_BODY, PROJECT, SECRET, client_for, create_item, fast_retry, get_item, refused_url, timed,
};
use stytch_tests::{Reply, ScriptedServer};

/// Generous upper bound for calls that should fail fast.
const FAST: Duration = Duration::from_secs(3);

fn assert_attempts(err: &Error, n: u32) {
    assert_eq!(err.attempts(), n, "{err:?}");
    let word = if n == 1 { "attempt" } else { "attempts" };
    let text = err.to_string();
    assert!(text.contains(&format!("after {n} {word}")), "{text}");
}

#[test]
fn connection_refused_is_retried_then_transport_before_send() {
    // Nothing was written, so even a POST is retried, with the default policy.
    let client = Client::builder(PROJECT, SECRET)
        .base_url(refused_url())
        .build()
        .unwrap();
    let (result, elapsed) = timed(|| client.send(&create_item()));
    let err = result.unwrap_err();
    match &err {
        Error::Transport { before_send, .. } => assert!(before_send),
        other => panic!("expected Transport, got {other:?}"),
    }
    assert_attempts(&err, 3);
    assert_eq!(err.status(), None);
    // Default backoff: two waits of at most 100 ms and 200 ms.
    assert!(elapsed >= Duration::from_millis(150), "{elapsed:?}");
    assert!(elapsed < FAST, "{elapsed:?}");
}

#[test]
fn connection_refused_without_retries_makes_one_attempt() {
    let client = Client::builder(PROJECT, SECRET)
        .base_url(refused_url())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.send(&get_item()).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                before_send: true,
                ..
            }
        ),
        "{err:?}"
    );
    assert_attempts(&err, 1);
}

#[test]
fn retries_stop_at_the_total_time_bound() {
    let policy = RetryPolicy::default()
        .max_attempts(1000)
        .base_delay(Duration::from_millis(40))
        .max_delay(Duration::from_millis(40))
        .max_total(Duration::from_millis(400));
    let client = Client::builder(PROJECT, SECRET)
        .base_url(refused_url())
        .retry(policy)
        .build()
        .unwrap();
    let (result, elapsed) = timed(|| client.send(&get_item()));
    let err = result.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.attempts() > 2 && err.attempts() < 1000, "{err:?}");
    assert!(elapsed >= Duration::from_millis(350), "{elapsed:?}");
    assert!(elapsed < FAST, "{elapsed:?}");
}

#[test]
fn reset_before_the_status_line_post_is_not_retried() {
    let server = ScriptedServer::start(|_, _| Reply::Reset);
    let (result, elapsed) = timed(|| client_for(&server, fast_retry()).send(&create_item()));
    let err = result.unwrap_err();
    match &err {
        Error::Transport {
            before_send,
            message,
            ..
        } => {
            assert!(!before_send);
            assert!(message.contains("reset"), "{message}");
        }
        other => panic!("expected Transport, got {other:?}"),
    }
    assert_attempts(&err, 1);
    assert_eq!(err.status(), None);
    assert_eq!(server.requests().len(), 1);
    assert!(elapsed < FAST, "{elapsed:?}");
}

#[test]
fn reset_before_the_status_line_get_is_retried() {
    let server = ScriptedServer::start(|i, _| match i {
        0 => Reply::Reset,
        _ => Reply::json(200, OK_BODY),
    });
    let answer = client_for(&server, fast_retry()).send(&get_item()).unwrap();
    assert_eq!(answer.request_id, "request-id-test-ok");
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn reset_mid_body_keeps_the_status() {
    let server = ScriptedServer::start(|_, _| {
        Reply::ResetAfter(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n{\"request_id\":"
                .to_vec(),
        )
    });
    let (result, elapsed) = timed(|| client_for(&server, fast_retry()).send(&create_item()));
    let err = result.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                before_send: false,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.status(), Some(200), "{err:?}");
    assert_attempts(&err, 1);
    assert!(elapsed < FAST, "{elapsed:?}");
}

#[test]
fn content_length_larger_than_the_body() {
    let server = ScriptedServer::start(|_, _| {
        Reply::RawThenClose(
            format!(
                "HTTP/1.1 200 OK\r\ncontent-length: 500\r\n\r\n{}",
                &OK_BODY[..20]
            )
            .into_bytes(),
        )
    });
    let (result, elapsed) = timed(|| client_for(&server, fast_retry()).send(&create_item()));
    let err = result.unwrap_err();
    match &err {
        Error::Transport {
            message,
            before_send,
            ..
        } => {
            assert!(!before_send);
            assert!(message.contains("200"), "{message}");
        }
        other => panic!("expected Transport, got {other:?}"),
    }
    assert_eq!(err.status(), Some(200));
    assert_attempts(&err, 1);
    assert!(elapsed < FAST, "{elapsed:?}");
}

#[test]
fn status_line_never_sent_times_out_post_once() {
    let server = ScriptedServer::start(|_, _| Reply::Hang);
    let client = client_for(&server, fast_retry());
    let options = CallOptions::new().timeout(Duration::from_millis(300));
    let (result, elapsed) = timed(|| client.send_with(&create_item(), &options));
    let err = result.unwrap_err();
    match &err {
        Error::Timeout { after, phase, .. } => {
            assert_eq!(*after, Duration::from_millis(300));
            assert_eq!(*phase, "exchange");
        }
        other => panic!("expected Timeout, got {other:?}"),
    }
    assert_eq!(err.status(), None);
    assert_attempts(&err, 1);
    assert_eq!(server.requests().len(), 1);
    assert!(elapsed >= Duration::from_millis(280), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
}

#[test]
fn status_line_never_sent_get_is_retried_within_the_bounds() {
    let server = ScriptedServer::start(|_, _| Reply::Hang);
    let client = client_for(&server, fast_retry());
    let options = CallOptions::new().timeout(Duration::from_millis(200));
    let (result, elapsed) = timed(|| client.send_with(&get_item(), &options));
    let err = result.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_attempts(&err, 3);
    assert_eq!(server.requests().len(), 3);
    // Three bounded attempts and two short waits.
    assert!(elapsed >= Duration::from_millis(580), "{elapsed:?}");
    assert!(elapsed < FAST, "{elapsed:?}");
}

#[test]
fn body_trickling_past_the_bound_times_out() {
    // 200 bytes at 20 ms each would take 4 s; the bound is 400 ms.
    let server = ScriptedServer::start(|_, _| Reply::Trickle {
        head: b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n"
            .to_vec(),
        tail: vec![b' '; 200],
        pause: Duration::from_millis(20),
    });
    let client = Client::builder(PROJECT, SECRET)
        .base_url(server.base_url())
        .timeout(Duration::from_millis(400))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let (result, elapsed) = timed(|| client.send(&create_item()));
    let err = result.unwrap_err();
    match &err {
        Error::Timeout { after, .. } => assert_eq!(*after, Duration::from_millis(400)),
        other => panic!("expected Timeout, got {other:?}"),
    }
    assert_eq!(err.status(), Some(200), "{err:?}");
    assert_attempts(&err, 1);
    assert!(elapsed >= Duration::from_millis(380), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
}

#[test]
fn headers_trickling_past_the_bound_time_out() {
    let server = ScriptedServer::start(|_, _| Reply::Trickle {
        head: Vec::new(),
        tail:
            b"HTTP/1.1 200 OK\r\nx-filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n"
                .to_vec(),
        pause: Duration::from_millis(20),
    });
    let client = client_for(&server, RetryPolicy::none());
    let options = CallOptions::new().timeout(Duration::from_millis(300));
    let (result, elapsed) = timed(|| client.send_with(&create_item(), &options));
    let err = result.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(err.status(), None);
    assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
}

#[test]
fn stale_keep_alive_connection_is_not_an_error() {
    // The server answers, then closes the connection without announcing it.
    let server = ScriptedServer::start(|_, _| Reply::then_close(200, OK_BODY));
    let client = client_for(&server, RetryPolicy::none());
    client.send(&create_item()).unwrap();
    assert!(server.wait_closed(1, Duration::from_secs(2)));
    // A POST, without retries: it must go out on a fresh connection.
    client.send(&create_item()).unwrap();
    assert_eq!(server.connections(), 2);
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn connections_are_reused() {
    let server = ScriptedServer::always_json(200, OK_BODY);
    let client = client_for(&server, RetryPolicy::none());
    for _ in 0..20 {
        client.send(&create_item()).unwrap();
        client.send(&get_item()).unwrap();
    }
    assert_eq!(server.requests().len(), 40);
    assert_eq!(server.connections(), 1);
}
