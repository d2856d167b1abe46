// Names next to `maybe_` setters that stay free, because the builder has no
// such setter: `maybe_<field>` for a required field or a member of a
// `#[one_of]` or `#[at_most_one_of]` group (members are set through the
// group), and `maybe_<group>` for a `#[one_of]` group (it has no "none"
// choice). `tests/ui/attribute/maybe_names_taken.rs` shows the taken ones.
// Also: a body field may share its wire name with a query field, since the
// two travel in different places.
#![deny(warnings)]

use stytch_endpoints::{at_most_one_of, endpoint, one_of};

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
        .build();
    assert_eq!(call.maybe_code().map(String::as_str), Some("m"));
    assert_eq!(call.maybe_session().map(String::as_str), Some("s"));
    assert_eq!(call.code_in_query().map(String::as_str), Some("q"));
    let _ = ThingsSession::SessionJwt(String::new());
}
