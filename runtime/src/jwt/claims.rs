//! A payload's registered claims, and the rules they must meet.

use std::borrow::Cow;
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, Visitor};
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
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Claims, A::Error> {
                let mut claims = Claims::default();
                let other = &mut claims.other;
                visit_claims(map, &mut claims.registered, |name, map| {
                    other.insert(name.into_owned(), map.next_value()?);
                    Ok(())
                })?;
                Ok(claims)
            }
        }
        deserializer.deserialize_map(ClaimsVisitor)
    }
}

/// Reads the registered claims into `registered` and hands every other
/// claim to `other`: for payload types that read some claims into typed
/// fields without building a JSON value for them.
///
/// A claim's name is borrowed from the input when it can be (a name
/// without escapes, read from text), so the claims the caller does not keep
/// by name cost no copy of it.
pub fn visit_claims<'de, A, F>(
    mut map: A,
    registered: &mut Registered,
    mut other: F,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    F: FnMut(Cow<'de, str>, &mut A) -> Result<(), A::Error>,
{
    while let Some(name) = map.next_key_seed(ClaimName)? {
        match registered.slot(&name) {
            Some(slot) => *slot = Some(map.next_value()?),
            None => other(name, &mut map)?,
        }
    }
    Ok(())
}

/// Reads a claim's name, borrowed when the input allows it.
struct ClaimName;

impl<'de> DeserializeSeed<'de> for ClaimName {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for ClaimName {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a claim name")
    }

    fn visit_borrowed_str<E: de::Error>(self, name: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(name))
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(name.to_owned()))
    }

    fn visit_string<E: de::Error>(self, name: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(name))
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use serde_json::json;

    use super::*;

    const NOW: u64 = 1_700_000_000;
    const T: i64 = NOW as i64;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    fn rules() -> Rules<'static> {
        Rules {
            audience: "project-1",
            issuers: &["stytch.com/project-1", "https://api.example"],
            leeway: Duration::from_secs(30),
            max_age: None,
        }
    }

    /// The registered claims of a JSON object.
    fn registered(value: Value) -> Registered {
        serde_json::from_value::<Claims>(value).unwrap().registered
    }

    fn good() -> Value {
        json!({
            "aud": "project-1", "iss": "stytch.com/project-1",
            "iat": T, "nbf": T, "exp": T + 300, "sub": "user-1", "jti": "id-1",
        })
    }

    fn with(key: &str, value: Value) -> Registered {
        let mut claims = good();
        claims[key] = value;
        registered(claims)
    }

    fn check(claims: &Registered) -> Result<TokenTimes, JwtError> {
        rules().check(claims, at(NOW))
    }

    #[test]
    fn claims_split_into_registered_and_other() {
        let claims: Claims = serde_json::from_value(json!({
            "aud": ["p"], "iss": "i", "exp": 3, "iat": 1, "nbf": 2, "sub": "s", "jti": "j",
            "custom": { "a": 1 }, "scope": "read",
        }))
        .unwrap();
        let r = &claims.registered;
        assert_eq!(r.aud, Some(json!(["p"])));
        assert_eq!(r.iss, Some(json!("i")));
        assert_eq!(r.exp, Some(json!(3)));
        assert_eq!(r.iat, Some(json!(1)));
        assert_eq!(r.nbf, Some(json!(2)));
        assert_eq!(r.sub, Some(json!("s")));
        assert_eq!(r.jti, Some(json!("j")));
        assert_eq!(r.subject(), Some("s"));
        assert_eq!(claims.other.len(), 2);
        assert_eq!(claims.other["scope"], json!("read"));
        fn registered_of<T: AsRef<Registered>>(payload: &T) -> &Registered {
            payload.as_ref()
        }
        assert_eq!(registered_of(&claims), r);
        assert_eq!(registered_of(r), r);
        assert_eq!(registered(json!({ "sub": 5 })).subject(), None);
        let not_an_object = serde_json::from_value::<Claims>(json!([1])).unwrap_err();
        assert!(
            not_an_object
                .to_string()
                .contains("a JSON object of claims"),
            "{not_an_object}"
        );
        let mut empty = Registered::default();
        assert!(empty.slot("scope").is_none());
    }

    /// A payload type that reads one custom claim into a typed field.
    #[derive(Debug, Default)]
    struct Scoped {
        registered: Registered,
        scope: String,
        others: usize,
    }

    impl<'de> Deserialize<'de> for Scoped {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Scoped, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Scoped;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("claims")
                }
                fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Scoped, A::Error> {
                    let mut out = Scoped::default();
                    let mut scope = String::new();
                    let mut others = 0;
                    visit_claims(map, &mut out.registered, |name, map| {
                        if name == "scope" {
                            scope = map.next_value()?;
                        } else {
                            map.next_value::<serde::de::IgnoredAny>()?;
                            others += 1;
                        }
                        Ok(())
                    })?;
                    out.scope = scope;
                    out.others = others;
                    Ok(out)
                }
            }
            deserializer.deserialize_map(V)
        }
    }

    #[test]
    fn visit_claims_fills_the_registered_claims_and_hands_on_the_rest() {
        let scoped: Scoped = serde_json::from_value(json!({
            "sub": "client-1", "exp": 9, "scope": "read:users", "x": 1, "y": [2],
        }))
        .unwrap();
        assert_eq!(scoped.registered.subject(), Some("client-1"));
        assert_eq!(scoped.registered.exp, Some(json!(9)));
        assert_eq!(scoped.scope, "read:users");
        assert_eq!(scoped.others, 2);
    }

    #[test]
    fn claim_names_are_borrowed_from_text_and_unescaped() {
        fn name(json: &str) -> Cow<'_, str> {
            ClaimName
                .deserialize(&mut serde_json::Deserializer::from_str(json))
                .unwrap()
        }
        assert!(matches!(name(r#""aud""#), Cow::Borrowed("aud")));
        // An escape needs a copy, which still names the same claim.
        assert!(matches!(name(r#""a\u0075d""#), Cow::Owned(n) if n == "aud"));
        let text = r#"{"\u0061ud":["p"],"sc\u006fpe":"read","t\u0065am":"blue","x":1}"#;
        let claims: Claims = crate::jwt::from_json(text.as_bytes(), "claims").unwrap();
        assert_eq!(claims.registered.aud, Some(json!(["p"])));
        assert_eq!(claims.other["team"], json!("blue"));
        assert_eq!(claims.other.len(), 3);
        let scoped: Scoped = crate::jwt::from_json(text.as_bytes(), "claims").unwrap();
        assert_eq!(scoped.scope, "read");
        assert_eq!(scoped.others, 2);
        let not_a_name = ClaimName
            .deserialize(&mut serde_json::Deserializer::from_str("7"))
            .unwrap_err();
        assert!(
            not_a_name.to_string().contains("a claim name"),
            "{not_a_name}"
        );
    }

    #[test]
    fn a_good_token_gives_its_times() {
        let times = check(&registered(good())).unwrap();
        assert_eq!(
            times,
            TokenTimes {
                issued_at: T,
                not_before: T,
                expires_at: T + 300,
            }
        );
        // The second accepted issuer, and a list audience.
        let mut claims = good();
        claims["iss"] = json!("https://api.example");
        claims["aud"] = json!(["other", "project-1"]);
        assert!(check(&registered(claims)).is_ok());
    }

    #[test]
    fn every_required_claim_must_be_there_and_not_null() {
        for name in ["aud", "iss", "exp", "iat", "nbf"] {
            let mut claims = good();
            claims.as_object_mut().unwrap().remove(name);
            assert!(
                matches!(check(&registered(claims)), Err(JwtError::MissingClaim(n)) if n == name),
                "{name} absent"
            );
            assert!(
                matches!(check(&with(name, Value::Null)), Err(JwtError::MissingClaim(n)) if n == name),
                "{name} null"
            );
        }
        // `sub` and `jti` are optional.
        let mut claims = good();
        claims.as_object_mut().unwrap().remove("sub");
        claims.as_object_mut().unwrap().remove("jti");
        assert!(check(&registered(claims)).is_ok());
    }

    #[test]
    fn the_audience_must_name_the_project() {
        let aud = |value: Value| check(&with("aud", value));
        assert!(matches!(
            aud(json!("project-2")),
            Err(JwtError::WrongAudience)
        ));
        assert!(matches!(
            aud(json!(["a", "b"])),
            Err(JwtError::WrongAudience)
        ));
        assert!(matches!(aud(json!("")), Err(JwtError::MissingClaim("aud"))));
        assert!(matches!(aud(json!([])), Err(JwtError::MissingClaim("aud"))));
        assert!(matches!(
            aud(json!(["project-1", 7])),
            Err(JwtError::InvalidClaim("aud"))
        ));
        assert!(matches!(aud(json!(7)), Err(JwtError::InvalidClaim("aud"))));
        assert!(matches!(
            aud(json!({ "p": 1 })),
            Err(JwtError::InvalidClaim("aud"))
        ));
        assert!(aud(json!(["project-1"])).is_ok());
        assert!(aud(json!(["project-1", "x"])).is_ok());
    }

    #[test]
    fn the_issuer_must_be_accepted_and_sub_and_jti_strings() {
        assert!(matches!(
            check(&with("iss", json!("stytch.com/project-2"))),
            Err(JwtError::WrongIssuer)
        ));
        assert!(matches!(
            check(&with("iss", json!(["stytch.com/project-1"]))),
            Err(JwtError::InvalidClaim("iss"))
        ));
        assert!(matches!(
            check(&with("sub", json!(1))),
            Err(JwtError::InvalidClaim("sub"))
        ));
        assert!(matches!(
            check(&with("jti", json!(["j"]))),
            Err(JwtError::InvalidClaim("jti"))
        ));
    }

    #[test]
    fn time_claims_are_numbers_and_fractions_are_dropped() {
        for name in ["iat", "nbf", "exp"] {
            assert!(
                matches!(check(&with(name, json!("1700000000"))), Err(JwtError::InvalidClaim(n)) if n == name),
                "{name}"
            );
        }
        let times = check(&with("exp", json!(T as f64 + 100.9))).unwrap();
        assert_eq!(times.expires_at, T + 100);
        let times = check(&with("exp", json!(u64::MAX))).unwrap();
        assert_eq!(times.expires_at, i64::MAX);
        let times = check(&with("exp", json!(1e300))).unwrap();
        assert_eq!(times.expires_at, i64::MAX);
        let times = check(&with("iat", json!(-5.5))).unwrap();
        assert_eq!(times.issued_at, -5);
    }

    #[test]
    fn the_time_rules_hold_exactly_at_the_leeway() {
        // leeway 30 s: exp must be after now - 30, nbf and iat at most now + 30.
        assert!(check(&with("exp", json!(T - 29))).is_ok());
        assert!(matches!(
            check(&with("exp", json!(T - 30))),
            Err(JwtError::Expired)
        ));
        assert!(check(&with("nbf", json!(T + 30))).is_ok());
        assert!(matches!(
            check(&with("nbf", json!(T + 31))),
            Err(JwtError::NotYetValid)
        ));
        assert!(check(&with("iat", json!(T + 30))).is_ok());
        assert!(matches!(
            check(&with("iat", json!(T + 31))),
            Err(JwtError::IssuedInFuture)
        ));
        // Without leeway the bounds are now itself.
        let strict = Rules {
            leeway: Duration::ZERO,
            ..rules()
        };
        assert!(matches!(
            strict.check(&with("exp", json!(T)), at(NOW)),
            Err(JwtError::Expired)
        ));
        assert!(strict.check(&with("exp", json!(T + 1)), at(NOW)).is_ok());
        assert!(matches!(
            strict.check(&with("nbf", json!(T + 1)), at(NOW)),
            Err(JwtError::NotYetValid)
        ));
    }

    #[test]
    fn the_max_age_counts_from_iat_and_excludes_its_end() {
        let aged = Rules {
            max_age: Some(Duration::from_secs(60)),
            ..rules()
        };
        let claims = |iat: i64| with("iat", json!(iat));
        assert!(aged.check(&claims(T - 59), at(NOW)).is_ok());
        assert!(matches!(
            aged.check(&claims(T - 60), at(NOW)),
            Err(JwtError::TooOld)
        ));
        let none = Rules {
            max_age: Some(Duration::ZERO),
            ..rules()
        };
        assert!(matches!(
            none.check(&claims(T), at(NOW)),
            Err(JwtError::TooOld)
        ));
    }

    #[test]
    fn a_time_before_the_epoch_counts_as_negative() {
        let early = UNIX_EPOCH - Duration::from_secs(1000);
        let strict = Rules {
            leeway: Duration::ZERO,
            ..rules()
        };
        let mut claims = good();
        claims["iat"] = json!(-1000);
        claims["nbf"] = json!(-1000);
        claims["exp"] = json!(-999);
        assert!(strict.check(&registered(claims.clone()), early).is_ok());
        claims["exp"] = json!(-1000);
        assert!(matches!(
            strict.check(&registered(claims), early),
            Err(JwtError::Expired)
        ));
    }
}
