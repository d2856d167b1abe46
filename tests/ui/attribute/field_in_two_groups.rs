use stytch_endpoints::{at_most_one_of, endpoint, one_of};

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[endpoint(POST "/v1/sessions/revoke", response = Out)]
#[one_of(session_id, session_token)]
#[at_most_one_of(session_token, session_jwt)]
pub struct Revoke {
    session_id: Option<String>,
    session_token: Option<String>,
    session_jwt: Option<String>,
}

fn main() {}
