//! Client construction: base URL rules, credentials, and thread safety.

use stytch_endpoints::runtime::{LIVE_URL, TEST_URL};
use stytch_endpoints::{Client, Error};

#[test]
fn client_is_clone_send_sync() {
    fn assert_traits<T: Clone + Send + Sync + 'static>() {}
    assert_traits::<Client>();
}

#[test]
fn project_id_picks_the_base_url() {
    assert_eq!(Client::new("project-live-123", "s").base_url(), LIVE_URL);
    assert_eq!(Client::new("project-test-123", "s").base_url(), TEST_URL);
}

#[test]
fn custom_base_urls_keep_their_prefix_and_refuse_plain_http_off_loopback() {
    let ok = Client::builder("project-test-1", "s")
        .base_url("https://gateway.example/stytch/")
        .build()
        .unwrap();
    assert_eq!(ok.base_url(), "https://gateway.example/stytch");

    for bad in ["http://gateway.example", "gateway.example", "https://u:p@h"] {
        match Client::builder("project-test-1", "s").base_url(bad).build() {
            Err(Error::Config { reason }) => {
                assert!(reason.contains("base url"), "{reason}");
                assert!(
                    !reason.contains("u:p"),
                    "credentials must not be echoed: {reason}"
                );
            }
            other => panic!("{bad}: expected Config error, got {other:?}"),
        }
    }
}

#[test]
fn debug_of_client_and_builder_hides_the_secret() {
    let builder = Client::builder("project-test-1", "super-secret-value");
    assert!(!format!("{builder:?}").contains("super-secret-value"));
    let client = builder.no_proxy().build().unwrap();
    let text = format!("{client:?}");
    assert!(!text.contains("super-secret-value"), "{text}");
    assert!(
        text.starts_with(
            "Client { base_url: \"https://test.stytch.com\", \
             fraud_base_url: \"https://telemetry.stytch.com\", project_id: \"project-test-1\", \
             secret: \"[redacted]\", user_agent: \"stytch-runtime/"
        ),
        "{text}"
    );
    assert!(
        text.ends_with(
            "timeouts: Timeouts { connect: 5s, exchange: 30s }, retry: RetryPolicy { \
             max_attempts: 3, base_delay: 100ms, max_delay: 2s, max_total: 10s, \
             max_retry_after: 10s }, max_response_bytes: 4194304 }"
        ),
        "{text}"
    );
}

#[test]
fn debug_of_a_builder_shows_every_setting_but_the_secret() {
    // The defaults, as the docs give them.
    let builder = Client::builder("project-test-1", "super-secret-value");
    assert_eq!(
        format!("{builder:?}"),
        "ClientBuilder { project_id: \"project-test-1\", secret: \"[redacted]\", \
         base_url: None, fraud_base_url: None, user_agent: None, proxy: FromEnv, \
         timeouts: Timeouts { connect: 5s, exchange: 30s }, \
         retry: RetryPolicy { max_attempts: 3, base_delay: 100ms, max_delay: 2s, \
         max_total: 10s, max_retry_after: 10s }, max_response_bytes: 4194304 }"
    );
    // Every setting shows what it was set to; a proxy without its password.
    let builder = Client::builder("project-test-2", "super-secret-value")
        .base_url("http://127.0.0.1:9/p")
        .fraud_base_url("http://127.0.0.1:10")
        .user_agent("my-app/1.0")
        .proxy("https://user:proxy-password@proxy.example:3128")
        .connect_timeout(std::time::Duration::from_millis(250))
        .timeout(std::time::Duration::from_secs(7))
        .retry(
            stytch_endpoints::RetryPolicy::default()
                .max_attempts(5)
                .base_delay(std::time::Duration::from_millis(20))
                .max_delay(std::time::Duration::from_secs(1))
                .max_total(std::time::Duration::from_secs(4))
                .max_retry_after(std::time::Duration::from_secs(3)),
        )
        .max_response_bytes(1024);
    assert_eq!(
        format!("{builder:?}"),
        "ClientBuilder { project_id: \"project-test-2\", secret: \"[redacted]\", \
         base_url: Some(\"http://127.0.0.1:9/p\"), fraud_base_url: Some(\"http://127.0.0.1:10\"), \
         user_agent: Some(\"my-app/1.0\"), \
         proxy: Url(\"https://proxy.example:3128\"), \
         timeouts: Timeouts { connect: 250ms, exchange: 7s }, \
         retry: RetryPolicy { max_attempts: 5, base_delay: 20ms, max_delay: 1s, \
         max_total: 4s, max_retry_after: 3s }, max_response_bytes: 1024 }"
    );
    let off = Client::builder("project-test-3", "s").no_proxy();
    assert!(format!("{off:?}").contains(", proxy: Off, "), "{off:?}");
    let bare = Client::builder("project-test-3", "s").proxy("proxy.example:8080");
    assert!(
        format!("{bare:?}").contains(", proxy: Url(\"http://proxy.example:8080\"), "),
        "{bare:?}"
    );
}

