//! A login session and the factors it was authenticated with.

use serde_json::{Map, Value};

use super::Attributes;
use super::string_enum;

use crate::{Decode, Encode};

/// A login session of a user.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct Session {
    /// The session's id: not a credential, safe to log.
    pub session_id: String,
    /// The user this session belongs to.
    pub user_id: String,
    /// The factors used to log in, oldest first.
    #[serde(default)]
    pub authentication_factors: Vec<AuthenticationFactor>,
    /// The roles the user holds in this session.
    #[serde(default)]
    pub roles: Vec<String>,
    /// When the session started, in RFC 3339 form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// When the session was last used, in RFC 3339 form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_accessed_at: Option<String>,
    /// When the session ends unless extended, in RFC 3339 form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// The device the session was started from, when the request said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Attributes>,
    /// Claims you added to the session's JWT (empty when none).
    #[serde(default)]
    pub custom_claims: Map<String, Value>,
}

/// One factor a session was authenticated with: its kind, how it was
/// delivered, and the details of that kind in the matching `..._factor`
/// field (the others are `None`).
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct AuthenticationFactor {
    /// The kind of factor, such as a one-time passcode or OAuth.
    #[serde(rename = "type", default)]
    pub kind: AuthenticationFactorType,
    /// How it was delivered or checked, such as by SMS or through Google.
    #[serde(default)]
    pub delivery_method: AuthenticationFactorDeliveryMethod,
    /// When it was last used, in RFC 3339 form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_authenticated_at: Option<String>,
    /// When it was first used, in RFC 3339 form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// When it last changed, in RFC 3339 form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// Set when the factor was delivered by email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_factor: Option<EmailFactor>,
    /// Set when the factor was delivered to a phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number_factor: Option<PhoneNumberFactor>,
    /// Set when the factor was Google OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub google_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was Microsoft OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub microsoft_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was Apple OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apple_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was a passkey or security key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webauthn_factor: Option<WebAuthnFactor>,
    /// Set when the factor was an authenticator app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticator_app_factor: Option<AuthenticatorAppFactor>,
    /// Set when the factor was GitHub OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub github_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was a recovery code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_code_factor: Option<RecoveryCodeFactor>,
    /// Set when the factor was Facebook OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facebook_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was a crypto wallet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crypto_wallet_factor: Option<CryptoWalletFactor>,
    /// Set when the factor was Amazon OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amazon_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was Bitbucket OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bitbucket_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was Coinbase OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coinbase_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was Discord OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discord_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was Figma OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figma_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was GitLab OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub git_lab_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was Instagram OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instagram_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was LinkedIn OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_in_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was Shopify OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shopify_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was Slack OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slack_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was Snapchat OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapchat_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was Spotify OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spotify_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was Steam OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steam_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was TikTok OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tik_tok_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was Twitch OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub twitch_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was Twitter OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub twitter_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was an embeddable magic link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embeddable_magic_link_factor: Option<EmbeddableMagicLinkFactor>,
    /// Set when the factor was a biometric registration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biometric_factor: Option<BiometricFactor>,
    /// Set when the factor was SAML single sign-on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saml_sso_factor: Option<SsoFactor>,
    /// Set when the factor was OIDC single sign-on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oidc_sso_factor: Option<SsoFactor>,
    /// Set when the factor was Salesforce OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salesforce_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was Yahoo OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yahoo_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was HubSpot OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hubspot_oauth_factor: Option<OAuthFactor>,
    /// Set when the factor was an exchange of Slack OAuth tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slack_oauth_exchange_factor: Option<OAuthExchangeFactor>,
    /// Set when the factor was an exchange of HubSpot OAuth tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hubspot_oauth_exchange_factor: Option<OAuthExchangeFactor>,
    /// Set when the factor was an exchange of GitHub OAuth tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub github_oauth_exchange_factor: Option<OAuthExchangeFactor>,
    /// Set when the factor was an exchange of Google OAuth tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub google_oauth_exchange_factor: Option<OAuthExchangeFactor>,
    /// Set when the session was started by impersonation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impersonated_factor: Option<ImpersonatedFactor>,
    /// Set when the factor was an access token of a connected app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth_access_token_exchange_factor: Option<OAuthAccessTokenExchangeFactor>,
    /// Set when the factor was a trusted auth token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trusted_auth_token_factor: Option<TrustedAuthTokenFactor>,
}

