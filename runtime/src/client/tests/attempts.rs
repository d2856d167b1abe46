//! The attempt loop (`Client::attempts`) against a scripted server on
//! 127.0.0.1: which failures are retried, how many attempts are made, the
//! rule that a `POST` which may have reached the server is never sent
//! twice, `Retry-After`, the total-time bound, and the per-call options.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Mutex;

use super::*;

/// What the server does with the request it has read.
#[derive(Clone, Copy, Debug)]
enum Reply {
    /// Answers with this status, extra header lines and body.
    Status(u16, &'static str, &'static str),
    /// Closes the connection without answering (after reading it all).
    Close,
    /// Says nothing for this long, then closes.
    Hang(Duration),
}

/// A server that answers request `i` (counted over all connections) with
/// `script[i]`, the last entry repeating, and records `METHOD path`.
struct Server {
    addr: SocketAddr,
    /// `METHOD target` and the body's length, per request.
    requests: Arc<Mutex<Vec<(String, usize)>>>,
}

impl Server {
    fn start(script: &[Reply]) -> Server {
        let script: Arc<[Reply]> = script.into();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let (script, seen) = (Arc::clone(&script), Arc::clone(&seen));
                std::thread::spawn(move || serve(stream, &script, &seen));
            }
        });
        Server { addr, requests }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn requests(&self) -> Vec<String> {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .map(|(r, _)| r.clone())
            .collect()
    }

    fn body_lengths(&self) -> Vec<usize> {
        self.requests.lock().unwrap().iter().map(|r| r.1).collect()
    }
}

fn serve(stream: TcpStream, script: &[Reply], seen: &Mutex<Vec<(String, usize)>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut len = 0usize;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            if line == "\r\n" {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    len = v.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; len];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let index = {
            let mut seen = seen.lock().unwrap();
            let target = request_line
                .split(' ')
                .take(2)
                .collect::<Vec<_>>()
                .join(" ");
            seen.push((target, len));
            seen.len() - 1
        };
        match script[index.min(script.len() - 1)] {
            Reply::Status(status, headers, body) => {
                let head = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n{headers}content-length: {}\r\n\r\n",
                    body.len()
                );
                if writer.write_all(head.as_bytes()).is_err()
                    || writer.write_all(body.as_bytes()).is_err()
                {
                    return;
                }
            }
            Reply::Close => return,
            Reply::Hang(d) => {
                std::thread::sleep(d);
                return;
            }
        }
    }
}

