//! Fraud and risk: device fingerprints and their verdicts, the rules and
//! verdict-reason overrides that change those verdicts, and the risk of an
//! email address.
//!
//! Every call here is served by Stytch's fraud host
//! (`https://telemetry.stytch.com` for test and live projects), not by the
//! project's API host: the declarations say `host = fraud`, and the client
//! sends them to its [`fraud_base_url`](crate::ClientBuilder::fraud_base_url).
//!
//! - [`fingerprint::Lookup`]: the fingerprints and verdict (`ALLOW`,
//!   `CHALLENGE` or `BLOCK`) of the device behind a telemetry id, which
//!   Stytch's browser script hands your frontend.
//! - [`rules::Set`] and [`rules::List`]: fix the verdict for one device,
//!   browser, network, ASN or country, whatever the signals say.
//! - [`verdict_reasons::Override`] and [`verdict_reasons::List`]: change
//!   the action a warning flag (a verdict reason) leads to.
//! - [`email::Risk`]: what is known of an email address and its domain, and
//!   a recommended action.
//!
//! The objects these answers share are below.

use crate::types::string_enum;
use crate::{Decode, Encode};

pub mod email;
pub mod fingerprint;
pub mod rules;
pub mod verdict_reasons;

string_enum! {
    /// What a verdict, a verdict reason or an email check recommends.
    pub enum Action {
        /// Let the request through.
        Allow = "ALLOW",
        /// Add friction first, such as a second factor.
        Challenge = "CHALLENGE",
        /// Refuse the request.
        Block = "BLOCK",
    }
}

string_enum! {
    /// The action a rule or a verdict-reason override sets; `NONE` removes
    /// the rule or override instead.
    pub enum RuleAction {
        /// Matching lookups get `ALLOW`.
        Allow = "ALLOW",
        /// Matching lookups get `CHALLENGE`.
        Challenge = "CHALLENGE",
        /// Matching lookups get `BLOCK`.
        Block = "BLOCK",
        /// Removes what was set before.
        None = "NONE",
    }
}

string_enum! {
    /// What a rule is set on: one kind of identifier of a device or of
    /// where it connects from. Rules are applied in this order; the first
    /// one that matches decides.
    pub enum RuleType {
        /// The visitor id (a cookie on the device).
        VisitorId = "VISITOR_ID",
        /// The browser id (visitor id and network together).
        BrowserId = "BROWSER_ID",
        /// The cookie-less visitor fingerprint.
        VisitorFingerprint = "VISITOR_FINGERPRINT",
        /// The browser fingerprint.
        BrowserFingerprint = "BROWSER_FINGERPRINT",
        /// The hardware fingerprint (operating system and architecture).
        HardwareFingerprint = "HARDWARE_FINGERPRINT",
        /// The network (TLS) fingerprint.
        NetworkFingerprint = "NETWORK_FINGERPRINT",
        /// An IP address or a block of them.
        CidrBlock = "CIDR_BLOCK",
        /// An autonomous system number.
        Asn = "ASN",
        /// A country, by ISO 3166-1 alpha-2 code.
        CountryCode = "COUNTRY_CODE",
    }
}

/// Identifiers of your own to file a lookup under, so its results can be
/// found by them later. Each value is at most 65 characters of letters,
/// digits and `_ - + . @`.
///
/// ```
/// use stytch_endpoints::fraud::Metadata;
///
/// let metadata = Metadata::new().external_id("crm-42").user_action("login");
/// assert_eq!(metadata.user_action.as_deref(), Some("login"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode)]
#[non_exhaustive]
pub struct Metadata {
    /// Your id for the user behind the device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// The organization the user acts for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// What the user was doing, such as `login`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_action: Option<String>,
}

impl Metadata {
    /// No identifiers yet.
    pub fn new() -> Metadata {
        Metadata::default()
    }

    /// With your id for the user.
    pub fn external_id(mut self, value: impl Into<String>) -> Metadata {
        self.external_id = Some(value.into());
        self
    }

    /// With the organization the user acts for.
    pub fn organization_id(mut self, value: impl Into<String>) -> Metadata {
        self.organization_id = Some(value.into());
        self
    }

    /// With what the user was doing.
    pub fn user_action(mut self, value: impl Into<String>) -> Metadata {
        self.user_action = Some(value.into());
        self
    }
}

/// The identifiers Stytch derived for a device; each can carry a rule.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct Fingerprints {
    /// The network, from how it negotiates TLS.
    pub network_fingerprint: String,
    /// The operating system and architecture.
    pub hardware_fingerprint: String,
    /// The browser and its version.
    pub browser_fingerprint: String,
    /// The visitor, told apart without cookies.
    pub visitor_fingerprint: String,
    /// The visitor, by the cookie on the device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_id: Option<String>,
    /// The visitor id and network fingerprint together: one browser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser_id: Option<String>,
}

