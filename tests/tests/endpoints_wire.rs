//! What each declared endpoint puts on the wire: exact method, path, query
//! and body, received by a scripted server on 127.0.0.1. Each answer is a
//! realistic body, so the call also proves the response type fits it.

use serde_json::{Map, Value, json};
use stytch_endpoints::sessions::AuthorizationCheck;
use stytch_endpoints::types::{Attributes, AuthenticateOptions};
use stytch_endpoints::users::{Name, SearchQuery};
use stytch_endpoints::{
    Client, Endpoint, RetryPolicy, idp, m2m, magic_links, oauth, otps, passwords, sessions, totps,
    users, webauthn,
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
fn magic_links_authenticate() {
    let call = magic_links::Authenticate::builder()
        .token("DOYoip3rvIMMW5lgItikFK-Ak1CfMsgjuiCyI7uuU94=")
        .attributes(Attributes::new("203.0.113.1", "Mozilla/5.0"))
        .options(AuthenticateOptions::new(false, true))
        .session_token(fixtures::TOKEN)
        .session_duration_minutes(60u32)
        .session_custom_claims(map(json!({"team": "blue"})))
        .code_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        .telemetry_id("telemetry-1")
        .build();
    let (r, answer) = exchange(
        &call,
        fixtures::login_answer(r#""method_id":"email-test-81bf03a8""#),
    );
    let body = format!(
        r#"{{"token":"DOYoip3rvIMMW5lgItikFK-Ak1CfMsgjuiCyI7uuU94=","attributes":{{"ip_address":"203.0.113.1","user_agent":"Mozilla/5.0"}},"options":{{"ip_match_required":false,"user_agent_match_required":true}},"session_token":"{}","session_duration_minutes":60,"session_custom_claims":{{"team":"blue"}},"code_verifier":"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk","telemetry_id":"telemetry-1"}}"#,
        fixtures::TOKEN
    );
    assert_wire(&r, "POST", "/v1/magic_links/authenticate", Some(&body));
    assert_eq!(answer.method_id, "email-test-81bf03a8");
    let shown = format!("{call:?}");
    assert!(
        !shown.contains("DOYoip3rv") && !shown.contains("dBjftJeZ4"),
        "{shown}"
    );
}

#[test]
fn magic_links_create() {
    let call = magic_links::Create::builder()
        .user_id(USER_ID)
        .expiration_minutes(15u32)
        .attributes(Attributes::new("203.0.113.1", "Mozilla/5.0"))
        .build();
    let reply = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","token":"hdPVZHHX0UoRa7hJTuuPHi1vlddffSnoweRbVFf5-H8g""#
    ));
    let (r, answer) = exchange(&call, reply);
    let body = format!(
        r#"{{"user_id":"{USER_ID}","expiration_minutes":15,"attributes":{{"ip_address":"203.0.113.1","user_agent":"Mozilla/5.0"}}}}"#
    );
    assert_wire(&r, "POST", "/v1/magic_links", Some(&body));
    assert_eq!(
        answer.token.expose(),
        "hdPVZHHX0UoRa7hJTuuPHi1vlddffSnoweRbVFf5-H8g"
    );
    assert!(!format!("{answer:?}").contains("hdPVZHHX0"));
}

#[test]
fn magic_links_login_or_create_email() {
    let call = magic_links::LoginOrCreateEmail::builder()
        .email("ada@example.com")
        .login_magic_link_url("https://example.com/authenticate")
        .signup_magic_link_url("https://example.com/welcome")
        .login_expiration_minutes(30u32)
        .signup_expiration_minutes(1440u32)
        .login_template_id("template-login")
        .signup_template_id("template-signup")
        .attributes(Attributes::new("203.0.113.1", "Mozilla/5.0"))
        .create_user_as_pending(true)
        .code_challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        .locale("fr")
        .build();
    let reply = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","email_id":"email-test-81bf03a8","user_created":true"#
    ));
    let (r, answer) = exchange(&call, reply);
    let body = r#"{"email":"ada@example.com","login_magic_link_url":"https://example.com/authenticate","signup_magic_link_url":"https://example.com/welcome","login_expiration_minutes":30,"signup_expiration_minutes":1440,"login_template_id":"template-login","signup_template_id":"template-signup","attributes":{"ip_address":"203.0.113.1","user_agent":"Mozilla/5.0"},"create_user_as_pending":true,"code_challenge":"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM","locale":"fr"}"#;
    assert_wire(
        &r,
        "POST",
        "/v1/magic_links/email/login_or_create",
        Some(body),
    );
    assert!(answer.user_created);
    assert_eq!(answer.email_id, "email-test-81bf03a8");
}

#[test]
fn magic_links_invite() {
    let call = magic_links::Invite::builder()
        .email("grace@example.com")
        .invite_template_id("template-invite")
        .attributes(Attributes::new("203.0.113.1", "Mozilla/5.0"))
        .name(Name::new("Grace", "Hopper"))
        .invite_magic_link_url("https://example.com/join")
        .invite_expiration_minutes(1440u32)
        .locale(magic_links::Locale::Es)
        .trusted_metadata(map(json!({"plan": "team"})))
        .untrusted_metadata(map(json!({"theme": "dark"})))
        .build();
    let reply = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","email_id":"email-test-81bf03a8""#
    ));
    let (r, answer) = exchange(&call, reply);
    let body = r#"{"email":"grace@example.com","invite_template_id":"template-invite","attributes":{"ip_address":"203.0.113.1","user_agent":"Mozilla/5.0"},"name":{"first_name":"Grace","last_name":"Hopper"},"invite_magic_link_url":"https://example.com/join","invite_expiration_minutes":1440,"locale":"es","trusted_metadata":{"plan":"team"},"untrusted_metadata":{"theme":"dark"}}"#;
    assert_wire(&r, "POST", "/v1/magic_links/email/invite", Some(body));
    assert_eq!(answer.user_id, USER_ID);
}

#[test]
fn magic_links_revoke_invite() {
    let call = magic_links::RevokeInvite::builder()
        .email("grace@example.com")
        .build();
    let (r, answer) = exchange(&call, fixtures::answer(""));
    assert_wire(
        &r,
        "POST",
        "/v1/magic_links/email/revoke_invite",
        Some(r#"{"email":"grace@example.com"}"#),
    );
    assert_eq!(answer.status_code, 200);
}

#[test]
fn otps_send_sms() {
    let call = otps::SendSms::builder()
        .phone_number("+12025550162")
        .expiration_minutes(5u32)
        .attributes(Attributes::new("203.0.113.1", "Mozilla/5.0"))
        .locale(otps::PhoneLocale::DeDe)
        .session_jwt(fixtures::JWT)
        .build();
    let reply = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","phone_id":"phone-number-test-d5a3b680""#
    ));
    let (r, answer) = exchange(&call, reply);
    let body = format!(
        r#"{{"phone_number":"+12025550162","expiration_minutes":5,"attributes":{{"ip_address":"203.0.113.1","user_agent":"Mozilla/5.0"}},"locale":"de-DE","session_jwt":"{}"}}"#,
        fixtures::JWT
    );
    assert_wire(&r, "POST", "/v1/otps/sms/send", Some(&body));
    assert_eq!(answer.phone_id, "phone-number-test-d5a3b680");
}

