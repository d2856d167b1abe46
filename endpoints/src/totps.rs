//! Time-based one-time passcodes (TOTP, RFC 6238): enrol a user's
//! authenticator app, check its codes, and fall back on the recovery codes
//! handed out at enrolment.
//!
//! A typical second-factor flow: [`Create`] returns the shared secret (and a
//! QR code of it) for the user's app; the user types the app's current code,
//! which [`Authenticate`] checks, passing the session of the first factor so
//! both end up in one session. A user who lost the app logs in with one of
//! the recovery codes through [`Recover`]; [`RecoveryCodes`] lists them
//! again.

use serde_json::{Map, Value};

use crate::types::{DeviceInfo, Session, User};
use crate::{Decode, Encode, Secret, at_most_one_of, endpoint};

/// Enrols a new authenticator app for a user: Stytch draws a secret, and
/// the answer carries it, a QR code of it and a set of recovery codes.
/// The new factor stays unverified until the first code from the app is
/// checked with [`Authenticate`]; if that does not happen within
/// `expiration_minutes`, it lapses.
///
/// ```
/// use stytch_endpoints::totps::Create;
///
/// let call = Create::builder()
///     .user_id("user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6")
///     .expiration_minutes(30u32)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/totps", response = CreateResponse)]
pub struct Create {
    /// The user to enrol (their `user_id`, or the `external_id` you gave
    /// them).
    user_id: String,
    /// How long the user has to confirm the app with a first code.
    expiration_minutes: Option<u32>,
}

/// The answer to [`Create`]. `secret`, `qr_code` and `recovery_codes` are
/// credentials: hand them to the user once and do not log them (their
/// `Debug` shows `[redacted]`).
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct CreateResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The new TOTP factor's id.
    pub totp_id: String,
    /// The shared secret, base32, for an app that takes it typed in.
    pub secret: Secret,
    /// The secret as a QR code for an app to scan (a `data:` URL).
    pub qr_code: Secret,
    /// Codes that log the user in once each when the app is lost.
    #[serde(default)]
    pub recovery_codes: Vec<Secret>,
    /// The user, with the new (unverified) factor in `totps`.
    pub user: User,
    /// The user's id.
    pub user_id: String,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Checks a code from the user's authenticator app. The first code that
/// passes marks the factor verified. Pass a session's token or JWT to add
/// the factor to that session (the usual second-factor step), or a
/// duration to start a session.
///
/// Stytch states no rule for `session_token` and `session_jwt` here; this
/// declaration allows at most one (`#[at_most_one_of]`), since two could
/// name different sessions. Setting both does not compile:
/// "`Authenticate` takes at most one of `session_token` or `session_jwt`,
/// and one is already set".
///
/// ```
/// use stytch_endpoints::totps::Authenticate;
///
/// # let first_factor_token = String::from("mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q");
/// let call = Authenticate::builder()
///     .user_id("user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6")
///     .totp_code("576831")
///     .session_token(first_factor_token)
///     .session_duration_minutes(60u32)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/totps/authenticate", response = AuthenticateResponse)]
#[at_most_one_of(session_token, session_jwt, name = session)]
pub struct Authenticate {
    /// The user whose app produced the code.
    user_id: String,
    /// The six digits the app shows now.
    #[param(secret)]
    totp_code: String,
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
    /// The session's token; empty when no session was asked for.
    #[serde(default)]
    pub session_token: Secret,
    /// The TOTP factor the code was checked against.
    pub totp_id: String,
    /// The session's JWT; empty when no session was asked for.
    #[serde(default)]
    pub session_jwt: Secret,
    /// The user, with the factor now verified.
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

/// Lists a user's TOTP factors with the recovery codes each still has.
///
/// ```
/// use stytch_endpoints::totps::RecoveryCodes;
///
/// let call = RecoveryCodes::builder()
///     .user_id("user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6")
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/totps/recovery_codes", response = RecoveryCodesResponse)]
pub struct RecoveryCodes {
    /// The user whose codes to list.
    user_id: String,
}

/// The answer to [`RecoveryCodes`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct RecoveryCodesResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user's id.
    pub user_id: String,
    /// Each TOTP factor of the user, with its codes.
    #[serde(default)]
    pub totps: Vec<TotpRecoveryCodes>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// One TOTP factor and its recovery codes, in a [`RecoveryCodesResponse`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct TotpRecoveryCodes {
    /// The TOTP factor's id.
    pub totp_id: String,
    /// Whether the user confirmed the app with a first code.
    #[serde(default)]
    pub verified: bool,
    /// The codes (credentials: their `Debug` shows `[redacted]`).
    #[serde(default)]
    pub recovery_codes: Vec<Secret>,
}

/// Logs a user in with one of their recovery codes instead of a code from
/// the app; each recovery code works once. Sessions work as in
/// [`Authenticate`], with the same chosen rule: at most one of
/// `session_token` and `session_jwt` (Stytch states none).
///
/// ```
/// use stytch_endpoints::totps::Recover;
///
/// let call = Recover::builder()
///     .user_id("user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6")
///     .recovery_code("ckss-2skx-ebow")
///     .session_duration_minutes(60u32)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/totps/recover", response = RecoverResponse)]
#[at_most_one_of(session_token, session_jwt, name = session)]
pub struct Recover {
    /// The user the code belongs to.
    user_id: String,
    /// One of the codes from enrolment.
    #[param(secret)]
    recovery_code: String,
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

/// The answer to [`Recover`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct RecoverResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The TOTP factor the code belonged to.
    pub totp_id: String,
    /// The user who logged in.
    pub user_id: String,
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
