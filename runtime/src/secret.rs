//! A string that never shows up in `Debug` or `Display` output.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A credential or token: the project secret, a session token, a JWT, an
/// attach token. It serialises and deserialises as a plain JSON string, but
/// `Debug` prints `Secret("[redacted]")` and it has no `Display`, so it cannot
/// end up in a log line by accident. Call [`Secret::expose`] to use it.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value itself. Keep it out of logs.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Unwraps the value.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"[redacted]\")")
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_value_and_serde_is_transparent() {
        let s = Secret::new("hunter2");
        assert!(!format!("{s:?}").contains("hunter2"));
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"hunter2\"");
        let back: Secret = serde_json::from_str("\"hunter2\"").unwrap();
        assert_eq!(back.expose(), "hunter2");
    }

    #[test]
    fn every_way_in_and_out_keeps_the_value() {
        assert_eq!(
            format!("{:?}", Secret::new("hunter2")),
            "Secret(\"[redacted]\")"
        );
        assert_eq!(Secret::from("tok-1").expose(), "tok-1");
        assert_eq!(Secret::from("tok-2".to_owned()).into_inner(), "tok-2");
        assert_eq!(Secret::new("tok-3").into_inner(), "tok-3");
        let back: Secret = serde_json::from_str("\"a\\\"b\"").unwrap();
        assert_eq!(back.expose(), "a\"b");
        assert_eq!(serde_json::to_string(&back).unwrap(), "\"a\\\"b\"");
    }
}
