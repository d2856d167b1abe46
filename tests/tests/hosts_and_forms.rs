//! The `#[endpoint]` options for calls that leave the usual shape: `host =
//! fraud` (the fraud products' own host), `body = form` (an
//! `application/x-www-form-urlencoded` body) and a `{project_id}` path
//! segment that the client fills in. Checked on the wire against scripted
//! servers, and through the local server, which decodes both body formats
//! with the same declarations.

use serde_json::json;
use stytch_endpoints::{BodyFormat, Client, Endpoint, Host, RetryPolicy, endpoint};
use stytch_local::{LocalError, LocalServer, LocalServerConfig};
use stytch_tests::ScriptedServer;

const PROJECT: &str = "project-test-11111111-2222-3333-4444-555555555555";
const SECRET: &str = "secret-test-abcdefghijklmnopqrstuvwxyz012345";
const OK: &str = r#"{"request_id":"request-id-test-1","status_code":200}"#;

/// Any answer with a request id.
#[derive(serde::Deserialize, Debug)]
pub struct Done {
    /// The id of the call.
    pub request_id: String,
}

/// A fraud-product call: served by the fraud host.
#[endpoint(POST "/v1/fingerprint/lookup", response = Done, host = fraud)]
pub struct Lookup {
    telemetry_id: String,
    external_metadata: Option<serde_json::Map<String, serde_json::Value>>,
}

/// A form-encoded call under the project's public path.
#[endpoint(POST "/v1/public/{project_id}/oauth2/introspect", response = Done, body = form)]
pub struct Introspect {
    token: String,
    client_id: Option<String>,
    token_type_hint: Option<String>,
    expires_in: Option<u32>,
}

/// A call whose `{project_id}` is a field the caller sets: the field wins.
#[endpoint(GET "/v1/things/{project_id}", response = Done)]
pub struct ThingsOf {
    project_id: String,
}

fn client(api: &ScriptedServer, fraud: &ScriptedServer) -> Client {
    Client::builder(PROJECT, SECRET)
        .base_url(api.base_url())
        .fraud_base_url(fraud.base_url())
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

#[test]
fn the_options_reach_the_endpoint_trait() {
    assert_eq!(Lookup::HOST, Host::Fraud);
    assert_eq!(Lookup::BODY, BodyFormat::Json);
    assert_eq!(Introspect::HOST, Host::Api);
    assert_eq!(Introspect::BODY, BodyFormat::Form);
    assert_eq!(
        BodyFormat::Form.content_type(),
        "application/x-www-form-urlencoded"
    );
}

#[test]
fn a_fraud_call_goes_to_the_fraud_base_url_and_others_do_not() {
    let api = ScriptedServer::always_json(200, OK);
    let fraud = ScriptedServer::always_json(200, OK);
    let client = client(&api, &fraud);
    assert_eq!(client.fraud_base_url(), fraud.base_url());

    let answer = Lookup::builder()
        .telemetry_id("026ac93b-8cdf-4d4e-a3fd-7b8d4e4e8d1b")
        .send(&client)
        .unwrap();
    assert_eq!(answer.request_id, "request-id-test-1");
    let seen = fraud.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].target, "/v1/fingerprint/lookup");
    assert_eq!(
        seen[0].header("host"),
        fraud.base_url().strip_prefix("http://")
    );
    assert!(seen[0].header("authorization").is_some());
    assert!(api.requests().is_empty());

    // An API-host call on the same client goes to the base URL.
    ThingsOf::builder().project_id("p").send(&client).unwrap();
    assert_eq!(api.requests().len(), 1);
    assert_eq!(fraud.requests().len(), 1);
}

