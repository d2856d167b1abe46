//! Crypto wallets: log users in by having their Ethereum or Solana wallet
//! sign a challenge.
//!
//! [`AuthenticateStart`] returns a challenge for a wallet address (and
//! creates a user for an address nobody has yet, or attaches the wallet to
//! the user you name); the wallet signs it (`personal_sign` on Ethereum,
//! `signMessage` on Solana); [`Authenticate`] checks the signature and
//! starts or extends a session.

use serde_json::{Map, Value};

use crate::types::{DeviceInfo, Session, User};
use crate::{Decode, Encode, Secret, at_most_one_of, endpoint};

/// Starts a wallet login: Stytch answers with a challenge for the wallet
/// to sign. Without a user, the wallet's user is found, or created
/// (`user_created`); name a user to attach the wallet to them. For
/// Ethereum wallets, `siwe_params` makes the challenge a Sign-In with
/// Ethereum (EIP-4361) message, which wallets show with a warning when the
/// domain is not the site's.
///
/// Stytch states no rule for `user_id`, `session_token` and `session_jwt`
/// here; this declaration allows at most one (`#[at_most_one_of]`), since
/// two could name different users. Setting two does not compile:
/// "`AuthenticateStart` takes at most one of `user_id`, `session_token` or
/// `session_jwt`, and one is already set".
///
/// ```
/// use stytch_endpoints::crypto_wallets::{AuthenticateStart, SiweParams};
///
/// let call = AuthenticateStart::builder()
///     .crypto_wallet_type("ethereum")
///     .crypto_wallet_address("0x6df2dB4Fb3DA35d241901Bd53367770BF03123f1")
///     .siwe_params(SiweParams::new("app.example.com", "https://app.example.com/login"))
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/crypto_wallets/authenticate/start", response = AuthenticateStartResponse)]
#[at_most_one_of(user_id, session_token, session_jwt, name = user)]
pub struct AuthenticateStart {
    /// `ethereum` (any EVM chain) or `solana`.
    crypto_wallet_type: String,
    /// The wallet's public address.
    crypto_wallet_address: String,
    /// The user to attach the wallet to (or their `external_id`).
    user_id: Option<String>,
    /// The user to attach the wallet to, by a session token.
    session_token: Option<String>,
    /// The user to attach the wallet to, by a session JWT.
    session_jwt: Option<String>,
    /// Make the challenge a Sign-In with Ethereum message (Ethereum only).
    siwe_params: Option<SiweParams>,
}

/// The fields of a Sign-In with Ethereum (EIP-4361) challenge. `domain`
/// and `uri` are required; the rest have defaults (chain 1, issued now).
///
/// ```
/// use stytch_endpoints::crypto_wallets::SiweParams;
///
/// let siwe = SiweParams::new("app.example.com", "https://app.example.com/login")
///     .statement("Log in to Example")
///     .chain_id("137");
/// assert_eq!(siwe.chain_id.as_deref(), Some("137"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode)]
#[non_exhaustive]
pub struct SiweParams {
    /// The site asking for the signature (an RFC 3986 authority).
    pub domain: String,
    /// The resource the login is for (an RFC 3986 URI).
    pub uri: String,
    /// Further URIs the user agrees to with the signature.
    #[serde(default)]
    pub resources: Vec<String>,
    /// The EIP-155 chain id, in decimal (default `1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<String>,
    /// A sentence the user agrees to, shown in the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
    /// When the message was made, RFC 3339 (default: now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<String>,
    /// When the signed message starts to be valid, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_before: Option<String>,
    /// Your id for this login request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_request_id: Option<String>,
}

impl SiweParams {
    /// A message for `domain` about `uri`, with every optional field unset.
    pub fn new(domain: impl Into<String>, uri: impl Into<String>) -> SiweParams {
        SiweParams {
            domain: domain.into(),
            uri: uri.into(),
            ..SiweParams::default()
        }
    }

