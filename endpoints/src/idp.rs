//! Identity provider: let third-party apps log in with your users, with
//! Stytch as the OAuth 2.0 authorization server, and ask it whether a token
//! is live ([`IntrospectToken`]).

use crate::types::User;
use crate::{Decode, Encode, Secret, endpoint, one_of};

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
#[derive(Debug, Clone, Default, Encode, Decode)]
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
    #[serde(default)]
    pub consent_required: bool,
    /// One entry per scope asked for.
    #[serde(default)]
    pub scope_results: Vec<ScopeResult>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// The client app of an authorization request.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct IdpClient {
    /// The app's client id.
    pub client_id: String,
    /// The app's display name.
    #[serde(default)]
    pub client_name: String,
    /// The app's description.
    #[serde(default)]
    pub client_description: String,
    /// `first_party`, `third_party` and so on.
    #[serde(default)]
    pub client_type: String,
    /// The app's logo, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
}

/// Whether one requested scope can be granted.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct ScopeResult {
    /// The scope.
    pub scope: String,
    /// What it gives access to, for a consent screen.
    #[serde(default)]
    pub description: String,
    /// Whether the user may grant it.
    #[serde(default)]
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
#[derive(Debug, Clone, Default, Encode, Decode)]
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

/// Asks Stytch whether an access token (or refresh token) is live, and for
/// its claims: token introspection, RFC 7662. A token that is unknown,
/// expired, revoked or malformed is not an error: the answer says
/// `active: false` and carries no claims.
///
/// Like the token endpoint, this call is authenticated by a client of the
/// project (its `client_id`, and its `client_secret` for a confidential
/// client), not by the project's secret. The body is form-encoded
/// (`application/x-www-form-urlencoded`), as RFC 7662 says, and the project
/// id in the path is the client's own.
///
/// The official SDKs also take an `authorization_check` here, which they
/// apply themselves to the answer's scopes against the project's RBAC
/// policy; it is never sent, so it is not a field of this call.
///
/// ```no_run
/// use stytch_endpoints::idp::IntrospectToken;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let client = stytch_endpoints::Client::from_env()?;
/// # let bearer = String::new();
/// let answer = IntrospectToken::builder()
///     .token(bearer)
///     .client_id("connected-app-test-d731954d-dab3-4a2b-bdee-07f3ad1be888")
///     .client_secret(std::env::var("CLIENT_SECRET")?)
///     .token_type_hint("access_token")
///     .send(&client)?;
/// if answer.active {
///     println!("issued to {:?} for {:?}", answer.sub, answer.scope);
/// }
/// # Ok(()) }
/// ```
#[endpoint(POST "/v1/public/{project_id}/oauth2/introspect", response = IntrospectTokenResponse, body = form)]
pub struct IntrospectToken {
    /// The token to look at.
    token: String,
    /// The client asking.
    client_id: String,
    /// That client's secret, for a confidential client.
    client_secret: Option<String>,
    /// `access_token` or `refresh_token`: where to look first. Stytch
    /// assumes `access_token` when it is not given.
    token_type_hint: Option<String>,
}

/// The answer to [`IntrospectToken`]. Only `active` is sure to be set: the
/// claims come with a live token only.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct IntrospectTokenResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// Whether the token is live. When `false`, nothing else is said.
    pub active: bool,
    /// Whom the token stands for: a user, or the M2M client it was issued
    /// to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// The scopes the token grants, separated by spaces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Whom the token is meant for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aud: Option<Vec<String>>,
    /// When the token expires, in seconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exp: Option<i64>,
    /// When the token was issued, in seconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    /// Who issued the token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// When the token starts being valid, in seconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    /// `access_token` or `refresh_token`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}
