//! What each declared endpoint puts on the wire: exact method, path, query
//! and body, received by a scripted server on 127.0.0.1. Each answer is a
//! realistic body, so the call also proves the response type fits it.

use serde_json::{Map, Value, json};
use stytch_endpoints::sessions::AuthorizationCheck;
use stytch_endpoints::types::{Attributes, AuthenticateOptions};
use stytch_endpoints::users::{Name, SearchQuery};
use stytch_endpoints::{
    Client, Endpoint, RetryPolicy, idp, magic_links, oauth, otps, passwords, sessions, totps, users,
};
use stytch_tests::fixtures::{self, USER};
use stytch_tests::{Recorded, Reply, ScriptedServer};

const USER_ID: &str = "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6";

/// Sends `call` to a server answering `reply`; returns the one request it
/// received and the decoded answer.
fn exchange<E: Endpoint>(call: &E, reply: String) -> (Recorded, E::Response) {
    let server = ScriptedServer::start(move |_, _| Reply::json(200, &reply));
    let client = Client::builder("project-test-wire", "secret-test-wire")
        .base_url(server.base_url())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let answer = client.send(call).expect("call succeeds");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    (requests[0].clone(), answer)
}

/// Asserts method and target, and the body: exact JSON text, or no body
/// and no content type at all.
fn assert_wire(r: &Recorded, method: &str, target: &str, body: Option<&str>) {
    assert_eq!(r.method, method);
    assert_eq!(r.target, target);
    match body {
        Some(b) => {
            assert_eq!(String::from_utf8(r.body.clone()).unwrap(), b);
            assert_eq!(r.header("content-type"), Some("application/json"));
        }
        None => {
            assert!(r.body.is_empty(), "{method} {target} sent a body");
            assert_eq!(r.header("content-type"), None);
        }
    }
}

fn map(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(m) => m,
        _ => unreachable!(),
    }
}

#[test]
fn sessions_authenticate() {
    let call = sessions::Authenticate::builder()
        .session_jwt(fixtures::JWT)
        .session_duration_minutes(60u32)
        .session_custom_claims(map(json!({"team": "blue", "level": 2})))
        .authorization_check(AuthorizationCheck::new("documents", "read"))
        .build();
    let (r, answer) = exchange(&call, fixtures::session_answer());
    let body = format!(
        r#"{{"session_duration_minutes":60,"session_jwt":"{}","session_custom_claims":{{"level":2,"team":"blue"}},"authorization_check":{{"resource_id":"documents","action":"read"}}}}"#,
        fixtures::JWT
    );
    assert_wire(&r, "POST", "/v1/sessions/authenticate", Some(&body));
    assert_eq!(answer.session_token.expose(), fixtures::TOKEN);
}

