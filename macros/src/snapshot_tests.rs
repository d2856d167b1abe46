//! Snapshot tests of the expansion: a few representative declarations are
//! expanded, pretty-printed and compared with the files committed under
//! `macros/tests/snapshots/`. A change to the generated code fails here and
//! shows up as a diff in review.
//!
//! Regenerate with `SNAPSHOTS=overwrite cargo test -p stytch-macros` and read
//! the diff before committing.

use std::path::PathBuf;

/// One declaration: its `#[endpoint(...)]` arguments and the struct below.
struct Case {
    name: &'static str,
    args: &'static str,
    item: &'static str,
}

const CASES: &[Case] = &[
    // A required field and a `#[one_of]` group, as `oauth::Attach`.
    Case {
        name: "one_of_attach",
        args: r#"POST "/v1/oauth/attach", response = AttachResponse"#,
        item: r#"
            /// Attaches an OAuth provider to an existing user.
            #[one_of(user_id, session_token, session_jwt, name = user)]
            pub struct Attach {
                /// The OAuth provider.
                provider: String,
                /// The user's id.
                user_id: Option<String>,
                /// A session token of the user.
                session_token: Option<String>,
                /// A session JWT of the user.
                session_jwt: Option<String>,
            }
        "#,
    },
    // An `#[at_most_one_of]` group next to required and optional fields.
    Case {
        name: "at_most_one_of",
        args: r#"POST "/v1/otps/authenticate", response = AuthenticateResponse"#,
        item: r#"
            #[at_most_one_of(session_token, session_jwt, name = session)]
            pub struct Authenticate {
                /// The id of the email or phone the code was sent to.
                method_id: String,
                /// The code the user typed.
                #[param(secret)]
                code: String,
                session_token: Option<String>,
                session_jwt: Option<String>,
                /// Minutes the session lasts.
                session_duration_minutes: Option<u32>,
            }
        "#,
    },
    // An `#[at_least_one_of]` group (as `users.create`: an email, a phone
    // number or both) beside a plain optional field.
    Case {
        name: "at_least_one_of",
        args: r#"POST "/v1/users", response = CreateResponse"#,
        item: r#"
            /// Creates a user.
            #[at_least_one_of(email, phone_number, name = contact)]
            pub struct Create {
                /// The user's email address.
                email: Option<String>,
                /// The user's phone number.
                phone_number: Option<String>,
                /// Whether the user is created as pending.
                create_user_as_pending: Option<bool>,
            }
        "#,
    },
    // A GET: a path parameter and query parameters, no body.
    Case {
        name: "get_path_and_query",
        args: r#"GET "/v1/users/{user_id}/factors", response = FactorsResponse"#,
        item: r#"
            pub struct Factors {
                /// The user.
                user_id: String,
                /// How many to return.
                limit: Option<u32>,
                /// Where the previous page ended.
                cursor: Option<String>,
            }
        "#,
    },
    // A secret field, a renamed field, an idempotent POST, a `pub(crate)` struct.
    Case {
        name: "secret_and_rename",
        args: r#"POST "/v1/passwords/migrate", response = MigrateResponse, idempotent"#,
        item: r#"
            pub(crate) struct Migrate {
                email: String,
                /// The hash of the password.
                #[param(secret, rename = "hash")]
                password_hash: String,
                #[param(not_secret)]
                token_kind: Option<String>,
            }
        "#,
    },
    // A declaration with a mistake: what the fallback emits.
    Case {
        name: "form_on_project_path",
        args: r#"POST "/v1/public/{project_id}/oauth2/introspect", response = IntrospectResponse, body = form"#,
        item: r#"
            pub struct Introspect {
                token: String,
                client_id: Option<String>,
            }
        "#,
    },
    Case {
        name: "paged_on_fraud_host",
        args: r#"POST "/v1/rules/list", response = ListResponse, host = fraud, cursor = cursor"#,
        item: r#"
            pub struct List {
                cursor: Option<String>,
                limit: Option<u32>,
            }
        "#,
    },
    Case {
        name: "fallback",
        args: r#"POST "/v1/oauth/attach", response = AttachResponse"#,
        item: r#"
            #[one_of(user_id, session_token)]
            pub struct Attach {
                provider: String,
                #[param(sideways)]
                user_id: Option<String>,
                session_token: Option<String>,
            }
        "#,
    },
];

