// `totps::Authenticate` takes at most one of session_token, session_jwt; both is an error.
use stytch_endpoints::totps;

fn main() {
    let _ = totps::Authenticate::builder()
        .user_id("user-test-1")
        .totp_code("576831")
        .session_token("tok")
        .session_jwt("eyJ...");
}
