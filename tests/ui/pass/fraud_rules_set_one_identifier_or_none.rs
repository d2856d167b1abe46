// `fraud::rules::Set`'s identifiers form an `#[at_most_one_of]` group: one,
// or none at all, compiles; the member can be chosen at run time.
use stytch_endpoints::fraud::RuleAction;
use stytch_endpoints::fraud::rules::{Set, SetIdentifier};

fn main() {
    let _ = Set::builder()
        .action(RuleAction::Challenge)
        .country_code("XX")
        .build();
    let _ = Set::builder().action("NONE").build();
    let chosen = SetIdentifier::Asn("64496".to_owned());
    let _ = Set::builder()
        .action(RuleAction::Block)
        .identifier(chosen)
        .build();
}
