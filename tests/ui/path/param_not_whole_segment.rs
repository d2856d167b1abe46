use stytch_endpoints::endpoint;

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[endpoint(GET "/v1/users/{user_id}.json", response = Out)]
pub struct GetUser {
    user_id: String,
}

fn main() {}
