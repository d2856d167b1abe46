//! The proxy policy, end to end, against a recording proxy on 127.0.0.1
//! that forwards nothing: requests cross a proxy only inside a `CONNECT`
//! tunnel (TLS inside), never for a loopback host, never from `HTTP_PROXY`,
//! and a SOCKS proxy is a configuration error. Environment variables are set
//! on a child process running this binary (edition 2024 makes setting them
//! in this process `unsafe`, which these crates forbid).

use std::time::Duration;

use stytch_endpoints::{Client, Error, RetryPolicy};
use stytch_tests::ScriptedServer;
use stytch_tests::proxy::RecordingProxy;
use stytch_tests::retry_classes::{CreateItem, OK_BODY, PROJECT, SECRET};

/// A name that is never looked up: through a proxy, the proxy resolves it
/// (and this one forwards nothing).
const REMOTE: &str = "https://api.stytch.invalid";

fn call() -> CreateItem {
    CreateItem::builder()
        .name("session-token-SECRET-in-body")
        .build()
}

fn basic() -> String {
    stytch_endpoints::runtime::encode::base64(format!("{PROJECT}:{SECRET}").as_bytes())
}

/// Neither the secret, the Basic value nor the body's token in `text`.
fn assert_no_secret(text: &str) {
    for needle in [SECRET, basic().as_str(), "session-token-SECRET-in-body"] {
        assert!(!text.contains(needle), "the proxy saw {needle:?}: {text}");
    }
}

#[test]
fn an_explicit_proxy_gets_a_connect_and_never_a_secret() {
    let proxy = RecordingProxy::start();
    let client = Client::builder(PROJECT, SECRET)
        .base_url(REMOTE)
        .proxy(proxy.url())
        .retry(RetryPolicy::none())
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    // The proxy accepts the tunnel and then forwards nothing, so TLS fails.
    let err = client.send(&call()).unwrap_err();
    assert!(
        matches!(err, Error::Transport { .. } | Error::Timeout { .. }),
        "{err:?}"
    );
    assert_eq!(proxy.connections(), 1);
    let seen = proxy.received();
    assert!(
        seen.starts_with("CONNECT api.stytch.invalid:443 HTTP/1.1\r\n"),
        "{seen}"
    );
    assert_no_secret(&seen);
    // The Debug form names the proxy, never credentials.
    let with_credentials = Client::builder(PROJECT, SECRET)
        .base_url(REMOTE)
        .proxy("http://user:pw-SECRET@127.0.0.1:3128")
        .build()
        .unwrap();
    let text = format!("{with_credentials:?}");
    assert!(text.contains("http://127.0.0.1:3128"), "{text}");
    assert!(!text.contains("pw-SECRET"), "{text}");
}

#[test]
fn a_loopback_base_url_never_goes_through_a_proxy() {
    let proxy = RecordingProxy::start();
    let server = ScriptedServer::always_json(200, OK_BODY);
    let client = Client::builder(PROJECT, SECRET)
        .base_url(server.base_url())
        .proxy(proxy.url())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    client.send(&call()).unwrap();
    assert_eq!(server.requests().len(), 1);
    assert_eq!(proxy.connections(), 0);
}

#[test]
fn socks_proxies_are_a_config_error() {
    for url in [
        "socks5://127.0.0.1:1080",
        "socks5h://u:pw-SECRET@127.0.0.1:1",
    ] {
        match Client::builder(PROJECT, SECRET)
            .base_url(REMOTE)
            .proxy(url)
            .build()
        {
            Err(Error::Config { reason }) => {
                assert!(reason.contains("SOCKS"), "{reason}");
                assert!(!reason.contains("pw-SECRET"), "{reason}");
            }
            other => panic!("{url}: expected a Config error, got {other:?}"),
        }
    }
}

/// Run in a child process by the tests below, with the variables set there:
/// builds a client for `PROXY_CHILD_BASE_URL` and makes one call, printing
/// what happened.
#[test]
#[ignore = "run in a child process by the environment tests"]
fn proxy_env_child() {
    let base = std::env::var("PROXY_CHILD_BASE_URL").expect("set by the parent");
    let built = Client::builder(PROJECT, SECRET)
        .base_url(base)
        .retry(RetryPolicy::none())
        .timeout(Duration::from_secs(2))
        .build();
    match built {
        Err(e) => println!("OUTCOME build error: {e}"),
        Ok(client) => match client.send(&call()) {
            Ok(_) => println!("OUTCOME ok"),
            Err(e) => println!("OUTCOME call error: {e}"),
        },
    }
}

/// Runs [`proxy_env_child`] with these variables (and every proxy variable
/// of this process removed) and returns its `OUTCOME` line.
fn child(vars: &[(&str, &str)]) -> String {
    let exe = std::env::current_exe().unwrap();
    let mut cmd = std::process::Command::new(exe);
    cmd.args([
        "--exact",
        "proxy_env_child",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ]);
    for name in [
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
        "no_proxy",
        "NO_PROXY",
    ] {
        cmd.env_remove(name);
    }
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{stdout}");
    stdout
        .lines()
        .find_map(|l| l.split_once("OUTCOME ").map(|(_, rest)| rest))
        .unwrap_or_else(|| panic!("no outcome: {stdout}"))
        .to_owned()
}

#[test]
fn proxy_variables_never_take_a_loopback_call_through_a_proxy() {
    // Every variable ureq used to honour, upper-case HTTP_PROXY included:
    // the call to a plain-http loopback server must go straight to it, or
    // the proxy would read the Basic header and the body in clear.
    let proxy = RecordingProxy::start();
    let server = ScriptedServer::always_json(200, OK_BODY);
    let url = proxy.url();
    let outcome = child(&[
        ("PROXY_CHILD_BASE_URL", &server.base_url()),
        ("HTTP_PROXY", &url),
        ("http_proxy", &url),
        ("HTTPS_PROXY", &url),
        ("ALL_PROXY", &url),
        ("all_proxy", &url),
    ]);
    assert_eq!(outcome, "ok");
    assert_eq!(server.requests().len(), 1);
    assert_eq!(proxy.connections(), 0, "{}", proxy.received());
}

#[test]
fn https_proxy_from_the_environment_tunnels_a_remote_call() {
    let proxy = RecordingProxy::start();
    let outcome = child(&[
        ("PROXY_CHILD_BASE_URL", REMOTE),
        ("https_proxy", &proxy.url()),
    ]);
    assert!(outcome.starts_with("call error"), "{outcome}");
    let seen = proxy.received();
    assert!(
        seen.starts_with("CONNECT api.stytch.invalid:443 HTTP/1.1\r\n"),
        "{seen}"
    );
    assert_no_secret(&seen);
}

#[test]
fn a_socks_proxy_in_the_environment_is_a_config_error_not_a_direct_connection() {
    let outcome = child(&[
        ("PROXY_CHILD_BASE_URL", REMOTE),
        ("ALL_PROXY", "socks5h://127.0.0.1:1"),
    ]);
    assert!(outcome.starts_with("build error"), "{outcome}");
    assert!(
        outcome.contains("ALL_PROXY") && outcome.contains("SOCKS"),
        "{outcome}"
    );
    // An unusable proxy is refused; one for another scheme does not apply.
    let outcome = child(&[
        ("PROXY_CHILD_BASE_URL", REMOTE),
        ("https_proxy", "ftp://127.0.0.1:1"),
    ]);
    assert!(outcome.starts_with("build error"), "{outcome}");
}
