// `passwords::ResetByExistingPassword` takes at most one of session_token, session_jwt; both is an error.
use stytch_endpoints::passwords;

fn main() {
    let _ = passwords::ResetByExistingPassword::builder()
        .email("ada@example.com")
        .existing_password("correct horse battery staple")
        .new_password("a brand new passphrase")
        .session_token("tok")
        .session_jwt("eyJ...");
}
