// `provider` is required.
use stytch_endpoints::oauth::Attach;

fn main() {
    let _ = Attach::builder().user_id("user-test-1").build();
}
