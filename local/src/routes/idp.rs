//! `/v1/idp/oauth/authorize...`: Stytch as an OAuth authorization server for
//! the one client app [`IDP_TEST_CLIENT_ID`] the local server knows.

use super::{Entry, Reply, answer, entry};
use crate::state::{Inner, State};
use crate::{Fail, IDP_TEST_CLIENT_ID, ids};
use stytch_endpoints::runtime::encode::percent_encode;
use stytch_endpoints::{Secret, idp};

pub fn entries() -> Vec<Entry> {
    vec![
        entry::<idp::AuthorizeStart>(authorize_start),
        entry::<idp::Authorize>(authorize),
    ]
}

/// Scopes the test client may be granted, with what they give.
const SCOPES: &[(&str, &str)] = &[
    ("openid", "Know who you are"),
    ("email", "See your email address"),
    ("profile", "See your name"),
    ("phone", "See your phone number"),
    ("offline_access", "Stay connected when you are away"),
];

fn check_client(client_id: &str, response_type: &str, scopes: &[String]) -> Result<(), Fail> {
    if client_id != IDP_TEST_CLIENT_ID {
        return Err(Fail::new(
            404,
            "connected_app_not_found",
            "no client app has this client_id",
        ));
    }
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

fn consented(s: &Inner, user_id: &str, client_id: &str, scope: &str) -> bool {
    s.consents
        .iter()
        .any(|c| c.0 == user_id && c.1 == client_id && c.2 == scope)
}

fn authorize_start(state: &State, p: idp::AuthorizeStart) -> Reply {
    check_client(p.client_id(), p.response_type(), p.scopes())?;
    state.with(|s| {
        let ui = s.user_by_any(p.user_id(), p.session_token(), p.session_jwt())?;
        let user_id = s.users[ui].user_id.clone();
        let scope_results = p
            .scopes()
            .iter()
            .map(|scope| {
                let known = SCOPES.iter().find(|(name, _)| name == scope);
                let mut result = idp::ScopeResult::default();
                result.scope.clone_from(scope);
                result.description = known.map(|k| k.1).unwrap_or_default().to_owned();
                result.is_grantable = known.is_some();
                result
            })
            .collect();
        let consent_required = p.prompt().is_some_and(|x| x == "consent")
            || !p
                .scopes()
                .iter()
                .all(|scope| consented(s, &user_id, p.client_id(), scope));
        let mut out = idp::AuthorizeStartResponse::default();
        out.client.client_id = IDP_TEST_CLIENT_ID.to_owned();
        out.client.client_name = "Local test app".to_owned();
        out.client.client_description = "The client app of the local Stytch server".to_owned();
        out.client.client_type = "third_party".to_owned();
        out.consent_required = consent_required;
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
    check_client(p.client_id(), p.response_type(), p.scopes())?;
    state.with(|s| {
        let ui = s.user_by_any(p.user_id(), p.session_token(), p.session_jwt())?;
        let user_id = s.users[ui].user_id.clone();
        let mut redirect = p.redirect_uri().clone();
        let code = if *p.consent_granted() {
            for scope in p.scopes() {
                if !consented(s, &user_id, p.client_id(), scope) {
                    s.consents
                        .push((user_id.clone(), p.client_id().clone(), scope.clone()));
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
