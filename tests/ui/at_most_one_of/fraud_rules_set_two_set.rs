// `fraud::rules::Set` takes at most one of its nine identifiers; a second is an error.
use stytch_endpoints::fraud::{RuleAction, rules};

fn main() {
    let _ = rules::Set::builder()
        .action(RuleAction::Block)
        .visitor_id("visitor-6139cbcc-4dda-4b1f-b1c0-13c08ec64d72")
        .cidr_block("203.0.113.0/24");
}
