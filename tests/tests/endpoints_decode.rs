//! Each response type decodes a realistic answer, and the same answer with a
//! field it does not know added to every object (Stytch adds fields over
//! time; decoding must not break).

use stytch_endpoints::runtime::response::{RawResponse, decode};
use stytch_endpoints::types::{AuthenticationFactorDeliveryMethod, AuthenticationFactorType};
use stytch_endpoints::{
    Endpoint, Route, idp, m2m, magic_links, oauth, otps, passwords, sessions, users, webauthn,
};
use stytch_tests::fixtures::{self, USER, with_unknown_fields};

const USER_ID: &str = "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6";

/// Decodes `body` as `E`'s answer, as is and with unknown fields added.
fn both<E: Endpoint>(body: &str) -> [E::Response; 2] {
    let one = |text: String| {
        let raw = RawResponse {
            status: 200,
            retry_after: None,
            body: text.into_bytes(),
        };
        decode::<E::Response>(Route::of::<E>(), &raw, 1)
            .unwrap_or_else(|e| panic!("{} did not decode: {e}", E::PATH))
    };
    let extended = with_unknown_fields(body);
    assert!(extended.contains("field_added_next_year"));
    [one(body.to_owned()), one(extended)]
}

fn check_user(user: &stytch_endpoints::types::User) {
    assert_eq!(user.user_id, USER_ID);
    assert_eq!(user.status, "active");
    assert_eq!(
        user.name.as_ref().unwrap().first_name.as_deref(),
        Some("Ada")
    );
    assert_eq!(user.emails[0].email, "ada@example.com");
    assert!(user.emails[0].verified);
    assert_eq!(user.phone_numbers[0].phone_number, "+12025550162");
    assert!(!user.phone_numbers[0].verified);
    assert!(!user.password.as_ref().unwrap().requires_reset);
    assert_eq!(user.trusted_metadata["seats"], 3);
    assert_eq!(user.roles, ["stytch_user"]);
    assert_eq!(user.external_id, None);
    assert!(!user.is_locked);
    assert!(user.providers.is_empty() && user.webauthn_registrations.is_empty());
    assert_eq!(user.created_at.as_deref(), Some("2024-03-01T12:00:00Z"));
}

fn check_session(session: &stytch_endpoints::types::Session) {
    assert_eq!(
        session.session_id,
        "session-test-fe6c042b-6286-479f-8a4f-b046a6c46509"
    );
    assert_eq!(session.user_id, USER_ID);
    assert_eq!(session.expires_at.as_deref(), Some("2024-03-01T13:00:00Z"));
    let factor = &session.authentication_factors[0];
    assert_eq!(factor.kind, AuthenticationFactorType::Otp);
    assert_eq!(
        factor.delivery_method,
        AuthenticationFactorDeliveryMethod::Sms
    );
    assert_eq!(
        factor.phone_number_factor.as_ref().unwrap().phone_number,
        "+12025550162"
    );
    assert!(factor.email_factor.is_none());
    assert_eq!(
        session.attributes.as_ref().unwrap().ip_address.as_deref(),
        Some("203.0.113.1")
    );
    assert_eq!(session.custom_claims["team"], "blue");
}

#[test]
fn sessions_authenticate() {
    for a in both::<sessions::Authenticate>(&fixtures::session_answer()) {
        assert_eq!(
            a.request_id,
            "request-id-test-b05c992f-ebdc-489d-a754-c7e70ba13141"
        );
        assert_eq!(a.status_code, 200);
        check_session(&a.session);
        check_user(&a.user);
        assert_eq!(a.session_token.expose(), fixtures::TOKEN);
        assert_eq!(a.session_jwt.expose(), fixtures::JWT);
        assert!(!format!("{a:?}").contains(fixtures::TOKEN));
    }
}

#[test]
fn sessions_revoke() {
    let body = r#"{"request_id":"request-id-test-revoke-1","status_code":200}"#;
    for a in both::<sessions::Revoke>(body) {
        assert_eq!(a.request_id, "request-id-test-revoke-1");
        assert_eq!(a.status_code, 200);
    }
}

#[test]
fn sessions_list() {
    let body = fixtures::answer(&format!(r#""sessions":[{0},{0}]"#, fixtures::SESSION));
    for a in both::<sessions::List>(&body) {
        assert_eq!(a.sessions.len(), 2);
        check_session(&a.sessions[1]);
    }
}

#[test]
fn sessions_get_jwks() {
    let body = fixtures::answer(
        r#""keys":[{"alg":"RS256","e":"AQAB","kid":"jwk-test-22c4ba6a","kty":"RSA","n":"sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3KRw","use":"sig","x5c":["MIIDQjCCAiqgAwIBAgIGATz"],"x5t#S256":"-aVXQ8E5ByJ2XUhK6LvUrkTf9xg"}]"#,
    );
    for a in both::<sessions::GetJwks>(&body) {
        let key = &a.keys[0];
        assert_eq!(
            (key.kid.as_str(), key.kty.as_str(), key.alg.as_str()),
            ("jwk-test-22c4ba6a", "RSA", "RS256")
        );
        assert_eq!(key.key_use, "sig");
        assert_eq!(key.e, "AQAB");
        assert_eq!(key.x5c.len(), 1);
        // Sent as RFC 7517 spells it; the SDK's name is `x5tS256`.
        assert_eq!(key.x5t_s256, "-aVXQ8E5ByJ2XUhK6LvUrkTf9xg");
    }
}

#[test]
fn users_create() {
    let body = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","email_id":"email-test-81bf03a8-86e1-4d95-bd44-bb3495224953","phone_id":"","status":"active","user":{USER}"#
    ));
    for a in both::<users::Create>(&body) {
        assert_eq!(a.user_id, USER_ID);
        assert_eq!(
            a.email_id,
            "email-test-81bf03a8-86e1-4d95-bd44-bb3495224953"
        );
        assert_eq!(a.phone_id, "");
        check_user(&a.user);
    }
}

#[test]
fn users_get_has_the_user_at_the_top_level() {
    let body = fixtures::answer(&USER[1..USER.len() - 1]);
    for a in both::<users::Get>(&body) {
        assert_eq!(a.status_code, 200);
        check_user(&a.user);
    }
}

