//! Hello world of stytch-endpoints: one attach call. Built by
//! `bench/compile/measure.sh` to time a clean build and weigh the binary;
//! if run, it talks only to 127.0.0.1.

use stytch_endpoints::Client;
use stytch_endpoints::oauth::Attach;

fn main() {
    let client = match Client::builder(
        "project-test-00000000-0000-0000-0000-000000000000",
        "secret",
    )
    .base_url("http://127.0.0.1:9")
    .build()
    {
        Ok(client) => client,
        Err(e) => return eprintln!("{e}"),
    };
    match Attach::builder()
        .provider("google")
        .user_id("user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6")
        .send(&client)
    {
        Ok(answer) => println!("{}", answer.request_id),
        Err(e) => eprintln!("{e}"),
    }
}
