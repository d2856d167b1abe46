// Two fields that would read the same key: the second could never be set.
use stytch_endpoints::Decode;

#[derive(Decode)]
struct Renamed {
    #[serde(rename = "id")]
    user_id: String,
    id: String,
}

#[derive(Decode)]
struct Aliased {
    #[serde(alias = "name")]
    display_name: String,
    name: String,
}

fn main() {}
