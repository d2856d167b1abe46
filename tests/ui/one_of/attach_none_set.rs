// `Attach` needs exactly one user identifier; none is set.
use stytch_endpoints::{Client, oauth::Attach};

fn main() {
    let client = Client::new("project-test-x", "secret");
    let _ = Attach::builder().provider("google").send(&client);
}
