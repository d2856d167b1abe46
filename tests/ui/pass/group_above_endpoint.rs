// `#[one_of]` may be written above `#[endpoint]` as well as below it, and
// importing it does not trigger an unused-import warning.
#![deny(warnings)]

use stytch_endpoints::{endpoint, one_of};

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[one_of(session_token, session_jwt)]
#[endpoint(POST "/v1/sessions/authenticate", response = Out)]
pub struct Authenticate {
    session_token: Option<String>,
    session_jwt: Option<String>,
}

fn main() {
    let call = Authenticate::builder().session_jwt("eyJ").build();
    assert_eq!(call.session_jwt().map(String::as_str), Some("eyJ"));
}
