// `idp::AuthorizeStart` names the user once; a second identifier is an error.
use stytch_endpoints::idp;

fn main() {
    let _ = idp::AuthorizeStart::builder()
        .user_id("user-test-1")
        .session_jwt("eyJ...");
}