#[test]
fn users_search() {
    let body = fixtures::answer(&format!(
        r#""results":[{USER},{USER}],"results_metadata":{{"total":7,"next_cursor":"cursor-2"}}"#
    ));
    for a in both::<users::Search>(&body) {
        assert_eq!(a.results.len(), 2);
        check_user(&a.results[0]);
        assert_eq!(a.results_metadata.total, 7);
        assert_eq!(a.results_metadata.next_cursor.as_deref(), Some("cursor-2"));
    }
    let last_page =
        fixtures::answer(r#""results":[],"results_metadata":{"total":0,"next_cursor":null}"#);
    for a in both::<users::Search>(&last_page) {
        assert!(a.results.is_empty());
        assert_eq!(a.results_metadata.next_cursor, None);
    }
}

#[test]
fn users_update_and_factor_changes() {
    let body = fixtures::user_answer();
    // Update repeats the contact factors and wallets at the top level.
    let update = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","emails":[{{"email_id":"email-test-1","email":"ada@example.com","verified":true}}],"phone_numbers":[],"crypto_wallets":[],"user":{USER}"#
    ));
    for a in both::<users::Update>(&update) {
        assert_eq!(a.user_id, USER_ID);
        assert_eq!(a.emails[0].email_id, "email-test-1");
        assert!(a.phone_numbers.is_empty() && a.crypto_wallets.is_empty());
        check_user(&a.user);
    }
    for a in both::<users::DeleteEmail>(&body) {
        check_user(&a.user);
    }
    for a in both::<users::DeletePhoneNumber>(&body) {
        check_user(&a.user);
    }
    for a in both::<users::ExchangePrimaryFactor>(&body) {
        check_user(&a.user);
    }
}

#[test]
fn users_delete() {
    let body = fixtures::answer(&format!(r#""user_id":"{USER_ID}""#));
    for a in both::<users::Delete>(&body) {
        assert_eq!(a.user_id, USER_ID);
    }
}

/// OAuth's answer names the session `user_session`, not `session`.
fn oauth_answer() -> String {
    fixtures::login_answer(
        r#""provider_subject":"10769150350006150715113082367","provider_type":"Google","provider_values":{"access_token":"ya29.a0-access","refresh_token":"1//refresh","id_token":"eyJ.id.token","expires_at":"2024-03-01T13:00:00Z","scopes":["openid","email"]},"oauth_user_registration_id":"oauth-user-test-de86770c""#,
    )
    .replace(r#""session":"#, r#""user_session":"#)
}

#[test]
fn oauth_authenticate() {
    let body = oauth_answer();
    assert!(!body.contains(r#""session":"#));
    for a in both::<oauth::Authenticate>(&body) {
        assert_eq!(a.provider_type, "Google");
        assert_eq!(a.provider_subject, "10769150350006150715113082367");
        assert_eq!(a.oauth_user_registration_id, "oauth-user-test-de86770c");
        let values = &a.provider_values;
        assert_eq!(values.access_token.expose(), "ya29.a0-access");
        assert_eq!(values.refresh_token.expose(), "1//refresh");
        assert_eq!(values.id_token.expose(), "eyJ.id.token");
        assert_eq!(values.scopes, ["openid", "email"]);
        check_session(a.user_session.as_ref().unwrap());
        check_user(&a.user);
        assert!(a.user_device.is_none());
        assert!(!format!("{a:?}").contains("ya29"));
    }
}

#[test]
fn magic_links_send_email() {
    let body = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","email_id":"email-test-81bf03a8-86e1-4d95-bd44-bb3495224953""#
    ));
    for a in both::<magic_links::SendEmail>(&body) {
        assert_eq!(a.user_id, USER_ID);
        assert_eq!(
            a.email_id,
            "email-test-81bf03a8-86e1-4d95-bd44-bb3495224953"
        );
    }
}

#[test]
fn otps_authenticate_with_and_without_a_session() {
    let body = fixtures::login_answer(
        r#""method_id":"phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0""#,
    );
    for a in both::<otps::Authenticate>(&body) {
        assert_eq!(
            a.method_id,
            "phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0"
        );
        check_session(a.session.as_ref().unwrap());
        check_user(&a.user);
        assert!(!a.reset_sessions);
    }
    // Without a session Stytch sends empty strings and a null session.
    let no_session = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","method_id":"m","session_token":"","session_jwt":"","session":null,"user":{USER},"reset_sessions":false"#
    ));
    for a in both::<otps::Authenticate>(&no_session) {
        assert!(a.session.is_none());
        assert_eq!(a.session_token.expose(), "");
    }
}

/// Device history, as Stytch sends it when the project has it turned on.
const USER_DEVICE: &str = r#""user_device":{"visitor_id":"visitor-7f3e","visitor_id_details":{"is_new":false,"first_seen_at":"2024-02-01T09:00:00Z","last_seen_at":"2024-03-01T12:00:00Z"},"ip_address":"203.0.113.1","ip_address_details":{"is_new":true,"first_seen_at":"2024-03-01T12:00:00Z","last_seen_at":"2024-03-01T12:00:00Z"},"ip_geo_city":"Paris","ip_geo_region":"Ile-de-France","ip_geo_country":"FR","ip_geo_country_details":{"is_new":false,"first_seen_at":"2024-02-01T09:00:00Z","last_seen_at":"2024-03-01T12:00:00Z"}}"#;

#[test]
fn magic_links_authenticate() {
    let body = fixtures::login_answer(&format!(
        r#""method_id":"email-test-81bf03a8-86e1-4d95-bd44-bb3495224953",{USER_DEVICE}"#
    ));
    for a in both::<magic_links::Authenticate>(&body) {
        assert_eq!(a.user_id, USER_ID);
        assert_eq!(
            a.method_id,
            "email-test-81bf03a8-86e1-4d95-bd44-bb3495224953"
        );
        assert_eq!(a.session_token.expose(), fixtures::TOKEN);
        assert_eq!(a.session_jwt.expose(), fixtures::JWT);
        check_session(a.session.as_ref().unwrap());
        check_user(&a.user);
        assert!(!a.reset_sessions);
        let device = a.user_device.as_ref().unwrap();
        assert_eq!(device.visitor_id, "visitor-7f3e");
        assert_eq!(device.ip_geo_country.as_deref(), Some("FR"));
        assert!(device.ip_address_details.as_ref().unwrap().is_new);
        assert!(!format!("{a:?}").contains(fixtures::TOKEN));
    }
}

#[test]
fn magic_links_create() {
    let body = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","token":"hdPVZHHX0UoRa7hJTuuPHi1vlddffSnoweRbVFf5-H8g""#
    ));
    for a in both::<magic_links::Create>(&body) {
        assert_eq!(a.user_id, USER_ID);
        assert_eq!(
            a.token.expose(),
            "hdPVZHHX0UoRa7hJTuuPHi1vlddffSnoweRbVFf5-H8g"
        );
        assert!(!format!("{a:?}").contains("hdPVZHHX0"));
    }
}

#[test]
fn magic_links_email_calls() {
    let created = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","email_id":"email-test-81bf03a8","user_created":true"#
    ));
    for a in both::<magic_links::LoginOrCreateEmail>(&created) {
        assert_eq!(
            (a.user_id.as_str(), a.email_id.as_str()),
            (USER_ID, "email-test-81bf03a8")
        );
        assert!(a.user_created);
    }
    let invited = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","email_id":"email-test-81bf03a8""#
    ));
    for a in both::<magic_links::Invite>(&invited) {
        assert_eq!(
            (a.user_id.as_str(), a.email_id.as_str()),
            (USER_ID, "email-test-81bf03a8")
        );
    }
    for a in both::<magic_links::RevokeInvite>(&fixtures::answer("")) {
        assert_eq!(
            a.request_id,
            "request-id-test-b05c992f-ebdc-489d-a754-c7e70ba13141"
        );
        assert_eq!(a.status_code, 200);
    }
}

