//! The routing table: each entry decodes the request with the endpoint's own
//! declaration (`FromRequest`), so the server checks exactly the rules the
//! client's builder enforces, then runs a handler. Handlers live in one file
//! per product area.

mod idp;
mod login;
mod sessions;
mod users;

use std::sync::OnceLock;

use serde::Serialize;
use serde_json::{Map, Value};

use super::Fail;
use super::state::{Inner, State};
use crate::{FromRequest, Method, RequestParts};

/// The fields a handler adds to the answer, or why it failed.
pub type Reply = Result<Map<String, Value>, Fail>;

type Handler = Box<dyn Fn(&State, &RequestParts) -> Reply + Send + Sync>;

/// A matched route and its decoded path parameters.
pub type Found = (&'static Entry, Vec<(String, String)>);

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
            let params = E::from_request(parts).map_err(super::custom::invalid)?;
            run(state, params)
        }),
    }
}

fn table() -> &'static [Entry] {
    static TABLE: OnceLock<Vec<Entry>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut all = Vec::new();
        all.extend(users::entries());
        all.extend(sessions::entries());
        all.extend(login::entries());
        all.extend(idp::entries());
        all
    })
}

/// Finds the entry for a request and decodes its path parameters.
pub fn find(method: Method, path: &str) -> Result<Found, Fail> {
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

/// A JSON object from `json!` (anything else gives an empty object).
fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// A value as JSON; the server's own types always serialise.
fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// `user_id` and `user` of the user at `index`.
fn user_fields(s: &Inner, index: usize) -> Map<String, Value> {
    let user = &s.users[index];
    let mut out = Map::new();
    out.insert("user_id".to_owned(), Value::String(user.user_id.clone()));
    out.insert("user".to_owned(), to_json(user));
    out
}

/// `session`, `session_token` and `session_jwt` of the session at `index`,
/// or their empty forms when no session was made.
fn session_fields(s: &Inner, index: Option<usize>) -> Map<String, Value> {
    let mut out = Map::new();
    let (session, token, jwt) = match index {
        Some(i) => {
            let x = &s.sessions[i];
            (
                to_json(&x.view()),
                x.session_token.clone(),
                x.session_jwt.clone(),
            )
        }
        None => (Value::Null, String::new(), String::new()),
    };
    out.insert("session".to_owned(), session);
    out.insert("session_token".to_owned(), Value::String(token));
    out.insert("session_jwt".to_owned(), Value::String(jwt));
    out
}
