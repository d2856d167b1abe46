//! Hello world of Stytch's official crate: one attach call. Built by
//! `bench/compile/measure.sh` to time a clean build and weigh the binary;
//! if run, it talks only to 127.0.0.1.

use stytch::client::{Client as HttpClient, Vertical};
use stytch::consumer::client::Client;
use stytch::consumer::oauth::AttachRequest;

fn main() {
    let id = "project-test-00000000-0000-0000-0000-000000000000";
    let Ok(url) = reqwest::Url::parse("http://127.0.0.1:9/") else {
        return;
    };
    let (Ok(http), Ok(fraud)) = (
        HttpClient::new_with_base_url(id, "secret", url.clone(), Vertical::Consumer),
        HttpClient::new_with_base_url(id, "secret", url, Vertical::Consumer),
    ) else {
        return;
    };
    let client = Client::new_with_http_client(http, fraud);
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return;
    };
    let request = AttachRequest {
        provider: "google".to_owned(),
        user_id: Some("user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6".to_owned()),
        session_token: None,
        session_jwt: None,
    };
    match runtime.block_on(client.oauth.attach(request)) {
        Ok(answer) => println!("{}", answer.request_id),
        Err(e) => eprintln!("{e}"),
    }
}