#[test]
fn otps_send_and_login_or_create_by_phone() {
    let sent = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","phone_id":"phone-number-test-d5a3b680""#
    ));
    let created = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","phone_id":"phone-number-test-d5a3b680","user_created":true"#
    ));
    for a in both::<otps::SendSms>(&sent) {
        assert_eq!(
            (a.user_id.as_str(), a.phone_id.as_str()),
            (USER_ID, "phone-number-test-d5a3b680")
        );
    }
    for a in both::<otps::SendWhatsApp>(&sent) {
        assert_eq!(
            (a.user_id.as_str(), a.phone_id.as_str()),
            (USER_ID, "phone-number-test-d5a3b680")
        );
    }
    for a in both::<otps::LoginOrCreateSms>(&created) {
        assert_eq!(a.phone_id, "phone-number-test-d5a3b680");
        assert!(a.user_created);
    }
    for a in both::<otps::LoginOrCreateWhatsApp>(&created) {
        assert_eq!(a.user_id, USER_ID);
        assert!(a.user_created);
    }
}

#[test]
fn otps_send_and_login_or_create_by_email() {
    let sent = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","email_id":"email-test-81bf03a8""#
    ));
    for a in both::<otps::SendEmail>(&sent) {
        assert_eq!(
            (a.user_id.as_str(), a.email_id.as_str()),
            (USER_ID, "email-test-81bf03a8")
        );
    }
    let existing = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","email_id":"email-test-81bf03a8","user_created":false"#
    ));
    for a in both::<otps::LoginOrCreateEmail>(&existing) {
        assert_eq!(a.email_id, "email-test-81bf03a8");
        assert!(!a.user_created);
    }
}

#[test]
fn passwords_reset_by_session() {
    for a in both::<passwords::ResetBySession>(&fixtures::login_answer(r#""method_id":"x""#)) {
        assert_eq!(a.user_id, USER_ID);
        check_session(a.session.as_ref().unwrap());
        assert_eq!(a.session_jwt.expose(), fixtures::JWT);
    }
}

const EMAIL_ID: &str = "email-test-81bf03a8-86e1-4d95-bd44-bb3495224953";

#[test]
fn passwords_create_and_the_logins() {
    let body = fixtures::login_answer(&format!(r#""email_id":"{EMAIL_ID}""#));
    for a in both::<passwords::Create>(&body) {
        assert_eq!(
            (a.user_id.as_str(), a.email_id.as_str()),
            (USER_ID, EMAIL_ID)
        );
        check_user(&a.user);
        check_session(a.session.as_ref().unwrap());
        assert_eq!(a.session_token.expose(), fixtures::TOKEN);
        assert!(a.user_device.is_none());
    }
    let login = fixtures::login_answer(r#""method_id":"x""#);
    for a in both::<passwords::Authenticate>(&login) {
        check_user(&a.user);
        check_session(a.session.as_ref().unwrap());
        assert_eq!(a.session_jwt.expose(), fixtures::JWT);
    }
    for a in both::<passwords::ResetByEmail>(&login) {
        assert_eq!(a.user_id, USER_ID);
        check_session(a.session.as_ref().unwrap());
    }
    for a in both::<passwords::ResetByExistingPassword>(&login) {
        assert_eq!(a.user_id, USER_ID);
        check_user(&a.user);
    }
    // Without a session: empty credentials and a null session.
    let no_session = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","session_token":"","session_jwt":"","session":null,"user":{USER}"#
    ));
    for a in both::<passwords::Authenticate>(&no_session) {
        assert!(a.session.is_none());
        assert_eq!(a.session_token.expose(), "");
    }
}

#[test]
fn passwords_strength_check() {
    let body = fixtures::answer(
        r#""valid_password":false,"score":1,"breached_password":true,"strength_policy":"zxcvbn","breach_detection_on_create":true,"feedback":{"warning":"This is a very common password.","suggestions":["Add another word or two."],"luds_requirements":{"has_lower_case":true,"has_upper_case":false,"has_digit":true,"has_symbol":false,"missing_complexity":1,"missing_characters":2}}"#,
    );
    for a in both::<passwords::StrengthCheck>(&body) {
        assert!(!a.valid_password && a.breached_password && a.breach_detection_on_create);
        assert_eq!((a.score, a.strength_policy.as_str()), (1, "zxcvbn"));
        let feedback = a.feedback.unwrap();
        assert_eq!(feedback.warning, "This is a very common password.");
        assert_eq!(feedback.suggestions, ["Add another word or two."]);
        let luds = feedback.luds_requirements.unwrap();
        assert!(luds.has_lower_case && luds.has_digit && !luds.has_upper_case && !luds.has_symbol);
        assert_eq!((luds.missing_complexity, luds.missing_characters), (1, 2));
    }
    // The LUDS policy sends no zxcvbn advice.
    let luds_only = fixtures::answer(
        r#""valid_password":true,"score":0,"breached_password":false,"strength_policy":"luds","breach_detection_on_create":false,"feedback":{"warning":null,"suggestions":null,"luds_requirements":{"has_lower_case":true,"has_upper_case":true,"has_digit":true,"has_symbol":true,"missing_complexity":0,"missing_characters":0}}"#,
    );
    for a in both::<passwords::StrengthCheck>(&luds_only) {
        let feedback = a.feedback.unwrap();
        assert!(feedback.warning.is_empty() && feedback.suggestions.is_empty());
        assert_eq!(a.strength_policy, "luds");
    }
}

#[test]
fn passwords_migrate_and_reset_start() {
    let body = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","email_id":"{EMAIL_ID}","user_created":false,"user":{USER}"#
    ));
    for a in both::<passwords::Migrate>(&body) {
        assert!(!a.user_created);
        assert_eq!(a.email_id, EMAIL_ID);
        check_user(&a.user);
    }
    let started = fixtures::answer(&format!(r#""user_id":"{USER_ID}","email_id":"{EMAIL_ID}""#));
    for a in both::<passwords::ResetByEmailStart>(&started) {
        assert_eq!(
            (a.user_id.as_str(), a.email_id.as_str()),
            (USER_ID, EMAIL_ID)
        );
        assert_eq!(a.status_code, 200);
    }
}

#[test]
fn idp_authorize_start() {
    let body = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","user":{USER},"client":{{"client_id":"connected-app-test-1","client_name":"Acme","client_description":"Acme's app","client_type":"third_party","client_logo_url":"https://acme.example/logo.png"}},"consent_required":true,"scope_results":[{{"scope":"openid","description":"Know who you are","is_grantable":true}},{{"scope":"admin","description":"","is_grantable":false}}]"#
    ));
    for a in both::<idp::AuthorizeStart>(&body) {
        check_user(&a.user);
        assert_eq!(a.client.client_name, "Acme");
        assert!(a.consent_required);
        assert_eq!(a.scope_results.len(), 2);
        assert!(a.scope_results[0].is_grantable);
        assert!(!a.scope_results[1].is_grantable);
    }
}

