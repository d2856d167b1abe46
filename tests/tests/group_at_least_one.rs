//! An `#[at_least_one_of]` group declared in this crate: the builder sends
//! one or both members, a value that bypasses the builder is refused before
//! any I/O, and the local server, which decodes the request with the same
//! declaration, answers a request with no member with a 400 naming them.

use stytch_endpoints::{Describe, Error, GroupRule};
use stytch_local::{LocalServer, LocalServerConfig};

mod declared_here {
    use stytch_endpoints::{at_least_one_of, endpoint};

    #[derive(serde::Deserialize, Debug)]
    pub struct CreateContactResponse {
        pub request_id: String,
        pub members_set: u32,
    }

    /// A users.create-like call: an email, a phone number or both.
    #[endpoint(POST "/v1/test/contacts", response = CreateContactResponse)]
    #[at_least_one_of(email, phone_number, name = contact)]
    pub struct CreateContact {
        /// An email address.
        email: Option<String>,
        /// A phone number.
        phone_number: Option<String>,
        /// A display name.
        name: Option<String>,
    }

    /// A value built without the builder, which can break the rule.
    pub fn with_nothing() -> CreateContact {
        CreateContact {
            email: None,
            phone_number: None,
            name: Some("Ada".to_owned()),
        }
    }
}

use declared_here::CreateContact;

fn server() -> LocalServer {
    let config = LocalServerConfig::default().route(|call: CreateContact| {
        let set = u32::from(call.email().is_some()) + u32::from(call.phone_number().is_some());
        Ok(serde_json::json!({ "members_set": set }))
    });
    LocalServer::start_with(config).unwrap()
}

#[test]
fn one_or_both_members_reach_the_handler() {
    let server = server();
    let client = server.client();
    let one = CreateContact::builder()
        .email("ada@example.com")
        .send(&client)
        .unwrap();
    assert_eq!(one.members_set, 1);
    assert!(one.request_id.starts_with("request-id-test-"));
    let both = CreateContact::builder()
        .email("ada@example.com")
        .phone_number("+12025550123")
        .name("Ada")
        .send(&client)
        .unwrap();
    assert_eq!(both.members_set, 2);
}

#[test]
fn a_value_with_no_member_is_refused_before_any_io() {
    let server = server();
    let err = server
        .client()
        .send(&declared_here::with_nothing())
        .unwrap_err();
    match &err {
        Error::InvalidRequest { reason, .. } => assert_eq!(
            reason,
            "at least one of `email`, `phone_number` must be set, but none is set"
        ),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert_eq!(err.attempts(), 0);
    assert_eq!(server.connections_accepted(), 0);
}

#[test]
fn the_local_server_answers_a_request_with_no_member_with_a_400() {
    let server = server();
    let (status, body) = stytch_tests::raw_post(&server, "/v1/test/contacts", r#"{"name":"Ada"}"#);
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error_type"], "invalid_request");
    let message = body["error_message"].as_str().unwrap();
    assert!(
        message.contains("at least one of `email`, `phone_number` must be set, but none is set"),
        "{message}"
    );

    let (status, body) = stytch_tests::raw_post(
        &server,
        "/v1/test/contacts",
        r#"{"email":"ada@example.com","phone_number":"+12025550123"}"#,
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["members_set"], 2);
}

#[test]
fn the_description_states_the_rule() {
    let d = CreateContact::DESCRIPTION;
    assert_eq!(d.groups.len(), 1);
    assert_eq!(d.groups[0].rule, GroupRule::AtLeastOne);
    assert_eq!(d.groups[0].name, "contact");
    assert_eq!(d.groups[0].members, &["email", "phone_number"]);
    assert!(d.params.iter().all(|p| !p.required));
}
