// Declarations work inside a function body (as in doctests), including
// groups and required fields whose types are declared in the same body.
#![deny(warnings)]

fn main() {
    use stytch_endpoints::{at_most_one_of, endpoint, one_of};

    #[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
    pub struct Name {
        first: String,
    }

    #[derive(serde::Deserialize, Debug)]
    pub struct Out {
        pub request_id: String,
    }

    #[endpoint(POST "/v1/things", response = Out)]
    #[one_of(a, b, name = letter)]
    #[at_most_one_of(c, d)]
    pub struct Things {
        name: Name,
        a: Option<String>,
        b: Option<u32>,
        c: Option<Name>,
        d: Option<bool>,
    }

    let call = Things::builder()
        .name(Name { first: "Ada".into() })
        .letter(ThingsLetter::B(7))
        .d(true)
        .build();
    assert_eq!(call.b(), Some(&7));
    assert_eq!(call.name().first, "Ada");
    assert_eq!(call.c(), None);
}
