// Field names that match names the generated code uses internally still
// work: group members called `value` and `choice`, required fields called
// `out`, `body`, `start`, `request` and `client`, a raw identifier.
#![deny(warnings)]

use stytch_endpoints::{at_most_one_of, endpoint, one_of};

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[endpoint(POST "/v1/things/{out}", response = Out)]
#[one_of(value, choice)]
#[at_most_one_of(start, r#type)]
pub struct Things {
    out: String,
    body: String,
    request: u32,
    client: bool,
    value: Option<String>,
    choice: Option<String>,
    start: Option<String>,
    r#type: Option<String>,
}

fn main() {
    let call = Things::builder()
        .out("o")
        .body("b")
        .request(1u32)
        .client(true)
        .choice("c")
        .r#type("t")
        .build();
    assert_eq!(call.choice().map(String::as_str), Some("c"));
    assert_eq!(call.value(), None);
    assert_eq!(call.r#type().map(String::as_str), Some("t"));
    let _ = ThingsValueOrChoice::Value(String::new());
    let _ = ThingsStartOrType::Type(String::new());
}
