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

/// Asserts `line` is `DEBUG <head><number> ms`, the time a decimal with one
/// digit after the point.
fn assert_line(line: &str, head: &str) {
    let rest = line
        .strip_prefix("DEBUG ")
        .and_then(|l| l.strip_prefix(head))
        .and_then(|l| l.strip_suffix(" ms"))
        .unwrap_or_else(|| panic!("{line:?} is not \"DEBUG {head}... ms\""));
    let (whole, tenths) = rest.split_once('.').unwrap_or_else(|| panic!("{line}"));
    assert!(whole.parse::<u64>().is_ok() && tenths.len() == 1, "{line}");
}

// One test function: the logger is global to this test binary.
#[test]
fn one_debug_line_per_attempt_without_secrets() {
    static CAPTURE: Capture = Capture;
    log::set_logger(&CAPTURE).unwrap();
    log::set_max_level(log::LevelFilter::Debug);
    // Every line of every call below, checked for secrets at the end.
    let mut all = Vec::new();

    // A successful call: one line with method, path, status, request_id, time.
    let server = LocalServer::start().unwrap();
    let call = Attach::builder()
        .provider("google")
        .session_token(local::DEMO_SESSION_TOKEN)
        .build();
    let answer = server.client().send(&call).unwrap();
    let attach_token = answer.oauth_attach_token.expose().to_owned();
    assert!(attach_token.starts_with("oauth-attach-token-test-"));
    let lines = take_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_line(
        &lines[0],
        &format!(
            "POST /v1/oauth/attach attempt 1: http 200, request_id {}, ",
            answer.request_id
        ),
    );
    all.extend(lines);

    // A retried call: 503, then 200; one line per attempt. The 503's
    // request id quotes the session token the call sent: it is redacted.
    let echoed = format!(
        r#"{{"status_code":503,"request_id":"request-id-test-503-{}","error_type":"unavailable","error_message":"busy"}}"#,
        local::DEMO_SESSION_TOKEN
    );
    let flaky = ScriptedServer::start(move |i, _| match i {
        0 => Reply::json(503, &echoed),
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
    let answer = client.send(&call).unwrap();
    assert_eq!(
        answer.oauth_attach_token.expose(),
        "oauth-attach-token-SECRET"
    );
    let lines = take_lines();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_line(
        &lines[0],
        "POST /v1/oauth/attach attempt 1: http 503, request_id request-id-test-503-[redacted], ",
    );
    assert_line(
        &lines[1],
        "POST /v1/oauth/attach attempt 2: http 200, request_id request-id-test-ok, ",
    );
    all.extend(lines);

    // A failed call: the error is logged by kind, then its message.
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
    let err = client.send(&call).unwrap_err();
    let lines = take_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    let line = &lines[0];
    assert!(
        line.starts_with("DEBUG POST /v1/oauth/attach attempt 1: failed, Transport, "),
        "{line}"
    );
    assert!(line.contains(" ms: "), "{line}");
    let message = err.to_string();
    let message = message.split(" after ").next().unwrap();
    assert!(line.contains(message), "{line} / {err}");
    all.extend(lines);

    // Nothing secret in any of it: not the project secret, not what the
    // call sent, not what the answers carried.
    assert_eq!(all.len(), 4, "{all:?}");
    let all = all.join("\n");
    for secret in [
        server.secret(),
        local::DEMO_SESSION_TOKEN,
        &attach_token,
        "oauth-attach-token-SECRET",
    ] {
        assert!(!all.contains(secret), "{secret} in {all}");
    }
}
