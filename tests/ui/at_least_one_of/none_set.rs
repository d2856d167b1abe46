// `#[at_least_one_of]`: a user is created with an email, a phone number or
// both; a builder that sets neither does not compile.
use stytch_endpoints::{Client, at_least_one_of, endpoint};

#[derive(serde::Deserialize, Debug)]
pub struct CreateResponse {
    pub request_id: String,
}

#[endpoint(POST "/v1/users", response = CreateResponse)]
#[at_least_one_of(email, phone_number, name = contact)]
pub struct Create {
    email: Option<String>,
    phone_number: Option<String>,
    name: Option<String>,
}

fn main() {
    let client = Client::new("project-test-x", "secret");
    let _ = Create::builder().name("Ada").send(&client);
}
