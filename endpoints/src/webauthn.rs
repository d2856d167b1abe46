//! Passkeys and security keys (WebAuthn): register one for a user, log in
//! with it, rename it and list its public keys.
//!
//! Each ceremony takes two calls. [`RegisterStart`] answers with the
//! options for the browser's `navigator.credentials.create()` (a JSON
//! string, `public_key_credential_creation_options`); the browser's answer,
//! serialised as JSON, goes back in [`Register`]'s
//! `public_key_credential`. Logging in works the same way with
//! [`AuthenticateStart`] (options for `navigator.credentials.get()`) and
//! [`Authenticate`]. Set `use_base64_url_encoding` on the start calls when
//! the browser's own methods consume the options: binary values then come
//! base64url-encoded, which is what those methods expect.
//!
//! Stytch checks the browser's answers; this crate only carries them. The
//! local server of `stytch-local` checks them too: the shape of the
//! credential, the challenge it issued (each usable once, for five
//! minutes), the origin and the relying party's hash, the user-present
//! flag, and, at login, the ECDSA P-256 (ES256) signature with the public
//! key it took from the registration (attestation format `none` only) and
//! a sign count that must grow. Its module docs list what it leaves out.

use serde_json::{Map, Value};

use crate::types::{DeviceInfo, Session, User, WebAuthnRegistration};
use crate::{Decode, Encode, Secret, at_most_one_of, endpoint};

/// Starts registering a passkey or security key for a user: the answer
/// carries the options the browser passes to
/// `navigator.credentials.create()`, with a fresh challenge.
///
/// ```
/// use stytch_endpoints::webauthn::RegisterStart;
///
/// let call = RegisterStart::builder()
///     .user_id("user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6")
///     .domain("example.com")
///     .return_passkey_credential_options(true)
///     .use_base64_url_encoding(true)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/webauthn/register/start", response = RegisterStartResponse)]
pub struct RegisterStart {
    /// The active user the new credential belongs to (their `user_id`, or
    /// the `external_id` you gave them).
    user_id: String,
    /// The relying party's domain, such as the page's host name.
    domain: String,
    /// The browser's user agent, recorded with the registration.
    user_agent: Option<String>,
    /// `platform` (built into the device) or `cross-platform` (a security
    /// key); both are allowed when unset.
    authenticator_type: Option<String>,
    /// Ask for options suited to passkeys: a discoverable credential
    /// (`residentKey` required) and user verification preferred.
    return_passkey_credential_options: Option<bool>,
    /// Replaces the user handle (`user.id`) in the options.
    override_id: Option<String>,
    /// Replaces the account name (`user.name`) in the options.
    override_name: Option<String>,
    /// Replaces the name shown to the user (`user.displayName`).
    override_display_name: Option<String>,
    /// Encode binary values of the options as base64url, as the browser's
    /// methods expect.
    use_base64_url_encoding: Option<bool>,
}

/// The answer to [`RegisterStart`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct RegisterStartResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user the registration is for.
    pub user_id: String,
    /// WebAuthn's `PublicKeyCredentialCreationOptions` as JSON text, for
    /// `navigator.credentials.create({ publicKey: ... })`.
    pub public_key_credential_creation_options: String,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Completes a registration with the browser's answer to
