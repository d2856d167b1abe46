//! A small, strict JSON reader for the paths that read every token: a
//! JWT's header and a session JWT's payload are read with it before
//! serde_json, whose generic parser, instantiated for each type it reads,
//! runs far more distinct code than a verification can afford to pull into
//! the instruction cache.
//!
//! Its contract: where it returns a value, serde_json reading the same text
//! into a `serde_json::Value` accepts it and gives an equal value. Where it
//! is unsure (a lone surrogate escape, nesting past [`MAX_DEPTH`], any
//! syntax error) it returns `None`, and the caller reads the text with
//! serde_json, which decides and names what is wrong. Being stricter than
//! serde costs speed, never an answer. The tests hold it to this against
//! serde_json on hand cases and on thousands of mutated texts.
//!
//! Reached through `__private::json`; not a stable API.

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

/// How deep arrays and objects may nest before [`Scan::value`] hands over
/// to serde (whose own limit, 128, then decides).
pub const MAX_DEPTH: usize = 64;

/// A position in a JSON text, and the reads that move it on. Every read
/// returns `None` for input it does not take (see the module's docs).
pub struct Scan<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Scan<'a> {
    /// A scan from the start of `text`.
    pub fn new(text: &'a str) -> Scan<'a> {
        Scan { text, at: 0 }
    }

    /// Reads `null` if it comes next: `Some(true)` then, `Some(false)` if
    /// something else comes, `None` at the end of the text.
    pub fn null(&mut self) -> Option<bool> {
        if self.peek()? != b'n' {
            return Some(false);
        }
        self.word("null")?;
        Some(true)
    }

    /// The next byte that is not whitespace, left unread.
    fn peek(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.at) {
            if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(b);
            }
            self.at += 1;
        }
        None
    }

    /// Reads `byte`, after any whitespace.
    fn eat(&mut self, byte: u8) -> Option<()> {
        if self.peek()? != byte {
            return None;
        }
        self.at += 1;
        Some(())
    }

    /// Nothing but whitespace is left.
    pub fn end(&mut self) -> Option<()> {
        match self.peek() {
            None => Some(()),
            Some(_) => None,
        }
    }

    /// Reads `word` (`true`, `false`, `null`) where it starts.
    fn word(&mut self, word: &str) -> Option<()> {
        if !self
            .text
            .as_bytes()
            .get(self.at..)?
            .starts_with(word.as_bytes())
        {
            return None;
        }
        self.at += word.len();
        Some(())
    }

    /// Reads an object, handing each member's name to `member`, which reads
    /// its value.
    pub fn object(
        &mut self,
        mut member: impl FnMut(&mut Self, Cow<'a, str>) -> Option<()>,
    ) -> Option<()> {
        self.sequence(b'{', b'}', |scan| {
            let name = scan.string()?;
            scan.eat(b':')?;
            member(scan, name)
        })
    }

    /// Reads an array, with `item` reading each element.
    pub fn array(&mut self, item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.sequence(b'[', b']', item)
    }

    /// Reads `open`, then `item`s separated by commas, then `close`: the
    /// frame of arrays and objects, whichever way their items are read.
    fn sequence(
        &mut self,
        open: u8,
        close: u8,
        mut item: impl FnMut(&mut Self) -> Option<()>,
    ) -> Option<()> {
        self.eat(open)?;
        if self.peek()? == close {
            self.at += 1;
            return Some(());
        }
        loop {
            item(self)?;
            match self.peek()? {
                b',' => self.at += 1,
                b if b == close => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Reads a string, borrowed from the text unless it has escapes.
    pub fn string(&mut self) -> Option<Cow<'a, str>> {
        self.eat(b'"')?;
        let start = self.at;
        self.at = plain_run(self.text.as_bytes(), self.at);
        match *self.text.as_bytes().get(self.at)? {
            b'"' => {
                let text = self.text.get(start..self.at)?;
                self.at += 1;
                Some(Cow::Borrowed(text))
            }
            b'\\' => self.escaped(start).map(Cow::Owned),
            // A control character, which JSON allows only escaped.
            _ => None,
        }
    }

    /// The rest of a string from its first escape; `start` is where its
    /// text began.
    fn escaped(&mut self, start: usize) -> Option<String> {
        let bytes = self.text.as_bytes();
        let mut out = String::from(self.text.get(start..self.at)?);
        loop {
            let run = self.at;
            self.at = plain_run(bytes, self.at);
            out.push_str(self.text.get(run..self.at)?);
            match *bytes.get(self.at)? {
                b'"' => {
                    self.at += 1;
                    return Some(out);
                }
                b'\\' => {
                    let escape = *bytes.get(self.at + 1)?;
                    self.at += 2;
                    out.push(match escape {
                        b'u' => self.unicode()?,
                        other => simple_escape(other)?,
                    });
                }
                // A control character, which JSON allows only escaped.
                _ => return None,
            }
        }
    }

    /// The character of a `\u` escape whose four digits start here, with
    /// the low surrogate's escape that must follow a high surrogate.
    fn unicode(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if !(0xD800..=0xDBFF).contains(&first) {
            // A lone low surrogate is no character: `None`.
            return char::from_u32(first);
        }
        if !self.text.as_bytes().get(self.at..)?.starts_with(b"\\u") {
            return None;
        }
        self.at += 2;
        let low = self.hex4()?;
        if !(0xDC00..=0xDFFF).contains(&low) {
            return None;
        }
        char::from_u32(0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00))
    }

    /// Four hexadecimal digits.
    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.at..self.at + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    /// Reads a number. A non-negative integer that fits a `u64` (every time
    /// claim) is read here; any other is checked against JSON's grammar and
    /// handed to serde_json's own number parser, so that it becomes the
    /// same `Number` it would in a `Value`.
    fn number(&mut self) -> Option<Number> {
        let (text, integer) = self.number_text()?;
        // `u64`'s parser refuses a sign: a negative integer, like any
        // number with a fraction or an exponent, goes to serde_json.
        if integer {
            if let Ok(n) = text.parse::<u64>() {
                return Some(n.into());
            }
        }
        text.parse().ok()
    }

    /// Reads the text of a number as JSON's grammar has it, and whether it
    /// is an integer (no fraction, no exponent).
    fn number_text(&mut self) -> Option<(&'a str, bool)> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let digit = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_digit);
        if bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        match *bytes.get(self.at)? {
            b'0' => self.at += 1,
            b'1'..=b'9' => {
                while digit(self.at) {
                    self.at += 1;
                }
            }
            _ => return None,
        }
        let integer = self.at;
        if bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            if !digit(self.at) {
                return None;
            }
            while digit(self.at) {
                self.at += 1;
            }
        }
        if matches!(bytes.get(self.at), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(bytes.get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !digit(self.at) {
                return None;
            }
            while digit(self.at) {
                self.at += 1;
            }
        }
        Some((self.text.get(start..self.at)?, integer == self.at))
    }

    /// Skips a value as serde_json skips one nobody reads (`IgnoredAny`,
    /// which the derived readers use for unknown members): the same grammar,
    /// but a string's escapes are checked for their form only (a lone
    /// surrogate passes) and a number is not evaluated (`1e400` passes).
    /// `depth` counts as in [`Scan::value`]; past [`MAX_DEPTH`] this gives
    /// up, where serde would go on.
    pub fn skip(&mut self, depth: usize) -> Option<()> {
        match self.peek()? {
            b'"' => {
                self.at += 1;
                self.skip_string()
            }
            // Member names are skipped too, as serde skips them.
            b'{' if depth < MAX_DEPTH => self.sequence(b'{', b'}', |scan| {
                scan.eat(b'"')?;
                scan.skip_string()?;
                scan.eat(b':')?;
                scan.skip(depth + 1)
            }),
            b'[' if depth < MAX_DEPTH => self.array(|scan| scan.skip(depth + 1)),
            b't' => self.word("true"),
            b'f' => self.word("false"),
            b'n' => self.word("null"),
            b'-' | b'0'..=b'9' => self.number_text().map(drop),
            _ => None,
        }
    }

    /// Skips the rest of a string whose opening quote was read.
    fn skip_string(&mut self) -> Option<()> {
        let bytes = self.text.as_bytes();
        loop {
            self.at = plain_run(bytes, self.at);
            match *bytes.get(self.at)? {
                b'"' => {
                    self.at += 1;
                    return Some(());
                }
                b'\\' => {
                    let escape = *bytes.get(self.at + 1)?;
                    self.at += 2;
                    // A `\u` escape's form only: serde does not judge it.
                    match escape {
                        b'u' => {
                            self.hex4()?;
                        }
                        other => {
                            simple_escape(other)?;
                        }
                    }
                }
                // A control character.
                _ => return None,
            }
        }
    }

    /// Reads any value as serde_json's `Value`; `depth` is how many arrays
    /// and objects deep it is.
    pub fn value(&mut self, depth: usize) -> Option<Value> {
        Some(match self.peek()? {
            b'"' => Value::String(self.string()?.into_owned()),
            b'{' if depth < MAX_DEPTH => {
                let mut map = Map::new();
                self.object(|scan, name| {
                    let value = scan.value(depth + 1)?;
                    map.insert(name.into_owned(), value);
                    Some(())
                })?;
                Value::Object(map)
            }
            b'[' if depth < MAX_DEPTH => {
                let mut list = Vec::new();
                self.array(|scan| {
                    list.push(scan.value(depth + 1)?);
                    Some(())
                })?;
                Value::Array(list)
            }
            b't' => {
                self.word("true")?;
                Value::Bool(true)
            }
            b'f' => {
                self.word("false")?;
                Value::Bool(false)
            }
            b'n' => {
                self.word("null")?;
                Value::Null
            }
            b'-' | b'0'..=b'9' => Value::Number(self.number()?),
            _ => return None,
        })
    }
}

/// The character a one-letter escape (`\\n`, `\\"`, ...) stands for.
fn simple_escape(letter: u8) -> Option<char> {
    Some(match letter {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        _ => return None,
    })
}

/// Where the run of string bytes that need no attention (not `"`, `\\` or
/// a control character) that starts at `at` ends: eight bytes a step,
/// then one at a time for the last few bytes of the text.
fn plain_run(bytes: &[u8], mut at: usize) -> usize {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    while let Some(chunk) = bytes.get(at..at + 8) {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let word = u64::from_le_bytes(chunk);
        // A byte's high bit survives `x - n` and `!x` only where the byte
        // was below `n` (here 1 or 0x20, and the XORs turn `"` and `\\`
        // into zero bytes). A borrow can flag a byte after a true hit, never
        // before one, so the lowest flag is the first byte to stop at.
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        let hits = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (word.wrapping_sub(ONES * 0x20) & !word);
        let hits = hits & HIGH;
        if hits != 0 {
            return at + (hits.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while let Some(&b) = bytes.get(at) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        at += 1;
    }
    at
}

#[cfg(test)]
pub(crate) mod tests {
    use serde_json::json;

    use super::*;

    /// Reads `text` as one value both ways and holds the contract: what
    /// this reader takes, serde_json takes, as the same value. Returns what
    /// each took.
    fn agree(text: &str) -> (bool, bool) {
        let serde = serde_json::from_str::<Value>(text).ok();
        let mut scan = Scan::new(text);
        let ours = scan.value(0).filter(|_| scan.end().is_some());
        match ours {
            Some(value) => {
                assert_eq!(serde.as_ref(), Some(&value), "{text}");
                (true, true)
            }
            None => (false, serde.is_some()),
        }
    }

    /// Skips `text` both ways and holds the contract for skipping: what
    /// this reader skips, serde's `IgnoredAny` skips. Returns what each
    /// skipped.
    fn agree_skip(text: &str) -> (bool, bool) {
        let serde = serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok();
        let mut scan = Scan::new(text);
        let ours = scan.skip(0).is_some() && scan.end().is_some();
        assert!(!ours || serde, "skipped what serde refuses: {text}");
        (ours, serde)
    }

    #[test]
    fn skipping_is_as_lenient_as_serdes_ignored_any() {
        // Escapes checked for their form only, numbers not evaluated, keys
        // of skipped objects skipped alike.
        for text in [
            r#""\udc00""#,
            r#""\ud800x""#,
            r#""\ud800\u0041""#,
            r#""a\"b\\c\/\b\f\n\r\t\u00e9""#,
            "1e400",
            "-0.0e-0",
            "-12.5E+3",
            r#" { "\ud800" : [ 1 , { "a" : "\u12ab" } , [] , {} , true , false , null ] } "#,
        ] {
            assert_eq!(agree_skip(text), (true, true), "{text}");
            // Where serde reads a value too, it is the same text read.
            if serde_json::from_str::<Value>(text).is_ok() {
                assert_eq!(agree(text), (true, true), "{text}");
            }
        }
        for text in [
            "",
            "01",
            "1.",
            ".5",
            "1e",
            "-",
            "+1",
            "nul",
            "tru",
            "fals",
            r#""\x""#,
            r#""\u12g4""#,
            r#""\u12""#,
            "\"\u{1}\"",
            "[1,]",
            "[1 2]",
            r#"{"a" 1}"#,
            r#"{"a":1,}"#,
            r#"{1:2}"#,
            r#"{"\x":1}"#,
            "\"open",
            "[",
            "{} {}",
        ] {
            assert_eq!(agree_skip(text), (false, false), "{text}");
        }
        // Nesting past MAX_DEPTH: serde skips it, this reader gives up.
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(agree_skip(&deep), (false, true));
        let at_limit = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(agree_skip(&at_limit), (true, true));
        // The position after a skip is the end of the value.
        let mut scan = Scan::new(r#"{"a":["\ud800",1e400]} 7"#);
        assert_eq!(scan.skip(0), Some(()));
        assert_eq!(scan.value(0), Some(json!(7)));
    }

    #[test]
    fn the_forms_it_reads_itself() {
        let cases: &[(&str, Value)] = &[
            (r#""plain""#, json!("plain")),
            (
                r#""a\"b\\c\/d\b\f\n\r\t""#,
                json!("a\"b\\c/d\u{8}\u{c}\n\r\t"),
            ),
            (r#""\u00e9\u0041x\ud83d\ude00""#, json!("éAx😀")),
            (r#""é😀""#, json!("é😀")),
            ("0", json!(0)),
            ("1764547200", json!(1_764_547_200u64)),
            ("18446744073709551615", json!(u64::MAX)),
            ("18446744073709551616", json!(18_446_744_073_709_551_616f64)),
            ("-7", json!(-7)),
            ("-0", json!(-0.0)),
            ("-9223372036854775808", json!(i64::MIN)),
            ("1.5", json!(1.5)),
            ("-0.5e-3", json!(-0.0005)),
            ("2E+2", json!(200.0)),
            ("[]", json!([])),
            ("{}", json!({})),
            (" [ 1 , { \"a\" : null } ]\n", json!([1, { "a": null }])),
            ("true", json!(true)),
            ("false", json!(false)),
            (r#"{"k":1,"k":2}"#, json!({ "k": 2 })),
        ];
        for (text, want) in cases {
            let mut scan = Scan::new(text);
            assert_eq!(scan.value(0).as_ref(), Some(want), "{text}");
            assert_eq!(scan.end(), Some(()), "{text}");
            assert_eq!(agree(text), (true, true), "{text}");
        }
        let mut scan = Scan::new(" null 7");
        assert_eq!(scan.null(), Some(true));
        assert_eq!(scan.null(), Some(false));
        assert_eq!(scan.value(0), Some(json!(7)));
        assert_eq!(scan.null(), None);
        assert_eq!(Scan::new("nul").null(), None);
        let mut scan = Scan::new(r#""borrowed" "esc\u0061ped""#);
        assert!(matches!(scan.string(), Some(Cow::Borrowed("borrowed"))));
        assert!(matches!(scan.string(), Some(Cow::Owned(s)) if s == "escaped"));
    }

    #[test]
    fn what_it_leaves_to_serde() {
        let refused = [
            "",
            "{",
            "{} x",
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            r#"{"a":1 "b":2}"#,
            r#"{1:2}"#,
            "[1,]",
            "[1 2]",
            "[",
            "]",
            "01",
            "1.",
            ".5",
            "1e",
            "1e+",
            "-",
            "+1",
            "--1",
            "nul",
            "tru",
            "fals",
            "nulll",
            r#""\x""#,
            r#""\u12""#,
            r#""\u+123""#,
            r#""\u12g4""#,
            "\"\u{1}\"",
            "\"\u{1f}\"",
            r#""\ud800""#,
            r#""\ud800\u0041""#,
            r#""\ud800x""#,
            r#""\ud800\udbff""#,
            r#""\udc00""#,
            r#""x\udfffy""#,
            "1e400",
            "-1e400",
            r#""unterminated"#,
            r#""\"#,
        ];
        for text in refused {
            assert_eq!(agree(text), (false, false), "{text}");
        }
        // Nesting past MAX_DEPTH, which serde still reads.
        let deep = format!(
            "{}1{}",
            "[".repeat(MAX_DEPTH + 1),
            "]".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(agree(&deep), (false, true));
        let deep = format!(
            "{}1{}",
            "{\"a\":".repeat(MAX_DEPTH + 1),
            "}".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(agree(&deep), (false, true));
        let at_limit = format!("{}1{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(agree(&at_limit), (true, true));
    }

    #[test]
    fn plain_runs_end_at_the_first_byte_that_needs_attention() {
        // Each byte that ends a run, and neighbours that do not, at every
        // place of the word-at-a-time and the byte-at-a-time loops.
        for special in [b'"', b'\\', 0x00, 0x1f, 0x01] {
            for len in 0..24 {
                for place in 0..len {
                    for fill in [b'a', b' ', 0x7f, 0x80, 0xff, 0x21, 0x5d, 0x5b, 0x20] {
                        let mut bytes = vec![fill; len];
                        bytes[place] = special;
                        for start in 0..=place {
                            assert_eq!(plain_run(&bytes, start), place, "{bytes:?} from {start}");
                        }
                        // A second stop after the first changes nothing.
                        for later in place + 1..len {
                            let mut two = bytes.clone();
                            two[later] = 0x00;
                            assert_eq!(plain_run(&two, 0), place, "{two:?}");
                        }
                    }
                }
                assert_eq!(plain_run(&vec![b'z'; len], 0), len);
            }
        }
        assert_eq!(plain_run(b"ab", 5), 5);
    }

    /// A small deterministic random source (xorshift64), for the tests
    /// that mutate texts here and in `jwt`.
    pub(crate) struct Rng(pub(crate) u64);

    impl Rng {
        pub(crate) fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    #[test]
    fn mutated_texts_read_as_serde_reads_them() {
        let seed = json!({
            "alg": "RS256", "kid": "jwk-test-1", "typ": "JWT",
            "list": [1, -2, 3.5, 1e3, "x\"y", null, true, false, [], {}],
            "nested": { "a": { "b": ["c\u{e9}\u{1f600}", { "d": 18_446_744_073_709_551_615u64 }] } },
        });
        let seeds = [
            serde_json::to_string(&seed).unwrap(),
            serde_json::to_string_pretty(&seed).unwrap(),
        ];
        let pieces: &[&str] = &[
            "\"",
            "\\",
            "\\u",
            "\\ud83d\\ude00",
            "\\ud83d",
            "\\u00e9",
            "\\n",
            "{",
            "}",
            "[",
            "]",
            ":",
            ",",
            "null",
            "true",
            "false",
            "0",
            "-0",
            "-",
            "1e5",
            "1.5",
            "01",
            "e",
            ".",
            "18446744073709551616",
            "-9223372036854775809",
            " ",
            "\n",
            "\u{1}",
            "é",
            "\"k\":1,",
            "\\udc00",
            "1e400",
        ];
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        let (mut both, mut neither, mut skipped) = (0, 0, 0);
        for round in 0..20_000 {
            let mut text = seeds[round % 2].clone();
            for _ in 0..=rng.below(3) {
                let mut at = rng.below(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                match rng.below(3) {
                    0 => text.insert_str(at, pieces[rng.below(pieces.len())]),
                    1 => {
                        let mut end = (at + 1 + rng.below(6)).min(text.len());
                        while !text.is_char_boundary(end) {
                            end += 1;
                        }
                        text.replace_range(at..end, "");
                    }
                    _ => {
                        let mut end = (at + 1 + rng.below(30)).min(text.len());
                        while !text.is_char_boundary(end) {
                            end += 1;
                        }
                        let copy = text[at..end].to_owned();
                        let mut to = rng.below(text.len() + 1);
                        while !text.is_char_boundary(to) {
                            to -= 1;
                        }
                        text.insert_str(to, &copy);
                    }
                }
            }
            match agree(&text) {
                (true, _) => both += 1,
                (false, false) => neither += 1,
                // Nothing here nests past MAX_DEPTH.
                (false, true) => panic!("left to serde: {text}"),
            }
            match agree_skip(&text) {
                (true, _) => skipped += 1,
                (false, false) => {}
                (false, true) => panic!("not skipped, though serde does: {text}"),
            }
        }
        assert!(both > 2_000 && neither > 2_000, "{both} / {neither}");
        // Some texts serde only skips (a lone surrogate, a huge exponent).
        assert!(skipped > both, "{skipped} / {both}");
    }
}
