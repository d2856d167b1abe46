// `#[derive(Decode)]` reads JSON objects into structs with named fields;
// enums, tuple structs and generic structs keep serde's own derive.
use stytch_endpoints::Decode;

#[derive(Decode)]
enum Status {
    Active,
    Pending,
}

#[derive(Decode)]
struct Pair(String, u32);

#[derive(Decode)]
struct Wrapper<T> {
    inner: T,
}

fn main() {}
