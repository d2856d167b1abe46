// A paged call's answer type must say where its results and next cursor
// are, by implementing `Page`.
use stytch_endpoints::endpoint;

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[endpoint(POST "/v1/things/search", response = Out, cursor = cursor)]
pub struct SearchThings {
    cursor: Option<String>,
}

fn main() {}
