// `passwords::ResetBySession` takes one of session_token, session_jwt; both is an error.
use stytch_endpoints::passwords;

fn main() {
    let _ = passwords::ResetBySession::builder()
        .session_jwt("eyJ...")
        .session_token("tok");
}
