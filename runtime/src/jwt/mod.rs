//! Local checks of JWTs signed by Stytch (RS256), and the cache of the
//! project's signing keys.
//!
//! This module knows JWTs and JWKS, not Stytch's calls: the keys are
//! fetched by a function the caller passes in (`stytch-endpoints` passes
//! one that calls `sessions::GetJwks`), and the claims come back as a JSON
//! object for the caller to read. `stytch_endpoints::sessions::JwtVerifier`
//! is the API meant for applications.
//!
//! # The rules
//!
//! They follow the official SDKs' local check, and are no looser:
//!
//! - A token is at most [`MAX_TOKEN_LEN`] bytes, three base64url parts
//!   (no padding), whose first two decode to JSON objects.
//! - The algorithm is RS256, chosen here: a header naming any other (`none`,
//!   `HS256`, ...) is refused before any key is looked at. A header with
//!   `crit` extensions is refused (none is understood).
//! - The header's `kid` names a key of the project's JWKS.
//! - The signature verifies with that key.
//! - `aud`, `iss`, `exp`, `iat` and `nbf` are present and not `null`;
//!   `aud` (a string or a list of strings) contains the project id; `iss` is
//!   one of the accepted issuers (`stytch.com/{project_id}`, or the base URL
//!   the client talks to); `sub` and `jti`, when present, are strings.
//! - With `now` the current time and `leeway` the allowed clock skew:
//!   `exp > now - leeway`, `nbf <= now + leeway`, `iat <= now + leeway`.
//! - With a maximum token age: `now - iat < max_age` (so an age of zero
//!   accepts no token).
//!
//! The signature is checked before any claim: a time-based failure
//! ([`JwtError::Expired`], [`JwtError::TooOld`], ...) is only ever reported
//! for a token that Stytch did sign.

mod base64url;
mod claims;
mod error;
mod jwks;

use std::time::{Duration, Instant, SystemTime};

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::Error;

pub use base64url::{InvalidBase64, decode as base64url_decode, encode as base64url_encode};
pub use claims::{Claims, Registered, TokenTimes, visit_claims};
pub use error::JwtError;
pub use jwks::{JWKS_TTL, JwkFields, JwksCache, KeySet, REFETCH_INTERVAL, RsaKey};

/// The longest token accepted, in bytes. Stytch's session JWTs are a few
/// kilobytes at most (custom claims are limited to 4 KB).
pub const MAX_TOKEN_LEN: usize = 32 * 1024;

/// The claims the JWT standard reserves, which are not custom claims.
pub const RESERVED_CLAIMS: [&str; 7] = ["aud", "exp", "iat", "iss", "jti", "nbf", "sub"];

/// Where the time comes from: the system, or a test's clock.
pub trait Clock: Send + Sync {
    /// The wall-clock time, compared with `exp`, `nbf` and `iat`.
    fn now(&self) -> SystemTime;
    /// A monotonic time, which paces fetches of the keys.
    fn instant(&self) -> Instant;
}

/// The system's clocks.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
    fn instant(&self) -> Instant {
        Instant::now()
    }
}

/// What a token's claims must satisfy.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    /// The project id, which `aud` must contain.
    pub audience: &'a str,
    /// The values `iss` may have.
    pub issuers: &'a [&'a str],
    /// The clock skew allowed on `exp`, `nbf` and `iat`.
    pub leeway: Duration,
    /// Tokens issued longer ago than this are [`JwtError::TooOld`].
    pub max_age: Option<Duration>,
}

/// A token split into its parts, with its header read and checked. The
/// signature is not checked yet. `Debug` shows the key id only, never the
/// token.
pub struct Token<'a> {
    signed: &'a str,
    payload: &'a str,
    signature: &'a str,
    kid: String,
}

