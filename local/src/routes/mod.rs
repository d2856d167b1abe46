//! The one route registry: each entry names a declared endpoint, decodes the
//! request with that declaration (`FromFields`, so the server checks exactly
//! the rules the client's builder enforces), then runs a handler. Routes a
//! test adds and the built-in ones are entries of the same kind; the
//! built-in handlers live in one file per product area.

mod idp;
mod login;
mod sessions;
mod users;

use std::sync::Arc;

use serde::Serialize;
use serde_json::{Map, Value};
use stytch_endpoints::{Endpoint, FromFields, Method, Route};

use crate::Fail;
use crate::decode::{self, RequestParts};
use crate::state::{Inner, State};

/// The fields a handler adds to the answer, or why it failed.
pub type Reply = Result<Map<String, Value>, Fail>;

type Handler = Arc<dyn Fn(&State, RequestParts) -> Reply + Send + Sync>;

/// Decoded path parameters, by name.
pub type PathParams = Vec<(String, String)>;

/// One route: an endpoint's method and path template, and how to answer it.
#[derive(Clone)]
pub struct Entry {
    pub route: Route,
    handler: Handler,
}

impl Entry {
    /// An entry for endpoint `E`: decode with `E`'s declaration, then `run`.
    pub fn new<E, F>(run: F) -> Entry
    where
        E: Endpoint + FromFields<RequestParts> + 'static,
        F: Fn(&State, E) -> Reply + Send + Sync + 'static,
    {
        Entry {
            route: Route::of::<E>(),
            handler: Arc::new(move |state, parts| {
                let params = parts.decode::<E>().map_err(crate::custom::invalid)?;
                run(state, params)
            }),
        }
    }

    /// Decodes and answers one request that matched this entry.
    pub fn answer(
        &self,
        state: &State,
        path: PathParams,
        query: Vec<(String, String)>,
        body: Option<Value>,
    ) -> Reply {
        let parts =
            RequestParts::new(self.route, path, query, body).map_err(crate::custom::invalid)?;
        (self.handler)(state, parts)
    }
}

/// A built-in entry, for the tables below.
fn entry<E>(run: fn(&State, E) -> Reply) -> Entry
where
    E: Endpoint + FromFields<RequestParts> + 'static,
{
    Entry::new::<E, _>(run)
}

/// Every route the server answers without help, in the order they are
/// tried.
pub fn built_in() -> Vec<Entry> {
    let mut all = Vec::new();
    all.extend(users::entries());
    all.extend(sessions::entries());
    all.extend(login::entries());
    all.extend(idp::entries());
    all
}

/// Finds the entry for a request among `entries` (the first that matches
/// wins) and decodes its path parameters.
pub fn find<'a>(
    entries: &'a [Entry],
    method: Method,
    path: &str,
) -> Result<(&'a Entry, PathParams), Fail> {
    let mut path_matched = false;
    for entry in entries {
        if let Some(params) = decode::match_path(entry.route.path, path) {
            if entry.route.method == method {
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
