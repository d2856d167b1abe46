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
