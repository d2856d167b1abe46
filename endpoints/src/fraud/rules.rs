//! Rules that fix the verdict for one identifier (`/v1/rules/...`, fraud
//! host).

use super::{Rule, RuleAction};
use crate::{Decode, Encode, at_most_one_of, endpoint};

/// Sets the verdict every lookup matching one identifier gets, whatever
/// the signals say: a visitor, a browser, a fingerprint, an IP address or
/// CIDR block, an autonomous system or a country. Setting a rule again
/// replaces it; the action `NONE` removes it. Lookups apply the rules in
/// the order of [`RuleType`](super::RuleType), so a visitor's rule wins
/// over their network's. Country rules cannot `ALLOW`. Rules on shared
/// fingerprints (browser, hardware, network) reach every user who shares
/// them.
///
/// Stytch states that a rule names one identifier, so at most one of the
/// nine may be set (`#[at_most_one_of]`). A second one does not compile:
/// "`Set` takes at most one of `visitor_id`, `browser_id`,
/// `visitor_fingerprint`, `browser_fingerprint`, `hardware_fingerprint`,
/// `network_fingerprint`, `cidr_block`, `country_code` or `asn`, and one is
/// already set".
///
/// ```
/// use stytch_endpoints::fraud::{RuleAction, rules::Set};
///
/// let call = Set::builder()
///     .action(RuleAction::Block)
///     .visitor_id("visitor-6139cbcc-4dda-4b1f-b1c0-13c08ec64d72")
///     .description("chargebacks from this device")
///     .expires_in_minutes(1440u32)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/rules/set", response = SetResponse, host = fraud)]
#[at_most_one_of(
    visitor_id,
    browser_id,
    visitor_fingerprint,
    browser_fingerprint,
    hardware_fingerprint,
    network_fingerprint,
    cidr_block,
    country_code,
    asn,
    name = identifier
)]
pub struct Set {
    /// What matching lookups get; `NONE` removes the rule.
    action: RuleAction,
    /// A visitor id.
    visitor_id: Option<String>,
    /// A browser id.
    browser_id: Option<String>,
    /// A visitor fingerprint.
    visitor_fingerprint: Option<String>,
    /// A browser fingerprint.
    browser_fingerprint: Option<String>,
    /// A hardware fingerprint.
    hardware_fingerprint: Option<String>,
    /// A network fingerprint.
    network_fingerprint: Option<String>,
    /// Minutes until the rule lapses; without it the rule stays.
    expires_in_minutes: Option<u32>,
    /// Your note on the rule.
    description: Option<String>,
    /// An IP address, or a CIDR block with a prefix of 16 to 32 bits.
    cidr_block: Option<String>,
    /// A country, by ISO 3166-1 alpha-2 code (not with `ALLOW`).
    country_code: Option<String>,
    /// An autonomous system number, written in decimal.
    asn: Option<String>,
}

/// The answer to [`Set`]: the rule as stored.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct SetResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The rule's action.
    pub action: RuleAction,
    /// The visitor id, for a rule on one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_id: Option<String>,
    /// The browser id, for a rule on one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser_id: Option<String>,
    /// The visitor fingerprint, for a rule on one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_fingerprint: Option<String>,
    /// The browser fingerprint, for a rule on one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser_fingerprint: Option<String>,
    /// The hardware fingerprint, for a rule on one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hardware_fingerprint: Option<String>,
    /// The network fingerprint, for a rule on one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_fingerprint: Option<String>,
    /// When the rule lapses, RFC 3339; `None` for a permanent rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// The address or block, for a rule on one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<String>,
    /// The country, for a rule on one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// The autonomous system number, for a rule on one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asn: Option<String>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Lists the project's rules, a page at a time (10 by default, at most
/// 100). `send` fetches one page; `paginate` walks them all.
///
/// ```no_run
/// use stytch_endpoints::fraud::rules::List;
///
/// # fn main() -> Result<(), stytch_endpoints::Error> {
/// let client = stytch_endpoints::Client::from_env()?;
/// for rule in List::builder().limit(100u32).paginate(&client) {
///     let rule = rule?;
///     println!("{} {}", rule.rule_type, rule.action);
/// }
/// # Ok(()) }
/// ```
#[endpoint(POST "/v1/rules/list", response = ListResponse, host = fraud, cursor = cursor)]
pub struct List {
    /// Where the previous page ended; leave unset for the first page.
    cursor: Option<String>,
    /// Most rules per page.
    limit: Option<u32>,
}

/// The answer to [`List`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct ListResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// Pass as `cursor` for the next page; empty on the last page.
    #[serde(default)]
    pub next_cursor: String,
    /// The rules on this page.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

impl crate::Page for ListResponse {
    type Item = Rule;

    fn into_page(self) -> (Vec<Rule>, Option<String>) {
        let next = Some(self.next_cursor).filter(|c| !c.is_empty());
        (self.rules, next)
    }
}
