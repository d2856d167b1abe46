//! Magic links: log users in with a link whose token comes back to your
//! app, sent by email or made for you to deliver yourself.
//!
//! A typical login: [`LoginOrCreateEmail`] emails a link to an address
//! (creating the user if nobody has it yet); the link leads to your app
//! with `?token=...`; [`Authenticate`] exchanges that token, once and
//! before it expires, for the user and a session.
//!
//! | Stytch SDK method | here |
//! |---|---|
//! | `magic_links.authenticate` | [`Authenticate`] |
//! | `magic_links.create` (embeddable link) | [`Create`] |
//! | `magic_links.email.send` | [`SendEmail`] |
//! | `magic_links.email.login_or_create` | [`LoginOrCreateEmail`] |
//! | `magic_links.email.invite` | [`Invite`] |
//! | `magic_links.email.revoke_invite` | [`RevokeInvite`] |

use serde_json::{Map, Value};

use crate::types::{Attributes, AuthenticateOptions, DeviceInfo, Name, Session, User, string_enum};
use crate::{Decode, Encode, Secret, at_most_one_of, endpoint};

/// Emails a login link to an existing user's address. Pass at most one of a
/// user id or an existing session to add the address to that user instead.
///
/// Stytch lists `user_id`, `session_token` and `session_jwt` as alternatives
/// without saying whether they exclude each other; this declaration makes
/// them exclusive (`#[at_most_one_of]`), so which user the link is for is
/// never ambiguous. Setting two does not compile: "`SendEmail` takes at
/// most one of `user_id`, `session_token` or `session_jwt`, and one is
/// already set".
///
/// ```
/// use stytch_endpoints::magic_links::SendEmail;
///
/// let call = SendEmail::builder()
///     .email("ada@example.com")
///     .login_magic_link_url("https://example.com/authenticate")
///     .login_expiration_minutes(30u32)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/magic_links/email/send", response = SendEmailResponse)]
#[at_most_one_of(user_id, session_token, session_jwt, name = user)]
pub struct SendEmail {
    /// The address to send the link to.
    email: String,
    /// The email template for an existing user, instead of the default.
    login_template_id: Option<String>,
    /// The end user's device, to check when the link is used.
    attributes: Option<Attributes>,
    /// Where the link leads for a user who already exists.
    login_magic_link_url: Option<String>,
    /// Where the link leads for a new user.
    signup_magic_link_url: Option<String>,
    /// How long the login link works, in minutes.
    login_expiration_minutes: Option<u32>,
    /// How long the sign-up link works, in minutes.
    signup_expiration_minutes: Option<u32>,
    /// A PKCE challenge; the verifier must then come with the link's token.
    code_challenge: Option<String>,
    /// The user to add the address to.
    user_id: Option<String>,
    /// A session whose user gets the address.
    session_token: Option<String>,
    /// A session whose user gets the address, by its JWT.
    session_jwt: Option<String>,
    /// The language of the email.
    locale: Option<Locale>,
    /// The email template for a new user, instead of the default.
    signup_template_id: Option<String>,
}

string_enum! {
    /// A language Stytch writes its emails in.
    pub enum Locale {
        /// English.
        En = "en",
        /// Spanish.
        Es = "es",
        /// Brazilian Portuguese.
        PtBr = "pt-br",
        /// French.
        Fr = "fr",
    }
}

