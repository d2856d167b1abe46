// `crate = ...` takes a path, not a string or a path cut short. Each
// declaration reports its mistake once: the code that uses its builder
// below adds no error of its own.
use stytch_endpoints::endpoint;

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[endpoint(POST "/v1/things", response = Out, crate = "stytch_endpoints")]
pub struct Quoted {
    name: String,
}

#[endpoint(POST "/v1/others", response = Out, crate = stytch_endpoints::)]
pub struct CutShort {
    name: String,
}

fn main() {
    let _ = Quoted::builder().name("n").build();
    let _ = CutShort::builder().name("n").build();
}
