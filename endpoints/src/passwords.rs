//! Passwords: create users with a password, log them in with it, check how
//! strong a password is, import password hashes from another system, and
//! the three ways of setting a new password (by an emailed reset link, by
//! the old password, or from a live session).
//!
//! A typical flow: [`Create`] makes the user (and a session when asked);
//! [`Authenticate`] logs them in later. A user who forgot the password gets
//! a reset link from [`ResetByEmailStart`] and sets a new one with
//! [`ResetByEmail`], passing the link's token. [`StrengthCheck`] tells a
//! sign-up form whether a password would be accepted before it is sent.
//!
//! Every password (and the imported `hash` of [`Migrate`]) is redacted in
//! the call's `Debug`.

use serde_json::{Map, Value};

use crate::magic_links::Locale;
use crate::types::{Attributes, AuthenticateOptions, DeviceInfo, Name, Session, User, string_enum};
use crate::{Decode, Encode, Secret, at_most_one_of, endpoint, one_of};

/// Creates a user with an email address and a password. The password must
/// pass Stytch's strength rules (see [`StrengthCheck`]); an address that
/// already belongs to a user is refused (`duplicate_email`). With
/// `session_duration_minutes`, the new user is logged in too.
///
/// ```
/// use stytch_endpoints::passwords::Create;
///
/// let call = Create::builder()
///     .email("ada@example.com")
///     .password("correct horse battery staple")
///     .session_duration_minutes(60u32)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/passwords", response = CreateResponse)]
pub struct Create {
    /// The new user's email address.
    email: String,
    /// The password to set.
    #[param(secret)]
    password: String,
    /// Start a session lasting this many minutes.
    session_duration_minutes: Option<u32>,
    /// Extra claims to put in the session's JWT.
    session_custom_claims: Option<Map<String, Value>>,
    /// Metadata only your backend may change.
    trusted_metadata: Option<Map<String, Value>>,
    /// Metadata the user's own client may change too.
    untrusted_metadata: Option<Map<String, Value>>,
    /// The user's name.
    name: Option<Name>,
    /// The id the fraud and device fingerprinting SDK gave this device.
    telemetry_id: Option<String>,
}

/// The answer to [`Create`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct CreateResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The new user's id.
    pub user_id: String,
    /// The id of the user's email address.
    pub email_id: String,
    /// The session's token; empty when no session was asked for.
    #[serde(default)]
    pub session_token: Secret,
    /// The session's JWT; empty when no session was asked for.
    #[serde(default)]
    pub session_jwt: Secret,
    /// The new user, with `password` set.
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

/// Logs a user in with their email address and password. Pass a session's
/// token or JWT to add the password to that session, or a duration to
/// start one. Stytch may refuse a correct password with `reset_password`
/// when it wants the user to go through a reset first (a password found in
/// a breach, or a user who has since logged in by email without it).
///
/// Stytch states no rule for `session_token` and `session_jwt` here; this
/// declaration allows at most one (`#[at_most_one_of]`), since two could
/// name different sessions. Setting both does not compile:
/// "`Authenticate` takes at most one of `session_token` or `session_jwt`,
/// and one is already set".
///
/// ```
/// use stytch_endpoints::passwords::Authenticate;
///
/// let call = Authenticate::builder()
///     .email("ada@example.com")
///     .password("correct horse battery staple")
///     .session_duration_minutes(60u32)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/passwords/authenticate", response = AuthenticateResponse)]
#[at_most_one_of(session_token, session_jwt, name = session)]
pub struct Authenticate {
    /// The user's email address.
    email: String,
    /// The password the user typed.
    #[param(secret)]
    password: String,
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

/// The answer to [`Authenticate`]: the user and, when one was asked for, the session.
pub type AuthenticateResponse = crate::sessions::LoginResponse;

/// Scores a password without storing it, so a form can say whether
/// [`Create`] or a reset would accept it and how to improve it. With the
/// default `zxcvbn` policy a score of 3 or more (out of 4) passes; with the
/// `luds` policy the project's length and character-class rules decide.
/// Passing the user's email address also turns on the breach check.
///
/// ```
/// use stytch_endpoints::passwords::StrengthCheck;
///
/// let call = StrengthCheck::builder()
///     .password("correct horse battery staple")
///     .email("ada@example.com")
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/passwords/strength_check", response = StrengthCheckResponse)]
pub struct StrengthCheck {
    /// The password to score.
    #[param(secret)]
    password: String,
    /// The user's email address, which the password should not resemble.
    email: Option<String>,
}

/// The answer to [`StrengthCheck`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct StrengthCheckResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// Whether the password would be accepted.
    pub valid_password: bool,
    /// The strength score, 0 (weakest) to 4.
    pub score: u32,
    /// Whether the password appears in known breaches.
    pub breached_password: bool,
    /// The project's policy: `zxcvbn` or `luds`.
    pub strength_policy: String,
    /// Whether the breach check is turned on for the project (when off,
    /// `breached_password` is always `false`).
    pub breach_detection_on_create: bool,
    /// How to make the password stronger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<Feedback>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Advice on a password, in a [`StrengthCheckResponse`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct Feedback {
    /// What is wrong with the password, for the user to read (`zxcvbn`
    /// policy); empty when nothing is.
    #[serde(default)]
    pub warning: String,
    /// How to improve it, for the user to read (`zxcvbn` policy).
    #[serde(default)]
    pub suggestions: Vec<String>,
    /// Which character-class and length rules the password meets (`luds`
    /// policy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub luds_requirements: Option<LudsRequirements>,
}

