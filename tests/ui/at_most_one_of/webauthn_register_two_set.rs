// `webauthn::Register` takes at most one of session_token, session_jwt; both is an error.
use stytch_endpoints::webauthn;

fn main() {
    let _ = webauthn::Register::builder()
        .user_id("user-test-1")
        .public_key_credential("{}")
        .session_token("tok")
        .session_jwt("eyJ...");
}
