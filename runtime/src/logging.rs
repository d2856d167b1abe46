//! One `debug` line per attempt, through the `log` facade.

use std::time::Instant;

use crate::Route;
use crate::exchange::AttemptError;
use crate::redact::Redactor;
use crate::response::RawResponse;

/// The `log` target of every line this crate writes.
pub(crate) const TARGET: &str = "stytch";

/// Logs one attempt: route, attempt number, outcome, `request_id` and time.
/// Costs nothing when `debug` is off for the target.
pub(crate) fn attempt(
    route: Route,
    attempt: u32,
    started: Instant,
    result: &Result<RawResponse, AttemptError>,
    redactor: &Redactor<'_>,
) {
    if !log::log_enabled!(target: TARGET, log::Level::Debug) {
        return;
    }
    let elapsed = started.elapsed();
    let ms = elapsed.as_secs_f64() * 1000.0;
    match result {
        Ok(raw) => {
            // The server's text: it must not echo what the call sent.
            let request_id = request_id(&raw.body).map(|id| redactor.clean(&id).into_owned());
            log::debug!(
                target: TARGET,
                "{route} attempt {attempt}: http {}, request_id {}, {ms:.1} ms",
                raw.status,
                request_id.as_deref().unwrap_or("-"),
            );
        }
        Err(e) => log::debug!(
            target: TARGET,
            "{route} attempt {attempt}: failed, {}, {ms:.1} ms: {}",
            kind(&e.error),
            e.error,
        ),
    }
}

/// The variant name, so a log search can match on it.
fn kind(error: &crate::Error) -> &'static str {
    use crate::Error as E;
    match error {
        E::Api(_) => "Api",
        E::UnexpectedResponse { .. } => "UnexpectedResponse",
        E::Decode { .. } => "Decode",
        E::ResponseTooLarge { .. } => "ResponseTooLarge",
        E::Transport { .. } => "Transport",
        E::Timeout { .. } => "Timeout",
        E::InvalidRequest { .. } => "InvalidRequest",
        E::Config { .. } => "Config",
    }
}

/// The `request_id` of a JSON answer, without decoding the rest.
fn request_id(body: &[u8]) -> Option<String> {
    serde_json::from_slice::<Id>(body)
        .ok()?
        .0
        .map(|id| id.chars().filter(|c| !c.is_control()).take(128).collect())
}

/// The `request_id` member of an object (skipping the others unread).
struct Id(Option<String>);

impl<'de> serde::Deserialize<'de> for Id {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Id, D::Error> {
        struct IdVisitor;
        impl<'de> serde::de::Visitor<'de> for IdVisitor {
            type Value = Id;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Id, A::Error> {
                let mut id = None;
                let index = |key: &str| usize::from(key != "request_id");
                while let Some(i) = map.next_key_seed(crate::decode::Key(index))? {
                    match i {
                        0 => crate::decode::value(&mut map, &mut id, "request_id")?,
                        _ => crate::decode::skip(&mut map)?,
                    }
                }
                Ok(Id(id.flatten()))
            }
        }
        deserializer.deserialize_map(IdVisitor)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::thread::ThreadId;
    use std::time::Duration;

    use super::*;
    use crate::redact::Sent;
    use crate::retry::Failure;
    use crate::{Error, Method, Secret};

    /// Every line written for [`TARGET`], with the thread that wrote it (the
    /// tests of this binary run in parallel).
    static LINES: Mutex<Vec<(ThreadId, String)>> = Mutex::new(Vec::new());

    struct Capture;

    impl log::Log for Capture {
        fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
            metadata.target() == TARGET && metadata.level() <= log::Level::Debug
        }
        fn log(&self, record: &log::Record<'_>) {
            if self.enabled(record.metadata()) {
                let line = (std::thread::current().id(), record.args().to_string());
                LINES.lock().unwrap().push(line);
            }
        }
        fn flush(&self) {}
    }

    static CAPTURE: Capture = Capture;

    /// The lines `f` logs on this thread (taken out of [`LINES`]).
    fn logged(f: impl FnOnce()) -> Vec<String> {
        let _ = log::set_logger(&CAPTURE);
        log::set_max_level(log::LevelFilter::Debug);
        f();
        let me = std::thread::current().id();
        let mut all = LINES.lock().unwrap();
        let (mine, others) = std::mem::take(&mut *all)
            .into_iter()
            .partition(|(id, _)| *id == me);
        *all = others;
        mine.into_iter()
            .map(|(_, line)| line)
            .collect::<Vec<String>>()
    }

