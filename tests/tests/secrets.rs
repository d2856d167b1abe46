//! No secret in any output: the client, every parameters type, every
//! response type that carries a token, and one value of every error variant
//! are formatted with `Debug` and (where they have it) `Display`, with
//! secrets set everywhere they can be, and searched for the secrets.

use std::time::Duration;

use serde_json::json;
use stytch_endpoints::oauth::{Attach, AttachResponse, AttachUser};
use stytch_endpoints::{
    CallOptions, Client, Error, FieldSource, FromFields, Location, RetryPolicy, Route,
};
use stytch_tests::retry_classes::{PROJECT, SECRET, refused_url};
use stytch_tests::{Reply, ScriptedServer};

const SESSION_TOKEN: &str = "session-token-SECRET-mZAYn5aLEqKUlZ_Ad9U";
const SESSION_JWT: &str = "eyJhbGciOiJSUzI1NiJ9.SECRET-jwt-payload.c2lnbmF0dXJl";
const ATTACH_TOKEN: &str = "oauth-attach-token-SECRET-4d5e6f";
/// base64 of "project-test-...:secret-test-FIXTURE-..." (the Basic auth
/// value), checked so an encoded secret cannot slip through either.
fn basic_auth() -> String {
    stytch_endpoints::runtime::encode::base64(format!("{PROJECT}:{SECRET}").as_bytes())
}

fn assert_clean(what: &str, text: &str) {
    for secret in [SECRET, SESSION_TOKEN, SESSION_JWT, ATTACH_TOKEN, "SECRET"] {
        assert!(!text.contains(secret), "{what} shows a secret: {text}");
    }
    assert!(
        !text.contains(&basic_auth()),
        "{what} shows the auth header: {text}"
    );
}

fn client_for(base_url: &str) -> Client {
    Client::builder(PROJECT, SECRET)
        .base_url(base_url)
        .retry(RetryPolicy::none())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap()
}

fn by_token() -> Attach {
    Attach::builder()
        .provider("google")
        .session_token(SESSION_TOKEN)
        .build()
}

/// Calls a server that answers every request with `reply`.
fn error_from(reply: fn() -> Reply, max_body: usize) -> Error {
    let server = ScriptedServer::start(move |_, _| reply());
    let client = Client::builder(PROJECT, SECRET)
        .base_url(server.base_url())
        .retry(RetryPolicy::none())
        .max_response_bytes(max_body)
        .build()
        .unwrap();
    client
        .send_with(
            &by_token(),
            &CallOptions::new().timeout(Duration::from_millis(300)),
        )
        .unwrap_err()
}

#[test]
fn client_and_params_never_show_secrets() {
    let client = client_for("http://127.0.0.1:9");
    assert_clean("Client", &format!("{client:?} {client:#?}"));
    let builder = Client::builder(PROJECT, SECRET);
    assert_clean("ClientBuilder", &format!("{builder:?}"));
    let calls = [
        by_token(),
        Attach::builder()
            .provider("google")
            .session_jwt(SESSION_JWT)
            .build(),
        Attach::builder()
            .provider("google")
            .user(AttachUser::SessionToken(SESSION_TOKEN.into()))
            .build(),
    ];
    for call in &calls {
        let text = format!("{call:?} {call:#?}");
        assert_clean("Attach", &text);
        assert!(
            text.contains("google"),
            "non-secret fields stay visible: {text}"
        );
    }
    for user in [
        AttachUser::SessionToken(SESSION_TOKEN.into()),
        AttachUser::SessionJwt(SESSION_JWT.into()),
    ] {
        assert_clean("AttachUser", &format!("{user:?} {user:#?}"));
    }
    let answer: AttachResponse = serde_json::from_value(json!({
        "request_id": "request-id-test-1",
        "oauth_attach_token": ATTACH_TOKEN,
        "status_code": 200,
    }))
    .unwrap();
    assert_clean("AttachResponse", &format!("{answer:?} {answer:#?}"));
    assert_eq!(answer.oauth_attach_token.expose(), ATTACH_TOKEN);
}

#[test]
fn no_error_variant_shows_secrets() {
    let mut errors: Vec<(&str, Error)> = vec![
        (
            "Api",
            error_from(
                || {
                    Reply::json(
                        400,
                        r#"{"status_code":400,"request_id":"r-1","error_type":"session_not_found","error_message":"No session."}"#,
                    )
                },
                1 << 20,
            ),
        ),
        (
            "UnexpectedResponse",
            error_from(
                || Reply::Status(502, vec![], b"<html>bad gateway</html>".to_vec()),
                1 << 20,
            ),
        ),
        (
            "Decode",
            // The token lands in a field of the wrong type: serde would quote it.
            error_from(
                || {
                    Reply::json(
                        200,
                        r#"{"request_id":"r-2","oauth_attach_token":"oauth-attach-token-SECRET-4d5e6f","status_code":"oauth-attach-token-SECRET-4d5e6f"}"#,
                    )
                },
                1 << 20,
            ),
        ),
        (
            "ResponseTooLarge",
            error_from(
                || Reply::json(200, r#"{"padding":"xxxxxxxxxxxxxxxxxxxxxxxxxxxx"}"#),
                8,
            ),
        ),
        ("Transport (reset)", error_from(|| Reply::Reset, 1 << 20)),
        ("Timeout", error_from(|| Reply::Hang, 1 << 20)),
    ];
    errors.push((
        "Transport (refused)",
        client_for(&refused_url()).send(&by_token()).unwrap_err(),
    ));
    // Two members of the group set, both secret: decoding must refuse
    // without quoting either.
    let mut body = JsonFields(
        json!({
            "provider": "google",
            "session_token": SESSION_TOKEN,
            "session_jwt": SESSION_JWT,
        })
        .as_object()
        .cloned()
        .unwrap_or_default(),
    );
    errors.push((
        "InvalidRequest",
        Attach::from_fields(&mut body).unwrap_err(),
    ));
    errors.push((
        "Config",
        Client::builder(PROJECT, SECRET)
            .base_url(format!("https://{PROJECT}:{SECRET}@gw.example"))
            .build()
            .unwrap_err(),
    ));

    let expected = [
        "Api",
        "UnexpectedResponse",
        "Decode",
        "ResponseTooLarge",
        "Transport",
        "Timeout",
        "Transport",
        "InvalidRequest",
        "Config",
    ];
    for ((what, err), variant) in errors.iter().zip(expected) {
        let debug = format!("{err:?}");
        assert!(debug.starts_with(variant), "{what}: {debug}");
        assert_clean(what, &format!("{debug} {err:#?} {err}"));
        if let Error::Api(api) = err {
            assert_clean(what, &format!("{api} {api:?}"));
        }
    }
}

/// A request decoder of the simplest kind: every field from one JSON object.
/// Any such source can rebuild a declaration through `FromFields`, which
/// then checks the declared rules.
struct JsonFields(serde_json::Map<String, serde_json::Value>);

impl<T: serde::de::DeserializeOwned> FieldSource<T> for JsonFields {
    fn field(&mut self, _: Location, name: &'static str) -> Result<T, Error> {
        let value = self.0.remove(name).unwrap_or(serde_json::Value::Null);
        serde_json::from_value(value).map_err(|_| {
            Error::invalid_request(Route::of::<Attach>(), format!("field `{name}` is invalid"))
        })
    }
}
