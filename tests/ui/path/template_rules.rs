// Path templates: each mistake below is reported at the template, in one
// compile: an empty segment, a placeholder that is not a field name, a `}`
// with no `{`, and a character that has no place in a path.
use stytch_endpoints::endpoint;

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[endpoint(GET "/v1//users", response = Out)]
pub struct EmptySegment {}

#[endpoint(GET "/v1/users/{user-id}", response = Out)]
pub struct NotAFieldName {}

#[endpoint(GET "/v1/users}", response = Out)]
pub struct UnmatchedBrace {}

#[endpoint(GET "/v1/users/a b", response = Out)]
pub struct Space {}

fn main() {}