/// Details of a factor delivered by email.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct EmailFactor {
    /// The id of the user's email address.
    pub email_id: String,
    /// The address.
    pub email_address: String,
}

/// Details of a factor delivered to a phone (SMS or WhatsApp).
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct PhoneNumberFactor {
    /// The id of the user's phone number.
    pub phone_id: String,
    /// The number in E.164 form.
    pub phone_number: String,
}

/// Details of a login through an OAuth provider (every provider's factor
/// has this shape).
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct OAuthFactor {
    /// The id of the link between the user and the provider account.
    pub id: String,
    /// The user's id at the provider.
    pub provider_subject: String,
    /// The id of the email address the provider vouched for, when any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_id: Option<String>,
}

/// Details of a login by exchanging a provider's OAuth tokens.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct OAuthExchangeFactor {
    /// The id of the email address the exchange matched.
    pub email_id: String,
}

/// Details of a passkey or security key login.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct WebAuthnFactor {
    /// The registration used.
    pub webauthn_registration_id: String,
    /// The domain it was used on.
    pub domain: String,
    /// The browser's user agent, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
}

/// Details of an authenticator app login.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct AuthenticatorAppFactor {
    /// The TOTP factor used.
    pub totp_id: String,
}

/// Details of a recovery code login.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct RecoveryCodeFactor {
    /// The recovery code used.
    pub totp_recovery_code_id: String,
}

/// Details of a crypto wallet login.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct CryptoWalletFactor {
    /// The wallet factor used.
    pub crypto_wallet_id: String,
    /// The wallet's public address.
    pub crypto_wallet_address: String,
    /// The chain family, such as `ethereum`.
    pub crypto_wallet_type: String,
}

/// Details of an embeddable magic link login.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct EmbeddableMagicLinkFactor {
    /// The id the embeddable link was created for.
    pub embedded_id: String,
}

/// Details of a biometric login.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct BiometricFactor {
    /// The registration used.
    pub biometric_registration_id: String,
}

/// Details of a single sign-on login (SAML and OIDC share this shape).
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct SsoFactor {
    /// The id of this factor.
    pub id: String,
    /// The identity provider connection used.
    pub provider_id: String,
    /// The user's id at the identity provider.
    pub external_id: String,
}

/// Details of a session started by impersonation.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct ImpersonatedFactor {
    /// The id of whoever impersonated the user.
    pub impersonator_id: String,
    /// Their email address.
    pub impersonator_email_address: String,
}

/// Details of a login by a connected app's access token.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct OAuthAccessTokenExchangeFactor {
    /// The connected app whose token was exchanged.
    pub client_id: String,
}

/// Details of a login by a trusted auth token.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct TrustedAuthTokenFactor {
    /// The id of the trusted auth token.
    pub token_id: String,
}

string_enum! {
    /// The kind of an [`AuthenticationFactor`].
    pub enum AuthenticationFactorType {
        /// A magic link.
        MagicLink = "magic_link",
        /// A one-time passcode.
        Otp = "otp",
        /// An OAuth provider.
        OAuth = "oauth",
        /// A passkey or security key.
        WebAuthn = "webauthn",
        /// An authenticator app code.
        Totp = "totp",
        /// A crypto wallet signature.
        Crypto = "crypto",
        /// A password.
        Password = "password",
        /// A signed challenge.
        SignatureChallenge = "signature_challenge",
        /// Single sign-on (SAML or OIDC).
        Sso = "sso",
        /// A session imported from another auth provider.
        Imported = "imported",
        /// A TOTP recovery code.
        RecoveryCodes = "recovery_codes",
        /// A passcode sent by email.
        EmailOtp = "email_otp",
        /// An impersonation by a dashboard user.
        Impersonated = "impersonated",
        /// A token from a trusted issuer, exchanged for a session.
        TrustedAuthToken = "trusted_auth_token",
    }
}

