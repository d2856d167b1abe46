// `users::Create` needs at least one of email, phone_number; neither is set.
use stytch_endpoints::{Client, users};

fn main() {
    let client = Client::new("project-test-x", "secret");
    let _ = users::Create::builder()
        .create_user_as_pending(true)
        .send(&client);
}
