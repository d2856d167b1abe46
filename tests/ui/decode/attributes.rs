// Attributes that would change decoding without `#[derive(Decode)]` honouring
// them are refused by name, as is a misplaced or unknown `#[stytch]`.
use stytch_endpoints::Decode;

#[derive(Decode)]
#[serde(rename_all = "camelCase")]
struct ContainerSerde {
    user_id: String,
}

#[derive(Decode)]
struct FieldSerde {
    #[serde(flatten)]
    rest: std::collections::BTreeMap<String, String>,
    #[serde(deserialize_with = "my_reader")]
    value: String,
}

#[derive(Decode)]
#[stytch(rename_all = "camelCase")]
struct UnknownOption {
    user_id: String,
}

#[derive(Decode)]
struct DecodeOnAField {
    #[stytch(crate = stytch_endpoints)]
    user_id: String,
}

fn main() {}
