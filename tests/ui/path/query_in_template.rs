use stytch_endpoints::endpoint;

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[endpoint(GET "/v1/sessions?user_id={user_id}", response = Out)]
pub struct List {
    user_id: String,
}

fn main() {}
