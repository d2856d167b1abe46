// `sessions::Revoke` takes one of session_id, session_token, session_jwt; two is an error.
use stytch_endpoints::sessions;

fn main() {
    let _ = sessions::Revoke::builder()
        .session_id("session-test-1")
        .session_token("tok");
}