/// The length and character-class (lower case, upper case, digit, symbol)
/// rules a password meets, in a [`Feedback`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct LudsRequirements {
    /// It has a lower-case letter.
    pub has_lower_case: bool,
    /// It has an upper-case letter.
    pub has_upper_case: bool,
    /// It has a digit.
    pub has_digit: bool,
    /// It has a symbol (any character other than an ASCII letter or digit).
    pub has_symbol: bool,
    /// How many more character classes it needs.
    pub missing_complexity: u32,
    /// How many more characters it needs to reach the required length.
    pub missing_characters: i32,
}

string_enum! {
    /// How an imported password was hashed, for [`Migrate`].
    pub enum HashType {
        /// bcrypt.
        Bcrypt = "bcrypt",
        /// MD5, optionally salted ([`Md5Config`]).
        Md5 = "md_5",
        /// Argon2i ([`Argon2Config`] for the hex form).
        Argon2i = "argon_2i",
        /// Argon2id ([`Argon2Config`] for the hex form).
        Argon2id = "argon_2id",
        /// SHA-1, optionally salted ([`Sha1Config`]).
        Sha1 = "sha_1",
        /// SHA-512, optionally salted ([`Sha512Config`]).
        Sha512 = "sha_512",
        /// scrypt ([`ScryptConfig`] unless the hash is PHC-encoded).
        Scrypt = "scrypt",
        /// The portable PHP password hash.
        Phpass = "phpass",
        /// PBKDF2 ([`Pbkdf2Config`], required).
        Pbkdf2 = "pbkdf_2",
    }
}

/// Salts around the password before an MD5 hash: the hash is of
/// `prepend_salt + password + append_salt`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode)]
#[non_exhaustive]
pub struct Md5Config {
    /// Put before the password.
    #[serde(default)]
    pub prepend_salt: String,
    /// Put after the password.
    #[serde(default)]
    pub append_salt: String,
}

impl Md5Config {
    /// Both salts (pass `""` for a side without one).
    pub fn new(prepend_salt: impl Into<String>, append_salt: impl Into<String>) -> Md5Config {
        Md5Config {
            prepend_salt: prepend_salt.into(),
            append_salt: append_salt.into(),
        }
    }
}

/// Salts around the password before a SHA-1 hash: the hash is of
/// `prepend_salt + password + append_salt`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode)]
#[non_exhaustive]
pub struct Sha1Config {
    /// Put before the password.
    #[serde(default)]
    pub prepend_salt: String,
    /// Put after the password.
    #[serde(default)]
    pub append_salt: String,
}

impl Sha1Config {
    /// Both salts (pass `""` for a side without one).
    pub fn new(prepend_salt: impl Into<String>, append_salt: impl Into<String>) -> Sha1Config {
        Sha1Config {
            prepend_salt: prepend_salt.into(),
            append_salt: append_salt.into(),
        }
    }
}

