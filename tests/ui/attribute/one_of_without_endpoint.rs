use stytch_endpoints::one_of;

#[one_of(session_token, session_jwt)]
pub struct Authenticate {
    session_token: Option<String>,
    session_jwt: Option<String>,
}

fn main() {
    // The struct is still emitted, so this line type-checks.
    let _ = Authenticate { session_token: None, session_jwt: None };
}