#[test]
fn sessions_revoke() {
    let call = sessions::Revoke::builder()
        .session_id("session-test-fe6c042b")
        .build();
    let (r, answer) = exchange(&call, fixtures::answer(""));
    assert_wire(
        &r,
        "POST",
        "/v1/sessions/revoke",
        Some(r#"{"session_id":"session-test-fe6c042b"}"#),
    );
    assert_eq!(answer.status_code, 200);
}

#[test]
fn sessions_list_sends_only_the_query() {
    let call = sessions::List::builder().user_id("user-test-a b&c").build();
    let reply = fixtures::answer(&format!(r#""sessions":[{}]"#, fixtures::SESSION));
    let (r, answer) = exchange(&call, reply);
    assert_wire(&r, "GET", "/v1/sessions?user_id=user-test-a%20b%26c", None);
    assert_eq!(answer.sessions.len(), 1);
}

#[test]
fn sessions_get_jwks() {
    let call = sessions::GetJwks::builder()
        .project_id("project-test-1")
        .build();
    let reply = fixtures::answer(
        r#""keys":[{"alg":"RS256","e":"AQAB","kid":"jwk-test-1","kty":"RSA","n":"sXch","use":"sig","x5c":["MIIC"],"x5t#S256":"abc"}]"#,
    );
    let (r, answer) = exchange(&call, reply);
    assert_wire(&r, "GET", "/v1/sessions/jwks/project-test-1", None);
    assert_eq!(answer.keys[0].key_use, "sig");
}

#[test]
fn users_create_with_every_field() {
    let call = users::Create::builder()
        .email("ada@example.com")
        .name(Name::new("Ada", "Lovelace"))
        .attributes(Attributes::new("203.0.113.1", "Mozilla/5.0"))
        .phone_number("+12025550162")
        .create_user_as_pending(true)
        .trusted_metadata(map(json!({"plan": "pro"})))
        .untrusted_metadata(map(json!({"theme": "dark"})))
        .external_id("crm-42")
        .roles(vec!["admin".to_owned()])
        .build();
    let reply = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","email_id":"email-test-81bf03a8-86e1-4d95-bd44-bb3495224953","phone_id":"","status":"pending","user":{USER}"#
    ));
    let (r, answer) = exchange(&call, reply);
    assert_wire(
        &r,
        "POST",
        "/v1/users",
        Some(
            r#"{"email":"ada@example.com","name":{"first_name":"Ada","last_name":"Lovelace"},"attributes":{"ip_address":"203.0.113.1","user_agent":"Mozilla/5.0"},"phone_number":"+12025550162","create_user_as_pending":true,"trusted_metadata":{"plan":"pro"},"untrusted_metadata":{"theme":"dark"},"external_id":"crm-42","roles":["admin"]}"#,
        ),
    );
    assert_eq!(answer.status, "pending");
}

#[test]
fn users_create_with_a_phone_number_only_sends_only_it() {
    let call = users::Create::builder()
        .phone_number("+12025550162")
        .build();
    let reply = fixtures::answer(&format!(r#""user_id":"{USER_ID}","user":{USER}"#));
    let (r, _) = exchange(&call, reply);
    assert_wire(
        &r,
        "POST",
        "/v1/users",
        Some(r#"{"phone_number":"+12025550162"}"#),
    );
}

#[test]
fn users_get() {
    let call = users::Get::builder().user_id(USER_ID).build();
    let (r, answer) = exchange(&call, fixtures::answer(&USER[1..USER.len() - 1]));
    assert_wire(&r, "GET", &format!("/v1/users/{USER_ID}"), None);
    assert_eq!(answer.user.user_id, USER_ID);
}

#[test]
fn users_search() {
    let call = users::Search::builder()
        .limit(2u32)
        .cursor("cursor-1")
        .query(SearchQuery::any(vec![
            map(json!({"filter_name": "email_address", "filter_value": ["ada@example.com"]})),
            map(json!({"filter_name": "status", "filter_value": "pending"})),
        ]))
        .build();
    let reply = fixtures::answer(&format!(
        r#""results":[{USER}],"results_metadata":{{"total":3,"next_cursor":"cursor-2"}}"#
    ));
    let (r, answer) = exchange(&call, reply);
    assert_wire(
        &r,
        "POST",
        "/v1/users/search",
        Some(
            r#"{"cursor":"cursor-1","limit":2,"query":{"operator":"OR","operands":[{"filter_name":"email_address","filter_value":["ada@example.com"]},{"filter_name":"status","filter_value":"pending"}]}}"#,
        ),
    );
    assert_eq!(
        answer.results_metadata.next_cursor.as_deref(),
        Some("cursor-2")
    );
}

#[test]
fn users_update() {
    let mut name = Name::default();
    name.middle_name = Some("King".into());
    let call = users::Update::builder()
        .user_id(USER_ID)
        .name(name)
        .roles(Vec::new())
        .build();
    let reply = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","emails":[],"phone_numbers":[],"crypto_wallets":[],"user":{USER}"#
    ));
    let (r, _) = exchange(&call, reply);
    assert_wire(
        &r,
        "PUT",
        &format!("/v1/users/{USER_ID}"),
        Some(r#"{"name":{"middle_name":"King"},"roles":[]}"#),
    );
}

#[test]
fn users_delete() {
    let call = users::Delete::builder().user_id(USER_ID).build();
    let reply = fixtures::answer(&format!(r#""user_id":"{USER_ID}""#));
    let (r, answer) = exchange(&call, reply);
    assert_wire(&r, "DELETE", &format!("/v1/users/{USER_ID}"), None);
    assert_eq!(answer.user_id, USER_ID);
}

#[test]
fn users_delete_email() {
    let call = users::DeleteEmail::builder()
        .email_id("email-test-81bf03a8")
        .build();
    let (r, _) = exchange(&call, fixtures::user_answer());
    assert_wire(&r, "DELETE", "/v1/users/emails/email-test-81bf03a8", None);
}

#[test]
fn users_delete_phone_number() {
    let call = users::DeletePhoneNumber::builder()
        .phone_id("phone-number-test-d5a3b680")
        .build();
    let (r, _) = exchange(&call, fixtures::user_answer());
    assert_wire(
        &r,
        "DELETE",
        "/v1/users/phone_numbers/phone-number-test-d5a3b680",
        None,
    );
}

#[test]
fn users_exchange_primary_factor() {
    let call = users::ExchangePrimaryFactor::builder()
        .user_id(USER_ID)
        .phone_number("+12025550162")
        .build();
    let (r, _) = exchange(&call, fixtures::user_answer());
    assert_wire(
        &r,
        "PUT",
        &format!("/v1/users/{USER_ID}/exchange_primary_factor"),
        Some(r#"{"phone_number":"+12025550162"}"#),
    );
}

#[test]
fn oauth_authenticate() {
    let call = oauth::Authenticate::builder()
        .token("oauth-token-test-1")
        .session_duration_minutes(5u32)
        .session_custom_claims(map(json!({"team": "blue"})))
        .code_verifier("verifier-1")
        .telemetry_id("telemetry-1")
        .build();
    let reply = fixtures::login_answer(
        r#""provider_type":"Google","provider_subject":"1076","provider_values":{"access_token":"a","refresh_token":"","id_token":"","scopes":[]},"oauth_user_registration_id":"oauth-user-test-1""#,
    )
    .replace(r#""session":"#, r#""user_session":"#);
    let (r, answer) = exchange(&call, reply);
    assert_wire(
        &r,
        "POST",
        "/v1/oauth/authenticate",
        Some(
            r#"{"token":"oauth-token-test-1","session_duration_minutes":5,"session_custom_claims":{"team":"blue"},"code_verifier":"verifier-1","telemetry_id":"telemetry-1"}"#,
        ),
    );
    assert_eq!(answer.provider_type, "Google");
    assert!(answer.user_session.is_some());
}

#[test]
fn magic_links_send_email() {
    let call = magic_links::SendEmail::builder()
        .email("ada@example.com")
        .login_template_id("template-login")
        .login_magic_link_url("https://example.com/authenticate")
        .login_expiration_minutes(15u32)
        .code_challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        .user_id(USER_ID)
        .locale("pt-br")
        .signup_template_id("template-signup")
        .build();
    let reply = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","email_id":"email-test-81bf03a8""#
    ));
    let (r, answer) = exchange(&call, reply);
    let body = format!(
        r#"{{"email":"ada@example.com","login_template_id":"template-login","login_magic_link_url":"https://example.com/authenticate","login_expiration_minutes":15,"code_challenge":"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM","user_id":"{USER_ID}","locale":"pt-br","signup_template_id":"template-signup"}}"#
    );
    assert_wire(&r, "POST", "/v1/magic_links/email/send", Some(&body));
    assert_eq!(answer.email_id, "email-test-81bf03a8");
}

#[test]
fn otps_authenticate() {
    let call = otps::Authenticate::builder()
        .method_id("phone-number-test-d5a3b680")
        .code("123456")
        .attributes(Attributes::new("203.0.113.1", "Mozilla/5.0"))
        .options(AuthenticateOptions::new(true, false))
        .session_token(fixtures::TOKEN)
        .telemetry_id("telemetry-1")
        .build();
    let (r, _) = exchange(
        &call,
        fixtures::login_answer(r#""method_id":"phone-number-test-d5a3b680""#),
    );
    let body = format!(
        r#"{{"method_id":"phone-number-test-d5a3b680","code":"123456","attributes":{{"ip_address":"203.0.113.1","user_agent":"Mozilla/5.0"}},"options":{{"ip_match_required":true,"user_agent_match_required":false}},"session_token":"{}","telemetry_id":"telemetry-1"}}"#,
        fixtures::TOKEN
    );
    assert_wire(&r, "POST", "/v1/otps/authenticate", Some(&body));
}

#[test]
fn passwords_reset_by_session() {
    let call = passwords::ResetBySession::builder()
        .password("correct horse battery staple")
        .session_token(fixtures::TOKEN)
        .build();
    let (r, _) = exchange(&call, fixtures::login_answer(r#""method_id":"x""#));
    let body = format!(
        r#"{{"password":"correct horse battery staple","session_token":"{}"}}"#,
        fixtures::TOKEN
    );
    assert_wire(&r, "POST", "/v1/passwords/session/reset", Some(&body));
}

const CLIENT: &str = r#""client":{"client_id":"connected-app-test-1","client_name":"Acme","client_description":"","client_type":"third_party"}"#;

#[test]
fn idp_authorize_start() {
    let call = idp::AuthorizeStart::builder()
        .client_id("connected-app-test-1")
        .redirect_uri("https://acme.example/callback")
        .response_type("code")
        .scopes(vec!["openid".to_owned(), "email".to_owned()])
        .session_jwt(fixtures::JWT)
        .prompt("consent")
        .build();
    let reply = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","user":{USER},{CLIENT},"consent_required":true,"scope_results":[{{"scope":"openid","description":"","is_grantable":true}}]"#
    ));
    let (r, answer) = exchange(&call, reply);
    let body = format!(
        r#"{{"client_id":"connected-app-test-1","redirect_uri":"https://acme.example/callback","response_type":"code","scopes":["openid","email"],"session_jwt":"{}","prompt":"consent"}}"#,
        fixtures::JWT
    );
    assert_wire(&r, "POST", "/v1/idp/oauth/authorize/start", Some(&body));
    assert!(answer.consent_required);
}

#[test]
fn idp_authorize() {
    let call = idp::Authorize::builder()
        .consent_granted(true)
        .scopes(vec!["openid".to_owned()])
        .client_id("connected-app-test-1")
        .redirect_uri("https://acme.example/callback")
        .response_type("code")
        .user_id(USER_ID)
        .state("xyz")
        .nonce("n-1")
        .code_challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        .resources(vec!["https://api.acme.example".to_owned()])
        .build();
    let reply = fixtures::answer(
        r#""redirect_uri":"https://acme.example/callback?code=abc&state=xyz","authorization_code":"abc""#,
    );
    let (r, answer) = exchange(&call, reply);
    let body = format!(
        r#"{{"consent_granted":true,"scopes":["openid"],"client_id":"connected-app-test-1","redirect_uri":"https://acme.example/callback","response_type":"code","user_id":"{USER_ID}","state":"xyz","nonce":"n-1","code_challenge":"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM","resources":["https://api.acme.example"]}}"#
    );
    assert_wire(&r, "POST", "/v1/idp/oauth/authorize", Some(&body));
    assert_eq!(answer.authorization_code.unwrap().expose(), "abc");
}

#[test]
fn users_delete_webauthn_registration() {
    let call = users::DeleteWebAuthnRegistration::builder()
        .webauthn_registration_id("webauthn-registration-test-5c44cc6a")
        .build();
    let (r, answer) = exchange(&call, fixtures::user_answer());
    assert_wire(
        &r,
        "DELETE",
        "/v1/users/webauthn_registrations/webauthn-registration-test-5c44cc6a",
        None,
    );
    assert_eq!(answer.user_id, USER_ID);
}

#[test]
fn users_delete_biometric_registration() {
    let call = users::DeleteBiometricRegistration::builder()
        .biometric_registration_id("biometric-registration-test-5c44cc6a")
        .build();
    let (r, _) = exchange(&call, fixtures::user_answer());
    assert_wire(
        &r,
        "DELETE",
        "/v1/users/biometric_registrations/biometric-registration-test-5c44cc6a",
        None,
    );
}

#[test]
fn users_delete_totp() {
    let call = users::DeleteTotp::builder()
        .totp_id("totp-test-41920359")
        .build();
    let (r, _) = exchange(&call, fixtures::user_answer());
    assert_wire(&r, "DELETE", "/v1/users/totps/totp-test-41920359", None);
}

#[test]
fn users_delete_password_escapes_the_id() {
    let call = users::DeletePassword::builder()
        .password_id("password-test-a/b c")
        .build();
    let (r, _) = exchange(&call, fixtures::user_answer());
    assert_wire(
        &r,
        "DELETE",
        "/v1/users/passwords/password-test-a%2Fb%20c",
        None,
    );
}

const TOTP_ID: &str = "totp-test-41920359-8bbb-4fe8-8fa3-aaa83f35f02c";

#[test]
fn totps_create() {
    let call = totps::Create::builder()
        .user_id(USER_ID)
        .expiration_minutes(30u32)
        .build();
    let reply = fixtures::answer(&format!(
        r#""totp_id":"{TOTP_ID}","secret":"BTGNX5RKJRMQWQFRQKTG34JCF6XDRHZS","qr_code":"data:image/png;base64,iVBORw0KGgo=","recovery_codes":["ckss-2skx-ebow","spbc-424h-usy0"],"user":{USER},"user_id":"{USER_ID}""#
    ));
    let (r, answer) = exchange(&call, reply);
    let body = format!(r#"{{"user_id":"{USER_ID}","expiration_minutes":30}}"#);
    assert_wire(&r, "POST", "/v1/totps", Some(&body));
    assert_eq!(answer.secret.expose(), "BTGNX5RKJRMQWQFRQKTG34JCF6XDRHZS");
    assert_eq!(answer.recovery_codes[1].expose(), "spbc-424h-usy0");
    assert!(!format!("{answer:?}").contains("ckss-2skx-ebow"));
}

#[test]
fn totps_authenticate() {
    let call = totps::Authenticate::builder()
        .user_id(USER_ID)
        .totp_code("576831")
        .session_jwt(fixtures::JWT)
        .session_duration_minutes(60u32)
        .session_custom_claims(map(json!({"mfa": true})))
        .telemetry_id("telemetry-1")
        .build();
    let (r, answer) = exchange(
        &call,
        fixtures::login_answer(&format!(r#""totp_id":"{TOTP_ID}""#)),
    );
    let body = format!(
        r#"{{"user_id":"{USER_ID}","totp_code":"576831","session_duration_minutes":60,"session_jwt":"{}","session_custom_claims":{{"mfa":true}},"telemetry_id":"telemetry-1"}}"#,
        fixtures::JWT
    );
    assert_wire(&r, "POST", "/v1/totps/authenticate", Some(&body));
    assert_eq!(answer.totp_id, TOTP_ID);
    assert!(answer.session.is_some());
    assert!(!format!("{call:?}").contains("576831"));
}

#[test]
fn totps_recovery_codes() {
    let call = totps::RecoveryCodes::builder().user_id(USER_ID).build();
    let reply = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","totps":[{{"totp_id":"{TOTP_ID}","verified":true,"recovery_codes":["ckss-2skx-ebow"]}}]"#
    ));
    let (r, answer) = exchange(&call, reply);
    let body = format!(r#"{{"user_id":"{USER_ID}"}}"#);
    assert_wire(&r, "POST", "/v1/totps/recovery_codes", Some(&body));
    assert!(answer.totps[0].verified);
    assert_eq!(answer.totps[0].recovery_codes[0].expose(), "ckss-2skx-ebow");
}

#[test]
fn totps_recover() {
    let call = totps::Recover::builder()
        .user_id(USER_ID)
        .recovery_code("ckss-2skx-ebow")
        .session_token(fixtures::TOKEN)
        .telemetry_id("telemetry-1")
        .build();
    let (r, answer) = exchange(
        &call,
        fixtures::login_answer(&format!(r#""totp_id":"{TOTP_ID}""#)),
    );
    let body = format!(
        r#"{{"user_id":"{USER_ID}","recovery_code":"ckss-2skx-ebow","session_token":"{}","telemetry_id":"telemetry-1"}}"#,
        fixtures::TOKEN
    );
    assert_wire(&r, "POST", "/v1/totps/recover", Some(&body));
    assert_eq!(answer.session_token.expose(), fixtures::TOKEN);
    assert!(!format!("{call:?}").contains("ckss-2skx-ebow"));
}

/// Connected apps and a user's connected apps.
mod connected_apps {
    use super::*;
    use stytch_endpoints::connected_apps::{self as apps, ClientType};

    const APP_ID: &str = "connected-app-test-d731954d-dab3-4a2b-bdee-07f3ad1be888";
    /// A connected app as `Get` shows it.
    const APP: &str = r#"{"client_id":"connected-app-test-d731954d-dab3-4a2b-bdee-07f3ad1be888","client_name":"Acme Notes","client_description":"Notes","status":"active","full_access_allowed":false,"client_type":"third_party","redirect_urls":["https://notes.acme.example/cb"],"access_token_expiry_minutes":60,"access_token_template_content":"","post_logout_redirect_urls":[],"bypass_consent_for_offline_access":false,"creation_method":"api","id_token_template_content":"","client_secret_last_four":"Wx1z"}"#;

    fn app_answer() -> String {
        fixtures::answer(&format!(r#""connected_app":{APP}"#))
    }

    #[test]
    fn get() {
        let call = apps::GetClient::builder()
            .client_id("connected-app/1 x")
            .build();
        let (r, answer) = exchange(&call, app_answer());
        assert_wire(
            &r,
            "GET",
            "/v1/connected_apps/clients/connected-app%2F1%20x",
            None,
        );
        assert_eq!(answer.connected_app.client_id, APP_ID);
        assert_eq!(answer.connected_app.client_type, ClientType::ThirdParty);
    }

    #[test]
    fn update_with_every_field() {
        let call = apps::UpdateClient::builder()
            .client_id(APP_ID)
            .client_name("Acme Notes")
            .client_description("Notes")
            .redirect_urls(vec!["https://notes.acme.example/cb".to_owned()])
            .full_access_allowed(false)
            .access_token_expiry_minutes(30u32)
            .access_token_custom_audience("https://api.acme.example")
            .access_token_template_content(r#"{"team":"blue"}"#)
            .post_logout_redirect_urls(vec!["https://notes.acme.example/bye".to_owned()])
            .logo_url("https://notes.acme.example/logo.png")
            .bypass_consent_for_offline_access(true)
            .id_token_template_content("{}")
            .build();
        let (r, answer) = exchange(&call, app_answer());
        let body = r#"{"client_name":"Acme Notes","client_description":"Notes","redirect_urls":["https://notes.acme.example/cb"],"full_access_allowed":false,"access_token_expiry_minutes":30,"access_token_custom_audience":"https://api.acme.example","access_token_template_content":"{\"team\":\"blue\"}","post_logout_redirect_urls":["https://notes.acme.example/bye"],"logo_url":"https://notes.acme.example/logo.png","bypass_consent_for_offline_access":true,"id_token_template_content":"{}"}"#;
        assert_wire(
            &r,
            "PUT",
            &format!("/v1/connected_apps/clients/{APP_ID}"),
            Some(body),
        );
        assert_eq!(answer.connected_app.client_name, "Acme Notes");
    }

    #[test]
    fn update_with_one_field_sends_only_it() {
        let call = apps::UpdateClient::builder()
            .client_id(APP_ID)
            .logo_url("https://notes.acme.example/logo.png")
            .build();
        let (r, _) = exchange(&call, app_answer());
        assert_wire(
            &r,
            "PUT",
            &format!("/v1/connected_apps/clients/{APP_ID}"),
            Some(r#"{"logo_url":"https://notes.acme.example/logo.png"}"#),
        );
    }

    #[test]
    fn delete() {
        let call = apps::DeleteClient::builder().client_id(APP_ID).build();
        let (r, answer) = exchange(
            &call,
            fixtures::answer(&format!(r#""client_id":"{APP_ID}""#)),
        );
        assert_wire(
            &r,
            "DELETE",
            &format!("/v1/connected_apps/clients/{APP_ID}"),
            None,
        );
        assert_eq!(answer.client_id, APP_ID);
    }

    #[test]
    fn search() {
        let call = apps::SearchClients::builder()
            .cursor("cursor-2")
            .limit(10u32)
            .build();
        let reply = fixtures::answer(&format!(
            r#""connected_apps":[{APP}],"results_metadata":{{"total":11,"next_cursor":null}}"#
        ));
        let (r, answer) = exchange(&call, reply);
        assert_wire(
            &r,
            "POST",
            "/v1/connected_apps/clients/search",
            Some(r#"{"cursor":"cursor-2","limit":10}"#),
        );
        assert_eq!(answer.connected_apps.len(), 1);
        assert_eq!(answer.results_metadata.total, 11);
        assert_eq!(answer.results_metadata.next_cursor, None);
    }

    #[test]
    fn search_without_parameters_sends_an_empty_object() {
        let call = apps::SearchClients::builder().build();
        let reply = fixtures::answer(r#""connected_apps":[],"results_metadata":{"total":0}"#);
        let (r, _) = exchange(&call, reply);
        assert_wire(&r, "POST", "/v1/connected_apps/clients/search", Some("{}"));
    }

    #[test]
    fn create_with_every_field() {
        let call = apps::CreateClient::builder()
            .client_type(ClientType::FirstPartyPublic)
            .client_name("Acme CLI")
            .client_description("The command line")
            .redirect_urls(vec!["http://127.0.0.1:8080/cb".to_owned()])
            .full_access_allowed(true)
            .access_token_expiry_minutes(15u32)
            .access_token_custom_audience("https://api.acme.example")
            .access_token_template_content("{}")
            .post_logout_redirect_urls(vec![])
            .logo_url("https://acme.example/cli.png")
            .bypass_consent_for_offline_access(false)
            .id_token_template_content("{}")
            .build();
        let reply = fixtures::answer(&format!(
            r#""connected_app":{}"#,
            APP.replace(r#","creation_method":"api""#, "")
        ));
        let (r, answer) = exchange(&call, reply);
        let body = r#"{"client_type":"first_party_public","client_name":"Acme CLI","client_description":"The command line","redirect_urls":["http://127.0.0.1:8080/cb"],"full_access_allowed":true,"access_token_expiry_minutes":15,"access_token_custom_audience":"https://api.acme.example","access_token_template_content":"{}","post_logout_redirect_urls":[],"logo_url":"https://acme.example/cli.png","bypass_consent_for_offline_access":false,"id_token_template_content":"{}"}"#;
        assert_wire(&r, "POST", "/v1/connected_apps/clients", Some(body));
        assert!(answer.connected_app.client_secret.is_none());
    }

    #[test]
    fn create_with_the_type_only() {
        let call = apps::CreateClient::builder()
            .client_type(ClientType::ThirdParty)
            .build();
        let reply = fixtures::answer(&format!(
            r#""connected_app":{}"#,
            APP.replace(
                r#""creation_method":"api""#,
                r#""client_secret":"s3cr3t-Wx1z""#
            )
        ));
        let (r, answer) = exchange(&call, reply);
        assert_wire(
            &r,
            "POST",
            "/v1/connected_apps/clients",
            Some(r#"{"client_type":"third_party"}"#),
        );
        let secret = answer.connected_app.client_secret.as_ref().unwrap();
        assert_eq!(secret.expose(), "s3cr3t-Wx1z");
        assert!(!format!("{answer:?}").contains("s3cr3t"));
    }

    #[test]
    fn secret_rotation_calls_send_an_empty_object() {
        let path = format!("/v1/connected_apps/clients/{APP_ID}/secrets/rotate");
        let with_next = APP.replace(
            r#""creation_method":"api""#,
            r#""next_client_secret":"n3xt-Ab12","next_client_secret_last_four":"Ab12""#,
        );
        let (r, answer) = exchange(
            &apps::RotateSecretStart::builder().client_id(APP_ID).build(),
            fixtures::answer(&format!(r#""connected_app":{with_next}"#)),
        );
        assert_wire(&r, "POST", &format!("{path}/start"), Some("{}"));
        assert_eq!(
            answer.connected_app.next_client_secret.expose(),
            "n3xt-Ab12"
        );
        assert_eq!(answer.connected_app.client_secret_last_four, "Wx1z");
        let (r, _) = exchange(
            &apps::RotateSecretCancel::builder()
                .client_id(APP_ID)
                .build(),
            app_answer(),
        );
        assert_wire(&r, "POST", &format!("{path}/cancel"), Some("{}"));
        let (r, answer) = exchange(
            &apps::RotateSecret::builder().client_id(APP_ID).build(),
            app_answer(),
        );
        assert_wire(&r, "POST", &path, Some("{}"));
        assert_eq!(
            answer.connected_app.client_secret_last_four.as_deref(),
            Some("Wx1z")
        );
    }

    #[test]
    fn users_connected_apps() {
        let call = users::ConnectedApps::builder().user_id(USER_ID).build();
        let reply = fixtures::answer(&format!(
            r#""connected_apps":[{{"connected_app_id":"{APP_ID}","name":"Acme Notes","description":"Notes","client_type":"third_party","scopes_granted":"openid email"}}]"#
        ));
        let (r, answer) = exchange(&call, reply);
        assert_wire(
            &r,
            "GET",
            &format!("/v1/users/{USER_ID}/connected_apps"),
            None,
        );
        assert_eq!(answer.connected_apps[0].scopes_granted, "openid email");
    }

    #[test]
    fn users_revoke_connected_app() {
        let call = users::RevokeConnectedApp::builder()
            .user_id(USER_ID)
            .connected_app_id(APP_ID)
            .build();
        let (r, answer) = exchange(&call, fixtures::answer(""));
        assert_wire(
            &r,
            "POST",
            &format!("/v1/users/{USER_ID}/connected_apps/{APP_ID}/revoke"),
            Some("{}"),
        );
        assert_eq!(answer.status_code, 200);
    }
}