/// Salts around the password before a SHA-512 hash: the hash is of
/// `prepend_salt + password + append_salt`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode)]
#[non_exhaustive]
pub struct Sha512Config {
    /// Put before the password.
    #[serde(default)]
    pub prepend_salt: String,
    /// Put after the password.
    #[serde(default)]
    pub append_salt: String,
}

impl Sha512Config {
    /// Both salts (pass `""` for a side without one).
    pub fn new(prepend_salt: impl Into<String>, append_salt: impl Into<String>) -> Sha512Config {
        Sha512Config {
            prepend_salt: prepend_salt.into(),
            append_salt: append_salt.into(),
        }
    }
}

/// The parameters of an Argon2 hash given in hex rather than in its
/// encoded (`$argon2id$...`) form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode)]
#[non_exhaustive]
pub struct Argon2Config {
    /// The salt.
    #[serde(default)]
    pub salt: String,
    /// Passes over memory.
    #[serde(default)]
    pub iteration_amount: u32,
    /// Memory, in KiB.
    #[serde(default)]
    pub memory: u32,
    /// Parallelism.
    #[serde(default)]
    pub threads: u32,
    /// Length of the hash, in bytes.
    #[serde(default)]
    pub key_length: u32,
}

impl Argon2Config {
    /// Every parameter, in the order of the fields.
    pub fn new(
        salt: impl Into<String>,
        iteration_amount: u32,
        memory: u32,
        threads: u32,
        key_length: u32,
    ) -> Argon2Config {
        Argon2Config {
            salt: salt.into(),
            iteration_amount,
            memory,
            threads,
            key_length,
        }
    }
}

/// The parameters of an scrypt hash not given in PHC string form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode)]
#[non_exhaustive]
pub struct ScryptConfig {
    /// The salt, base64.
    #[serde(default)]
    pub salt: String,
    /// N, the cost (a power of two).
    #[serde(default)]
    pub n_parameter: u32,
    /// r, the block size.
    #[serde(default)]
    pub r_parameter: u32,
    /// p, the parallelism.
    #[serde(default)]
    pub p_parameter: u32,
    /// Length of the hash, in bytes.
    #[serde(default)]
    pub key_length: u32,
}

impl ScryptConfig {
    /// Every parameter, in the order of the fields.
    pub fn new(
        salt: impl Into<String>,
        n_parameter: u32,
        r_parameter: u32,
        p_parameter: u32,
        key_length: u32,
    ) -> ScryptConfig {
        ScryptConfig {
            salt: salt.into(),
            n_parameter,
            r_parameter,
            p_parameter,
            key_length,
        }
    }
}

/// The parameters of a PBKDF2 hash (required with [`HashType::Pbkdf2`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode)]
#[non_exhaustive]
pub struct Pbkdf2Config {
    /// The salt, base64.
    #[serde(default)]
    pub salt: String,
    /// The iteration count.
    #[serde(default)]
    pub iteration_amount: u32,
    /// Length of the hash, in bytes.
    #[serde(default)]
    pub key_length: u32,
    /// The HMAC's hash: `sha256` (Stytch's default) or `sha512`.
    #[serde(default)]
    pub algorithm: String,
}

impl Pbkdf2Config {
    /// Every parameter, in the order of the fields.
    pub fn new(
        salt: impl Into<String>,
        iteration_amount: u32,
        key_length: u32,
        algorithm: impl Into<String>,
    ) -> Pbkdf2Config {
        Pbkdf2Config {
            salt: salt.into(),
            iteration_amount,
            key_length,
            algorithm: algorithm.into(),
        }
    }
}

