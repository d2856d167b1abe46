// Expansion of `#[endpoint(POST "/v1/oauth/attach", response = AttachResponse)]` on the `fallback` case of
// macros/src/snapshot_tests.rs. Regenerate with `SNAPSHOTS=overwrite`.

pub struct Attach {
    provider: String,
    user_id: Option<String>,
    session_token: Option<String>,
}
const _: () = {
    #[allow(unused_imports)]
    use one_of as _;
};
::core::compile_error! {
    "unknown `#[param]` option; expected `path`, `query`, `body`, `rename = \"...\"`, `secret` or `not_secret`"
}
