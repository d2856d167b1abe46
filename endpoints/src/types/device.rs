//! The device behind a request: what a request may say about it, what a
//! login may require of it, and what Stytch's device history knows of it.

use crate::{Decode, Encode};

/// Facts about the end user's device, passed along with a request (and
/// stored on the session it starts). Both are optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode)]
#[non_exhaustive]
pub struct Attributes {
    /// The end user's IP address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// The end user's browser user agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
}

impl Attributes {
    /// Both the IP address and the user agent.
    pub fn new(ip_address: impl Into<String>, user_agent: impl Into<String>) -> Attributes {
        Attributes {
            ip_address: Some(ip_address.into()),
            user_agent: Some(user_agent.into()),
        }
    }
}

/// What must match between the device that started a login and the one
/// that finishes it (checked against the [`Attributes`] of both requests).
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode)]
#[non_exhaustive]
pub struct AuthenticateOptions {
    /// Refuse the login when the IP addresses differ.
    pub ip_match_required: bool,
    /// Refuse the login when the user agents differ.
    pub user_agent_match_required: bool,
}

impl AuthenticateOptions {
    /// Sets both requirements.
    pub fn new(ip_match_required: bool, user_agent_match_required: bool) -> AuthenticateOptions {
        AuthenticateOptions {
            ip_match_required,
            user_agent_match_required,
        }
    }
}

/// What Stytch's device history knows about the device a login came from
/// (sent only when the project has device history turned on).
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct DeviceInfo {
    /// The id Stytch's device fingerprinting gave the device.
    pub visitor_id: String,
    /// Whether the user was seen on this device before, and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_id_details: Option<DeviceAttributeDetails>,
    /// The IP address of the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// Whether the user was seen at this IP address before, and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address_details: Option<DeviceAttributeDetails>,
    /// The city the IP address is located in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_geo_city: Option<String>,
    /// The region (state, province) the IP address is located in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_geo_region: Option<String>,
    /// The country the IP address is located in, as a two-letter code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_geo_country: Option<String>,
    /// Whether the user was seen in this country before, and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_geo_country_details: Option<DeviceAttributeDetails>,
}

/// The history of one device attribute for a user.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct DeviceAttributeDetails {
    /// Whether this is the first time the user shows this value.
    #[serde(default)]
    pub is_new: bool,
    /// When the user first showed this value, in RFC 3339 form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_seen_at: Option<String>,
    /// When the user last showed this value, in RFC 3339 form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen_at: Option<String>,
}
