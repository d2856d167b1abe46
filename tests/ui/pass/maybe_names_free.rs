// Names next to `maybe_` setters that stay free, because the builder has no
// such setter: `maybe_<field>` for a required field or a member of a
// `#[one_of]` or `#[at_most_one_of]` group (members are set through the
// group), and `maybe_<group>` for a `#[one_of]` group (it has no "none"
// choice). `tests/ui/attribute/maybe_names_taken.rs` shows the taken ones.
// Also: a body field may share its wire name with a query field, since the
// two travel in different places; and a taken name stays usable on the wire
// through `#[param(rename = ...)]`, as the errors suggest.
#![deny(warnings)]

use stytch_endpoints::{Endpoint, at_most_one_of, endpoint, one_of};

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[endpoint(POST "/v1/things", response = Out)]
#[one_of(session_token, session_jwt, name = session)]
#[at_most_one_of(email, phone_number, name = contact)]
pub struct Things {
    code: String,
    maybe_code: Option<String>,
    session_token: Option<String>,
    session_jwt: Option<String>,
    maybe_session_token: Option<String>,
    maybe_session: Option<String>,
    email: Option<String>,
    phone_number: Option<String>,
    maybe_email: Option<String>,
    #[param(query, rename = "code")]
    code_in_query: Option<String>,
    #[param(rename = "build")]
    build_step: Option<String>,
}

fn main() {
    let call = Things::builder()
        .code("c")
        .session_jwt("j")
        .maybe_code("m")
        .maybe_maybe_session_token(None)
        .maybe_session("s")
        .maybe_email("e")
        .code_in_query("q")
        .build_step("b")
        .build();
    assert_eq!(call.maybe_code().map(String::as_str), Some("m"));
    assert_eq!(call.maybe_session().map(String::as_str), Some("s"));
    assert_eq!(call.code_in_query().map(String::as_str), Some("q"));
    assert_eq!(call.build_step().map(String::as_str), Some("b"));
    let _ = ThingsSession::SessionJwt(String::new());
    // The renamed fields travel under the names the errors reserve for
    // methods, and the query field shares the body field's wire name.
    let mut query = String::new();
    call.write_query(&mut query);
    assert_eq!(query, "code=q");
    let mut body = Vec::new();
    assert!(call.write_body(&mut body).is_ok());
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    assert_eq!(body["build"], "b");
    assert_eq!(body["code"], "c");
    assert_eq!(body["maybe_code"], "m");
}
