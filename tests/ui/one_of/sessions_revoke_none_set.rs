// `sessions::Revoke` needs exactly one of session_id, session_token, session_jwt; none is set.
use stytch_endpoints::{Client, sessions};

fn main() {
    let client = Client::new("project-test-x", "secret");
    let _ = sessions::Revoke::builder()
        .send(&client);
}
