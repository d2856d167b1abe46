//! Email magic links: log users in with a link sent to their inbox.

use serde::{Deserialize, Serialize};

use crate::types::{Attributes, string_enum};
use crate::{at_most_one_of, endpoint};

/// Emails a login link to an existing user's address. Pass at most one of a
/// user id or an existing session to add the address to that user instead.
///
/// Stytch lists `user_id`, `session_token` and `session_jwt` as alternatives
/// without saying whether they exclude each other; this declaration makes
/// them exclusive (`#[at_most_one_of]`), so which user the link is for is
/// never ambiguous.
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
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
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
