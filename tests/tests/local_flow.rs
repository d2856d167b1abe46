//! A whole flow against the local server: create and manage a user, log in
//! with the test OTP code, use the session everywhere, revoke it, delete
//! the user. Also: the server enforces the same declarations as the client.

use serde_json::json;
use stytch_endpoints::users::{Name, SearchQuery};
use stytch_endpoints::{Client, Error, idp, magic_links, oauth, otps, passwords, sessions, users};
use stytch_local::{IDP_TEST_CLIENT_ID, LocalServer, OTP_TEST_CODE};
use stytch_tests::raw_post;

/// The Stytch error type and status of a failed call.
fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> (u16, String) {
    match result {
        Err(Error::Api(e)) => {
            assert!(
                e.request_id
                    .as_deref()
                    .is_some_and(|r| r.starts_with("request-id-test-"))
            );
            assert!(!e.error_message.is_empty());
            (e.status, e.error_type)
        }
        other => panic!("expected a Stytch error, got {other:?}"),
    }
}

fn metadata(value: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    value.as_object().cloned().unwrap()
}

fn create(client: &Client, email: &str, phone: &str) -> users::CreateResponse {
    users::Create::builder()
        .email(email)
        .phone_number(phone)
        .name(Name::new("Ada", "Lovelace"))
        .create_user_as_pending(true)
        .trusted_metadata(metadata(json!({"plan": "free"})))
        .roles(vec!["reader".to_owned()])
        .send(client)
        .unwrap()
}

