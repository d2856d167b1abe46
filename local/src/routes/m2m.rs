//! M2M clients (`/v1/m2m/clients...`) and the two OAuth 2.0 endpoints of a
//! project (`/v1/public/{project_id}/oauth2/token` and `.../introspect`).
//!
//! What the local server does:
//! - Clients live in memory, in creation order (the search order). A
//!   secret is kept as its SHA-256 digest and its last four characters:
//!   only `CreateClient` (the secret) and `RotateSecretStart` (the next
//!   secret) ever show one, as Stytch does.
//! - A rotation: `RotateSecretStart` draws a next secret (a second start
//!   draws a fresh one in its place); until `RotateSecret` or
//!   `RotateSecretCancel`, both secrets get tokens. `RotateSecret` makes
//!   the next secret the only one; `RotateSecretCancel` drops it. Either
//!   without a rotation under way is `400 client_secret_rotation_not_started`.
//! - `Token` checks the grant type (`unsupported_grant_type`), the client
//!   id and secret and that the client is active (`401 invalid_client`),
//!   and that every requested scope is one of the client's, compared
//!   exactly (`400 invalid_scope`); no scope requested (or an empty
//!   `scope`) grants all of them. The token is an RS256 JWT in Stytch's
//!   claim shape, signed with the test key of [`crate::keys`] at the
//!   server's time, valid for an hour.
//! - `IntrospectToken` authenticates the asking client: an M2M client by
//!   its current or next secret, or [`crate::IDP_TEST_CLIENT_ID`] (a public
//!   client: no secret). It answers `active: true` with the claims for a
//!   token this server signed for this project, not expired by the
//!   server's clock, whose client still exists and is active; and `active:
//!   false`, with nothing else, for any other token (unknown, expired,
//!   malformed, a session JWT, or a token of a deleted or inactive client).
//!   A local check with `TokenVerifier` knows nothing of deletions: it
//!   accepts a deleted client's token until it expires.
//! - Both OAuth 2.0 endpoints answer errors in the OAuth 2.0 shape
//!   (`error`, `error_description`, `error_uri`, with `status_code` and
//!   `request_id`), and need no project credentials, only the client's.
//! - A search takes the filters Stytch documents, `client_id`,
//!   `client_name` and `scopes` (each a list of strings; a client matches
//!   a filter when it has any of the values), joined by `AND` or `OR`; no
//!   operand matches every client. Nested queries and other filters are
//!   `400 invalid_search_query`. Pages hold `limit` clients (100 by
//!   default, at most 1000).
//!
//! The error types the local server picks where Stytch's are not
//! documented: `m2m_client_not_found` (404), `duplicate_m2m_client_id`,
//! `invalid_client_secret`, `invalid_scopes` (400).

use ring::digest::{SHA256, digest};
use serde_json::{Map, Value};

use super::{Entry, Reply, answer, entry};
use crate::state::{Inner, State};
use crate::{Fail, IDP_TEST_CLIENT_ID, ids, keys};
use stytch_endpoints::m2m::{
    self, ClientStatus, GrantType, M2mClient, M2mClientWithClientSecret,
    M2mClientWithNextClientSecret, SearchQuery,
};
use stytch_endpoints::users::SearchOperator;
use stytch_endpoints::{Secret, idp};

pub fn entries() -> Vec<Entry> {
    vec![
        entry::<m2m::Token>(token).oauth2_errors(),
        entry::<idp::IntrospectToken>(introspect).oauth2_errors(),
        entry::<m2m::CreateClient>(create),
        entry::<m2m::SearchClients>(search),
        entry::<m2m::GetClient>(get),
        entry::<m2m::UpdateClient>(update),
        entry::<m2m::DeleteClient>(delete),
        entry::<m2m::RotateSecretStart>(rotate_start),
        entry::<m2m::RotateSecretCancel>(rotate_cancel),
        entry::<m2m::RotateSecret>(rotate),
    ]
}

/// Seconds an access token lives (Stytch's M2M tokens: one hour).
pub const TOKEN_TTL_SECS: u64 = 3600;
/// The fewest characters a secret brought to `CreateClient` may have.
const MIN_SECRET_LEN: usize = 8;
/// Most clients on one page, and the page size when no limit is given.
const MAX_LIMIT: u32 = 1000;
const DEFAULT_LIMIT: u32 = 100;
/// Bounds on one search query: operands, and strings in all filters.
const MAX_QUERY_OPERANDS: usize = 100;
const MAX_QUERY_VALUES: usize = 1000;

