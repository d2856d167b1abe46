//! M2M against the local server, through our client only: a client is
//! created, trades its secret for a token that a local check accepts and
//! introspection calls live, rotates its secret (both work during the
//! rotation, only the new one after), cancels a second rotation, is found
//! by a paged search, changed, and deleted.

use std::collections::HashSet;
use std::time::Duration;

use stytch_endpoints::idp::IntrospectToken;
use stytch_endpoints::m2m::{
    ClientStatus, CreateClient, DeleteClient, GetClient, GrantType, RotateSecret,
    RotateSecretCancel, RotateSecretStart, SearchClients, SearchQuery, Token, TokenVerifier,
    UpdateClient,
};
use stytch_endpoints::sessions::JwtError;
use stytch_endpoints::{Client, Error};
use stytch_local::LocalServer;

/// The Stytch status and error type of a failed call.
fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> (u16, String) {
    match result {
        Err(Error::Api(e)) => (e.status, e.error_type),
        other => panic!("expected a Stytch error, got {other:?}"),
    }
}

fn scopes(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

/// A token for `client_id` with `secret`, asking for `wanted` scopes (all of
/// the client's when `None`).
fn token(
    client: &Client,
    client_id: &str,
    secret: &str,
    wanted: Option<&[&str]>,
) -> Result<String, Error> {
    let call = Token::builder()
        .client_id(client_id)
        .client_secret(secret)
        .grant_type(GrantType::ClientCredentials)
        .maybe_scopes(wanted.map(Into::into))
        .send(client)?;
    assert_eq!(call.token_type, "bearer");
    assert_eq!(call.expires_in, 3600);
    Ok(call.access_token.expose().to_owned())
}

fn introspect(
    client: &Client,
    token: &str,
    client_id: &str,
    secret: &str,
) -> (bool, Option<String>) {
    let answer = IntrospectToken::builder()
        .token(token)
        .client_id(client_id)
        .client_secret(secret)
        .token_type_hint("access_token")
        .send(client)
        .unwrap();
    (answer.active, answer.scope)
}

#[test]
fn create_token_verify_introspect_rotate_search_update_delete() {
    let server = LocalServer::start().unwrap();
    let client = server.client();

    // Created: the secret is shown once, only its last four afterwards.
    let created = CreateClient::builder()
        .scopes(scopes(&["read:users", "write:users"]))
        .client_name("billing")
        .client_description("sends invoices")
        .send(&client)
        .unwrap()
        .m2m_client;
    let id = created.client_id.clone();
    let first_secret = created.client_secret.expose().to_owned();
    assert!(id.starts_with("m2m-client-test-"), "{id}");
    assert!(first_secret.len() >= 32);
    assert_eq!(created.status, ClientStatus::Active);
    assert_eq!(
        created.client_secret_last_four,
        first_secret[first_secret.len() - 4..]
    );
    assert_eq!(created.next_client_secret_last_four, None);
    assert!(!format!("{created:?}").contains(&first_secret));
    let fetched = GetClient::builder().client_id(&id).send(&client).unwrap();
    assert_eq!(fetched.m2m_client.client_name, "billing");
    assert_eq!(fetched.m2m_client.scopes, ["read:users", "write:users"]);
    assert_eq!(
        fetched.m2m_client.client_secret_last_four,
        created.client_secret_last_four
    );

    // A token with one of the client's scopes; the local check accepts it.
    let access = token(&client, &id, &first_secret, Some(&["read:users"])).unwrap();
    let verifier = TokenVerifier::new(&client);
    let checked = verifier.authenticate(&access, &["read:users"]).unwrap();
    assert_eq!(checked.client_id, id);
    assert_eq!(checked.scopes, ["read:users"]);
    assert_eq!(checked.expires_at - checked.issued_at, 3600);
    assert!(matches!(
        verifier.authenticate(&access, &["write:users"]),
        Err(JwtError::MissingScope { .. })
    ));
    // Without scopes, the token grants all of the client's.
    let all = token(&client, &id, &first_secret, None).unwrap();
    assert_eq!(
        verifier.authenticate(&all, &[] as &[&str]).unwrap().scopes,
        ["read:users", "write:users"]
    );
    // Two scopes travel as one space-separated `scope`.
    let both = token(
        &client,
        &id,
        &first_secret,
        Some(&["write:users", "read:users"]),
    )
    .unwrap();
    assert_eq!(
        verifier
            .authenticate(&both, &["read:users", "write:users"])
            .unwrap()
            .scopes,
        ["write:users", "read:users"]
    );
    // A scope the client does not hold is refused, in the OAuth 2.0 shape.
    assert_eq!(
        api_error(token(&client, &id, &first_secret, Some(&["admin"]))),
        (400, "invalid_scope".into())
    );

    // Introspection calls it live, with its claims; garbage is not live.
    assert_eq!(
        introspect(&client, &access, &id, &first_secret),
        (true, Some("read:users".to_owned()))
    );
    assert_eq!(
        introspect(&client, "not.a.token", &id, &first_secret),
        (false, None)
    );
    // The asking client must prove who it is.
    let refused = IntrospectToken::builder()
        .token(&access)
        .client_id(&id)
        .client_secret("wrong-secret")
        .send(&client);
    assert_eq!(api_error(refused), (401, "invalid_client".into()));

    // Rotation started: both secrets get tokens.
    let started = RotateSecretStart::builder()
        .client_id(&id)
        .send(&client)
        .unwrap()
        .m2m_client;
    let next_secret = started.next_client_secret.expose().to_owned();
    assert_ne!(next_secret, first_secret);
    assert_eq!(
        started.next_client_secret_last_four.as_deref(),
        Some(&next_secret[next_secret.len() - 4..])
    );
    assert_eq!(
        started.client_secret_last_four,
        created.client_secret_last_four
    );
    token(&client, &id, &first_secret, None).unwrap();
    token(&client, &id, &next_secret, None).unwrap();

    // Rotation completed: the old secret is refused with Stytch's OAuth 2.0
    // error, the new one works.
    let rotated = RotateSecret::builder()
        .client_id(&id)
        .send(&client)
        .unwrap();
    assert_eq!(
        rotated.m2m_client.client_secret_last_four,
        next_secret[next_secret.len() - 4..]
    );
    assert_eq!(rotated.m2m_client.next_client_secret_last_four, None);
    assert_eq!(
        api_error(token(&client, &id, &first_secret, None)),
        (401, "invalid_client".into())
    );
    let fresh = token(&client, &id, &next_secret, None).unwrap();
    // A token issued before the rotation is still a valid JWT.
    verifier.authenticate(&access, &["read:users"]).unwrap();

    // A second rotation, cancelled: its secret never works, the current
    // one still does.
    let again = RotateSecretStart::builder()
        .client_id(&id)
        .send(&client)
        .unwrap()
        .m2m_client;
    let dropped_secret = again.next_client_secret.expose().to_owned();
    let cancelled = RotateSecretCancel::builder()
        .client_id(&id)
        .send(&client)
        .unwrap();
    assert_eq!(cancelled.m2m_client.next_client_secret_last_four, None);
    assert_eq!(
        api_error(token(&client, &id, &dropped_secret, None)),
        (401, "invalid_client".into())
    );
    token(&client, &id, &next_secret, None).unwrap();
    // Nothing left to cancel or complete.
    assert_eq!(
        api_error(RotateSecretCancel::builder().client_id(&id).send(&client)),
        (400, "client_secret_rotation_not_started".into())
    );
    assert_eq!(
        api_error(RotateSecret::builder().client_id(&id).send(&client)),
        (400, "client_secret_rotation_not_started".into())
    );

    // Update: new scopes apply to new tokens; an inactive client gets none.
    let updated = UpdateClient::builder()
        .client_id(&id)
        .client_name("billing-v2")
        .scopes(scopes(&["read:invoices"]))
        .send(&client)
        .unwrap();
    assert_eq!(updated.m2m_client.client_name, "billing-v2");
    assert_eq!(updated.m2m_client.scopes, ["read:invoices"]);
    assert_eq!(updated.m2m_client.client_description, "sends invoices");
    let invoices = token(&client, &id, &next_secret, None).unwrap();
    assert_eq!(
        verifier
            .authenticate(&invoices, &["read:invoices"])
            .unwrap()
            .scopes,
        ["read:invoices"]
    );
    UpdateClient::builder()
        .client_id(&id)
        .status(ClientStatus::Inactive)
        .send(&client)
        .unwrap();
    assert_eq!(
        api_error(token(&client, &id, &next_secret, None)),
        (401, "invalid_client".into())
    );
    UpdateClient::builder()
        .client_id(&id)
        .status(ClientStatus::Active)
        .send(&client)
        .unwrap();

    // Deleted: gone for the API, its tokens inactive for introspection,
    // but still a valid JWT for a local check until it expires.
    let other = CreateClient::builder()
        .scopes(scopes(&["read:users"]))
        .send(&client)
        .unwrap()
        .m2m_client;
    let other_secret = other.client_secret.expose().to_owned();
    assert!(introspect(&client, &fresh, &other.client_id, &other_secret).0);
    let deleted = DeleteClient::builder()
        .client_id(&id)
        .send(&client)
        .unwrap();
    assert_eq!(deleted.client_id, id);
    assert_eq!(
        api_error(GetClient::builder().client_id(&id).send(&client)),
        (404, "m2m_client_not_found".into())
    );
    assert_eq!(
        api_error(DeleteClient::builder().client_id(&id).send(&client)),
        (404, "m2m_client_not_found".into())
    );
    assert_eq!(
        introspect(&client, &fresh, &other.client_id, &other_secret),
        (false, None)
    );
    verifier.authenticate(&fresh, &[] as &[&str]).unwrap();
    assert_eq!(
        api_error(token(&client, &id, &next_secret, None)),
        (401, "invalid_client".into())
    );
}

#[test]
fn an_expired_token_is_inactive_for_introspection() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    let created = CreateClient::builder()
        .scopes(vec!["read:users".to_owned()])
        .send(&client)
        .unwrap()
        .m2m_client;
    let (id, secret) = (created.client_id, created.client_secret.expose().to_owned());
    let access = token(&client, &id, &secret, None).unwrap();
    assert!(introspect(&client, &access, &id, &secret).0);
    // (Margins of seconds: the system clock moves on during the test too.)
    server.advance_clock(Duration::from_secs(3500));
    assert!(introspect(&client, &access, &id, &secret).0);
    server.advance_clock(Duration::from_secs(100));
    assert_eq!(introspect(&client, &access, &id, &secret), (false, None));
}

