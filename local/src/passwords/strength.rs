//! How strong a password is, by a small deterministic rule shaped like
//! zxcvbn's answer (Stytch's default policy) but much simpler. It is not
//! zxcvbn: it knows no dictionary beyond a short list of very common
//! passwords, so a long password of ordinary words scores higher here than
//! there.
//!
//! The rule:
//!
//! 1. A password on the built-in list of very common ones ([`COMMON`],
//!    compared ignoring ASCII case) scores 0, and counts as breached.
//! 2. One that is a listed password plus at most four trailing digits or
//!    symbols (`Password123!`) scores at most 1.
//! 3. Otherwise the score comes from an entropy estimate: the effective
//!    length times log2 of the character pool. The pool adds 26 for
//!    lower-case letters, 26 for upper-case, 10 for digits, 33 for ASCII
//!    symbols and space, and 100 for any non-ASCII character, when at
//!    least one of the kind is present. Each character counts 1 towards
//!    the effective length, or ½ when it repeats the one before it or
//!    continues a run (`abc`, `321`). When the email's local part (before
//!    `@`, three characters or more) appears in the password, ignoring
//!    ASCII case, those characters count 0.
//! 4. Bits to score: below 20 is 0, below 30 is 1, below 40 is 2, below 50
//!    is 3, and 50 or more is 4.
//!
//! A password is valid when it scores 3 or more and is not on the list, as
//! with Stytch's zxcvbn policy. The LUDS figures are reported for a policy
//! of at least 8 characters and 3 of the 4 character classes.

/// Passwords that score 0. A short list of the most used passwords of the
/// public breach compilations, lower case.
pub const COMMON: &[&str] = &[
    "123456",
    "123456789",
    "12345678",
    "12345",
    "1234567",
    "1234567890",
    "111111",
    "000000",
    "123123",
    "654321",
    "666666",
    "121212",
    "123321",
    "password",
    "password1",
    "password123",
    "passw0rd",
    "p@ssw0rd",
    "qwerty",
    "qwerty123",
    "qwertyuiop",
    "1q2w3e4r",
    "1qaz2wsx",
    "zaq12wsx",
    "abc123",
    "iloveyou",
    "admin",
    "letmein",
    "welcome",
    "monkey",
    "dragon",
    "football",
    "baseball",
    "sunshine",
    "princess",
    "trustno1",
    "superman",
    "master",
    "hello",
    "freedom",
    "whatever",
    "starwars",
    "shadow",
    "michael",
    "jennifer",
    "hunter2",
    "mustang",
    "access",
    "batman",
    "changeme",
    "secret",
    "login",
];

/// Highest score.
pub const MAX_SCORE: u32 = 4;
/// Lowest score that passes.
pub const PASSING_SCORE: u32 = 3;
/// The LUDS figures' length rule.
pub const LUDS_MIN_LENGTH: usize = 8;
/// The LUDS figures' complexity rule: classes needed out of four.
pub const LUDS_MIN_CLASSES: u32 = 3;

/// What the rule says about one password.
#[derive(Debug, Clone, PartialEq)]
pub struct Strength {
    pub score: u32,
    /// On the list of common passwords.
    pub breached: bool,
    pub warning: String,
    pub suggestions: Vec<String>,
    pub has_lower_case: bool,
    pub has_upper_case: bool,
    pub has_digit: bool,
    pub has_symbol: bool,
    pub missing_complexity: u32,
    pub missing_characters: i32,
}

impl Strength {
    /// Whether a password with this strength is accepted.
    pub fn valid(&self) -> bool {
        self.score >= PASSING_SCORE && !self.breached
    }
}

/// Scores `password`, penalising the local part of `email` in it.
pub fn strength(password: &str, email: Option<&str>) -> Strength {
    let lower = password.to_ascii_lowercase();
    let common = COMMON.contains(&lower.as_str());
    let based_on_common = !common && {
        let stem = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation());
        lower.len() - stem.len() <= 4 && COMMON.contains(&stem)
    };

    // The email's local part, if it appears, is cut out before counting.
    let local = email
        .and_then(|e| e.split('@').next())
        .map(str::to_ascii_lowercase)
        .filter(|l| l.chars().count() >= 3);
    let found = local
        .as_deref()
        .and_then(|l| lower.find(l).map(|at| (at, l.len())));
    let counted: String = match found {
        Some((at, len)) => [&password[..at], &password[at + len..]].concat(),
        None => password.to_owned(),
    };

    let has_lower_case = password.chars().any(|c| c.is_ascii_lowercase());
    let has_upper_case = password.chars().any(|c| c.is_ascii_uppercase());
    let has_digit = password.chars().any(|c| c.is_ascii_digit());
    let has_symbol = password
        .chars()
        .any(|c| c.is_ascii() && !c.is_ascii_alphanumeric());
    let non_ascii = !password.is_ascii();
    let pool = [
        (has_lower_case, 26),
        (has_upper_case, 26),
        (has_digit, 10),
        (has_symbol, 33),
        (non_ascii, 100),
    ]
    .iter()
    .filter(|(present, _)| *present)
    .map(|(_, size)| size)
    .sum::<u32>();

    let (halves, patterned) = effective_halves(&counted);
    let bits = f64::from(halves) / 2.0 * f64::from(pool.max(1)).log2();
    let mut score = match bits {
        b if b < 20.0 => 0,
        b if b < 30.0 => 1,
        b if b < 40.0 => 2,
        b if b < 50.0 => 3,
        _ => MAX_SCORE,
    };
    if common {
        score = 0;
    } else if based_on_common {
        score = score.min(1);
    }

    let classes = [has_lower_case, has_upper_case, has_digit, has_symbol]
        .iter()
        .filter(|x| **x)
        .count() as u32;
    let length = password.chars().count();
    let mut out = Strength {
        score,
        breached: common,
        warning: String::new(),
        suggestions: Vec::new(),
        has_lower_case,
        has_upper_case,
        has_digit,
        has_symbol,
        missing_complexity: LUDS_MIN_CLASSES.saturating_sub(classes),
        missing_characters: i32::try_from(LUDS_MIN_LENGTH.saturating_sub(length)).unwrap_or(0),
    };
    if out.valid() {
        return out;
    }
    let (warning, suggestion) = if common {
        (
            "This password is one of the most used ones.",
            "Choose a phrase of several uncommon words instead.",
        )
    } else if based_on_common {
        (
            "This is a very common password with a few characters added.",
            "Digits or symbols added to a common password barely slow a guesser down.",
        )
    } else if found.is_some() {
        (
            "The password contains your email address.",
            "Leave your email address out of the password.",
        )
    } else if patterned * 2 > counted.chars().count() {
        (
            "Repeated characters and runs such as \"aaa\" or \"abc\" are easy to guess.",
            "Avoid repeated characters and sequences.",
        )
    } else {
        (
            "",
            "Make the password longer: a few words are easy to remember and hard to guess.",
        )
    };
    out.warning = warning.to_owned();
    out.suggestions.push(suggestion.to_owned());
    if classes < LUDS_MIN_CLASSES {
        out.suggestions
            .push("Mix in upper-case letters, digits or symbols.".to_owned());
    }
    out
}

