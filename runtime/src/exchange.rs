//! What one attempt carries between the client, the request head and the
//! transport: the request to send, its timeouts, and the failure it can end
//! in.
//!
//! These types live apart from the modules that use them so that those
//! modules do not import one another: `client` fills in an [`Outgoing`],
//! `head` and `transport` read it, and all three (and `logging`) report an
//! [`AttemptError`]. Nothing here talks to ureq.

use std::time::Duration;

use crate::retry::Failure;
use crate::{BodyFormat, Error, Route};

/// Timeouts of one exchange.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Timeouts {
    pub(crate) connect: Duration,
    pub(crate) exchange: Duration,
}

/// What one attempt sends.
pub(crate) struct Outgoing<'a> {
    pub(crate) route: Route,
    pub(crate) url: &'a str,
    pub(crate) body: Option<&'a [u8]>,
    /// How `body` is encoded (its `content-type`).
    pub(crate) body_format: BodyFormat,
    pub(crate) max_body: usize,
    pub(crate) timeouts: Timeouts,
    /// Whether the connect timeout differs from the agent's.
    pub(crate) custom_connect: bool,
}

#[cfg(test)]
impl<'a> Outgoing<'a> {
    /// An attempt for unit tests: a JSON body (when any), a 1 MiB answer
    /// cap, 5 s to connect and 10 s for the exchange, the agent's connect
    /// timeout. Tests that need other values override them.
    pub(crate) fn test(route: Route, url: &'a str, body: Option<&'a [u8]>) -> Outgoing<'a> {
        Outgoing {
            route,
            url,
            body,
            body_format: BodyFormat::Json,
            max_body: 1024 * 1024,
            timeouts: Timeouts {
                connect: Duration::from_secs(5),
                exchange: Duration::from_secs(10),
            },
            custom_connect: false,
        }
    }
}

/// A failed attempt: the error to report and whether it may be retried.
pub(crate) struct AttemptError {
    pub(crate) error: Error,
    pub(crate) failure: Failure,
}
