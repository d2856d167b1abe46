use stytch_endpoints::{endpoint, one_of};

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[endpoint(POST "/v1/sessions/authenticate", response = Out)]
#[one_of(session_token, session_jwt)]
pub struct Authenticate {
    session_token: String,
    session_jwt: Option<String>,
}

fn main() {}
