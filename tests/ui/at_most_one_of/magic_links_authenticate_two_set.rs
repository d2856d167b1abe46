// `magic_links::Authenticate` takes at most one of session_token, session_jwt; two is an error.
use stytch_endpoints::magic_links;

fn main() {
    let _ = magic_links::Authenticate::builder()
        .token("link-token")
        .session_token("tok")
        .session_jwt("jwt");
}