#[test]
fn idp_authorize() {
    let body = fixtures::answer(
        r#""redirect_uri":"https://acme.example/callback?code=code-1&state=xyz","authorization_code":"code-1""#,
    );
    for a in both::<idp::Authorize>(&body) {
        assert_eq!(
            a.redirect_uri.expose(),
            "https://acme.example/callback?code=code-1&state=xyz"
        );
        assert_eq!(a.authorization_code.as_ref().unwrap().expose(), "code-1");
        assert!(!format!("{a:?}").contains("code-1"));
    }
}

#[test]
fn null_lists_and_maps_decode_as_empty() {
    let body = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","emails":null,"phone_numbers":null,"crypto_wallets":null,"user":{{"user_id":"{USER_ID}","status":null,"emails":null,"phone_numbers":null,"webauthn_registrations":null,"providers":null,"totps":null,"crypto_wallets":null,"biometric_registrations":null,"is_locked":null,"roles":null,"trusted_metadata":null,"untrusted_metadata":null,"name":null}}"#
    ));
    for a in both::<users::Update>(&body) {
        assert!(a.emails.is_empty() && a.crypto_wallets.is_empty());
        assert!(a.user.emails.is_empty() && a.user.roles.is_empty());
        assert!(a.user.totps.is_empty() && a.user.biometric_registrations.is_empty());
        assert!(!a.user.is_locked);
        assert!(a.user.trusted_metadata.is_empty());
        assert_eq!(a.user.status, "");
    }
}

