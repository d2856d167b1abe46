// `oauth::Authenticate` takes at most one of session_token, session_jwt; both is an error.
use stytch_endpoints::oauth;

fn main() {
    let _ = oauth::Authenticate::builder()
        .token("oauth-token")
        .session_token("tok")
        .session_jwt("eyJ...");
}
