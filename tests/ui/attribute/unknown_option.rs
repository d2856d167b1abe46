use stytch_endpoints::endpoint;

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[endpoint(POST "/v1/things", response = Out, retries = 3)]
pub struct Things {
    id: String,
}

fn main() {}
