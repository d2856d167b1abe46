//! Impersonation: a support person logs in as a user, with a token made
//! in Stytch's dashboard.

use crate::types::{Session, User};
use crate::{Decode, Encode, Secret, endpoint};

/// Exchanges an impersonation token (made with the dashboard's
/// "Impersonate User" button; it lapses after a few minutes and works
/// once) for a 60-minute session of that user. The session has one
/// factor, of kind `impersonated`, and cannot be extended.
///
/// ```
/// use stytch_endpoints::impersonation::Authenticate;
///
/// let call = Authenticate::builder()
///     .impersonation_token("SeiGwdj5lKkrEVgcEY3QNJXt6srxS3IK2Nwkar6mXD4=")
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/impersonation/authenticate", response = AuthenticateResponse)]
pub struct Authenticate {
    /// The token from the dashboard.
    impersonation_token: String,
}

/// The answer to [`Authenticate`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct AuthenticateResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The impersonated user.
    pub user_id: String,
    /// The impersonated user.
    pub user: User,
    /// The new session's token.
    #[serde(default)]
    pub session_token: Secret,
    /// The new session's JWT.
    #[serde(default)]
    pub session_jwt: Secret,
    /// The new session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Session>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}
