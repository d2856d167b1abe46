//! Machine-to-machine (M2M): services that call each other with access
//! tokens Stytch issues to an M2M client.
//!
//! An M2M client is a service's identity: an id, a secret and the scopes it
//! may be granted. [`CreateClient`] makes one (its secret is shown in that
//! answer only); [`Token`] trades the id and secret for an access token
//! through the OAuth 2.0 client-credentials grant; [`RotateSecretStart`],
//! [`RotateSecret`] and [`RotateSecretCancel`] replace the secret without
//! downtime; [`GetClient`], [`UpdateClient`], [`DeleteClient`] and
//! [`SearchClients`] manage clients.
//!
//! An M2M access token is a JWT signed by the project's keys, the same keys
//! that sign session JWTs. [`TokenVerifier`] checks one locally, with the
//! keys the [`Client`](crate::Client) caches, and says which client it was
//! issued to and which scopes it grants. Stytch has no API call that checks
//! an M2M token: the local check is the check (a token stays valid until it
//! expires, even after its client is deleted or its secret rotated).

mod verify;

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::types::string_enum;
use crate::users::SearchOperator;
use crate::{Decode, Encode, Secret, endpoint};

pub use verify::{M2mToken, SCOPE_CLAIM, TokenVerifier, scopes_grant};

/// Trades an M2M client's id and secret for an access token: the OAuth 2.0
/// client-credentials grant (RFC 6749, section 4.4). The token is a JWT
/// signed with the project's keys, valid for an hour, whose `scope` claim
/// holds the granted scopes; check it with [`TokenVerifier`].
///
/// Unlike other calls, Stytch authenticates this one by the M2M client's id
/// and secret, not by the project's secret. Without `scopes`, the token
/// grants every scope of the client; with them, each must be one of the
/// client's. Errors come in the OAuth 2.0 shape (`error`,
/// `error_description`), which the client reads like Stytch's usual one: a
/// wrong id or secret is an [`ApiError`](crate::ApiError) whose
/// `error_type` is `invalid_client`.
///
/// `grant_type` must be [`GrantType::ClientCredentials`], the one grant
/// Stytch offers here. The official SDKs fill it in themselves; this
/// declaration asks for it so that every field on the wire is a field of
/// the call. `scopes` travel as `scope`, one string with the scopes
/// separated by spaces, as OAuth 2.0 writes them.
///
/// ```no_run
/// use stytch_endpoints::m2m::{GrantType, Token, TokenVerifier};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let client = stytch_endpoints::Client::from_env()?;
/// let answer = Token::builder()
///     .client_id("m2m-client-test-d731954d-dab3-4a2b-bdee-07f3ad1be885")
///     .client_secret(std::env::var("M2M_CLIENT_SECRET")?)
///     .grant_type(GrantType::ClientCredentials)
///     .scopes(["read:users"])
///     .send(&client)?;
/// // The service that receives the token checks it locally.
/// let token = TokenVerifier::new(&client).authenticate(answer.access_token.expose(), &["read:users"])?;
/// assert_eq!(token.client_id, "m2m-client-test-d731954d-dab3-4a2b-bdee-07f3ad1be885");
/// # Ok(()) }
/// ```
#[endpoint(POST "/v1/public/{project_id}/oauth2/token", response = TokenResponse)]
pub struct Token {
    /// The M2M client asking for a token.
    client_id: String,
    /// That client's secret (its current one, or the next one during a
    /// rotation).
    client_secret: String,
    /// The OAuth 2.0 grant: always [`GrantType::ClientCredentials`].
    grant_type: GrantType,
    /// The scopes the token should grant, each one of the client's; unset,
    /// all of the client's scopes. Sent as `scope`, separated by spaces.
    #[param(rename = "scope")]
    scopes: Option<Scopes>,
}

string_enum! {
    /// An OAuth 2.0 grant type, for [`Token`].
    pub enum GrantType {
        /// Client credentials: an M2M client's id and secret (RFC 6749,
        /// section 4.4). The only grant Stytch's token endpoint accepts.
        ClientCredentials = "client_credentials",
    }
}

/// A list of OAuth 2.0 scopes that travels as one string, the scopes
/// separated by spaces (RFC 6749, section 3.3), as [`Token`] sends them.
///
/// ```
/// use stytch_endpoints::m2m::Scopes;
///
/// let scopes = Scopes::from(["read:users", "write:users"]);
/// assert_eq!(serde_json::to_string(&scopes).unwrap(), r#""read:users write:users""#);
/// let back: Scopes = serde_json::from_str(r#"" read:users  write:users ""#).unwrap();
/// assert_eq!(back.as_slice(), ["read:users", "write:users"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scopes(Vec<String>);

