// The rest of the declaration rules, one struct each, all reported in one
// compile: names the builder needs, wire names, placeholders, `#[param]`
// values and group members.
use stytch_endpoints::{endpoint, one_of};

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[endpoint(POST "/v1/a", response = Out)]
pub struct ReservedName {
    build: Option<String>,
}

#[endpoint(POST "/v1/b", response = Out)]
pub struct SameWireName {
    email: String,
    #[param(rename = "email")]
    email_address: String,
}

#[endpoint(POST "/v1/c", response = Out)]
#[one_of(session_token, session_token, session_jwt)]
pub struct ListedTwice {
    session_token: Option<String>,
    session_jwt: Option<String>,
}

#[endpoint(POST "/v1/d", response = Out)]
#[one_of(session_token, session_jwt, name = build)]
pub struct GroupNameTaken {
    session_token: Option<String>,
    session_jwt: Option<String>,
}

#[endpoint(GET "/v1/e/{user_id}/{user_id}", response = Out)]
pub struct PlaceholderTwice {
    user_id: String,
}

#[endpoint(GET "/v1/f", response = Out)]
pub struct PathWithoutPlaceholder {
    #[param(path)]
    user_id: String,
}

#[endpoint(GET "/v1/g", response = Out)]
pub struct TwoPlaces {
    #[param(query, path)]
    user_id: String,
}

#[endpoint(POST "/v1/h", response = Out)]
pub struct BadRename {
    #[param(rename = "")]
    user_id: String,
}

#[endpoint(GET "/v1/k/{user_id}", response = Out)]
#[one_of(user_id, email)]
pub struct PathInGroup {
    user_id: String,
    email: Option<String>,
}

#[endpoint(POST "/v1/i", response = Out)]
pub struct Generic<T> {
    value: Option<T>,
}

#[endpoint(POST "/v1/j", response = Out)]
#[endpoint(POST "/v1/j", response = Out)]
pub struct Twice {
    value: Option<String>,
}

fn main() {}
