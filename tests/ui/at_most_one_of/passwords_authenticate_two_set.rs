// `passwords::Authenticate` takes at most one of session_token, session_jwt; both is an error.
use stytch_endpoints::passwords;

fn main() {
    let _ = passwords::Authenticate::builder()
        .email("ada@example.com")
        .password("correct horse battery staple")
        .session_token("tok")
        .session_jwt("eyJ...");
}
