// `passwords::ResetByEmail` takes at most one of session_token, session_jwt; both is an error.
use stytch_endpoints::passwords;

fn main() {
    let _ = passwords::ResetByEmail::builder()
        .token("DOYoip3rvIMMW5lgItikFK-Ak1CfMsgjuiCyI7uuU94=")
        .password("a brand new passphrase")
        .session_jwt("eyJ...")
        .session_token("tok");
}
