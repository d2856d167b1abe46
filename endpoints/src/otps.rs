//! One-time passcodes: log users in with a code sent by SMS, WhatsApp or
//! email.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::types::{Attributes, AuthenticateOptions, DeviceInfo, Session, User};
use crate::{Secret, at_most_one_of, endpoint};

/// Checks a one-time passcode. Pass at most one of an existing session's
/// token or JWT to add the factor to it; pass a duration to start a session.
///
/// Stytch states no rule for `session_token` and `session_jwt` here; this
/// declaration allows at most one (`#[at_most_one_of]`), since two could
/// name different sessions.
#[endpoint(POST "/v1/otps/authenticate", response = AuthenticateResponse)]
#[at_most_one_of(session_token, session_jwt, name = session)]
pub struct Authenticate {
    /// The id of the email or phone the code was sent to.
    method_id: String,
    /// The code the user typed.
    code: String,
    /// The end user's device, to check against `options`.
    attributes: Option<Attributes>,
    /// What must match the device the code was requested from.
    options: Option<AuthenticateOptions>,
    /// An existing session to add the factor to.
    session_token: Option<String>,
    /// Start or extend a session lasting this many minutes.
    session_duration_minutes: Option<u32>,
    /// An existing session to add the factor to, by its JWT.
    session_jwt: Option<String>,
    /// Extra claims to put in the session's JWT.
    session_custom_claims: Option<Map<String, Value>>,
    /// The id the fraud and device fingerprinting SDK gave this device.
    telemetry_id: Option<String>,
}

/// The answer to [`Authenticate`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
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
    /// The user.
    pub user: User,
    /// Whether the user's other sessions were ended.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub reset_sessions: bool,
    /// The session, when one was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Session>,
    /// What device history knows of the device, when it is turned on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_device: Option<DeviceInfo>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}