#[test]
fn a_factor_kind_added_later_decodes_and_round_trips() {
    let session = fixtures::SESSION
        .replace(r#""type": "otp""#, r#""type": "quantum_link""#)
        .replace(
            r#""delivery_method": "sms""#,
            r#""delivery_method": "carrier_pigeon""#,
        );
    let body = fixtures::answer(&format!(r#""sessions":[{session}]"#));
    for a in both::<sessions::List>(&body) {
        let factor = &a.sessions[0].authentication_factors[0];
        assert_eq!(
            factor.kind,
            AuthenticationFactorType::Other("quantum_link".to_owned())
        );
        assert_eq!(factor.delivery_method, "carrier_pigeon");
        let back = serde_json::to_value(factor).unwrap();
        assert_eq!(back["type"], "quantum_link");
        assert_eq!(back["delivery_method"], "carrier_pigeon");
    }
}

#[test]
fn a_missing_required_field_names_the_field() {
    let raw = RawResponse {
        status: 200,
        retry_after: None,
        body: fixtures::answer(r#""email_id":"e""#).into_bytes(),
    };
    let err =
        decode::<magic_links::SendEmailResponse>(Route::of::<magic_links::SendEmail>(), &raw, 1)
            .unwrap_err();
    assert!(err.to_string().contains("user_id"), "{err}");
}

// WebAuthn and the sessions calls that start a session from elsewhere.

const WEBAUTHN_REGISTRATION_ID: &str =
    "webauthn-registration-test-5c44cc6a-8af7-48d6-8da7-ea821342f5a6";

/// A login answer with a device, as the three sessions calls and the two
/// WebAuthn finishing calls send it.
fn login_with_device(extra: &str) -> String {
    fixtures::login_answer(&format!(
        r#"{extra},"user_device":{{"visitor_id":"visitor-1","visitor_id_details":{{"is_new":false,"first_seen_at":"2024-03-01T12:00:00Z","last_seen_at":"2024-03-01T12:00:00Z"}},"ip_address":"203.0.113.1","ip_address_details":{{"is_new":true}},"ip_geo_city":"Paris","ip_geo_region":"IDF","ip_geo_country":"FR","ip_geo_country_details":{{"is_new":true}}}}"#
    ))
}

fn check_login(user_id: &str, session: Option<&stytch_endpoints::types::Session>) {
    assert_eq!(user_id, USER_ID);
    check_session(session.unwrap());
}

#[test]
fn sessions_migrate_exchange_and_attest() {
    let body = login_with_device(r#""k":1"#);
    for a in both::<sessions::Migrate>(&body) {
        check_login(&a.user_id, a.session.as_ref());
        check_user(&a.user);
        assert_eq!(a.session_token.expose(), fixtures::TOKEN);
        assert_eq!(a.user_device.unwrap().ip_geo_city.as_deref(), Some("Paris"));
    }
    for a in both::<sessions::ExchangeAccessToken>(&body) {
        check_login(&a.user_id, a.session.as_ref());
        assert_eq!(a.session_jwt.expose(), fixtures::JWT);
    }
    for a in both::<sessions::Attest>(&body) {
        check_login(&a.user_id, a.session.as_ref());
        assert!(a.user_device.is_some());
    }
}

#[test]
fn webauthn_starts() {
    let body = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","public_key_credential_creation_options":"{{\"rp\":{{\"id\":\"example.com\"}}}}""#
    ));
    for a in both::<webauthn::RegisterStart>(&body) {
        assert_eq!(a.user_id, USER_ID);
        assert_eq!(
            a.public_key_credential_creation_options,
            r#"{"rp":{"id":"example.com"}}"#
        );
    }
    let body = fixtures::answer(
        r#""user_id":"","public_key_credential_request_options":"{\"rpId\":\"example.com\"}""#,
    );
    for a in both::<webauthn::AuthenticateStart>(&body) {
        assert_eq!(a.user_id, "");
        assert_eq!(
            a.public_key_credential_request_options,
            r#"{"rpId":"example.com"}"#
        );
    }
}

#[test]
fn webauthn_register_and_authenticate() {
    let body = login_with_device(&format!(
        r#""webauthn_registration_id":"{WEBAUTHN_REGISTRATION_ID}""#
    ));
    for a in both::<webauthn::Register>(&body) {
        assert_eq!(a.webauthn_registration_id, WEBAUTHN_REGISTRATION_ID);
        check_login(&a.user_id, a.session.as_ref());
        check_user(&a.user);
        assert!(a.user_device.is_some());
    }
    for a in both::<webauthn::Authenticate>(&body) {
        assert_eq!(a.webauthn_registration_id, WEBAUTHN_REGISTRATION_ID);
        check_login(&a.user_id, a.session.as_ref());
        assert_eq!(a.session_token.expose(), fixtures::TOKEN);
        assert!(!format!("{a:?}").contains(fixtures::TOKEN));
    }
    // Without a session: empty credentials and a null session.
    let no_session = fixtures::answer(&format!(
        r#""user_id":"{USER_ID}","webauthn_registration_id":"{WEBAUTHN_REGISTRATION_ID}","session_token":"","session_jwt":"","session":null,"user":{USER}"#
    ));
    for a in both::<webauthn::Register>(&no_session) {
        assert!(a.session.is_none() && a.user_device.is_none());
        assert_eq!(a.session_jwt.expose(), "");
    }
}

#[test]
fn webauthn_update_and_list_credentials() {
    let body = fixtures::answer(&format!(
        r#""webauthn_registration":{{"webauthn_registration_id":"{WEBAUTHN_REGISTRATION_ID}","domain":"example.com","user_agent":"Firefox/128","verified":true,"authenticator_type":"platform","name":"Work laptop"}}"#
    ));
    for a in both::<webauthn::Update>(&body) {
        let r = a.webauthn_registration.unwrap();
        assert_eq!(r.webauthn_registration_id, WEBAUTHN_REGISTRATION_ID);
        assert_eq!(
            (r.domain.as_str(), r.user_agent.as_str(), r.name.as_str()),
            ("example.com", "Firefox/128", "Work laptop")
        );
        assert!(r.verified);
        assert_eq!(r.authenticator_type, "platform");
    }
    let body = fixtures::answer(&format!(
        r#""credentials":[{{"credential_id":"q80","webauthn_registration_id":"{WEBAUTHN_REGISTRATION_ID}","type":"public-key","public_key":"pQECAyYgASFYIA"}}]"#
    ));
    for a in both::<webauthn::ListCredentials>(&body) {
        let c = &a.credentials[0];
        assert_eq!(c.credential_id, "q80");
        assert_eq!(c.webauthn_registration_id, WEBAUTHN_REGISTRATION_ID);
        assert_eq!(c.kind, "public-key");
        assert_eq!(c.public_key, "pQECAyYgASFYIA");
    }
}

/// A complete M2M client as Stytch sends it (every field of the model), with
/// `extra` spliced in after the id.
fn m2m_client(extra: &str) -> String {
    format!(
        r#"{{"client_id":"m2m-client-test-d731954d",{extra}"client_name":"billing","client_description":"sends invoices","status":"active","scopes":["read:users","write:users"],"client_secret_last_four":"DzJj","trusted_metadata":{{"team":"billing","seats":3}},"next_client_secret_last_four":"9876"}}"#
    )
}

fn check_m2m_client(c: &m2m::M2mClient) {
    assert_eq!(c.client_id, "m2m-client-test-d731954d");
    assert_eq!(
        (c.client_name.as_str(), c.client_description.as_str()),
        ("billing", "sends invoices")
    );
    assert_eq!(c.status, m2m::ClientStatus::Active);
    assert_eq!(c.scopes, ["read:users", "write:users"]);
    assert_eq!(c.client_secret_last_four, "DzJj");
    assert_eq!(c.trusted_metadata.as_ref().unwrap()["seats"], 3);
    assert_eq!(c.next_client_secret_last_four.as_deref(), Some("9876"));
}

#[test]
fn m2m_token() {
    let body = fixtures::answer(
        r#""access_token":"eyJhbGciOiJSUzI1NiJ9.e30.c2ln","token_type":"bearer","expires_in":3600"#,
    );
    for a in both::<m2m::Token>(&body) {
        assert_eq!(a.access_token.expose(), "eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
        assert_eq!(a.token_type, "bearer");
        assert_eq!(a.expires_in, 3600);
        assert!(!format!("{a:?}").contains("c2ln"));
    }
}

#[test]
fn m2m_get_update_and_rotation_answers() {
    let body = fixtures::answer(&format!(r#""m2m_client":{}"#, m2m_client("")));
    for a in both::<m2m::GetClient>(&body) {
        check_m2m_client(&a.m2m_client);
    }
    for a in both::<m2m::UpdateClient>(&body) {
        check_m2m_client(&a.m2m_client);
    }
    for a in both::<m2m::RotateSecretCancel>(&body) {
        check_m2m_client(&a.m2m_client);
    }
    for a in both::<m2m::RotateSecret>(&body) {
        check_m2m_client(&a.m2m_client);
    }
}

#[test]
fn m2m_an_inactive_client_without_optional_fields() {
    let body = fixtures::answer(
        r#""m2m_client":{"client_id":"m2m-client-test-1","client_name":"","client_description":"","status":"inactive","scopes":null,"client_secret_last_four":"abcd","trusted_metadata":null,"next_client_secret_last_four":null}"#,
    );
    for a in both::<m2m::GetClient>(&body) {
        let c = a.m2m_client;
        assert_eq!(c.status, m2m::ClientStatus::Inactive);
        assert!(c.scopes.is_empty());
        assert_eq!(c.trusted_metadata, None);
        assert_eq!(c.next_client_secret_last_four, None);
    }
}

#[test]
fn m2m_create_client_holds_the_secret() {
    let body = fixtures::answer(&format!(
        r#""m2m_client":{}"#,
        m2m_client(r#""client_secret":"NHQhc7ZqsXJVtgmN2MXr1etqsQrGAwJ-iBWNLKY7DzJj","#)
    ));
    for a in both::<m2m::CreateClient>(&body) {
        let c = &a.m2m_client;
        assert_eq!(
            c.client_secret.expose(),
            "NHQhc7ZqsXJVtgmN2MXr1etqsQrGAwJ-iBWNLKY7DzJj"
        );
        assert_eq!(c.client_id, "m2m-client-test-d731954d");
        assert_eq!(c.scopes, ["read:users", "write:users"]);
        assert_eq!(c.client_secret_last_four, "DzJj");
        assert_eq!(c.trusted_metadata.as_ref().unwrap()["team"], "billing");
        assert_eq!(c.next_client_secret_last_four.as_deref(), Some("9876"));
        assert!(!format!("{a:?}").contains("NHQhc7Zq"));
    }
}

#[test]
fn m2m_rotate_start_holds_the_next_secret() {
    let body = fixtures::answer(&format!(
        r#""m2m_client":{}"#,
        m2m_client(r#""next_client_secret":"next-secret-9876","#)
    ));
    for a in both::<m2m::RotateSecretStart>(&body) {
        let c = &a.m2m_client;
        assert_eq!(c.next_client_secret.expose(), "next-secret-9876");
        assert_eq!(c.status, m2m::ClientStatus::Active);
        assert_eq!(c.client_name, "billing");
        assert_eq!(c.next_client_secret_last_four.as_deref(), Some("9876"));
        assert!(!format!("{a:?}").contains("next-secret-9876"));
    }
}

#[test]
fn m2m_search_and_delete() {
    let body = fixtures::answer(&format!(
        r#""m2m_clients":[{0},{0}],"results_metadata":{{"total":12,"next_cursor":"cursor-2"}}"#,
        m2m_client("")
    ));
    for a in both::<m2m::SearchClients>(&body) {
        assert_eq!(a.m2m_clients.len(), 2);
        check_m2m_client(&a.m2m_clients[1]);
        assert_eq!(a.results_metadata.total, 12);
        assert_eq!(a.results_metadata.next_cursor.as_deref(), Some("cursor-2"));
    }
    let last =
        fixtures::answer(r#""m2m_clients":[],"results_metadata":{"total":0,"next_cursor":null}"#);
    for a in both::<m2m::SearchClients>(&last) {
        assert!(a.m2m_clients.is_empty());
        assert_eq!(a.results_metadata.next_cursor, None);
    }
    let deleted = fixtures::answer(r#""client_id":"m2m-client-test-d731954d""#);
    for a in both::<m2m::DeleteClient>(&deleted) {
        assert_eq!(a.client_id, "m2m-client-test-d731954d");
    }
}

#[test]
fn idp_introspect_token() {
    let body = fixtures::answer(
        r#""active":true,"sub":"m2m-client-test-d731954d","scope":"read:users write:users","aud":["project-test-1"],"exp":1738848103,"iat":1738844503,"iss":"stytch.com/project-test-1","nbf":1738844503,"token_type":"access_token""#,
    );
    for a in both::<idp::IntrospectToken>(&body) {
        assert!(a.active);
        assert_eq!(a.sub.as_deref(), Some("m2m-client-test-d731954d"));
        assert_eq!(a.scope.as_deref(), Some("read:users write:users"));
        assert_eq!(a.aud.as_deref(), Some(&["project-test-1".to_owned()][..]));
        assert_eq!(
            (a.exp, a.iat, a.nbf),
            (Some(1738848103), Some(1738844503), Some(1738844503))
        );
        assert_eq!(a.iss.as_deref(), Some("stytch.com/project-test-1"));
        assert_eq!(a.token_type.as_deref(), Some("access_token"));
    }
    // An inactive token: only `active`.
    for a in both::<idp::IntrospectToken>(&fixtures::answer(r#""active":false"#)) {
        assert!(!a.active);
        assert_eq!((a.sub, a.scope, a.exp), (None, None, None));
    }
}

/// The fraud host's calls, crypto wallets, impersonation, the project's
/// calls and the last user deletes: complete answers with every field of
/// the spec's model.
mod fraud_and_more {
    use super::*;
    use stytch_endpoints::fraud::{Action, RuleAction, RuleType};
    use stytch_endpoints::project::MetricType;
    use stytch_endpoints::{crypto_wallets, debug, fraud, impersonation, project, rbac};

    #[test]
    fn fraud_fingerprint_lookup() {
        let body = fixtures::answer(
            r#""telemetry_id":"026ac93b-8cdf-4fcb-bfa6-36a31cfecac1",
            "fingerprints":{"network_fingerprint":"network-fingerprint-b5060259","hardware_fingerprint":"hardware-fingerprint-4af7a05d","browser_fingerprint":"browser-fingerprint-0b535ab5","visitor_fingerprint":"visitor-fingerprint-6ecf5792","visitor_id":"visitor-6139cbcc","browser_id":"browser-id-99cffb93"},
            "verdict":{"action":"CHALLENGE","reasons":["VIRTUAL_MACHINE","SMART_RATE_LIMIT_WARNING"],"detected_device_type":"WINDOWS_X86_64","is_authentic_device":true,"verdict_reason_overrides":[{"verdict_reason":"VIRTUAL_MACHINE","override_action":"ALLOW"}],"rule_match_type":null,"rule_match_identifier":null},
            "external_metadata":{"external_id":"crm-42","organization_id":"organization-test-1","user_action":"login"},
            "created_at":"2024-03-01T12:00:00Z","expires_at":"2024-03-01T13:00:00Z",
            "properties":{"network_properties":{"ip_address":"203.0.113.7","asn":{"asn":"64500","name":"EXAMPLE-NET","network":"203.0.113.0/24"},"ip_geolocation":{"city":"Lisbon","region":"Lisbon","country":"PT"},"is_proxy":false,"is_vpn":true},"browser_properties":{"user_agent":"Mozilla/5.0"}},
            "raw_signals":{"canvas":"abc"}"#,
        );
        for a in both::<fraud::fingerprint::Lookup>(&body) {
            assert_eq!(
                a.fingerprints.browser_id.as_deref(),
                Some("browser-id-99cffb93")
            );
            assert_eq!(
                a.fingerprints.network_fingerprint,
                "network-fingerprint-b5060259"
            );
            let v = &a.verdict;
            assert_eq!(v.action, Action::Challenge);
            assert_eq!(v.reasons, ["VIRTUAL_MACHINE", "SMART_RATE_LIMIT_WARNING"]);
            assert_eq!(v.detected_device_type, "WINDOWS_X86_64");
            assert_eq!(v.verdict_reason_overrides[0].override_action, Action::Allow);
            assert_eq!(v.rule_match_type, None);
            assert_eq!(
                a.external_metadata.organization_id.as_deref(),
                Some("organization-test-1")
            );
            let network = &a.properties.as_ref().unwrap().network_properties;
            assert_eq!(network.asn.network, "203.0.113.0/24");
            assert_eq!(network.ip_geolocation.country, "PT");
            assert!(network.is_vpn && !network.is_proxy);
            assert_eq!(a.raw_signals.as_ref().unwrap()["canvas"], "abc");
            assert_eq!(a.expires_at, "2024-03-01T13:00:00Z");
        }
    }

    #[test]
    fn fraud_rules_set() {
        let body = fixtures::answer(
            r#""action":"CHALLENGE","visitor_id":null,"browser_id":null,"visitor_fingerprint":null,"browser_fingerprint":null,"hardware_fingerprint":null,"network_fingerprint":null,"expires_at":null,"cidr_block":null,"country_code":null,"asn":"64500""#,
        );
        for a in both::<fraud::rules::Set>(&body) {
            assert_eq!(a.action, RuleAction::Challenge);
            assert_eq!(a.asn.as_deref(), Some("64500"));
            assert!(a.visitor_id.is_none() && a.expires_at.is_none());
        }
    }

    #[test]
    fn fraud_rules_list_and_its_last_page() {
        let rule = r#"{"rule_type":"HARDWARE_FINGERPRINT","action":"BLOCK","created_at":"2024-03-01T12:00:00Z","visitor_id":null,"browser_id":null,"visitor_fingerprint":null,"browser_fingerprint":null,"hardware_fingerprint":"hardware-fingerprint-4af7a05d","network_fingerprint":null,"cidr_block":null,"country_code":null,"asn":null,"description":"emulator farm","expires_at":"2024-03-02T12:00:00Z","last_updated_at":"2024-03-01T12:30:00Z"}"#;
        let body = fixtures::answer(&format!(r#""next_cursor":"c-2","rules":[{rule}]"#));
        for a in both::<fraud::rules::List>(&body) {
            let r = &a.rules[0];
            assert_eq!(r.rule_type, RuleType::HardwareFingerprint);
            assert_eq!(r.action, RuleAction::Block);
            assert_eq!(
                r.hardware_fingerprint.as_deref(),
                Some("hardware-fingerprint-4af7a05d")
            );
            assert_eq!(r.last_updated_at.as_deref(), Some("2024-03-01T12:30:00Z"));
            use stytch_endpoints::Page;
            let (rules, next) = a.clone().into_page();
            assert_eq!((rules.len(), next.as_deref()), (1, Some("c-2")));
        }
        // The last page: an empty (or null) cursor is no next page.
        for last in [
            r#""next_cursor":"","rules":[]"#,
            r#""next_cursor":null,"rules":null"#,
        ] {
            for a in both::<fraud::rules::List>(&fixtures::answer(last)) {
                use stytch_endpoints::Page;
                let (rules, next) = a.into_page();
                assert!(rules.is_empty());
                assert_eq!(next, None);
            }
        }
    }

    #[test]
    fn fraud_verdict_reasons() {
        let action = r#"{"verdict_reason":"VIRTUAL_MACHINE","default_action":"CHALLENGE","override_action":"ALLOW","override_created_at":"2024-03-01T12:00:00Z","override_description":"VDI users"}"#;
        let body = fixtures::answer(&format!(r#""verdict_reason_action":{action}"#));
        for a in both::<fraud::verdict_reasons::Override>(&body) {
            let v = &a.verdict_reason_action;
            assert_eq!(v.default_action, Action::Challenge);
            assert_eq!(v.override_action, Some(Action::Allow));
            assert_eq!(v.override_description.as_deref(), Some("VDI users"));
        }
        let body = fixtures::answer(&format!(r#""verdict_reason_actions":[{action}]"#));
        for a in both::<fraud::verdict_reasons::List>(&body) {
            assert_eq!(
                a.verdict_reason_actions[0].override_created_at.as_deref(),
                Some("2024-03-01T12:00:00Z")
            );
        }
    }

    #[test]
    fn fraud_email_risk() {
        let body = fixtures::answer(
            r#""address_information":{"has_known_bounces":true,"has_valid_syntax":true,"is_suspected_role_address":true,"normalized_email":"support@example.com","tumbling_character_count":2},"domain_information":{"has_mx_or_a_record":true,"is_disposable_domain":false},"action":"CHALLENGE","risk_score":55"#,
        );
        for a in both::<fraud::email::Risk>(&body) {
            let info = &a.address_information;
            assert!(info.has_known_bounces && info.is_suspected_role_address);
            assert_eq!(info.tumbling_character_count, 2);
            assert!(a.domain_information.has_mx_or_a_record);
            assert_eq!((a.action.clone(), a.risk_score), (Action::Challenge, 55));
        }
    }

    #[test]
    fn crypto_wallets_authenticate_start() {
        let body = fixtures::answer(&format!(
            r#""user_id":"{USER_ID}","challenge":"Signing in with Project: 7_EPetPqfdEiDCJtgad6","user_created":true"#
        ));
        for a in both::<crypto_wallets::AuthenticateStart>(&body) {
            assert!(a.user_created);
            assert_eq!(a.challenge, "Signing in with Project: 7_EPetPqfdEiDCJtgad6");
        }
    }

    #[test]
    fn crypto_wallets_authenticate() {
        let body = fixtures::login_answer(
            r#""siwe_params":{"status_code":200,"request_id":"request-id-test-siwe","domain":"app.example.com","uri":"https://app.example.com/login","chain_id":"137","resources":["https://app.example.com/terms"],"issued_at":"2024-03-01T12:00:00Z","message_request_id":"login-7"},"user_device":null"#,
        );
        for a in both::<crypto_wallets::Authenticate>(&body) {
            check_user(&a.user);
            check_session(a.session.as_ref().unwrap());
            let siwe = a.siwe_params.as_ref().unwrap();
            assert_eq!((siwe.chain_id.as_str(), siwe.status_code), ("137", 200));
            assert_eq!(siwe.request_id, "request-id-test-siwe");
            assert_eq!(siwe.message_request_id.as_deref(), Some("login-7"));
            assert!(a.user_device.is_none());
            assert!(!format!("{a:?}").contains(fixtures::TOKEN));
        }
    }

    #[test]
    fn debug_whoami() {
        let body = fixtures::answer(r#""project_id":"project-test-1","name":"Acme""#);
        for a in both::<debug::Whoami>(&body) {
            assert_eq!(
                (a.project_id.as_str(), a.name.as_str()),
                ("project-test-1", "Acme")
            );
        }
    }

    #[test]
    fn impersonation_authenticate() {
        for a in both::<impersonation::Authenticate>(&fixtures::login_answer(r#""x":1"#)) {
            check_user(&a.user);
            check_session(a.session.as_ref().unwrap());
            assert_eq!(a.session_jwt.expose(), fixtures::JWT);
        }
    }

    #[test]
    fn project_metrics() {
        let body = fixtures::answer(
            r#""project_id":"project-test-1","metrics":[{"metric_type":"USER_COUNT","count":3},{"metric_type":"M2M_CLIENT_COUNT","count":1},{"metric_type":"SEAT_COUNT","count":9}]"#,
        );
        for a in both::<project::Metrics>(&body) {
            assert_eq!(a.count(&MetricType::UserCount), Some(3));
            assert_eq!(a.count(&MetricType::M2mClientCount), Some(1));
            // A kind added later decodes and keeps its name.
            assert_eq!(a.metrics[2].metric_type, "SEAT_COUNT");
        }
    }

    #[test]
    fn rbac_policy_with_and_without_one() {
        let body = fixtures::answer(
            r#""policy":{"roles":[{"role_id":"stytch_user","description":"Everyone","permissions":[{"resource_id":"documents","actions":["read"]}]}],"resources":[{"resource_id":"documents","description":"Docs","actions":["read","write"]}],"scopes":[{"scope":"read:documents","description":"Read docs","permissions":[{"resource_id":"documents","actions":["read"]}]}]}"#,
        );
        for a in both::<rbac::Policy>(&body) {
            let p = a.policy.as_ref().unwrap();
            assert_eq!(p.roles[0].role_id, "stytch_user");
            assert_eq!(p.resources[0].actions, ["read", "write"]);
            assert_eq!(p.scopes[0].permissions[0].resource_id, "documents");
        }
        for a in both::<rbac::Policy>(&fixtures::answer(r#""policy":null"#)) {
            assert!(a.policy.is_none());
        }
    }

    #[test]
    fn users_delete_wallet_oauth_and_external_id() {
        let body = fixtures::user_answer();
        for a in both::<users::DeleteCryptoWallet>(&body) {
            check_user(&a.user);
        }
        for a in both::<users::DeleteOAuthRegistration>(&body) {
            check_user(&a.user);
        }
        for a in both::<users::DeleteExternalId>(&body) {
            assert_eq!(a.user_id, USER_ID);
            check_user(&a.user);
        }
    }
}

/// Connected apps and a user's connected apps: complete answers, every
/// field of the spec's models.
mod connected_apps {
    use super::*;
    use stytch_endpoints::connected_apps::{self as apps, ClientType};

    /// Every field of the spec's `ConnectedApp`, optional ones included.
    const APP: &str = r#"{"client_id":"connected-app-test-1","client_name":"Acme Notes","client_description":"Notes","status":"active","full_access_allowed":true,"client_type":"first_party","redirect_urls":["https://notes.acme.example/cb"],"access_token_expiry_minutes":45,"access_token_template_content":"{\"a\":1}","post_logout_redirect_urls":["https://notes.acme.example/bye"],"bypass_consent_for_offline_access":true,"creation_method":"api","id_token_template_content":"{}","client_secret_last_four":"Wx1z","next_client_secret_last_four":"Ab12","access_token_custom_audience":"https://api.acme.example","logo_url":"https://notes.acme.example/logo.png","client_id_metadata_url":"https://notes.acme.example/client.json"}"#;

    fn check_app(a: &apps::ConnectedApp) {
        assert_eq!(a.client_id, "connected-app-test-1");
        assert_eq!(a.client_name, "Acme Notes");
        assert_eq!(a.client_description, "Notes");
        assert_eq!(a.status, "active");
        assert!(a.full_access_allowed && a.bypass_consent_for_offline_access);
        assert_eq!(a.client_type, ClientType::FirstParty);
        assert_eq!(a.redirect_urls, ["https://notes.acme.example/cb"]);
        assert_eq!(a.access_token_expiry_minutes, 45);
        assert_eq!(a.access_token_template_content, r#"{"a":1}"#);
        assert_eq!(
            a.post_logout_redirect_urls,
            ["https://notes.acme.example/bye"]
        );
        assert_eq!(a.creation_method, "api");
        assert_eq!(a.id_token_template_content, "{}");
        assert_eq!(a.client_secret_last_four.as_deref(), Some("Wx1z"));
        assert_eq!(a.next_client_secret_last_four.as_deref(), Some("Ab12"));
        assert_eq!(
            a.access_token_custom_audience.as_deref(),
            Some("https://api.acme.example")
        );
        assert_eq!(
            a.logo_url.as_deref(),
            Some("https://notes.acme.example/logo.png")
        );
        assert_eq!(
            a.client_id_metadata_url.as_deref(),
            Some("https://notes.acme.example/client.json")
        );
    }

    #[test]
    fn get_update_and_rotations_decode_the_whole_app() {
        let body = fixtures::answer(&format!(r#""connected_app":{APP}"#));
        for a in both::<apps::GetClient>(&body) {
            check_app(&a.connected_app);
        }
        for a in both::<apps::UpdateClient>(&body) {
            check_app(&a.connected_app);
        }
        for a in both::<apps::RotateSecretCancel>(&body) {
            check_app(&a.connected_app);
        }
        for a in both::<apps::RotateSecret>(&body) {
            check_app(&a.connected_app);
        }
    }

    #[test]
    fn search() {
        let body = fixtures::answer(&format!(
            r#""connected_apps":[{APP},{APP}],"results_metadata":{{"total":12,"next_cursor":"cursor-2"}}"#
        ));
        for a in both::<apps::SearchClients>(&body) {
            assert_eq!(a.connected_apps.len(), 2);
            check_app(&a.connected_apps[1]);
            assert_eq!(a.results_metadata.total, 12);
            assert_eq!(a.results_metadata.next_cursor.as_deref(), Some("cursor-2"));
        }
    }

    #[test]
    fn delete() {
        let body = fixtures::answer(r#""client_id":"connected-app-test-1""#);
        for a in both::<apps::DeleteClient>(&body) {
            assert_eq!(a.client_id, "connected-app-test-1");
            assert_eq!(a.status_code, 200);
        }
    }

    #[test]
    fn create_has_the_secret_once() {
        let with_secret = APP.replace(
            r#""creation_method":"api","#,
            r#""client_secret":"s3cr3t-Wx1z","#,
        );
        let body = fixtures::answer(&format!(r#""connected_app":{with_secret}"#));
        for a in both::<apps::CreateClient>(&body) {
            let app = &a.connected_app;
            assert_eq!(app.client_id, "connected-app-test-1");
            assert_eq!(app.client_type, ClientType::FirstParty);
            assert_eq!(app.client_secret.as_ref().unwrap().expose(), "s3cr3t-Wx1z");
            assert_eq!(app.client_secret_last_four.as_deref(), Some("Wx1z"));
            assert_eq!(app.access_token_expiry_minutes, 45);
            assert_eq!(
                app.client_id_metadata_url.as_deref(),
                Some("https://notes.acme.example/client.json")
            );
            assert!(!format!("{a:?}").contains("s3cr3t"));
        }
    }

    #[test]
    fn start_secret_rotation_has_the_next_secret() {
        let with_next = APP.replace(
            r#""creation_method":"api","#,
            r#""next_client_secret":"n3xt-Ab12","#,
        );
        let body = fixtures::answer(&format!(r#""connected_app":{with_next}"#));
        for a in both::<apps::RotateSecretStart>(&body) {
            let app = &a.connected_app;
            assert_eq!(app.next_client_secret.expose(), "n3xt-Ab12");
            assert_eq!(app.client_secret_last_four, "Wx1z");
            assert_eq!(app.next_client_secret_last_four.as_deref(), Some("Ab12"));
            assert_eq!(app.redirect_urls, ["https://notes.acme.example/cb"]);
            assert!(!format!("{a:?}").contains("n3xt"));
        }
    }

    #[test]
    fn a_client_type_added_later_decodes() {
        let body = fixtures::answer(&format!(
            r#""connected_app":{}"#,
            APP.replace(r#""first_party""#, r#""fourth_party""#)
        ));
        for a in both::<apps::GetClient>(&body) {
            assert_eq!(
                a.connected_app.client_type,
                ClientType::Other("fourth_party".to_owned())
            );
        }
    }

    #[test]
    fn users_connected_apps() {
        let body = fixtures::answer(
            r#""connected_apps":[{"connected_app_id":"connected-app-test-1","name":"Acme Notes","description":"Notes","client_type":"third_party_public","scopes_granted":"openid email offline_access","logo_url":"https://notes.acme.example/logo.png"}]"#,
        );
        for a in both::<users::ConnectedApps>(&body) {
            let app = &a.connected_apps[0];
            assert_eq!(app.connected_app_id, "connected-app-test-1");
            assert_eq!(app.name, "Acme Notes");
            assert_eq!(app.description, "Notes");
            assert_eq!(app.client_type, ClientType::ThirdPartyPublic);
            assert_eq!(app.scopes_granted, "openid email offline_access");
            assert_eq!(
                app.logo_url.as_deref(),
                Some("https://notes.acme.example/logo.png")
            );
        }
    }

    #[test]
    fn users_revoke_connected_app() {
        let body = r#"{"request_id":"request-id-test-revoke-2","status_code":200}"#;
        for a in both::<users::RevokeConnectedApp>(body) {
            assert_eq!(a.request_id, "request-id-test-revoke-2");
            assert_eq!(a.status_code, 200);
        }
    }
}
