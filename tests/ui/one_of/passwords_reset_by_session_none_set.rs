// `passwords::ResetBySession` needs exactly one of session_token, session_jwt; none is set.
use stytch_endpoints::{Client, passwords};

fn main() {
    let client = Client::new("project-test-x", "secret");
    let _ = passwords::ResetBySession::builder().password("correct horse battery")
        .send(&client);
}
