use stytch_endpoints::endpoint;

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[endpoint(POST "/v1/things", response = Out)]
#[derive(Clone, Debug)]
pub struct Things {
    session_token: String,
}

fn main() {}
