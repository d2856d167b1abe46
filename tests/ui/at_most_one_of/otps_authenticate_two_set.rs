// `otps::Authenticate` takes at most one of session_token, session_jwt; both is an error.
use stytch_endpoints::otps;

fn main() {
    let _ = otps::Authenticate::builder()
        .session_jwt("eyJ...")
        .session_token("tok");
}
