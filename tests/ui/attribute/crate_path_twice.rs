// `crate = path` may be given once.
use stytch_endpoints::endpoint;

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[endpoint(GET "/v1/users", response = Out, crate = ::stytch_endpoints, crate = ::stytch_endpoints)]
pub struct ListUsers {}

fn main() {}