#[test]
fn a_search_over_25_clients_in_pages_of_10_takes_three_calls_and_yields_each_once() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    let mut created = HashSet::new();
    for i in 0..25 {
        let scope = if i % 5 == 0 { "admin" } else { "read:users" };
        let made = CreateClient::builder()
            .scopes(vec![scope.to_owned()])
            .client_name(format!("service-{i}"))
            .send(&client)
            .unwrap();
        created.insert(made.m2m_client.client_id);
    }
    let before = server.requests_served();
    let mut pages = SearchClients::builder().limit(10).paginate(&client);
    assert_eq!(server.requests_served(), before);
    let mut seen = Vec::new();
    for found in pages.by_ref() {
        seen.push(found.unwrap().client_id);
    }
    assert_eq!(pages.pages_fetched(), 3);
    assert_eq!(server.requests_served() - before, 3);
    assert_eq!(seen.len(), 25);
    assert_eq!(seen.iter().cloned().collect::<HashSet<_>>(), created);

    // One page by hand: its total and cursor.
    let first = SearchClients::builder().limit(10).send(&client).unwrap();
    assert_eq!(first.m2m_clients.len(), 10);
    assert_eq!(first.results_metadata.total, 25);
    let cursor = first.results_metadata.next_cursor.clone().unwrap();
    let last = SearchClients::builder()
        .limit(10)
        .cursor(cursor)
        .send(&client)
        .unwrap();
    assert_eq!(last.m2m_clients.len(), 10);
    assert!(last.results_metadata.next_cursor.is_some());

    // Filters: by scope, by name, by id; OR of two.
    let admins = SearchClients::builder()
        .query(SearchQuery::all(vec![SearchQuery::filter(
            "scopes",
            ["admin"],
        )]))
        .send(&client)
        .unwrap();
    assert_eq!(admins.results_metadata.total, 5);
    assert!(admins.m2m_clients.iter().all(|c| c.scopes == ["admin"]));
    let named = SearchClients::builder()
        .query(SearchQuery::any(vec![
            SearchQuery::filter("client_name", ["service-3"]),
            SearchQuery::filter("client_id", [seen[7].as_str()]),
        ]))
        .send(&client)
        .unwrap();
    let names: HashSet<_> = named
        .m2m_clients
        .iter()
        .map(|c| c.client_name.clone())
        .collect();
    assert_eq!(named.results_metadata.total, 2);
    assert!(names.contains("service-3"));
    assert!(named.m2m_clients.iter().any(|c| c.client_id == seen[7]));
    let both = SearchClients::builder()
        .query(SearchQuery::all(vec![
            SearchQuery::filter("scopes", ["admin"]),
            SearchQuery::filter("client_name", ["service-3"]),
        ]))
        .send(&client)
        .unwrap();
    assert_eq!(both.results_metadata.total, 0);
    assert_eq!(both.results_metadata.next_cursor, None);
    // A filter the search does not know.
    let unknown = SearchClients::builder()
        .query(SearchQuery::all(vec![SearchQuery::filter(
            "status",
            ["active"],
        )]))
        .send(&client);
    assert_eq!(api_error(unknown), (400, "invalid_search_query".into()));
    // The paged walk keeps the filter.
    let readers: Vec<_> = client
        .paginate(
            SearchClients::builder()
                .limit(7)
                .query(SearchQuery::all(vec![SearchQuery::filter(
                    "scopes",
                    ["read:users"],
                )]))
                .build(),
        )
        .map(Result::unwrap)
        .collect();
    assert_eq!(readers.len(), 20);
}

