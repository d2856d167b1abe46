//! Sessions: check, list and end a user's login sessions, and fetch the
//! keys that sign session JWTs.
//!
//! [`JwtVerifier`] checks session JWTs locally with those keys, and asks
//! [`Authenticate`] only when the local check cannot decide.

use serde_json::{Map, Value};

use crate::types::{DeviceInfo, Session, User};
use crate::{Decode, Encode, Secret, at_most_one_of, endpoint, one_of};

mod jwt;

pub use jwt::{
    CheckedBy, Clock, JwtError, JwtOptions, JwtSession, JwtVerifier, SESSION_CLAIM, SessionClaim,
    SystemClock,
};
pub(crate) use jwt::{VerifierCore, fetch_keys};

/// Checks that a session is still live, optionally extending it or adding
/// claims to its JWT. Name the session by exactly one of its token or JWT.
#[endpoint(POST "/v1/sessions/authenticate", response = AuthenticateResponse)]
#[one_of(session_token, session_jwt, name = session)]
pub struct Authenticate {
    /// The session's opaque token.
    session_token: Option<String>,
    /// Moves the expiry to this many minutes from now.
    session_duration_minutes: Option<u32>,
    /// The session's JWT.
    session_jwt: Option<String>,
    /// Extra claims to put in the session's JWT from now on.
    session_custom_claims: Option<Map<String, Value>>,
    /// Also ask whether the session's user may perform an action on a
    /// resource (role-based access control); the answer is in `verdict`.
    authorization_check: Option<AuthorizationCheck>,
}

/// An action on a resource to check the session's roles against.
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode)]
#[non_exhaustive]
pub struct AuthorizationCheck {
    /// The resource, as defined in the project's RBAC policy.
    pub resource_id: String,
    /// The action on it, such as `read`.
    pub action: String,
}

impl AuthorizationCheck {
    /// The check of `action` on `resource_id`.
    pub fn new(resource_id: impl Into<String>, action: impl Into<String>) -> AuthorizationCheck {
        AuthorizationCheck {
            resource_id: resource_id.into(),
            action: action.into(),
        }
    }
}

/// The answer to [`Authenticate`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct AuthenticateResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The session, with its current expiry.
    pub session: Session,
    /// The session's token (unchanged).
    pub session_token: Secret,
    /// A fresh JWT for the session.
    pub session_jwt: Secret,
    /// The session's user.
    pub user: User,
    /// The result of the `authorization_check`, when one was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<AuthorizationVerdict>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Whether the session's user may perform the checked action.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct AuthorizationVerdict {
    /// Whether the action is allowed.
    #[serde(default)]
    pub authorized: bool,
    /// The user's roles that allow it.
    #[serde(default)]
    pub granting_roles: Vec<String>,
}

/// Ends a session now. Name it by exactly one of its id, token or JWT.
#[endpoint(POST "/v1/sessions/revoke", response = RevokeResponse)]
#[one_of(session_id, session_token, session_jwt, name = session)]
pub struct Revoke {
    /// The session's id.
    session_id: Option<String>,
    /// The session's opaque token.
    session_token: Option<String>,
    /// The session's JWT.
    session_jwt: Option<String>,
}

/// The answer to [`Revoke`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct RevokeResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Lists the live sessions of a user.
#[endpoint(GET "/v1/sessions", response = ListResponse)]
pub struct List {
    /// The user whose sessions to list.
    user_id: String,
}

/// The answer to [`List`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct ListResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user's live sessions.
    #[serde(default)]
    pub sessions: Vec<Session>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Fetches the public keys that verify the project's session JWTs.
#[endpoint(GET "/v1/sessions/jwks/{project_id}", response = GetJwksResponse)]
pub struct GetJwks {
    /// The project whose keys to fetch.
    project_id: String,
}

/// The answer to [`GetJwks`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct GetJwksResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The signing keys, current and recent.
    #[serde(default)]
    pub keys: Vec<Jwk>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// One public key in JWK form (RFC 7517).
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct Jwk {
    /// Key type, such as `RSA`.
    #[serde(default)]
    pub kty: String,
    /// What the key is for, such as `sig`.
    #[serde(rename = "use", default)]
    pub key_use: String,
    /// The operations the key may be used for, such as `verify`.
    #[serde(default)]
    pub key_ops: Vec<String>,
    /// Signing algorithm, such as `RS256`.
    #[serde(default)]
    pub alg: String,
    /// Key id, matched against a JWT's `kid` header.
    #[serde(default)]
    pub kid: String,
    /// Certificate chain, base64.
    #[serde(default)]
    pub x5c: Vec<String>,
    /// SHA-256 thumbprint of the first certificate, base64url. The SDK's
    /// model names it `x5tS256`; RFC 7517 spells it `x5t#S256`, which is
    /// read too.
    #[serde(rename = "x5tS256", alias = "x5t#S256", default)]
    pub x5t_s256: String,
    /// RSA modulus, base64url.
    #[serde(default)]
    pub n: String,
    /// RSA public exponent, base64url.
    #[serde(default)]
    pub e: String,
}

