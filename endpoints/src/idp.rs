//! Identity provider: let third-party apps log in with your users, with
//! Stytch as the OAuth 2.0 authorization server.

use serde::{Deserialize, Serialize};

use crate::types::User;
use crate::{Secret, endpoint, one_of};

/// Starts an authorization request from a client app: says whether the
/// user must consent and to which scopes. The user is named by exactly one
/// of `user_id`, `session_token` or `session_jwt`.
#[endpoint(POST "/v1/idp/oauth/authorize/start", response = AuthorizeStartResponse)]
#[one_of(user_id, session_token, session_jwt, name = user)]
pub struct AuthorizeStart {
    /// The client app asking for access.
    client_id: String,
    /// Where the app wants the answer sent; must be registered for it.
    redirect_uri: String,
    /// The OAuth response type, normally `code`.
    response_type: String,
    /// The scopes the app asks for, such as `openid` and `email`.
    scopes: Vec<String>,
    /// The user's id.
    user_id: Option<String>,
    /// A session token of the user.
    session_token: Option<String>,
    /// A session JWT of the user.
    session_jwt: Option<String>,
    /// `consent` to ask for consent even if it was given before.
    prompt: Option<String>,
}

/// The answer to [`AuthorizeStart`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AuthorizeStartResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user being asked.
    pub user_id: String,
    /// The user.
    pub user: User,
    /// The client app, to show on a consent screen.
    pub client: IdpClient,
    /// Whether the user must consent before `Authorize`.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub consent_required: bool,
    /// One entry per scope asked for.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub scope_results: Vec<ScopeResult>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// The client app of an authorization request.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IdpClient {
    /// The app's client id.
    pub client_id: String,
    /// The app's display name.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub client_name: String,
    /// The app's description.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub client_description: String,
    /// `first_party`, `third_party` and so on.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub client_type: String,
    /// The app's logo, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
}

/// Whether one requested scope can be granted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScopeResult {
    /// The scope.
    pub scope: String,
    /// What it gives access to, for a consent screen.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub description: String,
    /// Whether the user may grant it.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub is_grantable: bool,
}

/// Completes an authorization request with the user's consent decision and
/// returns where to send the user next. The user is named by exactly one of
/// `user_id`, `session_token` or `session_jwt`.
#[endpoint(POST "/v1/idp/oauth/authorize", response = AuthorizeResponse)]
#[one_of(user_id, session_token, session_jwt, name = user)]
pub struct Authorize {
    /// Whether the user agreed.
    consent_granted: bool,
    /// The scopes the app asked for.
    scopes: Vec<String>,
    /// The client app asking for access.
    client_id: String,
    /// Where to send the answer; must be registered for the app.
    redirect_uri: String,
    /// The OAuth response type, normally `code`.
    response_type: String,
    /// The user's id.
    user_id: Option<String>,
    /// A session token of the user.
    session_token: Option<String>,
    /// A session JWT of the user.
    session_jwt: Option<String>,
    /// `consent` to ask for consent even if it was given before.
    prompt: Option<String>,
    /// The app's opaque value, echoed in the redirect.
    state: Option<String>,
    /// The OpenID Connect nonce, copied into the ID token.
    nonce: Option<String>,
    /// The PKCE challenge.
    code_challenge: Option<String>,
    /// The resources (audience URLs) the app wants its tokens for.
    resources: Option<Vec<String>>,
}

/// The answer to [`Authorize`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AuthorizeResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// Where to send the user: the app's URI with the code (or the refusal)
    /// in its query string. It carries the code, so it stays out of `Debug`.
    pub redirect_uri: Secret,
    /// The code the app exchanges for tokens; absent when consent was refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_code: Option<Secret>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}
