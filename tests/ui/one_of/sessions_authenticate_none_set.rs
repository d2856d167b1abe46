// `sessions::Authenticate` needs exactly one of session_token, session_jwt; none is set.
use stytch_endpoints::{Client, sessions};

fn main() {
    let client = Client::new("project-test-x", "secret");
    let _ = sessions::Authenticate::builder().session_duration_minutes(5u32)
        .send(&client);
}
