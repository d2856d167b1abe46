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
#[cfg(test)]
mod test_key;

use std::time::{Duration, Instant, SystemTime};

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::Error;
use crate::json::Scan;

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
        // A header is a few dozen bytes: decoded on the stack unless it is
        // unusually long.
        let not_base64 = || malformed("the header is not base64url");
        let len = base64url::decoded_len(header.len()).ok_or_else(not_base64)?;
        let mut small = [0u8; 256];
        let mut large = Vec::new();
        let header_json = match small.get_mut(..len) {
            Some(room) => room,
            None => {
                large.resize(len, 0);
                &mut large[..]
            }
        };
        base64url::decode_to(header.as_bytes(), header_json).map_err(|_| not_base64())?;
        // The small reader first; serde reads what it leaves (and says
        // what is wrong).
        let header = match std::str::from_utf8(header_json).ok().and_then(Header::scan) {
            Some(header) => header,
            None => from_json(header_json, "the header is not a JSON object")?,
        };
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
        from_json(&payload, "the payload is not a JSON object")
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

/// Reads a decoded header or payload as JSON; anything that is not UTF-8
/// JSON that `T` accepts is [`JwtError::Malformed`] with `reason`.
///
/// The whole text is checked to be UTF-8 once, here: serde_json's reader
/// of byte slices would check every string again as it meets it, which was
/// a tenth of the instructions a session JWT's claims take to read.
pub fn from_json<'a, T: serde::Deserialize<'a>>(
    bytes: &'a [u8],
    reason: &'static str,
) -> Result<T, JwtError> {
    let text = std::str::from_utf8(bytes).map_err(|_| malformed(reason))?;
    serde_json::from_str(text).map_err(|_| malformed(reason))
}

fn malformed(reason: &'static str) -> JwtError {
    JwtError::Malformed { reason }
}

/// What the checks read of a token's header: `alg` and `kid` as sent (any
/// JSON type, judged by the caller), and whether `crit` is present. The
/// other members are skipped without being kept; one of these three given
/// twice makes the header malformed, so no reader of the token can pick a
/// different one than we did.
#[derive(Debug, PartialEq)]
struct Header {
    alg: Option<Value>,
    kid: Option<Value>,
    crit: bool,
}

impl Header {
    const EMPTY: Header = Header {
        alg: None,
        kid: None,
        crit: false,
    };

    /// The number of member `name` (`usize::MAX` for one the checks do not
    /// read): the one naming of the members, which both readers use.
    fn member(name: &str) -> usize {
        match name {
            "alg" => 0,
            "kid" => 1,
            "crit" => 2,
            _ => usize::MAX,
        }
    }

    /// Where member `i`'s value goes: the slot of `alg` or `kid` (a full
    /// slot means the member came twice, which both readers refuse);
    /// `None` for a member whose value is skipped. Any `crit` is noted
    /// here: it refuses the token, so a second one needs no check.
    fn slot(&mut self, i: usize) -> Option<&mut Option<Value>> {
        match i {
            0 => Some(&mut self.alg),
            1 => Some(&mut self.kid),
            2 => {
                self.crit = true;
                None
            }
            _ => None,
        }
    }

