// `idp::Authorize` needs exactly one of user_id, session_token, session_jwt; none is set.
use stytch_endpoints::{Client, idp};

fn main() {
    let client = Client::new("project-test-x", "secret");
    let _ = idp::Authorize::builder()
        .consent_granted(true)
        .scopes(vec!["openid".to_owned()])
        .client_id("c")
        .redirect_uri("https://a.example/cb")
        .response_type("code")
        .send(&client);
}
