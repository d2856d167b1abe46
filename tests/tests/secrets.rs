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
    let shown = format!("{builder:?}");
    assert_clean("ClientBuilder", &shown);
    // The secret's place is there, marked; the rest is shown.
    assert!(
        shown.starts_with(&format!(
            "ClientBuilder {{ project_id: {PROJECT:?}, secret: \"[redacted]\", base_url: None, "
        )),
        "{shown}"
    );
    let with_proxy =
        Client::builder(PROJECT, SECRET).proxy(format!("http://u:{SECRET}@proxy.example:3128"));
    let shown = format!("{with_proxy:#?}");
    assert_clean("ClientBuilder with proxy credentials", &shown);
    assert!(
        shown.contains("\n    proxy: Url(\"http://proxy.example:3128\"),\n"),
        "{shown}"
    );
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

/// Calls a server whose answer is built from the request it received (so
/// it can quote it) and returns the error.
fn error_echoing(
    call: &Attach,
    reply: impl Fn(&stytch_tests::Recorded) -> Reply + Send + Sync + 'static,
) -> Error {
    let server = ScriptedServer::start(move |_, request| reply(request));
    client_for(&server.base_url()).send(call).unwrap_err()
}

fn by_jwt() -> Attach {
    Attach::builder()
        .provider("google")
        .session_jwt(SESSION_JWT)
        .build()
}

#[test]
fn answers_that_echo_the_request_leave_no_secret_in_errors() {
    let mut errors: Vec<(&str, Error)> = Vec::new();
    // A gateway page quoting the request head and body, with the auth header
    // straddling the point where the body prefix is cut.
    errors.push((
        "gateway page",
        error_echoing(&by_token(), |request| {
            let mut page = format!("<html><pre>{}", "x".repeat(120));
            for (name, value) in &request.headers {
                page.push_str(&format!("\n{name}: {value}"));
            }
            page.push_str(&String::from_utf8_lossy(&request.body));
            Reply::Status(502, vec![], page.into_bytes())
        }),
    ));
    // Stytch's shape, quoting the token in every text field (and the
    // request body raw, escapes and all, in the details).
    errors.push((
        "api error",
        error_echoing(&by_token(), |request| {
            let body = String::from_utf8_lossy(&request.body).into_owned();
            Reply::json(
                400,
                &json!({
                    "status_code": 400,
                    "request_id": SESSION_TOKEN,
                    "error_type": format!("bad_{SESSION_TOKEN}"),
                    "error_message": format!("Session {SESSION_TOKEN} not found; you sent {body}"),
                    "error_url": format!("https://stytch.com/docs?t={SESSION_TOKEN}"),
                    "error_details": { "token": SESSION_TOKEN, SESSION_TOKEN: [SESSION_TOKEN] },
                })
                .to_string(),
            )
        }),
    ));
    // The OAuth2 shape quoting a JWT and the secret.
    errors.push((
        "oauth2 error",
        error_echoing(&by_jwt(), |_| {
            Reply::json(
                401,
                &json!({
                    "error": "invalid_client",
                    "error_description": format!("jwt {SESSION_JWT} with secret {SECRET}"),
                })
                .to_string(),
            )
        }),
    ));
    // A 200 that does not fit, with the token as its request id and an
    // echo of the body in a field of the wrong type.
    errors.push((
        "decode",
        error_echoing(&by_jwt(), |request| {
            let body = String::from_utf8_lossy(&request.body).into_owned();
            Reply::json(
                200,
                &json!({
                    "request_id": SESSION_JWT,
                    "oauth_attach_token": ATTACH_TOKEN,
                    "status_code": body,
                })
                .to_string(),
            )
        }),
    ));
    // A 200 that is not JSON, quoting the auth header.
    errors.push((
        "not json",
        error_echoing(&by_token(), |request| {
            let auth = request
                .header("authorization")
                .unwrap_or_default()
                .to_owned();
            Reply::Status(200, vec![], format!("OK {auth}").into_bytes())
        }),
    ));
    // A JSON array quoting the token as a request id.
    errors.push((
        "json array",
        error_echoing(&by_token(), |_| {
            Reply::json(
                503,
                &json!({"request_id": SESSION_TOKEN, "message": SECRET}).to_string(),
            )
        }),
    ));
    for (what, err) in &errors {
        let text = format!("{err:?} {err:#?} {err}");
        assert_clean(what, &text);
        assert!(text.contains("[redacted]"), "{what}: {text}");
        if let Error::Api(api) = err {
            assert_clean(what, &format!("{api} {api:?}"));
            // What was not sent stays readable.
            assert!(api.error_message.contains("not found") || api.error_message.contains("jwt"));
        }
    }
}
