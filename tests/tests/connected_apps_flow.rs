//! Connected apps against the local server, through our client only: a
//! client app is registered, a user authorizes it through the IdP calls,
//! sees it among their connected apps and revokes it; its secret is
//! rotated, cancelled and rotated; the project's apps are paged through;
//! the app is changed and removed.

use std::collections::HashSet;

use stytch_endpoints::connected_apps::{self as apps, ClientType};
use stytch_endpoints::{Client, Error, idp, otps, users};
use stytch_local::{IDP_TEST_CLIENT_ID, LocalServer, OTP_TEST_CODE};

/// The Stytch status and error type of a failed call.
fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> (u16, String) {
    match result {
        Err(Error::Api(e)) => {
            assert!(!e.error_message.is_empty());
            (e.status, e.error_type)
        }
        other => panic!("expected a Stytch error, got {other:?}"),
    }
}

const CALLBACK: &str = "https://notes.acme.example/callback";

fn scopes() -> Vec<String> {
    vec!["openid".to_owned(), "email".to_owned()]
}

/// `idp::AuthorizeStart` for `client_id` on behalf of the session `token`.
fn start(
    client: &Client,
    client_id: &str,
    redirect: &str,
    token: &str,
) -> Result<idp::AuthorizeStartResponse, Error> {
    idp::AuthorizeStart::builder()
        .client_id(client_id)
        .redirect_uri(redirect)
        .response_type("code")
        .scopes(scopes())
        .session_token(token)
        .send(client)
}

