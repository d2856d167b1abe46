// A `maybe_` setter of a member may be given `None`, so the builder does not
// count it toward the group: `build` still needs a member set by its plain
// setter.
use stytch_endpoints::{at_least_one_of, endpoint};

#[derive(serde::Deserialize, Debug)]
pub struct CreateResponse {
    pub request_id: String,
}

#[endpoint(POST "/v1/users", response = CreateResponse)]
#[at_least_one_of(email, phone_number)]
pub struct Create {
    email: Option<String>,
    phone_number: Option<String>,
}

fn main() {
    let email: Option<String> = Some("ada@example.com".to_owned());
    let _ = Create::builder().maybe_email(email).build();
}
