// `crate = path` names `stytch_endpoints` for a crate that renamed the
// dependency or reaches it through a re-export: the generated code goes
// through that path only. (The macros crate's tests check that no
// `::stytch_endpoints` is left in such an expansion; here the declarations
// must compile and work.)
#![deny(warnings)]

use stytch_endpoints as se;

mod sdk {
    pub use stytch_endpoints as stytch;
}

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[se::endpoint(POST "/v1/things", response = Out, crate = se)]
#[se::one_of(a, b)]
pub struct Things {
    name: String,
    a: Option<String>,
    b: Option<u32>,
    note: Option<String>,
}

// A group above `#[endpoint]`, and a path through a module of this crate.
#[sdk::stytch::at_most_one_of(session_token, session_jwt)]
#[sdk::stytch::endpoint(GET "/v1/other/{id}", response = Out, crate = crate::sdk::stytch)]
pub struct Other {
    id: String,
    session_token: Option<String>,
    session_jwt: Option<String>,
}

fn main() {
    use se::Endpoint;

    let call = Things::builder().name("n").b(3).note("x").build();
    assert_eq!(call.b(), Some(&3));
    assert!(call.validate().is_ok());
    assert_eq!(<Things as Endpoint>::PATH, "/v1/things");
    let _ = ThingsAOrB::A(String::new());

    let other = Other::builder()
        .id("id-1")
        .maybe_session_token_or_session_jwt(None)
        .build();
    let mut path = String::new();
    other.write_path(&mut path, &se::runtime::PathContext::new("project-test-1"));
    assert_eq!(path, "/v1/other/id-1");
    assert!(format!("{other:?}").contains("id-1"));
}
