//! The routing table: each entry decodes the request with the endpoint's own
//! declaration (`FromRequest`), so the server checks exactly the rules the
//! client's builder enforces, then runs a handler.

use std::sync::OnceLock;

use serde_json::{Map, Value, json};

use super::Fail;
use super::state::{self, State};
use crate::{Error, FromRequest, Method, RequestParts, oauth};

/// What a handler answers: the endpoint's fields, or a Stytch-shaped error.
pub type Reply = Result<Map<String, Value>, Fail>;

type Handler = Box<dyn Fn(&State, &RequestParts) -> Reply + Send + Sync>;

/// Decoded path parameters, by name.
pub type PathParams = Vec<(String, String)>;

pub struct Entry {
    pub method: Method,
    pub template: &'static str,
    pub handler: Handler,
}

/// An entry for endpoint `E`: decode with `E`'s declaration, then `run`.
fn entry<E: FromRequest + 'static>(run: fn(&State, E) -> Reply) -> Entry {
    Entry {
        method: E::METHOD,
        template: E::PATH,
        handler: Box::new(move |state, parts| {
            let params = E::from_request(parts).map_err(|e| match e {
                Error::InvalidRequest { reason, .. } => Fail::new(400, "invalid_request", reason),
                other => Fail::new(400, "invalid_request", other.to_string()),
            })?;
            run(state, params)
        }),
    }
}

fn table() -> &'static [Entry] {
    static TABLE: OnceLock<Vec<Entry>> = OnceLock::new();
    TABLE.get_or_init(|| vec![entry::<oauth::Attach>(attach)])
}

/// Finds the entry for a request and decodes its path parameters.
pub fn find(method: Method, path: &str) -> Result<(&'static Entry, PathParams), Fail> {
    let mut path_matched = false;
    for entry in table() {
        if let Some(params) = RequestParts::match_path(entry.template, path) {
            if entry.method == method {
                return Ok((entry, params));
            }
            path_matched = true;
        }
    }
    if path_matched {
        Err(Fail::new(
            405,
            "method_not_allowed",
            format!("{method} is not allowed on {path}"),
        ))
    } else {
        Err(Fail::new(
            404,
            "route_not_found",
            format!("no endpoint at {method} {path}"),
        ))
    }
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn attach(state: &State, params: oauth::Attach) -> Reply {
    let found = state.with(|s| {
        match (
            params.user_id(),
            params.session_token(),
            params.session_jwt(),
        ) {
            (Some(id), _, _) => s
                .users
                .contains_key(id.as_str())
                .then_some(())
                .ok_or_else(|| Fail::new(404, "user_not_found", "no user has this user_id")),
            (_, Some(token), _) => s
                .sessions
                .iter()
                .any(|x| x.session_token == *token)
                .then_some(())
                .ok_or_else(|| {
                    Fail::new(
                        404,
                        "session_not_found",
                        "no live session has this session_token",
                    )
                }),
            (_, _, Some(jwt)) => s
                .sessions
                .iter()
                .any(|x| x.session_jwt == *jwt)
                .then_some(())
                .ok_or_else(|| {
                    Fail::new(
                        404,
                        "session_not_found",
                        "no live session has this session_jwt",
                    )
                }),
            (None, None, None) => Err(Fail::new(400, "invalid_request", "no user identifier")),
        }
    });
    found?;
    Ok(object(
        json!({ "oauth_attach_token": format!("oauth-attach-token-test-{}", state::token()) }),
    ))
}
