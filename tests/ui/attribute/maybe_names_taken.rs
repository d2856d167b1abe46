// An optional field `x` outside a group (or in an `#[at_least_one_of]`
// group) gives the builder a `maybe_x` setter, and an `#[at_most_one_of]`
// group `g` gives it `maybe_g`. Neither a field nor a group may take one of
// those names. `tests/ui/pass/maybe_names_free.rs` shows the names that stay
// free.
use stytch_endpoints::{at_least_one_of, at_most_one_of, endpoint, one_of};

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[endpoint(POST "/v1/a", response = Out)]
pub struct FieldTakesFieldsMaybe {
    email: Option<String>,
    maybe_email: String,
}

#[endpoint(POST "/v1/b", response = Out)]
#[one_of(phone_number, session_token, name = maybe_email)]
pub struct GroupTakesFieldsMaybe {
    email: Option<String>,
    phone_number: Option<String>,
    session_token: Option<String>,
}

#[endpoint(POST "/v1/c", response = Out)]
#[at_least_one_of(email, phone_number, name = contact)]
pub struct FieldTakesMembersMaybe {
    email: Option<String>,
    phone_number: Option<String>,
    maybe_phone_number: Option<String>,
}

#[endpoint(POST "/v1/d", response = Out)]
#[at_most_one_of(email, phone_number, name = contact)]
pub struct FieldTakesGroupsMaybe {
    email: Option<String>,
    phone_number: Option<String>,
    maybe_contact: Option<String>,
}

#[endpoint(POST "/v1/e", response = Out)]
#[one_of(user_id, session_token, name = maybe_contact)]
#[at_most_one_of(email, phone_number, name = contact)]
pub struct GroupTakesLaterGroupsMaybe {
    user_id: Option<String>,
    session_token: Option<String>,
    email: Option<String>,
    phone_number: Option<String>,
}

fn main() {}
