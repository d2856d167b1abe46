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
