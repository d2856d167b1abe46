// An `#[at_most_one_of]` group may stay empty: these all compile.
use stytch_endpoints::{magic_links, oauth, otps};

fn main() {
    let _ = oauth::Authenticate::builder().token("oauth-token").build();
    let _ = otps::Authenticate::builder()
        .method_id("phone-number-test-1")
        .code("000000")
        .build();
    let _ = magic_links::SendEmail::builder()
        .email("ada@example.com")
        .maybe_user(None)
        .build();
    let _ = otps::Authenticate::builder()
        .method_id("m")
        .code("000000")
        .maybe_session(Some(otps::AuthenticateSession::SessionJwt("eyJ...".into())))
        .build();
}
