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
    let client = builder.build().unwrap();
    let text = format!("{client:?}");
    assert!(!text.contains("super-secret-value"), "{text}");
    assert!(text.contains("project-test-1"), "{text}");
}