#[test]
fn otps_login_or_create_sms() {
    let call = otps::LoginOrCreateSms::builder()
        .phone_number("+12025550162")
        .expiration_minutes(3u32)
        .attributes(Attributes::new("203.0.113.1", "Mozilla/5.0"))
        .create_user_as_pending(false)
        .locale("zh-Hans")
        .build();
    let reply = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","phone_id":"phone-number-test-d5a3b680","user_created":false"#
    ));
    let (r, answer) = exchange(&call, reply);
    let body = r#"{"phone_number":"+12025550162","expiration_minutes":3,"attributes":{"ip_address":"203.0.113.1","user_agent":"Mozilla/5.0"},"create_user_as_pending":false,"locale":"zh-Hans"}"#;
    assert_wire(&r, "POST", "/v1/otps/sms/login_or_create", Some(body));
    assert!(!answer.user_created);
}

#[test]
fn otps_send_whatsapp() {
    let call = otps::SendWhatsApp::builder()
        .phone_number("+447700900123")
        .expiration_minutes(10u32)
        .locale(otps::PhoneLocale::PtBr)
        .user_id(USER_ID)
        .build();
    let reply = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","phone_id":"phone-number-test-d5a3b680""#
    ));
    let (r, answer) = exchange(&call, reply);
    let body = format!(
        r#"{{"phone_number":"+447700900123","expiration_minutes":10,"locale":"pt-br","user_id":"{USER_ID}"}}"#
    );
    assert_wire(&r, "POST", "/v1/otps/whatsapp/send", Some(&body));
    assert_eq!(answer.user_id, USER_ID);
}

#[test]
fn otps_login_or_create_whatsapp() {
    let call = otps::LoginOrCreateWhatsApp::builder()
        .phone_number("+447700900123")
        .create_user_as_pending(true)
        .build();
    let reply = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","phone_id":"phone-number-test-d5a3b680","user_created":true"#
    ));
    let (r, answer) = exchange(&call, reply);
    assert_wire(
        &r,
        "POST",
        "/v1/otps/whatsapp/login_or_create",
        Some(r#"{"phone_number":"+447700900123","create_user_as_pending":true}"#),
    );
    assert!(answer.user_created);
}

#[test]
fn otps_send_email() {
    let call = otps::SendEmail::builder()
        .email("ada@example.com")
        .expiration_minutes(4u32)
        .attributes(Attributes::new("203.0.113.1", "Mozilla/5.0"))
        .locale(otps::EmailLocale::En)
        .session_token(fixtures::TOKEN)
        .login_template_id("otp-login")
        .signup_template_id("otp-signup")
        .build();
    let reply = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","email_id":"email-test-81bf03a8""#
    ));
    let (r, answer) = exchange(&call, reply);
    let body = format!(
        r#"{{"email":"ada@example.com","expiration_minutes":4,"attributes":{{"ip_address":"203.0.113.1","user_agent":"Mozilla/5.0"}},"locale":"en","session_token":"{}","login_template_id":"otp-login","signup_template_id":"otp-signup"}}"#,
        fixtures::TOKEN
    );
    assert_wire(&r, "POST", "/v1/otps/email/send", Some(&body));
    assert_eq!(answer.email_id, "email-test-81bf03a8");
}

#[test]
fn otps_login_or_create_email() {
    let call = otps::LoginOrCreateEmail::builder()
        .email("ada@example.com")
        .expiration_minutes(2u32)
        .create_user_as_pending(true)
        .locale("pt-br")
        .login_template_id("otp-login")
        .signup_template_id("otp-signup")
        .build();
    let reply = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","email_id":"email-test-81bf03a8","user_created":true"#
    ));
    let (r, answer) = exchange(&call, reply);
    let body = r#"{"email":"ada@example.com","expiration_minutes":2,"create_user_as_pending":true,"locale":"pt-br","login_template_id":"otp-login","signup_template_id":"otp-signup"}"#;
    assert_wire(&r, "POST", "/v1/otps/email/login_or_create", Some(body));
    assert!(answer.user_created);
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

const EMAIL_ID: &str = "email-test-81bf03a8-86e1-4d95-bd44-bb3495224953";