#[test]
fn the_default_fraud_host_is_stytchs_telemetry_host_for_test_and_live_projects() {
    for project in [PROJECT, "project-live-11111111-2222-3333-4444-555555555555"] {
        let client = Client::new(project, SECRET);
        assert_eq!(client.fraud_base_url(), "https://telemetry.stytch.com");
        let built = Client::builder(project, SECRET)
            .base_url("http://127.0.0.1:9")
            .build()
            .unwrap();
        // Moving the API base URL does not move the fraud host.
        assert_eq!(built.fraud_base_url(), stytch_endpoints::runtime::FRAUD_URL);
    }
    // The override follows the base URL's rules: plain HTTP only on
    // loopback.
    let err = Client::builder(PROJECT, SECRET)
        .fraud_base_url("http://telemetry.example.com")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("https"), "{err}");
}

#[test]
fn a_form_call_sends_encoded_pairs_and_the_clients_project_id() {
    let api = ScriptedServer::always_json(200, OK);
    let fraud = ScriptedServer::always_json(200, OK);
    let client = client(&api, &fraud);
    Introspect::builder()
        .token("a b+c&d=é")
        .client_id("connected-app-test-1")
        .expires_in(30)
        .send(&client)
        .unwrap();
    let seen = api.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].target,
        format!("/v1/public/{PROJECT}/oauth2/introspect")
    );
    assert_eq!(
        seen[0].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8(seen[0].body.clone()).unwrap(),
        "token=a%20b%2Bc%26d%3D%C3%A9&client_id=connected-app-test-1&expires_in=30"
    );

    // A JSON call on the same client still says JSON.
    Lookup::builder().telemetry_id("t").send(&client).unwrap();
    assert_eq!(
        fraud.requests()[0].header("content-type"),
        Some("application/json")
    );

    // A field named `project_id` is the caller's, not the client's.
    ThingsOf::builder()
        .project_id("other/one")
        .send(&client)
        .unwrap();
    assert_eq!(api.requests()[1].target, "/v1/things/other%2Fone");
}

#[test]
fn the_local_server_decodes_form_bodies_and_serves_the_fraud_host() {
    let config = LocalServerConfig::default()
        .route(|call: Introspect| {
            if call.token() != "a b+c&d=é" {
                return Err(LocalError::new(400, "invalid_token", "unexpected token"));
            }
            Ok(json!({ "client_id": call.client_id(), "expires_in": call.expires_in() }))
        })
        .route(|call: Lookup| Ok(json!({ "telemetry_id": call.telemetry_id() })));
    let server = LocalServer::start_with(config).unwrap();
    let client = server.client();
    assert_eq!(client.fraud_base_url(), server.base_url());
    Introspect::builder()
        .token("a b+c&d=é")
        .client_id("c")
        .expires_in(30)
        .send(&client)
        .unwrap();
    Lookup::builder().telemetry_id("t").send(&client).unwrap();

    // The server's answers, raw: the decoded form values come back typed.
    let http = |content_type: &str, body: &str| {
        stytch_tests::raw_request(
            &server,
            "POST",
            &format!("/v1/public/{}/oauth2/introspect", server.project_id()),
            Some((content_type, body.as_bytes())),
        )
    };
    let (status, body) = http(
        "application/x-www-form-urlencoded",
        "token=a+b%2Bc%26d%3D%C3%A9&client_id=c&expires_in=30",
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["client_id"], "c");
    assert_eq!(body["expires_in"], 30);
    // A JSON body to a form endpoint is refused, naming the expected type.
    let (status, body) = http("application/json", r#"{"token":"x"}"#);
    assert_eq!(status, 400);
    assert_eq!(body["error_type"], "invalid_content_type");
    assert!(
        body["error_message"]
            .as_str()
            .unwrap()
            .contains("application/x-www-form-urlencoded")
    );
    // A number field that is not a number, and a malformed escape.
    let (status, body) = http(
        "application/x-www-form-urlencoded",
        "token=x&expires_in=soon",
    );
    assert_eq!(
        (status, body["error_type"].as_str()),
        (400, Some("invalid_request"))
    );
    assert!(
        body["error_message"]
            .as_str()
            .unwrap()
            .contains("expires_in"),
        "{body}"
    );
    let (status, _) = http("application/x-www-form-urlencoded", "token=%zz");
    assert_eq!(status, 400);
}
