use stytch_endpoints::endpoint;

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[endpoint(GET "/v1/users", response = Out)]
pub struct ListUsers {
    #[param(body)]
    cursor: Option<String>,
}

fn main() {}
