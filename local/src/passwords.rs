//! Users' passwords as the server keeps them: never the password itself,
//! only a hash of it.
//!
//! A password set through the API (create, the resets) is hashed with
//! PBKDF2-HMAC-SHA256 (`ring::pbkdf2`), a fresh 16-byte salt from the
//! CSPRNG and [`ITERATIONS`] rounds, and checked with `ring`'s
//! constant-time `pbkdf2::verify`. A hash imported with
//! `passwords::Migrate` is kept as given and checked the way it was made
//! (a salted SHA-1 or SHA-512 digest, or PBKDF2); the first time the user
//! logs in with it, it is replaced by one of ours.
//!
//! How strong a password is: [`strength`].

pub mod strength;

use std::collections::HashMap;
use std::num::NonZeroU32;

use ring::{digest, pbkdf2};

use crate::ids;

/// PBKDF2 rounds for the passwords the server hashes. Lower than a
/// production service should use (OWASP suggests 600 000 for
/// PBKDF2-HMAC-SHA256 as of 2023): this is a test server, and a test that
/// logs in a few times should not spend seconds hashing.
pub const ITERATIONS: u32 = 10_000;
/// Bytes of salt per password.
pub const SALT_LEN: usize = 16;
/// Bytes of derived key kept.
const KEY_LEN: usize = 32;

/// The digest of a salted-digest import.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum DigestKind {
    Sha1,
    Sha512,
}

impl DigestKind {
    fn algorithm(self) -> &'static digest::Algorithm {
        match self {
            DigestKind::Sha1 => &digest::SHA1_FOR_LEGACY_USE_ONLY,
            DigestKind::Sha512 => &digest::SHA512,
        }
    }

    /// Bytes of the digest.
    pub fn len(self) -> usize {
        self.algorithm().output_len()
    }
}

/// The HMAC of an imported PBKDF2 hash.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Pbkdf2Kind {
    Sha256,
    Sha512,
}

impl Pbkdf2Kind {
    fn algorithm(self) -> pbkdf2::Algorithm {
        match self {
            Pbkdf2Kind::Sha256 => pbkdf2::PBKDF2_HMAC_SHA256,
            Pbkdf2Kind::Sha512 => pbkdf2::PBKDF2_HMAC_SHA512,
        }
    }
}

/// A password hash and how to check a password against it.
#[derive(Clone)]
pub enum Hash {
    /// The server's own: PBKDF2-HMAC-SHA256.
    Local {
        salt: [u8; SALT_LEN],
        iterations: NonZeroU32,
        key: [u8; KEY_LEN],
    },
    /// Imported: `digest(prepend + password + append)`.
    Digest {
        kind: DigestKind,
        prepend: String,
        append: String,
        digest: Vec<u8>,
    },
    /// Imported: PBKDF2 with the other system's parameters.
    Pbkdf2 {
        kind: Pbkdf2Kind,
        salt: Vec<u8>,
        iterations: NonZeroU32,
        key: Vec<u8>,
    },
}

impl Hash {
    /// Hashes `password` the server's way, with a fresh salt.
    pub fn new(password: &str) -> Hash {
        let mut salt = [0u8; SALT_LEN];
        ids::fill_random(&mut salt);
        Hash::with_salt(password, salt)
    }

    fn with_salt(password: &str, salt: [u8; SALT_LEN]) -> Hash {
        let iterations = NonZeroU32::MIN.saturating_add(ITERATIONS - 1);
        let mut key = [0u8; KEY_LEN];
        pbkdf2::derive(
            pbkdf2::PBKDF2_HMAC_SHA256,
            iterations,
            &salt,
            password.as_bytes(),
            &mut key,
        );
        Hash::Local {
            salt,
            iterations,
            key,
        }
    }

    /// Whether `password` is the one hashed, compared in constant time.
    pub fn verify(&self, password: &str) -> bool {
        match self {
            Hash::Local {
                salt,
                iterations,
                key,
            } => pbkdf2::verify(
                pbkdf2::PBKDF2_HMAC_SHA256,
                *iterations,
                salt,
                password.as_bytes(),
                key,
            )
            .is_ok(),
            Hash::Pbkdf2 {
                kind,
                salt,
                iterations,
                key,
            } => pbkdf2::verify(
                kind.algorithm(),
                *iterations,
                salt,
                password.as_bytes(),
                key,
            )
            .is_ok(),
            Hash::Digest {
                kind,
                prepend,
                append,
                digest,
            } => {
                let mut ctx = digest::Context::new(kind.algorithm());
                ctx.update(prepend.as_bytes());
                ctx.update(password.as_bytes());
                ctx.update(append.as_bytes());
                same_bytes(ctx.finish().as_ref(), digest)
            }
        }
    }

    /// Whether this is one of the server's own hashes (an imported one is
    /// replaced after the first successful login).
    pub fn is_local(&self) -> bool {
        matches!(self, Hash::Local { .. })
    }

    /// What kind of hash it is, for `Debug`.
    fn kind(&self) -> &'static str {
        match self {
            Hash::Local { .. } => "pbkdf2-hmac-sha256 (local)",
            Hash::Digest {
                kind: DigestKind::Sha1,
                ..
            } => "sha_1 (imported)",
            Hash::Digest {
                kind: DigestKind::Sha512,
                ..
            } => "sha_512 (imported)",
            Hash::Pbkdf2 { .. } => "pbkdf_2 (imported)",
        }
    }
}

