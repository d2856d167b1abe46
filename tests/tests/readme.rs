//! The README's code blocks are meant to be copied: its Rust blocks are
//! compiled and run as doctests (`stytch_tests::readme`), and this test
//! makes sure none of them leans on rustdoc-hidden lines (`# ...`), which
//! a reader copying from GitHub would not get.

#[test]
fn readme_rust_blocks_have_no_hidden_lines() {
    let readme = include_str!("../../README.md");
    let mut in_rust = false;
    let mut blocks = 0;
    for (n, line) in readme.lines().enumerate() {
        if let Some(info) = line.strip_prefix("```") {
            if in_rust {
                in_rust = false;
            } else if info.split(',').next() == Some("rust") {
                in_rust = true;
                blocks += 1;
            }
            continue;
        }
        if in_rust {
            let t = line.trim_start();
            assert!(
                !(t == "#" || t.starts_with("# ")),
                "README.md line {}: a hidden line breaks copying: {line}",
                n + 1
            );
        }
    }
    assert!(blocks >= 5, "found only {blocks} Rust blocks in README.md");
}

#[test]
fn readme_starts_with_the_two_commands_ci_runs() {
    let readme = include_str!("../../README.md");
    let ci = include_str!("../../.ci/run");
    let commands: Vec<&str> = readme
        .lines()
        .skip_while(|l| !l.starts_with("```sh"))
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .collect();
    assert_eq!(
        commands,
        ["cargo run --example oauth_attach", "cargo test --workspace"]
    );
    for command in commands {
        let words: Vec<&str> = command.split_whitespace().collect();
        let found = ci.lines().any(|l| {
            let ci_words: Vec<&str> = l.split_whitespace().collect();
            words.iter().all(|w| ci_words.contains(w))
        });
        assert!(found, ".ci/run does not run `{command}`");
    }
}
