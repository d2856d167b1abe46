//! OAuth: finish a login through an OAuth provider, and tie an OAuth flow
//! to a user who already exists.

use serde_json::{Map, Value};

use crate::types::{DeviceInfo, Session, User};
use crate::{Decode, Encode, Secret, at_most_one_of, endpoint, one_of};

/// Creates an OAuth attach token for an existing user.
///
/// Hand the returned token to the same provider's OAuth Start call: the OAuth
/// flow then logs that user in instead of creating a new one. Useful when the
/// provider gives Stytch nothing it can match the user on, such as a missing
/// or unverified email address. The user is named by exactly one of
/// `user_id`, `session_token` or `session_jwt`.
///
/// ```no_run
/// use stytch_endpoints::{Client, oauth::Attach};
///
/// # fn main() -> Result<(), stytch_endpoints::Error> {
/// let client = Client::from_env()?;
/// let answer = Attach::builder()
///     .provider("google")
///     .user_id("user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6")
///     .send(&client)?;
/// println!("attach token for request {}", answer.request_id);
/// # Ok(()) }
/// ```
#[endpoint(POST "/v1/oauth/attach", response = AttachResponse)]
#[one_of(user_id, session_token, session_jwt, name = user)]
pub struct Attach {
    /// The OAuth provider, for example `google` or `microsoft`.
    provider: String,
    /// The user's id, or their `external_id` when one is set.
    user_id: Option<String>,
    /// A session token of one of the user's current sessions.
    session_token: Option<String>,
    /// A session JWT of one of the user's current sessions.
    session_jwt: Option<String>,
}

/// The answer to [`Attach`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct AttachResponse {
    /// Unique id of this API call; quote it when asking Stytch for help.
    pub request_id: String,
    /// The single-use token to pass to the provider's OAuth Start call.
    pub oauth_attach_token: Secret,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Exchanges the token from an OAuth redirect for the user and, when asked,
/// a session. Pass at most one of an existing session's token or JWT to add
/// the OAuth factor to that session instead of starting a new one.
#[endpoint(POST "/v1/oauth/authenticate", response = AuthenticateResponse)]
#[at_most_one_of(session_token, session_jwt, name = session)]
pub struct Authenticate {
    /// The token from the redirect URL's query string.
    token: String,
    /// An existing session to add the factor to.
    session_token: Option<String>,
    /// Start or extend a session lasting this many minutes.
    session_duration_minutes: Option<u32>,
    /// An existing session to add the factor to, by its JWT.
    session_jwt: Option<String>,
    /// Extra claims to put in the session's JWT.
    session_custom_claims: Option<Map<String, Value>>,
    /// The PKCE verifier, when the flow started with a challenge.
    code_verifier: Option<String>,
    /// The id the fraud and device fingerprinting SDK gave this device.
    telemetry_id: Option<String>,
}

/// The answer to [`Authenticate`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct AuthenticateResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user who logged in.
    pub user_id: String,
    /// The user's id at the provider.
    #[serde(default)]
    pub provider_subject: String,
    /// The provider, such as `Google`.
    #[serde(default)]
    pub provider_type: String,
    /// The session's token; empty when no session was asked for.
    #[serde(default)]
    pub session_token: Secret,
    /// The session's JWT; empty when no session was asked for.
    #[serde(default)]
    pub session_jwt: Secret,
    /// The provider's tokens for this user.
    pub provider_values: ProviderValues,
    /// The user.
    pub user: User,
    /// Whether the user's other sessions were ended.
    #[serde(default)]
    pub reset_sessions: bool,
    /// The id of the link between the user and the provider account.
    pub oauth_user_registration_id: String,
    /// The session, when one was asked for. Unlike the other login answers,
    /// this one names it `user_session` on the wire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_session: Option<Session>,
    /// What device history knows of the device, when it is turned on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_device: Option<DeviceInfo>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Tokens the OAuth provider issued, to call its API as the user.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct ProviderValues {
    /// The provider's access token.
    #[serde(default)]
    pub access_token: Secret,
    /// The provider's refresh token; empty when it issued none.
    #[serde(default)]
    pub refresh_token: Secret,
    /// The OpenID Connect ID token; empty when the provider issued none.
    #[serde(default)]
    pub id_token: Secret,
    /// The scopes the user granted.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// When the access token expires, in RFC 3339 form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}