impl Scopes {
    /// The scopes, in order.
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    /// The scopes, in order.
    pub fn into_vec(self) -> Vec<String> {
        self.0
    }

    /// Whether there is no scope.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Scopes {
    /// The wire form: the scopes separated by single spaces.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join(" "))
    }
}

impl From<Vec<String>> for Scopes {
    fn from(scopes: Vec<String>) -> Scopes {
        Scopes(scopes)
    }
}

impl From<Vec<&str>> for Scopes {
    fn from(scopes: Vec<&str>) -> Scopes {
        Scopes(scopes.into_iter().map(str::to_owned).collect())
    }
}

impl From<&[&str]> for Scopes {
    fn from(scopes: &[&str]) -> Scopes {
        Scopes(scopes.iter().map(|s| (*s).to_owned()).collect())
    }
}

impl<const N: usize> From<[&str; N]> for Scopes {
    fn from(scopes: [&str; N]) -> Scopes {
        Scopes(scopes.iter().map(|s| (*s).to_owned()).collect())
    }
}

impl Serialize for Scopes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Scopes {
    /// Splits on spaces; empty pieces (repeated or edge spaces) are dropped.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Scopes, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(Scopes(
            text.split(' ')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        ))
    }
}

/// The answer to [`Token`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct TokenResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The access token, a JWT signed with the project's keys (its `Debug`
    /// shows `[redacted]`).
    pub access_token: Secret,
    /// How to present the token: `bearer`.
    pub token_type: String,
    /// Seconds the token stays valid from now.
    pub expires_in: u64,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Fetches an M2M client by id. The answer never holds its secret, only the
/// secret's last four characters.
///
/// ```
/// use stytch_endpoints::m2m::GetClient;
///
/// let call = GetClient::builder()
///     .client_id("m2m-client-test-d731954d-dab3-4a2b-bdee-07f3ad1be885")
///     .build();
/// # let _ = call;
/// ```
#[endpoint(GET "/v1/m2m/clients/{client_id}", response = GetClientResponse)]
pub struct GetClient {
    /// The client to fetch.
    client_id: String,
}

/// The answer to [`GetClient`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct GetClientResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The client.
    pub m2m_client: M2mClient,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Lists M2M clients, a page at a time, optionally filtered.
///
/// Stytch documents three filters for the operands of `query`, each with a
/// list of strings as `filter_value`: `client_id` (any of these ids),
/// `client_name` (any of these names, exactly) and `scopes` (clients holding
/// any of these scopes). Without `query`, every client matches. Pages hold
/// `limit` clients (100 by default, at most 1000); pass the answer's
/// `results_metadata.next_cursor` as `cursor` for the next one, or let
/// `paginate` do it:
///
/// ```no_run
/// use stytch_endpoints::m2m::{SearchClients, SearchQuery};
///
/// # fn main() -> Result<(), stytch_endpoints::Error> {
/// let client = stytch_endpoints::Client::from_env()?;
/// let readers = SearchQuery::all(vec![
///     SearchQuery::filter("scopes", ["read:users"]),
/// ]);
/// for m2m_client in SearchClients::builder().query(readers).limit(100).paginate(&client) {
///     let m2m_client = m2m_client?;
///     println!("{} {}", m2m_client.client_id, m2m_client.client_name);
/// }
/// # Ok(()) }
/// ```
#[endpoint(POST "/v1/m2m/clients/search", response = SearchClientsResponse, cursor = cursor)]
pub struct SearchClients {
    /// Where the previous page ended; leave unset for the first page.
    cursor: Option<String>,
    /// Most clients per page.
    limit: Option<u32>,
    /// The filter; unset returns every client.
    query: Option<SearchQuery>,
}

/// A filter for [`SearchClients`]: operands joined by one operator.
#[derive(Debug, Clone, PartialEq, Encode, Decode)]
#[non_exhaustive]
pub struct SearchQuery {
    /// How the operands combine.
    pub operator: SearchOperator,
    /// Filters such as `{"filter_name": "scopes", "filter_value": ["read:users"]}`.
    pub operands: Vec<Map<String, Value>>,
}

impl SearchQuery {
    /// Clients matching the operands combined by `operator`.
    pub fn new(operator: SearchOperator, operands: Vec<Map<String, Value>>) -> SearchQuery {
        SearchQuery { operator, operands }
    }

    /// Clients matching every operand.
    pub fn all(operands: Vec<Map<String, Value>>) -> SearchQuery {
        SearchQuery::new(SearchOperator::And, operands)
    }

    /// Clients matching any operand.
    pub fn any(operands: Vec<Map<String, Value>>) -> SearchQuery {
        SearchQuery::new(SearchOperator::Or, operands)
    }