const OK: Reply = Reply::Status(200, "", r#"{"request_id":"request-id-test-ok"}"#);

const fn error(status: u16) -> Reply {
    Reply::Status(
        status,
        "",
        r#"{"status_code":0,"request_id":"request-id-test-err","error_type":"t","error_message":"m"}"#,
    )
}

/// A `GET` with no parameters.
struct Get;

impl Endpoint for Get {
    const METHOD: crate::Method = crate::Method::Get;
    const PATH: &'static str = "/v1/things/1";
    type Response = serde_json::Value;

    fn write_path(&self, out: &mut String, _: &crate::PathContext<'_>) {
        out.push_str(Self::PATH);
    }
}

/// A `POST` declared idempotent.
struct IdempotentPost;

impl Endpoint for IdempotentPost {
    const METHOD: crate::Method = crate::Method::Post;
    const PATH: &'static str = "/v1/things/search";
    const IDEMPOTENT: bool = true;
    type Response = serde_json::Value;

    fn write_path(&self, out: &mut String, _: &crate::PathContext<'_>) {
        out.push_str(Self::PATH);
    }

    fn write_body(&self, out: &mut Vec<u8>) -> Result<bool, Error> {
        out.extend_from_slice(b"{}");
        Ok(true)
    }
}

/// 1 ms backoff: the tests count attempts, not waits.
fn quick() -> RetryPolicy {
    RetryPolicy::default().base_delay(Duration::from_millis(1))
}

fn client(url: &str, policy: RetryPolicy) -> Client {
    Client::builder("project-test-1", "secret-test-1")
        .base_url(url)
        .no_proxy()
        .timeout(Duration::from_secs(5))
        .retry(policy)
        .build()
        .unwrap()
}

/// The status of an `Api` error and its attempts.
fn api(result: Result<serde_json::Value, Error>) -> (u16, u32) {
    match result {
        Err(Error::Api(e)) => (e.status, e.attempts),
        other => panic!("expected an Api error, got {other:?}"),
    }
}

#[test]
fn a_post_answered_500_is_sent_once() {
    let server = Server::start(&[error(500)]);
    let c = client(&server.url(), quick());
    assert_eq!(api(c.send(&Post)), (500, 1));
    assert_eq!(server.requests(), ["POST /v1/things"]);
}

#[test]
fn a_get_answered_5xx_is_retried_up_to_max_attempts() {
    for status in [500, 502, 599] {
        let server = Server::start(&[error(status)]);
        assert_eq!(api(client(&server.url(), quick()).send(&Get)), (status, 3));
        assert_eq!(server.requests().len(), 3, "{status}");
    }
    let server = Server::start(&[error(500)]);
    let five = quick().max_attempts(5);
    assert_eq!(api(client(&server.url(), five).send(&Get)), (500, 5));
    assert_eq!(server.requests(), ["GET /v1/things/1"; 5]);
}

#[test]
fn an_idempotent_post_answered_500_is_retried_like_a_get() {
    let server = Server::start(&[error(500), error(500), OK]);
    let answer = client(&server.url(), quick())
        .send(&IdempotentPost)
        .unwrap();
    assert_eq!(answer["request_id"], "request-id-test-ok");
    assert_eq!(server.requests(), ["POST /v1/things/search"; 3]);
}

#[test]
fn refused_work_is_retried_even_for_a_post() {
    for status in [429, 503] {
        let server = Server::start(&[error(status)]);
        assert_eq!(api(client(&server.url(), quick()).send(&Post)), (status, 3));
        assert_eq!(server.requests().len(), 3, "{status}");
        // And the retry can succeed.
        let server = Server::start(&[error(status), error(status), OK]);
        let answer = client(&server.url(), quick()).send(&Post).unwrap();
        assert_eq!(answer["request_id"], "request-id-test-ok");
        assert_eq!(server.requests().len(), 3, "{status}");
    }
}

#[test]
fn other_statuses_end_the_call_at_once() {
    for status in [400, 401, 404, 409, 499] {
        let server = Server::start(&[error(status)]);
        assert_eq!(api(client(&server.url(), quick()).send(&Get)), (status, 1));
        assert_eq!(server.requests().len(), 1, "{status}");
    }
}

#[test]
fn a_connection_closed_after_sending_retries_a_get_but_not_a_post() {
    let server = Server::start(&[Reply::Close]);
    match client(&server.url(), quick()).send(&Post) {
        Err(Error::Transport {
            before_send: false,
            attempts: 1,
            status: None,
            ..
        }) => {}
        other => panic!("expected one Transport error after sending, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 1);

    let server = Server::start(&[Reply::Close, OK]);
    let answer = client(&server.url(), quick()).send(&Get).unwrap();
    assert_eq!(answer["request_id"], "request-id-test-ok");
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn an_exchange_timeout_retries_a_get_but_not_a_post() {
    let hang = Reply::Hang(Duration::from_secs(3));
    let options = CallOptions::new().timeout(Duration::from_millis(200));
    let server = Server::start(&[hang]);
    let c = client(&server.url(), quick());
    match c.send_with(&Post, &options) {
        Err(Error::Timeout { attempts: 1, .. }) => {}
        other => panic!("expected one Timeout, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 1);
    match c.send_with(&Get, &options) {
        Err(Error::Timeout { attempts: 3, .. }) => {}
        other => panic!("expected a Timeout after 3 attempts, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 4);
}

#[test]
fn a_refused_connection_was_not_sent_and_is_retried_even_for_a_post() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let c = client(&format!("http://127.0.0.1:{port}"), quick());
    match c.send(&Post) {
        Err(Error::Transport {
            before_send: true,
            attempts: 3,
            ..
        }) => {}
        other => panic!("expected Transport before sending after 3 attempts, got {other:?}"),
    }
}

#[test]
fn no_retry_starts_past_max_total() {
    let server = Server::start(&[error(503)]);
    let policy = quick().max_attempts(50).max_total(Duration::ZERO);
    assert_eq!(api(client(&server.url(), policy).send(&Post)), (503, 1));
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn retry_after_replaces_the_backoff() {
    // The backoff (30..60 s) would not fit in max_total: only the server's
    // `Retry-After: 0` lets the retry happen.
    let server = Server::start(&[Reply::Status(429, "retry-after: 0\r\n", "{}"), OK]);
    let policy = RetryPolicy::default()
        .base_delay(Duration::from_secs(60))
        .max_delay(Duration::from_secs(60))
        .max_total(Duration::from_secs(10));
    let started = Instant::now();
    let answer = client(&server.url(), policy).send(&Post).unwrap();
    assert_eq!(answer["request_id"], "request-id-test-ok");
    assert_eq!(server.requests().len(), 2);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_retry_after_past_a_custom_max_retry_after_is_returned_at_once() {
    let server = Server::start(&[Reply::Status(
        429,
        "retry-after: 2\r\n",
        r#"{"status_code":429,"request_id":"request-id-test-429","error_type":"too_many_requests","error_message":"slow down"}"#,
    )]);
    let policy = quick().max_retry_after(Duration::from_secs(1));
    let started = Instant::now();
    match client(&server.url(), policy).send(&Post) {
        Err(Error::Api(e)) => {
            assert_eq!((e.status, e.attempts), (429, 1));
            assert_eq!(e.retry_after, Some(Duration::from_secs(2)));
        }
        other => panic!("expected the 429, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 1);
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[test]
fn call_options_retry_overrides_the_clients_policy_both_ways() {
    let server = Server::start(&[error(500)]);
    let c = client(&server.url(), RetryPolicy::none());
    assert_eq!(api(c.send(&Get)), (500, 1));
    let more = CallOptions::new().retry(quick().max_attempts(4));
    assert_eq!(api(c.send_with(&Get, &more)), (500, 4));
    assert_eq!(server.requests().len(), 5);

    let server = Server::start(&[error(500)]);
    let c = client(&server.url(), quick());
    let none = CallOptions::new().retry(RetryPolicy::none());
    assert_eq!(api(c.send_with(&Get, &none)), (500, 1));
    assert_eq!(server.requests().len(), 1);
    // The client's own policy is untouched by the call's.
    assert_eq!(api(c.send(&Get)), (500, 3));
}

#[test]
fn call_options_connect_timeout_bounds_the_lookup_of_that_call() {
    let (lookup, n) = counting(|| {
        std::thread::sleep(Duration::from_secs(5));
        Err(std::io::Error::other("too late"))
    });
    // The client allows 20 s; the call 200 ms.
    let client = named_client(
        "https://api.stytch.invalid",
        lookup,
        Duration::from_secs(20),
    );
    let options = CallOptions::new()
        .connect_timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none());
    let started = Instant::now();
    match client.send_with(&Post, &options) {
        Err(Error::Timeout {
            phase: "connect",
            after,
            attempts: 1,
            ..
        }) => assert_eq!(after, Duration::from_millis(200)),
        other => panic!("expected a connect Timeout, got {other:?}"),
    }
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(150), "{took:?}");
    assert!(took < Duration::from_secs(3), "{took:?}");
    assert_eq!(calls(&n), 1);
}

/// A `GET` paged by a `cursor` query parameter.
#[derive(Default)]
struct ListThings {
    cursor: Option<String>,
}

/// One page of things.
#[derive(serde::Deserialize)]
struct ThingsPage {
    items: Vec<String>,
    next: Option<String>,
}

impl crate::Page for ThingsPage {
    type Item = String;

    fn into_page(self) -> (Vec<String>, Option<String>) {
        (self.items, self.next)
    }
}

impl Endpoint for ListThings {
    const METHOD: crate::Method = crate::Method::Get;
    const PATH: &'static str = "/v1/things";
    type Response = ThingsPage;

    fn write_path(&self, out: &mut String, _: &crate::PathContext<'_>) {
        out.push_str(Self::PATH);
    }

    fn write_query(&self, out: &mut String) {
        if let Some(cursor) = &self.cursor {
            crate::encode::query_pair(out, out.len(), "cursor", cursor);
        }
    }
}

impl crate::Paged for ListThings {
    fn set_cursor(&mut self, cursor: String) {
        self.cursor = Some(cursor);
    }
}

fn page(body: &'static str) -> Reply {
    Reply::Status(200, "", body)
}

#[test]
fn paginate_walks_every_page_lazily_and_sends_each_cursor() {
    let server = Server::start(&[
        page(r#"{"items":["a","b"],"next":"c2"}"#),
        page(r#"{"items":[],"next":"c3"}"#),
        page(r#"{"items":["c"],"next":null}"#),
    ]);
    let c = client(&server.url(), RetryPolicy::none());
    let mut pages = c.paginate(ListThings::default());
    assert_eq!(pages.pages_fetched(), 0);
    assert!(server.requests().is_empty(), "nothing is sent up front");
    assert_eq!(pages.next().unwrap().unwrap(), "a");
    assert_eq!(pages.pages_fetched(), 1);
    assert_eq!(server.requests().len(), 1, "one page at a time");
    assert_eq!(pages.next().unwrap().unwrap(), "b");
    assert_eq!(server.requests().len(), 1);
    // An empty page with a cursor is passed over, not taken for the end.
    assert_eq!(pages.next().unwrap().unwrap(), "c");
    assert!(pages.next().is_none());
    assert!(pages.next().is_none(), "fused");
    assert_eq!(pages.pages_fetched(), 3);
    assert_eq!(
        server.requests(),
        [
            "GET /v1/things",
            "GET /v1/things?cursor=c2",
            "GET /v1/things?cursor=c3"
        ]
    );
    let shown = format!("{pages:?}");
    assert!(shown.contains("pages_fetched: 3"), "{shown}");
    assert!(shown.contains("done: true"), "{shown}");
    assert!(shown.contains("/v1/things"), "{shown}");
}

#[test]
fn paginate_ends_with_the_failed_pages_error_and_then_stops() {
    let server = Server::start(&[page(r#"{"items":["a"],"next":"c2"}"#), error(400)]);
    let c = client(&server.url(), RetryPolicy::none());
    let mut pages = c.paginate(ListThings::default());
    assert_eq!(pages.next().unwrap().unwrap(), "a");
    match pages.next() {
        Some(Err(Error::Api(e))) => assert_eq!(e.status, 400),
        other => panic!("expected the second page's error, got {other:?}"),
    }
    assert!(pages.next().is_none());
    assert_eq!(server.requests().len(), 2);
    assert_eq!(pages.pages_fetched(), 1);
}

#[test]
fn paginate_stops_on_an_empty_cursor_and_on_a_repeated_one() {
    let server = Server::start(&[page(r#"{"items":["a"],"next":""}"#)]);
    let c = client(&server.url(), RetryPolicy::none());
    let all: Vec<String> = c
        .paginate(ListThings::default())
        .map(Result::unwrap)
        .collect();
    assert_eq!(all, ["a"]);
    assert_eq!(server.requests().len(), 1);

    // The second page hands back the cursor it was sent: its results
    // come, then an error instead of a third request.
    let server = Server::start(&[
        page(r#"{"items":["a"],"next":"same"}"#),
        page(r#"{"items":["b"],"next":"same"}"#),
    ]);
    let c = client(&server.url(), RetryPolicy::none());
    let mut pages = c.paginate(ListThings::default());
    assert_eq!(pages.next().unwrap().unwrap(), "a");
    assert_eq!(pages.next().unwrap().unwrap(), "b");
    match pages.next() {
        Some(Err(Error::Decode { reason, status, .. })) => {
            assert_eq!(status, 200);
            assert!(reason.contains("page 2 gave back the cursor"), "{reason}");
        }
        other => panic!("expected a Decode error, got {other:?}"),
    }
    assert!(pages.next().is_none());
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn paginate_with_applies_the_options_to_every_page() {
    // The client retries 500s three times; the call's options not at all.
    let server = Server::start(&[page(r#"{"items":["a"],"next":"c2"}"#), error(500)]);
    let c = client(&server.url(), quick());
    let options = CallOptions::new().retry(RetryPolicy::none());
    let results: Vec<_> = c.paginate_with(ListThings::default(), options).collect();
    assert_eq!(results.len(), 2);
    match &results[1] {
        Err(Error::Api(e)) => assert_eq!((e.status, e.attempts), (500, 1)),
        other => panic!("expected a 500, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 2);
}

/// A `GET` whose `write_body` would write one: a body must never go with a
/// method that has none.
struct GetWithBodyWriter;

impl Endpoint for GetWithBodyWriter {
    const METHOD: crate::Method = crate::Method::Get;
    const PATH: &'static str = "/v1/things/2";
    type Response = serde_json::Value;

    fn write_path(&self, out: &mut String, _: &crate::PathContext<'_>) {
        out.push_str(Self::PATH);
    }

    fn write_body(&self, out: &mut Vec<u8>) -> Result<bool, Error> {
        out.extend_from_slice(b"{\"never\":1}");
        Ok(true)
    }
}

#[test]
fn a_get_never_carries_a_body_and_a_post_carries_its_own() {
    let server = Server::start(&[OK]);
    let c = client(&server.url(), RetryPolicy::none());
    c.send(&GetWithBodyWriter).unwrap();
    c.send(&IdempotentPost).unwrap();
    assert_eq!(
        server.requests(),
        ["GET /v1/things/2", "POST /v1/things/search"]
    );
    assert_eq!(server.body_lengths(), [0, 2]);
}

#[test]
fn the_default_answer_cap_is_four_mebibytes() {
    fn body_of(len: usize) -> &'static str {
        // `{"request_id":"r","pad":"aaa..."}` of exactly `len` bytes.
        let fixed = r#"{"request_id":"r","pad":""}"#.len();
        let text = format!(
            r#"{{"request_id":"r","pad":"{}"}}"#,
            "a".repeat(len - fixed)
        );
        Box::leak(text.into_boxed_str())
    }
    let limit = 4 * 1024 * 1024;
    let server = Server::start(&[
        Reply::Status(200, "", body_of(limit)),
        Reply::Status(200, "", body_of(limit + 1)),
    ]);
    let c = client(&server.url(), RetryPolicy::none());
    assert!(c.send(&Get).is_ok(), "a body of exactly 4 MiB is read");
    match c.send(&Get) {
        Err(Error::ResponseTooLarge { limit: l, .. }) => assert_eq!(l, limit),
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
}