#[test]
fn register_authorize_list_revoke_rotate_page_update_delete() {
    let server = LocalServer::start().unwrap();
    let client = server.client();

    // A user with a session, to act in the IdP calls.
    let ada = users::Create::builder()
        .email("ada@example.com")
        .send(&client)
        .unwrap();
    let token = otps::Authenticate::builder()
        .method_id(&ada.email_id)
        .code(OTP_TEST_CODE)
        .session_duration_minutes(60u32)
        .send(&client)
        .unwrap()
        .session_token
        .expose()
        .to_owned();

    // Registration: a confidential client gets its secret once.
    let created = apps::CreateClient::builder()
        .client_type(ClientType::ThirdParty)
        .client_name("Acme Notes")
        .client_description("Takes notes with your account")
        .redirect_urls(vec![CALLBACK.to_owned()])
        .logo_url("https://notes.acme.example/logo.png")
        .send(&client)
        .unwrap()
        .connected_app;
    let app_id = created.client_id.clone();
    assert!(app_id.starts_with("connected-app-test-"), "{app_id}");
    assert_eq!(created.client_type, ClientType::ThirdParty);
    assert_eq!(created.status, "active");
    assert_eq!(created.access_token_expiry_minutes, 60);
    let first_secret = created.client_secret.clone().unwrap().expose().to_owned();
    assert!(first_secret.len() >= 32);
    assert_eq!(
        created.client_secret_last_four.as_deref(),
        Some(&first_secret[first_secret.len() - 4..])
    );
    assert!(created.next_client_secret_last_four.is_none());
    assert!(!format!("{created:?}").contains(&first_secret));
    assert!(server.connected_app_accepts_secret(&app_id, &first_secret));

    // Reading it back shows the last four characters, never the secret.
    let got = apps::GetClient::builder()
        .client_id(&app_id)
        .send(&client)
        .unwrap()
        .connected_app;
    assert_eq!(got.client_name, "Acme Notes");
    assert_eq!(got.redirect_urls, [CALLBACK]);
    assert_eq!(got.creation_method, "api");
    assert_eq!(got.client_secret_last_four, created.client_secret_last_four);
    assert!(!serde_json::to_string(&got).unwrap().contains(&first_secret));

    // The IdP calls know the new client, and only its redirect URLs.
    let elsewhere = start(&client, &app_id, "https://evil.example/cb", &token);
    assert_eq!(
        api_error(elsewhere),
        (
            400,
            "connected_app_supplied_redirect_url_not_found_in_client".into()
        )
    );
    let asked = start(&client, &app_id, CALLBACK, &token).unwrap();
    assert!(asked.consent_required);
    assert_eq!(asked.client.client_id, app_id);
    assert_eq!(asked.client.client_name, "Acme Notes");
    assert_eq!(asked.client.client_type, "third_party");
    assert!(asked.scope_results.iter().all(|r| r.is_grantable));
    let granted = idp::Authorize::builder()
        .consent_granted(true)
        .scopes(scopes())
        .client_id(&app_id)
        .redirect_uri(CALLBACK)
        .response_type("code")
        .session_token(&token)
        .send(&client)
        .unwrap();
    assert!(granted.authorization_code.is_some());
    assert!(
        granted
            .redirect_uri
            .expose()
            .starts_with(&format!("{CALLBACK}?code="))
    );
    // Consent given once covers the same scopes next time.
    assert!(
        !start(&client, &app_id, CALLBACK, &token)
            .unwrap()
            .consent_required
    );

    // The user's connected apps list it, with what was granted.
    let listed = users::ConnectedApps::builder()
        .user_id(&ada.user_id)
        .send(&client)
        .unwrap()
        .connected_apps;
    assert_eq!(listed.len(), 1);
    let app = &listed[0];
    assert_eq!(app.connected_app_id, app_id);
    assert_eq!(app.name, "Acme Notes");
    assert_eq!(app.description, "Takes notes with your account");
    assert_eq!(app.client_type, ClientType::ThirdParty);
    assert_eq!(app.scopes_granted, "openid email");
    assert_eq!(
        app.logo_url.as_deref(),
        Some("https://notes.acme.example/logo.png")
    );

    // Revoking removes the consent: the list is empty, consent is asked
    // again, and a second revoke is refused.
    let revoke = || {
        users::RevokeConnectedApp::builder()
            .user_id(&ada.user_id)
            .connected_app_id(&app_id)
            .send(&client)
    };
    assert_eq!(revoke().unwrap().status_code, 200);
    let after = users::ConnectedApps::builder()
        .user_id(&ada.user_id)
        .send(&client)
        .unwrap();
    assert!(after.connected_apps.is_empty());
    assert!(
        start(&client, &app_id, CALLBACK, &token)
            .unwrap()
            .consent_required
    );
    assert_eq!(api_error(revoke()), (404, "connected_app_not_found".into()));

    // Rotation: during it both secrets work; cancelling drops the new one.
    let accepts = |secret: &str| server.connected_app_accepts_secret(&app_id, secret);
    let rotate_start = || {
        apps::RotateSecretStart::builder()
            .client_id(&app_id)
            .send(&client)
            .unwrap()
            .connected_app
    };
    let started = rotate_start();
    let dropped = started.next_client_secret.expose().to_owned();
    assert_ne!(dropped, first_secret);
    assert!(!format!("{started:?}").contains(&dropped));
    assert_eq!(
        started.next_client_secret_last_four.as_deref(),
        Some(&dropped[dropped.len() - 4..])
    );
    assert_eq!(
        Some(started.client_secret_last_four.as_str()),
        created.client_secret_last_four.as_deref()
    );
    assert!(accepts(&first_secret) && accepts(&dropped));
    let cancelled = apps::RotateSecretCancel::builder()
        .client_id(&app_id)
        .send(&client)
        .unwrap()
        .connected_app;
    assert!(cancelled.next_client_secret_last_four.is_none());
    assert!(accepts(&first_secret) && !accepts(&dropped));
    let cancel_again = apps::RotateSecretCancel::builder()
        .client_id(&app_id)
        .send(&client);
    assert_eq!(
        api_error(cancel_again),
        (400, "client_secret_rotation_not_started".into())
    );

    // Rotating for real: the new secret replaces the old one.
    let second_secret = rotate_start().next_client_secret.expose().to_owned();
    assert!(accepts(&first_secret) && accepts(&second_secret));
    let rotated = apps::RotateSecret::builder()
        .client_id(&app_id)
        .send(&client)
        .unwrap()
        .connected_app;
    assert_eq!(
        rotated.client_secret_last_four.as_deref(),
        Some(&second_secret[second_secret.len() - 4..])
    );
    assert!(rotated.next_client_secret_last_four.is_none());
    assert!(!accepts(&first_secret) && accepts(&second_secret));
    let rotate_again = apps::RotateSecret::builder()
        .client_id(&app_id)
        .send(&client);
    assert_eq!(
        api_error(rotate_again),
        (400, "client_secret_rotation_not_started".into())
    );

    // Paging: 25 apps of ours and the built-in one, in pages of 10.
    let mut ours = HashSet::from([app_id.clone()]);
    for i in 1..25 {
        let more = apps::CreateClient::builder()
            .client_type(ClientType::FirstPartyPublic)
            .client_name(format!("App {i}"))
            .send(&client)
            .unwrap();
        ours.insert(more.connected_app.client_id);
    }
    assert_eq!(ours.len(), 25);
    let first_page = apps::SearchClients::builder()
        .limit(10u32)
        .send(&client)
        .unwrap();
    assert_eq!(first_page.connected_apps.len(), 10);
    assert_eq!(first_page.results_metadata.total, 26);
    assert!(first_page.results_metadata.next_cursor.is_some());
    let before = server.requests_served();
    let mut pages = apps::SearchClients::builder()
        .limit(10u32)
        .paginate(&client);
    let seen: Vec<String> = pages.by_ref().map(|a| a.unwrap().client_id).collect();
    assert_eq!(pages.pages_fetched(), 3);
    assert_eq!(server.requests_served() - before, 3);
    assert_eq!(seen.len(), 26);
    let unique: HashSet<String> = seen.iter().cloned().collect();
    assert_eq!(unique.len(), 26);
    assert!(ours.is_subset(&unique));
    assert!(unique.contains(IDP_TEST_CLIENT_ID));
    let bad_cursor = apps::SearchClients::builder()
        .cursor("not-ours")
        .send(&client);
    assert_eq!(api_error(bad_cursor), (400, "invalid_cursor".into()));

    // Update: what is given changes, the rest stays.
    let moved = "https://notes.acme.example/v2/callback";
    let updated = apps::UpdateClient::builder()
        .client_id(&app_id)
        .client_name("Acme Notes 2")
        .redirect_urls(vec![moved.to_owned()])
        .access_token_expiry_minutes(15u32)
        .send(&client)
        .unwrap()
        .connected_app;
    assert_eq!(updated.client_name, "Acme Notes 2");
    assert_eq!(updated.redirect_urls, [moved]);
    assert_eq!(updated.access_token_expiry_minutes, 15);
    assert_eq!(updated.client_description, "Takes notes with your account");
    assert_eq!(updated.client_type, ClientType::ThirdParty);
    assert_eq!(
        updated.client_secret_last_four,
        rotated.client_secret_last_four
    );
    let got = apps::GetClient::builder()
        .client_id(&app_id)
        .send(&client)
        .unwrap()
        .connected_app;
    assert_eq!(got.client_name, "Acme Notes 2");
    // The IdP calls follow the new redirect URLs.
    assert_eq!(
        api_error(start(&client, &app_id, CALLBACK, &token)).1,
        "connected_app_supplied_redirect_url_not_found_in_client"
    );
    assert_eq!(
        start(&client, &app_id, moved, &token)
            .unwrap()
            .client
            .client_name,
        "Acme Notes 2"
    );

    // Delete: gone from every call, with Stytch's error type.
    let deleted = apps::DeleteClient::builder()
        .client_id(&app_id)
        .send(&client)
        .unwrap();
    assert_eq!(deleted.client_id, app_id);
    let gone = apps::GetClient::builder().client_id(&app_id).send(&client);
    assert_eq!(api_error(gone), (404, "connected_app_not_found".into()));
    let again = apps::DeleteClient::builder()
        .client_id(&app_id)
        .send(&client);
    assert_eq!(api_error(again), (404, "connected_app_not_found".into()));
    assert!(!accepts(&second_secret));
    assert_eq!(
        api_error(start(&client, &app_id, moved, &token)),
        (404, "connected_app_not_found".into())
    );
    assert_eq!(
        apps::SearchClients::builder()
            .send(&client)
            .unwrap()
            .results_metadata
            .total,
        25
    );
}

