//! Realistic answer bodies, shaped like the examples in Stytch's API
//! reference (ids and values are made up). Shared by the wire and decode
//! tests.

/// A user object as Stytch sends it, with empty lists of authenticators and
/// `null` optional fields.
pub const USER: &str = r#"{
  "user_id": "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6",
  "status": "active",
  "name": {"first_name": "Ada", "middle_name": "", "last_name": "Lovelace"},
  "emails": [{"email_id": "email-test-81bf03a8-86e1-4d95-bd44-bb3495224953", "email": "ada@example.com", "verified": true}],
  "phone_numbers": [{"phone_id": "phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0", "phone_number": "+12025550162", "verified": false}],
  "providers": [], "webauthn_registrations": [], "totps": [], "crypto_wallets": [], "biometric_registrations": [],
  "password": {"password_id": "password-test-a8ee5ba3-1d36-46b4-8a46-0d5e8a0d2f8a", "requires_reset": false},
  "trusted_metadata": {"plan": "pro", "seats": 3},
  "untrusted_metadata": {},
  "external_id": null,
  "roles": ["stytch_user"],
  "created_at": "2024-03-01T12:00:00Z",
  "is_locked": false, "lock_created_at": null, "lock_expires_at": null
}"#;

/// A session object, with the device's attributes and the details of its
/// one factor.
pub const SESSION: &str = r#"{
  "session_id": "session-test-fe6c042b-6286-479f-8a4f-b046a6c46509",
  "user_id": "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6",
  "started_at": "2024-03-01T12:00:00Z",
  "last_accessed_at": "2024-03-01T12:05:00Z",
  "expires_at": "2024-03-01T13:00:00Z",
  "attributes": {"ip_address": "203.0.113.1", "user_agent": "Mozilla/5.0"},
  "authentication_factors": [{"type": "otp", "delivery_method": "sms", "last_authenticated_at": "2024-03-01T12:00:00Z",
    "phone_number_factor": {"phone_id": "phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0", "phone_number": "+12025550162"}}],
  "custom_claims": {"team": "blue"}
}"#;

/// The JWT of [`SESSION`].
pub const JWT: &str =
    "eyJhbGciOiJSUzI1NiIsImtpZCI6Imp3ay10ZXN0LTEifQ.eyJzdWIiOiJ1c2VyLXRlc3QtMSJ9.c2lnbmF0dXJl";
/// The token of [`SESSION`].
pub const TOKEN: &str = "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q";

/// `{"request_id": ..., <fields>, "status_code": 200}`.
pub fn answer(fields: &str) -> String {
    if fields.is_empty() {
        return r#"{"request_id":"request-id-test-b05c992f-ebdc-489d-a754-c7e70ba13141","status_code":200}"#.to_owned();
    }
    format!(
        r#"{{"request_id":"request-id-test-b05c992f-ebdc-489d-a754-c7e70ba13141",{fields},"status_code":200}}"#
    )
}

/// A session answer: session, token, JWT and user.
pub fn session_answer() -> String {
    answer(&format!(
        r#""session":{SESSION},"session_token":"{TOKEN}","session_jwt":"{JWT}","user":{USER}"#
    ))
}

/// An answer about one user: `user_id` and `user`.
pub fn user_answer() -> String {
    answer(&format!(
        r#""user_id":"user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6","user":{USER}"#
    ))
}

/// A login answer (OTP, OAuth, password reset) with a session.
pub fn login_answer(extra: &str) -> String {
    answer(&format!(
        r#"{extra},"user_id":"user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6","session":{SESSION},"session_token":"{TOKEN}","session_jwt":"{JWT}","user":{USER},"reset_sessions":false"#
    ))
}

/// Adds a field this crate does not know to every JSON object in `body`,
/// nested ones included: decoding must not care.
pub fn with_unknown_fields(body: &str) -> String {
    fn add(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for v in map.values_mut() {
                    add(v);
                }
                map.insert(
                    "field_added_next_year".to_owned(),
                    serde_json::json!({"nested": [1, "two", null]}),
                );
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(add),
            _ => {}
        }
    }
    let mut value: serde_json::Value = serde_json::from_str(body).expect("fixture is JSON");
    add(&mut value);
    value.to_string()
}