/// Turns a session of another identity provider into a Stytch session.
/// Stytch sends `session_token` to the UserInfo endpoint set in the
/// project's settings, and logs in the existing user whose email address
/// that endpoint returns (the user must exist beforehand).
///
/// ```
/// use stytch_endpoints::sessions::Migrate;
///
/// # let foreign_token = String::from("eyJhbGciOiJSUzI1NiJ9.e30.sig");
/// let call = Migrate::builder()
///     .session_token(foreign_token)
///     .session_duration_minutes(60u32)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/sessions/migrate", response = MigrateResponse)]
pub struct Migrate {
    /// The other provider's session or access token, passed to its
    /// UserInfo endpoint.
    session_token: String,
    /// How long the new session lasts, in minutes.
    session_duration_minutes: Option<u32>,
    /// Extra claims to put in the session's JWT.
    session_custom_claims: Option<Map<String, Value>>,
    /// The id the fraud and device fingerprinting SDK gave this device.
    telemetry_id: Option<String>,
}

/// A session that a call started or extended for a user: the answer of
/// [`Migrate`], [`ExchangeAccessToken`] and [`Attest`], and of the password
/// logins and resets (`passwords::Authenticate`, `ResetByEmail`,
/// `ResetByExistingPassword`, `ResetBySession`), which Stytch shapes alike.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct LoginResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user who logged in.
    pub user_id: String,
    /// The session's token.
    #[serde(default)]
    pub session_token: Secret,
    /// The session's JWT.
    #[serde(default)]
    pub session_jwt: Secret,
    /// The user.
    pub user: User,
    /// The session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Session>,
    /// What device history knows of the device, when it is turned on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_device: Option<DeviceInfo>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// The answer to [`Migrate`].
pub type MigrateResponse = LoginResponse;

/// Exchanges a connected app's access token for a Stytch session of the
/// user it was issued to. The token must carry the `full_access` scope,
/// be at most five minutes old, and works once.
///
/// ```
/// use stytch_endpoints::sessions::ExchangeAccessToken;
///
/// # let access_token = String::from("eyJhbGciOiJSUzI1NiJ9.e30.sig");
/// let call = ExchangeAccessToken::builder()
///     .access_token(access_token)
///     .session_duration_minutes(60u32)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/sessions/exchange_access_token", response = ExchangeAccessTokenResponse)]
pub struct ExchangeAccessToken {
    /// The connected app's access token.
    access_token: String,
    /// How long the new session lasts, in minutes.
    session_duration_minutes: Option<u32>,
    /// Extra claims to put in the session's JWT.
    session_custom_claims: Option<Map<String, Value>>,
    /// The id the fraud and device fingerprinting SDK gave this device.
    telemetry_id: Option<String>,
}

/// The answer to [`ExchangeAccessToken`].
pub type ExchangeAccessTokenResponse = LoginResponse;

/// Exchanges a token from a trusted identity provider (checked against a
/// trusted auth token profile set up in the dashboard) for a session, or
/// adds it as a factor to the session named by its token or JWT.
///
/// Stytch states no rule for `session_token` and `session_jwt` here; this
/// declaration allows at most one (`#[at_most_one_of]`), since two could
/// name different sessions. Setting both does not compile: "`Attest`
/// takes at most one of `session_token` or `session_jwt`, and one is
/// already set".
///
/// ```
/// use stytch_endpoints::sessions::Attest;
///
/// # let trusted_token = String::from("eyJhbGciOiJSUzI1NiJ9.e30.sig");
/// let call = Attest::builder()
///     .profile_id("trusted-auth-token-profile-test-1")
///     .token(trusted_token)
///     .session_duration_minutes(60u32)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/sessions/attest", response = AttestResponse)]
#[at_most_one_of(session_token, session_jwt, name = session)]
pub struct Attest {
    /// The trusted auth token profile to check the token with.
    profile_id: String,
    /// The token the trusted provider issued.
    token: String,
    /// Start or extend a session lasting this many minutes.
    session_duration_minutes: Option<u32>,
    /// Extra claims to put in the session's JWT.
    session_custom_claims: Option<Map<String, Value>>,
    /// An existing session to add the factor to.
    session_token: Option<String>,
    /// An existing session to add the factor to, by its JWT.
    session_jwt: Option<String>,
    /// The id the fraud and device fingerprinting SDK gave this device.
    telemetry_id: Option<String>,
}

/// The answer to [`Attest`].
pub type AttestResponse = LoginResponse;
