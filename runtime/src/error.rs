//! The one error type of the client.

use std::fmt;
use std::time::Duration;

use crate::Route;

/// Everything that can go wrong with a call.
///
/// Every variant that involved the network records how many attempts were
/// made, so a retried failure is visible as such. `Display` is a single line
/// that never contains the project secret, a session token or a JWT: text
/// the server sent (messages, a body prefix, request ids) has every value
/// the call sent replaced by `[redacted]` (the secret, the `Authorization`
/// value, and every string of the body, query and path), and a decode
/// error's reason is built from an allow-list (field path, kind of mismatch,
/// expected type), never from the values in the body.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Stytch (or a server speaking its protocol) answered with an error in
    /// one of its JSON shapes.
    Api(Box<ApiError>),
    /// The server answered with a body that is not a recognisable Stytch
    /// answer: an HTML page from a proxy, an empty 503, a 2xx that is not JSON.
    UnexpectedResponse {
        /// The endpoint called.
        route: Route,
        /// The HTTP status code.
        status: u16,
        /// The `request_id`, when the body is JSON that carries one.
        request_id: Option<String>,
        /// The start of the body, at most [`BODY_PREFIX_LEN`] bytes, made printable.
        body_prefix: String,
        /// How many attempts were made.
        attempts: u32,
    },
    /// A successful (2xx) JSON answer did not fit the endpoint's response type.
    Decode {
        /// The endpoint called.
        route: Route,
        /// The HTTP status code.
        status: u16,
        /// What did not fit, naming the field where serde knows it.
        reason: String,
        /// The `request_id` from the body, when it has one.
        request_id: Option<String>,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The answer was larger than the configured limit; it was not read.
    ResponseTooLarge {
        /// The endpoint called.
        route: Route,
        /// The HTTP status code.
        status: u16,
        /// The limit in bytes.
        limit: usize,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The connection could not be made or broke before a full answer arrived.
    Transport {
        /// The endpoint called.
        route: Route,
        /// The HTTP status, when the status line had arrived before the
        /// connection broke (a reset or a short body).
        status: Option<u16>,
        /// What failed, as one line.
        message: String,
        /// Whether the failure happened before any byte of the request was
        /// sent, so the server cannot have seen it.
        before_send: bool,
        /// How many attempts were made.
        attempts: u32,
    },
    /// A timeout expired: connecting, or the bound on the whole exchange.
    Timeout {
        /// The endpoint called.
        route: Route,
        /// The HTTP status, when the status line had arrived before the
        /// bound expired (a body that came too slowly).
        status: Option<u16>,
        /// The bound that expired.
        after: Duration,
        /// Which phase the timeout hit (`connect`, `exchange`).
        phase: &'static str,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The request breaks a declared rule (or cannot be encoded) and was not
    /// sent.
    InvalidRequest {
        /// The endpoint the request was for.
        route: Route,
        /// Which rule, in words.
        reason: String,
    },
    /// The client configuration is unusable (bad base URL, missing
    /// credentials, a proxy it cannot use). Raised when building the client;
    /// on a call only by a client from [`Client::new`](crate::Client::new)
    /// whose environment names a proxy it cannot use (nothing is sent).
    Config {
        /// What is wrong.
        reason: String,
    },
}

/// How many bytes of an unexpected body [`Error::UnexpectedResponse`] keeps.
pub const BODY_PREFIX_LEN: usize = 256;

/// An error answer from the API, in Stytch's shape or the OAuth2 shape
/// (`error`, `error_description`, `error_uri`), normalised to Stytch's names.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// The endpoint called.
    pub route: Route,
    /// The HTTP status code.
    pub status: u16,
    /// The request id to quote to Stytch support.
    pub request_id: Option<String>,
    /// The machine-readable error, for example `invalid_user_id`.
    pub error_type: String,
    /// The human-readable explanation.
    pub error_message: String,
    /// A link to the documentation of the error.
    pub error_url: Option<String>,
    /// Extra structured detail, when the API sends some.
    pub error_details: Option<serde_json::Value>,
    /// How long the server asked us to wait (`Retry-After`), if it did.
    pub retry_after: Option<Duration>,
    /// How many attempts were made.
    pub attempts: u32,
}

impl Error {
    /// An [`Error::InvalidRequest`] for `route`.
    pub fn invalid_request(route: Route, reason: impl Into<String>) -> Error {
        Error::InvalidRequest {
            route,
            reason: reason.into(),
        }
    }

    /// The HTTP status, when the server's status line arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedResponse { status, .. }
            | Error::Decode { status, .. }
            | Error::ResponseTooLarge { status, .. } => Some(*status),
            Error::Transport { status, .. } | Error::Timeout { status, .. } => *status,
            Error::InvalidRequest { .. } | Error::Config { .. } => None,
        }
    }

    /// The `request_id` the server sent, when there is one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::UnexpectedResponse { request_id, .. } | Error::Decode { request_id, .. } => {
                request_id.as_deref()
            }
            _ => None,
        }
    }

    /// How many attempts were made; `0` when nothing was sent.
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Api(e) => e.attempts,
            Error::UnexpectedResponse { attempts, .. }
            | Error::Decode { attempts, .. }
            | Error::ResponseTooLarge { attempts, .. }
            | Error::Transport { attempts, .. }
            | Error::Timeout { attempts, .. } => *attempts,
            Error::InvalidRequest { .. } | Error::Config { .. } => 0,
        }
    }

    /// The endpoint the error is about, when it is about a call.
    pub fn route(&self) -> Option<Route> {
        match self {
            Error::Api(e) => Some(e.route),
            Error::UnexpectedResponse { route, .. }
            | Error::Decode { route, .. }
            | Error::ResponseTooLarge { route, .. }
            | Error::Transport { route, .. }
            | Error::Timeout { route, .. }
            | Error::InvalidRequest { route, .. } => Some(*route),
            Error::Config { .. } => None,
        }
    }

    pub(crate) fn set_attempts(&mut self, n: u32) {
        match self {
            Error::Api(e) => e.attempts = n,
            Error::UnexpectedResponse { attempts, .. }
            | Error::Decode { attempts, .. }
            | Error::ResponseTooLarge { attempts, .. }
            | Error::Transport { attempts, .. }
            | Error::Timeout { attempts, .. } => *attempts = n,
            Error::InvalidRequest { .. } | Error::Config { .. } => {}
        }
    }
}

