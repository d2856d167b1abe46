// A required field is set exactly once.
use stytch_endpoints::oauth::Attach;

fn main() {
    let _ = Attach::builder().provider("google").provider("github");
}