/// Imports a password hash from another system for an email address:
/// creates the user when no user has the address (`user_created` says
/// which), or adds the password to the one who has it. The user logs in
/// with the original password from then on; nothing needs re-hashing on
/// your side. The hash types are those of [`HashType`]; PBKDF2 needs its
/// [`Pbkdf2Config`], the salted digests take an optional salt
/// configuration. The `hash` is redacted in the call's `Debug` (the salts
/// in the configurations are not: a salt is not a secret).
///
/// ```
/// use stytch_endpoints::passwords::{Migrate, Sha1Config};
///
/// let call = Migrate::builder()
///     .email("ada@example.com")
///     .hash("1bbd35d83bdf7a1d7b4aae4ec1a0e9d5d22a1e03")
///     .hash_type("sha_1")
///     .sha_1_config(Sha1Config::new("pre-", ""))
///     .set_email_verified(true)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/passwords/migrate", response = MigrateResponse)]
pub struct Migrate {
    /// The user's email address.
    email: String,
    /// The password hash, in the form its type uses (hex for the salted
    /// digests, base64 for PBKDF2 and scrypt, the encoded string for
    /// bcrypt, Argon2 and phpass).
    #[param(secret)]
    hash: String,
    /// How the hash was made.
    hash_type: HashType,
    /// Salts of an MD5 hash.
    md_5_config: Option<Md5Config>,
    /// Parameters of an Argon2 hash in hex form.
    argon_2_config: Option<Argon2Config>,
    /// Salts of a SHA-1 hash.
    sha_1_config: Option<Sha1Config>,
    /// Salts of a SHA-512 hash.
    sha_512_config: Option<Sha512Config>,
    /// Parameters of an scrypt hash.
    scrypt_config: Option<ScryptConfig>,
    /// Parameters of a PBKDF2 hash.
    pbkdf_2_config: Option<Pbkdf2Config>,
    /// Metadata only your backend may change (for a new user).
    trusted_metadata: Option<Map<String, Value>>,
    /// Metadata the user's own client may change too (for a new user).
    untrusted_metadata: Option<Map<String, Value>>,
    /// Mark the email address verified; only when you know the user owns
    /// it.
    set_email_verified: Option<bool>,
    /// The user's name.
    name: Option<Name>,
    /// A phone number in E.164 form for a new user.
    phone_number: Option<String>,
    /// Mark that phone number verified; only when you know the user owns
    /// it.
    set_phone_number_verified: Option<bool>,
    /// Your own id for a new user.
    external_id: Option<String>,
    /// Roles to assign.
    roles: Option<Vec<String>>,
}

/// The answer to [`Migrate`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct MigrateResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user's id.
    pub user_id: String,
    /// The id of the user's email address.
    pub email_id: String,
    /// Whether the call created the user.
    pub user_created: bool,
    /// The user, with `password` set.
    pub user: User,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Emails a password-reset link to a user. The link leads to
/// `reset_password_redirect_url` with the reset token appended as `token`;
/// finish with [`ResetByEmail`]. The token works once, for
/// `reset_password_expiration_minutes` (30 by default, 5 to 10080).
///
/// ```
/// use stytch_endpoints::passwords::ResetByEmailStart;
///
/// let call = ResetByEmailStart::builder()
///     .email("ada@example.com")
///     .reset_password_redirect_url("https://example.com/reset")
///     .reset_password_expiration_minutes(15u32)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/passwords/email/reset/start", response = ResetByEmailStartResponse)]
pub struct ResetByEmailStart {
    /// The address of the user who wants a new password.
    email: String,
    /// Your page that takes the token and asks for the new password.
    reset_password_redirect_url: Option<String>,
    /// How long the link works, in minutes.
    reset_password_expiration_minutes: Option<u32>,
    /// A PKCE challenge (base64url SHA-256 of a secret kept on the device);
    /// the secret must then come with the token.
    code_challenge: Option<String>,
    /// The end user's device, to check when the link is used.
    attributes: Option<Attributes>,
    /// Where the email's "log in without a password" link leads.
    login_redirect_url: Option<String>,
    /// The language of the email.
    locale: Option<Locale>,
    /// The email template, instead of the default.
    reset_password_template_id: Option<String>,
}

/// The answer to [`ResetByEmailStart`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct ResetByEmailStartResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user the link is for.
    pub user_id: String,
    /// The id of the address the link went to.
    pub email_id: String,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Sets a new password with the token of a reset link from
