// Choosing "none" with `.maybe_session(None)` still decides the group: a
// member setter after it is an error.
use stytch_endpoints::otps;

fn main() {
    let _ = otps::Authenticate::builder()
        .maybe_session(None)
        .session_token("tok");
}
