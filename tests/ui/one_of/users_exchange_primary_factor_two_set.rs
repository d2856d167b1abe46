// `users::ExchangePrimaryFactor` takes one new factor; two is an error.
use stytch_endpoints::users;

fn main() {
    let _ = users::ExchangePrimaryFactor::builder()
        .email_address("ada@example.com")
        .phone_number("+12025550162");
}