/// What Stytch recommends for a device, and why.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct Verdict {
    /// The recommendation: the strictest action of the reasons, or the
    /// action of the rule that matched.
    pub action: Action,
    /// The warning flags behind the action, such as `VIRTUAL_MACHINE`, or
    /// `RULE_MATCH` when a rule decided.
    #[serde(default)]
    pub reasons: Vec<String>,
    /// The operating system and architecture the fingerprint came from.
    pub detected_device_type: String,
    /// False when the browser or hardware lied about itself.
    #[serde(default)]
    pub is_authentic_device: bool,
    /// The verdict-reason overrides that changed the action.
    #[serde(default)]
    pub verdict_reason_overrides: Vec<VerdictReasonOverride>,
    /// The kind of identifier of the rule that matched, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_match_type: Option<RuleType>,
    /// The identifier of the rule that matched, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_match_identifier: Option<String>,
}

/// An override that took part in a [`Verdict`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct VerdictReasonOverride {
    /// The reason whose action was replaced.
    pub verdict_reason: String,
    /// The action used instead of the default.
    pub override_action: Action,
}

/// A verdict reason, its default action and the override set on it.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct VerdictReasonAction {
    /// The reason (warning flag).
    pub verdict_reason: String,
    /// The action the reason leads to without an override.
    pub default_action: Action,
    /// The action that replaces the default, when an override is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_action: Option<Action>,
    /// When the override was set, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_created_at: Option<String>,
    /// Your note on the override.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_description: Option<String>,
}

/// Where a lookup's request came from: its network and its browser.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct Properties {
    /// The network the device connected from.
    pub network_properties: NetworkProperties,
    /// The browser.
    pub browser_properties: BrowserProperties,
}

/// The network a device connected from.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct NetworkProperties {
    /// The client's IP address.
    pub ip_address: String,
    /// The autonomous system the address belongs to.
    pub asn: AsnProperties,
    /// Where the address is.
    pub ip_geolocation: IpGeoProperties,
    /// Whether the request came through a proxy.
    #[serde(default)]
    pub is_proxy: bool,
    /// Whether the request came through a VPN.
    #[serde(default)]
    pub is_vpn: bool,
}

/// An autonomous system (the network operator of an address).
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct AsnProperties {
    /// Its number, as a string.
    pub asn: String,
    /// Its public name.
    pub name: String,
    /// The CIDR block of the address in it.
    pub network: String,
}

/// Where an IP address is.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct IpGeoProperties {
    /// The city.
    pub city: String,
    /// The region.
    pub region: String,
    /// The country.
    pub country: String,
}

/// The browser of a lookup.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct BrowserProperties {
    /// Its user agent.
    pub user_agent: String,
}

/// A rule, as [`rules::List`] shows it: the one identifier it is set on
/// (the field named by `rule_type`), its action and its times.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct Rule {
    /// Which kind of identifier the rule is set on.
    pub rule_type: RuleType,
    /// What matching lookups get.
    pub action: RuleAction,
    /// When the rule was set, RFC 3339.
    pub created_at: String,
    /// The visitor id, for a `VISITOR_ID` rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_id: Option<String>,
    /// The browser id, for a `BROWSER_ID` rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser_id: Option<String>,
    /// The visitor fingerprint, for a `VISITOR_FINGERPRINT` rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_fingerprint: Option<String>,
    /// The browser fingerprint, for a `BROWSER_FINGERPRINT` rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser_fingerprint: Option<String>,
    /// The hardware fingerprint, for a `HARDWARE_FINGERPRINT` rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hardware_fingerprint: Option<String>,
    /// The network fingerprint, for a `NETWORK_FINGERPRINT` rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_fingerprint: Option<String>,
    /// The address or block, for a `CIDR_BLOCK` rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<String>,
    /// The country, for a `COUNTRY_CODE` rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// The autonomous system number, for an `ASN` rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asn: Option<String>,
    /// Your note on the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When the rule lapses, RFC 3339; `None` for a permanent rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// When the rule last changed, RFC 3339; `None` if it never did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated_at: Option<String>,
}

/// What is known of an email address itself, in an [`email::RiskResponse`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct AddressInformation {
    /// Whether mail to the address has bounced before.
    #[serde(default)]
    pub has_known_bounces: bool,
    /// Whether the address is well formed.
    #[serde(default)]
    pub has_valid_syntax: bool,
    /// Whether the part before `@` looks like a team or role (`support`,
    /// `admin`, ...) rather than a person.
    #[serde(default)]
    pub is_suspected_role_address: bool,
    /// The address without its dots and `+` suffix, which many providers
    /// ignore: the mailbox mail actually reaches.
    pub normalized_email: String,
    /// How many dots and `+` characters the address has; many suggest
    /// variants made to look like new users.
    #[serde(default)]
    pub tumbling_character_count: u32,
}

/// What is known of an email address's domain, in an
/// [`email::RiskResponse`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct DomainInformation {
    /// Whether the domain has the DNS records to receive mail.
    #[serde(default)]
    pub has_mx_or_a_record: bool,
    /// Whether the domain hands out throwaway addresses.
    #[serde(default)]
    pub is_disposable_domain: bool,
}