impl<'a> Token<'a> {
    /// Splits `token` and checks its header: RS256, no `crit`, a `kid`.
    pub fn parse(token: &'a str) -> Result<Token<'a>, JwtError> {
        if token.len() > MAX_TOKEN_LEN {
            return Err(malformed("longer than the largest accepted token"));
        }
        let parts = || malformed("not three dot-separated parts");
        let bytes = token.as_bytes();
        let first = memchr::memchr(b'.', bytes).ok_or_else(parts)?;
        let second = memchr::memchr(b'.', &bytes[first + 1..]).ok_or_else(parts)? + first + 1;
        if memchr::memchr(b'.', &bytes[second + 1..]).is_some() {
            return Err(parts());
        }
        let (header, payload, signature) = (
            &token[..first],
            &token[first + 1..second],
            &token[second + 1..],
        );
        let header_json = base64url::decode(header.as_bytes())
            .map_err(|_| malformed("the header is not base64url"))?;
        let header: Header = serde_json::from_slice(&header_json)
            .map_err(|_| malformed("the header is not a JSON object"))?;
        match header.alg {
            Some(Value::String(alg)) if alg == "RS256" => {}
            _ => return Err(JwtError::UnsupportedAlgorithm),
        }
        if header.crit {
            return Err(malformed("the header has critical extensions (`crit`)"));
        }
        let kid = match header.kid {
            Some(Value::String(kid)) if !kid.is_empty() => kid,
            _ => return Err(JwtError::MissingKeyId),
        };
        Ok(Token {
            signed: &token[..token.len() - signature.len() - 1],
            payload,
            signature,
            kid,
        })
    }

    /// The header's key id.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// Checks the signature with `key`, then decodes the payload into its
    /// registered claims and the others.
    pub fn verify(&self, key: &RsaKey) -> Result<Claims, JwtError> {
        self.verify_as(key)
    }

    /// Checks the signature with `key`, then decodes the payload as a `T`
    /// (a type that reads a JSON object, such as [`Claims`], or one that
    /// also reads some claims into typed fields). A payload that is not a
    /// JSON object, or that `T` refuses, is [`JwtError::Malformed`].
    pub fn verify_as<T: DeserializeOwned>(&self, key: &RsaKey) -> Result<T, JwtError> {
        let payload = self.verify_payload(key)?;
        serde_json::from_slice(&payload).map_err(|_| malformed("the payload is not a JSON object"))
    }

    /// Checks the signature with `key`, then returns the payload's bytes
    /// (JSON, not yet parsed), for a caller that parses them its own way.
    pub fn verify_payload(&self, key: &RsaKey) -> Result<Vec<u8>, JwtError> {
        // The largest RSA key ring verifies with is 8192 bits: 1024 bytes.
        let mut buffer = [0u8; 1024];
        let len = base64url::decoded_len(self.signature.len())
            .ok_or(malformed("the signature is not base64url"))?;
        // Longer than any key's signature: no key of ours made it.
        let signature = buffer.get_mut(..len).ok_or(JwtError::BadSignature)?;
        base64url::decode_to(self.signature.as_bytes(), signature)
            .map_err(|_| malformed("the signature is not base64url"))?;
        if !key.verify_rs256(self.signed.as_bytes(), signature) {
            return Err(JwtError::BadSignature);
        }
        base64url::decode(self.payload.as_bytes())
            .map_err(|_| malformed("the payload is not base64url"))
    }
}

impl std::fmt::Debug for Token<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

fn malformed(reason: &'static str) -> JwtError {
    JwtError::Malformed { reason }
}

/// What the checks read of a token's header: `alg` and `kid` as sent (any
/// JSON type, judged by the caller), and whether `crit` is present. The
/// other members are skipped without being kept; one of these three given
/// twice makes the header malformed, so no reader of the token can pick a
/// different one than we did.
struct Header {
    alg: Option<Value>,
    kid: Option<Value>,
    crit: bool,
}

impl<'de> serde::Deserialize<'de> for Header {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Header, D::Error> {
        struct HeaderVisitor;
        impl<'de> serde::de::Visitor<'de> for HeaderVisitor {
            type Value = Header;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Header, A::Error> {
                use serde::de::{Error as _, IgnoredAny};
                let mut header = Header {
                    alg: None,
                    kid: None,
                    crit: false,
                };
                let index = |key: &str| match key {
                    "alg" => 0,
                    "kid" => 1,
                    "crit" => 2,
                    _ => usize::MAX,
                };
                while let Some(i) = map.next_key_seed(crate::decode::Key(index))? {
                    let slot = match i {
                        0 => &mut header.alg,
                        1 => &mut header.kid,
                        2 if header.crit => return Err(A::Error::duplicate_field("crit")),
                        2 => {
                            header.crit = true;
                            map.next_value::<IgnoredAny>()?;
                            continue;
                        }
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    if slot.is_some() {
                        return Err(A::Error::duplicate_field(if i == 0 {
                            "alg"
                        } else {
                            "kid"
                        }));
                    }
                    *slot = Some(map.next_value()?);
                }
                Ok(header)
            }
        }
        deserializer.deserialize_map(HeaderVisitor)
    }
}

/// Checks `token` completely: its form and header, its key (looked up in
/// `keys`, which fetches with `fetch` when needed), its signature, then its
/// claims against `rules` at the time `clock` gives. Returns the payload,
/// decoded as a `T` that exposes its registered claims (such as [`Claims`]),
/// and the token's times.
pub fn verify<T, F>(
    token: &str,
    keys: &JwksCache,
    rules: &Rules<'_>,
    clock: &dyn Clock,
    fetch: F,
) -> Result<(T, TokenTimes), JwtError>
where
    T: DeserializeOwned + AsRef<Registered>,
    F: FnOnce() -> Result<KeySet, Error>,
{
    let token = Token::parse(token)?;
    let key = keys.key(token.kid(), clock.instant(), fetch)?;
    let payload: T = token.verify_as(&key)?;
    let times = rules.check(payload.as_ref(), clock.now())?;
    Ok((payload, times))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A token whose header is `header` as written (the payload and
    /// signature are never looked at by `Token::parse`).
    fn with_header(header: &str) -> String {
        format!("{}.e30.c2ln", base64url::encode(header.as_bytes()))
    }

    fn parse(header: &str) -> Result<String, JwtError> {
        let token = with_header(header);
        Token::parse(&token).map(|t| t.kid().to_owned())
    }

    #[test]
    fn a_well_formed_header_gives_its_key_id_and_the_parts() {
        assert_eq!(
            parse(r#"{"typ":"JWT","alg":"RS256","kid":"k-1","x":{"y":[1]}}"#).unwrap(),
            "k-1"
        );
        let token = with_header(r#"{"alg":"RS256","kid":"k"}"#);
        let parsed = Token::parse(&token).unwrap();
        assert_eq!(parsed.payload, "e30");
        assert_eq!(parsed.signature, "c2ln");
        assert_eq!(parsed.signed, &token[..token.len() - 5]);
        // An escaped member name is the same name.
        assert_eq!(parse(r#"{"\u0061lg":"RS256","kid":"k"}"#).unwrap(), "k");
    }

    #[test]
    fn the_algorithm_must_be_the_string_rs256() {
        for header in [
            r#"{"kid":"k"}"#,
            r#"{"alg":"none","kid":"k"}"#,
            r#"{"alg":"rs256","kid":"k"}"#,
            r#"{"alg":256,"kid":"k"}"#,
            r#"{"alg":null,"kid":"k"}"#,
            r#"{"alg":["RS256"],"kid":"k"}"#,
        ] {
            assert!(
                matches!(parse(header), Err(JwtError::UnsupportedAlgorithm)),
                "{header}"
            );
        }
    }

    #[test]
    fn the_key_id_must_be_a_non_empty_string() {
        for header in [
            r#"{"alg":"RS256"}"#,
            r#"{"alg":"RS256","kid":""}"#,
            r#"{"alg":"RS256","kid":7}"#,
            r#"{"alg":"RS256","kid":null}"#,
        ] {
            assert!(
                matches!(parse(header), Err(JwtError::MissingKeyId)),
                "{header}"
            );
        }
    }

    #[test]
    fn a_member_we_read_given_twice_or_crit_makes_the_header_malformed() {
        // With two `alg`s, another reader may take the other one: refused
        // whichever comes first.
        for header in [
            r#"{"alg":"none","alg":"RS256","kid":"k"}"#,
            r#"{"alg":"RS256","alg":"none","kid":"k"}"#,
            r#"{"alg":"RS256","kid":"a","kid":"b"}"#,
            r#"{"alg":"RS256","kid":"k","crit":null}"#,
            r#"{"alg":"RS256","kid":"k","crit":["b64"],"crit":[]}"#,
            r#"["alg","RS256"]"#,
            r#"{"alg":"RS256","kid":"k""#,
        ] {
            assert!(
                matches!(parse(header), Err(JwtError::Malformed { .. })),
                "{header}"
            );
        }
    }

    #[test]
    fn a_token_needs_exactly_three_parts() {
        let good = with_header(r#"{"alg":"RS256","kid":"k"}"#);
        let (head, _) = good.split_once('.').unwrap();
        for token in [
            head.to_owned(),
            format!("{head}.e30"),
            format!("{good}.more"),
            format!("{head}..."),
        ] {
            assert!(
                matches!(Token::parse(&token), Err(JwtError::Malformed { .. })),
                "{token}"
            );
        }
    }
}