#[test]
fn the_oauth2_endpoints_take_client_credentials_and_answer_in_the_oauth2_shape() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    let created = CreateClient::builder()
        .scopes(vec!["read:users".to_owned()])
        .send(&client)
        .unwrap()
        .m2m_client;
    let (id, secret) = (created.client_id, created.client_secret.expose().to_owned());

    // A wrong secret, raw: the OAuth 2.0 shape, not Stytch's usual one.
    let (status, body) = stytch_tests::raw_call(
        &server,
        &Token::builder()
            .client_id(&id)
            .client_secret("not-the-secret")
            .grant_type(GrantType::ClientCredentials)
            .build(),
    );
    assert_eq!(status, 401);
    assert_eq!(body["error"], "invalid_client");
    assert!(
        body["error_description"]
            .as_str()
            .is_some_and(|d| !d.is_empty())
    );
    assert!(body["error_uri"].is_string() && body["request_id"].is_string());
    assert_eq!(body["status_code"], 401);
    assert!(body.get("error_type").is_none(), "{body}");
    // Another grant type.
    let other_grant = Token::builder()
        .client_id(&id)
        .client_secret(&secret)
        .grant_type("authorization_code")
        .send(&client);
    assert_eq!(
        api_error(other_grant),
        (400, "unsupported_grant_type".into())
    );

    // The secret never shows again, raw.
    let (_, got) = stytch_tests::raw_call(&server, &GetClient::builder().client_id(&id).build());
    let (_, found) = stytch_tests::raw_call(&server, &SearchClients::builder().build());
    assert!(!got.to_string().contains(&secret) && !found.to_string().contains(&secret));
    assert_eq!(
        got["m2m_client"]["client_secret_last_four"],
        secret[secret.len() - 4..]
    );
    assert!(got["m2m_client"].get("client_secret").is_none());

    // The client's credentials are what counts, not the project's: a
    // client with a wrong project secret still gets a token, and nothing
    // else.
    let outsider = Client::builder(server.project_id(), "secret-test-not-this-project")
        .base_url(server.base_url())
        .build()
        .unwrap();
    let access = token(&outsider, &id, &secret, None).unwrap();
    assert_eq!(
        api_error(GetClient::builder().client_id(&id).send(&outsider)),
        (401, "unauthorized_credentials".into())
    );
    // A path naming another project is refused.
    let elsewhere = Client::builder("project-test-elsewhere", "x")
        .base_url(server.base_url())
        .build()
        .unwrap();
    assert_eq!(
        api_error(token(&elsewhere, &id, &secret, None)),
        (404, "project_not_found".into())
    );

    // Introspection: the IdP's test client is public (no secret); an M2M
    // client is confidential; a session JWT is not an M2M token.
    let public = IntrospectToken::builder()
        .token(&access)
        .client_id(stytch_local::IDP_TEST_CLIENT_ID)
        .send(&client)
        .unwrap();
    assert!(public.active);
    assert_eq!(public.sub.as_deref(), Some(id.as_str()));
    assert_eq!(
        public.aud.as_deref(),
        Some(&[server.project_id().to_owned()][..])
    );
    assert_eq!(
        public.iss,
        Some(format!("stytch.com/{}", server.project_id()))
    );
    assert_eq!(public.token_type.as_deref(), Some("access_token"));
    let (exp, iat, nbf) = (
        public.exp.unwrap(),
        public.iat.unwrap(),
        public.nbf.unwrap(),
    );
    assert_eq!((exp - iat, nbf), (3600, iat));
    let without_secret = IntrospectToken::builder()
        .token(&access)
        .client_id(&id)
        .send(&client);
    assert_eq!(api_error(without_secret), (401, "invalid_client".into()));
    let session_jwt = IntrospectToken::builder()
        .token(stytch_local::DEMO_SESSION_JWT)
        .client_id(stytch_local::IDP_TEST_CLIENT_ID)
        .send(&client)
        .unwrap();
    assert!(!session_jwt.active);
    assert_eq!(session_jwt.sub, None);
}