fn expand(case: &Case) -> String {
    let args: proc_macro2::TokenStream = case.args.parse().expect("case arguments parse");
    let item: proc_macro2::TokenStream = case.item.parse().expect("case item parses");
    let out = crate::expand_endpoint(args, item);
    let file: syn::File = match syn::parse2(out.clone()) {
        Ok(file) => file,
        Err(err) => panic!(
            "the expansion of `{}` is not valid Rust: {err}\n{out}",
            case.name
        ),
    };
    let header = format!(
        "// Expansion of `#[endpoint({})]` on the `{}` case of\n// macros/src/snapshot_tests.rs. Regenerate with `SNAPSHOTS=overwrite`.\n\n",
        case.args, case.name
    );
    header + &prettyplease::unparse(&file)
}

fn snapshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("snapshots")
        .join(format!("{name}.rs"))
}

/// The first line where `want` and `got` differ, for the failure message.
fn first_difference(want: &str, got: &str) -> String {
    let mut want_lines = want.lines();
    let mut got_lines = got.lines();
    for n in 1.. {
        match (want_lines.next(), got_lines.next()) {
            (None, None) => break,
            (w, g) if w == g => continue,
            (w, g) => {
                return format!(
                    "line {n}:\n  committed: {}\n  expanded:  {}",
                    w.unwrap_or("<end of file>"),
                    g.unwrap_or("<end of file>")
                );
            }
        }
    }
    "the files differ only in line endings".to_owned()
}

#[test]
fn expansions_match_the_committed_snapshots() {
    let overwrite = std::env::var("SNAPSHOTS").is_ok_and(|v| v == "overwrite");
    let mut failures = Vec::new();
    for case in CASES {
        let got = expand(case);
        let path = snapshot_path(case.name);
        if overwrite {
            std::fs::create_dir_all(path.parent().expect("snapshot dir")).expect("create dir");
            std::fs::write(&path, &got).expect("write snapshot");
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(want) if want == got => {}
            Ok(want) => failures.push(format!(
                "{}: the expansion changed; first difference at {}",
                path.display(),
                first_difference(&want, &got)
            )),
            Err(err) => failures.push(format!("{}: cannot read: {err}", path.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nIf the change is intended, run `SNAPSHOTS=overwrite cargo test -p stytch-macros` and review the diff.",
        failures.join("\n\n")
    );
}

#[test]
fn every_case_has_a_snapshot_and_every_snapshot_a_case() {
    let dir = snapshot_path("x");
    let dir = dir.parent().expect("snapshot dir");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return; // First run: the other test reports the missing files.
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let stem = name.strip_suffix(".rs").unwrap_or(&name);
        assert!(
            CASES.iter().any(|c| c.name == stem),
            "{name} in tests/snapshots belongs to no case; delete it"
        );
    }
}

#[test]
fn a_crate_path_replaces_every_absolute_path_to_the_crate() {
    for (args, item) in [
        (
            r#"POST "/v1/things/{id}", response = Out, crate = se, idempotent"#,
            r#"#[one_of(a, b)] #[at_most_one_of(c, d)] pub struct Things {
                id: String, n: u32, a: Option<String>, b: Option<String>,
                c: Option<String>, d: Option<String>, e: Option<bool>,
            }"#,
        ),
        (
            r#"GET "/v1/things", response = Out, crate = ::sdk::stytch"#,
            r#"pub struct Things { e: Option<bool> }"#,
        ),
    ] {
        let out = crate::expand_endpoint(args.parse().unwrap(), item.parse().unwrap()).to_string();
        assert!(!out.contains("compile_error"), "{out}");
        assert!(!out.contains("stytch_endpoints"), "{out}");
    }

    // A group written above `#[endpoint]` moves itself below it, under the
    // declaration's crate path.
    let moved = crate::expand_group(
        "one_of",
        "a, b".parse().unwrap(),
        r#"#[se::endpoint(POST "/v1/x", response = Out, crate = se)] struct X { a: Option<String>, b: Option<String> }"#
            .parse()
            .unwrap(),
    )
    .to_string();
    assert!(moved.contains("# [se :: one_of (a , b)]"), "{moved}");
}