/// The effective length in half characters, and how many characters
/// repeated the one before or continued a run.
fn effective_halves(password: &str) -> (u32, usize) {
    let mut halves = 0u32;
    let mut patterned = 0usize;
    let mut previous: Option<char> = None;
    for c in password.chars() {
        let weak = previous.is_some_and(|p| {
            p == c
                || (p.is_ascii_alphanumeric()
                    && c.is_ascii_alphanumeric()
                    && (u32::from(p)).abs_diff(u32::from(c)) == 1)
        });
        if weak {
            patterned += 1;
            halves = halves.saturating_add(1);
        } else {
            halves = halves.saturating_add(2);
        }
        previous = Some(c);
    }
    (halves, patterned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(password: &str) -> u32 {
        strength(password, None).score
    }

    #[test]
    fn common_passwords_score_zero_and_count_as_breached() {
        for p in ["password", "Password1", "QWERTY", "123456", "hunter2"] {
            let s = strength(p, None);
            assert_eq!(s.score, 0, "{p}");
            assert!(s.breached && !s.valid(), "{p}");
            assert_eq!(s.warning, "This password is one of the most used ones.");
        }
        let s = strength("Password123!", None);
        assert_eq!(s.score, 1);
        assert!(!s.breached && !s.valid());
    }

    #[test]
    fn scores_follow_the_documented_rule() {
        // 6 lower-case letters, one repeat: 5.5 x log2(26) = 25.9 bits.
        assert_eq!(score("kitten"), 1);
        // 8 distinct lower-case letters: 37.6 bits.
        assert_eq!(score("qmzvxbwl"), 2);
        // 8 characters of all four classes: 8 x log2(95) = 52.6 bits.
        assert_eq!(score("aB3$xY9!"), 4);
        // 12 of the same letter: 6.5 x 4.7 = 30.6 bits.
        assert_eq!(score("aaaaaaaaaaaa"), 2);
        assert_eq!(score("abcdefghijkl"), 2);
        assert_eq!(score("correct horse battery staple"), 4);
        assert_eq!(score(""), 0);
        // Deterministic.
        assert_eq!(strength("kittenwalk", None), strength("kittenwalk", None));
    }

    #[test]
    fn the_email_local_part_does_not_count() {
        let alone = strength("ada.lovelace.1815", None);
        let with_email = strength("Ada.Lovelace.1815", Some("ada.lovelace@example.com"));
        assert!(alone.valid());
        assert_eq!(with_email.score, 2);
        assert_eq!(
            with_email.warning,
            "The password contains your email address."
        );
        // A short local part is not looked for.
        assert_eq!(
            strength("ab-xq7-Lm2-Pz", Some("ab@example.com")).score,
            strength("ab-xq7-Lm2-Pz", None).score
        );
    }

    #[test]
    fn feedback_and_luds_figures() {
        let strong = strength("correct horse battery staple", None);
        assert!(strong.valid());
        assert_eq!(strong.warning, "");
        assert!(strong.suggestions.is_empty());
        assert!(strong.has_lower_case && strong.has_symbol);
        assert!(!strong.has_upper_case && !strong.has_digit);
        assert_eq!(strong.missing_complexity, 1);
        assert_eq!(strong.missing_characters, 0);

        let weak = strength("kitten", None);
        assert_eq!(weak.missing_characters, 2);
        assert_eq!(weak.missing_complexity, 2);
        assert_eq!(weak.suggestions.len(), 2);
        assert!(strength("aaaaaaaaaaaa", None).warning.contains("Repeated"));
        // Non-ASCII characters widen the pool.
        assert!(score("日本語のパスワード") >= 3);
    }
}
