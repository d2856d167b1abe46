// `magic_links::SendEmail` takes at most one of user_id, session_token, session_jwt; two is an error.
use stytch_endpoints::magic_links;

fn main() {
    let _ = magic_links::SendEmail::builder()
        .email("ada@example.com")
        .user_id("user-test-1")
        .session_token("tok");
}
