// `users::ExchangePrimaryFactor` needs exactly one of email_address, phone_number; none is set.
use stytch_endpoints::{Client, users};

fn main() {
    let client = Client::new("project-test-x", "secret");
    let _ = users::ExchangePrimaryFactor::builder().user_id("user-test-1")
        .send(&client);
}