/// The answer to [`SendEmail`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct SendEmailResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user the link logs in.
    pub user_id: String,
    /// The id of the address the link went to.
    pub email_id: String,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Exchanges the token of a magic link (from the `token` query parameter
/// of the URL the link led to) for the user and, when asked, a session.
/// Each token works once and only until it expires. The email the link
/// went to becomes verified, and a `pending` user becomes `active`.
///
/// Pass a duration to start a session, or an existing session's token or
/// JWT to add the magic-link factor to that session. If the link was sent
/// with a PKCE `code_challenge`, the matching `code_verifier` must come
/// with the token.
///
/// Stytch states no rule for `session_token` and `session_jwt` here; this
/// declaration allows at most one (`#[at_most_one_of]`), since two could
/// name different sessions. Setting both does not compile:
/// "`Authenticate` takes at most one of `session_token` or `session_jwt`,
/// and one is already set".
///
/// ```
/// use stytch_endpoints::magic_links::Authenticate;
///
/// let call = Authenticate::builder()
///     .token("DOYoip3rvIMMW5lgItikFK-Ak1CfMsgjuiCyI7uuU94=")
///     .session_duration_minutes(60u32)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/magic_links/authenticate", response = AuthenticateResponse)]
#[at_most_one_of(session_token, session_jwt, name = session)]
pub struct Authenticate {
    /// The token from the link's URL.
    #[param(secret)]
    token: String,
    /// The end user's device, to check against `options`.
    attributes: Option<Attributes>,
    /// What must match the device the link was requested from.
    options: Option<AuthenticateOptions>,
    /// An existing session to add the factor to.
    session_token: Option<String>,
    /// Start or extend a session lasting this many minutes.
    session_duration_minutes: Option<u32>,
    /// An existing session to add the factor to, by its JWT.
    session_jwt: Option<String>,
    /// Extra claims to put in the session's JWT.
    session_custom_claims: Option<Map<String, Value>>,
    /// The PKCE verifier whose SHA-256 was sent as the `code_challenge`.
    #[param(secret)]
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
    /// The id of the email the link went to.
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

/// Makes an embeddable magic link token for a user: Stytch sends nothing,
/// and your app delivers the token however it likes (in its own email, a
/// QR code, ...). [`Authenticate`] takes it like any other magic link
/// token. Logging in with it verifies none of the user's emails or phone
/// numbers, since nobody knows how it reached the user.
///
/// ```
/// use stytch_endpoints::magic_links::Create;
///
/// let call = Create::builder()
///     .user_id("user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6")
///     .expiration_minutes(15u32)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/magic_links", response = CreateResponse)]
pub struct Create {
    /// The user the token logs in (their `user_id`, or the `external_id`
    /// you gave them).
    user_id: String,
    /// How long the token works, in minutes.
    expiration_minutes: Option<u32>,
    /// The end user's device.
    attributes: Option<Attributes>,
}

/// The answer to [`Create`]. The token is a credential: its `Debug` shows
/// `[redacted]`.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct CreateResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user the token logs in.
    pub user_id: String,
    /// The token, for [`Authenticate`].
    pub token: Secret,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Emails a magic link to an address, creating a user for it when no user
/// has it yet: a new or `pending` user gets a sign-up link, an `active`
/// user a login link. The answer says whether a user was created.
///
/// ```
/// use stytch_endpoints::magic_links::LoginOrCreateEmail;
///
/// let call = LoginOrCreateEmail::builder()
///     .email("ada@example.com")
///     .login_magic_link_url("https://example.com/authenticate")
///     .signup_magic_link_url("https://example.com/welcome")
///     .create_user_as_pending(true)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/magic_links/email/login_or_create", response = LoginOrCreateEmailResponse)]
pub struct LoginOrCreateEmail {
    /// The address to send the link to.
    email: String,
    /// Where the link leads for a user who already exists.
    login_magic_link_url: Option<String>,
    /// Where the link leads for a new user.
    signup_magic_link_url: Option<String>,
    /// How long the login link works, in minutes.
    login_expiration_minutes: Option<u32>,
    /// How long the sign-up link works, in minutes.
    signup_expiration_minutes: Option<u32>,
    /// The email template for an existing user, instead of the default.
    login_template_id: Option<String>,
    /// The email template for a new user, instead of the default.
    signup_template_id: Option<String>,
    /// The end user's device, to check when the link is used.
    attributes: Option<Attributes>,
    /// Create a new user as `pending` (until their first login) rather
    /// than `active`.
    create_user_as_pending: Option<bool>,
    /// A PKCE challenge; the verifier must then come with the link's token.
    code_challenge: Option<String>,
    /// The language of the email.
    locale: Option<Locale>,
}

/// The answer to [`LoginOrCreateEmail`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct LoginOrCreateEmailResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user the link logs in.
    pub user_id: String,
    /// The id of the address the link went to.
    pub email_id: String,
    /// Whether the call created the user.
    #[serde(default)]
    pub user_created: bool,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Creates a `pending` user for an address and emails them an invitation
/// link; the user becomes `active` when [`Authenticate`] takes its token.
/// [`RevokeInvite`] takes the invitation back.
///
/// ```
/// use stytch_endpoints::magic_links::Invite;
/// use stytch_endpoints::types::Name;
///
/// let call = Invite::builder()
///     .email("grace@example.com")
///     .name(Name::new("Grace", "Hopper"))
///     .invite_magic_link_url("https://example.com/join")
///     .invite_expiration_minutes(1440u32)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/magic_links/email/invite", response = InviteResponse)]
pub struct Invite {
    /// The address to invite.
    email: String,
    /// The email template for the invitation, instead of the default.
    invite_template_id: Option<String>,
    /// The end user's device.
    attributes: Option<Attributes>,
    /// The new user's name.
    name: Option<Name>,
    /// Where the invitation link leads.
    invite_magic_link_url: Option<String>,
    /// How long the invitation link works, in minutes.
    invite_expiration_minutes: Option<u32>,
    /// The language of the email.
    locale: Option<Locale>,
    /// Your data about the user, which only your backend may change.
    trusted_metadata: Option<Map<String, Value>>,
    /// Data about the user that the user may change from the frontend.
    untrusted_metadata: Option<Map<String, Value>>,
}

/// The answer to [`Invite`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct InviteResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The invited user.
    pub user_id: String,
    /// The id of the invited address.
    pub email_id: String,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Takes back the pending invitation of an address: its link no longer
/// works.
///
/// ```
/// use stytch_endpoints::magic_links::RevokeInvite;
///
/// let call = RevokeInvite::builder().email("grace@example.com").build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/magic_links/email/revoke_invite", response = RevokeInviteResponse)]
pub struct RevokeInvite {
    /// The invited address.
    email: String,
}

/// The answer to [`RevokeInvite`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct RevokeInviteResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}