#[test]
fn https_goes_through_tls_and_fails_cleanly_against_a_plain_server() {
    use std::io::{Read, Write};
    use std::time::{Duration, Instant};

    // A server on 127.0.0.1 that answers whatever it gets with plain HTTP:
    // the TLS handshake must fail with a transport error, not hang or panic.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            let mut buf = [0u8; 512];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n");
        }
    });
    let client = Client::builder("project-test-1", "s")
        .base_url(format!("https://127.0.0.1:{port}"))
        .timeout(Duration::from_secs(5))
        .retry(stytch_endpoints::RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let call = stytch_endpoints::users::Get::builder()
        .user_id("user-test-1")
        .build();
    match client.send(&call) {
        Err(Error::Transport { message, .. }) => assert!(!message.is_empty()),
        other => panic!("expected a TLS transport error, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(5));
    server.join().unwrap();
}

/// Run in a child process by `from_env_reads_the_process_environment`, with
/// the variables set there: edition 2024 makes setting variables in this
/// process `unsafe`, which these crates forbid.
#[test]
#[ignore = "run in a child process by from_env_reads_the_process_environment"]
fn from_env_child() {
    let client = Client::from_env().expect("from_env");
    let expected = std::env::var("FROM_ENV_EXPECTED_BASE_URL").expect("set by the parent");
    assert_eq!(client.base_url(), expected);
    // The credentials are the local server's: a call authenticates.
    let created = stytch_endpoints::users::Create::builder()
        .email("from-env@example.com")
        .send(&client)
        .expect("a call with the credentials from the environment");
    assert!(!created.user_id.is_empty());
}

#[test]
fn from_env_reads_the_process_environment() {
    let server = stytch_local::LocalServer::start().unwrap();
    let exe = std::env::current_exe().unwrap();
    let child = |vars: &[(&str, &str)]| {
        let mut cmd = std::process::Command::new(&exe);
        cmd.args(["--exact", "from_env_child", "--ignored", "--test-threads=1"])
            .env_remove("STYTCH_PROJECT_ID")
            .env_remove("STYTCH_SECRET")
            .env_remove("STYTCH_BASE_URL");
        for (k, v) in vars {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    };
    let base = server.base_url();
    let ok = child(&[
        ("STYTCH_PROJECT_ID", server.project_id()),
        ("STYTCH_SECRET", server.secret()),
        ("STYTCH_BASE_URL", &base),
        ("FROM_ENV_EXPECTED_BASE_URL", &base),
    ]);
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(ok.status.success(), "{out}");
    assert!(out.contains("1 passed"), "{out}");
    // Without the secret the child fails, naming the variable.
    let failed = child(&[
        ("STYTCH_PROJECT_ID", server.project_id()),
        ("STYTCH_BASE_URL", &base),
        ("FROM_ENV_EXPECTED_BASE_URL", &base),
    ]);
    let out = String::from_utf8_lossy(&failed.stdout);
    assert!(!failed.status.success(), "{out}");
    assert!(out.contains("STYTCH_SECRET"), "{out}");
}
