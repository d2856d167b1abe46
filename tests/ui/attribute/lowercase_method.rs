use stytch_endpoints::endpoint;

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[endpoint(post "/v1/things", response = Out)]
pub struct Things {
    id: String,
}

fn main() {}
