// `idp::Authorize` names the user once; a second identifier is an error.
use stytch_endpoints::idp;

fn main() {
    let _ = idp::Authorize::builder()
        .session_token("tok")
        .user_id("user-test-1");
}