#[test]
fn users_sessions_and_logins_flow() {
    let server = LocalServer::start().unwrap();
    let client = server.client();

    // Users: create, fetch, update, search.
    let ada = create(&client, "ada@example.com", "+12025550162");
    let _bob = create(&client, "bob@example.com", "+12025550163");
    assert_eq!(ada.status, "pending");
    assert!(
        ada.email_id.starts_with("email-test-") && ada.phone_id.starts_with("phone-number-test-")
    );
    let got = users::Get::builder()
        .user_id(&ada.user_id)
        .send(&client)
        .unwrap();
    assert_eq!(got.user.emails[0].email, "ada@example.com");
    assert_eq!(got.user.roles, ["reader"]);
    let updated = users::Update::builder()
        .user_id(&ada.user_id)
        .name(Name::new("Augusta Ada", "King"))
        .trusted_metadata(metadata(json!({"plan": "pro"})))
        .send(&client)
        .unwrap();
    assert_eq!(updated.user.trusted_metadata["plan"], "pro");
    let got = users::Get::builder()
        .user_id(&ada.user_id)
        .send(&client)
        .unwrap();
    assert_eq!(got.user.name.unwrap().last_name.as_deref(), Some("King"));

    let by_email = users::Search::builder()
        .query(SearchQuery::all(vec![metadata(
            json!({"filter_name": "email_address", "filter_value": ["ADA@example.com"]}),
        )]))
        .send(&client)
        .unwrap();
    assert_eq!(by_email.results.len(), 1);
    assert_eq!(by_email.results[0].user_id, ada.user_id);
    // Paging over the three users (the demo user and the two above).
    let first = users::Search::builder().limit(2u32).send(&client).unwrap();
    assert_eq!((first.results.len(), first.results_metadata.total), (2, 3));
    let cursor = first.results_metadata.next_cursor.unwrap();
    let second = users::Search::builder()
        .limit(2u32)
        .cursor(cursor)
        .send(&client)
        .unwrap();
    assert_eq!(second.results.len(), 1);
    assert_eq!(second.results_metadata.next_cursor, None);

    // Log in with the test OTP code; a wrong code fails.
    let wrong = otps::Authenticate::builder()
        .method_id(&ada.phone_id)
        .code("123456")
        .send(&client);
    assert_eq!(api_error(wrong), (404, "otp_code_not_found".to_owned()));
    let login = otps::Authenticate::builder()
        .method_id(&ada.phone_id)
        .code(OTP_TEST_CODE)
        .session_duration_minutes(30u32)
        .send(&client)
        .unwrap();
    assert_eq!(login.user.status, "active");
    assert!(login.user.phone_numbers[0].verified);
    let session = login.session.clone().unwrap();
    assert_eq!(session.user_id, ada.user_id);
    assert_eq!(session.authentication_factors[0].kind, "otp");
    let token = login.session_token.expose().to_owned();
    let jwt = login.session_jwt.expose().to_owned();
    assert_eq!(jwt.split('.').count(), 3);

    // The token and the JWT both name the live session.
    let by_token = sessions::Authenticate::builder()
        .session_token(&token)
        .send(&client)
        .unwrap();
    let by_jwt = sessions::Authenticate::builder()
        .session_jwt(&jwt)
        .session_custom_claims(metadata(json!({"team": "blue"})))
        .send(&client)
        .unwrap();
    assert_eq!(by_token.session.session_id, session.session_id);
    assert_eq!(by_jwt.session.custom_claims["team"], "blue");
    assert_eq!(by_jwt.user.user_id, ada.user_id);
    oauth::Attach::builder()
        .provider("google")
        .session_token(&token)
        .send(&client)
        .unwrap();
    oauth::Attach::builder()
        .provider("google")
        .session_jwt(&jwt)
        .send(&client)
        .unwrap();
    let listed = sessions::List::builder()
        .user_id(&ada.user_id)
        .send(&client)
        .unwrap();
    assert_eq!(listed.sessions.len(), 1);

    // A second factor joins the same session.
    let second_factor = otps::Authenticate::builder()
        .method_id(&ada.email_id)
        .code(OTP_TEST_CODE)
        .session_token(&token)
        .send(&client)
        .unwrap();
    let joined = second_factor.session.unwrap();
    assert_eq!(joined.session_id, session.session_id);
    assert_eq!(joined.authentication_factors.len(), 2);

    // Password reset and the IdP calls accept the session too.
    let reset = passwords::ResetBySession::builder()
        .password("correct horse battery staple")
        .session_jwt(&jwt)
        .send(&client)
        .unwrap();
    assert!(reset.user.password.is_some());
    let start = idp::AuthorizeStart::builder()
        .client_id(IDP_TEST_CLIENT_ID)
        .redirect_uri("https://app.example/callback")
        .response_type("code")
        .scopes(vec!["openid".to_owned(), "email".to_owned()])
        .session_token(&token)
        .send(&client)
        .unwrap();
    assert!(start.consent_required);
    let granted = idp::Authorize::builder()
        .consent_granted(true)
        .scopes(vec!["openid".to_owned(), "email".to_owned()])
        .client_id(IDP_TEST_CLIENT_ID)
        .redirect_uri("https://app.example/callback")
        .response_type("code")
        .session_jwt(&jwt)
        .state("s 1")
        .send(&client)
        .unwrap();
    let code = granted.authorization_code.unwrap();
    assert!(
        granted
            .redirect_uri
            .expose()
            .starts_with("https://app.example/callback?code=")
    );
    assert!(granted.redirect_uri.expose().contains(code.expose()));
    assert!(granted.redirect_uri.expose().ends_with("&state=s%201"));

    // Magic links go to a known address only.
    let sent = magic_links::SendEmail::builder()
        .email("ada@example.com")
        .send(&client)
        .unwrap();
    assert_eq!(
        (sent.user_id.as_str(), sent.email_id.as_str()),
        (ada.user_id.as_str(), ada.email_id.as_str())
    );
    let unknown = magic_links::SendEmail::builder()
        .email("nobody@example.com")
        .send(&client);
    assert_eq!(api_error(unknown), (404, "email_not_found".to_owned()));

    // Revoke: afterwards neither the token nor the JWT works anywhere.
    sessions::Revoke::builder()
        .session_token(&token)
        .send(&client)
        .unwrap();
    let after = sessions::Authenticate::builder()
        .session_token(&token)
        .send(&client);
    assert_eq!(api_error(after), (404, "session_not_found".to_owned()));
    let after = sessions::Authenticate::builder()
        .session_jwt(&jwt)
        .send(&client);
    assert_eq!(api_error(after), (404, "session_not_found".to_owned()));
    let after = oauth::Attach::builder()
        .provider("google")
        .session_jwt(&jwt)
        .send(&client);
    assert_eq!(api_error(after).1, "session_not_found");
    let again = sessions::Revoke::builder()
        .session_id(&session.session_id)
        .send(&client);
    assert_eq!(api_error(again).1, "session_not_found");
    assert!(
        sessions::List::builder()
            .user_id(&ada.user_id)
            .send(&client)
            .unwrap()
            .sessions
            .is_empty()
    );

    // Factors and the user go away, and unknown ids are Stytch-shaped 404s.
    users::DeletePhoneNumber::builder()
        .phone_id(&ada.phone_id)
        .send(&client)
        .unwrap();
    let gone = users::DeletePhoneNumber::builder()
        .phone_id(&ada.phone_id)
        .send(&client);
    assert_eq!(api_error(gone), (404, "phone_number_not_found".to_owned()));
    let left = users::DeleteEmail::builder()
        .email_id(&ada.email_id)
        .send(&client)
        .unwrap();
    assert!(left.user.emails.is_empty() && left.user.phone_numbers.is_empty());
    let gone = users::DeleteEmail::builder()
        .email_id(&ada.email_id)
        .send(&client);
    assert_eq!(api_error(gone), (404, "email_not_found".to_owned()));
    let exchanged = users::ExchangePrimaryFactor::builder()
        .user_id(&ada.user_id)
        .email_address("ada@new.example")
        .send(&client)
        .unwrap();
    assert_eq!(exchanged.user.emails[0].email, "ada@new.example");
    users::Delete::builder()
        .user_id(&ada.user_id)
        .send(&client)
        .unwrap();
    let gone = users::Get::builder().user_id(&ada.user_id).send(&client);
    assert_eq!(api_error(gone), (404, "user_not_found".to_owned()));
    let gone = sessions::List::builder()
        .user_id(&ada.user_id)
        .send(&client);
    assert_eq!(api_error(gone).1, "user_not_found");
}

