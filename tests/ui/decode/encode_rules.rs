// `#[derive(Encode)]` follows the rules of `Decode`: structs with named
// fields, only the serde attributes it honours, one key per field.
use stytch_endpoints::Encode;

#[derive(Encode)]
enum Status {
    Active,
}

#[derive(Encode)]
struct Written {
    #[serde(serialize_with = "my_writer")]
    value: String,
    #[serde(rename = "value")]
    other: String,
}

fn main() {}
