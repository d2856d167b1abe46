//! One-time passcodes: log users in with a code sent by SMS, WhatsApp or
//! email.
//!
//! A login: a `LoginOrCreate...` call sends a six-digit code to a phone
//! number or email address (creating the user if nobody has it yet) and
//! answers with the id of that phone number or email; the user types the
//! code; [`Authenticate`] checks it against that id (`method_id`). A
//! `Send...` call does the same for an existing user only, or adds the
//! number or address to a user you name. Sending a new code retires the
//! previous one.
//!
//! One struct per channel and action, named after the official SDKs'
//! `otps.<channel>.<action>` (the channel as a suffix, so no struct is
//! called `Send`, which would hide the standard `Send` trait):
//!
//! | Stytch SDK method | here |
//! |---|---|
//! | `otps.sms.send` / `otps.sms.login_or_create` | [`SendSms`] / [`LoginOrCreateSms`] |
//! | `otps.whatsapp.send` / `otps.whatsapp.login_or_create` | [`SendWhatsApp`] / [`LoginOrCreateWhatsApp`] |
//! | `otps.email.send` / `otps.email.login_or_create` | [`SendEmail`] / [`LoginOrCreateEmail`] |
//! | `otps.authenticate` | [`Authenticate`] |

use serde_json::{Map, Value};

pub use crate::magic_links::Locale as EmailLocale;
use crate::types::{Attributes, AuthenticateOptions, DeviceInfo, Session, User, string_enum};
use crate::{Decode, Encode, Secret, at_most_one_of, endpoint};

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
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct AuthenticateResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user who logged in.
    pub user_id: String,
    /// The factor the code was for.
    #[serde(default)]
    pub method_id: String,
    /// The session's token; empty when no session was asked for.
    #[serde(default)]
    pub session_token: Secret,
    /// The session's JWT; empty when no session was asked for.
    #[serde(default)]
    pub session_jwt: Secret,
    /// The user.
    pub user: User,
    /// Whether the user's other sessions were ended.
    #[serde(default)]
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

/// Sends a one-time passcode by SMS to an existing user's phone number.
/// Pass at most one of a user id or an existing session to add the
/// phone number to that user instead (unverified until a code sent to it is
/// checked).
///
/// Stytch lists `user_id`, `session_token` and `session_jwt` as alternatives
/// without saying whether they exclude each other; this declaration makes
/// them exclusive (`#[at_most_one_of]`), so which user the code is for is
/// never ambiguous. Setting two does not compile: "`SendSms` takes at most
/// one of `user_id`, `session_token` or `session_jwt`, and one is already
/// set".
///
/// ```
/// use stytch_endpoints::otps::SendSms;
///
/// let call = SendSms::builder()
///     .phone_number("+12025550162")
///     .expiration_minutes(5u32)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/otps/sms/send", response = SendSmsResponse)]
#[at_most_one_of(user_id, session_token, session_jwt, name = user)]
pub struct SendSms {
    /// The phone number to send the code to (E.164, e.g. `+12025550162`).
    phone_number: String,
    /// How long the code works, in minutes.
    expiration_minutes: Option<u32>,
    /// The end user's device.
    attributes: Option<Attributes>,
    /// The language of the message.
    locale: Option<PhoneLocale>,
    /// The user to add the phone number to.
    user_id: Option<String>,
    /// A session whose user gets the phone number.
    session_token: Option<String>,
    /// A session whose user gets the phone number, by its JWT.
    session_jwt: Option<String>,
}

/// The answer to [`SendSms`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct SendSmsResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user the code logs in.
    pub user_id: String,
    /// The id of the phone number the code went to: the `method_id` for
    /// [`Authenticate`].
    pub phone_id: String,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Sends a one-time passcode by SMS to a phone number, creating a user
