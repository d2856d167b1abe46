//! One-time passcodes: log users in with a code sent by SMS, WhatsApp or
//! email.

use serde::Deserialize;

use crate::types::{Session, User};
use crate::{Secret, at_most_one_of, endpoint};

/// Checks a one-time passcode. Pass at most one of an existing session's
/// token or JWT to add the factor to it; pass a duration to start a session.
#[endpoint(POST "/v1/otps/authenticate", response = AuthenticateResponse)]
#[at_most_one_of(session_token, session_jwt, name = session)]
pub struct Authenticate {
    /// The id of the email or phone the code was sent to.
    method_id: String,
    /// The code the user typed.
    #[param(secret)]
    code: String,
    /// An existing session to add the factor to.
    session_token: Option<String>,
    /// An existing session to add the factor to, by its JWT.
    session_jwt: Option<String>,
    /// Start or extend a session lasting this many minutes.
    session_duration_minutes: Option<u32>,
}

/// The answer to [`Authenticate`].
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct AuthenticateResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user who logged in.
    pub user_id: String,
    /// The factor the code was for.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub method_id: String,
    /// The session's token; empty when no session was asked for.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub session_token: Secret,
    /// The session's JWT; empty when no session was asked for.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub session_jwt: Secret,
    /// The session, when one was asked for.
    #[serde(default)]
    pub session: Option<Session>,
    /// The user.
    pub user: User,
    /// Whether the user's other sessions were ended.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub reset_sessions: bool,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}
