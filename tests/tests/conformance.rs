//! Conformance with Stytch's published shapes (`spec/`, read from the
//! official SDK): every declared call, parameter, group rule and answer
//! field is checked against the spec, never against fixtures of our own.
//!
//! Fails on:
//! - a declared call whose method and path are not a call of the spec;
//! - a parameter the call does not take, or sent in the wrong place; a
//!   parameter the spec requires that is optional or missing in ours
//!   (outside a group); a parameter of the spec we do not declare;
//! - a group rule weaker or stronger than the spec states (the reviewed
//!   choices for rules the spec leaves open are listed in `CHOICES`);
//! - an answer field (at any depth) whose wire name is not in the spec's
//!   model, or a spec field our answer type does not decode (apart from
//!   the reviewed `RAW_JSON` list).
//!
//! It prints, per call, the share of the spec's answer fields we decode.

use std::collections::BTreeSet;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use stytch_endpoints::m2m;
use stytch_endpoints::{BodyFormat, Describe, GroupRule, Host, Location};
use stytch_endpoints::{crypto_wallets, debug, fraud, impersonation, project, rbac};
use stytch_endpoints::{
    idp, magic_links, oauth, otps, passwords, sessions, totps, users, webauthn,
};
use stytch_tests::spec::{Spec, SpecCall, normalise_path};

#[path = "common/totp.rs"]
mod totp;

#[path = "common/passkey.rs"]
mod passkey;

/// What decoding a sample gave: the paths serde ignored, and the value
/// encoded back from the answer type.
type Decoded = (Vec<String>, Value);

/// One declared call, as the test sees it.
struct Declared {
    name: &'static str,
    description: stytch_endpoints::runtime::describe::Description,
    host: Host,
    body_format: BodyFormat,
    /// Decodes a JSON answer into the call's answer type and encodes it
    /// back: (paths serde ignored, the re-encoded value).
    decode: fn(Value) -> Result<Decoded, String>,
}

fn declared<E>(name: &'static str) -> Declared
where
    E: Describe,
    E::Response: Serialize + DeserializeOwned,
{
    Declared {
        name,
        description: E::DESCRIPTION,
        host: E::HOST,
        body_format: E::BODY,
        decode: decode_and_encode::<E::Response>,
    }
}

fn decode_and_encode<T: Serialize + DeserializeOwned>(value: Value) -> Result<Decoded, String> {
    let mut ignored = Vec::new();
    let decoded: T = serde_ignored::deserialize(value, |path| {
        ignored.push(normalise_path(&path.to_string()));
    })
    .map_err(|e| e.to_string())?;
    let encoded = serde_json::to_value(&decoded).map_err(|e| e.to_string())?;
    Ok((ignored, encoded))
}

/// Every call `stytch-endpoints` declares. `every_declaration_is_listed`
/// keeps this complete.
fn all_declared() -> Vec<Declared> {
    macro_rules! list {
        ($($ty:path),* $(,)?) => { vec![$(declared::<$ty>(stringify!($ty))),*] };
    }
    list![
        idp::AuthorizeStart,
        idp::Authorize,
        idp::IntrospectToken,
        m2m::Token,
        m2m::GetClient,
        m2m::SearchClients,
        m2m::UpdateClient,
        m2m::DeleteClient,
        m2m::CreateClient,
        m2m::RotateSecretStart,
        m2m::RotateSecretCancel,
        m2m::RotateSecret,
        magic_links::SendEmail,
        magic_links::Authenticate,
        magic_links::Create,
        magic_links::LoginOrCreateEmail,
        magic_links::Invite,
        magic_links::RevokeInvite,
        oauth::Attach,
        oauth::Authenticate,
        otps::Authenticate,
        otps::SendSms,
        otps::LoginOrCreateSms,
        otps::SendWhatsApp,
        otps::LoginOrCreateWhatsApp,
        otps::SendEmail,
        otps::LoginOrCreateEmail,
        passwords::Create,
        passwords::Authenticate,
        passwords::StrengthCheck,
        passwords::Migrate,
        passwords::ResetByEmailStart,
        passwords::ResetByEmail,
        passwords::ResetByExistingPassword,
        passwords::ResetBySession,
        sessions::Authenticate,
        sessions::Revoke,
        sessions::List,
        sessions::GetJwks,
        totps::Create,
        totps::Authenticate,
        totps::RecoveryCodes,
        totps::Recover,
        users::Create,
        users::Get,
        users::Search,
        users::Update,
        users::Delete,
        users::DeleteEmail,
        users::DeletePhoneNumber,
        users::DeleteWebAuthnRegistration,
        users::DeleteBiometricRegistration,
        users::DeleteTotp,
        users::DeletePassword,
        users::ExchangePrimaryFactor,
        sessions::Migrate,
        sessions::ExchangeAccessToken,
        sessions::Attest,
        webauthn::RegisterStart,
        webauthn::Register,
        webauthn::AuthenticateStart,
        webauthn::Authenticate,
        webauthn::Update,
        webauthn::ListCredentials,
        users::DeleteCryptoWallet,
        users::DeleteOAuthRegistration,
        users::DeleteExternalId,
        crypto_wallets::AuthenticateStart,
        crypto_wallets::Authenticate,
        debug::Whoami,
        fraud::fingerprint::Lookup,
        fraud::rules::Set,
        fraud::rules::List,
        fraud::verdict_reasons::Override,
        fraud::verdict_reasons::List,
        fraud::email::Risk,
        impersonation::Authenticate,
        project::Metrics,
        rbac::Policy,
        users::ConnectedApps,
        users::RevokeConnectedApp,
        stytch_endpoints::connected_apps::GetClient,
        stytch_endpoints::connected_apps::UpdateClient,
        stytch_endpoints::connected_apps::DeleteClient,
        stytch_endpoints::connected_apps::SearchClients,
        stytch_endpoints::connected_apps::CreateClient,
        stytch_endpoints::connected_apps::RotateSecretStart,
        stytch_endpoints::connected_apps::RotateSecretCancel,
        stytch_endpoints::connected_apps::RotateSecret,
    ]
}

/// Group rules the spec leaves open, and the rule each declaration chose.
/// (call, members, our rule, why). The declaration's doc says the same.
///
/// `POST /v1/m2m/clients` lists `client_id` and `client_secret` as
/// alternatives too; they are not (importing a client sets both), so that
/// declaration has no rule and no entry here.
const CHOICES: &[(&str, &[&str], GroupRule, &str)] = &[
    (
        "POST /v1/magic_links/email/send",
        &["user_id", "session_token", "session_jwt"],
        GroupRule::AtMostOne,
        "the spec names them as alternatives without saying they exclude each other; \
         which user the link is for must not be ambiguous",
    ),
    (
        "POST /v1/otps/authenticate",
        &["session_token", "session_jwt"],
        GroupRule::AtMostOne,
        "both name the session to extend; two could name different sessions",
    ),
    (
        "POST /v1/magic_links/authenticate",
        &["session_token", "session_jwt"],
        GroupRule::AtMostOne,
        "both name the session to add the factor to; two could name different sessions",
    ),
    (
        "POST /v1/passwords/authenticate",
        &["session_token", "session_jwt"],
        GroupRule::AtMostOne,
        "both name the session to add the factor to; two could name different sessions",
    ),
    (
        "POST /v1/otps/sms/send",
        &["user_id", "session_token", "session_jwt"],
        GroupRule::AtMostOne,
        "the spec names them as alternatives without saying they exclude each other; \
         which user the code is for must not be ambiguous (as magic_links::SendEmail)",
    ),
    (
        "POST /v1/otps/whatsapp/send",
        &["user_id", "session_token", "session_jwt"],
        GroupRule::AtMostOne,
        "the spec names them as alternatives without saying they exclude each other; \
         which user the code is for must not be ambiguous (as magic_links::SendEmail)",
    ),
    (
        "POST /v1/otps/email/send",
        &["user_id", "session_token", "session_jwt"],
        GroupRule::AtMostOne,
        "the spec names them as alternatives without saying they exclude each other; \
         which user the code is for must not be ambiguous (as magic_links::SendEmail)",
    ),
    (
        "POST /v1/passwords/email/reset",
        &["session_token", "session_jwt"],
        GroupRule::AtMostOne,
        "both name the session to keep and extend; two could name different sessions",
    ),
    (
        "POST /v1/passwords/existing_password/reset",
        &["session_token", "session_jwt"],
        GroupRule::AtMostOne,
        "both name the session to keep and extend; two could name different sessions",
    ),
    (
        "POST /v1/totps/authenticate",
        &["session_token", "session_jwt"],
        GroupRule::AtMostOne,
        "both name the session to add the factor to; two could name different sessions",
    ),
    (
        "POST /v1/totps/recover",
        &["session_token", "session_jwt"],
        GroupRule::AtMostOne,
        "both name the session to add the factor to; two could name different sessions",
    ),
    (
        "POST /v1/sessions/attest",
        &["session_token", "session_jwt"],
        GroupRule::AtMostOne,
        "both name the session to add the factor to; two could name different sessions",
    ),
    (
        "POST /v1/webauthn/register",
        &["session_token", "session_jwt"],
        GroupRule::AtMostOne,
        "both name the session to add the factor to; two could name different sessions",
    ),
    (
        "POST /v1/webauthn/authenticate",
        &["session_token", "session_jwt"],
        GroupRule::AtMostOne,
        "both name the session to add the factor to; two could name different sessions",
    ),
    (
        "POST /v1/crypto_wallets/authenticate/start",
        &["user_id", "session_token", "session_jwt"],
        GroupRule::AtMostOne,
        "each names the user to attach the wallet to; two could name different users",
    ),
    (
        "POST /v1/crypto_wallets/authenticate",
        &["session_token", "session_jwt"],
        GroupRule::AtMostOne,
        "both name the session to add the factor to; two could name different sessions",
    ),
];

/// Answer fields deliberately not decoded into typed fields (reviewed):
/// (call, field path, why). Empty: every spec field is decoded.
const RAW_JSON: &[(&str, &str, &str)] = &[];

/// Parameters the spec lists that our declaration leaves out on purpose:
/// (call, wire name, why).
const PARAMS_LEFT_OUT: &[(&str, &str, &str)] = &[
    (
        "POST /v1/public/{project_id}/oauth2/token",
        "extra",
        "the SDK's catch-all of keys spread into the body; Stytch documents no other \
         parameter of the client-credentials grant",
    ),
    (
        "POST /v1/public/{project_id}/oauth2/introspect",
        "authorization_check",
        "never sent: the SDK checks it itself against the RBAC policy after the call",
    ),
];

fn rule_name(rule: GroupRule) -> &'static str {
    rule.as_str()
}

