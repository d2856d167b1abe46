//! `/v1/idp/oauth/authorize...`: Stytch as an OAuth authorization server for
//! the connected-app clients the server knows: the built-in
//! [`IDP_TEST_CLIENT_ID`] and those made with `connected_apps::CreateClient`
//! (`routes/connected_apps.rs`).

use super::connected_apps::AppRecord;
use super::{Entry, Reply, answer, entry};
use crate::state::{Inner, State};
use crate::{Fail, ids};
use stytch_endpoints::runtime::encode::percent_encode;
use stytch_endpoints::{Secret, idp};

pub fn entries() -> Vec<Entry> {
    vec![
        entry::<idp::AuthorizeStart>(authorize_start),
        entry::<idp::Authorize>(authorize),
    ]
}

/// Scopes every client may be granted, with what they give.
const SCOPES: &[(&str, &str)] = &[
    ("openid", "Know who you are"),
    ("email", "See your email address"),
    ("profile", "See your name"),
    ("phone", "See your phone number"),
    ("offline_access", "Stay connected when you are away"),
];

/// The scope a first-party client with `full_access_allowed` may also be
/// granted: trading its authorization for a full session of the user.
const FULL_ACCESS: (&str, &str) = ("full_access", "Act as you, with a full session");

/// Checks what needs no state: the response type and that scopes are asked.
fn check_request(response_type: &str, scopes: &[String]) -> Result<(), Fail> {
    if response_type != "code" {
        return Err(Fail::new(
            400,
            "unsupported_response_type",
            "only the `code` response type is supported",
        ));
    }
    if scopes.is_empty() {
        return Err(Fail::new(
            400,
            "invalid_scope",
            "ask for at least one scope",
        ));
    }
    Ok(())
}

/// The client, when it exists and `redirect_uri` is one of its redirect
/// URLs.
fn client<'a>(s: &'a Inner, client_id: &str, redirect_uri: &str) -> Result<&'a AppRecord, Fail> {
    let client = s.connected_apps.client(client_id)?;
    if !client.redirect_allowed(redirect_uri) {
        return Err(Fail::new(
            400,
            "connected_app_supplied_redirect_url_not_found_in_client",
            "redirect_uri is not one of the client's redirect_urls",
        ));
    }
    Ok(client)
}

/// What `scope` gives, when `client` may be granted it.
fn grantable(client: &AppRecord, scope: &str) -> Option<&'static str> {
    if scope == FULL_ACCESS.0 {
        return (client.first_party() && client.view.full_access_allowed).then_some(FULL_ACCESS.1);
    }
    SCOPES.iter().find(|(name, _)| *name == scope).map(|k| k.1)
}

fn consented(s: &Inner, user_id: &str, client_id: &str, scope: &str) -> bool {
    s.consents
        .iter()
        .any(|c| c.0 == user_id && c.1 == client_id && c.2 == scope)
}

/// Whether the user must see a consent screen, as Stytch decides it:
/// always with `prompt=consent`, and for `offline_access` unless a
/// first-party client bypasses that; else a third-party client needs a
/// consent covering every scope asked, and a first-party client none.
fn consent_required(
    s: &Inner,
    client: &AppRecord,
    user_id: &str,
    scopes: &[String],
    prompt: Option<&String>,
) -> bool {
    if prompt.is_some_and(|x| x == "consent") {
        return true;
    }
    let bypass_offline = client.first_party() && client.view.bypass_consent_for_offline_access;
    if !bypass_offline && scopes.iter().any(|x| x == "offline_access") {
        return true;
    }
    !client.first_party()
        && !scopes
            .iter()
            .all(|scope| consented(s, user_id, &client.view.client_id, scope))
}

fn authorize_start(state: &State, p: idp::AuthorizeStart) -> Reply {
    check_request(p.response_type(), p.scopes())?;
    state.with(|s| {
        let ui = s.user_by_any(p.user_id(), p.session_token(), p.session_jwt())?;
        let user_id = s.users[ui].user_id.clone();
        let client = client(s, p.client_id(), p.redirect_uri())?;
        let scope_results = p
            .scopes()
            .iter()
            .map(|scope| {
                let known = grantable(client, scope);
                let mut result = idp::ScopeResult::default();
                result.scope.clone_from(scope);
                result.description = known.unwrap_or_default().to_owned();
                result.is_grantable = known.is_some();
                result
            })
            .collect();
        let mut out = idp::AuthorizeStartResponse::default();
        out.consent_required = consent_required(s, client, &user_id, p.scopes(), p.prompt());
        out.client.client_id.clone_from(&client.view.client_id);
        out.client.client_name.clone_from(&client.view.client_name);
        out.client
            .client_description
            .clone_from(&client.view.client_description);
        out.client.client_type = client.view.client_type.as_str().to_owned();
        out.client.logo_url.clone_from(&client.view.logo_url);
        out.scope_results = scope_results;
        out.user = s.users[ui].clone();
        out.user_id = user_id;
        Ok(answer(&out))
    })
}

/// Appends `?name=value` (or `&name=value`) to a URI.
fn add_param(uri: &mut String, name: &str, value: &str) {
    uri.push(if uri.contains('?') { '&' } else { '?' });
    uri.push_str(name);
    uri.push('=');
    percent_encode(uri, value.as_bytes());
}

fn authorize(state: &State, p: idp::Authorize) -> Reply {
    check_request(p.response_type(), p.scopes())?;
    state.with(|s| {
        let ui = s.user_by_any(p.user_id(), p.session_token(), p.session_jwt())?;
        let user_id = s.users[ui].user_id.clone();
        let client = client(s, p.client_id(), p.redirect_uri())?;
        if let Some(scope) = p.scopes().iter().find(|x| grantable(client, x).is_none()) {
            return Err(Fail::new(
                400,
                "invalid_scope",
                format!("the client may not be granted the scope `{scope}`"),
            ));
        }
        let client_id = client.view.client_id.clone();
        let mut redirect = p.redirect_uri().clone();
        let code = if *p.consent_granted() {
            for scope in p.scopes() {
                if !consented(s, &user_id, &client_id, scope) {
                    s.consents
                        .push((user_id.clone(), client_id.clone(), scope.clone()));
                }
            }
            let code = format!("local-authorization-code-{}", ids::token());
            add_param(&mut redirect, "code", &code);
            Some(code)
        } else {
            add_param(&mut redirect, "error", "access_denied");
            None
        };
        if let Some(st) = p.state() {
            add_param(&mut redirect, "state", st);
        }
        let mut out = idp::AuthorizeResponse::default();
        out.redirect_uri = Secret::new(redirect);
        out.authorization_code = code.map(Secret::new);
        Ok(answer(&out))
    })
}