#[test]
fn passwords_create() {
    let call = passwords::Create::builder()
        .email("ada@example.com")
        .password("correct horse battery staple")
        .session_duration_minutes(60u32)
        .session_custom_claims(map(json!({"team": "blue"})))
        .trusted_metadata(map(json!({"plan": "pro"})))
        .untrusted_metadata(map(json!({})))
        .name(Name::new("Ada", "Lovelace"))
        .telemetry_id("telemetry-1")
        .build();
    let (r, answer) = exchange(
        &call,
        fixtures::login_answer(&format!(r#""email_id":"{EMAIL_ID}""#)),
    );
    let body = r#"{"email":"ada@example.com","password":"correct horse battery staple","session_duration_minutes":60,"session_custom_claims":{"team":"blue"},"trusted_metadata":{"plan":"pro"},"untrusted_metadata":{},"name":{"first_name":"Ada","last_name":"Lovelace"},"telemetry_id":"telemetry-1"}"#;
    assert_wire(&r, "POST", "/v1/passwords", Some(body));
    assert_eq!(answer.email_id, EMAIL_ID);
    assert!(answer.session.is_some());
    assert!(!format!("{call:?}").contains("battery"));
}

#[test]
fn passwords_authenticate() {
    let call = passwords::Authenticate::builder()
        .email("ada@example.com")
        .password("correct horse battery staple")
        .session_jwt(fixtures::JWT)
        .session_duration_minutes(60u32)
        .build();
    let (r, answer) = exchange(&call, fixtures::login_answer(r#""method_id":"x""#));
    let body = format!(
        r#"{{"email":"ada@example.com","password":"correct horse battery staple","session_duration_minutes":60,"session_jwt":"{}"}}"#,
        fixtures::JWT
    );
    assert_wire(&r, "POST", "/v1/passwords/authenticate", Some(&body));
    assert_eq!(answer.session_token.expose(), fixtures::TOKEN);
    assert!(!format!("{call:?}").contains("battery"));
}

#[test]
fn passwords_strength_check() {
    let call = passwords::StrengthCheck::builder()
        .password("kitten")
        .email("ada@example.com")
        .build();
    let reply = fixtures::answer(
        r#""valid_password":false,"score":1,"breached_password":false,"strength_policy":"zxcvbn","breach_detection_on_create":true,"feedback":{"warning":"","suggestions":["Add a word or two."],"luds_requirements":null}"#,
    );
    let (r, answer) = exchange(&call, reply);
    assert_wire(
        &r,
        "POST",
        "/v1/passwords/strength_check",
        Some(r#"{"password":"kitten","email":"ada@example.com"}"#),
    );
    assert_eq!(answer.score, 1);
    assert!(!answer.valid_password);
    assert_eq!(answer.feedback.unwrap().suggestions, ["Add a word or two."]);
    assert!(!format!("{call:?}").contains("kitten"));
}

#[test]
fn passwords_migrate() {
    let call = passwords::Migrate::builder()
        .email("ada@example.com")
        .hash("7W1ZZmN9xJ0rFYzGkPjm1w==")
        .hash_type(passwords::HashType::Pbkdf2)
        .md_5_config(passwords::Md5Config::new("a", "b"))
        .argon_2_config(passwords::Argon2Config::new("c2FsdA", 3, 65536, 4, 32))
        .sha_1_config(passwords::Sha1Config::new("", "z"))
        .sha_512_config(passwords::Sha512Config::new("p", ""))
        .scrypt_config(passwords::ScryptConfig::new("c2FsdA==", 16384, 8, 1, 32))
        .pbkdf_2_config(passwords::Pbkdf2Config::new("c2FsdA==", 1000, 16, "sha256"))
        .trusted_metadata(map(json!({"plan": "pro"})))
        .untrusted_metadata(map(json!({})))
        .set_email_verified(true)
        .name(Name::new("Ada", "Lovelace"))
        .phone_number("+12025550162")
        .set_phone_number_verified(false)
        .external_id("legacy-42")
        .roles(vec!["admin".to_owned()])
        .build();
    let reply = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","email_id":"{EMAIL_ID}","user_created":true,"user":{USER}"#
    ));
    let (r, answer) = exchange(&call, reply);
    let body = r#"{"email":"ada@example.com","hash":"7W1ZZmN9xJ0rFYzGkPjm1w==","hash_type":"pbkdf_2","md_5_config":{"prepend_salt":"a","append_salt":"b"},"argon_2_config":{"salt":"c2FsdA","iteration_amount":3,"memory":65536,"threads":4,"key_length":32},"sha_1_config":{"prepend_salt":"","append_salt":"z"},"sha_512_config":{"prepend_salt":"p","append_salt":""},"scrypt_config":{"salt":"c2FsdA==","n_parameter":16384,"r_parameter":8,"p_parameter":1,"key_length":32},"pbkdf_2_config":{"salt":"c2FsdA==","iteration_amount":1000,"key_length":16,"algorithm":"sha256"},"trusted_metadata":{"plan":"pro"},"untrusted_metadata":{},"set_email_verified":true,"name":{"first_name":"Ada","last_name":"Lovelace"},"phone_number":"+12025550162","set_phone_number_verified":false,"external_id":"legacy-42","roles":["admin"]}"#;
    assert_wire(&r, "POST", "/v1/passwords/migrate", Some(body));
    assert!(answer.user_created);
    assert_eq!(answer.email_id, EMAIL_ID);
    assert!(!format!("{call:?}").contains("7W1ZZmN9"));
}

#[test]
fn passwords_email_reset_start() {
    let call = passwords::ResetByEmailStart::builder()
        .email("ada@example.com")
        .reset_password_redirect_url("https://example.com/reset")
        .reset_password_expiration_minutes(15u32)
        .code_challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        .attributes(Attributes::new("203.0.113.1", "Mozilla/5.0"))
        .login_redirect_url("https://example.com/login")
        .locale("fr")
        .reset_password_template_id("template-reset")
        .build();
    let reply = fixtures::answer(&format!(r#""user_id":"{USER_ID}","email_id":"{EMAIL_ID}""#));
    let (r, answer) = exchange(&call, reply);
    let body = r#"{"email":"ada@example.com","reset_password_redirect_url":"https://example.com/reset","reset_password_expiration_minutes":15,"code_challenge":"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM","attributes":{"ip_address":"203.0.113.1","user_agent":"Mozilla/5.0"},"login_redirect_url":"https://example.com/login","locale":"fr","reset_password_template_id":"template-reset"}"#;
    assert_wire(&r, "POST", "/v1/passwords/email/reset/start", Some(body));
    assert_eq!(answer.user_id, USER_ID);
    assert_eq!(answer.email_id, EMAIL_ID);
}

#[test]
fn passwords_email_reset() {
    let call = passwords::ResetByEmail::builder()
        .token("DOYoip3rvIMMW5lgItikFK-Ak1CfMsgjuiCyI7uuU94=")
        .password("a brand new passphrase")
        .session_token(fixtures::TOKEN)
        .session_duration_minutes(60u32)
        .code_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        .session_custom_claims(map(json!({"team": "blue"})))
        .attributes(Attributes::new("203.0.113.1", "Mozilla/5.0"))
        .options(AuthenticateOptions::new(true, false))
        .telemetry_id("telemetry-1")
        .build();
    let (r, answer) = exchange(&call, fixtures::login_answer(r#""method_id":"x""#));
    let body = format!(
        r#"{{"token":"DOYoip3rvIMMW5lgItikFK-Ak1CfMsgjuiCyI7uuU94=","password":"a brand new passphrase","session_token":"{}","session_duration_minutes":60,"code_verifier":"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk","session_custom_claims":{{"team":"blue"}},"attributes":{{"ip_address":"203.0.113.1","user_agent":"Mozilla/5.0"}},"options":{{"ip_match_required":true,"user_agent_match_required":false}},"telemetry_id":"telemetry-1"}}"#,
        fixtures::TOKEN
    );
    assert_wire(&r, "POST", "/v1/passwords/email/reset", Some(&body));
    assert_eq!(answer.user_id, USER_ID);
    let shown = format!("{call:?}");
    for secret in ["DOYoip3rv", "brand new", "dBjftJeZ4"] {
        assert!(!shown.contains(secret), "{shown}");
    }
}

#[test]
fn passwords_existing_password_reset() {
    let call = passwords::ResetByExistingPassword::builder()
        .email("ada@example.com")
        .existing_password("correct horse battery staple")
        .new_password("a brand new passphrase")
        .session_duration_minutes(60u32)
        .telemetry_id("telemetry-1")
        .build();
    let (r, answer) = exchange(&call, fixtures::login_answer(r#""method_id":"x""#));
    let body = r#"{"email":"ada@example.com","existing_password":"correct horse battery staple","new_password":"a brand new passphrase","session_duration_minutes":60,"telemetry_id":"telemetry-1"}"#;
    assert_wire(
        &r,
        "POST",
        "/v1/passwords/existing_password/reset",
        Some(body),
    );
    assert_eq!(answer.session_jwt.expose(), fixtures::JWT);
    let shown = format!("{call:?}");
    assert!(
        !shown.contains("battery") && !shown.contains("brand new"),
        "{shown}"
    );
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

// WebAuthn and the sessions calls that start a session from elsewhere.

const WEBAUTHN_REGISTRATION_ID: &str =
    "webauthn-registration-test-5c44cc6a-8af7-48d6-8da7-ea821342f5a6";
const CREDENTIAL: &str = r#"{"id":"q80","rawId":"q80","type":"public-key"}"#;

#[test]
fn sessions_migrate() {
    let call = sessions::Migrate::builder()
        .session_token("foreign-token-1")
        .session_duration_minutes(60u32)
        .session_custom_claims(map(json!({"from": "auth0"})))
        .telemetry_id("telemetry-1")
        .build();
    let (r, answer) = exchange(&call, fixtures::login_answer(r#""k":1"#));
    let body = r#"{"session_token":"foreign-token-1","session_duration_minutes":60,"session_custom_claims":{"from":"auth0"},"telemetry_id":"telemetry-1"}"#;
    assert_wire(&r, "POST", "/v1/sessions/migrate", Some(body));
    assert_eq!(answer.session_token.expose(), fixtures::TOKEN);
    assert!(!format!("{call:?}").contains("foreign-token-1"));
}

#[test]
fn sessions_exchange_access_token() {
    let call = sessions::ExchangeAccessToken::builder()
        .access_token("access-token-1")
        .session_duration_minutes(30u32)
        .build();
    let (r, answer) = exchange(&call, fixtures::login_answer(r#""k":1"#));
    let body = r#"{"access_token":"access-token-1","session_duration_minutes":30}"#;
    assert_wire(&r, "POST", "/v1/sessions/exchange_access_token", Some(body));
    assert_eq!(answer.user_id, USER_ID);
    assert!(!format!("{call:?}").contains("access-token-1"));
}

#[test]
fn sessions_attest() {
    let call = sessions::Attest::builder()
        .profile_id("trusted-auth-token-profile-test-1")
        .token("trusted-token-1")
        .session_duration_minutes(60u32)
        .session_custom_claims(map(json!({"idp": "acme"})))
        .session_jwt(fixtures::JWT)
        .telemetry_id("telemetry-1")
        .build();
    let (r, answer) = exchange(&call, fixtures::login_answer(r#""k":1"#));
    let body = format!(
        r#"{{"profile_id":"trusted-auth-token-profile-test-1","token":"trusted-token-1","session_duration_minutes":60,"session_custom_claims":{{"idp":"acme"}},"session_jwt":"{}","telemetry_id":"telemetry-1"}}"#,
        fixtures::JWT
    );
    assert_wire(&r, "POST", "/v1/sessions/attest", Some(&body));
    assert!(answer.session.is_some());
    assert!(!format!("{call:?}").contains("trusted-token-1"));
}

#[test]
fn webauthn_register_start() {
    let call = webauthn::RegisterStart::builder()
        .user_id(USER_ID)
        .domain("example.com")
        .user_agent("Firefox/128")
        .authenticator_type("platform")
        .return_passkey_credential_options(true)
        .override_id("handle-1")
        .override_name("ada")
        .override_display_name("Ada Lovelace")
        .use_base64_url_encoding(true)
        .build();
    let reply = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","public_key_credential_creation_options":"{{\"challenge\":\"q80\"}}""#
    ));
    let (r, answer) = exchange(&call, reply);
    let body = format!(
        r#"{{"user_id":"{USER_ID}","domain":"example.com","user_agent":"Firefox/128","authenticator_type":"platform","return_passkey_credential_options":true,"override_id":"handle-1","override_name":"ada","override_display_name":"Ada Lovelace","use_base64_url_encoding":true}}"#
    );
    assert_wire(&r, "POST", "/v1/webauthn/register/start", Some(&body));
    assert_eq!(
        answer.public_key_credential_creation_options,
        r#"{"challenge":"q80"}"#
    );
}

#[test]
fn webauthn_register() {
    let call = webauthn::Register::builder()
        .user_id(USER_ID)
        .public_key_credential(CREDENTIAL)
        .session_token(fixtures::TOKEN)
        .session_duration_minutes(60u32)
        .session_custom_claims(map(json!({"mfa": true})))
        .telemetry_id("telemetry-1")
        .build();
    let (r, answer) = exchange(
        &call,
        fixtures::login_answer(&format!(
            r#""webauthn_registration_id":"{WEBAUTHN_REGISTRATION_ID}""#
        )),
    );
    let body = format!(
        r#"{{"user_id":"{USER_ID}","public_key_credential":"{{\"id\":\"q80\",\"rawId\":\"q80\",\"type\":\"public-key\"}}","session_token":"{}","session_duration_minutes":60,"session_custom_claims":{{"mfa":true}},"telemetry_id":"telemetry-1"}}"#,
        fixtures::TOKEN
    );
    assert_wire(&r, "POST", "/v1/webauthn/register", Some(&body));
    assert_eq!(answer.webauthn_registration_id, WEBAUTHN_REGISTRATION_ID);
    assert!(!format!("{call:?}").contains("public-key"));
}

#[test]
fn webauthn_authenticate_start() {
    let call = webauthn::AuthenticateStart::builder()
        .domain("example.com")
        .user_id(USER_ID)
        .return_passkey_credential_options(false)
        .use_base64_url_encoding(true)
        .build();
    let reply = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","public_key_credential_request_options":"{{\"rpId\":\"example.com\"}}""#
    ));
    let (r, answer) = exchange(&call, reply);
    let body = format!(
        r#"{{"domain":"example.com","user_id":"{USER_ID}","return_passkey_credential_options":false,"use_base64_url_encoding":true}}"#
    );
    assert_wire(&r, "POST", "/v1/webauthn/authenticate/start", Some(&body));
    assert_eq!(
        answer.public_key_credential_request_options,
        r#"{"rpId":"example.com"}"#
    );
}

#[test]
fn webauthn_authenticate() {
    let call = webauthn::Authenticate::builder()
        .public_key_credential(CREDENTIAL)
        .session_duration_minutes(30u32)
        .session_jwt(fixtures::JWT)
        .build();
    let (r, answer) = exchange(
        &call,
        fixtures::login_answer(&format!(
            r#""webauthn_registration_id":"{WEBAUTHN_REGISTRATION_ID}""#
        )),
    );
    let body = format!(
        r#"{{"public_key_credential":"{{\"id\":\"q80\",\"rawId\":\"q80\",\"type\":\"public-key\"}}","session_duration_minutes":30,"session_jwt":"{}"}}"#,
        fixtures::JWT
    );
    assert_wire(&r, "POST", "/v1/webauthn/authenticate", Some(&body));
    assert_eq!(answer.user_id, USER_ID);
    assert_eq!(answer.webauthn_registration_id, WEBAUTHN_REGISTRATION_ID);
}

#[test]
fn webauthn_update_escapes_the_id() {
    let call = webauthn::Update::builder()
        .webauthn_registration_id("webauthn-registration-test-a/b")
        .name("Work laptop")
        .build();
    let reply = fixtures::answer(
        r#""webauthn_registration":{"webauthn_registration_id":"webauthn-registration-test-a/b","domain":"example.com","user_agent":"Firefox/128","verified":true,"authenticator_type":"platform","name":"Work laptop"}"#,
    );
    let (r, answer) = exchange(&call, reply);
    assert_wire(
        &r,
        "PUT",
        "/v1/webauthn/webauthn-registration-test-a%2Fb",
        Some(r#"{"name":"Work laptop"}"#),
    );
    assert_eq!(answer.webauthn_registration.unwrap().name, "Work laptop");
}

#[test]
fn webauthn_list_credentials() {
    let call = webauthn::ListCredentials::builder()
        .user_id(USER_ID)
        .domain("login.example.com")
        .build();
    let reply = fixtures::answer(&format!(
        r#""credentials":[{{"credential_id":"q80","webauthn_registration_id":"{WEBAUTHN_REGISTRATION_ID}","type":"public-key","public_key":"pQECAyYgASFYIA"}}]"#
    ));
    let (r, answer) = exchange(&call, reply);
    assert_wire(
        &r,
        "GET",
        &format!("/v1/webauthn/credentials/{USER_ID}/login.example.com"),
        None,
    );
    assert_eq!(answer.credentials[0].kind, "public-key");
    assert_eq!(answer.credentials[0].credential_id, "q80");
}

const M2M_CLIENT_ID: &str = "m2m-client-test-d731954d-dab3-4a2b-bdee-07f3ad1be885";
/// An M2M client as Stytch shows it, with `extra` fields spliced in.
fn m2m_client(extra: &str) -> String {
    format!(
        r#"{{"client_id":"{M2M_CLIENT_ID}",{extra}"client_name":"billing","client_description":"sends invoices","status":"active","scopes":["read:users","write:users"],"client_secret_last_four":"DzJj","trusted_metadata":{{"team":"billing"}},"next_client_secret_last_four":null}}"#
    )
}

#[test]
fn m2m_token() {
    let call = m2m::Token::builder()
        .client_id(M2M_CLIENT_ID)
        .client_secret("NHQhc7ZqsXJVtgmN2MXr1etqsQrGAwJ-iBWNLKY7DzJj")
        .grant_type(m2m::GrantType::ClientCredentials)
        .scopes(["read:users", "write:users"])
        .build();
    let reply = fixtures::answer(
        r#""access_token":"eyJhbGciOiJSUzI1NiJ9.e30.c2ln","token_type":"bearer","expires_in":3600"#,
    );
    let (r, answer) = exchange(&call, reply);
    let body = format!(
        r#"{{"client_id":"{M2M_CLIENT_ID}","client_secret":"NHQhc7ZqsXJVtgmN2MXr1etqsQrGAwJ-iBWNLKY7DzJj","grant_type":"client_credentials","scope":"read:users write:users"}}"#
    );
    assert_wire(
        &r,
        "POST",
        "/v1/public/project-test-wire/oauth2/token",
        Some(&body),
    );
    assert_eq!(
        answer.access_token.expose(),
        "eyJhbGciOiJSUzI1NiJ9.e30.c2ln"
    );
    assert_eq!(
        (answer.token_type.as_str(), answer.expires_in),
        ("bearer", 3600)
    );
    assert!(!format!("{call:?}{answer:?}").contains("NHQhc7Zq"));
    assert!(!format!("{answer:?}").contains("c2ln"));
}

#[test]
fn m2m_token_without_scopes_sends_no_scope() {
    let call = m2m::Token::builder()
        .client_id(M2M_CLIENT_ID)
        .client_secret("secret-1")
        .grant_type("client_credentials")
        .build();
    let reply = fixtures::answer(r#""access_token":"t","token_type":"bearer","expires_in":3600"#);
    let (r, _) = exchange(&call, reply);
    let body = format!(
        r#"{{"client_id":"{M2M_CLIENT_ID}","client_secret":"secret-1","grant_type":"client_credentials"}}"#
    );
    assert_wire(
        &r,
        "POST",
        "/v1/public/project-test-wire/oauth2/token",
        Some(&body),
    );
}

#[test]
fn m2m_get_client() {
    let call = m2m::GetClient::builder()
        .client_id("m2m-client-test-a/b")
        .build();
    let (r, answer) = exchange(
        &call,
        fixtures::answer(&format!(r#""m2m_client":{}"#, m2m_client(""))),
    );
    assert_wire(&r, "GET", "/v1/m2m/clients/m2m-client-test-a%2Fb", None);
    assert_eq!(answer.m2m_client.client_secret_last_four, "DzJj");
    assert_eq!(answer.m2m_client.next_client_secret_last_four, None);
}

#[test]
fn m2m_search_clients() {
    let call = m2m::SearchClients::builder()
        .cursor("cursor-1")
        .limit(10u32)
        .query(m2m::SearchQuery::all(vec![m2m::SearchQuery::filter(
            "scopes",
            ["read:users"],
        )]))
        .build();
    let reply = fixtures::answer(&format!(
        r#""m2m_clients":[{}],"results_metadata":{{"total":11,"next_cursor":"cursor-2"}}"#,
        m2m_client("")
    ));
    let (r, answer) = exchange(&call, reply);
    assert_wire(
        &r,
        "POST",
        "/v1/m2m/clients/search",
        Some(
            r#"{"cursor":"cursor-1","limit":10,"query":{"operator":"AND","operands":[{"filter_name":"scopes","filter_value":["read:users"]}]}}"#,
        ),
    );
    assert_eq!(answer.m2m_clients[0].client_id, M2M_CLIENT_ID);
    assert_eq!(answer.results_metadata.total, 11);
    assert_eq!(
        answer.results_metadata.next_cursor.as_deref(),
        Some("cursor-2")
    );
}

#[test]
fn m2m_update_client() {
    let call = m2m::UpdateClient::builder()
        .client_id(M2M_CLIENT_ID)
        .client_name("billing-v2")
        .client_description("sends invoices")
        .status(m2m::ClientStatus::Inactive)
        .scopes(vec!["read:invoices".to_owned()])
        .trusted_metadata(map(json!({"team": "finance"})))
        .build();
    let (r, answer) = exchange(
        &call,
        fixtures::answer(&format!(r#""m2m_client":{}"#, m2m_client(""))),
    );
    assert_wire(
        &r,
        "PUT",
        &format!("/v1/m2m/clients/{M2M_CLIENT_ID}"),
        Some(
            r#"{"client_name":"billing-v2","client_description":"sends invoices","status":"inactive","scopes":["read:invoices"],"trusted_metadata":{"team":"finance"}}"#,
        ),
    );
    assert_eq!(answer.m2m_client.status, m2m::ClientStatus::Active);
}

#[test]
fn m2m_delete_client() {
    let call = m2m::DeleteClient::builder()
        .client_id(M2M_CLIENT_ID)
        .build();
    let (r, answer) = exchange(
        &call,
        fixtures::answer(&format!(r#""client_id":"{M2M_CLIENT_ID}""#)),
    );
    assert_wire(
        &r,
        "DELETE",
        &format!("/v1/m2m/clients/{M2M_CLIENT_ID}"),
        None,
    );
    assert_eq!(answer.client_id, M2M_CLIENT_ID);
}

#[test]
fn m2m_create_client() {
    let call = m2m::CreateClient::builder()
        .scopes(vec!["read:users".to_owned(), "write:users".to_owned()])
        .client_id(M2M_CLIENT_ID)
        .client_secret("imported-secret-1")
        .client_name("billing")
        .client_description("sends invoices")
        .trusted_metadata(map(json!({"team": "billing"})))
        .build();
    let reply = fixtures::answer(&format!(
        r#""m2m_client":{}"#,
        m2m_client(r#""client_secret":"imported-secret-1","#)
    ));
    let (r, answer) = exchange(&call, reply);
    let body = format!(
        r#"{{"scopes":["read:users","write:users"],"client_id":"{M2M_CLIENT_ID}","client_secret":"imported-secret-1","client_name":"billing","client_description":"sends invoices","trusted_metadata":{{"team":"billing"}}}}"#
    );
    assert_wire(&r, "POST", "/v1/m2m/clients", Some(&body));
    assert_eq!(
        answer.m2m_client.client_secret.expose(),
        "imported-secret-1"
    );
    assert!(!format!("{call:?}{answer:?}").contains("imported-secret-1"));
}

#[test]
fn m2m_secret_rotation() {
    let start = m2m::RotateSecretStart::builder()
        .client_id(M2M_CLIENT_ID)
        .build();
    let reply = fixtures::answer(&format!(
        r#""m2m_client":{}"#,
        m2m_client(r#""next_client_secret":"next-secret-9876","#).replace(
            r#""next_client_secret_last_four":null"#,
            r#""next_client_secret_last_four":"9876""#
        )
    ));
    let (r, answer) = exchange(&start, reply);
    // A POST without fields sends an empty JSON object, as the SDKs do.
    assert_wire(
        &r,
        "POST",
        &format!("/v1/m2m/clients/{M2M_CLIENT_ID}/secrets/rotate/start"),
        Some("{}"),
    );
    assert_eq!(
        answer.m2m_client.next_client_secret.expose(),
        "next-secret-9876"
    );
    assert_eq!(
        answer.m2m_client.next_client_secret_last_four.as_deref(),
        Some("9876")
    );
    assert!(!format!("{answer:?}").contains("next-secret-9876"));

    let plain = || fixtures::answer(&format!(r#""m2m_client":{}"#, m2m_client("")));
    let cancel = m2m::RotateSecretCancel::builder()
        .client_id(M2M_CLIENT_ID)
        .build();
    let (r, answer) = exchange(&cancel, plain());
    assert_wire(
        &r,
        "POST",
        &format!("/v1/m2m/clients/{M2M_CLIENT_ID}/secrets/rotate/cancel"),
        Some("{}"),
    );
    assert_eq!(answer.m2m_client.client_id, M2M_CLIENT_ID);
    let rotate = m2m::RotateSecret::builder()
        .client_id(M2M_CLIENT_ID)
        .build();
    let (r, answer) = exchange(&rotate, plain());
    assert_wire(
        &r,
        "POST",
        &format!("/v1/m2m/clients/{M2M_CLIENT_ID}/secrets/rotate"),
        Some("{}"),
    );
    assert_eq!(answer.m2m_client.client_secret_last_four, "DzJj");
}

/// The introspection is form-encoded: the exact content type and bytes.
#[test]
fn idp_introspect_token_is_form_encoded() {
    let call = idp::IntrospectToken::builder()
        .token("eyJ.a+b/c=")
        .client_id(M2M_CLIENT_ID)
        .client_secret("s3cr&t=1 2")
        .token_type_hint("access_token")
        .build();
    let reply = fixtures::answer(&format!(
        r#""active":true,"sub":"{M2M_CLIENT_ID}","scope":"read:users","aud":["project-test-wire"],"exp":1738848103,"iat":1738844503,"iss":"stytch.com/project-test-wire","nbf":1738844503,"token_type":"access_token""#
    ));
    let (r, answer) = exchange(&call, reply);
    assert_eq!(r.method, "POST");
    assert_eq!(r.target, "/v1/public/project-test-wire/oauth2/introspect");
    assert_eq!(
        r.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8(r.body.clone()).unwrap(),
        format!(
            "token=eyJ.a%2Bb%2Fc%3D&client_id={M2M_CLIENT_ID}&client_secret=s3cr%26t%3D1%202&token_type_hint=access_token"
        )
    );
    assert!(answer.active);
    assert_eq!(answer.sub.as_deref(), Some(M2M_CLIENT_ID));
    assert_eq!(answer.exp, Some(1738848103));
    assert!(!format!("{call:?}").contains("s3cr&t"));
    assert!(!format!("{call:?}").contains("eyJ.a+b"));
}

/// The fraud host's calls, crypto wallets, impersonation, the project's
/// calls and the last user deletes.
mod fraud_and_more {
    use super::*;
    use stytch_endpoints::fraud::{Action, Metadata, RuleAction, RuleType};
    use stytch_endpoints::{crypto_wallets, debug, fraud, impersonation, project, rbac};

    /// Like [`exchange`], for a call of the fraud host: the client's API
    /// base URL is another server, which must see nothing.
    fn exchange_fraud<E: Endpoint>(call: &E, reply: String) -> (Recorded, E::Response) {
        let fraud_host = ScriptedServer::start(move |_, _| Reply::json(200, &reply));
        let api_host = ScriptedServer::always_json(500, r#"{"status_code":500}"#);
        let client = Client::builder("project-test-wire", "secret-test-wire")
            .base_url(api_host.base_url())
            .fraud_base_url(fraud_host.base_url())
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        let answer = client.send(call).expect("call succeeds");
        assert!(api_host.requests().is_empty(), "the API host was called");
        let requests = fraud_host.requests();
        assert_eq!(requests.len(), 1);
        (requests[0].clone(), answer)
    }

    const FINGERPRINTS: &str = r#"{"network_fingerprint":"network-fingerprint-b5060259-40e6-3f29-8215-45ae2da3caa1","hardware_fingerprint":"hardware-fingerprint-4af7a05d-cf77-4ff7-834f-0622452bb092","browser_fingerprint":"browser-fingerprint-0b535ab5-ecff-4bc9-b845-48bf90098945","visitor_fingerprint":"visitor-fingerprint-6ecf5792-1157-41ad-9ad6-052d31160cee","visitor_id":"visitor-6139cbcc-4dda-4b1f-b1c0-13c08ec64d72","browser_id":"browser-id-99cffb93-6378-48a5-aa90-d680232a7979"}"#;

    #[test]
    fn fraud_fingerprint_lookup() {
        let call = fraud::fingerprint::Lookup::builder()
            .telemetry_id("026ac93b-8cdf-4fcb-bfa6-36a31cfecac1")
            .external_metadata(Metadata::new().external_id("crm-42").user_action("login"))
            .build();
        let reply = fixtures::answer(&format!(
            r#""telemetry_id":"026ac93b-8cdf-4fcb-bfa6-36a31cfecac1","fingerprints":{FINGERPRINTS},"verdict":{{"action":"BLOCK","reasons":["RULE_MATCH"],"detected_device_type":"MAC_OS_X_ARM","is_authentic_device":true,"verdict_reason_overrides":[],"rule_match_type":"VISITOR_ID","rule_match_identifier":"visitor-6139cbcc-4dda-4b1f-b1c0-13c08ec64d72"}},"external_metadata":{{"external_id":"crm-42","user_action":"login"}},"created_at":"2024-03-01T12:00:00Z","expires_at":"2024-03-01T13:00:00Z""#
        ));
        let (r, answer) = exchange_fraud(&call, reply);
        assert_wire(
            &r,
            "POST",
            "/v1/fingerprint/lookup",
            Some(
                r#"{"telemetry_id":"026ac93b-8cdf-4fcb-bfa6-36a31cfecac1","external_metadata":{"external_id":"crm-42","user_action":"login"}}"#,
            ),
        );
        assert_eq!(answer.verdict.action, Action::Block);
        assert_eq!(answer.verdict.rule_match_type, Some(RuleType::VisitorId));
        assert_eq!(
            answer.fingerprints.visitor_id.as_deref(),
            Some("visitor-6139cbcc-4dda-4b1f-b1c0-13c08ec64d72")
        );
        assert_eq!(
            answer.external_metadata.external_id.as_deref(),
            Some("crm-42")
        );
        assert!(answer.properties.is_none());
    }

    #[test]
    fn fraud_rules_set() {
        let call = fraud::rules::Set::builder()
            .action(RuleAction::Block)
            .cidr_block("203.0.113.0/24")
            .expires_in_minutes(90u32)
            .description("card testing")
            .build();
        let reply = fixtures::answer(
            r#""action":"BLOCK","cidr_block":"203.0.113.0/24","expires_at":"2024-03-01T13:30:00Z""#,
        );
        let (r, answer) = exchange_fraud(&call, reply);
        assert_wire(
            &r,
            "POST",
            "/v1/rules/set",
            Some(
                r#"{"action":"BLOCK","expires_in_minutes":90,"description":"card testing","cidr_block":"203.0.113.0/24"}"#,
            ),
        );
        assert_eq!(answer.action, RuleAction::Block);
        assert_eq!(answer.cidr_block.as_deref(), Some("203.0.113.0/24"));
        assert!(answer.visitor_id.is_none());
    }

    #[test]
    fn fraud_rules_list() {
        let call = fraud::rules::List::builder()
            .cursor("cursor-2")
            .limit(50u32)
            .build();
        let reply = fixtures::answer(
            r#""next_cursor":"cursor-3","rules":[{"rule_type":"COUNTRY_CODE","action":"CHALLENGE","created_at":"2024-03-01T12:00:00Z","country_code":"XX","description":"review"}]"#,
        );
        let (r, answer) = exchange_fraud(&call, reply);
        assert_wire(
            &r,
            "POST",
            "/v1/rules/list",
            Some(r#"{"cursor":"cursor-2","limit":50}"#),
        );
        assert_eq!(answer.next_cursor, "cursor-3");
        assert_eq!(answer.rules[0].rule_type, RuleType::CountryCode);
        assert_eq!(answer.rules[0].country_code.as_deref(), Some("XX"));
    }

    #[test]
    fn fraud_verdict_reasons_override() {
        let call = fraud::verdict_reasons::Override::builder()
            .verdict_reason("VIRTUAL_MACHINE")
            .override_action(RuleAction::Allow)
            .override_description("support works in VMs")
            .build();
        let reply = fixtures::answer(
            r#""verdict_reason_action":{"verdict_reason":"VIRTUAL_MACHINE","default_action":"CHALLENGE","override_action":"ALLOW","override_created_at":"2024-03-01T12:00:00Z","override_description":"support works in VMs"}"#,
        );
        let (r, answer) = exchange_fraud(&call, reply);
        assert_wire(
            &r,
            "POST",
            "/v1/verdict_reasons/override",
            Some(
                r#"{"verdict_reason":"VIRTUAL_MACHINE","override_action":"ALLOW","override_description":"support works in VMs"}"#,
            ),
        );
        let action = answer.verdict_reason_action;
        assert_eq!(action.default_action, Action::Challenge);
        assert_eq!(action.override_action, Some(Action::Allow));
    }

    #[test]
    fn fraud_verdict_reasons_list() {
        let call = fraud::verdict_reasons::List::builder()
            .overrides_only(true)
            .build();
        let reply = fixtures::answer(
            r#""verdict_reason_actions":[{"verdict_reason":"VIRTUAL_MACHINE","default_action":"CHALLENGE","override_action":null}]"#,
        );
        let (r, answer) = exchange_fraud(&call, reply);
        assert_wire(
            &r,
            "POST",
            "/v1/verdict_reasons/list",
            Some(r#"{"overrides_only":true}"#),
        );
        assert_eq!(
            answer.verdict_reason_actions[0].verdict_reason,
            "VIRTUAL_MACHINE"
        );
        assert_eq!(answer.verdict_reason_actions[0].override_action, None);
    }

    #[test]
    fn fraud_email_risk() {
        let call = fraud::email::Risk::builder()
            .email_address("ada+promo@example.com")
            .build();
        let reply = fixtures::answer(
            r#""address_information":{"has_known_bounces":false,"has_valid_syntax":true,"is_suspected_role_address":false,"normalized_email":"ada@example.com","tumbling_character_count":1},"domain_information":{"has_mx_or_a_record":true,"is_disposable_domain":false},"action":"ALLOW","risk_score":10"#,
        );
        let (r, answer) = exchange_fraud(&call, reply);
        assert_wire(
            &r,
            "POST",
            "/v1/email/risk",
            Some(r#"{"email_address":"ada+promo@example.com"}"#),
        );
        assert_eq!(answer.action, Action::Allow);
        assert_eq!(answer.risk_score, 10);
        assert_eq!(
            answer.address_information.normalized_email,
            "ada@example.com"
        );
    }

    const WALLET: &str = "0x6df2dB4Fb3DA35d241901Bd53367770BF03123f1";
    const SIGNATURE: &str = "0x0c4f82edc3c818b6beff4b89e0682994e5878074609903cecdfb843241728be32f75949e2fbae63dcccdef97c0e3789a26441f7e11456cc1f2ef79b3a436010f1b";

    #[test]
    fn crypto_wallets_authenticate_start() {
        let call = crypto_wallets::AuthenticateStart::builder()
            .crypto_wallet_type("ethereum")
            .crypto_wallet_address(WALLET)
            .user_id(USER_ID)
            .siwe_params(
                crypto_wallets::SiweParams::new("app.example.com", "https://app.example.com/login")
                    .chain_id("137")
                    .resources(vec!["https://app.example.com/terms".into()]),
            )
            .build();
        let reply = fixtures::answer(&format!(
            r#""user_id":"{USER_ID}","challenge":"app.example.com wants you to sign in with your Ethereum account:","user_created":false"#
        ));
        let (r, answer) = exchange(&call, reply);
        let body = format!(
            r#"{{"crypto_wallet_type":"ethereum","crypto_wallet_address":"{WALLET}","user_id":"{USER_ID}","siwe_params":{{"domain":"app.example.com","uri":"https://app.example.com/login","resources":["https://app.example.com/terms"],"chain_id":"137"}}}}"#
        );
        assert_wire(
            &r,
            "POST",
            "/v1/crypto_wallets/authenticate/start",
            Some(&body),
        );
        assert!(!answer.user_created);
        assert!(answer.challenge.starts_with("app.example.com wants you"));
    }

    #[test]
    fn crypto_wallets_authenticate() {
        let call = crypto_wallets::Authenticate::builder()
            .crypto_wallet_type("ethereum")
            .crypto_wallet_address(WALLET)
            .signature(SIGNATURE)
            .session_token(fixtures::TOKEN)
            .session_duration_minutes(60u32)
            .session_custom_claims(map(json!({"wallet": true})))
            .telemetry_id("telemetry-1")
            .build();
        let (r, answer) = exchange(
            &call,
            fixtures::login_answer(
                r#""siwe_params":{"status_code":200,"request_id":"request-id-test-1","domain":"app.example.com","uri":"https://app.example.com/login","chain_id":"1","resources":[],"issued_at":"2024-03-01T12:00:00Z"}"#,
            ),
        );
        let body = format!(
            r#"{{"crypto_wallet_type":"ethereum","crypto_wallet_address":"{WALLET}","signature":"{SIGNATURE}","session_token":"{}","session_duration_minutes":60,"session_custom_claims":{{"wallet":true}},"telemetry_id":"telemetry-1"}}"#,
            fixtures::TOKEN
        );
        assert_wire(&r, "POST", "/v1/crypto_wallets/authenticate", Some(&body));
        assert_eq!(answer.siwe_params.unwrap().chain_id, "1");
        assert!(answer.session.is_some());
        assert!(!format!("{call:?}").contains(SIGNATURE));
    }

    #[test]
    fn debug_whoami_sends_nothing_but_the_path() {
        let call = debug::Whoami::builder().build();
        let reply = fixtures::answer(r#""project_id":"project-test-wire","name":"Wire""#);
        let (r, answer) = exchange(&call, reply);
        assert_wire(&r, "GET", "/v1/debug/whoami", None);
        assert_eq!(answer.name, "Wire");
    }

    #[test]
    fn impersonation_authenticate() {
        let call = impersonation::Authenticate::builder()
            .impersonation_token("SeiGwdj5lKkrEVgcEY3QNJXt6srxS3IK2Nwkar6mXD4=")
            .build();
        let (r, answer) = exchange(&call, fixtures::login_answer(r#""extra":1"#));
        assert_wire(
            &r,
            "POST",
            "/v1/impersonation/authenticate",
            Some(r#"{"impersonation_token":"SeiGwdj5lKkrEVgcEY3QNJXt6srxS3IK2Nwkar6mXD4="}"#),
        );
        assert_eq!(answer.session_token.expose(), fixtures::TOKEN);
        assert!(!format!("{call:?}").contains("SeiGwdj5"));
    }

    #[test]
    fn project_metrics() {
        let call = project::Metrics::builder().build();
        let reply = fixtures::answer(
            r#""project_id":"project-test-wire","metrics":[{"metric_type":"USER_COUNT","count":250}]"#,
        );
        let (r, answer) = exchange(&call, reply);
        assert_wire(&r, "GET", "/v1/projects/metrics", None);
        assert_eq!(answer.count(&project::MetricType::UserCount), Some(250));
        assert_eq!(answer.count(&project::MetricType::M2mClientCount), None);
    }

    #[test]
    fn rbac_policy() {
        let call = rbac::Policy::builder().build();
        let reply = fixtures::answer(
            r#""policy":{"roles":[{"role_id":"editor","description":"Edits","permissions":[{"resource_id":"documents","actions":["read","write"]}]}],"resources":[{"resource_id":"documents","description":"Docs","actions":["read","write"]}],"scopes":[]}"#,
        );
        let (r, answer) = exchange(&call, reply);
        assert_wire(&r, "GET", "/v1/rbac/policy", None);
        let policy = answer.policy.unwrap();
        assert_eq!(policy.roles[0].permissions[0].actions, ["read", "write"]);
        assert_eq!(policy.resources[0].resource_id, "documents");
    }

    #[test]
    fn users_delete_crypto_wallet() {
        let call = users::DeleteCryptoWallet::builder()
            .crypto_wallet_id("crypto-wallet-test-1/2")
            .build();
        let (r, answer) = exchange(&call, fixtures::user_answer());
        assert_wire(
            &r,
            "DELETE",
            "/v1/users/crypto_wallets/crypto-wallet-test-1%2F2",
            None,
        );
        assert_eq!(answer.user_id, USER_ID);
    }

    #[test]
    fn users_delete_oauth_registration() {
        let call = users::DeleteOAuthRegistration::builder()
            .oauth_user_registration_id("oauth-user-test-de86770c")
            .build();
        let (r, _) = exchange(&call, fixtures::user_answer());
        assert_wire(
            &r,
            "DELETE",
            "/v1/users/oauth/oauth-user-test-de86770c",
            None,
        );
    }

    #[test]
    fn users_delete_external_id() {
        let call = users::DeleteExternalId::builder().user_id("crm 42").build();
        let (r, _) = exchange(&call, fixtures::user_answer());
        assert_wire(&r, "DELETE", "/v1/users/crm%2042/external_id", None);
    }
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
