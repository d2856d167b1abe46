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
    #[derive(serde::Deserialize)]
    struct Id {
        request_id: Option<String>,
    }
    serde_json::from_slice::<Id>(body)
        .ok()?
        .request_id
        .map(|id| id.chars().filter(|c| !c.is_control()).take(128).collect())
}
