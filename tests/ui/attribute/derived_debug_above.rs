// A derived Debug above the attribute conflicts with the redacting one.
use stytch_endpoints::endpoint;

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[derive(Clone, Debug)]
#[endpoint(POST "/v1/things", response = Out)]
pub struct Things {
    session_token: String,
}

fn main() {}
