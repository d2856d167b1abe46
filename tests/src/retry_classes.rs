//! Small endpoints and helpers shared by the fault, concurrency and property
//! tests: one endpoint per retry class, declared the way a user would.

use std::time::{Duration, Instant};

use serde::Deserialize;
use stytch_endpoints::{Client, RetryPolicy, endpoint};

use crate::ScriptedServer;

/// Project id the fixtures' clients use.
pub const PROJECT: &str = "project-test-11111111-2222-3333-4444-555555555555";
/// Secret the fixtures' clients use; no test output may ever contain it.
pub const SECRET: &str = "secret-test-FIXTURE-abcdefghijklmnopqrstuvwxyz";
/// A well-formed answer for every fixture endpoint.
pub const OK_BODY: &str = r#"{"request_id":"request-id-test-ok","status_code":200}"#;

/// The answer of every fixture endpoint.
#[derive(Debug, Clone, Deserialize)]
pub struct Ack {
    /// The request id the server sent.
    pub request_id: String,
    /// The status code the server put in the body.
    pub status_code: u16,
}

/// A read: `GET`, so retried after any failure that may be transient.
#[endpoint(GET "/v1/test/items/{item_id}", response = Ack)]
pub struct GetItem {
    /// The item to read.
    item_id: String,
}

/// A write: `POST` without `idempotent`, so never sent twice once it may have
/// reached the server.
#[endpoint(POST "/v1/test/items", response = Ack)]
pub struct CreateItem {
    /// The item's name.
    name: String,
}

/// A `POST` declared `idempotent` (a lookup), so retried like a `GET`.
#[endpoint(POST "/v1/test/items/search", response = Ack, idempotent)]
pub struct SearchItems {
    /// What to look for.
    query: String,
}

/// A `GET /v1/test/items/item-1` call.
pub fn get_item() -> GetItem {
    GetItem::builder().item_id("item-1").build()
}

/// A `POST /v1/test/items` call.
pub fn create_item() -> CreateItem {
    CreateItem::builder().name("widget").build()
}

/// A `POST /v1/test/items/search` call.
pub fn search_items() -> SearchItems {
    SearchItems::builder().query("widget").build()
}

/// A fast retry policy for tests: 3 attempts, 10 ms base delay.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(3)
        .base_delay(Duration::from_millis(10))
}

/// A client for `server` with `policy` and a 2 s exchange bound.
pub fn client_for(server: &ScriptedServer, policy: RetryPolicy) -> Client {
    Client::builder(PROJECT, SECRET)
        .base_url(server.base_url())
        .timeout(Duration::from_secs(2))
        .retry(policy)
        .build()
        .expect("client for a loopback server")
}

/// Runs `f` and returns its result with the time it took.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let out = f();
    (out, started.elapsed())
}

/// A base URL on 127.0.0.1 where nothing listens: a port that was bound and
/// released again.
pub fn refused_url() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(9);
    format!("http://127.0.0.1:{port}")
}
