//! OAuth: tie an OAuth flow to a user who already exists.

use serde::Deserialize;

use crate::{Secret, endpoint, one_of};

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
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct AttachResponse {
    /// Unique id of this API call; quote it when asking Stytch for help.
    pub request_id: String,
    /// The single-use token to pass to the provider's OAuth Start call.
    pub oauth_attach_token: Secret,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}
