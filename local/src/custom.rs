//! Routes a test adds to its own server: endpoints declared outside this
//! crate, or a built-in endpoint answered differently.

use std::borrow::Cow;
use std::fmt;

use serde_json::Value;
use stytch_endpoints::{Endpoint, Error, FromFields, Route};

use crate::decode::RequestParts;
use crate::routes::Entry;

/// An error a route answers with, sent in Stytch's JSON error shape
/// (`status_code`, `request_id`, `error_type`, `error_message`, `error_url`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalError {
    /// The HTTP status, for example `404`.
    pub status: u16,
    /// Stytch's machine-readable error name, for example `user_not_found`.
    pub error_type: Cow<'static, str>,
    /// The human-readable explanation.
    pub message: String,
}

impl LocalError {
    /// An error with this status, type and message.
    pub fn new(
        status: u16,
        error_type: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> LocalError {
        LocalError {
            status,
            error_type: error_type.into(),
            message: message.into(),
        }
    }
}

/// The routes added with [`crate::LocalServerConfig::route`]. They are tried
/// before the built-in ones.
#[derive(Clone, Default)]
pub struct LocalRoutes {
    pub(crate) entries: Vec<Entry>,
}

impl fmt::Debug for LocalRoutes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.entries.iter().map(|e| e.route.to_string()))
            .finish()
    }
}

impl LocalRoutes {
    /// Adds a route for endpoint `E`. Requests are decoded and checked with
    /// `E`'s own declaration before `handler` sees them; a request that breaks
    /// a rule gets a 400 `invalid_request`.
    pub(crate) fn add<E, F>(&mut self, handler: F)
    where
        E: Endpoint + FromFields<RequestParts> + 'static,
        F: Fn(E) -> Result<Value, LocalError> + Send + Sync + 'static,
    {
        self.entries.push(Entry::new::<E, _>(move |_state, params| {
            match handler(params)? {
                Value::Object(map) => Ok(map),
                _ => Err(LocalError::new(
                    500,
                    "internal_server_error",
                    format!(
                        "the test's handler for {} must answer a JSON object",
                        Route::of::<E>()
                    ),
                )),
            }
        }));
    }
}

/// A decoding or rule error, as the 400 Stytch would answer.
pub(crate) fn invalid(err: Error) -> LocalError {
    match err {
        Error::InvalidRequest { reason, .. } => LocalError::new(400, "invalid_request", reason),
        other => LocalError::new(400, "invalid_request", other.to_string()),
    }
}
