// `users::Create` takes an email, a phone number or both.
#![deny(warnings)]
use stytch_endpoints::users;

fn main() {
    let _ = users::Create::builder().email("ada@example.com").build();
    let _ = users::Create::builder().phone_number("+12025550162").build();
    let _ = users::Create::builder()
        .email("ada@example.com")
        .phone_number("+12025550162")
        .build();
}
