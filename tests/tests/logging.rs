//! The client logs one `debug` line per attempt, and never a secret.

use std::sync::Mutex;

use stytch_endpoints::oauth::Attach;
use stytch_endpoints::{Client, RetryPolicy};
use stytch_local::{self as local, LocalServer};
use stytch_tests::{Reply, ScriptedServer};

static LINES: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target() == "stytch"
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            let line = format!("{} {}", record.level(), record.args());
            LINES.lock().unwrap().push(line);
        }
    }

    fn flush(&self) {}
}

fn take_lines() -> Vec<String> {
    std::mem::take(&mut *LINES.lock().unwrap())
}

// One test function: the logger is global to this test binary.
#[test]
fn one_debug_line_per_attempt_without_secrets() {
    static CAPTURE: Capture = Capture;
    log::set_logger(&CAPTURE).unwrap();
    log::set_max_level(log::LevelFilter::Debug);

    // A successful call: one line with method, path, status, request_id, time.
    let server = LocalServer::start().unwrap();
    let call = Attach::builder()
        .provider("google")
        .session_token(local::DEMO_SESSION_TOKEN)
        .build();
    let answer = server.client().send(&call).unwrap();
    let lines = take_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    let line = &lines[0];
    assert!(
        line.starts_with("DEBUG POST /v1/oauth/attach attempt 1: http 200, request_id "),
        "{line}"
    );
    assert!(line.contains(&answer.request_id), "{line}");
    assert!(line.ends_with(" ms"), "{line}");

    // A retried call: 503, then 200; one line per attempt.
    let flaky = ScriptedServer::start(|i, _| match i {
        0 => Reply::json(
            503,
            r#"{"status_code":503,"request_id":"request-id-test-503","error_type":"unavailable","error_message":"busy"}"#,
        ),
        _ => Reply::json(
            200,
            r#"{"request_id":"request-id-test-ok","oauth_attach_token":"oauth-attach-token-SECRET","status_code":200}"#,
        ),
    });
    let client = Client::builder(server.project_id(), server.secret())
        .base_url(flaky.base_url())
        .retry(RetryPolicy::default().base_delay(std::time::Duration::from_millis(1)))
        .build()
        .unwrap();
    client.send(&call).unwrap();
    let lines = take_lines();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].contains("attempt 1: http 503, request_id request-id-test-503"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("attempt 2: http 200, request_id request-id-test-ok"),
        "{}",
        lines[1]
    );

    // A failed call: the error is logged by kind.
    let refused_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder(server.project_id(), server.secret())
        .base_url(format!("http://127.0.0.1:{refused_port}"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    assert!(client.send(&call).is_err());
    let lines = take_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("attempt 1: failed, Transport"),
        "{}",
        lines[0]
    );

    // Nothing secret in any of it.
    let all = [line.clone()]
        .into_iter()
        .chain(lines)
        .collect::<Vec<_>>()
        .join("\n");
    for secret in [
        server.secret(),
        local::DEMO_SESSION_TOKEN,
        "oauth-attach-token-SECRET",
    ] {
        assert!(!all.contains(secret), "{all}");
    }
}
