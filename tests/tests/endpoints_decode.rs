//! Each response type decodes a realistic answer, and the same answer with a
//! field it does not know added to every object (Stytch adds fields over
//! time; decoding must not break).

use stytch_endpoints::runtime::response::{RawResponse, decode};
use stytch_endpoints::types::{AuthenticationFactorDeliveryMethod, AuthenticationFactorType};
use stytch_endpoints::{
    Endpoint, Route, idp, magic_links, oauth, otps, passwords, sessions, users,
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

#[test]
fn passwords_reset_by_session() {
    for a in both::<passwords::ResetBySession>(&fixtures::login_answer(r#""method_id":"x""#)) {
        assert_eq!(a.user_id, USER_ID);
        check_session(a.session.as_ref().unwrap());
        assert_eq!(a.session_jwt.expose(), fixtures::JWT);
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