/// [`ResetByEmailStart`], and logs the user in. The token works once; the
/// user's other sessions end. When the link was started with a
/// `code_challenge`, pass its `code_verifier`.
///
/// Stytch states no rule for `session_token` and `session_jwt` here; this
/// declaration allows at most one (`#[at_most_one_of]`), since two could
/// name different sessions. Setting both does not compile:
/// "`ResetByEmail` takes at most one of `session_token` or `session_jwt`,
/// and one is already set".
///
/// ```
/// use stytch_endpoints::passwords::ResetByEmail;
///
/// # let token_from_the_link = String::from("DOYoip3rvIMMW5lgItikFK-Ak1CfMsgjuiCyI7uuU94=");
/// let call = ResetByEmail::builder()
///     .token(token_from_the_link)
///     .password("a brand new passphrase")
///     .session_duration_minutes(60u32)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/passwords/email/reset", response = ResetByEmailResponse)]
#[at_most_one_of(session_token, session_jwt, name = session)]
pub struct ResetByEmail {
    /// The `token` query parameter of the reset link.
    #[param(secret)]
    token: String,
    /// The new password.
    #[param(secret)]
    password: String,
    /// An existing session to keep and add the factor to.
    session_token: Option<String>,
    /// Start or extend a session lasting this many minutes.
    session_duration_minutes: Option<u32>,
    /// An existing session to keep and add the factor to, by its JWT.
    session_jwt: Option<String>,
    /// The PKCE secret whose hash was the `code_challenge`.
    code_verifier: Option<String>,
    /// Extra claims to put in the session's JWT.
    session_custom_claims: Option<Map<String, Value>>,
    /// The end user's device, to check against `options`.
    attributes: Option<Attributes>,
    /// What must match the device the reset was started from.
    options: Option<AuthenticateOptions>,
    /// The id the fraud and device fingerprinting SDK gave this device.
    telemetry_id: Option<String>,
}

/// The answer to [`ResetByEmail`]: the user and the session it kept or started.
pub type ResetByEmailResponse = crate::sessions::LoginResponse;

/// Replaces a user's password, given the current one, and logs the user
/// in. The user's other sessions end.
///
/// Stytch states no rule for `session_token` and `session_jwt` here; this
/// declaration allows at most one (`#[at_most_one_of]`), since two could
/// name different sessions. Setting both does not compile:
/// "`ResetByExistingPassword` takes at most one of `session_token` or
/// `session_jwt`, and one is already set".
///
/// ```
/// use stytch_endpoints::passwords::ResetByExistingPassword;
///
/// let call = ResetByExistingPassword::builder()
///     .email("ada@example.com")
///     .existing_password("correct horse battery staple")
///     .new_password("a brand new passphrase")
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/passwords/existing_password/reset", response = ResetByExistingPasswordResponse)]
#[at_most_one_of(session_token, session_jwt, name = session)]
pub struct ResetByExistingPassword {
    /// The user's email address.
    email: String,
    /// The password the user has now.
    #[param(secret)]
    existing_password: String,
    /// The password to set.
    #[param(secret)]
    new_password: String,
    /// An existing session to keep and add the factor to.
    session_token: Option<String>,
    /// Start or extend a session lasting this many minutes.
    session_duration_minutes: Option<u32>,
    /// An existing session to keep and add the factor to, by its JWT.
    session_jwt: Option<String>,
    /// Extra claims to put in the session's JWT.
    session_custom_claims: Option<Map<String, Value>>,
    /// The id the fraud and device fingerprinting SDK gave this device.
    telemetry_id: Option<String>,
}

/// The answer to [`ResetByExistingPassword`]: the user and the session it kept or started.
pub type ResetByExistingPasswordResponse = crate::sessions::LoginResponse;

/// Sets a new password for the user of a live session, named by exactly one
/// of its token or JWT.
///
/// ```
/// use stytch_endpoints::passwords::ResetBySession;
///
/// # let session_token = String::from("mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q");
/// let call = ResetBySession::builder()
///     .password("a brand new passphrase")
///     .session_token(session_token)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/passwords/session/reset", response = ResetBySessionResponse)]
#[one_of(session_token, session_jwt, name = session)]
pub struct ResetBySession {
    /// The new password.
    #[param(secret)]
    password: String,
    /// The session of the user whose password changes.
    session_token: Option<String>,
    /// The same session, by its JWT.
    session_jwt: Option<String>,
    /// Extend the session to this many minutes from now.
    session_duration_minutes: Option<u32>,
    /// Extra claims to put in the session's JWT.
    session_custom_claims: Option<Map<String, Value>>,
    /// The id the fraud and device fingerprinting SDK gave this device.
    telemetry_id: Option<String>,
}

/// The answer to [`ResetBySession`]: the user and the session, extended.
pub type ResetBySessionResponse = crate::sessions::LoginResponse;
