//! Tests of the client: construction from variables, and host name
//! lookups within the connect bound.

use super::*;

fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
}

fn config_reason(result: Result<Client, Error>) -> String {
    match result {
        Err(Error::Config { reason }) => reason,
        Err(other) => panic!("expected a Config error, got {other:?}"),
        Ok(client) => panic!("expected a Config error, got {client:?}"),
    }
}

#[test]
fn from_vars_names_the_missing_variable() {
    let reason = config_reason(Client::from_vars(vars(&[("STYTCH_SECRET", "s")])));
    assert!(reason.contains("STYTCH_PROJECT_ID"), "{reason}");
    let reason = config_reason(Client::from_vars(vars(&[(
        "STYTCH_PROJECT_ID",
        "project-test-1",
    )])));
    assert!(reason.contains("STYTCH_SECRET"), "{reason}");
}

#[test]
fn from_vars_treats_an_empty_variable_as_missing() {
    let reason = config_reason(Client::from_vars(vars(&[
        ("STYTCH_PROJECT_ID", "project-test-1"),
        ("STYTCH_SECRET", ""),
    ])));
    assert!(reason.contains("STYTCH_SECRET"), "{reason}");
}

#[test]
fn from_vars_uses_the_base_url_or_the_one_the_project_id_picks() {
    let id = ("STYTCH_PROJECT_ID", "project-live-1");
    let secret = ("STYTCH_SECRET", "secret-live-1");
    let client = Client::from_vars(vars(&[id, secret])).unwrap();
    assert_eq!(client.base_url(), "https://api.stytch.com");
    assert_eq!(client.project_id(), "project-live-1");
    let custom = ("STYTCH_BASE_URL", "http://127.0.0.1:9/prefix/");
    let client = Client::from_vars(vars(&[id, secret, custom])).unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:9/prefix");
    // An empty base URL is not set: the project id decides.
    let empty = ("STYTCH_BASE_URL", "");
    let client = Client::from_vars(vars(&[id, secret, empty])).unwrap();
    assert_eq!(client.base_url(), "https://api.stytch.com");
}

#[test]
fn from_vars_reads_the_fraud_base_url_and_defaults_to_the_telemetry_host() {
    let id = ("STYTCH_PROJECT_ID", "project-test-1");
    let secret = ("STYTCH_SECRET", "secret-test-1");
    let client = Client::from_vars(vars(&[id, secret])).unwrap();
    assert_eq!(client.fraud_base_url(), "https://telemetry.stytch.com");
    let fraud = ("STYTCH_FRAUD_BASE_URL", "http://127.0.0.1:9/fraud/");
    let client = Client::from_vars(vars(&[id, secret, fraud])).unwrap();
    assert_eq!(client.fraud_base_url(), "http://127.0.0.1:9/fraud");
    // It moves only the fraud host.
    assert_eq!(client.base_url(), "https://test.stytch.com");
    let bad = ("STYTCH_FRAUD_BASE_URL", "http://telemetry.example.com");
    let reason = config_reason(Client::from_vars(vars(&[id, secret, bad])));
    assert!(reason.contains("https"), "{reason}");
}

#[test]
fn clones_share_one_key_cache() {
    let client = Client::new("project-test-1", "secret-test-1");
    let clone = client.clone();
    assert!(std::ptr::eq(client.jwks(), clone.jwks()));
    assert!(std::ptr::eq(client.jwks(), client.jwks()));
}

/// A `POST` with a small JSON body whose answer is any JSON object.
struct Post;

impl Endpoint for Post {
    const METHOD: crate::Method = crate::Method::Post;
    const PATH: &'static str = "/v1/things";
    type Response = serde_json::Value;

    fn write_path(&self, out: &mut String, _: &crate::PathContext<'_>) {
        out.push_str(Self::PATH);
    }

    fn write_body(&self, out: &mut Vec<u8>) -> Result<bool, Error> {
        out.extend_from_slice(br#"{"a":1}"#);
        Ok(true)
    }
}

/// A lookup that counts its calls and then does `then`.
fn counting(
    then: impl Fn() -> std::io::Result<Vec<std::net::SocketAddr>> + Send + Sync + 'static,
) -> (Lookup, Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&calls);
    let lookup: Lookup = Arc::new(move |_: &str| {
        counted.fetch_add(1, Ordering::SeqCst);
        then()
    });
    (lookup, calls)
}

fn calls(n: &std::sync::atomic::AtomicUsize) -> usize {
    n.load(std::sync::atomic::Ordering::SeqCst)
}

/// A client for a host name (never looked up for real) with `lookup`.
fn named_client(base_url: &str, lookup: Lookup, connect: Duration) -> Client {
    Client::builder("project-test-1", "secret-test-1")
        .base_url(base_url)
        .no_proxy()
        .connect_timeout(connect)
        .timeout(Duration::from_secs(10))
        .retry(RetryPolicy::default().base_delay(Duration::from_millis(1)))
        .lookup(lookup)
        .build()
        .unwrap()
}

