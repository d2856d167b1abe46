//! What the client puts on the wire for `POST /v1/oauth/attach`, and what it
//! makes of each kind of answer.

use std::time::{Duration, Instant};

use stytch_endpoints::oauth::{Attach, AttachUser};
use stytch_endpoints::{Client, Error, RetryPolicy};
use stytch_tests::{Reply, ScriptedServer};

const PROJECT: &str = "project-test-11111111-2222-3333-4444-555555555555";
const SECRET: &str = "secret-test-abcdefghijklmnopqrstuvwxyz012345";
/// base64("project-test-...:secret-test-...") computed independently.
const AUTH: &str = "Basic cHJvamVjdC10ZXN0LTExMTExMTExLTIyMjItMzMzMy00NDQ0LTU1NTU1NTU1NTU1NTpzZWNyZXQtdGVzdC1hYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NQ==";
const OK: &str = r#"{"request_id":"request-id-test-1","oauth_attach_token":"oauth-attach-token-test-1","status_code":200}"#;

fn client(server: &ScriptedServer) -> Client {
    Client::builder(PROJECT, SECRET)
        .base_url(server.base_url())
        .retry(RetryPolicy::none())
        .build()
        .expect("client")
}

fn attach_with(user: AttachUser) -> Attach {
    Attach::builder().provider("microsoft").user(user).build()
}

#[test]
fn each_identifier_sends_exact_bytes() {
    let cases = [
        (
            AttachUser::UserId("user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6".into()),
            r#"{"provider":"microsoft","user_id":"user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6"}"#,
        ),
        (
            AttachUser::SessionToken("tok-\"quoted\"-é".into()),
            r#"{"provider":"microsoft","session_token":"tok-\"quoted\"-é"}"#,
        ),
        (
            AttachUser::SessionJwt("eyJ.a.b".into()),
            r#"{"provider":"microsoft","session_jwt":"eyJ.a.b"}"#,
        ),
    ];
    for (user, body) in cases {
        let server = ScriptedServer::always_json(200, OK);
        let answer = client(&server).send(&attach_with(user)).expect("attach");
        assert_eq!(answer.request_id, "request-id-test-1");
        assert_eq!(
            answer.oauth_attach_token.expose(),
            "oauth-attach-token-test-1"
        );
        assert_eq!(answer.status_code, 200);

        let requests = server.requests();
        assert_eq!(requests.len(), 1);
        let r = &requests[0];
        assert_eq!(r.method, "POST");
        assert_eq!(r.target, "/v1/oauth/attach");
        assert_eq!(r.header("authorization"), Some(AUTH));
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(
            r.header("user-agent"),
            Some(concat!("stytch-runtime/", env!("CARGO_PKG_VERSION")))
        );
        assert_eq!(String::from_utf8(r.body.clone()).unwrap(), body);
    }
}

#[test]
fn base_url_prefix_is_kept() {
    let server = ScriptedServer::always_json(200, OK);
    let client = Client::builder(PROJECT, SECRET)
        .base_url(format!("{}/stytch/", server.base_url()))
        .build()
        .unwrap();
    client
        .send(&attach_with(AttachUser::UserId("u".into())))
        .unwrap();
    assert_eq!(server.requests()[0].target, "/stytch/v1/oauth/attach");
}

#[test]
fn stytch_error_shape_becomes_api_error() {
    let server = ScriptedServer::always_json(
        400,
        r#"{"status_code":400,"request_id":"request-id-test-400","error_type":"invalid_user_id","error_message":"The user_id is not valid.","error_url":"https://stytch.com/docs/api/errors/400"}"#,
    );
    match client(&server).send(&attach_with(AttachUser::UserId("nope".into()))) {
        Err(Error::Api(e)) => {
            assert_eq!(e.status, 400);
            assert_eq!(e.request_id.as_deref(), Some("request-id-test-400"));
            assert_eq!(e.error_type, "invalid_user_id");
            assert_eq!(e.error_message, "The user_id is not valid.");
            assert_eq!(
                e.error_url.as_deref(),
                Some("https://stytch.com/docs/api/errors/400")
            );
            assert_eq!(e.attempts, 1);
        }
        other => panic!("expected Api, got {other:?}"),
    }
}

