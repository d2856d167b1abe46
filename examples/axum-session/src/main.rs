//! An axum server whose routes need a Stytch session: a middleware reads the
//! session JWT (the `stytch_session_jwt` cookie, or `Authorization: Bearer`),
//! checks it locally, and hands the handler the session.
//!
//! - The local check ([`JwtVerifier::authenticate_local`]) is a signature
//!   check and a few comparisons, tens of microseconds: it runs inline on the
//!   async worker. It makes no call because the project's keys are fetched
//!   on a blocking thread at start and every 4 minutes
//!   ([`JwtVerifier::refresh_keys`]), before they are 5 minutes old.
//! - Only when the local check cannot decide (the token is older than the
//!   accepted age, expired, or signed by a key we do not know yet) is the
//!   API asked ([`JwtVerifier::authenticate_remote`]), a blocking HTTP call,
//!   through `tokio::task::spawn_blocking` so no async worker waits on it.
//!   The API's answer carries a fresh JWT, set back as the cookie.
//!
//! ```sh
//! STYTCH_PROJECT_ID=project-test-... STYTCH_SECRET=secret-test-... cargo run
//! # or against stytch-local: STYTCH_BASE_URL=http://127.0.0.1:4010/ with its test project;
//! # LISTEN=127.0.0.1:0 picks a free port
//! curl -H "Authorization: Bearer $SESSION_JWT" http://127.0.0.1:3000/me
//! ```

use std::time::Duration;

use axum::Extension;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use stytch_endpoints::Client;
use stytch_endpoints::sessions::{CheckedBy, JwtOptions, JwtSession, JwtVerifier};

const COOKIE: &str = "stytch_session_jwt";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let project = std::env::var("STYTCH_PROJECT_ID")?;
    let secret = std::env::var("STYTCH_SECRET")?;
    let mut builder = Client::builder(project, secret);
    if let Ok(base_url) = std::env::var("STYTCH_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    let client = builder.build()?;
    // Tokens up to 60 s old are trusted without asking the API; older ones
    // are checked against the live session (which may have been revoked).
    let verifier =
        JwtVerifier::new(&client).options(JwtOptions::new().max_token_age(Duration::from_secs(60)));

    // The keys, fetched before the first request and kept fresh off the
    // request path.
    let v = verifier.clone();
    tokio::task::spawn_blocking(move || v.refresh_keys()).await??;
    let v = verifier.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(4 * 60));
        every.tick().await;
        loop {
            every.tick().await;
            let v = v.clone();
            // A failed refresh keeps the old keys; the next tick tries again.
            let _ = tokio::task::spawn_blocking(move || v.refresh_keys()).await;
        }
    });

    let app = Router::new()
        .route("/me", get(me))
        .layer(middleware::from_fn_with_state(verifier, require_session));
    let listen = std::env::var("LISTEN").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}

/// A route that needs a session: it finds it in the request's extensions.
async fn me(Extension(session): Extension<JwtSession>) -> String {
    format!(
        "user {} in session {}\n",
        session.user_id(),
        session.session.session_id
    )
}

/// Checks the request's session JWT: inline when the local check decides,
/// on a blocking thread when only the API can. No session: 401.
async fn require_session(
    State(verifier): State<JwtVerifier>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(jwt) = session_jwt(request.headers()) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let session = match verifier.authenticate_local(&jwt) {
        Ok(session) => session,
        Err(e) if e.api_can_settle() => {
            let v = verifier.clone();
            match tokio::task::spawn_blocking(move || v.authenticate_remote(&jwt)).await {
                Ok(Ok(session)) => session,
                // Revoked, expired or unknown: the caller must log in again.
                Ok(Err(_)) => return StatusCode::UNAUTHORIZED.into_response(),
                Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            }
        }
        // Forged, malformed, or for another project.
        Err(_) => return StatusCode::UNAUTHORIZED.into_response(),
    };
    let fresh = match &session.checked_by {
        CheckedBy::Api(answer) => Some(answer.session_jwt.expose().to_owned()),
        _ => None,
    };
    request.extensions_mut().insert(session);
    let mut response = next.run(request).await;
    if let Some(jwt) = fresh {
        let cookie = format!("{COOKIE}={jwt}; Path=/; HttpOnly; Secure; SameSite=Lax");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// The session JWT from `Authorization: Bearer ...` or the session cookie.
fn session_jwt(headers: &HeaderMap) -> Option<String> {
    if let Some(bearer) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    {
        return Some(bearer.trim().to_owned());
    }
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('='))
        .map(str::to_owned)
}