#[test]
fn a_hanging_lookup_ends_at_the_connect_bound_and_a_post_is_retried() {
    // Stands for a resolver that never answers: the test double sleeps far
    // past every bound (its thread ends on its own afterwards).
    let (lookup, n) = counting(|| {
        std::thread::sleep(Duration::from_secs(5));
        Err(std::io::Error::other("too late"))
    });
    let client = named_client(
        "https://api.stytch.invalid",
        lookup,
        Duration::from_millis(200),
    );
    let started = Instant::now();
    let err = client.send(&Post).unwrap_err();
    let took = started.elapsed();
    match &err {
        Error::Timeout {
            phase,
            after,
            status,
            attempts,
            ..
        } => {
            assert_eq!(*phase, "connect");
            assert_eq!(*after, Duration::from_millis(200));
            assert_eq!(*status, None);
            // Nothing was sent: retried although it is a POST.
            assert_eq!(*attempts, 3);
        }
        other => panic!("expected a connect timeout, got {other:?}"),
    }
    assert_eq!(calls(&n), 3);
    assert!(took >= Duration::from_millis(600), "{took:?}");
    assert!(took < Duration::from_secs(3), "{took:?}");
}

#[test]
fn a_name_that_does_not_resolve_was_not_sent_and_a_post_is_retried() {
    let (lookup, n) = counting(|| {
        Err(std::io::Error::other(
            "failed to lookup address information: Name or service not known",
        ))
    });
    let client = named_client("https://api.stytch.invalid", lookup, Duration::from_secs(1));
    match client.send(&Post).unwrap_err() {
        Error::Transport {
            before_send,
            attempts,
            status,
            message,
            ..
        } => {
            assert!(before_send, "{message}");
            assert_eq!(attempts, 3);
            assert_eq!(status, None);
            assert!(message.contains("host not found"), "{message}");
        }
        other => panic!("expected a transport error before sending, got {other:?}"),
    }
    assert_eq!(calls(&n), 3);
    // An empty answer is the same.
    let (lookup, n) = counting(|| Ok(Vec::new()));
    let client = named_client("https://api.stytch.invalid", lookup, Duration::from_secs(1));
    assert!(matches!(
        client.send_with(&Post, &CallOptions::new().retry(RetryPolicy::none())),
        Err(Error::Transport {
            before_send: true,
            attempts: 1,
            ..
        })
    ));
    assert_eq!(calls(&n), 1);
}

#[test]
fn a_slow_lookup_within_the_bound_succeeds_once_and_is_then_cached() {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else {
            return;
        };
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut writer = stream;
        loop {
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
            let _ = writer.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 8\r\n\r\n{\"ok\":1}");
        }
    });
    let (lookup, n) = counting(move || {
        std::thread::sleep(Duration::from_millis(50));
        Ok(vec![addr])
    });
    // `localhost` is a name: it is looked up (here by the test double).
    let url = format!("http://localhost:{}", addr.port());
    let client = named_client(&url, lookup, Duration::from_secs(2));
    for _ in 0..3 {
        let answer = client.send(&Post).unwrap();
        assert_eq!(answer["ok"], 1);
    }
    assert_eq!(
        calls(&n),
        1,
        "the answer is cached: no lookup (nor thread) per call"
    );
}

mod attempts;

#[test]
fn debug_shows_the_settings_and_hides_the_secret_and_proxy_password() {
    let builder = Client::builder("project-test-1", "secret-never-shown")
        .proxy("https://user:proxy-password@proxy.example:3128")
        .fraud_base_url("http://127.0.0.1:10");
    let shown = format!("{builder:?}");
    assert!(shown.starts_with("ClientBuilder { project_id: \"project-test-1\", secret: \"[redacted]\", base_url: None, fraud_base_url: Some(\"http://127.0.0.1:10\")"), "{shown}");
    assert!(
        shown.contains("proxy: Url(\"https://proxy.example:3128\")"),
        "{shown}"
    );
    assert!(
        !shown.contains("proxy-password") && !shown.contains("secret-never-shown"),
        "{shown}"
    );
    let client = Client::builder("project-test-1", "secret-never-shown")
        .no_proxy()
        .build()
        .unwrap();
    let shown = format!("{client:?}");
    assert!(shown.starts_with("Client { base_url: \"https://test.stytch.com\", fraud_base_url: \"https://telemetry.stytch.com\", project_id: \"project-test-1\", secret: \"[redacted]\""), "{shown}");
    assert!(
        shown.contains(concat!(
            "user_agent: \"stytch-runtime/",
            env!("CARGO_PKG_VERSION"),
            "\""
        )),
        "{shown}"
    );
    assert!(!shown.contains("secret-never-shown"), "{shown}");
    assert_eq!(format!("{:?}", ShownSetting(&ProxySetting::Off)), "Off");
    assert_eq!(
        format!("{:?}", ShownSetting(&ProxySetting::FromEnv)),
        "FromEnv"
    );
    assert_eq!(
        format!(
            "{:?}",
            ShownSetting(&ProxySetting::Url("proxy.example:8080".into()))
        ),
        "Url(\"http://proxy.example:8080\")"
    );
}
