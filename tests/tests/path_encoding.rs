//! Path parameters are encoded as one whole segment: `/`, `?`, `#`, `%`,
//! spaces, dots and non-ASCII cannot change the route, on the wire or on
//! the local server that decodes them back.

use stytch_endpoints::{Client, Error, RetryPolicy, sessions, users};
use stytch_local::LocalServer;
use stytch_tests::{Reply, ScriptedServer, fixtures};

/// Awkward values and the segment each must become.
const CASES: &[(&str, &str)] = &[
    ("a/b", "a%2Fb"),
    ("../x", "..%2Fx"),
    ("a?b=c", "a%3Fb%3Dc"),
    ("a#b", "a%23b"),
    ("100%", "100%25"),
    ("%2F", "%252F"),
    ("a b", "a%20b"),
    ("ünï 😀", "%C3%BCn%C3%AF%20%F0%9F%98%80"),
    (".", "%2E"),
    ("..", "%2E%2E"),
    ("a&b+c", "a%26b%2Bc"),
];

#[test]
fn every_path_parameter_is_one_encoded_segment() {
    let reply = fixtures::user_answer();
    let server = ScriptedServer::start(move |_, _| Reply::json(200, &reply));
    let client = Client::builder("project-test-x", "secret-test-x")
        .base_url(server.base_url())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let mut expected = Vec::new();
    for &(raw, encoded) in CASES {
        client
            .send(&users::DeleteEmail::builder().email_id(raw).build())
            .unwrap();
        expected.push(format!("/v1/users/emails/{encoded}"));
        client
            .send(
                &users::ExchangePrimaryFactor::builder()
                    .user_id(raw)
                    .email_address("a@example.com")
                    .build(),
            )
            .unwrap();
        expected.push(format!("/v1/users/{encoded}/exchange_primary_factor"));
    }
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, expected);
}

#[test]
fn the_local_server_decodes_the_same_value_back() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    for (i, &(raw, _)) in CASES.iter().enumerate() {
        // An unknown id is a 404 about the user, never a different route.
        match client.send(&users::Get::builder().user_id(raw).build()) {
            Err(Error::Api(e)) => {
                assert_eq!(
                    (e.status, e.error_type.as_str()),
                    (404, "user_not_found"),
                    "{raw:?}"
                );
            }
            other => panic!("{raw:?}: {other:?}"),
        }
        // A user whose external id is the awkward value is found by it.
        let created = client
            .send(
                &users::Create::builder()
                    .email(format!("awkward-{i}@example.com"))
                    .external_id(raw)
                    .build(),
            )
            .unwrap();
        let got = client
            .send(&users::Get::builder().user_id(raw).build())
            .unwrap();
        assert_eq!(got.user.user_id, created.user_id, "{raw:?}");
        assert_eq!(got.user.external_id.as_deref(), Some(raw));
    }
}

#[test]
fn jwks_project_id_is_encoded_too() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    let ok = client
        .send(
            &sessions::GetJwks::builder()
                .project_id(server.project_id())
                .build(),
        )
        .unwrap();
    assert_eq!(ok.keys.len(), 1);
    let other = format!("{}/../x", server.project_id());
    match client.send(&sessions::GetJwks::builder().project_id(other).build()) {
        Err(Error::Api(e)) => assert_eq!(e.error_type, "project_not_found"),
        wrong => panic!("{wrong:?}"),
    }
}