/// The rule the spec's group kind states, when it states one.
fn spec_rule(kind: &str) -> Option<GroupRule> {
    match kind {
        "exactly_one" => Some(GroupRule::ExactlyOne),
        "at_most_one" => Some(GroupRule::AtMostOne),
        "at_least_one" => Some(GroupRule::AtLeastOne),
        // "At least one, and in practice one": one is the careful reading.
        "either_or_required" => Some(GroupRule::ExactlyOne),
        "either_or_optional" => Some(GroupRule::AtMostOne),
        _ => None,
    }
}

fn spec_call(d: &Declared) -> Option<&'static SpecCall> {
    Spec::get().b2c_call(
        d.description.route.method.as_str(),
        d.description.route.path,
    )
}

#[test]
fn every_b2c_call_of_the_spec_is_declared() {
    let declared: BTreeSet<String> = all_declared()
        .iter()
        .map(|d| d.description.route.to_string())
        .collect();
    let b2c: Vec<&SpecCall> = Spec::get()
        .calls
        .iter()
        .filter(|c| c.side == "b2c")
        .collect();
    let missing: Vec<String> = b2c
        .iter()
        .map(|c| format!("{} {}", c.http_method, c.path))
        .filter(|route| !declared.contains(route))
        .collect();
    let covered = b2c.len() - missing.len();
    println!("B2C calls declared: {covered}/{}", b2c.len());
    assert!(missing.is_empty(), "B2C calls not declared: {missing:#?}");
    assert_eq!(
        covered, 89,
        "the spec (official SDK 15.3.0) has 89 B2C calls"
    );
}

#[test]
fn every_declared_call_is_a_call_of_the_spec() {
    let missing: Vec<String> = all_declared()
        .iter()
        .filter(|d| spec_call(d).is_none())
        .map(|d| format!("{} ({})", d.name, d.description.route))
        .collect();
    assert!(missing.is_empty(), "not calls of the spec: {missing:#?}");
}

