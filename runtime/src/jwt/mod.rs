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
mod error;
mod jwks;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use crate::Error;

pub use base64url::{InvalidBase64, decode as base64url_decode, encode as base64url_encode};
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
/// signature is not checked yet.
#[derive(Debug)]
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
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(malformed("not three dot-separated parts"));
        };
        let header_json = base64url::decode(header.as_bytes())
            .map_err(|_| malformed("the header is not base64url"))?;
        let header_map = object(&header_json, "the header is not a JSON object")?;
        match header_map.get("alg") {
            Some(Value::String(alg)) if alg == "RS256" => {}
            _ => return Err(JwtError::UnsupportedAlgorithm),
        }
        if header_map.contains_key("crit") {
            return Err(malformed("the header has critical extensions (`crit`)"));
        }
        let kid = match header_map.get("kid") {
            Some(Value::String(kid)) if !kid.is_empty() => kid.clone(),
            _ => return Err(JwtError::MissingKeyId),
        };
        Ok(Token {
            signed: &token[..header.len() + 1 + payload.len()],
            payload,
            signature,
            kid,
        })
    }

    /// The header's key id.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// Checks the signature with `key`, then decodes the payload.
    pub fn verify(&self, key: &RsaKey) -> Result<Map<String, Value>, JwtError> {
        let signature = base64url::decode(self.signature.as_bytes())
            .map_err(|_| malformed("the signature is not base64url"))?;
        if !key.verify_rs256(self.signed.as_bytes(), &signature) {
            return Err(JwtError::BadSignature);
        }
        let payload = base64url::decode(self.payload.as_bytes())
            .map_err(|_| malformed("the payload is not base64url"))?;
        object(&payload, "the payload is not a JSON object")
    }
}

fn malformed(reason: &'static str) -> JwtError {
    JwtError::Malformed { reason }
}

fn object(json: &[u8], reason: &'static str) -> Result<Map<String, Value>, JwtError> {
    match serde_json::from_slice::<Value>(json) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(malformed(reason)),
    }
}

/// The times of a token that passed [`Rules::check`], in seconds since the
/// Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenTimes {
    /// `iat`.
    pub issued_at: i64,
    /// `nbf`.
    pub not_before: i64,
    /// `exp`.
    pub expires_at: i64,
}

impl Rules<'_> {
    /// Checks the claims of a token whose signature was verified, at time
    /// `now`.
    pub fn check(
        &self,
        claims: &Map<String, Value>,
        now: SystemTime,
    ) -> Result<TokenTimes, JwtError> {
        for name in ["aud", "iss", "exp", "iat", "nbf"] {
            if claims.get(name).is_none_or(Value::is_null) {
                return Err(JwtError::MissingClaim(name));
            }
        }
        self.check_audience(&claims["aud"])?;
        match &claims["iss"] {
            Value::String(iss) if self.issuers.contains(&iss.as_str()) => {}
            Value::String(_) => return Err(JwtError::WrongIssuer),
            _ => return Err(JwtError::InvalidClaim("iss")),
        }
        for name in ["sub", "jti"] {
            if claims.get(name).is_some_and(|v| !v.is_string()) {
                return Err(JwtError::InvalidClaim(name));
            }
        }
        let times = TokenTimes {
            issued_at: seconds(claims, "iat")?,
            not_before: seconds(claims, "nbf")?,
            expires_at: seconds(claims, "exp")?,
        };
        let now = match now.duration_since(UNIX_EPOCH) {
            Ok(d) => d.as_secs_f64(),
            Err(e) => -e.duration().as_secs_f64(),
        };
        let leeway = self.leeway.as_secs_f64();
        if times.issued_at as f64 > now + leeway {
            return Err(JwtError::IssuedInFuture);
        }
        if times.not_before as f64 > now + leeway {
            return Err(JwtError::NotYetValid);
        }
        if times.expires_at as f64 <= now - leeway {
            return Err(JwtError::Expired);
        }
        if let Some(max_age) = self.max_age {
            if now - times.issued_at as f64 >= max_age.as_secs_f64() {
                return Err(JwtError::TooOld);
            }
        }
        Ok(times)
    }

    fn check_audience(&self, aud: &Value) -> Result<(), JwtError> {
        let matches = match aud {
            Value::String(s) if s.is_empty() => return Err(JwtError::MissingClaim("aud")),
            Value::String(s) => s == self.audience,
            Value::Array(list) if list.is_empty() => return Err(JwtError::MissingClaim("aud")),
            Value::Array(list) => {
                let mut found = false;
                for item in list {
                    match item {
                        Value::String(s) => found |= s == self.audience,
                        _ => return Err(JwtError::InvalidClaim("aud")),
                    }
                }
                found
            }
            _ => return Err(JwtError::InvalidClaim("aud")),
        };
        if matches {
            Ok(())
        } else {
            Err(JwtError::WrongAudience)
        }
    }
}

/// A time claim as whole seconds: a JSON number (a fraction is dropped, as
/// the official SDK does); anything else is [`JwtError::InvalidClaim`].
fn seconds(claims: &Map<String, Value>, name: &'static str) -> Result<i64, JwtError> {
    let Some(Value::Number(n)) = claims.get(name) else {
        return Err(JwtError::InvalidClaim(name));
    };
    if let Some(i) = n.as_i64() {
        return Ok(i);
    }
    if n.as_u64().is_some() {
        return Ok(i64::MAX);
    }
    match n.as_f64() {
        // `as` saturates at the ends of i64's range.
        Some(f) if f.is_finite() => Ok(f.trunc() as i64),
        _ => Err(JwtError::InvalidClaim(name)),
    }
}

/// Checks `token` completely: its form and header, its key (looked up in
/// `keys`, which fetches with `fetch` when needed), its signature, then its
/// claims against `rules` at the time `clock` gives. Returns the claims and
/// the token's times.
pub fn verify<F>(
    token: &str,
    keys: &JwksCache,
    rules: &Rules<'_>,
    clock: &dyn Clock,
    fetch: F,
) -> Result<(Map<String, Value>, TokenTimes), JwtError>
where
    F: FnOnce() -> Result<KeySet, Error>,
{
    let token = Token::parse(token)?;
    let key = keys.key(token.kid(), clock.instant(), fetch)?;
    let claims = token.verify(&key)?;
    let times = rules.check(&claims, clock.now())?;
    Ok((claims, times))
}