#[test]
fn advancing_the_clock_ends_sessions_whose_time_ran_out() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    let ada = create(&client, "ada.clock@example.com", "+12025550199");
    let short = otps::Authenticate::builder()
        .method_id(&ada.phone_id)
        .code(OTP_TEST_CODE)
        .session_duration_minutes(30u32)
        .send(&client)
        .unwrap();
    let long = otps::Authenticate::builder()
        .method_id(&ada.email_id)
        .code(OTP_TEST_CODE)
        .session_duration_minutes(120u32)
        .send(&client)
        .unwrap();
    let check = |token: &str| {
        sessions::Authenticate::builder()
            .session_token(token)
            .send(&client)
    };
    server.advance_clock(std::time::Duration::from_secs(31 * 60));
    assert_eq!(
        api_error(check(short.session_token.expose())),
        (404, "session_not_found".to_owned())
    );
    let still = check(long.session_token.expose()).unwrap();
    assert_eq!(still.session.session_id, long.session.unwrap().session_id);
    let listed = sessions::List::builder()
        .user_id(&ada.user_id)
        .send(&client)
        .unwrap();
    assert_eq!(listed.sessions.len(), 1);
}

#[test]
fn the_server_checks_the_same_rules_as_the_builders() {
    let server = LocalServer::start().unwrap();
    let cases = [
        // exactly one: none, then two
        ("/v1/sessions/authenticate", r#"{}"#, "session_token"),
        (
            "/v1/sessions/authenticate",
            r#"{"session_token":"a","session_jwt":"b"}"#,
            "session_jwt",
        ),
        // at most one: two
        (
            "/v1/otps/authenticate",
            r#"{"method_id":"m","code":"000000","session_token":"a","session_jwt":"b"}"#,
            "session_jwt",
        ),
        // a required field, and a wrongly typed one
        ("/v1/otps/authenticate", r#"{"method_id":"m"}"#, "code"),
        ("/v1/users/search", r#"{"limit":"ten"}"#, "limit"),
        (
            "/v1/users/search",
            r#"{"query":{"operator":"XOR","operands":[]}}"#,
            "query",
        ),
    ];
    for (path, body, mentions) in cases {
        let (status, answer) = raw_post(&server, path, body);
        assert_eq!(status, 400, "{path} {body}");
        assert_eq!(answer["error_type"], "invalid_request");
        let message = answer["error_message"].as_str().unwrap();
        assert!(message.contains(mentions), "{body}: {message}");
    }
    // The same request, well formed, passes the same check.
    let ok = format!(
        r#"{{"session_token":"{}"}}"#,
        stytch_local::DEMO_SESSION_TOKEN
    );
    assert_eq!(raw_post(&server, "/v1/sessions/authenticate", &ok).0, 200);
}
