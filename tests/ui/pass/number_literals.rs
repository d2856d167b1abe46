// Number setters take the number type itself, so unsuffixed literals work:
// `30` becomes a `u32` here, not an `i32` that `impl Into<u32>` would refuse.
#![deny(warnings)]

use stytch_endpoints::{endpoint, one_of, otps};

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[endpoint(GET "/v1/numbers/{id}", response = Out)]
#[one_of(small, ratio)]
pub struct Numbers {
    id: u64,
    count: i8,
    offset: Option<isize>,
    limit: Option<usize>,
    small: Option<u16>,
    ratio: Option<f64>,
    big: Option<i128>,
    label: Option<String>,
}

fn main() {
    let _ = otps::Authenticate::builder()
        .method_id("phone-number-test-1")
        .code("000000")
        .session_duration_minutes(30)
        .build();

    let call = Numbers::builder()
        .id(7)
        .count(-3)
        .offset(-10)
        .limit(100)
        .ratio(0.5)
        .big(1)
        .maybe_label(None)
        .build();
    assert_eq!(call.id(), &7u64);
    assert_eq!(call.limit(), Some(&100usize));
    assert_eq!(call.ratio(), Some(&0.5f64));

    // Other setters still convert: `&str` into `String`.
    let call = Numbers::builder().id(1).count(0).small(2).label("x").build();
    assert_eq!(call.small(), Some(&2u16));
    assert_eq!(call.label().map(String::as_str), Some("x"));
}
