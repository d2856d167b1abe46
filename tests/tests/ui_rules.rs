//! Every error the macro can report is documented by a compile-fail case:
//! each message written in `macros/src/` (the literal passed to `error_at`,
//! `error_span`, `syn::Error::new`, `syn::Error::new_spanned` or a local
//! `bad(...)`, with `\"` read as `"`) must appear, at
//! least its longest fixed part, in some committed `tests/ui/**/*.stderr`.
//! A new rule without a case fails here.

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

/// The longest part of a `format!` string that holds no placeholder, with
/// `{{`/`}}` unescaped.
fn fixed_part(message: &str) -> String {
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
        .max_by_key(String::len)
        .unwrap_or_default()
}

#[test]
fn every_macro_error_has_a_compile_fail_case() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut sources = Vec::new();
    files(&root.join("macros/src"), "rs", &mut sources);
    let mut stderr_files = Vec::new();
    files(&root.join("tests/ui"), "stderr", &mut stderr_files);
    let stderr: String = stderr_files
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
                    let literal = literal.replace("\\\"", "\"");
                    messages.push((path.clone(), fixed_part(&literal)));
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
        .filter(|(_, fixed)| !stderr.contains(fixed.as_str()))
        .map(|(path, fixed)| format!("{}: {fixed:?}", path.display()))
        .collect();
    assert!(
        missing.is_empty(),
        "macro errors with no tests/ui case:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_fixed_part_of_a_format_string() {
    assert_eq!(
        fixed_part("`{{{name}}}` appears twice in the path template"),
        "}` appears twice in the path template"
    );
    assert_eq!(
        fixed_part("unknown method `{m}`; expected"),
        "unknown method `"
    );
    assert_eq!(first_literal(r#"x, "a \"b\" c")"#), Some(r#"a \"b\" c"#));
}
