//! The fraud products (served on the fraud host, which the local server
//! also is): fingerprint lookups, rules, verdict-reason overrides and email
//! risk. Every answer follows a fixed rule on its input, so tests can ask
//! for each verdict; the crate docs ("Fraud and risk") and `--help` give
//! the same rules to users:
//!
//! - Lookup: the device (fingerprints, an IP in [`NETWORK`], [`ASN`],
//!   [`COUNTRY`]) is derived from the telemetry id's SHA-256. The verdict
//!   is a rule's, if one matches (kinds tried in [`ORDER`]; among CIDR
//!   blocks the smallest, then the strictest), with the reason
//!   `RULE_MATCH`; else the strictest action of the reasons the id's
//!   prefix raises (`block-`: `HEADLESS_BROWSER_AUTOMATION`; `challenge-`:
//!   `VIRTUAL_MACHINE`; others none, so `ALLOW`), each reason's action
//!   being its override if one is set, else its default ([`reasons`]).
//!   `not-found-...`, the empty id, and an id first looked up more than
//!   [`TELEMETRY_LIFETIME_SECS`] ago: `404 telemetry_id_not_found`.
//! - Rules: one per identifier; set again replaces, `NONE` removes,
//!   `expires_in_minutes` lapses by the server clock; listed in the order
//!   first set, 10 per page by default, at most 100, the last page's
//!   cursor empty.
//! - Overrides: on the reasons of [`reasons`] only, not `RULE_MATCH`.
//! - Email risk: [`rate_email`] (+10 per dot or `+` in the local part, at
//!   most 30; +80 for a [`DISPOSABLE_DOMAINS`] domain or one without mail;
//!   +40 for a local part starting with `bounce`; +30 for one of
//!   [`ROLE_LOCAL_PARTS`]; 100 when malformed; `BLOCK` from 80, `CHALLENGE`
//!   from 30).

use ring::digest;

use super::{Entry, Reply, answer, entry};
use crate::Fail;
use crate::ids;
use crate::state::State;
use stytch_endpoints::fraud::{
    self, Action, Fingerprints, Metadata, Rule, RuleAction, RuleType, Verdict, VerdictReasonAction,
    VerdictReasonOverride, email, fingerprint, rules, verdict_reasons,
};

pub fn entries() -> Vec<Entry> {
    vec![
        entry::<fingerprint::Lookup>(lookup),
        entry::<rules::Set>(set_rule),
        entry::<rules::List>(list_rules),
        entry::<verdict_reasons::Override>(override_reason),
        entry::<verdict_reasons::List>(list_reasons),
        entry::<email::Risk>(email_risk),
    ]
}

use crate::{
    TELEMETRY_BLOCK_PREFIX as BLOCK_PREFIX, TELEMETRY_CHALLENGE_PREFIX as CHALLENGE_PREFIX,
    TELEMETRY_LIFETIME_SECS, TELEMETRY_NOT_FOUND_PREFIX as NOT_FOUND_PREFIX,
};

/// The reason a rule decided a verdict; it cannot be overridden.
const RULE_MATCH: &str = "RULE_MATCH";

