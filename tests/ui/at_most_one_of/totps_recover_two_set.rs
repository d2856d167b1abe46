// `totps::Recover` takes at most one of session_token, session_jwt; both is an error.
use stytch_endpoints::totps;

fn main() {
    let _ = totps::Recover::builder()
        .user_id("user-test-1")
        .recovery_code("ckss-2skx-ebow")
        .session_jwt("eyJ...")
        .session_token("tok");
}
