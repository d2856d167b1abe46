//! Objects that answers of several products share: users and everything
//! attached to them, sessions and the factors they were authenticated with,
//! and the device a request came from.
//!
//! # How these types decode
//!
//! Each type has the fields of Stytch's object with their wire names, and
//! serialises back to the same names (the local server answers with them;
//! a caller may cache them).
//!
//! - A field the API always sends is a plain field; one it may leave out is
//!   an `Option`, left out again when serialised while `None`.
//! - Lists, maps and flags also read a `null` or missing value as empty or
//!   `false`, since Stytch sends `null` for some of them (they are
//!   `#[serde(default)]` fields of a [`Decode`](crate::Decode) struct).
//! - A field Stytch adds later is ignored, so it never breaks decoding.
//! - A closed set of strings (a factor's kind, a delivery method, ...) is an
//!   enum with an `Other(String)` variant that keeps any value the set did
//!   not have when this crate was written.
//! - Timestamps are `String`s in RFC 3339 form, as sent. No date-time crate
//!   is pulled in for them (it would add to every user's compile time); parse
//!   them with the one your application already uses.

mod device;
mod session;
mod string_enum;
mod user;

pub use device::{Attributes, AuthenticateOptions, DeviceAttributeDetails, DeviceInfo};
pub use session::{
    AuthenticationFactor, AuthenticationFactorDeliveryMethod, AuthenticationFactorType,
    AuthenticatorAppFactor, BiometricFactor, CryptoWalletFactor, EmailFactor,
    EmbeddableMagicLinkFactor, ImpersonatedFactor, OAuthAccessTokenExchangeFactor,
    OAuthExchangeFactor, OAuthFactor, PhoneNumberFactor, RecoveryCodeFactor, Session, SsoFactor,
    TrustedAuthTokenFactor, WebAuthnFactor,
};
pub(crate) use string_enum::string_enum;
pub use user::{
    BiometricRegistration, CryptoWallet, Email, Name, OAuthProvider, PhoneNumber, Totp, User,
    UserPassword, WebAuthnRegistration,
};