string_enum! {
    /// How an [`AuthenticationFactor`] was delivered or checked.
    pub enum AuthenticationFactorDeliveryMethod {
        /// By email.
        Email = "email",
        /// By SMS.
        Sms = "sms",
        /// By WhatsApp.
        Whatsapp = "whatsapp",
        /// Through an embeddable magic link your app delivered.
        Embedded = "embedded",
        /// Through Google OAuth.
        OAuthGoogle = "oauth_google",
        /// Through Microsoft OAuth.
        OAuthMicrosoft = "oauth_microsoft",
        /// Through Apple OAuth.
        OAuthApple = "oauth_apple",
        /// With a WebAuthn registration.
        WebAuthnRegistration = "webauthn_registration",
        /// With an authenticator app.
        AuthenticatorApp = "authenticator_app",
        /// Through GitHub OAuth.
        OAuthGitHub = "oauth_github",
        /// With a recovery code.
        RecoveryCode = "recovery_code",
        /// Through Facebook OAuth.
        OAuthFacebook = "oauth_facebook",
        /// With a crypto wallet.
        CryptoWallet = "crypto_wallet",
        /// Through Amazon OAuth.
        OAuthAmazon = "oauth_amazon",
        /// Through Bitbucket OAuth.
        OAuthBitbucket = "oauth_bitbucket",
        /// Through Coinbase OAuth.
        OAuthCoinbase = "oauth_coinbase",
        /// Through Discord OAuth.
        OAuthDiscord = "oauth_discord",
        /// Through Figma OAuth.
        OAuthFigma = "oauth_figma",
        /// Through GitLab OAuth.
        OAuthGitLab = "oauth_gitlab",
        /// Through Instagram OAuth.
        OAuthInstagram = "oauth_instagram",
        /// Through LinkedIn OAuth.
        OAuthLinkedIn = "oauth_linkedin",
        /// Through Shopify OAuth.
        OAuthShopify = "oauth_shopify",
        /// Through Slack OAuth.
        OAuthSlack = "oauth_slack",
        /// Through Snapchat OAuth.
        OAuthSnapchat = "oauth_snapchat",
        /// Through Spotify OAuth.
        OAuthSpotify = "oauth_spotify",
        /// Through Steam OAuth.
        OAuthSteam = "oauth_steam",
        /// Through TikTok OAuth.
        OAuthTikTok = "oauth_tiktok",
        /// Through Twitch OAuth.
        OAuthTwitch = "oauth_twitch",
        /// Through Twitter OAuth.
        OAuthTwitter = "oauth_twitter",
        /// With something the user knows (a password).
        Knowledge = "knowledge",
        /// With a biometric registration.
        Biometric = "biometric",
        /// Through a SAML identity provider.
        SsoSaml = "sso_saml",
        /// Through an OIDC identity provider.
        SsoOidc = "sso_oidc",
        /// Through Salesforce OAuth.
        OAuthSalesforce = "oauth_salesforce",
        /// Through Yahoo OAuth.
        OAuthYahoo = "oauth_yahoo",
        /// Through HubSpot OAuth.
        OAuthHubSpot = "oauth_hubspot",
        /// Imported from Auth0.
        ImportedAuth0 = "imported_auth0",
        /// By exchanging Slack OAuth tokens.
        OAuthExchangeSlack = "oauth_exchange_slack",
        /// By exchanging HubSpot OAuth tokens.
        OAuthExchangeHubSpot = "oauth_exchange_hubspot",
        /// By exchanging GitHub OAuth tokens.
        OAuthExchangeGitHub = "oauth_exchange_github",
        /// By exchanging Google OAuth tokens.
        OAuthExchangeGoogle = "oauth_exchange_google",
        /// By impersonation.
        Impersonation = "impersonation",
        /// By exchanging an access token of a connected app.
        OAuthAccessTokenExchange = "oauth_access_token_exchange",
        /// By exchanging a trusted auth token.
        TrustedTokenExchange = "trusted_token_exchange",
    }
}