/// for it when no user has it yet. The answer says whether a user was
/// created.
///
/// ```
/// use stytch_endpoints::otps::LoginOrCreateSms;
///
/// let call = LoginOrCreateSms::builder()
///     .phone_number("+12025550162")
///     .create_user_as_pending(true)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/otps/sms/login_or_create", response = LoginOrCreateSmsResponse)]
pub struct LoginOrCreateSms {
    /// The phone number to send the code to (E.164, e.g. `+12025550162`).
    phone_number: String,
    /// How long the code works, in minutes.
    expiration_minutes: Option<u32>,
    /// The end user's device.
    attributes: Option<Attributes>,
    /// Create a new user as `pending` (until their first login) rather
    /// than `active`.
    create_user_as_pending: Option<bool>,
    /// The language of the message.
    locale: Option<PhoneLocale>,
}

/// The answer to [`LoginOrCreateSms`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct LoginOrCreateSmsResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user the code logs in.
    pub user_id: String,
    /// The id of the phone number the code went to: the `method_id` for
    /// [`Authenticate`].
    pub phone_id: String,
    /// Whether the call created the user.
    #[serde(default)]
    pub user_created: bool,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Sends a one-time passcode by WhatsApp to an existing user's phone number.
/// Pass at most one of a user id or an existing session to add the
/// phone number to that user instead (unverified until a code sent to it is
/// checked).
///
/// Stytch lists `user_id`, `session_token` and `session_jwt` as alternatives
/// without saying whether they exclude each other; this declaration makes
/// them exclusive (`#[at_most_one_of]`), so which user the code is for is
/// never ambiguous. Setting two does not compile: "`SendWhatsApp` takes at most
/// one of `user_id`, `session_token` or `session_jwt`, and one is already
/// set".
///
/// ```
/// use stytch_endpoints::otps::SendWhatsApp;
///
/// let call = SendWhatsApp::builder()
///     .phone_number("+12025550162")
///     .expiration_minutes(5u32)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/otps/whatsapp/send", response = SendWhatsAppResponse)]
#[at_most_one_of(user_id, session_token, session_jwt, name = user)]
pub struct SendWhatsApp {
    /// The phone number to send the code to (E.164, e.g. `+12025550162`).
    phone_number: String,
    /// How long the code works, in minutes.
    expiration_minutes: Option<u32>,
    /// The end user's device.
    attributes: Option<Attributes>,
    /// The language of the message.
    locale: Option<PhoneLocale>,
    /// The user to add the phone number to.
    user_id: Option<String>,
    /// A session whose user gets the phone number.
    session_token: Option<String>,
    /// A session whose user gets the phone number, by its JWT.
    session_jwt: Option<String>,
}

/// The answer to [`SendWhatsApp`]: the same shape as [`SendSmsResponse`].
pub type SendWhatsAppResponse = SendSmsResponse;

/// Sends a one-time passcode by WhatsApp to a phone number, creating a user
/// for it when no user has it yet. The answer says whether a user was
/// created.
///
/// ```
/// use stytch_endpoints::otps::LoginOrCreateWhatsApp;
///
/// let call = LoginOrCreateWhatsApp::builder()
///     .phone_number("+12025550162")
///     .create_user_as_pending(true)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/otps/whatsapp/login_or_create", response = LoginOrCreateWhatsAppResponse)]
pub struct LoginOrCreateWhatsApp {
    /// The phone number to send the code to (E.164, e.g. `+12025550162`).
    phone_number: String,
    /// How long the code works, in minutes.
    expiration_minutes: Option<u32>,
    /// The end user's device.
    attributes: Option<Attributes>,
    /// Create a new user as `pending` (until their first login) rather
    /// than `active`.
    create_user_as_pending: Option<bool>,
    /// The language of the message.
    locale: Option<PhoneLocale>,
}

/// The answer to [`LoginOrCreateWhatsApp`]: the same shape as [`LoginOrCreateSmsResponse`].
pub type LoginOrCreateWhatsAppResponse = LoginOrCreateSmsResponse;

