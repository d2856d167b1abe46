// `otps::SendEmail` takes at most one of user_id, session_token, session_jwt; two is an error.
use stytch_endpoints::otps;

fn main() {
    let _ = otps::SendEmail::builder()
        .email("ada@example.com")
        .user_id("user-test-1")
        .session_jwt("jwt");
}
