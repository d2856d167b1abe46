// `webauthn::Authenticate` takes at most one of session_token, session_jwt; both is an error.
use stytch_endpoints::webauthn;

fn main() {
    let _ = webauthn::Authenticate::builder()
        .public_key_credential("{}")
        .session_jwt("eyJ...")
        .session_token("tok");
}
