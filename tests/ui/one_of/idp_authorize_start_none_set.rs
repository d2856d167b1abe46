// `idp::AuthorizeStart` needs exactly one of user_id, session_token, session_jwt; none is set.
use stytch_endpoints::{Client, idp};

fn main() {
    let client = Client::new("project-test-x", "secret");
    let _ = idp::AuthorizeStart::builder()
        .client_id("c")
        .redirect_uri("https://a.example/cb")
        .response_type("code")
        .scopes(vec!["openid".to_owned()])
        .send(&client);
}
