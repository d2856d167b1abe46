//! Passwords: set a new password for a logged-in user.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::types::{DeviceInfo, Session, User};
use crate::{Secret, endpoint, one_of};

/// Sets a new password for the user of a live session, named by exactly one
/// of its token or JWT.
#[endpoint(POST "/v1/passwords/session/reset", response = ResetBySessionResponse)]
#[one_of(session_token, session_jwt, name = session)]
pub struct ResetBySession {
    /// The new password.
    password: String,
    /// The session of the user whose password changes.
    session_token: Option<String>,
    /// The same session, by its JWT.
    session_jwt: Option<String>,
    /// Extend the session to this many minutes from now.
    session_duration_minutes: Option<u32>,
    /// Extra claims to put in the session's JWT.
    session_custom_claims: Option<Map<String, Value>>,
    /// The id the fraud and device fingerprinting SDK gave this device.
    telemetry_id: Option<String>,
}

/// The answer to [`ResetBySession`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ResetBySessionResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user whose password changed.
    pub user_id: String,
    /// The user.
    pub user: User,
    /// The session's token.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub session_token: Secret,
    /// A fresh JWT for the session.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub session_jwt: Secret,
    /// The session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Session>,
    /// What device history knows of the device, when it is turned on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_device: Option<DeviceInfo>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}
