//! No secret in any log record, at any level, from any crate: a logger
//! takes every record at `trace` for every target while the client makes
//! calls (a plain one, a retried one, one answered with a token, one that
//! fails, one answered with an echo of the request), and every record is
//! searched for the secret, the Basic value and the tokens, both as text
//! and rebuilt from the hex dumps ureq-proto writes.
//!
//! What is left, and why, is pinned down by the last assertion: the tokens
//! of an answer appear only in ureq-proto's dump of the response (see
//! RELIABILITY.md, "Logging").

use std::sync::Mutex;
use std::time::Duration;

use stytch_endpoints::oauth::Attach;
use stytch_endpoints::{Client, RetryPolicy};
use stytch_tests::retry_classes::{PROJECT, SECRET, refused_url};
use stytch_tests::{Reply, ScriptedServer};

/// (target, level, message) of every record.
static RECORDS: Mutex<Vec<(String, String, String)>> = Mutex::new(Vec::new());

struct Everything;

impl log::Log for Everything {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        let entry = (
            record.target().to_owned(),
            record.level().to_string(),
            record.args().to_string(),
        );
        if let Ok(mut all) = RECORDS.lock() {
            all.push(entry);
        }
    }

    fn flush(&self) {}
}

const SENT_TOKEN: &str = "session-token-SENT-mZAYn5aLEqKUlZ_Ad9U";
const RECEIVED_TOKEN: &str = "oauth-attach-token-RECEIVED-4d5e6f7a8b9c";

fn basic() -> String {
    stytch_endpoints::runtime::encode::base64(format!("{PROJECT}:{SECRET}").as_bytes())
}

/// The bytes of ureq-proto's hex dump rows (`6865 6c6c ... hell...`), in
/// order, per target: a value split over rows is whole again here.
fn rebuilt(records: &[(String, String, String)]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for (_, _, message) in records {
        let Some(hex) = message.get(..40) else {
            continue;
        };
        let groups: Vec<&str> = hex.split_whitespace().collect();
        if groups.len() != 8 || !groups.iter().all(|g| g.len() == 4) {
            continue;
        }
        for group in groups {
            for pair in [&group[..2], &group[2..]] {
                if let Ok(b) = u8::from_str_radix(pair, 16) {
                    bytes.push(b);
                }
            }
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn attach() -> Attach {
    Attach::builder()
        .provider("google")
        .session_token(SENT_TOKEN)
        .build()
}

// One test function: the logger is global to this test binary.
#[test]
fn no_record_at_any_level_holds_a_secret() {
    static LOGGER: Everything = Everything;
    log::set_logger(&LOGGER).unwrap();
    log::set_max_level(log::LevelFilter::Trace);

    let answer = format!(
        r#"{{"request_id":"request-id-test-ok","oauth_attach_token":"{RECEIVED_TOKEN}","status_code":200}}"#
    );
    // 503 then 200 with a token: one retried call, answered with a token.
    let server = ScriptedServer::start(move |i, _| match i {
        0 => Reply::json(
            503,
            r#"{"status_code":503,"error_type":"busy","error_message":"busy"}"#,
        ),
        // A hostile answer quoting the request's token as its request id.
        2 => Reply::json(
            400,
            &format!(
                r#"{{"status_code":400,"request_id":"{SENT_TOKEN}","error_type":"x","error_message":"{SENT_TOKEN}"}}"#
            ),
        ),
        _ => Reply::json(200, &answer),
    });
    let client = Client::builder(PROJECT, SECRET)
        .base_url(server.base_url())
        .retry(RetryPolicy::default().base_delay(Duration::from_millis(1)))
        .build()
        .unwrap();
    let got = client.send(&attach()).unwrap();
    assert_eq!(got.oauth_attach_token.expose(), RECEIVED_TOKEN);
    // A call that fails to connect.
    let refused = Client::builder(PROJECT, SECRET)
        .base_url(refused_url())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    assert!(refused.send(&attach()).is_err());
    assert_eq!(server.requests().len(), 2);
    // What the server received is intact: the stand-ins were replaced.
    let first = &server.requests()[0];
    assert_eq!(
        first.header("authorization"),
        Some(format!("Basic {}", basic()).as_str())
    );
    assert!(contains(&first.body, SENT_TOKEN));
    let calls = take();
    // ureq and ureq-proto did log at trace: the search below means something.
    assert!(
        calls
            .iter()
            .any(|r| r.0.starts_with("ureq_proto") && r.1 == "TRACE")
    );
    assert!(calls.iter().any(|r| r.0 == "stytch"));
    assert!(
        contains(&rebuilt(&calls), "POST /v1/oauth/attach HTTP/1.1"),
        "the dump is read back"
    );
    let basic = basic();
    // Nothing the calls sent, anywhere.
    assert_nowhere(&calls, &[SECRET, &basic, SENT_TOKEN]);
    // The received token: never in our records nor ureq's; only in
    // ureq-proto's dump of the answer, which no setting of ureq stops.
    assert_only_in_ureq_proto(&calls, RECEIVED_TOKEN);

    // A hostile answer quoting the request's token (as its request id and
    // message): our records and ureq's do not repeat it; ureq-proto's dump
    // of that answer does, like any answer body.
    assert!(client.send(&attach()).is_err());
    let echo = take();
    assert_nowhere(&echo, &[SECRET, &basic]);
    assert_only_in_ureq_proto(&echo, SENT_TOKEN);
}

fn take() -> Vec<(String, String, String)> {
    std::mem::take(&mut *RECORDS.lock().unwrap())
}

/// None of `secrets` in any record, as text or in a rebuilt hex dump.
fn assert_nowhere(records: &[(String, String, String)], secrets: &[&str]) {
    let text: String = records
        .iter()
        .map(|(target, level, message)| format!("{target} {level} {message}"))
        .collect::<Vec<_>>()
        .join("\n");
    let dumped = rebuilt(records);
    for secret in secrets {
        assert!(!text.contains(secret), "{secret} in a record:\n{text}");
        assert!(!contains(&dumped, secret), "{secret} in a hex dump");
    }
}

/// `value` in no record but ureq-proto's.
fn assert_only_in_ureq_proto(records: &[(String, String, String)], value: &str) {
    let others: Vec<_> = records
        .iter()
        .filter(|r| !r.0.starts_with("ureq_proto"))
        .cloned()
        .collect();
    assert_nowhere(&others, &[value]);
}