    /// With these resources.
    pub fn resources(mut self, resources: Vec<String>) -> SiweParams {
        self.resources = resources;
        self
    }

    /// On this chain.
    pub fn chain_id(mut self, value: impl Into<String>) -> SiweParams {
        self.chain_id = Some(value.into());
        self
    }

    /// With this statement.
    pub fn statement(mut self, value: impl Into<String>) -> SiweParams {
        self.statement = Some(value.into());
        self
    }

    /// Issued at this time (RFC 3339).
    pub fn issued_at(mut self, value: impl Into<String>) -> SiweParams {
        self.issued_at = Some(value.into());
        self
    }

    /// Valid from this time (RFC 3339).
    pub fn not_before(mut self, value: impl Into<String>) -> SiweParams {
        self.not_before = Some(value.into());
        self
    }

    /// With your id for the request.
    pub fn message_request_id(mut self, value: impl Into<String>) -> SiweParams {
        self.message_request_id = Some(value.into());
        self
    }
}

/// The answer to [`AuthenticateStart`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct AuthenticateStartResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user the wallet belongs to.
    pub user_id: String,
    /// The message the wallet must sign.
    pub challenge: String,
    /// Whether the call created the user.
    #[serde(default)]
    pub user_created: bool,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Finishes a wallet login with the wallet's signature of the challenge.
/// Each challenge works once. Pass a session's token or JWT to add the
/// factor to it, or a duration to start a session.
///
/// Stytch states no rule for `session_token` and `session_jwt` here; this
/// declaration allows at most one (`#[at_most_one_of]`), since two could
/// name different sessions. Setting both does not compile:
/// "`Authenticate` takes at most one of `session_token` or `session_jwt`,
/// and one is already set".
///
/// ```
/// use stytch_endpoints::crypto_wallets::Authenticate;
///
/// # let signature = "0x0c4f82edc3c818b6beff4b89e0682994e5878074609903cecdfb843241728be32f75949e2fbae63dcccdef97c0e3789a26441f7e11456cc1f2ef79b3a436010f1b";
/// let call = Authenticate::builder()
///     .crypto_wallet_type("ethereum")
///     .crypto_wallet_address("0x6df2dB4Fb3DA35d241901Bd53367770BF03123f1")
///     .signature(signature)
///     .session_duration_minutes(60u32)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/crypto_wallets/authenticate", response = AuthenticateResponse)]
#[at_most_one_of(session_token, session_jwt, name = session)]
pub struct Authenticate {
    /// `ethereum` or `solana`, as at the start.
    crypto_wallet_type: String,
    /// The wallet's public address, as at the start.
    crypto_wallet_address: String,
    /// The wallet's signature of the challenge.
    #[param(secret)]
    signature: String,
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
    /// The session's JWT; empty when no session was asked for.
    #[serde(default)]
    pub session_jwt: Secret,
    /// The user, with the wallet now verified.
    pub user: User,
    /// The session, when one was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Session>,
    /// The Sign-In with Ethereum fields of the signed message, when the
    /// challenge was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siwe_params: Option<SiweParamsResponse>,
    /// What device history knows of the device, when it is turned on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_device: Option<DeviceInfo>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// The Sign-In with Ethereum fields of a signed challenge. Stytch's model
/// of it carries a request id and status code of its own, kept here.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct SiweParamsResponse {
    /// The request id Stytch put on this object.
    pub request_id: String,
    /// The site that asked for the signature.
    pub domain: String,
    /// The resource the login was for.
    pub uri: String,
    /// The EIP-155 chain id.
    pub chain_id: String,
    /// Further URIs the user agreed to.
    #[serde(default)]
    pub resources: Vec<String>,
    /// When the message was made, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<String>,
    /// Your id for the login request, when you gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_request_id: Option<String>,
    /// The status code Stytch put on this object.
    pub status_code: u16,
}
