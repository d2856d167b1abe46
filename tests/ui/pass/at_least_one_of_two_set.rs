// `#[at_least_one_of]`: one member, both members, a member set twice (the
// second value wins, as for any optional field) and `maybe_` setters once a
// member is set all compile; the run-time rule agrees with the builder.
#![deny(warnings)]
use stytch_endpoints::{Describe, Endpoint, GroupRule, at_least_one_of, endpoint};

#[derive(serde::Deserialize, Debug)]
pub struct CreateResponse {
    pub request_id: String,
}

#[endpoint(POST "/v1/users", response = CreateResponse)]
#[at_least_one_of(email, phone_number, name = contact)]
pub struct Create {
    email: Option<String>,
    phone_number: Option<String>,
    name: Option<String>,
}

fn main() {
    let email_only = Create::builder().email("ada@example.com").build();
    assert_eq!(email_only.email().map(String::as_str), Some("ada@example.com"));
    assert!(email_only.validate().is_ok());

    let both = Create::builder()
        .phone_number("+12025550123")
        .name("Ada")
        .email("ada@example.com")
        .build();
    assert!(both.email().is_some() && both.phone_number().is_some());
    assert!(both.validate().is_ok());

    let twice = Create::builder().email("old@example.com").email("new@example.com").build();
    assert_eq!(twice.email().map(String::as_str), Some("new@example.com"));

    // Data known only at run time: set one member for sure, the rest maybe.
    let (email, phone): (Option<String>, Option<String>) = (None, Some("+12025550123".into()));
    let call = match (email, phone) {
        (Some(e), p) => Some(Create::builder().email(e).maybe_phone_number(p).build()),
        (None, Some(p)) => Some(Create::builder().phone_number(p).build()),
        (None, None) => None,
    };
    assert!(call.is_some_and(|c| c.email().is_none() && c.phone_number().is_some()));

    let group = &Create::DESCRIPTION.groups[0];
    assert_eq!(group.rule, GroupRule::AtLeastOne);
    assert_eq!(group.name, "contact");
    assert_eq!(group.members, &["email", "phone_number"]);
}