    /// One operand: the filter `name` (`client_id`, `client_name` or
    /// `scopes`) with these values.
    pub fn filter<I, S>(name: &str, values: I) -> Map<String, Value>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let values: Vec<Value> = values
            .into_iter()
            .map(|v| Value::String(v.into()))
            .collect();
        let mut operand = Map::new();
        operand.insert("filter_name".to_owned(), Value::String(name.to_owned()));
        operand.insert("filter_value".to_owned(), Value::Array(values));
        operand
    }
}

/// The answer to [`SearchClients`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct SearchClientsResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The clients on this page.
    #[serde(default)]
    pub m2m_clients: Vec<M2mClient>,
    /// Totals and the cursor of the next page.
    pub results_metadata: ResultsMetadata,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

impl crate::Page for SearchClientsResponse {
    type Item = M2mClient;

    fn into_page(self) -> (Vec<M2mClient>, Option<String>) {
        (self.m2m_clients, self.results_metadata.next_cursor)
    }
}

/// Paging details of a [`SearchClientsResponse`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct ResultsMetadata {
    /// How many clients match in all.
    #[serde(default)]
    pub total: u64,
    /// Pass as `cursor` for the next page; `None` on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Changes an M2M client's name, description, status, scopes or metadata.
/// A client made `inactive` gets no new tokens; the tokens it already has
/// stay valid until they expire. New scopes apply to tokens issued from
/// now on.
///
/// ```
/// use stytch_endpoints::m2m::{ClientStatus, UpdateClient};
///
/// let call = UpdateClient::builder()
///     .client_id("m2m-client-test-d731954d-dab3-4a2b-bdee-07f3ad1be885")
///     .scopes(vec!["read:users".to_owned(), "read:invoices".to_owned()])
///     .status(ClientStatus::Inactive)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(PUT "/v1/m2m/clients/{client_id}", response = UpdateClientResponse)]
pub struct UpdateClient {
    /// The client to change.
    client_id: String,
    /// A new display name.
    client_name: Option<String>,
    /// A new description.
    client_description: Option<String>,
    /// `active` or `inactive`.
    status: Option<ClientStatus>,
    /// The new list of scopes (replaces the old one).
    scopes: Option<Vec<String>>,
    /// New backend-only metadata (replaces the old object).
    trusted_metadata: Option<Map<String, Value>>,
}

string_enum! {
    /// Whether an M2M client may get tokens.
    pub enum ClientStatus {
        /// The client gets tokens.
        Active = "active",
        /// The client is refused new tokens.
        Inactive = "inactive",
    }
}

/// The answer to [`UpdateClient`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct UpdateClientResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The client after the change.
    pub m2m_client: M2mClient,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Deletes an M2M client: it gets no new tokens. Tokens it already has are
/// JWTs, still accepted by a local check ([`TokenVerifier`]) until they
/// expire.
///
/// ```
/// use stytch_endpoints::m2m::DeleteClient;
///
/// let call = DeleteClient::builder()
///     .client_id("m2m-client-test-d731954d-dab3-4a2b-bdee-07f3ad1be885")
///     .build();
/// # let _ = call;
/// ```
#[endpoint(DELETE "/v1/m2m/clients/{client_id}", response = DeleteClientResponse)]
pub struct DeleteClient {
    /// The client to delete.
    client_id: String,
}

/// The answer to [`DeleteClient`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct DeleteClientResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The client that was deleted.
    pub client_id: String,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Creates an M2M client with these scopes. Stytch draws its id and secret,
/// unless you bring them (to import a client from another system, give
/// both; the secret needs at least 8 characters). The answer holds the
/// secret, and no later answer does: store it then.
///
/// The spec lists `client_id` and `client_secret` as alternatives without a
/// rule between them. They are not alternatives (an import sets both), so
/// this declaration puts no rule on them: either, both or neither compiles.
///
/// ```
/// use serde_json::json;
/// use stytch_endpoints::m2m::CreateClient;
///
/// let call = CreateClient::builder()
///     .scopes(vec!["read:users".to_owned(), "write:users".to_owned()])
///     .client_name("billing-service")
///     .client_description("Reads users to send invoices")
///     .trusted_metadata(json!({ "team": "billing" }).as_object().cloned().unwrap_or_default())
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/m2m/clients", response = CreateClientResponse)]
pub struct CreateClient {
    /// The scopes the client may be granted.
    scopes: Vec<String>,
    /// The id to give the client, when importing one; drawn by Stytch
    /// otherwise.
    client_id: Option<String>,
    /// The secret to give the client, when importing one (8 characters at
    /// least); drawn by Stytch otherwise.
    client_secret: Option<String>,
    /// A display name.
    client_name: Option<String>,
    /// A description.
    client_description: Option<String>,
    /// Backend-only metadata.
    trusted_metadata: Option<Map<String, Value>>,
}