/// `navigator.credentials.create()`, serialised as JSON. The new
/// registration appears in the user's `webauthn_registrations`. With a
/// session's token or JWT, the factor is added to that session; with a
/// duration, a session starts.
///
/// Stytch states no rule for `session_token` and `session_jwt` here; this
/// declaration allows at most one (`#[at_most_one_of]`), since two could
/// name different sessions. Setting both does not compile:
/// "`Register` takes at most one of `session_token` or `session_jwt`, and
/// one is already set".
///
/// `public_key_credential` is redacted in `Debug`: it proves possession
/// of the key for as long as its challenge is open.
///
/// ```
/// use stytch_endpoints::webauthn::Register;
///
/// # let credential_json = String::from("{\"id\":\"...\",\"type\":\"public-key\"}");
/// let call = Register::builder()
///     .user_id("user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6")
///     .public_key_credential(credential_json)
///     .session_duration_minutes(60u32)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/webauthn/register", response = RegisterResponse)]
#[at_most_one_of(session_token, session_jwt, name = session)]
pub struct Register {
    /// The user the credential belongs to (as in [`RegisterStart`]).
    user_id: String,
    /// The browser's `PublicKeyCredential`, as JSON text.
    #[param(secret)]
    public_key_credential: String,
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

/// The answer to [`Register`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct RegisterResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user the credential belongs to.
    pub user_id: String,
    /// The new registration's id.
    pub webauthn_registration_id: String,
    /// The session's token; empty when no session was asked for.
    #[serde(default)]
    pub session_token: Secret,
    /// The session's JWT; empty when no session was asked for.
    #[serde(default)]
    pub session_jwt: Secret,
    /// The user, with the new registration.
    pub user: User,
    /// The session, when one was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Session>,
    /// What device history knows of the device, when it is turned on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_device: Option<DeviceInfo>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Starts a login with a passkey or security key: the answer carries the
/// options the browser passes to `navigator.credentials.get()`, with a
/// fresh challenge. With a `user_id`, the options list that user's
/// credentials for the domain; without one, any discoverable credential
/// (passkey) of the domain may answer.
///
/// ```
/// use stytch_endpoints::webauthn::AuthenticateStart;
///
/// let call = AuthenticateStart::builder()
///     .domain("example.com")
///     .user_id("user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6")
///     .use_base64_url_encoding(true)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/webauthn/authenticate/start", response = AuthenticateStartResponse)]
pub struct AuthenticateStart {
    /// The relying party's domain the credential was registered for.
    domain: String,
    /// The user who is logging in, when known.
    user_id: Option<String>,
    /// Ask for options suited to passkeys (user verification preferred).
    return_passkey_credential_options: Option<bool>,
    /// Encode binary values of the options as base64url, as the browser's
    /// methods expect.
    use_base64_url_encoding: Option<bool>,
}

/// The answer to [`AuthenticateStart`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct AuthenticateStartResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user named in the request (empty when none was).
    pub user_id: String,
    /// WebAuthn's `PublicKeyCredentialRequestOptions` as JSON text, for
    /// `navigator.credentials.get({ publicKey: ... })`.
    pub public_key_credential_request_options: String,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Completes a login with the browser's answer to
/// `navigator.credentials.get()`, serialised as JSON. Sessions work as in
/// [`Register`], with the same chosen rule: at most one of
/// `session_token` and `session_jwt` (Stytch states none). Setting both
/// does not compile: "`Authenticate` takes at most one of `session_token`
/// or `session_jwt`, and one is already set".
///
/// ```
/// use stytch_endpoints::webauthn::Authenticate;
///
/// # let assertion_json = String::from("{\"id\":\"...\",\"type\":\"public-key\"}");
/// let call = Authenticate::builder()
///     .public_key_credential(assertion_json)
///     .session_duration_minutes(60u32)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/webauthn/authenticate", response = AuthenticateResponse)]
#[at_most_one_of(session_token, session_jwt, name = session)]
pub struct Authenticate {
    /// The browser's `PublicKeyCredential` (an assertion), as JSON text.
    #[param(secret)]
    public_key_credential: String,
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
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct AuthenticateResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user who logged in.
    pub user_id: String,
    /// The registration whose key signed the assertion.
    pub webauthn_registration_id: String,
    /// The session's token; empty when no session was asked for.
    #[serde(default)]
    pub session_token: Secret,
    /// The session's JWT; empty when no session was asked for.
    #[serde(default)]
    pub session_jwt: Secret,
    /// The user.
    pub user: User,
    /// The session, when one was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Session>,
    /// What device history knows of the device, when it is turned on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_device: Option<DeviceInfo>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Renames a registration (the label the user sees in their list of
/// passkeys).
///
/// ```
/// use stytch_endpoints::webauthn::Update;
///
/// let call = Update::builder()
///     .webauthn_registration_id("webauthn-registration-test-5c44cc6a-8af7-48d6-8da7-ea821342f5a6")
///     .name("Work laptop")
///     .build();
/// # let _ = call;
/// ```
#[endpoint(PUT "/v1/webauthn/{webauthn_registration_id}", response = UpdateResponse)]
pub struct Update {
    /// The registration to rename.
    webauthn_registration_id: String,
    /// Its new name.
    name: String,
}

/// The answer to [`Update`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct UpdateResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The registration after the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webauthn_registration: Option<WebAuthnRegistration>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Lists the public key credentials a user registered for a domain.
///
/// ```
/// use stytch_endpoints::webauthn::ListCredentials;
///
/// let call = ListCredentials::builder()
///     .user_id("user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6")
///     .domain("example.com")
///     .build();
/// # let _ = call;
/// ```
#[endpoint(GET "/v1/webauthn/credentials/{user_id}/{domain}", response = ListCredentialsResponse)]
pub struct ListCredentials {
    /// The user whose credentials to list.
    user_id: String,
    /// The relying party's domain.
    domain: String,
}

/// The answer to [`ListCredentials`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct ListCredentialsResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user's credentials for the domain.
    #[serde(default)]
    pub credentials: Vec<WebAuthnCredential>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// One public key credential, in a [`ListCredentialsResponse`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct WebAuthnCredential {
    /// The credential's id, as the authenticator made it (encoded).
    pub credential_id: String,
    /// The registration it belongs to.
    pub webauthn_registration_id: String,
    /// The credential type, `public-key`.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// The credential's public key (encoded).
    pub public_key: String,
}