    const ROUTE: Route = Route {
        method: Method::Post,
        path: "/v1/sessions/authenticate",
    };

    fn log_one(result: &Result<RawResponse, AttemptError>, ago: Duration) -> String {
        let secret = Secret::new("secret-test-XYZ");
        let redactor = Redactor::new(Sent {
            project_id: "project-test-1",
            secret: &secret,
            url: "http://127.0.0.1:1/v1/sessions/authenticate",
            path_start: "http://127.0.0.1:1".len(),
            template: "/v1/sessions/authenticate",
            body: Some(br#"{"session_token":"token-sent-123"}"#),
        });
        let started = Instant::now().checked_sub(ago).unwrap();
        let lines = logged(|| attempt(ROUTE, 2, started, result, &redactor));
        assert_eq!(lines.len(), 1, "{lines:?}");
        lines.into_iter().next().unwrap()
    }

    fn answer(body: &str) -> Result<RawResponse, AttemptError> {
        Ok(RawResponse {
            status: 200,
            retry_after: None,
            body: body.as_bytes().to_vec(),
        })
    }

    /// The milliseconds a line ends with (`..., 1500.3 ms`).
    fn millis(line: &str) -> f64 {
        let number = line.rsplit(", ").next().unwrap().trim_end_matches(" ms");
        number.parse().unwrap()
    }

    #[test]
    fn an_answer_logs_route_attempt_status_request_id_and_time() {
        let line = log_one(
            &answer(r#"{"status_code":200,"request_id":"request-id-test-1","user":{}}"#),
            Duration::from_millis(1500),
        );
        assert!(
            line.starts_with(
                "POST /v1/sessions/authenticate attempt 2: http 200, request_id request-id-test-1, "
            ),
            "{line}"
        );
        let ms = millis(&line);
        assert!((1500.0..600_000.0).contains(&ms), "{line}");
        // No request id: a dash.
        let line = log_one(&answer("<html>"), Duration::ZERO);
        assert!(line.contains("http 200, request_id -, "), "{line}");
    }

    #[test]
    fn the_request_id_is_one_short_line_without_what_the_call_sent() {
        let line = log_one(
            &answer(r#"{"request_id":"req\nid token-sent-123"}"#),
            Duration::ZERO,
        );
        assert!(line.contains("request_id reqid [redacted], "), "{line}");
        let long = "r".repeat(300);
        let line = log_one(
            &answer(&format!(r#"{{"request_id":"{long}"}}"#)),
            Duration::ZERO,
        );
        assert!(
            line.contains(&format!("request_id {}, ", "r".repeat(128))),
            "{line}"
        );
        // A body that is not an object has no request id; the reader's own
        // error (dropped by `request_id`) says what it wanted.
        assert_eq!(request_id(b"[\"request_id\"]"), None);
        let error = serde_json::from_slice::<Id>(b"[]")
            .err()
            .expect("a list is not an object")
            .to_string();
        assert!(error.contains("expected a JSON object"), "{error}");
    }

    #[test]
    fn a_failure_logs_its_kind_and_error() {
        let failed = Err(AttemptError {
            error: Error::Transport {
                route: ROUTE,
                status: None,
                message: "connection reset".to_owned(),
                before_send: false,
                attempts: 1,
            },
            failure: Failure::MaybeProcessed,
        });
        let line = log_one(&failed, Duration::ZERO);
        assert!(
            line.starts_with("POST /v1/sessions/authenticate attempt 2: failed, Transport, "),
            "{line}"
        );
        assert!(
            line.ends_with(
                "ms: POST /v1/sessions/authenticate: transport error (after 1 attempt): \
                 connection reset"
            ),
            "{line}"
        );
        let kinds: Vec<_> = [
            Error::Config {
                reason: String::new(),
            },
            Error::invalid_request(ROUTE, ""),
            Error::Timeout {
                route: ROUTE,
                status: None,
                after: Duration::ZERO,
                phase: "connect",
                attempts: 1,
            },
        ]
        .iter()
        .map(kind)
        .collect();
        assert_eq!(kinds, ["Config", "InvalidRequest", "Timeout"]);
    }
}