#[test]
fn public_clients_have_no_secret_and_first_party_clients_skip_consent() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    let user_id = stytch_local::DEMO_USER_ID;

    let public = apps::CreateClient::builder()
        .client_type(ClientType::ThirdPartyPublic)
        .redirect_urls(vec![CALLBACK.to_owned()])
        .send(&client)
        .unwrap()
        .connected_app;
    assert!(public.client_secret.is_none());
    assert!(public.client_secret_last_four.is_none());
    let rotate = apps::RotateSecretStart::builder()
        .client_id(&public.client_id)
        .send(&client);
    assert_eq!(api_error(rotate), (400, "invalid_client_type".into()));
    let unknown_type = apps::CreateClient::builder()
        .client_type(ClientType::from("fourth_party"))
        .send(&client);
    assert_eq!(api_error(unknown_type), (400, "invalid_client_type".into()));

    let first_party = apps::CreateClient::builder()
        .client_type(ClientType::FirstParty)
        .redirect_urls(vec![CALLBACK.to_owned()])
        .full_access_allowed(true)
        .send(&client)
        .unwrap()
        .connected_app;
    let ask = |scopes: &[&str], prompt: Option<&str>| {
        idp::AuthorizeStart::builder()
            .client_id(&first_party.client_id)
            .redirect_uri(CALLBACK)
            .response_type("code")
            .scopes(scopes.iter().map(|s| s.to_string()).collect::<Vec<_>>())
            .user_id(user_id)
            .maybe_prompt(prompt.map(str::to_owned))
            .send(&client)
            .unwrap()
    };
    // No consent screen for a first-party client, unless asked for or for
    // refresh tokens.
    let plain = ask(&["openid", "full_access"], None);
    assert!(!plain.consent_required);
    assert!(plain.scope_results.iter().all(|r| r.is_grantable));
    assert!(ask(&["openid"], Some("consent")).consent_required);
    assert!(ask(&["openid", "offline_access"], None).consent_required);
    apps::UpdateClient::builder()
        .client_id(&first_party.client_id)
        .bypass_consent_for_offline_access(true)
        .send(&client)
        .unwrap();
    assert!(!ask(&["openid", "offline_access"], None).consent_required);
    // `full_access` is for first-party clients that allow it only.
    let denied = idp::Authorize::builder()
        .consent_granted(true)
        .scopes(vec!["full_access".to_owned()])
        .client_id(IDP_TEST_CLIENT_ID)
        .redirect_uri(CALLBACK)
        .response_type("code")
        .user_id(user_id)
        .send(&client);
    assert_eq!(api_error(denied), (400, "invalid_scope".into()));

    // Consents to two apps list both, in the order given; revoking an app
    // the user never authorized is refused.
    for app in [IDP_TEST_CLIENT_ID, first_party.client_id.as_str()] {
        idp::Authorize::builder()
            .consent_granted(true)
            .scopes(vec!["openid".to_owned()])
            .client_id(app)
            .redirect_uri(CALLBACK)
            .response_type("code")
            .user_id(user_id)
            .send(&client)
            .unwrap();
    }
    let listed = users::ConnectedApps::builder()
        .user_id(user_id)
        .send(&client)
        .unwrap()
        .connected_apps;
    let ids: Vec<&str> = listed.iter().map(|a| a.connected_app_id.as_str()).collect();
    assert_eq!(ids, [IDP_TEST_CLIENT_ID, first_party.client_id.as_str()]);
    assert_eq!(listed[0].name, "Local test app");
    let never = users::RevokeConnectedApp::builder()
        .user_id(user_id)
        .connected_app_id(&public.client_id)
        .send(&client);
    assert_eq!(api_error(never), (404, "connected_app_not_found".into()));
    let nobody = users::ConnectedApps::builder()
        .user_id("user-test-unknown")
        .send(&client);
    assert_eq!(api_error(nobody), (404, "user_not_found".into()));
    // Deleting an app drops the consents given to it.
    apps::DeleteClient::builder()
        .client_id(&first_party.client_id)
        .send(&client)
        .unwrap();
    let listed = users::ConnectedApps::builder()
        .user_id(user_id)
        .send(&client)
        .unwrap()
        .connected_apps;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].connected_app_id, IDP_TEST_CLIENT_ID);
}
