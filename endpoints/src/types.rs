//! Objects that several answers share: users, their emails and phone
//! numbers, and sessions.
//!
//! Every type here ignores fields it does not know and fills in the ones an
//! answer leaves out, so a field Stytch adds later never breaks decoding.
//! They also serialise, so a caller can cache them (the local server uses
//! that to answer).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A user's name in parts. Every part is optional; unset parts are left out
/// of a request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Name {
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Middle name or initial.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
}

impl Name {
    /// A name with just a first and a last part.
    pub fn new(first_name: impl Into<String>, last_name: impl Into<String>) -> Name {
        Name {
            first_name: Some(first_name.into()),
            middle_name: None,
            last_name: Some(last_name.into()),
        }
    }
}

/// One email address of a user.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Email {
    /// The id of this address, used to delete it or as an OTP `method_id`.
    pub email_id: String,
    /// The address itself.
    pub email: String,
    /// Whether the user proved they own it.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub verified: bool,
}

/// One phone number of a user.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PhoneNumber {
    /// The id of this number, used to delete it or as an OTP `method_id`.
    pub phone_id: String,
    /// The number in E.164 form, such as `+12025550162`.
    pub phone_number: String,
    /// Whether the user proved they own it.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub verified: bool,
}

/// The password a user has set, without the password itself.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UserPassword {
    /// The id of the password factor.
    pub password_id: String,
    /// Whether the user must choose a new password before logging in.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub requires_reset: bool,
}

/// A Stytch user.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct User {
    /// The user's id, such as `user-test-...`.
    pub user_id: String,
    /// `active`, or `pending` until the user first authenticates.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub status: String,
    /// The user's name, when one is stored.
    #[serde(default)]
    pub name: Option<Name>,
    /// Email addresses, verified or not.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub emails: Vec<Email>,
    /// Phone numbers, verified or not.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub phone_numbers: Vec<PhoneNumber>,
    /// The password factor, when the user has one.
    #[serde(default)]
    pub password: Option<UserPassword>,
    /// Your own id for this user, when you set one.
    #[serde(default)]
    pub external_id: Option<String>,
    /// Roles assigned to the user.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub roles: Vec<String>,
    /// Metadata only your backend may change.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub trusted_metadata: Map<String, Value>,
    /// Metadata the user's own client may change too.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub untrusted_metadata: Map<String, Value>,
    /// When the user was created, in RFC 3339 form.
    #[serde(default)]
    pub created_at: Option<String>,
}

/// How a session was authenticated, one entry per factor.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AuthenticationFactor {
    /// The kind of factor, such as `otp`, `magic_link` or `oauth`.
    #[serde(
        rename = "type",
        default,
        deserialize_with = "crate::types::null_as_default"
    )]
    pub kind: String,
    /// How it was delivered, such as `sms` or `email`.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub delivery_method: String,
    /// When it was last used, in RFC 3339 form.
    #[serde(default)]
    pub last_authenticated_at: Option<String>,
}

/// A login session of a user.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Session {
    /// The session's id: not a credential, safe to log.
    pub session_id: String,
    /// The user this session belongs to.
    pub user_id: String,
    /// When the session started, in RFC 3339 form.
    #[serde(default)]
    pub started_at: Option<String>,
    /// When the session was last used, in RFC 3339 form.
    #[serde(default)]
    pub last_accessed_at: Option<String>,
    /// When the session ends unless extended, in RFC 3339 form.
    #[serde(default)]
    pub expires_at: Option<String>,
    /// The factors used to log in.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub authentication_factors: Vec<AuthenticationFactor>,
    /// Claims you added to the session's JWT.
    #[serde(default, deserialize_with = "crate::types::null_as_default")]
    pub custom_claims: Map<String, Value>,
}

/// Reads a missing or `null` field as the type's default (an empty list,
/// map or string, `false`, `0`), so a `null` where a value usually is does
/// not fail the whole answer.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}
