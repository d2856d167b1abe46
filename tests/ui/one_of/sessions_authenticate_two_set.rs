// `sessions::Authenticate` takes one of session_token, session_jwt; both is an error.
use stytch_endpoints::sessions;

fn main() {
    let _ = sessions::Authenticate::builder()
        .session_token("tok")
        .session_jwt("eyJ...");
}
