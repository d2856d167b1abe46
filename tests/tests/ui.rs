//! Compile-fail tests: every rule the compiler enforces, with the exact
//! message a user sees, committed as `.stderr` files under `tests/ui/`.
//! Regenerate with `TRYBUILD=overwrite cargo test -p stytch-tests --test ui`
//! and review the diff like documentation.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/one_of/*.rs");
    t.compile_fail("ui/at_most_one_of/*.rs");
    t.compile_fail("ui/at_least_one_of/*.rs");
    t.compile_fail("ui/required/*.rs");
    t.compile_fail("ui/path/*.rs");
    t.compile_fail("ui/attribute/*.rs");
    t.compile_fail("ui/decode/*.rs");
    t.pass("ui/pass/*.rs");
}