/// Sends a one-time passcode by email to an existing user's email address.
/// Pass at most one of a user id or an existing session to add the
/// email address to that user instead (unverified until a code sent to it is
/// checked).
///
/// Stytch lists `user_id`, `session_token` and `session_jwt` as alternatives
/// without saying whether they exclude each other; this declaration makes
/// them exclusive (`#[at_most_one_of]`), so which user the code is for is
/// never ambiguous. Setting two does not compile: "`SendEmail` takes at most
/// one of `user_id`, `session_token` or `session_jwt`, and one is already
/// set".
///
/// ```
/// use stytch_endpoints::otps::SendEmail;
///
/// let call = SendEmail::builder()
///     .email("ada@example.com")
///     .expiration_minutes(5u32)
///     .login_template_id("otp-login")
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/otps/email/send", response = SendEmailResponse)]
#[at_most_one_of(user_id, session_token, session_jwt, name = user)]
pub struct SendEmail {
    /// The email address to send the code to.
    email: String,
    /// How long the code works, in minutes.
    expiration_minutes: Option<u32>,
    /// The end user's device.
    attributes: Option<Attributes>,
    /// The language of the message.
    locale: Option<EmailLocale>,
    /// The user to add the email address to.
    user_id: Option<String>,
    /// A session whose user gets the email address.
    session_token: Option<String>,
    /// A session whose user gets the email address, by its JWT.
    session_jwt: Option<String>,
    /// The email template for an existing user, instead of the default.
    login_template_id: Option<String>,
    /// The email template for a new user, instead of the default.
    signup_template_id: Option<String>,
}

/// The answer to [`SendEmail`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct SendEmailResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user the code logs in.
    pub user_id: String,
    /// The id of the email address the code went to: the `method_id` for
    /// [`Authenticate`].
    pub email_id: String,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Sends a one-time passcode by email to a email address, creating a user
/// for it when no user has it yet. The answer says whether a user was
/// created.
///
/// ```
/// use stytch_endpoints::otps::{EmailLocale, LoginOrCreateEmail};
///
/// let call = LoginOrCreateEmail::builder()
///     .email("ada@example.com")
///     .create_user_as_pending(true)
///     .locale(EmailLocale::Fr)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/otps/email/login_or_create", response = LoginOrCreateEmailResponse)]
pub struct LoginOrCreateEmail {
    /// The email address to send the code to.
    email: String,
    /// How long the code works, in minutes.
    expiration_minutes: Option<u32>,
    /// The end user's device.
    attributes: Option<Attributes>,
    /// Create a new user as `pending` (until their first login) rather
    /// than `active`.
    create_user_as_pending: Option<bool>,
    /// The language of the message.
    locale: Option<EmailLocale>,
    /// The email template for an existing user, instead of the default.
    login_template_id: Option<String>,
    /// The email template for a new user, instead of the default.
    signup_template_id: Option<String>,
}

/// The answer to [`LoginOrCreateEmail`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct LoginOrCreateEmailResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user the code logs in.
    pub user_id: String,
    /// The id of the email address the code went to: the `method_id` for
    /// [`Authenticate`].
    pub email_id: String,
    /// Whether the call created the user.
    #[serde(default)]
    pub user_created: bool,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

string_enum! {
    /// A language Stytch writes its SMS and WhatsApp passcode messages in
    /// (emails take [`EmailLocale`], a shorter list).
    pub enum PhoneLocale {
        /// English.
        En = "en",
        /// Spanish.
        Es = "es",
        /// Brazilian Portuguese.
        PtBr = "pt-br",
        /// French.
        Fr = "fr",
        /// Italian.
        It = "it",
        /// German (Germany).
        DeDe = "de-DE",
        /// Simplified Chinese.
        ZhHans = "zh-Hans",
        /// Catalan (Spain).
        CaEs = "ca-ES",
        /// Japanese.
        Ja = "ja",
        /// Russian.
        Ru = "ru",
        /// Dutch.
        Nl = "nl",
        /// Polish.
        Pl = "pl",
        /// Turkish.
        Tr = "tr",
        /// Persian.
        Fa = "fa",
        /// Vietnamese.
        Vi = "vi",
        /// Czech.
        Cs = "cs",
    }
}
