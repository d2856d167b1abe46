//! A user and what is attached to them: name, contact factors, registered
//! authenticators, linked OAuth accounts, wallets and password.

use serde_json::{Map, Value};

use crate::{Decode, Encode};

/// A user's name in parts. Every part is optional; unset parts are left out
/// of a request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode)]
#[non_exhaustive]
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
    /// A name with just a first and a last part. For other combinations,
    /// start from `Name::default()` and set the parts you have.
    pub fn new(first_name: impl Into<String>, last_name: impl Into<String>) -> Name {
        Name {
            first_name: Some(first_name.into()),
            middle_name: None,
            last_name: Some(last_name.into()),
        }
    }
}

/// One email address of a user.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct Email {
    /// The id of this address, used to delete it or as an OTP `method_id`.
    pub email_id: String,
    /// The address itself.
    pub email: String,
    /// Whether the user proved they own it.
    #[serde(default)]
    pub verified: bool,
}

/// One phone number of a user.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct PhoneNumber {
    /// The id of this number, used to delete it or as an OTP `method_id`.
    pub phone_id: String,
    /// The number in E.164 form, such as `+12025550162`.
    pub phone_number: String,
    /// Whether the user proved they own it.
    #[serde(default)]
    pub verified: bool,
}

/// A passkey or security key the user registered (WebAuthn).
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct WebAuthnRegistration {
    /// The registration's id.
    pub webauthn_registration_id: String,
    /// The domain (relying party) it was registered for.
    pub domain: String,
    /// The browser's user agent at registration.
    pub user_agent: String,
    /// Whether the registration was completed.
    #[serde(default)]
    pub verified: bool,
    /// The kind of authenticator, such as `platform` or `cross-platform`.
    pub authenticator_type: String,
    /// A label for the registration, shown to the user.
    pub name: String,
}

/// An account at an OAuth provider that the user has logged in with.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct OAuthProvider {
    /// The provider, such as `Google`.
    pub provider_type: String,
    /// The user's id at the provider.
    pub provider_subject: String,
    /// The picture the provider has for the user.
    pub profile_picture_url: String,
    /// The language the provider reports for the user.
    pub locale: String,
    /// The id of this link between the user and the provider account.
    pub oauth_user_registration_id: String,
}

/// An authenticator app (TOTP) registered by the user.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct Totp {
    /// The TOTP factor's id.
    pub totp_id: String,
    /// Whether the user confirmed it with a first code.
    #[serde(default)]
    pub verified: bool,
}

/// A crypto wallet the user logs in with.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct CryptoWallet {
    /// The wallet factor's id.
    pub crypto_wallet_id: String,
    /// The wallet's public address.
    pub crypto_wallet_address: String,
    /// The chain family, such as `ethereum` or `solana`.
    pub crypto_wallet_type: String,
    /// Whether the user proved they control it.
    #[serde(default)]
    pub verified: bool,
}

/// A device's biometric login registered by the user (mobile SDKs).
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct BiometricRegistration {
    /// The registration's id.
    pub biometric_registration_id: String,
    /// Whether the registration was completed.
    #[serde(default)]
    pub verified: bool,
}

/// The password a user has set, without the password itself.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct UserPassword {
    /// The id of the password factor.
    pub password_id: String,
    /// Whether the user must choose a new password before logging in.
    #[serde(default)]
    pub requires_reset: bool,
}

/// A Stytch user.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct User {
    /// The user's id, such as `user-test-...`.
    pub user_id: String,
    /// Email addresses, verified or not.
    #[serde(default)]
    pub emails: Vec<Email>,
    /// `active`, or `pending` until the user first authenticates.
    #[serde(default)]
    pub status: String,
    /// Phone numbers, verified or not.
    #[serde(default)]
    pub phone_numbers: Vec<PhoneNumber>,
    /// Passkeys and security keys.
    #[serde(default)]
    pub webauthn_registrations: Vec<WebAuthnRegistration>,
    /// Linked OAuth provider accounts.
    #[serde(default)]
    pub providers: Vec<OAuthProvider>,
    /// Authenticator apps.
    #[serde(default)]
    pub totps: Vec<Totp>,
    /// Crypto wallets.
    #[serde(default)]
    pub crypto_wallets: Vec<CryptoWallet>,
    /// Biometric registrations of mobile devices.
    #[serde(default)]
    pub biometric_registrations: Vec<BiometricRegistration>,
    /// Whether too many failed attempts locked the user out for now.
    #[serde(default)]
    pub is_locked: bool,
    /// Roles assigned to the user.
    #[serde(default)]
    pub roles: Vec<String>,
    /// The user's name, when one is stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Name>,
    /// When the user was created, in RFC 3339 form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// The password factor, when the user has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<UserPassword>,
    /// Metadata only your backend may change (empty when none is stored).
    #[serde(default)]
    pub trusted_metadata: Map<String, Value>,
    /// Metadata the user's own client may change too (empty when none is
    /// stored).
    #[serde(default)]
    pub untrusted_metadata: Map<String, Value>,
    /// Your own id for this user, when you set one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// When the current lock-out started, in RFC 3339 form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock_created_at: Option<String>,
    /// When the current lock-out ends, in RFC 3339 form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock_expires_at: Option<String>,
}
