//! An endpoint declared in this crate (not shipped by stytch-endpoints),
//! with its own group, sent to the local Stytch-compatible server; and the
//! server's own checks.

use stytch_endpoints::oauth::Attach;
use stytch_endpoints::{Client, Error};
use stytch_local::{self as local, LocalServer, LocalServerConfig};

mod declared_here {
    use stytch_endpoints::{Secret, endpoint, one_of};

    /// Our own answer type: only the fields this crate cares about.
    #[derive(serde::Deserialize, Debug)]
    pub struct AttachBySessionResponse {
        pub request_id: String,
        pub oauth_attach_token: Secret,
    }

    /// The attach call, restricted to session credentials.
    #[endpoint(POST "/v1/oauth/attach", response = AttachBySessionResponse)]
    #[one_of(session_token, session_jwt, name = session)]
    pub struct AttachBySession {
        /// The OAuth provider.
        provider: String,
        /// A session token.
        session_token: Option<String>,
        /// A session JWT.
        session_jwt: Option<String>,
    }

    /// A value built without the builder: a struct literal in the defining
    /// module can break the group rule.
    pub fn literal(token: Option<&str>, jwt: Option<&str>) -> AttachBySession {
        AttachBySession {
            provider: "google".to_owned(),
            session_token: token.map(str::to_owned),
            session_jwt: jwt.map(str::to_owned),
        }
    }
}

use declared_here::{AttachBySession, AttachBySessionSession};

#[test]
fn consumer_declared_endpoint_reaches_the_local_server() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    let by_token = AttachBySession::builder()
        .provider("google")
        .session_token(local::DEMO_SESSION_TOKEN)
        .send(&client)
        .unwrap();
    assert!(by_token.request_id.starts_with("request-id-test-"));
    assert!(!by_token.oauth_attach_token.expose().is_empty());

    let by_jwt = AttachBySession::builder()
        .provider("google")
        .session(AttachBySessionSession::SessionJwt(
            local::DEMO_SESSION_JWT.to_owned(),
        ))
        .send(&client)
        .unwrap();
    assert_ne!(
        by_jwt.oauth_attach_token, by_token.oauth_attach_token,
        "tokens are fresh"
    );
    assert_eq!(server.requests_served(), 2);
}

#[test]
fn values_that_bypass_the_builder_are_rejected_before_any_io() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    for (token, jwt, found) in [
        (Some("a"), Some("b"), "2 are set"),
        (None, None, "none is set"),
    ] {
        let err = client
            .send(&declared_here::literal(token, jwt))
            .unwrap_err();
        match &err {
            Error::InvalidRequest { reason, .. } => {
                assert!(
                    reason.contains("exactly one of `session_token`, `session_jwt`"),
                    "{reason}"
                );
                assert!(reason.contains(found), "{reason}");
            }
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
        assert_eq!(err.attempts(), 0);
    }
    assert_eq!(
        server.connections_accepted(),
        0,
        "nothing may leave the process"
    );
}

#[test]
fn wrong_credentials_get_a_stytch_shaped_401() {
    let server = LocalServer::start_with(LocalServerConfig {
        secret: "the-right-secret".to_owned(),
        ..LocalServerConfig::default()
    })
    .unwrap();
    let client = Client::builder(server.project_id(), "a-wrong-secret")
        .base_url(server.base_url())
        .build()
        .unwrap();
    let call = Attach::builder()
        .provider("google")
        .user_id(local::DEMO_USER_ID)
        .build();
    match client.send(&call) {
        Err(Error::Api(e)) => {
            assert_eq!(e.status, 401);
            assert_eq!(e.error_type, "unauthorized_credentials");
            assert!(e.request_id.is_some());
            assert_eq!(
                e.error_url.as_deref(),
                Some("https://stytch.com/docs/api/errors/401")
            );
        }
        other => panic!("expected a 401, got {other:?}"),
    }
}

#[test]
fn unknown_user_gets_a_stytch_shaped_404() {
    let server = LocalServer::start().unwrap();
    let call = Attach::builder()
        .provider("google")
        .user_id("user-test-nobody")
        .build();
    match server.client().send(&call) {
        Err(Error::Api(e)) => {
            assert_eq!(e.status, 404);
            assert_eq!(e.error_type, "user_not_found");
        }
        other => panic!("expected a 404, got {other:?}"),
    }
}