/// The verdict reasons the server knows, with their default actions: the
/// ones `verdict_reasons::List` shows and `Override` accepts.
fn reasons() -> [(&'static str, Action); 4] {
    [
        ("HEADLESS_BROWSER_AUTOMATION", Action::Block),
        ("USER_AGENT_DECEPTION", Action::Block),
        ("VIRTUAL_MACHINE", Action::Challenge),
        ("SMART_RATE_LIMIT_WARNING", Action::Challenge),
    ]
}

/// Rule lists: the default and largest page.
const DEFAULT_RULES_LIMIT: u32 = 10;
const MAX_RULES_LIMIT: u32 = 100;
const RULES_CURSOR: &str = "local-rules-cursor-";
/// The longest value of an `external_metadata` field.
const MAX_METADATA_LEN: usize = 65;

/// What the fraud calls remember.
#[derive(Debug, Default)]
pub struct FraudState {
    /// In the order they were first set.
    rules: Vec<StoredRule>,
    overrides: Vec<StoredOverride>,
    /// Each telemetry id looked up, and when it was first.
    telemetry: Vec<(String, u64)>,
}

#[derive(Debug, Clone)]
struct StoredRule {
    rule_type: RuleType,
    /// As given (a country code in upper case).
    identifier: String,
    action: RuleAction,
    description: Option<String>,
    created_at: u64,
    expires_at: Option<u64>,
    last_updated_at: Option<u64>,
}

#[derive(Debug, Clone)]
struct StoredOverride {
    reason: String,
    action: Action,
    created_at: u64,
    description: Option<String>,
}

impl FraudState {
    /// Drops rules whose time ran out.
    fn prune(&mut self, now: u64) {
        self.rules
            .retain(|r| r.expires_at.is_none_or(|at| at > now));
    }
}

/// What the server "measured" of the device behind a telemetry id: all of
/// it derived from the id, so the same id always gets the same device.
struct Device {
    fingerprints: Fingerprints,
    ip: [u8; 4],
}

/// The network every local device connects from (TEST-NET-1), its
/// autonomous system (a documentation ASN) and its place.
pub const NETWORK: &str = "192.0.2.0/24";
pub const ASN: &str = "64496";
pub const COUNTRY: &str = "US";

/// A UUID-shaped string from the SHA-256 of `kind` and `telemetry_id`.
fn derived_uuid(kind: &str, telemetry_id: &str) -> String {
    let hash = digest::digest(
        &digest::SHA256,
        format!("{kind}\n{telemetry_id}").as_bytes(),
    );
    let h: String = hash.as_ref()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

fn device(telemetry_id: &str) -> Device {
    let id = |kind: &str| format!("{kind}-{}", derived_uuid(kind, telemetry_id));
    let mut fingerprints = Fingerprints::default();
    fingerprints.visitor_id = Some(id("visitor"));
    fingerprints.browser_id = Some(id("browser-id"));
    fingerprints.visitor_fingerprint = id("visitor-fingerprint");
    fingerprints.browser_fingerprint = id("browser-fingerprint");
    fingerprints.hardware_fingerprint = id("hardware-fingerprint");
    fingerprints.network_fingerprint = id("network-fingerprint");
    let host = digest::digest(&digest::SHA256, telemetry_id.as_bytes()).as_ref()[0];
    Device {
        fingerprints,
        ip: [192, 0, 2, host],
    }
}

/// An IPv4 address or CIDR block: (address, prefix length).
fn parse_cidr(text: &str) -> Option<([u8; 4], u8)> {
    let (addr, prefix) = match text.split_once('/') {
        Some((a, p)) => (a, p.parse::<u8>().ok()?),
        None => (text, 32),
    };
    let mut octets = [0u8; 4];
    let mut parts = addr.split('.');
    for octet in &mut octets {
        let part = parts.next()?;
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *octet = part.parse().ok()?;
    }
    if parts.next().is_some() || prefix > 32 {
        return None;
    }
    Some((octets, prefix))
}

fn in_block(ip: [u8; 4], block: ([u8; 4], u8)) -> bool {
    let mask = u32::MAX.checked_shl(32 - u32::from(block.1)).unwrap_or(0);
    u32::from_be_bytes(ip) & mask == u32::from_be_bytes(block.0) & mask
}

fn severity(action: &Action) -> u8 {
    match action {
        Action::Block => 3,
        Action::Challenge => 2,
        Action::Allow => 1,
        _ => 0,
    }
}

fn as_verdict_action(action: &RuleAction) -> Action {
    match action {
        RuleAction::Allow => Action::Allow,
        RuleAction::Challenge => Action::Challenge,
        _ => Action::Block,
    }
}

/// The identifier of `device` that a rule of `kind` is compared with.
fn identifier_of(device: &Device, kind: &RuleType) -> Option<String> {
    let f = &device.fingerprints;
    match kind {
        RuleType::VisitorId => f.visitor_id.clone(),
        RuleType::BrowserId => f.browser_id.clone(),
        RuleType::VisitorFingerprint => Some(f.visitor_fingerprint.clone()),
        RuleType::BrowserFingerprint => Some(f.browser_fingerprint.clone()),
        RuleType::HardwareFingerprint => Some(f.hardware_fingerprint.clone()),
        RuleType::NetworkFingerprint => Some(f.network_fingerprint.clone()),
        RuleType::Asn => Some(ASN.to_owned()),
        RuleType::CountryCode => Some(COUNTRY.to_owned()),
        _ => None,
    }
}

/// The kinds of rule in the order lookups try them.
const ORDER: [RuleType; 9] = [
    RuleType::VisitorId,
    RuleType::BrowserId,
    RuleType::VisitorFingerprint,
    RuleType::BrowserFingerprint,
    RuleType::HardwareFingerprint,
    RuleType::NetworkFingerprint,
    RuleType::CidrBlock,
    RuleType::Asn,
    RuleType::CountryCode,
];

/// The rule that decides for `device`, if any: the first kind (in
/// [`ORDER`]) with a matching rule; among CIDR blocks the smallest block,
/// then the strictest action.
fn matching_rule<'a>(rules: &'a [StoredRule], device: &Device) -> Option<&'a StoredRule> {
    for kind in &ORDER {
        let mut candidates = rules.iter().filter(|r| r.rule_type == *kind);
        let found = if *kind == RuleType::CidrBlock {
            candidates
                .filter_map(|r| parse_cidr(&r.identifier).map(|b| (r, b)))
                .filter(|(_, b)| in_block(device.ip, *b))
                .max_by_key(|(r, b)| (b.1, severity(&as_verdict_action(&r.action))))
                .map(|(r, _)| r)
        } else {
            let mine = identifier_of(device, kind);
            // At most one rule per identifier is stored.
            candidates.find(|r| mine.as_deref() == Some(r.identifier.as_str()))
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// The reasons a telemetry id raises (by its prefix), and whether the
/// device is authentic.
fn raised(telemetry_id: &str) -> (Vec<&'static str>, bool) {
    if telemetry_id.starts_with(BLOCK_PREFIX) {
        (vec!["HEADLESS_BROWSER_AUTOMATION"], false)
    } else if telemetry_id.starts_with(CHALLENGE_PREFIX) {
        (vec!["VIRTUAL_MACHINE"], true)
    } else {
        (Vec::new(), true)
    }
}

fn verdict(fraud: &FraudState, telemetry_id: &str, device: &Device) -> Verdict {
    let (reasons_raised, authentic) = raised(telemetry_id);
    let mut out = Verdict::default();
    out.detected_device_type = "UNKNOWN".to_owned();
    out.is_authentic_device = authentic;
    if let Some(rule) = matching_rule(&fraud.rules, device) {
        out.action = as_verdict_action(&rule.action);
        out.reasons = vec![RULE_MATCH.to_owned()];
        out.rule_match_type = Some(rule.rule_type.clone());
        out.rule_match_identifier = Some(rule.identifier.clone());
        return out;
    }
    out.action = Action::Allow;
    for reason in reasons_raised {
        let default = reasons()
            .into_iter()
            .find(|(r, _)| *r == reason)
            .map_or(Action::Challenge, |(_, a)| a);
        let action = match fraud.overrides.iter().find(|o| o.reason == reason) {
            Some(o) => {
                let mut applied = VerdictReasonOverride::default();
                applied.verdict_reason = reason.to_owned();
                applied.override_action = o.action.clone();
                out.verdict_reason_overrides.push(applied);
                o.action.clone()
            }
            None => default,
        };
        if severity(&action) > severity(&out.action) {
            out.action = action;
        }
        out.reasons.push(reason.to_owned());
    }
    out
}

fn telemetry_not_found() -> Fail {
    Fail::new(
        404,
        "telemetry_id_not_found",
        "the telemetry_id is unknown or has expired",
    )
}

fn check_metadata(metadata: &Metadata) -> Result<(), Fail> {
    for (name, value) in [
        ("external_id", &metadata.external_id),
        ("organization_id", &metadata.organization_id),
        ("user_action", &metadata.user_action),
    ] {
        let Some(value) = value else { continue };
        let allowed = |c: char| c.is_ascii_alphanumeric() || "_-+.@".contains(c);
        if value.chars().count() > MAX_METADATA_LEN || !value.chars().all(allowed) {
            return Err(Fail::new(
                400,
                "invalid_external_metadata",
                format!("external_metadata.{name} must be at most 65 letters, digits or _ - + . @"),
            ));
        }
    }
    Ok(())
}

fn lookup(state: &State, p: fingerprint::Lookup) -> Reply {
    let telemetry_id = p.telemetry_id().as_str();
    if telemetry_id.is_empty() || telemetry_id.starts_with(NOT_FOUND_PREFIX) {
        return Err(telemetry_not_found());
    }
    let metadata = p.external_metadata().cloned().unwrap_or_default();
    check_metadata(&metadata)?;
    let device = device(telemetry_id);
    state.with(|s| {
        let now = s.now();
        let fraud = &mut s.fraud;
        fraud.prune(now);
        let first = match fraud.telemetry.iter().find(|(id, _)| id == telemetry_id) {
            Some((_, at)) => *at,
            None => {
                fraud.telemetry.push((telemetry_id.to_owned(), now));
                now
            }
        };
        let expires = first + TELEMETRY_LIFETIME_SECS;
        if expires <= now {
            return Err(telemetry_not_found());
        }
        let mut out = fingerprint::LookupResponse::default();
        out.telemetry_id = telemetry_id.to_owned();
        out.verdict = verdict(fraud, telemetry_id, &device);
        out.fingerprints = device.fingerprints.clone();
        out.external_metadata = metadata;
        out.created_at = ids::rfc3339(first);
        out.expires_at = ids::rfc3339(expires);
        let mut properties = fraud::Properties::default();
        let network = &mut properties.network_properties;
        let [a, b, c, d] = device.ip;
        network.ip_address = format!("{a}.{b}.{c}.{d}");
        network.asn.asn = ASN.to_owned();
        network.asn.name = "STYTCH-LOCAL-TEST-NET".to_owned();
        network.asn.network = NETWORK.to_owned();
        network.ip_geolocation.city = "San Francisco".to_owned();
        network.ip_geolocation.region = "California".to_owned();
        network.ip_geolocation.country = COUNTRY.to_owned();
        properties.browser_properties.user_agent = "Mozilla/5.0 (stytch-local)".to_owned();
        out.properties = Some(properties);
        Ok(answer(&out))
    })
}

fn bad_rule(error_type: &'static str, message: &str) -> Fail {
    Fail::new(400, error_type, message.to_owned())
}

/// The one identifier a `Set` names, checked and normalised.
fn rule_identifier(p: &rules::Set) -> Result<(RuleType, String), Fail> {
    let given = [
        (RuleType::VisitorId, p.visitor_id()),
        (RuleType::BrowserId, p.browser_id()),
        (RuleType::VisitorFingerprint, p.visitor_fingerprint()),
        (RuleType::BrowserFingerprint, p.browser_fingerprint()),
        (RuleType::HardwareFingerprint, p.hardware_fingerprint()),
        (RuleType::NetworkFingerprint, p.network_fingerprint()),
        (RuleType::CidrBlock, p.cidr_block()),
        (RuleType::CountryCode, p.country_code()),
        (RuleType::Asn, p.asn()),
    ];
    let (kind, value) = given
        .into_iter()
        .find_map(|(k, v)| v.map(|v| (k, v.clone())))
        .ok_or_else(|| {
            bad_rule(
                "invalid_request",
                "a rule needs one identifier: visitor_id, browser_id, a fingerprint, \
                 cidr_block, country_code or asn",
            )
        })?;
    if value.is_empty() {
        return Err(bad_rule(
            "invalid_request",
            "the rule's identifier is empty",
        ));
    }
    match kind {
        RuleType::CidrBlock => match parse_cidr(&value) {
            Some((_, prefix)) if (16..=32).contains(&prefix) => Ok((kind, value)),
            _ => Err(bad_rule(
                "invalid_cidr_block",
                "cidr_block must be an IPv4 address or a block with a prefix of 16 to 32 bits",
            )),
        },
        RuleType::CountryCode => {
            if value.len() == 2 && value.bytes().all(|b| b.is_ascii_alphabetic()) {
                Ok((kind, value.to_ascii_uppercase()))
            } else {
                Err(bad_rule(
                    "invalid_country_code",
                    "country_code must be an ISO 3166-1 alpha-2 code",
                ))
            }
        }
        RuleType::Asn => {
            if value.bytes().all(|b| b.is_ascii_digit()) && value.parse::<u32>().is_ok() {
                Ok((kind, value))
            } else {
                Err(bad_rule(
                    "invalid_asn",
                    "asn must be a whole number from 0 to 4294967295",
                ))
            }
        }
        _ => Ok((kind, value)),
    }
}

/// A stored rule as the API shows it (without `rule_type`'s own field set
/// in a `SetResponse`, which has no `rule_type`).
fn rule_view(r: &StoredRule) -> Rule {
    let mut out = Rule::default();
    out.rule_type = r.rule_type.clone();
    out.action = r.action.clone();
    out.created_at = ids::rfc3339(r.created_at);
    out.description.clone_from(&r.description);
    out.expires_at = r.expires_at.map(ids::rfc3339);
    out.last_updated_at = r.last_updated_at.map(ids::rfc3339);
    let id = Some(r.identifier.clone());
    match r.rule_type {
        RuleType::VisitorId => out.visitor_id = id,
        RuleType::BrowserId => out.browser_id = id,
        RuleType::VisitorFingerprint => out.visitor_fingerprint = id,
        RuleType::BrowserFingerprint => out.browser_fingerprint = id,
        RuleType::HardwareFingerprint => out.hardware_fingerprint = id,
        RuleType::NetworkFingerprint => out.network_fingerprint = id,
        RuleType::CidrBlock => out.cidr_block = id,
        RuleType::CountryCode => out.country_code = id,
        _ => out.asn = id,
    }
    out
}

fn set_rule(state: &State, p: rules::Set) -> Reply {
    let (kind, identifier) = rule_identifier(&p)?;
    let action = p.action().clone();
    if !matches!(
        action,
        RuleAction::Allow | RuleAction::Challenge | RuleAction::Block | RuleAction::None
    ) {
        return Err(bad_rule(
            "invalid_rule_action",
            "action must be ALLOW, CHALLENGE, BLOCK or NONE",
        ));
    }
    if kind == RuleType::CountryCode && action == RuleAction::Allow {
        return Err(bad_rule(
            "invalid_rule_action",
            "a country_code rule cannot ALLOW",
        ));
    }
    if p.expires_in_minutes() == Some(&0) {
        return Err(bad_rule(
            "invalid_request",
            "expires_in_minutes must be at least 1",
        ));
    }
    state.with(|s| {
        let now = s.now();
        let fraud = &mut s.fraud;
        fraud.prune(now);
        let existing = fraud
            .rules
            .iter()
            .position(|r| r.rule_type == kind && r.identifier == identifier);
        let mut out = rules::SetResponse::default();
        out.action = action.clone();
        if action == RuleAction::None {
            if let Some(i) = existing {
                fraud.rules.remove(i);
            }
        } else {
            let rule = StoredRule {
                rule_type: kind.clone(),
                identifier: identifier.clone(),
                action: action.clone(),
                description: p.description().cloned(),
                created_at: existing.map_or(now, |i| fraud.rules[i].created_at),
                expires_at: p.expires_in_minutes().map(|m| now + u64::from(*m) * 60),
                last_updated_at: existing.map(|_| now),
            };
            out.expires_at = rule.expires_at.map(ids::rfc3339);
            match existing {
                Some(i) => fraud.rules[i] = rule,
                None => fraud.rules.push(rule),
            }
        }
        let view = rule_view(&StoredRule {
            rule_type: kind,
            identifier,
            action,
            description: None,
            created_at: now,
            expires_at: None,
            last_updated_at: None,
        });
        out.visitor_id = view.visitor_id;
        out.browser_id = view.browser_id;
        out.visitor_fingerprint = view.visitor_fingerprint;
        out.browser_fingerprint = view.browser_fingerprint;
        out.hardware_fingerprint = view.hardware_fingerprint;
        out.network_fingerprint = view.network_fingerprint;
        out.cidr_block = view.cidr_block;
        out.country_code = view.country_code;
        out.asn = view.asn;
        Ok(answer(&out))
    })
}

fn list_rules(state: &State, p: rules::List) -> Reply {
    let start = match p.cursor() {
        None => 0,
        Some(c) => c
            .strip_prefix(RULES_CURSOR)
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| Fail::new(400, "invalid_cursor", "this cursor was not issued here"))?,
    };
    let limit = p
        .limit()
        .copied()
        .unwrap_or(DEFAULT_RULES_LIMIT)
        .clamp(1, MAX_RULES_LIMIT) as usize;
    state.with(|s| {
        let now = s.now();
        s.fraud.prune(now);
        let all = &s.fraud.rules;
        let mut out = rules::ListResponse::default();
        out.rules = all.iter().skip(start).take(limit).map(rule_view).collect();
        let end = start + out.rules.len();
        if end < all.len() {
            out.next_cursor = format!("{RULES_CURSOR}{end}");
        }
        Ok(answer(&out))
    })
}

fn reason_view(fraud: &FraudState, reason: &str, default: Action) -> VerdictReasonAction {
    let mut out = VerdictReasonAction::default();
    out.verdict_reason = reason.to_owned();
    out.default_action = default;
    if let Some(o) = fraud.overrides.iter().find(|o| o.reason == reason) {
        out.override_action = Some(o.action.clone());
        out.override_created_at = Some(ids::rfc3339(o.created_at));
        out.override_description.clone_from(&o.description);
    }
    out
}

fn override_reason(state: &State, p: verdict_reasons::Override) -> Reply {
    let reason = p.verdict_reason().as_str();
    if reason == RULE_MATCH {
        return Err(Fail::new(
            400,
            "invalid_verdict_reason",
            "RULE_MATCH cannot be overridden; change the rule instead",
        ));
    }
    let default = reasons()
        .into_iter()
        .find(|(r, _)| *r == reason)
        .map(|(_, a)| a)
        .ok_or_else(|| {
            Fail::new(
                400,
                "invalid_verdict_reason",
                "this verdict reason cannot be overridden (see verdict_reasons/list)",
            )
        })?;
    let action = match p.override_action() {
        RuleAction::Allow => Some(Action::Allow),
        RuleAction::Challenge => Some(Action::Challenge),
        RuleAction::Block => Some(Action::Block),
        RuleAction::None => None,
        _ => {
            return Err(Fail::new(
                400,
                "invalid_override_action",
                "override_action must be ALLOW, CHALLENGE, BLOCK or NONE",
            ));
        }
    };
    state.with(|s| {
        let now = s.now();
        let fraud = &mut s.fraud;
        fraud.overrides.retain(|o| o.reason != reason);
        if let Some(action) = action {
            fraud.overrides.push(StoredOverride {
                reason: reason.to_owned(),
                action,
                created_at: now,
                description: p.override_description().cloned(),
            });
        }
        let mut out = verdict_reasons::OverrideResponse::default();
        out.verdict_reason_action = reason_view(fraud, reason, default);
        Ok(answer(&out))
    })
}

fn list_reasons(state: &State, p: verdict_reasons::List) -> Reply {
    let only_overrides = p.overrides_only() == Some(&true);
    state.with(|s| {
        let mut out = verdict_reasons::ListResponse::default();
        out.verdict_reason_actions = reasons()
            .into_iter()
            .map(|(reason, default)| reason_view(&s.fraud, reason, default))
            .filter(|r| !only_overrides || r.override_action.is_some())
            .collect();
        Ok(answer(&out))
    })
}

/// Domains whose addresses count as throwaway.
pub const DISPOSABLE_DOMAINS: [&str; 5] = [
    "mailinator.com",
    "guerrillamail.com",
    "10minutemail.com",
    "trashmail.com",
    "yopmail.com",
];
/// Top-level domains that never receive mail (RFC 2606 / RFC 6761).
const NO_MAIL_TLDS: [&str; 3] = [".invalid", ".test", ".localhost"];
/// Local parts (after normalising) that name a role, not a person.
pub const ROLE_LOCAL_PARTS: [&str; 12] = [
    "admin",
    "administrator",
    "billing",
    "contact",
    "help",
    "info",
    "noreply",
    "no-reply",
    "postmaster",
    "sales",
    "security",
    "support",
];

/// The email risk rule; see the crate docs for the table.
fn rate_email(address: &str) -> email::RiskResponse {
    let mut out = email::RiskResponse::default();
    let parts = address.split_once('@').filter(|(local, domain)| {
        !local.is_empty()
            && !domain.is_empty()
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !address.chars().any(|c| c.is_whitespace() || c.is_control())
    });
    let Some((local, domain)) = parts else {
        out.address_information.normalized_email = address.to_ascii_lowercase();
        out.action = Action::Block;
        out.risk_score = 100;
        return out;
    };
    let local = local.to_ascii_lowercase();
    let domain = domain.to_ascii_lowercase();
    let base = local.split('+').next().unwrap_or_default().replace('.', "");
    let info = &mut out.address_information;
    info.has_valid_syntax = true;
    info.normalized_email = format!("{base}@{domain}");
    info.tumbling_character_count =
        u32::try_from(local.chars().filter(|c| *c == '.' || *c == '+').count()).unwrap_or(u32::MAX);
    info.is_suspected_role_address = ROLE_LOCAL_PARTS.contains(&base.as_str());
    info.has_known_bounces = base.starts_with("bounce");
    let dom = &mut out.domain_information;
    dom.is_disposable_domain = DISPOSABLE_DOMAINS.contains(&domain.as_str());
    dom.has_mx_or_a_record = !NO_MAIL_TLDS.iter().any(|tld| domain.ends_with(tld));

    let mut score = 10 * out.address_information.tumbling_character_count.min(3);
    if out.domain_information.is_disposable_domain || !out.domain_information.has_mx_or_a_record {
        score += 80;
    }
    if out.address_information.has_known_bounces {
        score += 40;
    }
    if out.address_information.is_suspected_role_address {
        score += 30;
    }
    out.risk_score = score.min(100);
    out.action = match out.risk_score {
        80.. => Action::Block,
        30.. => Action::Challenge,
        _ => Action::Allow,
    };
    out
}

fn email_risk(_: &State, p: email::Risk) -> Reply {
    Ok(answer(&rate_email(p.email_address())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_rule_examples() {
        let rate = |a: &str| {
            let r = rate_email(a);
            (r.action, r.risk_score)
        };
        assert_eq!(rate("ada@example.com"), (Action::Allow, 0));
        assert_eq!(rate("a.da@example.com"), (Action::Allow, 10));
        assert_eq!(rate("a.d.a+x@example.com"), (Action::Challenge, 30));
        assert_eq!(rate("support@example.com"), (Action::Challenge, 30));
        assert_eq!(rate("bounce@example.com"), (Action::Challenge, 40));
        assert_eq!(rate("ada@mailinator.com"), (Action::Block, 80));
        assert_eq!(rate("ada@nowhere.invalid"), (Action::Block, 80));
        assert_eq!(rate("not an address"), (Action::Block, 100));
        let r = rate_email("A.Da+promo@Example.com");
        assert_eq!(r.address_information.normalized_email, "ada@example.com");
        assert_eq!(r.address_information.tumbling_character_count, 2);
    }

    #[test]
    fn cidr_blocks_match_by_prefix() {
        let block = parse_cidr("192.0.2.0/24").unwrap();
        assert!(in_block([192, 0, 2, 77], block));
        assert!(!in_block([192, 0, 3, 77], block));
        assert!(in_block([192, 0, 2, 7], parse_cidr("192.0.2.7").unwrap()));
        assert!(!in_block([192, 0, 2, 8], parse_cidr("192.0.2.7").unwrap()));
        assert!(in_block([10, 1, 2, 3], parse_cidr("0.0.0.0/0").unwrap()));
        for bad in [
            "192.0.2",
            "192.0.2.0/33",
            "192.0.2.256",
            "1.2.3.4.5",
            "a.b.c.d",
            "",
        ] {
            assert!(parse_cidr(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn devices_are_stable_and_differ_by_id() {
        let a = device("t-1");
        let b = device("t-1");
        let c = device("t-2");
        assert_eq!(a.fingerprints.visitor_id, b.fingerprints.visitor_id);
        assert_ne!(a.fingerprints.visitor_id, c.fingerprints.visitor_id);
        assert!(
            a.fingerprints
                .visitor_id
                .as_deref()
                .unwrap()
                .starts_with("visitor-")
        );
        assert_eq!(a.ip[..3], [192, 0, 2]);
    }
}
