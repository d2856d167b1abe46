// `sessions::Attest` takes at most one of session_token, session_jwt; both is an error.
use stytch_endpoints::sessions;

fn main() {
    let _ = sessions::Attest::builder()
        .profile_id("trusted-auth-token-profile-test-1")
        .token("trusted-token")
        .session_jwt("eyJ...")
        .session_token("tok");
}