fn raw_call(server: &LocalServer, body: &str) -> (u16, serde_json::Value) {
    stytch_tests::raw_post(server, "/v1/oauth/attach", body)
}

#[test]
fn the_server_enforces_the_same_rules_as_the_builder() {
    let server = LocalServer::start().unwrap();
    let (status, body) = raw_call(
        &server,
        &format!(
            r#"{{"provider":"google","user_id":"{}","session_jwt":"x"}}"#,
            local::DEMO_USER_ID
        ),
    );
    assert_eq!(status, 400);
    assert_eq!(body["error_type"], "invalid_request");
    let message = body["error_message"].as_str().unwrap();
    assert!(
        message.contains("exactly one of `user_id`, `session_token`, `session_jwt`"),
        "{message}"
    );

    let (status, body) = raw_call(
        &server,
        &format!(r#"{{"user_id":"{}"}}"#, local::DEMO_USER_ID),
    );
    assert_eq!(status, 400);
    assert!(
        body["error_message"]
            .as_str()
            .unwrap()
            .contains("missing required field `provider`")
    );

    let (status, body) = raw_call(&server, r#"{"provider":7,"user_id":"u"}"#);
    assert_eq!(status, 400);
    assert!(
        body["error_message"]
            .as_str()
            .unwrap()
            .contains("field `provider` has the wrong type")
    );

    let (status, body) = raw_call(&server, "{not json");
    assert_eq!(status, 400);
    assert_eq!(body["error_type"], "invalid_json");
    assert_eq!(body["status_code"], 400);
}

mod own_route {
    use stytch_endpoints::endpoint;

    /// The answer, shaped like the spec's `b2b.models.organizations.DeleteResponse`.
    #[derive(serde::Deserialize, Debug)]
    pub struct DeleteOrganizationResponse {
        pub request_id: String,
        pub status_code: u16,
        pub organization_id: String,
    }

    /// An endpoint this crate ships no declaration for (a B2B call).
    #[endpoint(DELETE "/v1/b2b/organizations/{organization_id}", response = DeleteOrganizationResponse)]
    pub struct DeleteOrganization {
        organization_id: String,
    }
}

#[test]
fn tests_can_add_routes_for_their_own_endpoints() {
    use own_route::DeleteOrganization;
    use stytch_local::LocalError;

    let config = LocalServerConfig::default().route(|call: DeleteOrganization| {
        if call.organization_id() == "organization-test-1" {
            Ok(serde_json::json!({ "organization_id": call.organization_id() }))
        } else {
            Err(LocalError::new(
                404,
                "organization_not_found",
                "no organization has this id",
            ))
        }
    });
    let server = LocalServer::start_with(config).unwrap();
    let client = server.client();

    let answer = DeleteOrganization::builder()
        .organization_id("organization-test-1")
        .send(&client)
        .unwrap();
    assert_eq!(answer.organization_id, "organization-test-1");
    assert_eq!(answer.status_code, 200);
    assert!(answer.request_id.starts_with("request-id-test-"));

    match DeleteOrganization::builder()
        .organization_id("organization-test-2")
        .send(&client)
    {
        Err(Error::Api(e)) => {
            assert_eq!(
                (e.status, e.error_type.as_str()),
                (404, "organization_not_found")
            );
            assert_eq!(e.error_message, "no organization has this id");
        }
        other => panic!("expected a 404, got {other:?}"),
    }
    // Built-in routes still answer on the same server.
    let call = Attach::builder()
        .provider("google")
        .user_id(local::DEMO_USER_ID)
        .build();
    let answer = client.send(&call).unwrap();
    assert_eq!(answer.status_code, 200);
    assert!(
        answer.request_id.starts_with("request-id-test-"),
        "{answer:?}"
    );
    let token = answer.oauth_attach_token.expose();
    assert!(token.starts_with("oauth-attach-token-test-"), "{answer:?}");
    assert!(token.len() > "oauth-attach-token-test-".len(), "{answer:?}");
}