impl std::fmt::Debug for Hash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hash")
            .field("kind", &self.kind())
            .field("value", &"[redacted]")
            .finish()
    }
}

/// Equal lengths and bytes, without an early exit on the first difference.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// One user's password.
#[derive(Debug, Clone)]
pub struct StoredPassword {
    /// The `password_id` the user's `password` field shows.
    pub password_id: String,
    pub hash: Hash,
    /// Changes whenever the password does, so a check made outside the
    /// state lock can tell whether the password changed meanwhile.
    pub version: u64,
}

/// Every user's password, by `user_id`.
#[derive(Default)]
pub struct Passwords {
    by_user: HashMap<String, StoredPassword>,
    versions: u64,
}

impl Passwords {
    /// The user's password, if they have one.
    pub fn get(&self, user_id: &str) -> Option<&StoredPassword> {
        self.by_user.get(user_id)
    }

    /// Sets (or replaces) the user's password.
    pub fn set(&mut self, user_id: &str, password_id: String, hash: Hash) {
        self.versions += 1;
        self.by_user.insert(
            user_id.to_owned(),
            StoredPassword {
                password_id,
                hash,
                version: self.versions,
            },
        );
    }

    /// Forgets the user's password.
    pub fn remove(&mut self, user_id: &str) {
        self.by_user.remove(user_id);
    }
}

/// Hex text (either case) as bytes.
pub fn hex(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if bytes.len() % 2 != 0 {
        return None;
    }
    let nibble = |c: u8| char::from(c).to_digit(16);
    bytes
        .chunks_exact(2)
        .map(|pair| Some((nibble(pair[0])? * 16 + nibble(pair[1])?) as u8))
        .collect()
}

/// Base64 in either alphabet (standard or URL-safe), padded or not.
pub fn base64(text: &str) -> Option<Vec<u8>> {
    let url_safe: String = text
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            other => other,
        })
        .collect();
    stytch_endpoints::runtime::jwt::base64url_decode(url_safe.as_bytes()).ok()
}

/// The base64url (unpadded) SHA-256 of `verifier`: the PKCE S256 challenge
/// (RFC 7636) it answers.
pub fn pkce_challenge(verifier: &str) -> String {
    let hashed = digest::digest(&digest::SHA256, verifier.as_bytes());
    stytch_endpoints::runtime::jwt::base64url_encode(hashed.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_hashes_check_the_password_and_nothing_else() {
        let hash = Hash::new("correct horse battery staple");
        assert!(hash.verify("correct horse battery staple"));
        assert!(!hash.verify("correct horse battery stapl"));
        assert!(!hash.verify(""));
        assert!(hash.is_local());
        // A fresh salt each time: the same password hashes differently.
        let (
            Hash::Local {
                key: a, salt: s1, ..
            },
            Hash::Local {
                key: b, salt: s2, ..
            },
        ) = (&hash, &Hash::new("correct horse battery staple"))
        else {
            unreachable!()
        };
        assert_ne!(s1, s2);
        assert_ne!(a, b);
        let shown = format!("{hash:?}");
        assert!(
            shown.contains("[redacted]") && !shown.contains("key"),
            "{shown}"
        );
    }

    /// RFC 6070 has only SHA-1 vectors; this one is the widely published
    /// PBKDF2-HMAC-SHA256 vector for ("password", "salt", 1 round, 32 bytes).
    #[test]
    fn the_local_hash_is_pbkdf2_hmac_sha256() {
        let expected =
            hex("120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b").unwrap();
        let hash = Hash::Pbkdf2 {
            kind: Pbkdf2Kind::Sha256,
            salt: b"salt".to_vec(),
            iterations: NonZeroU32::MIN,
            key: expected,
        };
        assert!(hash.verify("password"));
        assert!(!hash.verify("Password"));
        let mut salt = [0u8; SALT_LEN];
        salt[..4].copy_from_slice(b"salt");
        let Hash::Local { iterations, .. } = Hash::with_salt("x", salt) else {
            unreachable!()
        };
        assert_eq!(iterations.get(), ITERATIONS);
    }

    #[test]
    fn salted_digests_follow_prepend_password_append() {
        // SHA-1("abc") (FIPS 180 example), split as prepend "a", password
        // "b", append "c".
        let digest = hex("A9993E364706816ABA3E25717850C26C9CD0D89D").unwrap();
        let hash = Hash::Digest {
            kind: DigestKind::Sha1,
            prepend: "a".into(),
            append: "c".into(),
            digest,
        };
        assert!(hash.verify("b"));
        assert!(!hash.verify("abc"));
        assert!(!hash.is_local());
        assert_eq!(DigestKind::Sha512.len(), 64);
    }

    #[test]
    fn hex_base64_and_pkce() {
        assert_eq!(hex("00ff10"), Some(vec![0, 255, 16]));
        assert_eq!(hex("0"), None);
        assert_eq!(hex("zz"), None);
        assert_eq!(base64("aGk="), Some(b"hi".to_vec()));
        assert_eq!(base64("+/8"), base64("-_8"));
        assert_eq!(base64("a"), None);
        // RFC 7636, appendix B.
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn versions_change_with_every_set() {
        let mut store = Passwords::default();
        store.set("u", "p".into(), Hash::new("one two three four"));
        let first = store.get("u").unwrap().version;
        store.set("u", "p".into(), Hash::new("five six seven eight"));
        assert_ne!(store.get("u").unwrap().version, first);
        store.remove("u");
        assert!(store.get("u").is_none());
    }
}
