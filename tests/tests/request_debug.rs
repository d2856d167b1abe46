//! `Debug` of a call shows its ids but never its secrets: OTP codes,
//! passwords, tokens, JWTs, PKCE verifiers.

use stytch_endpoints::{oauth, otps, passwords, sessions};

#[test]
fn debug_of_a_call_hides_every_secret() {
    let shown = [
        format!(
            "{:?}",
            otps::Authenticate::builder()
                .method_id("phone-number-test-1")
                .code("918273")
                .session_jwt("eyJsecret.jwt.value")
                .build()
        ),
        format!(
            "{:?}",
            passwords::ResetBySession::builder()
                .password("hunter2hunter2")
                .session_token("secret-session-token")
                .build()
        ),
        format!(
            "{:?}",
            oauth::Authenticate::builder()
                .token("oauth-secret-token")
                .code_verifier("pkce-secret-verifier")
                .build()
        ),
        format!(
            "{:?}",
            sessions::Revoke::builder()
                .session_token("secret-session-token")
                .build()
        ),
    ];
    for text in &shown {
        for secret in [
            "918273",
            "eyJsecret",
            "hunter2",
            "secret-session-token",
            "oauth-secret-token",
            "pkce-secret-verifier",
        ] {
            assert!(!text.contains(secret), "{text}");
        }
    }
    assert!(shown[0].contains("phone-number-test-1"), "{}", shown[0]);
}