struct Attempts(u32);

impl fmt::Display for Attempts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("after 1 attempt"),
            n => write!(f, "after {n} attempts"),
        }
    }
}

struct OptId<'a>(&'a Option<String>);

impl fmt::Display for OptId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(id) => write!(f, ", request_id {}", OneLine(id)),
            None => Ok(()),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => fmt::Display::fmt(e, f),
            Error::UnexpectedResponse {
                route,
                status,
                request_id,
                body_prefix,
                attempts,
            } => write!(
                f,
                "{route}: unexpected response with http status {status}{} ({}): {body_prefix:?}",
                OptId(request_id),
                Attempts(*attempts)
            ),
            Error::Decode {
                route,
                status,
                reason,
                request_id,
                attempts,
            } => write!(
                f,
                "{route}: cannot decode the http {status} response{} ({}): {}",
                OptId(request_id),
                Attempts(*attempts),
                OneLine(reason)
            ),
            Error::ResponseTooLarge {
                route,
                status,
                limit,
                attempts,
            } => write!(
                f,
                "{route}: the http {status} response is larger than the {limit} byte limit ({})",
                Attempts(*attempts)
            ),
            Error::Transport {
                route,
                message,
                attempts,
                ..
            } => write!(
                f,
                "{route}: transport error ({}): {}",
                Attempts(*attempts),
                OneLine(message)
            ),
            Error::Timeout {
                route,
                status,
                after,
                phase,
                attempts,
            } => {
                write!(
                    f,
                    "{route}: {phase} timed out after {} ms",
                    after.as_millis()
                )?;
                if let Some(status) = status {
                    write!(f, " while reading the http {status} body")?;
                }
                write!(f, " ({})", Attempts(*attempts))
            }
            Error::InvalidRequest { route, reason } => {
                write!(f, "{route}: invalid request, not sent: {}", OneLine(reason))
            }
            Error::Config { reason } => {
                write!(f, "invalid client configuration: {}", OneLine(reason))
            }
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: stytch api error {} {}{} ({}): {}",
            self.route,
            self.status,
            OneLine(&self.error_type),
            OptId(&self.request_id),
            Attempts(self.attempts),
            OneLine(&self.error_message)
        )
    }
}

/// Prints a string with control characters (line breaks, escapes) replaced
/// by spaces, so `Display` stays one line whatever the server sent.
struct OneLine<'a>(&'a str);

impl fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in self.0.split(char::is_control).enumerate() {
            if part.0 > 0 {
                f.write_str(" ")?;
            }
            f.write_str(part.1)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}
impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Method;

    const ROUTE: Route = Route {
        method: Method::Post,
        path: "/v1/users/{user_id}",
    };

    fn api(attempts: u32) -> Error {
        Error::Api(Box::new(ApiError {
            route: ROUTE,
            status: 404,
            request_id: Some("request-id-test-1".to_owned()),
            error_type: "user_not_found".to_owned(),
            error_message: "User not\r\nfound.".to_owned(),
            error_url: None,
            error_details: None,
            retry_after: None,
            attempts,
        }))
    }

    /// One error of each variant, each with a status (when it can have
    /// one), a request id (when it can) and 3 attempts.
    fn every_variant() -> Vec<Error> {
        vec![
            api(3),
            Error::UnexpectedResponse {
                route: ROUTE,
                status: 502,
                request_id: Some("request-id-test-2".to_owned()),
                body_prefix: "<html>".to_owned(),
                attempts: 3,
            },
            Error::Decode {
                route: ROUTE,
                status: 200,
                reason: "user_id: invalid type".to_owned(),
                request_id: Some("request-id-test-3".to_owned()),
                attempts: 3,
            },
            Error::ResponseTooLarge {
                route: ROUTE,
                status: 201,
                limit: 1024,
                attempts: 3,
            },
            Error::Transport {
                route: ROUTE,
                status: Some(503),
                message: "connection reset".to_owned(),
                before_send: false,
                attempts: 3,
            },
            Error::Timeout {
                route: ROUTE,
                status: Some(204),
                after: Duration::from_millis(1500),
                phase: "exchange",
                attempts: 3,
            },
            Error::invalid_request(ROUTE, "exactly one of `a`, `b`"),
            Error::Config {
                reason: "no project id".to_owned(),
            },
        ]
    }

    #[test]
    fn the_accessors_read_each_variant() {
        let errors = every_variant();
        let statuses: Vec<_> = errors.iter().map(Error::status).collect();
        assert_eq!(
            statuses,
            [
                Some(404),
                Some(502),
                Some(200),
                Some(201),
                Some(503),
                Some(204),
                None,
                None
            ]
        );
        let ids: Vec<_> = errors.iter().map(Error::request_id).collect();
        assert_eq!(
            ids,
            [
                Some("request-id-test-1"),
                Some("request-id-test-2"),
                Some("request-id-test-3"),
                None,
                None,
                None,
                None,
                None
            ]
        );
        let attempts: Vec<_> = errors.iter().map(Error::attempts).collect();
        assert_eq!(attempts, [3, 3, 3, 3, 3, 3, 0, 0]);
        let routes: Vec<_> = errors.iter().map(Error::route).collect();
        assert_eq!(routes[..7], [Some(ROUTE); 7]);
        assert_eq!(routes[7], None);
        let Error::InvalidRequest { reason, .. } = &errors[6] else {
            panic!("{:?}", errors[6]);
        };
        assert_eq!(reason, "exactly one of `a`, `b`");
    }

    #[test]
    fn set_attempts_changes_every_variant_that_counts_them() {
        let mut errors = every_variant();
        for e in &mut errors {
            e.set_attempts(7);
        }
        let attempts: Vec<_> = errors.iter().map(Error::attempts).collect();
        assert_eq!(attempts, [7, 7, 7, 7, 7, 7, 0, 0]);
    }

    #[test]
    fn display_is_one_line_naming_the_route_status_id_and_attempts() {
        let lines: Vec<String> = every_variant().iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "POST /v1/users/{user_id}: stytch api error 404 user_not_found, request_id \
                 request-id-test-1 (after 3 attempts): User not  found.",
                "POST /v1/users/{user_id}: unexpected response with http status 502, request_id \
                 request-id-test-2 (after 3 attempts): \"<html>\"",
                "POST /v1/users/{user_id}: cannot decode the http 200 response, request_id \
                 request-id-test-3 (after 3 attempts): user_id: invalid type",
                "POST /v1/users/{user_id}: the http 201 response is larger than the 1024 byte \
                 limit (after 3 attempts)",
                "POST /v1/users/{user_id}: transport error (after 3 attempts): connection reset",
                "POST /v1/users/{user_id}: exchange timed out after 1500 ms while reading the \
                 http 204 body (after 3 attempts)",
                "POST /v1/users/{user_id}: invalid request, not sent: exactly one of `a`, `b`",
                "invalid client configuration: no project id",
            ]
        );
        // One attempt is singular; no request id, no status: left out.
        assert_eq!(
            api(1).to_string(),
            "POST /v1/users/{user_id}: stytch api error 404 user_not_found, request_id \
             request-id-test-1 (after 1 attempt): User not  found."
        );
        let timeout = Error::Timeout {
            route: ROUTE,
            status: None,
            after: Duration::from_secs(5),
            phase: "connect",
            attempts: 1,
        };
        assert_eq!(
            timeout.to_string(),
            "POST /v1/users/{user_id}: connect timed out after 5000 ms (after 1 attempt)"
        );
        let Error::Api(mut e) = api(2) else {
            unreachable!()
        };
        e.request_id = None;
        assert_eq!(
            e.to_string(),
            "POST /v1/users/{user_id}: stytch api error 404 user_not_found (after 2 attempts): \
             User not  found."
        );
    }

    #[test]
    fn server_text_cannot_break_the_line() {
        let one_line = |s: &str| OneLine(s).to_string();
        assert_eq!(one_line("a\nb\r\nc\u{1b}[31md"), "a b  c [31md");
        assert_eq!(one_line("\nstarts"), " starts");
        assert_eq!(one_line("ends\n"), "ends ");
        assert_eq!(one_line("plain"), "plain");
        assert_eq!(one_line(""), "");
    }
}
