//! A payload's registered claims, and the rules they must meet.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::{JwtError, Rules};

/// The registered claims of a payload, as sent (`None` when absent).
/// [`Rules::check`] decides whether they are acceptable.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Registered {
    /// `aud`: a string or a list of strings.
    pub aud: Option<Value>,
    /// `iss`.
    pub iss: Option<Value>,
    /// `exp`, seconds since the Unix epoch.
    pub exp: Option<Value>,
    /// `iat`, seconds since the Unix epoch.
    pub iat: Option<Value>,
    /// `nbf`, seconds since the Unix epoch.
    pub nbf: Option<Value>,
    /// `sub`: the user (or, for M2M tokens, the client).
    pub sub: Option<Value>,
    /// `jti`.
    pub jti: Option<Value>,
}

impl Registered {
    /// The slot of the registered claim `name`, if it is one.
    pub fn slot(&mut self, name: &str) -> Option<&mut Option<Value>> {
        Some(match name {
            "aud" => &mut self.aud,
            "iss" => &mut self.iss,
            "exp" => &mut self.exp,
            "iat" => &mut self.iat,
            "nbf" => &mut self.nbf,
            "sub" => &mut self.sub,
            "jti" => &mut self.jti,
            _ => return None,
        })
    }

    /// `sub`, when it is a string.
    pub fn subject(&self) -> Option<&str> {
        self.sub.as_ref().and_then(Value::as_str)
    }
}

impl AsRef<Registered> for Registered {
    fn as_ref(&self) -> &Registered {
        self
    }
}

/// A payload: its registered claims, and every other claim.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Claims {
    /// `aud`, `iss`, `exp`, `iat`, `nbf`, `sub`, `jti`.
    pub registered: Registered,
    /// The other claims, by name.
    pub other: Map<String, Value>,
}

impl AsRef<Registered> for Claims {
    fn as_ref(&self) -> &Registered {
        &self.registered
    }
}

impl<'de> Deserialize<'de> for Claims {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Claims, D::Error> {
        struct ClaimsVisitor;
        impl<'de> Visitor<'de> for ClaimsVisitor {
            type Value = Claims;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object of claims")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Claims, A::Error> {
                let mut claims = Claims::default();
                while let Some(name) = map.next_key::<String>()? {
                    match claims.registered.slot(&name) {
                        Some(slot) => *slot = Some(map.next_value()?),
                        None => {
                            claims.other.insert(name, map.next_value()?);
                        }
                    }
                }
                Ok(claims)
            }
        }
        deserializer.deserialize_map(ClaimsVisitor)
    }
}

/// Reads the registered claims into `registered` and hands every other
/// claim to `other`: for payload types that read some claims into typed
/// fields without building a JSON value for them.
pub fn visit_claims<'de, A, F>(
    mut map: A,
    registered: &mut Registered,
    mut other: F,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    F: FnMut(String, &mut A) -> Result<(), A::Error>,
{
    while let Some(name) = map.next_key::<String>()? {
        match registered.slot(&name) {
            Some(slot) => *slot = Some(map.next_value()?),
            None => other(name, &mut map)?,
        }
    }
    Ok(())
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
    pub fn check(&self, claims: &Registered, now: SystemTime) -> Result<TokenTimes, JwtError> {
        let required = |value: &Option<Value>, name: &'static str| match value {
            Some(v) if !v.is_null() => Ok(()),
            _ => Err(JwtError::MissingClaim(name)),
        };
        required(&claims.aud, "aud")?;
        required(&claims.iss, "iss")?;
        required(&claims.exp, "exp")?;
        required(&claims.iat, "iat")?;
        required(&claims.nbf, "nbf")?;
        if let Some(aud) = &claims.aud {
            self.check_audience(aud)?;
        }
        match &claims.iss {
            Some(Value::String(iss)) if self.issuers.contains(&iss.as_str()) => {}
            Some(Value::String(_)) => return Err(JwtError::WrongIssuer),
            _ => return Err(JwtError::InvalidClaim("iss")),
        }
        for (value, name) in [(&claims.sub, "sub"), (&claims.jti, "jti")] {
            if value.as_ref().is_some_and(|v| !v.is_string()) {
                return Err(JwtError::InvalidClaim(name));
            }
        }
        let times = TokenTimes {
            issued_at: seconds(&claims.iat, "iat")?,
            not_before: seconds(&claims.nbf, "nbf")?,
            expires_at: seconds(&claims.exp, "exp")?,
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
fn seconds(value: &Option<Value>, name: &'static str) -> Result<i64, JwtError> {
    let Some(Value::Number(n)) = value else {
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
