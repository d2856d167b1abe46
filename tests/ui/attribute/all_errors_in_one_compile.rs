// Several mistakes in one declaration: each is reported at its own span in
// one compile, and the struct still exists for the rest of the crate.
use stytch_endpoints::{endpoint, one_of};

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[endpoint(FETCH "/v1/users/{user_idd}", response = Out)]
#[one_of(email, phone)]
pub struct Exchange {
    user_id: String,
    email: String,
    #[param(sideways)]
    phone_number: Option<String>,
}

fn main() {
    let _ = Exchange { user_id: String::new(), email: String::new(), phone_number: None };
}
