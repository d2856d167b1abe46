//! The server writes one log line per request (target `stytch_local`): the
//! method, the route template, the status and the error type; never the
//! credentials, a token, a filled-in path or a body.

use std::sync::Mutex;

use stytch_endpoints::{oauth, sessions};
use stytch_local::{DEMO_SESSION_TOKEN, DEMO_USER_ID, LocalServer};

struct Capture(Mutex<Vec<String>>);

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        if record.target() == "stytch_local" {
            if let Ok(mut lines) = self.0.lock() {
                lines.push(record.args().to_string());
            }
        }
    }
    fn flush(&self) {}
}

static CAPTURE: Capture = Capture(Mutex::new(Vec::new()));

#[test]
fn one_line_per_request_and_no_secret() {
    log::set_logger(&CAPTURE).expect("the only logger of this test binary");
    log::set_max_level(log::LevelFilter::Trace);
    let server = LocalServer::start().expect("local server");
    let client = server.client();
    sessions::Authenticate::builder()
        .session_token(DEMO_SESSION_TOKEN)
        .send(&client)
        .expect("the demo session is live");
    let unknown = oauth::Attach::builder()
        .provider("google")
        .user_id("user-test-not-there")
        .send(&client);
    assert!(unknown.is_err());
    drop(server);

    let lines = CAPTURE.0.lock().expect("captured lines").clone();
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(
        lines[0].starts_with("POST /v1/sessions/authenticate -> 200 ("),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("POST /v1/oauth/attach -> 404 user_not_found ("),
        "{}",
        lines[1]
    );
    let all = lines.join("\n");
    for secret in [
        DEMO_SESSION_TOKEN,
        stytch_local::DEFAULT_SECRET,
        "user-test-not-there",
        DEMO_USER_ID,
        "Basic ",
    ] {
        assert!(!all.contains(secret), "{secret} appears in the log: {all}");
    }
}