#[test]
fn oauth2_error_shape_becomes_api_error() {
    let server = ScriptedServer::always_json(
        401,
        r#"{"status_code":401,"request_id":"request-id-test-401","error":"invalid_client","error_description":"Client authentication failed.","error_uri":"https://stytch.com/docs/api/errors/401"}"#,
    );
    match client(&server).send(&attach_with(AttachUser::UserId("u".into()))) {
        Err(Error::Api(e)) => {
            assert_eq!(e.status, 401);
            assert_eq!(e.error_type, "invalid_client");
            assert_eq!(e.error_message, "Client authentication failed.");
            assert_eq!(
                e.error_url.as_deref(),
                Some("https://stytch.com/docs/api/errors/401")
            );
            assert_eq!(e.request_id.as_deref(), Some("request-id-test-401"));
        }
        other => panic!("expected Api, got {other:?}"),
    }
}

#[test]
fn html_502_keeps_status_and_body_prefix() {
    let server = ScriptedServer::start(|_, _| {
        Reply::Status(
            502,
            vec![("content-type", "text/html".to_owned())],
            b"<html><body><h1>502 Bad Gateway</h1></body></html>".to_vec(),
        )
    });
    match client(&server).send(&attach_with(AttachUser::UserId("u".into()))) {
        Err(Error::UnexpectedResponse {
            status,
            body_prefix,
            request_id,
            ..
        }) => {
            assert_eq!(status, 502);
            assert!(body_prefix.contains("502 Bad Gateway"), "{body_prefix}");
            assert_eq!(request_id, None);
        }
        other => panic!("expected UnexpectedResponse, got {other:?}"),
    }
}

#[test]
fn non_json_200_is_unexpected_response() {
    let server = ScriptedServer::start(|_, _| Reply::Status(200, vec![], b"OK".to_vec()));
    match client(&server).send(&attach_with(AttachUser::UserId("u".into()))) {
        Err(Error::UnexpectedResponse {
            status,
            body_prefix,
            ..
        }) => {
            assert_eq!(status, 200);
            assert_eq!(body_prefix, "OK");
        }
        other => panic!("expected UnexpectedResponse, got {other:?}"),
    }
}

#[test]
fn json_200_of_the_wrong_shape_is_decode_error_naming_the_field() {
    let server = ScriptedServer::always_json(
        200,
        r#"{"request_id":"request-id-test-9","status_code":200}"#,
    );
    let err = client(&server)
        .send(&attach_with(AttachUser::UserId("u".into())))
        .unwrap_err();
    match &err {
        Error::Decode {
            reason, request_id, ..
        } => {
            assert!(reason.contains("oauth_attach_token"), "{reason}");
            assert_eq!(request_id.as_deref(), Some("request-id-test-9"));
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert!(err.to_string().contains("POST /v1/oauth/attach"), "{err}");
}

#[test]
fn connection_refused_is_transport_error() {
    // Bind then drop a listener to get a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder(PROJECT, SECRET)
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    match client.send(&attach_with(AttachUser::UserId("u".into()))) {
        Err(Error::Transport {
            before_send,
            attempts,
            ..
        }) => {
            assert!(before_send);
            assert_eq!(attempts, 1);
        }
        other => panic!("expected Transport, got {other:?}"),
    }
}

#[test]
fn server_that_never_answers_times_out_within_the_bound() {
    let server = ScriptedServer::start(|_, _| Reply::Hang);
    let client = Client::builder(PROJECT, SECRET)
        .base_url(server.base_url())
        .timeout(Duration::from_millis(500))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let result = client.send(&attach_with(AttachUser::UserId("u".into())));
    let elapsed = started.elapsed();
    match result {
        Err(Error::Timeout { after, .. }) => assert_eq!(after, Duration::from_millis(500)),
        other => panic!("expected Timeout, got {other:?}"),
    }
    // Generous margin: the bound is 500 ms.
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    assert!(elapsed >= Duration::from_millis(450), "took {elapsed:?}");
}

#[test]
fn secrets_never_appear_in_debug_or_errors() {
    let server = ScriptedServer::always_json(400, r#"{"error_type":"x","error_message":"y"}"#);
    let client = client(&server);
    let call = Attach::builder()
        .provider("google")
        .session_token("session-token-SECRET-VALUE")
        .build();
    let err = client.send(&call).unwrap_err();
    for text in [
        format!("{client:?}"),
        format!("{call:?}"),
        format!("{err:?}"),
        err.to_string(),
        format!("{:?}", AttachUser::SessionJwt("jwt-SECRET-VALUE".into())),
    ] {
        assert!(!text.contains(SECRET), "{text}");
        assert!(!text.contains("SECRET-VALUE"), "{text}");
        assert!(!text.contains(&AUTH[6..]), "{text}");
    }
}