    /// The header as serde reads it (below), read with the small JSON
    /// reader; `None` where that reader or these rules refuse, and serde
    /// then decides.
    fn scan(text: &str) -> Option<Header> {
        let mut scan = Scan::new(text);
        let mut header = Header::EMPTY;
        scan.object(|scan, name| {
            // Skipped as serde's `IgnoredAny` skips them.
            let Some(slot) = header.slot(Header::member(&name)) else {
                return scan.skip(1);
            };
            if slot.is_some() {
                return None;
            }
            *slot = Some(scan.value(1)?);
            Some(())
        })?;
        scan.end()?;
        Some(header)
    }
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
                let mut header = Header::EMPTY;
                while let Some(i) = map.next_key_seed(crate::decode::Key(Header::member))? {
                    let Some(slot) = header.slot(i) else {
                        map.next_value::<IgnoredAny>()?;
                        continue;
                    };
                    if slot.is_some() {
                        // The caller reports every header error alike.
                        return Err(A::Error::custom("`alg` or `kid` given twice"));
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
    use std::sync::Mutex;

    use serde_json::json;

    use super::test_key::{self, KID};
    use super::*;

    fn malformed_reason(result: Result<Token<'_>, JwtError>) -> &'static str {
        match result {
            Err(JwtError::Malformed { reason }) => reason,
            other => panic!("expected Malformed, got {other:?}"),
        }
    }

    fn b64(value: &Value) -> String {
        base64url::encode(value.to_string().as_bytes())
    }

    #[test]
    fn a_signed_token_parses_and_verifies_with_its_key() {
        let claims = json!({ "sub": "user-1", "custom": 7 });
        let token = test_key::sign(&test_key::header(), &claims);
        let parsed = Token::parse(&token).unwrap();
        assert_eq!(parsed.kid(), KID);
        let key = test_key::public_key(KID);
        let verified = parsed.verify(&key).unwrap();
        assert_eq!(verified.registered.subject(), Some("user-1"));
        assert_eq!(verified.other.get("custom"), Some(&json!(7)));
        assert_eq!(
            parsed.verify_payload(&key).unwrap(),
            claims.to_string().into_bytes()
        );
        let typed: Value = parsed.verify_as(&key).unwrap();
        assert_eq!(typed, claims);
    }

    #[test]
    fn a_changed_signature_or_payload_does_not_verify() {
        let token = test_key::sign(&test_key::header(), &json!({ "sub": "a" }));
        let key = test_key::public_key(KID);
        let (signed, sig) = token.rsplit_once('.').unwrap();
        // Another valid signature, of other bytes.
        let other = base64url::encode(&test_key::signature(b"something else"));
        let forged = format!("{signed}.{other}");
        let parsed = Token::parse(&forged).unwrap();
        assert!(matches!(parsed.verify(&key), Err(JwtError::BadSignature)));
        // The same signature over another payload.
        let (header, _) = signed.split_once('.').unwrap();
        let swapped = format!("{header}.{}.{sig}", b64(&json!({ "sub": "b" })));
        let parsed = Token::parse(&swapped).unwrap();
        assert!(matches!(
            parsed.verify_payload(&key),
            Err(JwtError::BadSignature)
        ));
        // A signature that is not base64url.
        let unreadable = format!("{signed}.not*b64");
        let parsed = Token::parse(&unreadable).unwrap();
        match parsed.verify(&key) {
            Err(JwtError::Malformed { reason }) => assert!(reason.contains("signature")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_signed_payload_that_is_not_base64url_or_not_an_object_is_malformed() {
        let key = test_key::public_key(KID);
        let header = b64(&test_key::header());
        let token = test_key::sign_parts(&header, "not*b64");
        match Token::parse(&token).unwrap().verify_payload(&key) {
            Err(JwtError::Malformed { reason }) => assert!(reason.contains("payload")),
            other => panic!("{other:?}"),
        }
        let token = test_key::sign_parts(&header, &b64(&json!([1, 2])));
        match Token::parse(&token).unwrap().verify(&key) {
            Err(JwtError::Malformed { reason }) => assert!(reason.contains("payload")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_length_limit_is_inclusive() {
        // 32 KiB, as documented: room for Stytch's few-kilobyte tokens.
        assert_eq!(MAX_TOKEN_LEN, 32_768);
        let header = b64(&test_key::header());
        let payload = b64(&json!({}));
        let fill = MAX_TOKEN_LEN - header.len() - payload.len() - 2;
        let at_limit = format!("{header}.{payload}.{}", "A".repeat(fill));
        assert_eq!(at_limit.len(), MAX_TOKEN_LEN);
        assert!(Token::parse(&at_limit).is_ok());
        let over = format!("{at_limit}A");
        assert!(malformed_reason(Token::parse(&over)).contains("longer"));
    }

    #[test]
    fn a_token_needs_exactly_three_parts_and_an_object_header() {
        let header = b64(&test_key::header());
        for bad in [
            String::new(),
            header.clone(),
            format!("{header}.e30"),
            format!("{header}.e30.sig.more"),
        ] {
            assert!(
                malformed_reason(Token::parse(&bad)).contains("three"),
                "{bad}"
            );
        }
        assert!(malformed_reason(Token::parse("a*b.e30.sig")).contains("header"));
        let array = format!("{}.e30.sig", b64(&json!(["alg", "RS256"])));
        assert!(malformed_reason(Token::parse(&array)).contains("object"));
        // The header's reader says what it wanted (the token error above has
        // its own words, so only serde's message shows this).
        let error = serde_json::from_str::<Header>(r#"["RS256"]"#)
            .expect_err("a list is not a header")
            .to_string();
        assert!(error.contains("expected a JSON object"), "{error}");
    }

    #[test]
    fn headers_of_any_length_are_read_and_must_be_utf8() {
        // 256 decoded bytes fit the stack buffer; 257 and more do not.
        for len in [255, 256, 257, 300, 4000] {
            let base = json!({ "alg": "RS256", "kid": "k", "pad": "" }).to_string();
            let pad = "x".repeat(len - base.len());
            let header = json!({ "alg": "RS256", "kid": "k", "pad": pad }).to_string();
            assert_eq!(header.len(), len);
            let token = format!("{}.e30.sig", base64url::encode(header.as_bytes()));
            assert_eq!(Token::parse(&token).expect("parses").kid(), "k", "{len}");
        }
        // A header whose bytes are not UTF-8 is not a JSON object, even when
        // the invalid byte sits inside a string.
        let latin1 = b"{\"alg\":\"RS256\",\"kid\":\"k\xe9\"}";
        let token = format!("{}.e30.sig", base64url::encode(latin1));
        assert!(malformed_reason(Token::parse(&token)).contains("header is not a JSON object"));
    }

    #[test]
    fn only_rs256_without_crit_and_with_a_kid_is_accepted() {
        let parse = |header: Value| {
            Token::parse(&format!("{}.e30.sig", b64(&header))).map(|t| t.kid().to_owned())
        };
        assert_eq!(parse(json!({ "alg": "RS256", "kid": "k" })).unwrap(), "k");
        for alg in [
            json!("none"),
            json!("HS256"),
            json!("rs256"),
            json!(256),
            Value::Null,
        ] {
            assert!(
                matches!(
                    parse(json!({ "alg": alg, "kid": "k" })),
                    Err(JwtError::UnsupportedAlgorithm)
                ),
                "{alg}"
            );
        }
        assert!(matches!(
            parse(json!({ "kid": "k" })),
            Err(JwtError::UnsupportedAlgorithm)
        ));
        match parse(json!({ "alg": "RS256", "kid": "k", "crit": ["exp"] })) {
            Err(JwtError::Malformed { reason }) => assert!(reason.contains("crit")),
            other => panic!("{other:?}"),
        }
        for kid in [json!(""), json!(7), Value::Null] {
            assert!(
                matches!(
                    parse(json!({ "alg": "RS256", "kid": kid })),
                    Err(JwtError::MissingKeyId)
                ),
                "{kid}"
            );
        }
        assert!(matches!(
            parse(json!({ "alg": "RS256" })),
            Err(JwtError::MissingKeyId)
        ));
    }

    #[test]
    fn debug_names_the_key_id_and_nothing_of_the_token() {
        let token = test_key::sign(&test_key::header(), &json!({ "sub": "user-SECRET" }));
        let parsed = Token::parse(&token).unwrap();
        let text = format!("{parsed:?}");
        assert!(text.contains(KID), "{text}");
        let (_, sig) = token.rsplit_once('.').unwrap();
        assert!(!text.contains(sig) && !text.contains("eyJ"), "{text}");
    }

    /// A clock that stands still at a chosen time.
    struct Fixed(SystemTime, Instant);

    impl Clock for Fixed {
        fn now(&self) -> SystemTime {
            self.0
        }
        fn instant(&self) -> Instant {
            self.1
        }
    }

    #[test]
    fn verify_checks_the_key_the_signature_and_the_claims() {
        let now = 1_700_000_000;
        let claims = json!({
            "aud": "project-1", "iss": "stytch.com/project-1", "sub": "user-1",
            "iat": now - 10, "nbf": now - 10, "exp": now + 300,
        });
        let token = test_key::sign(&test_key::header(), &claims);
        let clock = Fixed(
            std::time::UNIX_EPOCH + Duration::from_secs(now as u64),
            Instant::now(),
        );
        let rules = Rules {
            audience: "project-1",
            issuers: &["stytch.com/project-1"],
            leeway: Duration::ZERO,
            max_age: None,
        };
        let keys = JwksCache::new();
        let fetched = Mutex::new(0);
        let fetch = || {
            *fetched.lock().unwrap() += 1;
            Ok(test_key::key_set())
        };
        let (payload, times) = verify::<Claims, _>(&token, &keys, &rules, &clock, fetch).unwrap();
        assert_eq!(payload.registered.subject(), Some("user-1"));
        assert_eq!(times.expires_at, now + 300);
        assert_eq!(*fetched.lock().unwrap(), 1);
        // The claims are checked: another project's rules refuse the token.
        let other = Rules {
            audience: "project-2",
            ..rules
        };
        let refused = verify::<Claims, _>(&token, &keys, &other, &clock, || unreachable!());
        assert!(matches!(refused, Err(JwtError::WrongAudience)));
        // So is the signature.
        let (signed, _) = token.rsplit_once('.').unwrap();
        let forged = format!("{signed}.{}", base64url::encode(&test_key::signature(b"x")));
        let refused = verify::<Claims, _>(&forged, &keys, &rules, &clock, || unreachable!());
        assert!(matches!(refused, Err(JwtError::BadSignature)));
    }

    #[test]
    fn the_system_clock_tells_the_time() {
        let before = SystemTime::now();
        let start = Instant::now();
        let now = SystemClock.now();
        let instant = SystemClock.instant();
        assert!(now >= before && now.duration_since(before).unwrap() < Duration::from_secs(60));
        assert!(instant >= start && instant - start < Duration::from_secs(60));
    }

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

    /// The header read both ways. The small reader may leave a header to
    /// serde; what it reads, serde reads the same.
    fn header_both_ways(text: &str) -> (Option<Header>, Option<Header>) {
        let ours = Header::scan(text);
        let serde = from_json::<Header>(text.as_bytes(), "test").ok();
        if let Some(header) = &ours {
            assert_eq!(serde.as_ref(), Some(header), "{text}");
        }
        (ours, serde)
    }

    #[test]
    fn the_small_reader_reads_headers_as_serde_does() {
        let read = [
            r#"{"alg":"RS256","kid":"k","typ":"JWT"}"#,
            r#" { "typ" : "JWT" , "alg" : "RS256" , "kid" : "k-1" , "x" : { "y" : [ 1 , null ] } } "#,
            r#"{"\u0061lg":"RS256","kid":"k\u00e9"}"#,
            r#"{"alg":7,"kid":null,"crit":["b64"]}"#,
            r#"{"crit":1,"crit":2}"#,
            r#"{}"#,
            // What serde skips without reading, ours skips alike.
            r#"{"alg":"RS256","kid":"k","x":"\udc00","y":1e400,"z":[{"\ud800":"\ud83d"}]}"#,
        ];
        for text in read {
            let (ours, _) = header_both_ways(text);
            assert!(ours.is_some(), "{text}");
        }
        let header = Header::scan(read[1]).unwrap();
        assert_eq!(header.alg, Some(json!("RS256")));
        assert_eq!(header.kid, Some(json!("k-1")));
        assert!(!header.crit);
        assert!(Header::scan(read[3]).unwrap().crit);
        for text in [
            r#"{"alg":"RS256","alg":"RS256"}"#,
            r#"{"kid":"a","kid":"a"}"#,
            r#"{"alg":"RS256"} {}"#,
            r#"["alg"]"#,
            r#"{"alg":"RS256","#,
        ] {
            assert_eq!(header_both_ways(text), (None, None), "{text}");
        }
        // Randomly broken headers.
        let seed = r#"{"alg":"RS256","kid":"jwk-test-1","typ":"JWT","crit":["x"],"n":[1.5,-2,{"a":null}]}"#;
        let pieces = [
            "\"",
            "\\",
            "\\u0061",
            "{",
            "}",
            "[",
            "]",
            ":",
            ",",
            "null",
            "1e9",
            "-",
            " ",
            "\"alg\":\"none\",",
            "\"kid\":1,",
            "\"crit\":0,",
            "\\ud800",
            "\\udc00",
            "1e400",
        ];
        let mut rng = crate::json::tests::Rng(0x853C_49E6_748F_EA9B);
        let mut below = |n: usize| rng.below(n);
        let (mut both, mut neither) = (0, 0);
        for _ in 0..5_000 {
            let mut text = seed.to_owned();
            for _ in 0..=below(2) {
                let at = below(text.len() + 1);
                if below(2) == 0 {
                    text.insert_str(at, pieces[below(pieces.len())]);
                } else {
                    let end = (at + 1 + below(5)).min(text.len());
                    text.replace_range(at..end, "");
                }
            }
            match header_both_ways(&text) {
                (Some(_), _) => both += 1,
                (None, None) => neither += 1,
                // Nothing here nests past MAX_DEPTH.
                (None, Some(_)) => panic!("left to serde: {text}"),
            }
        }
        assert!(both > 500 && neither > 500, "{both} / {neither}");
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
