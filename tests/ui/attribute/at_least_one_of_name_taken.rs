// An `#[at_least_one_of]` group has no builder method, but its name still
// may not be a field's: it names the builder's type parameter.
use stytch_endpoints::{at_least_one_of, endpoint};

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[endpoint(POST "/v1/users", response = Out)]
#[at_least_one_of(email, phone_number, name = contact)]
pub struct Create {
    contact: String,
    email: Option<String>,
    phone_number: Option<String>,
}

fn main() {}