/// The answer to [`CreateClient`]: the client with its secret, shown this
/// once.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct CreateClientResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The new client, with its secret.
    pub m2m_client: M2mClientWithClientSecret,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Starts replacing an M2M client's secret: Stytch draws the next secret
/// and returns it (this once). Until the rotation completes with
/// [`RotateSecret`] (or is dropped with [`RotateSecretCancel`]), both the
/// current and the next secret get tokens, so the services holding the
/// secret can move to the new one one by one.
///
/// ```
/// use stytch_endpoints::m2m::RotateSecretStart;
///
/// let call = RotateSecretStart::builder()
///     .client_id("m2m-client-test-d731954d-dab3-4a2b-bdee-07f3ad1be885")
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/m2m/clients/{client_id}/secrets/rotate/start", response = RotateSecretStartResponse)]
pub struct RotateSecretStart {
    /// The client whose secret to rotate.
    client_id: String,
}

/// The answer to [`RotateSecretStart`]: the client with its next secret,
/// shown this once.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct RotateSecretStartResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The client, with its next secret.
    pub m2m_client: M2mClientWithNextClientSecret,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Drops the next secret of a rotation [`RotateSecretStart`] began; the
/// current secret stays the only one.
///
/// ```
/// use stytch_endpoints::m2m::RotateSecretCancel;
///
/// let call = RotateSecretCancel::builder()
///     .client_id("m2m-client-test-d731954d-dab3-4a2b-bdee-07f3ad1be885")
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/m2m/clients/{client_id}/secrets/rotate/cancel", response = RotateSecretCancelResponse)]
pub struct RotateSecretCancel {
    /// The client whose rotation to drop.
    client_id: String,
}

/// The answer to [`RotateSecretCancel`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct RotateSecretCancelResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The client, without a next secret.
    pub m2m_client: M2mClient,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Completes a rotation [`RotateSecretStart`] began: the next secret
/// becomes the client's secret, and the old one stops getting tokens.
/// Tokens issued with the old secret stay valid until they expire.
///
/// ```
/// use stytch_endpoints::m2m::RotateSecret;
///
/// let call = RotateSecret::builder()
///     .client_id("m2m-client-test-d731954d-dab3-4a2b-bdee-07f3ad1be885")
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/m2m/clients/{client_id}/secrets/rotate", response = RotateSecretResponse)]
pub struct RotateSecret {
    /// The client whose rotation to complete.
    client_id: String,
}

/// The answer to [`RotateSecret`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct RotateSecretResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The client, whose secret is now the former next one.
    pub m2m_client: M2mClient,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// An M2M client, as answers other than [`CreateClientResponse`] and
/// [`RotateSecretStartResponse`] show it: without any secret.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct M2mClient {
    /// The client's id.
    pub client_id: String,
    /// Its display name.
    pub client_name: String,
    /// Its description.
    pub client_description: String,
    /// `active` or `inactive`.
    pub status: ClientStatus,
    /// The scopes it may be granted.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// The last four characters of its secret.
    pub client_secret_last_four: String,
    /// Backend-only metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trusted_metadata: Option<Map<String, Value>>,
    /// The last four characters of the next secret, during a rotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_client_secret_last_four: Option<String>,
}

/// An M2M client with its secret, as [`CreateClientResponse`] shows it.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct M2mClientWithClientSecret {
    /// The client's id.
    pub client_id: String,
    /// Its secret, shown this once (its `Debug` shows `[redacted]`).
    pub client_secret: Secret,
    /// Its display name.
    pub client_name: String,
    /// Its description.
    pub client_description: String,
    /// `active` or `inactive`.
    pub status: ClientStatus,
    /// The scopes it may be granted.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// The last four characters of its secret.
    pub client_secret_last_four: String,
    /// Backend-only metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trusted_metadata: Option<Map<String, Value>>,
    /// The last four characters of the next secret, during a rotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_client_secret_last_four: Option<String>,
}

/// An M2M client with the next secret of a rotation, as
/// [`RotateSecretStartResponse`] shows it.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct M2mClientWithNextClientSecret {
    /// The client's id.
    pub client_id: String,
    /// The next secret, shown this once (its `Debug` shows `[redacted]`).
    pub next_client_secret: Secret,
    /// Its display name.
    pub client_name: String,
    /// Its description.
    pub client_description: String,
    /// `active` or `inactive`.
    pub status: ClientStatus,
    /// The scopes it may be granted.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// The last four characters of its current secret.
    pub client_secret_last_four: String,
    /// Backend-only metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trusted_metadata: Option<Map<String, Value>>,
    /// The last four characters of the next secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_client_secret_last_four: Option<String>,
}