/// The M2M clients of the server.
#[derive(Default)]
pub struct M2mStore {
    /// In creation order, which is also search order.
    clients: Vec<ClientRecord>,
}

/// A secret as the server keeps it: never the secret itself.
struct StoredSecret {
    sha256: [u8; 32],
    last_four: String,
}

impl StoredSecret {
    fn of(secret: &str) -> StoredSecret {
        let mut sha256 = [0u8; 32];
        sha256.copy_from_slice(digest(&SHA256, secret.as_bytes()).as_ref());
        let chars: Vec<char> = secret.chars().collect();
        let last_four = chars[chars.len().saturating_sub(4)..].iter().collect();
        StoredSecret { sha256, last_four }
    }

    /// Whether `secret` is this one, compared without an early exit.
    fn matches(&self, secret: &str) -> bool {
        let other = StoredSecret::of(secret);
        self.sha256
            .iter()
            .zip(other.sha256.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}

struct ClientRecord {
    client_id: String,
    client_name: String,
    client_description: String,
    status: ClientStatus,
    scopes: Vec<String>,
    trusted_metadata: Option<Map<String, Value>>,
    secret: StoredSecret,
    next_secret: Option<StoredSecret>,
}

impl ClientRecord {
    /// The client as answers show it: no secret.
    fn view(&self) -> M2mClient {
        let mut out = M2mClient::default();
        out.client_id.clone_from(&self.client_id);
        out.client_name.clone_from(&self.client_name);
        out.client_description.clone_from(&self.client_description);
        out.status = self.status.clone();
        out.scopes.clone_from(&self.scopes);
        out.client_secret_last_four
            .clone_from(&self.secret.last_four);
        out.trusted_metadata.clone_from(&self.trusted_metadata);
        out.next_client_secret_last_four = self.next_secret.as_ref().map(|s| s.last_four.clone());
        out
    }

    /// Whether `secret` is the client's current or next secret.
    fn accepts(&self, secret: &str) -> bool {
        // Both are compared, so the time taken does not say which matched.
        let current = self.secret.matches(secret);
        let next = self.next_secret.as_ref().is_some_and(|n| n.matches(secret));
        current | next
    }
}

fn client_not_found() -> Fail {
    Fail::new(
        404,
        "m2m_client_not_found",
        "no M2M client has this client_id",
    )
}

fn invalid_client(message: &str) -> Fail {
    Fail::new(401, "invalid_client", message.to_owned())
}

fn client_index(s: &Inner, client_id: &str) -> Result<usize, Fail> {
    s.m2m
        .clients
        .iter()
        .position(|c| c.client_id == client_id)
        .ok_or_else(client_not_found)
}

/// Scopes must be non-empty and free of spaces: a token lists them joined
/// by spaces.
fn check_scopes(scopes: &[String]) -> Result<(), Fail> {
    if scopes
        .iter()
        .any(|s| s.is_empty() || s.chars().any(char::is_whitespace))
    {
        return Err(Fail::new(
            400,
            "invalid_scopes",
            "each scope must be non-empty and contain no spaces",
        ));
    }
    Ok(())
}

fn check_status(status: &ClientStatus) -> Result<(), Fail> {
    match status {
        ClientStatus::Active | ClientStatus::Inactive => Ok(()),
        other => Err(Fail::new(
            400,
            "invalid_request",
            format!("field `status` has an unknown value `{other}`: use active or inactive"),
        )),
    }
}

fn create(state: &State, p: m2m::CreateClient) -> Reply {
    check_scopes(p.scopes())?;
    if let Some(secret) = p.client_secret()
        && secret.chars().count() < MIN_SECRET_LEN
    {
        return Err(Fail::new(
            400,
            "invalid_client_secret",
            format!("a client secret needs at least {MIN_SECRET_LEN} characters"),
        ));
    }
    if p.client_id().is_some_and(|id| id.trim().is_empty()) {
        return Err(Fail::new(
            400,
            "invalid_request",
            "field `client_id` must not be empty",
        ));
    }
    state.with(|s| {
        let client_id = p
            .client_id()
            .cloned()
            .unwrap_or_else(|| ids::id("m2m-client"));
        if s.m2m.clients.iter().any(|c| c.client_id == client_id) {
            return Err(Fail::new(
                400,
                "duplicate_m2m_client_id",
                "an M2M client with this client_id already exists",
            ));
        }
        let secret = p.client_secret().cloned().unwrap_or_else(ids::token);
        let record = ClientRecord {
            client_id,
            client_name: p.client_name().cloned().unwrap_or_default(),
            client_description: p.client_description().cloned().unwrap_or_default(),
            status: ClientStatus::Active,
            scopes: p.scopes().clone(),
            trusted_metadata: p.trusted_metadata().cloned(),
            secret: StoredSecret::of(&secret),
            next_secret: None,
        };
        let view = record.view();
        s.m2m.clients.push(record);
        let mut shown = M2mClientWithClientSecret::default();
        shown.client_id = view.client_id;
        shown.client_secret = Secret::new(secret);
        shown.client_name = view.client_name;
        shown.client_description = view.client_description;
        shown.status = view.status;
        shown.scopes = view.scopes;
        shown.client_secret_last_four = view.client_secret_last_four;
        shown.trusted_metadata = view.trusted_metadata;
        shown.next_client_secret_last_four = view.next_client_secret_last_four;
        let mut out = m2m::CreateClientResponse::default();
        out.m2m_client = shown;
        Ok(answer(&out))
    })
}

fn get(state: &State, p: m2m::GetClient) -> Reply {
    state.with(|s| {
        let i = client_index(s, p.client_id())?;
        let mut out = m2m::GetClientResponse::default();
        out.m2m_client = s.m2m.clients[i].view();
        Ok(answer(&out))
    })
}

fn update(state: &State, p: m2m::UpdateClient) -> Reply {
    if let Some(status) = p.status() {
        check_status(status)?;
    }
    if let Some(scopes) = p.scopes() {
        check_scopes(scopes)?;
    }
    state.with(|s| {
        let i = client_index(s, p.client_id())?;
        let client = &mut s.m2m.clients[i];
        if let Some(name) = p.client_name() {
            client.client_name.clone_from(name);
        }
        if let Some(description) = p.client_description() {
            client.client_description.clone_from(description);
        }
        if let Some(status) = p.status() {
            client.status = status.clone();
        }
        if let Some(scopes) = p.scopes() {
            client.scopes.clone_from(scopes);
        }
        if let Some(metadata) = p.trusted_metadata() {
            client.trusted_metadata = Some(metadata.clone());
        }
        let mut out = m2m::UpdateClientResponse::default();
        out.m2m_client = client.view();
        Ok(answer(&out))
    })
}

fn delete(state: &State, p: m2m::DeleteClient) -> Reply {
    state.with(|s| {
        let i = client_index(s, p.client_id())?;
        let removed = s.m2m.clients.remove(i);
        let mut out = m2m::DeleteClientResponse::default();
        out.client_id = removed.client_id;
        Ok(answer(&out))
    })
}

fn rotate_start(state: &State, p: m2m::RotateSecretStart) -> Reply {
    state.with(|s| {
        let i = client_index(s, p.client_id())?;
        let client = &mut s.m2m.clients[i];
        let next = ids::token();
        client.next_secret = Some(StoredSecret::of(&next));
        let view = client.view();
        let mut shown = M2mClientWithNextClientSecret::default();
        shown.client_id = view.client_id;
        shown.next_client_secret = Secret::new(next);
        shown.client_name = view.client_name;
        shown.client_description = view.client_description;
        shown.status = view.status;
        shown.scopes = view.scopes;
        shown.client_secret_last_four = view.client_secret_last_four;
        shown.trusted_metadata = view.trusted_metadata;
        shown.next_client_secret_last_four = view.next_client_secret_last_four;
        let mut out = m2m::RotateSecretStartResponse::default();
        out.m2m_client = shown;
        Ok(answer(&out))
    })
}

fn rotation_not_started() -> Fail {
    Fail::new(
        400,
        "client_secret_rotation_not_started",
        "no secret rotation is under way for this client: start one first",
    )
}

fn rotate_cancel(state: &State, p: m2m::RotateSecretCancel) -> Reply {
    state.with(|s| {
        let i = client_index(s, p.client_id())?;
        let client = &mut s.m2m.clients[i];
        client.next_secret.take().ok_or_else(rotation_not_started)?;
        let mut out = m2m::RotateSecretCancelResponse::default();
        out.m2m_client = client.view();
        Ok(answer(&out))
    })
}

fn rotate(state: &State, p: m2m::RotateSecret) -> Reply {
    state.with(|s| {
        let i = client_index(s, p.client_id())?;
        let client = &mut s.m2m.clients[i];
        client.secret = client.next_secret.take().ok_or_else(rotation_not_started)?;
        let mut out = m2m::RotateSecretResponse::default();
        out.m2m_client = client.view();
        Ok(answer(&out))
    })
}

fn token(state: &State, p: m2m::Token) -> Reply {
    if *p.grant_type() != GrantType::ClientCredentials {
        return Err(Fail::new(
            400,
            "unsupported_grant_type",
            "only the client_credentials grant is supported",
        ));
    }
    state.with(|s| {
        // An unknown client and a wrong secret look the same to the caller.
        let client = s
            .m2m
            .clients
            .iter()
            .find(|c| c.client_id == *p.client_id())
            .filter(|c| c.accepts(p.client_secret()))
            .ok_or_else(|| invalid_client("the client id or secret is not valid"))?;
        if client.status != ClientStatus::Active {
            return Err(invalid_client("the client is inactive"));
        }
        let requested: Vec<&str> = match p.scopes() {
            Some(scopes) if !scopes.is_empty() => {
                scopes.as_slice().iter().map(String::as_str).collect()
            }
            _ => client.scopes.iter().map(String::as_str).collect(),
        };
        if let Some(missing) = requested
            .iter()
            .find(|r| !client.scopes.iter().any(|held| held == *r))
        {
            return Err(Fail::new(
                400,
                "invalid_scope",
                format!("the scope `{missing}` is not one of the client's"),
            ));
        }
        let now = i64::try_from(s.now()).unwrap_or(i64::MAX);
        let ttl = i64::try_from(TOKEN_TTL_SECS).unwrap_or(i64::MAX);
        let claims = keys::m2m_claims(&s.project_id, &client.client_id, &requested, now, ttl);
        let access_token = keys::sign_jwt(&keys::header(), &claims).ok_or_else(|| {
            Fail::new(
                500,
                "internal_server_error",
                "the local server could not sign the token",
            )
        })?;
        let mut out = m2m::TokenResponse::default();
        out.access_token = Secret::new(access_token);
        out.token_type = "bearer".to_owned();
        out.expires_in = TOKEN_TTL_SECS;
        Ok(answer(&out))
    })
}

fn introspect(state: &State, p: idp::IntrospectToken) -> Reply {
    state.with(|s| {
        authenticate_introspecting_client(s, p.client_id(), p.client_secret().map(String::as_str))?;
        let out = live_m2m_claims(s, p.token()).unwrap_or_default();
        Ok(answer(&out))
    })
}

/// The client asking for an introspection: an M2M client with one of its
/// secrets, or the public test client of the IdP calls.
fn authenticate_introspecting_client(
    s: &Inner,
    client_id: &str,
    secret: Option<&str>,
) -> Result<(), Fail> {
    if client_id == IDP_TEST_CLIENT_ID {
        return Ok(());
    }
    let client = s
        .m2m
        .clients
        .iter()
        .find(|c| c.client_id == client_id)
        .ok_or_else(|| invalid_client("the client id or secret is not valid"))?;
    match secret {
        Some(secret) if client.accepts(secret) => Ok(()),
        Some(_) => Err(invalid_client("the client id or secret is not valid")),
        None => Err(invalid_client(
            "this client is confidential: send its client_secret",
        )),
    }
}

/// The introspection answer for `token` when it is a live M2M access token
/// of this server: signed with its key for its project, within its
/// validity by the server's clock, of a client that exists and is active.
fn live_m2m_claims(s: &Inner, token: &str) -> Option<idp::IntrospectTokenResponse> {
    let claims = keys::signed_claims(token, &s.project_id)?;
    let r = &claims.registered;
    let now = i64::try_from(s.now()).unwrap_or(i64::MAX);
    let number = |v: &Option<Value>| v.as_ref().and_then(Value::as_i64);
    let exp = number(&r.exp)?;
    let iat = number(&r.iat);
    let nbf = number(&r.nbf);
    if exp <= now || nbf.is_some_and(|nbf| nbf > now) {
        return None;
    }
    let sub = r.subject()?;
    let scope = claims.other.get("scope").and_then(Value::as_str)?;
    s.m2m
        .clients
        .iter()
        .find(|c| c.client_id == sub && c.status == ClientStatus::Active)?;
    let aud = match &r.aud {
        Some(Value::String(a)) => vec![a.clone()],
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    };
    let mut out = idp::IntrospectTokenResponse::default();
    out.active = true;
    out.sub = Some(sub.to_owned());
    out.scope = Some(scope.to_owned());
    out.aud = Some(aud);
    out.exp = Some(exp);
    out.iat = iat;
    out.iss = r.iss.as_ref().and_then(Value::as_str).map(str::to_owned);
    out.nbf = nbf;
    out.token_type = Some("access_token".to_owned());
    Some(out)
}

fn bad_query(message: &str) -> Fail {
    Fail::new(400, "invalid_search_query", message.to_owned())
}

/// One checked filter of a search.
enum Filter {
    ClientId(Vec<String>),
    ClientName(Vec<String>),
    Scopes(Vec<String>),
}

impl Filter {
    fn matches(&self, client: &M2mClient) -> bool {
        match self {
            Filter::ClientId(ids) => ids.contains(&client.client_id),
            Filter::ClientName(names) => names.contains(&client.client_name),
            Filter::Scopes(scopes) => scopes.iter().any(|s| client.scopes.contains(s)),
        }
    }
}

/// Checks a query: its operator, and each operand as one filter.
fn compile(query: &SearchQuery) -> Result<(bool, Vec<Filter>), Fail> {
    let all = match query.operator {
        SearchOperator::And => true,
        SearchOperator::Or => false,
        ref other => {
            return Err(Fail::new(
                400,
                "invalid_request",
                format!("field `query` has an unknown operator `{other}`: use AND or OR"),
            ));
        }
    };
    if query.operands.len() > MAX_QUERY_OPERANDS {
        return Err(bad_query(&format!(
            "the query has too many operands: the local server's limit is {MAX_QUERY_OPERANDS}"
        )));
    }
    let mut values = 0usize;
    let mut filters = Vec::with_capacity(query.operands.len());
    for operand in &query.operands {
        if operand.contains_key("operator") {
            return Err(bad_query(
                "the local server does not take nested queries in an M2M client search",
            ));
        }
        let name = operand
            .get("filter_name")
            .and_then(Value::as_str)
            .ok_or_else(|| bad_query("each operand needs a `filter_name`"))?;
        let list = operand
            .get("filter_value")
            .and_then(Value::as_array)
            .ok_or_else(|| bad_query("each filter takes a list of strings as `filter_value`"))?;
        values += list.len();
        if values > MAX_QUERY_VALUES {
            return Err(bad_query(&format!(
                "the query lists too many values: the local server's limit is {MAX_QUERY_VALUES} in all filters together"
            )));
        }
        let strings = list
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| bad_query("each filter takes a list of strings as `filter_value`"))?;
        filters.push(match name {
            "client_id" => Filter::ClientId(strings),
            "client_name" => Filter::ClientName(strings),
            "scopes" => Filter::Scopes(strings),
            _ => {
                return Err(bad_query(
                    "the filters of an M2M client search are client_id, client_name and scopes",
                ));
            }
        });
    }
    Ok((all, filters))
}

fn search(state: &State, p: m2m::SearchClients) -> Reply {
    let start = match p.cursor() {
        None => 0,
        Some(c) => c
            .strip_prefix("local-cursor-")
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| Fail::new(400, "invalid_cursor", "this cursor was not issued here"))?,
    };
    let limit = p
        .limit()
        .copied()
        .unwrap_or(DEFAULT_LIMIT)
        .clamp(1, MAX_LIMIT) as usize;
    // The query is checked before the lock is taken, and the clients are
    // matched against a copy after it is released.
    let (all, filters) = match p.query() {
        Some(query) => compile(query)?,
        None => (true, Vec::new()),
    };
    let clients: Vec<M2mClient> =
        state.with(|s| s.m2m.clients.iter().map(ClientRecord::view).collect());
    let matching = clients.into_iter().filter(|c| {
        filters.is_empty()
            || if all {
                filters.iter().all(|f| f.matches(c))
            } else {
                filters.iter().any(|f| f.matches(c))
            }
    });
    let mut out = m2m::SearchClientsResponse::default();
    let mut total = 0usize;
    for client in matching {
        if total >= start && out.m2m_clients.len() < limit {
            out.m2m_clients.push(client);
        }
        total += 1;
    }
    let end = start + out.m2m_clients.len();
    out.results_metadata.total = total as u64;
    out.results_metadata.next_cursor = (end < total).then(|| format!("local-cursor-{end}"));
    Ok(answer(&out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_secret_keeps_a_digest_and_the_last_four_characters() {
        let stored = StoredSecret::of("correct-horse-battery");
        assert_eq!(stored.last_four, "tery");
        assert!(stored.matches("correct-horse-battery"));
        assert!(!stored.matches("correct-horse-batterY"));
        assert!(!stored.matches(""));
        assert_eq!(StoredSecret::of("ab").last_four, "ab");
        assert_eq!(StoredSecret::of("secrét-é").last_four, "ét-é");
    }
}
