// `Attach` takes only one user identifier; a second one does not compile.
use stytch_endpoints::oauth::Attach;

fn main() {
    let _ = Attach::builder()
        .provider("google")
        .user_id("user-test-1")
        .session_jwt("eyJ...");
}
