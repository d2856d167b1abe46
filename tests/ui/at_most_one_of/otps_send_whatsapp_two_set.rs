// `otps::SendWhatsApp` takes at most one of user_id, session_token, session_jwt; two is an error.
use stytch_endpoints::otps;

fn main() {
    let _ = otps::SendWhatsApp::builder()
        .phone_number("+12025550162")
        .user_id("user-test-1")
        .session_jwt("jwt");
}
