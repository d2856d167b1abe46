//! Every error the macro can report is documented by a compile-fail case:
//! each message written in `macros/src/` (the literal passed to `error_at`,
//! `error_span`, `syn::Error::new`, `syn::Error::new_spanned` or a local
//! `bad(...)`, with `\"` and line continuations read as the compiler reads
//! them) must appear in some committed `tests/ui/**/*.stderr`: every text
//! between its placeholders, all in the same file. A new rule without a case
//! fails here.

use std::path::{Path, PathBuf};

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable directory") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// The first string literal after `start` in `text` (escapes kept as is).
fn first_literal(text: &str) -> Option<&str> {
    let open = text.find('"')?;
    let rest = &text[open + 1..];
    let mut escaped = false;
    for (i, c) in rest.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(&rest[..i]),
            _ => escaped = false,
        }
    }
    None
}

/// A literal's text as the compiler reads it, for the two escapes the
/// macro's messages use: `\"` is `"`, and a `\` at the end of a line drops
/// the line break and the next line's leading whitespace.
fn unescape(literal: &str) -> String {
    let mut out = String::new();
    let mut lines = literal.split("\\\n");
    out.push_str(lines.next().unwrap_or(""));
    for line in lines {
        out.push_str(line.trim_start());
    }
    out.replace("\\\"", "\"")
}

/// The parts of a `format!` string between its placeholders, trimmed, with
/// `{{`/`}}` unescaped; empty parts are left out.
fn fixed_parts(message: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                parts.last_mut().expect("a part").push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                parts.last_mut().expect("a part").push('}');
            }
            '{' => {
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
                parts.push(String::new());
            }
            c => parts.last_mut().expect("a part").push(c),
        }
    }
    parts
        .into_iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}

#[test]
fn every_macro_error_has_a_compile_fail_case() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut sources = Vec::new();
    files(&root.join("macros/src"), "rs", &mut sources);
    let mut stderr_files = Vec::new();
    files(&root.join("tests/ui"), "stderr", &mut stderr_files);
    let stderr: Vec<String> = stderr_files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("a .stderr file"))
        .collect();

    let mut messages = Vec::new();
    for path in sources {
        let text = std::fs::read_to_string(&path).expect("a macro source file");
        // Unit tests of the macro crate are not rules.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for call in [
            "error_at(",
            "error_span(",
            "Error::new(",
            "Error::new_spanned(",
            "bad(",
        ] {
            for (at, _) in code.match_indices(call) {
                let window = &code[at + call.len()..(at + call.len() + 600).min(code.len())];
                if let Some(literal) = first_literal(window) {
                    messages.push((path.clone(), fixed_parts(&unescape(literal))));
                }
            }
        }
    }
    assert!(
        messages.len() >= 30,
        "found only {} messages",
        messages.len()
    );
    let missing: Vec<String> = messages
        .iter()
        .filter(|(_, parts)| {
            !stderr
                .iter()
                .any(|text| parts.iter().all(|part| text.contains(part.as_str())))
        })
        .map(|(path, parts)| format!("{}: {parts:?}", path.display()))
        .collect();
    assert!(
        missing.is_empty(),
        "macro errors with no tests/ui case:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_fixed_parts_of_a_format_string() {
    assert_eq!(
        fixed_parts("`{{{name}}}` appears twice in the path template"),
        ["`{", "}` appears twice in the path template"]
    );
    assert_eq!(
        fixed_parts("unknown method `{m}`; expected {}"),
        ["unknown method `", "`; expected"]
    );
    assert_eq!(first_literal(r#"x, "a \"b\" c")"#), Some(r#"a \"b\" c"#));
    assert_eq!(
        unescape("the `{g}`; \\\n      choose \\\"another\\\""),
        "the `{g}`; choose \"another\""
    );
}
