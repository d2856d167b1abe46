//! The one route registry: each entry names a declared endpoint, decodes the
//! request with that declaration (`FromFields`, so the server checks exactly
//! the rules the client's builder enforces), then runs a handler. Routes a
//! test adds and the built-in ones are entries of the same kind; the
//! built-in handlers live in one file per product area.

pub(crate) mod connected_apps;
pub(crate) mod crypto_wallets;
pub(crate) mod fraud;
mod idp;
mod impersonation;
mod links_otps;
mod login;
pub(crate) mod m2m;
mod passwords;
mod project;
mod sessions;
mod totps;
mod users;
pub(crate) mod webauthn;

use std::sync::Arc;

use serde::Serialize;
use serde_json::{Map, Value};
use stytch_endpoints::types::Session as SessionView;
use stytch_endpoints::{BodyFormat, Endpoint, FromFields, Method, Route, Secret};

use crate::Fail;
use crate::decode::{self, Body, RequestParts};
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
    /// How the endpoint's body is encoded; a body of another kind is refused.
    pub body_format: BodyFormat,
    /// Whether errors are answered in the OAuth 2.0 shape (`error`,
    /// `error_description`, `error_uri`) instead of Stytch's usual one, as
    /// Stytch's OAuth 2.0 endpoints answer them.
    pub oauth2_errors: bool,
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
            body_format: E::BODY,
            oauth2_errors: false,
            handler: Arc::new(move |state, parts| {
                let params = parts.decode::<E>().map_err(crate::custom::invalid)?;
                run(state, params)
            }),
        }
    }

    /// The same entry, answering its errors in the OAuth 2.0 shape.
    pub fn oauth2_errors(mut self) -> Entry {
        self.oauth2_errors = true;
        self
    }

    /// Decodes and answers one request that matched this entry.
    pub fn answer(
        &self,
        state: &State,
        path: PathParams,
        query: Vec<(String, String)>,
        body: Body,
    ) -> Reply {
        // A project's public paths (`/v1/public/{project_id}/...`) answer
        // for this server's project only.
        if self.route.path.starts_with("/v1/public/{project_id}/")
            && path
                .iter()
                .any(|(name, value)| name == "project_id" && value != state.project_id())
        {
            return Err(Fail::new(
                404,
                "project_not_found",
                "this server serves a different project",
            ));
        }
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
    all.extend(links_otps::entries());
    all.extend(passwords::entries());
    all.extend(totps::entries());
    all.extend(idp::entries());
    all.extend(webauthn::entries());
    all.extend(m2m::entries());
    all.extend(fraud::entries());
    all.extend(crypto_wallets::entries());
    all.extend(impersonation::entries());
    all.extend(project::entries());
    all.extend(connected_apps::entries());
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

/// An answer type as the fields of the reply. Its `request_id` and
/// `status_code` are dropped (handlers leave them at their defaults): the
/// server adds its own to every reply.
fn answer<T: Serialize>(value: &T) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(mut map)) => {
            map.remove("request_id");
            map.remove("status_code");
            map
        }
        // The answer types are structs of plain data: they always serialise
        // to an object.
        _ => Map::new(),
    }
}

/// The session at `index` as the API shows it, with its token and JWT, or
/// `None` and empty credentials when no session was made (as Stytch sends
/// them then).
fn session_parts(s: &Inner, index: Option<usize>) -> (Option<SessionView>, Secret, Secret) {
    match index {
        Some(i) => {
            let x = &s.sessions[i];
            (
                Some(x.view()),
                Secret::new(x.session_token.as_str()),
                Secret::new(x.session_jwt.as_str()),
            )
        }
        None => (None, Secret::default(), Secret::default()),
    }
}