#[test]
fn every_declaration_is_listed() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../endpoints/src");
    let mut count = 0;
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).expect("endpoints/src") {
                stack.push(entry.expect("endpoints/src").path());
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("endpoints source");
            count += text
                .lines()
                .filter(|l| l.trim_start().starts_with("#[endpoint("))
                .count();
        }
    }
    assert_eq!(
        count,
        all_declared().len(),
        "endpoints/src declares {count} calls; add the new ones to all_declared()"
    );
}

#[test]
fn every_call_goes_to_the_spec_host_with_the_spec_body_format() {
    let mut wrong = Vec::new();
    for d in all_declared() {
        let Some(call) = spec_call(&d) else { continue };
        let spec_host = if call.host.starts_with("telemetry.stytch.com") {
            Host::Fraud
        } else {
            Host::Api
        };
        if d.host != spec_host {
            wrong.push(format!(
                "{}: host {:?}, spec: {}",
                d.name, d.host, call.host
            ));
        }
        // A call without a body has no content type to compare.
        let has_body = d.description.route.method.has_body();
        if has_body && d.body_format.content_type() != call.content_type {
            wrong.push(format!(
                "{}: body {}, spec: {}",
                d.name,
                d.body_format.content_type(),
                call.content_type
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

fn location_matches(ours: Location, spec: &str, method: &str) -> bool {
    match ours {
        Location::Path => spec == "path",
        Location::Query => spec == "query" || (spec == "body" && method == "GET"),
        Location::Body => spec == "body" || spec == "body(spread)" || spec == "form",
    }
}

#[test]
fn parameters_match_the_spec() {
    let mut problems = Vec::new();
    for d in all_declared() {
        let Some(call) = spec_call(&d) else { continue };
        let route = d.description.route.to_string();
        let method = call.http_method.as_str();
        let grouped: BTreeSet<&str> = d
            .description
            .groups
            .iter()
            .flat_map(|g| g.members.iter().copied())
            .collect();
        for ours in d.description.params {
            match call.wire_params().find(|(p, _)| p.wire() == ours.wire_name) {
                None => problems.push(format!(
                    "{route}: `{}` is not a parameter of {}",
                    ours.wire_name, call.sdk_method
                )),
                Some((p, required)) => {
                    if !location_matches(ours.location, &p.location, method) {
                        problems.push(format!(
                            "{route}: `{}` goes in the {}, the spec sends it in the {}",
                            ours.wire_name,
                            ours.location.as_str(),
                            p.location
                        ));
                    }
                    if required && !ours.required && !grouped.contains(ours.wire_name) {
                        problems.push(format!(
                            "{route}: `{}` is required by the spec, optional in ours",
                            ours.wire_name
                        ));
                    }
                }
            }
        }
        for (p, required) in call.wire_params() {
            // GET calls of the SDK also repeat path parameters in the query.
            let path_echo = p.location != "path"
                && d.description
                    .param(p.wire())
                    .is_some_and(|o| o.location == Location::Path);
            if d.description.param(p.wire()).is_none() && !path_echo {
                let allowed = PARAMS_LEFT_OUT
                    .iter()
                    .any(|(c, n, _)| *c == route && *n == p.name);
                if !allowed {
                    let what = if required { "required" } else { "optional" };
                    problems.push(format!(
                        "{route}: the spec's {what} parameter `{}` ({}) is not declared",
                        p.name, p.ty
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn group_rules_match_the_spec() {
    let mut problems = Vec::new();
    for d in all_declared() {
        let Some(call) = spec_call(&d) else { continue };
        let route = d.description.route.to_string();
        let ours: BTreeSet<(GroupRule, BTreeSet<&str>)> = d
            .description
            .groups
            .iter()
            .map(|g| (g.rule, g.members.iter().copied().collect()))
            .collect();
        let mut expected: BTreeSet<(GroupRule, BTreeSet<&str>)> = BTreeSet::new();
        for g in &call.groups {
            match spec_rule(&g.kind) {
                Some(rule) => {
                    expected.insert((rule, g.members.iter().map(String::as_str).collect()));
                }
                None => problems.push(format!(
                    "{route}: the spec's `{}` rule on {:?} has no counterpart yet",
                    g.kind, g.members
                )),
            }
        }
        for (call_route, members, rule, _why) in CHOICES {
            if *call_route == route {
                expected.insert((*rule, members.iter().copied().collect()));
            }
        }
        for (rule, members) in ours.difference(&expected) {
            problems.push(format!(
                "{route}: ours has `{}` of {members:?}, which the spec does not state",
                rule_name(*rule)
            ));
        }
        for (rule, members) in expected.difference(&ours) {
            problems.push(format!(
                "{route}: the spec states `{}` of {members:?}, ours does not",
                rule_name(*rule)
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn answers_decode_every_spec_field_and_invent_none() {
    let spec = Spec::get();
    let mut problems = Vec::new();
    let mut report = Vec::new();
    for d in all_declared() {
        let Some(call) = spec_call(&d) else { continue };
        let route = d.description.route.to_string();
        let model = &call.response_model;
        let sample = spec.sample_model(model);
        let (ignored, encoded) = match (d.decode)(sample) {
            Ok(found) => found,
            Err(e) => {
                problems.push(format!("{route}: a full spec sample does not decode: {e}"));
                continue;
            }
        };
        let raw: Vec<&str> = RAW_JSON
            .iter()
            .filter(|(c, _, _)| *c == route)
            .map(|(_, p, _)| *p)
            .collect();
        let under = |path: &str, roots: &[String]| {
            roots.iter().any(|r| {
                path == r
                    || path.starts_with(&format!("{r}."))
                    || path.starts_with(&format!("{r}["))
            })
        };
        let paths = spec.field_paths(model);
        let total = paths.len();
        // Decoded: not ignored on the way in, and present again on the way
        // out (a flattened map can swallow a key without serde_ignored
        // seeing it; re-encoding shows whether a typed field holds it).
        let missed: Vec<&(String, bool)> = paths
            .iter()
            .filter(|(p, _)| under(p, &ignored) || lookup(&encoded, p).is_none())
            .collect();
        for (path, required) in &missed {
            if raw
                .iter()
                .any(|r| path == r || path.starts_with(&format!("{r}.")))
            {
                continue;
            }
            let what = if *required { "required" } else { "optional" };
            problems.push(format!(
                "{route}: the {what} answer field `{path}` is not decoded"
            ));
        }
        for problem in spec.problems(&stytch_tests::spec::Ty::Model(model.clone()), &encoded) {
            if problem.contains("not a field of") {
                problems.push(format!("{route}: re-encoded answer: {problem}"));
            }
        }
        report.push(format!(
            "{:<48} {:>4}/{:<4} answer fields decoded ({:.0} %)",
            route,
            total - missed.len(),
            total,
            100.0 * (total - missed.len()) as f64 / total.max(1) as f64
        ));
    }
    println!("{}", report.join("\n"));
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The value at a field path of `Spec::field_paths` (`a.b[].c`, `m{}.x`),
/// following the first element of lists and maps.
fn lookup<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    let mut at = value;
    for part in path.split('.') {
        let (key, mut rest) = match part.find(['[', '{']) {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        at = at.as_object()?.get(key)?;
        while !rest.is_empty() {
            at = if let Some(r) = rest.strip_prefix("[]") {
                rest = r;
                at.as_array()?.first()?
            } else if let Some(r) = rest.strip_prefix("{}") {
                rest = r;
                at.as_object()?.values().next()?
            } else {
                return None;
            };
        }
    }
    Some(at)
}

#[test]
fn reviewed_lists_name_declared_calls() {
    let routes: BTreeSet<String> = all_declared()
        .iter()
        .map(|d| d.description.route.to_string())
        .collect();
    let listed = CHOICES
        .iter()
        .map(|c| c.0)
        .chain(RAW_JSON.iter().map(|c| c.0))
        .chain(PARAMS_LEFT_OUT.iter().map(|c| c.0));
    for route in listed {
        assert!(routes.contains(route), "{route} is listed but not declared");
    }
}

/// Stytch's error shape (from the wire reference): what every non-2xx answer
/// of the local server must carry.
fn error_shape_problems(answer: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (key, is_right) in [
        ("status_code", Value::is_u64 as fn(&Value) -> bool),
        ("request_id", Value::is_string),
        ("error_type", Value::is_string),
        ("error_message", Value::is_string),
        ("error_url", Value::is_string),
    ] {
        if !answer.get(key).is_some_and(is_right) {
            out.push(format!("`{key}` missing or of the wrong JSON type"));
        }
    }
    out
}

/// The OAuth 2.0 error shape (RFC 6749, section 5.2) with Stytch's
/// `status_code` and `request_id`: what Stytch's OAuth 2.0 endpoints send.
fn oauth2_error_shape_problems(answer: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (key, is_right) in [
        ("status_code", Value::is_u64 as fn(&Value) -> bool),
        ("request_id", Value::is_string),
        ("error", Value::is_string),
        ("error_description", Value::is_string),
        ("error_uri", Value::is_string),
    ] {
        if !answer.get(key).is_some_and(is_right) {
            out.push(format!("`{key}` missing or of the wrong JSON type"));
        }
    }
    out
}

/// Drives every declared call against the local server, with valid
/// requests and with requests Stytch refuses, and checks each raw answer
/// against the spec's model of that call (or Stytch's error shape): a
/// client that validates answers, like the official SDKs, accepts them.
#[test]
fn local_server_answers_follow_the_spec() {
    use stytch_endpoints::Route;
    use stytch_local::{
        DEMO_BIOMETRIC_REGISTRATION_ID, DEMO_WEBAUTHN_REGISTRATION_ID, IDP_TEST_CLIENT_ID,
        LocalServer, OAUTH_TEST_TOKEN, OTP_TEST_CODE,
    };
    use stytch_tests::raw_call;
    use stytch_tests::spec::Ty;

    let server = LocalServer::start().expect("local server");
    let spec = Spec::get();
    let mut problems = Vec::new();
    let mut answered_ok = BTreeSet::new();
    let mut answered_error = BTreeSet::new();
    let mut check = |route: Route, (status, answer): (u16, Value)| -> Value {
        if status == 200 {
            answered_ok.insert(route.to_string());
            let model = spec
                .b2c_call(route.method.as_str(), route.path)
                .map(|c| c.response_model.clone())
                .expect("a call of the spec");
            for p in spec.problems(&Ty::Model(model), &answer) {
                problems.push(format!("{route} 200: {p}"));
            }
        } else {
            answered_error.insert(route.to_string());
            let shape = if route.path.starts_with("/v1/public/{project_id}/oauth2/") {
                oauth2_error_shape_problems
            } else {
                error_shape_problems
            };
            for p in shape(&answer) {
                problems.push(format!("{route} {status}: {p}"));
            }
        }
        answer
    };
    macro_rules! send {
        ($call:expr) => {{
            let call = $call;
            check(route_of(&call), raw_call(&server, &call))
        }};
    }
    let text = |v: &Value, key: &str| v[key].as_str().unwrap_or_default().to_owned();

    let created = send!(
        users::Create::builder()
            .email("ada@example.com")
            .phone_number("+12025550162")
            .build()
    );
    let (user_id, email_id, phone_id) = (
        text(&created, "user_id"),
        text(&created, "email_id"),
        text(&created, "phone_id"),
    );
    send!(users::Create::builder().email("ada@example.com").build());
    send!(users::Get::builder().user_id(&user_id).build());
    send!(users::Get::builder().user_id("user-test-unknown").build());
    send!(users::Search::builder().limit(10u32).build());
    send!(users::Search::builder().cursor("not-a-cursor").build());
    send!(
        users::Update::builder()
            .user_id(&user_id)
            .name(users::Name::new("Ada", "Lovelace"))
            .build()
    );
    send!(
        users::Update::builder()
            .user_id("user-test-unknown")
            .external_id("x")
            .build()
    );
    let login = send!(
        otps::Authenticate::builder()
            .method_id(&email_id)
            .code(OTP_TEST_CODE)
            .session_duration_minutes(60u32)
            .build()
    );
    send!(
        otps::Authenticate::builder()
            .method_id(&email_id)
            .code("999999")
            .build()
    );
    let (token, jwt) = (text(&login, "session_token"), text(&login, "session_jwt"));
    send!(
        sessions::Authenticate::builder()
            .session_token(&token)
            .build()
    );
    send!(
        sessions::Authenticate::builder()
            .session_token("no-such-session")
            .build()
    );
    send!(sessions::List::builder().user_id(&user_id).build());
    // An authenticator app as the second factor of the OTP session.
    let enrolled = send!(totps::Create::builder().user_id(&user_id).build());
    send!(
        totps::Create::builder()
            .user_id("user-test-unknown")
            .build()
    );
    let (totp_id, secret) = (text(&enrolled, "totp_id"), text(&enrolled, "secret"));
    send!(
        totps::Authenticate::builder()
            .user_id(&user_id)
            .totp_code(totp::code(&secret, totp::step_now()))
            .session_token(&token)
            .build()
    );
    send!(
        totps::Authenticate::builder()
            .user_id(&user_id)
            .totp_code(totp::wrong_code(&secret))
            .build()
    );
    let codes = send!(totps::RecoveryCodes::builder().user_id(&user_id).build());
    send!(
        totps::RecoveryCodes::builder()
            .user_id("user-test-unknown")
            .build()
    );
    let recovery_code = codes["totps"][0]["recovery_codes"][0]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    for _ in 0..2 {
        // The second use of the code is refused.
        send!(
            totps::Recover::builder()
                .user_id(&user_id)
                .recovery_code(&recovery_code)
                .session_jwt(&jwt)
                .build()
        );
    }
    // Passkeys (a key made here registers and logs in), and the sessions
    // calls that start a session from elsewhere, with their test values.
    {
        use stytch_local::{
            ACCESS_TOKEN_TEST_TOKEN, MIGRATE_TEST_TOKEN_PREFIX, TRUSTED_AUTH_TEST_PROFILE_ID,
            TRUSTED_AUTH_TEST_TOKEN_PREFIX,
        };
        let (domain, origin) = ("example.com", "https://example.com");
        let mut key = passkey::Passkey::new();
        let started = send!(
            webauthn::RegisterStart::builder()
                .user_id(&user_id)
                .domain(domain)
                .build()
        );
        send!(
            webauthn::RegisterStart::builder()
                .user_id("user-test-unknown")
                .domain(domain)
                .build()
        );
        let options = text(&started, "public_key_credential_creation_options");
        let challenge = passkey::challenge_of(&passkey::options(&options));
        let registered = send!(
            webauthn::Register::builder()
                .user_id(&user_id)
                .public_key_credential(key.register(&challenge, domain, origin).to_string())
                .session_token(&token)
                .build()
        );
        send!(
            webauthn::Register::builder()
                .user_id(&user_id)
                .public_key_credential("{}")
                .build()
        );
        let registration_id = text(&registered, "webauthn_registration_id");
        let started = send!(
            webauthn::AuthenticateStart::builder()
                .domain(domain)
                .user_id(&user_id)
                .build()
        );
        send!(
            webauthn::AuthenticateStart::builder()
                .domain(domain)
                .user_id("user-test-unknown")
                .build()
        );
        let options = text(&started, "public_key_credential_request_options");
        let challenge = passkey::challenge_of(&passkey::options(&options));
        let assertion = key.assert(&challenge, domain, origin).to_string();
        for _ in 0..2 {
            // The replay is refused.
            send!(
                webauthn::Authenticate::builder()
                    .public_key_credential(&assertion)
                    .session_duration_minutes(30u32)
                    .build()
            );
        }
        for id in [
            registration_id.as_str(),
            "webauthn-registration-test-unknown",
        ] {
            send!(
                webauthn::Update::builder()
                    .webauthn_registration_id(id)
                    .name("Laptop")
                    .build()
            );
        }
        for user in [user_id.as_str(), "user-test-unknown"] {
            send!(
                webauthn::ListCredentials::builder()
                    .user_id(user)
                    .domain(domain)
                    .build()
            );
        }
        for foreign in [
            format!("{MIGRATE_TEST_TOKEN_PREFIX}ada@example.com"),
            "foreign-token".to_owned(),
        ] {
            send!(sessions::Migrate::builder().session_token(foreign).build());
        }
        for _ in 0..2 {
            // The test token works once.
            send!(
                sessions::ExchangeAccessToken::builder()
                    .access_token(ACCESS_TOKEN_TEST_TOKEN)
                    .build()
            );
        }
        for profile in [
            TRUSTED_AUTH_TEST_PROFILE_ID,
            "trusted-auth-token-profile-other",
        ] {
            send!(
                sessions::Attest::builder()
                    .profile_id(profile)
                    .token(format!("{TRUSTED_AUTH_TEST_TOKEN_PREFIX}ada@example.com"))
                    .session_jwt(&jwt)
                    .build()
            );
        }
    }
    for _ in 0..2 {
        send!(users::DeleteTotp::builder().totp_id(&totp_id).build());
        send!(
            users::DeleteWebAuthnRegistration::builder()
                .webauthn_registration_id(DEMO_WEBAUTHN_REGISTRATION_ID)
                .build()
        );
        send!(
            users::DeleteBiometricRegistration::builder()
                .biometric_registration_id(DEMO_BIOMETRIC_REGISTRATION_ID)
                .build()
        );
    }
    send!(
        sessions::List::builder()
            .user_id("user-test-unknown")
            .build()
    );
    send!(
        sessions::GetJwks::builder()
            .project_id(server.project_id())
            .build()
    );
    send!(
        sessions::GetJwks::builder()
            .project_id("project-test-other")
            .build()
    );
    send!(
        oauth::Attach::builder()
            .provider("google")
            .user_id(&user_id)
            .build()
    );
    send!(
        oauth::Attach::builder()
            .provider("google")
            .user_id("user-test-unknown")
            .build()
    );
    send!(
        oauth::Authenticate::builder()
            .token(OAUTH_TEST_TOKEN)
            .session_duration_minutes(60u32)
            .build()
    );
    send!(oauth::Authenticate::builder().token("not-a-token").build());
    send!(
        magic_links::SendEmail::builder()
            .email("ada@example.com")
            .build()
    );
    send!(
        magic_links::SendEmail::builder()
            .email("nobody@example.com")
            .build()
    );
    // Magic links and OTPs: the secrets the server "sent", read back as the
    // user would.
    let secret_to = |address: &str| {
        server
            .last_message_to(address)
            .map(|m| m.secret().to_owned())
            .unwrap_or_default()
    };
    send!(
        magic_links::LoginOrCreateEmail::builder()
            .email("grace@example.com")
            .build()
    );
    send!(
        magic_links::LoginOrCreateEmail::builder()
            .email("not-an-email")
            .build()
    );
    let link = secret_to("grace@example.com");
    for _ in 0..2 {
        // The second use of the link is refused.
        send!(
            magic_links::Authenticate::builder()
                .token(&link)
                .session_duration_minutes(30u32)
                .build()
        );
    }
    let embedded = send!(magic_links::Create::builder().user_id(&user_id).build());
    send!(
        magic_links::Create::builder()
            .user_id("user-test-unknown")
            .build()
    );
    send!(
        magic_links::Authenticate::builder()
            .token(text(&embedded, "token"))
            .session_token(&token)
            .build()
    );
    send!(
        magic_links::Invite::builder()
            .email("hopper@example.com")
            .build()
    );
    send!(
        magic_links::Invite::builder()
            .email("ada@example.com")
            .build()
    );
    for _ in 0..2 {
        // Nothing is left to revoke the second time.
        send!(
            magic_links::RevokeInvite::builder()
                .email("hopper@example.com")
                .build()
        );
    }
    for phone in ["+12025550162", "+12025550100"] {
        send!(otps::SendSms::builder().phone_number(phone).build());
    }
    for phone in ["+12025550177", "12345"] {
        send!(
            otps::LoginOrCreateSms::builder()
                .phone_number(phone)
                .build()
        );
    }
    for minutes in [10u32, 11] {
        send!(
            otps::SendWhatsApp::builder()
                .phone_number("+12025550162")
                .expiration_minutes(minutes)
                .build()
        );
        send!(
            otps::LoginOrCreateWhatsApp::builder()
                .phone_number("+12025550178")
                .expiration_minutes(minutes - 9)
                .build()
        );
    }
    send!(
        otps::LoginOrCreateWhatsApp::builder()
            .phone_number("+1")
            .build()
    );
    for email in ["ada@example.com", "nobody@example.com"] {
        send!(otps::SendEmail::builder().email(email).build());
    }
    for email in ["lin@example.com", "lin"] {
        send!(otps::LoginOrCreateEmail::builder().email(email).build());
    }
    send!(
        otps::Authenticate::builder()
            .method_id(&phone_id)
            .code(secret_to("+12025550162"))
            .session_jwt(&jwt)
            .build()
    );
    send!(
        passwords::ResetBySession::builder()
            .password("correct horse battery staple")
            .session_jwt(&jwt)
            .build()
    );
    send!(
        passwords::ResetBySession::builder()
            .password("correct horse battery staple")
            .session_token("no-such-session")
            .build()
    );
    // Passwords: a new user with one, logins, the resets, imports.
    send!(
        passwords::Create::builder()
            .email("hedy@example.com")
            .password("correct horse battery staple")
            .session_duration_minutes(60u32)
            .build()
    );
    send!(
        passwords::Create::builder()
            .email("hedy@example.com")
            .password("correct horse battery staple")
            .build()
    );
    send!(
        passwords::Authenticate::builder()
            .email("hedy@example.com")
            .password("correct horse battery staple")
            .session_duration_minutes(60u32)
            .build()
    );
    send!(
        passwords::Authenticate::builder()
            .email("hedy@example.com")
            .password("not the password at all")
            .build()
    );
    send!(
        passwords::StrengthCheck::builder()
            .password("kitten")
            .email("hedy@example.com")
            .build()
    );
    send!(
        passwords::StrengthCheck::builder()
            .password("correct horse battery staple")
            .build()
    );
    // A check without the password the spec requires.
    check(
        Route::of::<passwords::StrengthCheck>(),
        stytch_tests::raw_post(&server, "/v1/passwords/strength_check", "{}"),
    );
    send!(
        passwords::ResetByEmailStart::builder()
            .email("hedy@example.com")
            .reset_password_redirect_url("https://app.example/reset")
            .build()
    );
    send!(
        passwords::ResetByEmailStart::builder()
            .email("nobody@example.com")
            .build()
    );
    let reset_token = server
        .last_message_to("hedy@example.com")
        .map(|m| m.secret().to_owned())
        .unwrap_or_default();
    for _ in 0..2 {
        // The second use of the token is refused.
        send!(
            passwords::ResetByEmail::builder()
                .token(&reset_token)
                .password("analytical engine punch cards")
                .session_duration_minutes(60u32)
                .build()
        );
    }
    send!(
        passwords::ResetByExistingPassword::builder()
            .email("hedy@example.com")
            .existing_password("analytical engine punch cards")
            .new_password("notes on the bernoulli numbers")
            .session_duration_minutes(60u32)
            .build()
    );
    send!(
        passwords::ResetByExistingPassword::builder()
            .email("hedy@example.com")
            .existing_password("analytical engine punch cards")
            .new_password("notes on the bernoulli numbers")
            .build()
    );
    send!(
        passwords::Migrate::builder()
            .email("hopper@example.com")
            .hash("a9993e364706816aba3e25717850c26c9cd0d89d")
            .hash_type("sha_1")
            .sha_1_config(passwords::Sha1Config::new("a", "c"))
            .build()
    );
    send!(
        passwords::Migrate::builder()
            .email("hopper@example.com")
            .hash("$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy")
            .hash_type("bcrypt")
            .build()
    );
    let with_password = send!(users::Get::builder().user_id(&user_id).build());
    let password_id = text(&with_password["password"], "password_id");
    for _ in 0..2 {
        send!(
            users::DeletePassword::builder()
                .password_id(&password_id)
                .build()
        );
    }
    let scopes = || vec!["openid".to_owned(), "email".to_owned()];
    send!(
        idp::AuthorizeStart::builder()
            .client_id(IDP_TEST_CLIENT_ID)
            .redirect_uri("https://app.example/callback")
            .response_type("code")
            .scopes(scopes())
            .session_token(&token)
            .build()
    );
    send!(
        idp::AuthorizeStart::builder()
            .client_id("no-such-client")
            .redirect_uri("https://app.example/callback")
            .response_type("code")
            .scopes(scopes())
            .session_token(&token)
            .build()
    );
    send!(
        idp::Authorize::builder()
            .consent_granted(true)
            .scopes(scopes())
            .client_id(IDP_TEST_CLIENT_ID)
            .redirect_uri("https://app.example/callback")
            .response_type("code")
            .session_jwt(&jwt)
            .build()
    );
    send!(
        idp::Authorize::builder()
            .consent_granted(true)
            .scopes(scopes())
            .client_id(IDP_TEST_CLIENT_ID)
            .redirect_uri("https://app.example/callback")
            .response_type("code")
            .user_id("user-test-unknown")
            .build()
    );
    // M2M: a client, a token, introspection, rotation, search, changes.
    let made = send!(
        m2m::CreateClient::builder()
            .scopes(vec!["read:users".to_owned()])
            .client_name("billing")
            .build()
    );
    let m2m_id = text(&made["m2m_client"], "client_id");
    let m2m_secret = text(&made["m2m_client"], "client_secret");
    send!(
        m2m::CreateClient::builder()
            .scopes(vec!["read:users".to_owned()])
            .client_id(&m2m_id)
            .build()
    );
    let m2m_token = |secret: &str| {
        m2m::Token::builder()
            .client_id(&m2m_id)
            .client_secret(secret)
            .grant_type(m2m::GrantType::ClientCredentials)
            .scopes(["read:users"])
            .build()
    };
    let issued = send!(m2m_token(&m2m_secret));
    send!(m2m_token("not-the-secret"));
    let introspect = |token: &str, secret: &str| {
        idp::IntrospectToken::builder()
            .token(token)
            .client_id(&m2m_id)
            .client_secret(secret)
            .build()
    };
    let access = text(&issued, "access_token");
    send!(introspect(&access, &m2m_secret));
    send!(introspect("not-a-token", &m2m_secret));
    send!(introspect(&access, "not-the-secret"));
    send!(m2m::GetClient::builder().client_id(&m2m_id).build());
    send!(
        m2m::GetClient::builder()
            .client_id("m2m-client-test-unknown")
            .build()
    );
    send!(m2m::SearchClients::builder().limit(10u32).build());
    send!(m2m::SearchClients::builder().cursor("not-a-cursor").build());
    send!(
        m2m::UpdateClient::builder()
            .client_id(&m2m_id)
            .scopes(vec!["read:users".to_owned(), "write:users".to_owned()])
            .build()
    );
    send!(
        m2m::UpdateClient::builder()
            .client_id("m2m-client-test-unknown")
            .client_name("x")
            .build()
    );
    for _ in 0..2 {
        // The second start replaces the first's secret; the second cancel
        // has nothing left to cancel.
        send!(m2m::RotateSecretStart::builder().client_id(&m2m_id).build());
    }
    for _ in 0..2 {
        send!(
            m2m::RotateSecretCancel::builder()
                .client_id(&m2m_id)
                .build()
        );
    }
    send!(
        m2m::RotateSecretStart::builder()
            .client_id("m2m-client-test-unknown")
            .build()
    );
    send!(m2m::RotateSecretStart::builder().client_id(&m2m_id).build());
    for _ in 0..2 {
        send!(m2m::RotateSecret::builder().client_id(&m2m_id).build());
    }
    for _ in 0..2 {
        send!(m2m::DeleteClient::builder().client_id(&m2m_id).build());
    }
    // Connected apps: a client, a rotation, a user's consent to it, the
    // user's list, two revokes, search, and the client's end.
    {
        use stytch_endpoints::connected_apps as apps;
        let app = send!(
            apps::CreateClient::builder()
                .client_type(apps::ClientType::ThirdParty)
                .redirect_urls(vec!["https://app.example/callback".to_owned()])
                .build()
        );
        send!(
            apps::CreateClient::builder()
                .client_type(apps::ClientType::from("fourth_party"))
                .build()
        );
        let app_id = text(&app["connected_app"], "client_id");
        let unknown = "connected-app-test-unknown";
        send!(apps::GetClient::builder().client_id(&app_id).build());
        send!(apps::GetClient::builder().client_id(unknown).build());
        send!(apps::SearchClients::builder().limit(1u32).build());
        send!(
            apps::SearchClients::builder()
                .cursor("not-a-cursor")
                .build()
        );
        send!(
            apps::UpdateClient::builder()
                .client_id(&app_id)
                .client_name("Acme")
                .logo_url("https://app.example/logo.png")
                .build()
        );
        send!(apps::UpdateClient::builder().client_id(unknown).build());
        // Neither cancel nor complete without a rotation under way.
        send!(
            apps::RotateSecretCancel::builder()
                .client_id(&app_id)
                .build()
        );
        send!(apps::RotateSecret::builder().client_id(&app_id).build());
        send!(
            apps::RotateSecretStart::builder()
                .client_id(&app_id)
                .build()
        );
        send!(
            apps::RotateSecretStart::builder()
                .client_id(unknown)
                .build()
        );
        send!(
            apps::RotateSecretCancel::builder()
                .client_id(&app_id)
                .build()
        );
        send!(
            apps::RotateSecretStart::builder()
                .client_id(&app_id)
                .build()
        );
        send!(apps::RotateSecret::builder().client_id(&app_id).build());
        send!(
            idp::Authorize::builder()
                .consent_granted(true)
                .scopes(scopes())
                .client_id(&app_id)
                .redirect_uri("https://app.example/callback")
                .response_type("code")
                .user_id(&user_id)
                .build()
        );
        send!(users::ConnectedApps::builder().user_id(&user_id).build());
        send!(
            users::ConnectedApps::builder()
                .user_id("user-test-unknown")
                .build()
        );
        for _ in 0..2 {
            // The second revoke is refused.
            send!(
                users::RevokeConnectedApp::builder()
                    .user_id(&user_id)
                    .connected_app_id(&app_id)
                    .build()
            );
        }
        for _ in 0..2 {
            send!(apps::DeleteClient::builder().client_id(&app_id).build());
        }
    }
    // One primary factor left, so it can be exchanged.
    send!(
        users::DeletePhoneNumber::builder()
            .phone_id(&phone_id)
            .build()
    );
    send!(
        users::DeletePhoneNumber::builder()
            .phone_id("phone-number-test-unknown")
            .build()
    );
    send!(
        users::ExchangePrimaryFactor::builder()
            .user_id(&user_id)
            .email_address("ada@new.example")
            .build()
    );
    send!(
        users::ExchangePrimaryFactor::builder()
            .user_id("user-test-unknown")
            .email_address("x@example.com")
            .build()
    );
    let current = send!(users::Get::builder().user_id(&user_id).build());
    let email_now = current["emails"][0]["email_id"]
        .as_str()
        .unwrap_or(&email_id)
        .to_owned();
    send!(users::DeleteEmail::builder().email_id(&email_now).build());
    send!(
        users::DeleteEmail::builder()
            .email_id("email-test-unknown")
            .build()
    );
    send!(sessions::Revoke::builder().session_token(&token).build());
    send!(sessions::Revoke::builder().session_token(&token).build());
    send!(users::Delete::builder().user_id(&user_id).build());
    send!(users::Delete::builder().user_id(&user_id).build());

    // The fraud host's calls (this server serves it too), crypto wallets,
    // impersonation, the project's calls and the last three deletes.
    {
        use fraud::{Metadata, RuleAction, email, fingerprint, rules, verdict_reasons};
        use stytch_local::{DEMO_USER_ID, IMPERSONATION_TEST_TOKEN};
        let raw = |method: &str, target: &str, body: Option<&str>| {
            let body = body.map(|b| ("application/json", b.as_bytes()));
            stytch_tests::raw_request(&server, method, target, body)
        };
        let looked_up = send!(
            fingerprint::Lookup::builder()
                .telemetry_id("conformance-device")
                .external_metadata(Metadata::new().external_id("crm-1").user_action("login"))
                .build()
        );
        send!(
            fingerprint::Lookup::builder()
                .telemetry_id("not-found-device")
                .build()
        );
        let visitor = text(&looked_up["fingerprints"], "visitor_id");
        send!(
            rules::Set::builder()
                .action(RuleAction::Block)
                .visitor_id(&visitor)
                .expires_in_minutes(60u32)
                .description("conformance")
                .build()
        );
        send!(
            rules::Set::builder()
                .action(RuleAction::Allow)
                .country_code("US")
                .build()
        );
        send!(
            rules::Set::builder()
                .action(RuleAction::Challenge)
                .cidr_block("192.0.2.0/24")
                .build()
        );
        // A rule match, then an override at work.
        send!(
            fingerprint::Lookup::builder()
                .telemetry_id("conformance-device")
                .build()
        );
        send!(rules::List::builder().limit(1u32).build());
        send!(rules::List::builder().cursor("not-a-cursor").build());
        send!(
            verdict_reasons::Override::builder()
                .verdict_reason("HEADLESS_BROWSER_AUTOMATION")
                .override_action(RuleAction::Challenge)
                .override_description("conformance")
                .build()
        );
        send!(
            verdict_reasons::Override::builder()
                .verdict_reason("RULE_MATCH")
                .override_action(RuleAction::Allow)
                .build()
        );
        send!(
            rules::Set::builder()
                .action(RuleAction::None)
                .cidr_block("192.0.2.0/24")
                .build()
        );
        send!(
            fingerprint::Lookup::builder()
                .telemetry_id("block-conformance")
                .build()
        );
        send!(verdict_reasons::List::builder().build());
        let route = route_of(&verdict_reasons::List::builder().build());
        check(
            route,
            raw("POST", route.path, Some(r#"{"overrides_only":"yes"}"#)),
        );
        send!(
            email::Risk::builder()
                .email_address("a.da+x@mailinator.com")
                .build()
        );
        let route = route_of(&email::Risk::builder().email_address("x").build());
        check(route, raw("POST", route.path, Some("{}")));

        let address = "0x6df2dB4Fb3DA35d241901Bd53367770BF03123f1";
        let started = send!(
            crypto_wallets::AuthenticateStart::builder()
                .crypto_wallet_type("ethereum")
                .crypto_wallet_address(address)
                .siwe_params(
                    crypto_wallets::SiweParams::new("app.example", "https://app.example/login")
                        .message_request_id("conformance"),
                )
                .build()
        );
        send!(
            crypto_wallets::AuthenticateStart::builder()
                .crypto_wallet_type("bitcoin")
                .crypto_wallet_address(address)
                .build()
        );
        let signature = format!("0x{}1b", "5a".repeat(64));
        for _ in 0..2 {
            // The challenge works once.
            send!(
                crypto_wallets::Authenticate::builder()
                    .crypto_wallet_type("ethereum")
                    .crypto_wallet_address(address)
                    .signature(&signature)
                    .session_duration_minutes(60u32)
                    .build()
            );
        }
        let owner = send!(
            users::Get::builder()
                .user_id(text(&started, "user_id"))
                .build()
        );
        let wallet_id = text(&owner["crypto_wallets"][0], "crypto_wallet_id");
        for _ in 0..2 {
            send!(
                users::DeleteCryptoWallet::builder()
                    .crypto_wallet_id(&wallet_id)
                    .build()
            );
        }
        let demo = send!(users::Get::builder().user_id(DEMO_USER_ID).build());
        let registration = text(&demo["providers"][0], "oauth_user_registration_id");
        for _ in 0..2 {
            send!(
                users::DeleteOAuthRegistration::builder()
                    .oauth_user_registration_id(&registration)
                    .build()
            );
        }
        let with_external = send!(
            users::Create::builder()
                .email("grace.crm@example.com")
                .external_id("crm-grace")
                .build()
        );
        for _ in 0..2 {
            // By the external id itself: gone after the first call.
            send!(
                users::DeleteExternalId::builder()
                    .user_id("crm-grace")
                    .build()
            );
        }
        send!(
            users::DeleteExternalId::builder()
                .user_id(text(&with_external, "user_id"))
                .build()
        );
        send!(
            impersonation::Authenticate::builder()
                .impersonation_token(IMPERSONATION_TEST_TOKEN)
                .build()
        );
        send!(
            impersonation::Authenticate::builder()
                .impersonation_token("not-a-token")
                .build()
        );
        for route in [
            route_of(&debug::Whoami::builder().build()),
            route_of(&project::Metrics::builder().build()),
            route_of(&rbac::Policy::builder().build()),
        ] {
            check(route, raw("GET", route.path, None));
            // A query string that is not percent-encoded UTF-8.
            check(route, raw("GET", &format!("{}?%zz", route.path), None));
        }
    }

    let declared: BTreeSet<String> = all_declared()
        .iter()
        .map(|d| d.description.route.to_string())
        .collect();
    let not_ok: Vec<&String> = declared.difference(&answered_ok).collect();
    let not_err: Vec<&String> = declared.difference(&answered_error).collect();
    assert!(not_ok.is_empty(), "never answered 200 here: {not_ok:?}");
    assert!(
        not_err.is_empty(),
        "never answered an error here: {not_err:?}"
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

fn route_of<E: stytch_endpoints::Endpoint>(_: &E) -> stytch_endpoints::Route {
    stytch_endpoints::Route::of::<E>()
}
