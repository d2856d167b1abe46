// Mistakes in `#[at_least_one_of]`, reported together: a member that is not
// an `Option`, a member already in another group, and a group of one.
use stytch_endpoints::{at_least_one_of, endpoint, one_of};

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[endpoint(POST "/v1/users", response = Out)]
#[at_least_one_of(email, phone_number)]
pub struct Create {
    email: String,
    phone_number: Option<String>,
}

#[endpoint(POST "/v1/sessions/revoke", response = Out)]
#[one_of(session_id, session_token, name = session)]
#[at_least_one_of(session_token, session_jwt)]
pub struct Revoke {
    session_id: Option<String>,
    session_token: Option<String>,
    session_jwt: Option<String>,
}

#[endpoint(POST "/v1/users/search", response = Out)]
#[at_least_one_of(query)]
pub struct Search {
    query: Option<String>,
}

fn main() {}
