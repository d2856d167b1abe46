//! The server side of a declaration: decoding an incoming request back into
//! the parameters type, so a server can apply the same rules as the client.

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde_json::{Map, Value};

use crate::{Endpoint, Error, Route};

/// Decodes an incoming HTTP request into a parameters type.
/// `#[endpoint]` implements it next to [`Endpoint`] when the `local` feature
/// of `stytch-endpoints` is on (only a server needs it).
pub trait FromRequest: Endpoint + Sized {
    /// Builds the value from the request's parts, then checks the declared
    /// rules. Errors are [`Error::InvalidRequest`] naming the field.
    fn from_request(request: &RequestParts) -> Result<Self, Error>;
}

/// The parts of an incoming request a declaration reads.
///
/// Its `Debug` lists the body's field names, never their values: a body may
/// carry session tokens, JWTs or passwords.
#[derive(Default, Clone)]
pub struct RequestParts {
    /// Decoded path parameters, by name.
    pub path: Vec<(String, String)>,
    /// Decoded query pairs, in order.
    pub query: Vec<(String, String)>,
    /// The JSON body, when there was one.
    pub body: Option<Value>,
}

impl std::fmt::Debug for RequestParts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let body_fields: Option<Vec<&str>> = self.body.as_ref().map(|b| match b {
            Value::Object(map) => map.keys().map(String::as_str).collect(),
            _ => Vec::new(),
        });
        f.debug_struct("RequestParts")
            .field("path", &self.path)
            .field("query", &self.query)
            .field("body_fields", &body_fields)
            .finish()
    }
}

impl RequestParts {
    /// Matches `path` (the raw request path, without the query) against
    /// `template` and decodes the parameters; `None` when it does not match.
    pub fn match_path(template: &str, path: &str) -> Option<Vec<(String, String)>> {
        let mut params = Vec::new();
        let mut want = template.split('/');
        let mut got = path.split('/');
        loop {
            match (want.next(), got.next()) {
                (None, None) => return Some(params),
                (Some(w), Some(g)) => {
                    if let Some(name) = w.strip_prefix('{').and_then(|n| n.strip_suffix('}')) {
                        if g.is_empty() {
                            return None;
                        }
                        params.push((name.to_owned(), crate::encode::percent_decode(g)?));
                    } else if w != g {
                        return None;
                    }
                }
                _ => return None,
            }
        }
    }

    /// Splits a raw query string into decoded pairs (`+` is a space).
    pub fn parse_query(query: &str) -> Option<Vec<(String, String)>> {
        let mut out = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let k = crate::encode::percent_decode(&k.replace('+', " "))?;
            let v = crate::encode::percent_decode(&v.replace('+', " "))?;
            out.push((k, v));
        }
        Some(out)
    }

    /// The body as a JSON object (empty when there is no body).
    pub fn body_object<E: Endpoint>(&self) -> Result<Map<String, Value>, Error> {
        match &self.body {
            None => Ok(Map::new()),
            Some(Value::Object(map)) => Ok(map.clone()),
            Some(_) => Err(invalid::<E>(
                "the request body must be a JSON object".to_owned(),
            )),
        }
    }

    /// Takes field `name` from a body object. A missing field decodes as JSON
    /// `null`, which `Option` fields accept and others reject.
    pub fn body_field<E: Endpoint, T: DeserializeOwned>(
        body: &mut Map<String, Value>,
        name: &str,
    ) -> Result<T, Error> {
        match body.remove(name) {
            Some(value) => T::deserialize(value)
                .map_err(|e| invalid::<E>(format!("field `{name}` has the wrong type: {e}"))),
            None => T::deserialize(Value::Null)
                .map_err(|_| invalid::<E>(format!("missing required field `{name}`"))),
        }
    }

    /// Reads path parameter `name`.
    pub fn path_field<E: Endpoint, T: DeserializeOwned>(&self, name: &str) -> Result<T, Error> {
        Self::text_field::<E, T>(&self.path, name, "path parameter")
    }

    /// Reads query parameter `name`.
    pub fn query_field<E: Endpoint, T: DeserializeOwned>(&self, name: &str) -> Result<T, Error> {
        Self::text_field::<E, T>(&self.query, name, "query parameter")
    }

    fn text_field<E: Endpoint, T: DeserializeOwned>(
        pairs: &[(String, String)],
        name: &str,
        kind: &str,
    ) -> Result<T, Error> {
        match pairs.iter().find(|(k, _)| k == name) {
            Some((_, v)) => T::deserialize(Text(v)).map_err(|e: de::value::Error| {
                invalid::<E>(format!("{kind} `{name}` is invalid: {e}"))
            }),
            None => T::deserialize(Absent).map_err(|_: de::value::Error| {
                invalid::<E>(format!("missing required {kind} `{name}`"))
            }),
        }
    }
}

fn invalid<E: Endpoint>(reason: String) -> Error {
    Error::invalid_request(Route::of::<E>(), reason)
}

/// A textual value (path or query) that parses into numbers and booleans on
/// demand and is a string otherwise.
struct Text<'a>(&'a str);

macro_rules! parse_number {
    ($($method:ident => $visit:ident: $ty:ty),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            let n: $ty = self.0.parse().map_err(|_| de::Error::custom(format_args!("expected a number, found {:?}", self.0)))?;
            visitor.$visit(n)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Text<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_str(self.0)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            other => Err(de::Error::custom(format_args!(
                "expected true or false, found {other:?}"
            ))),
        }
    }

    parse_number! {
        deserialize_i8 => visit_i8: i8, deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32, deserialize_i64 => visit_i64: i64,
        deserialize_u8 => visit_u8: u8, deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32, deserialize_u64 => visit_u64: u64,
        deserialize_f32 => visit_f32: f32, deserialize_f64 => visit_f64: f64,
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_enum(self.0.into_deserializer())
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char str string bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

/// A value that is not there: `None` for options, an error otherwise.
struct Absent;

impl<'de> de::Deserializer<'de> for Absent {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("missing"))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Method;

    #[test]
    fn templates_match_and_decode_parameters() {
        let t = "/v1/users/{user_id}/exchange_primary_factor";
        assert_eq!(
            RequestParts::match_path(t, "/v1/users/a%2Fb/exchange_primary_factor"),
            Some(vec![("user_id".to_owned(), "a/b".to_owned())])
        );
        assert_eq!(
            RequestParts::match_path(t, "/v1/users/a/b/exchange_primary_factor"),
            None
        );
        assert_eq!(
            RequestParts::match_path(t, "/v1/users//exchange_primary_factor"),
            None
        );
        assert_eq!(
            RequestParts::match_path("/v1/oauth/attach", "/v1/oauth/attach"),
            Some(vec![])
        );
    }

    #[test]
    fn debug_shows_body_field_names_only() {
        let parts = RequestParts {
            body: Some(serde_json::json!({"session_token": "tok-SECRET"})),
            ..RequestParts::default()
        };
        let text = format!("{parts:?}");
        assert!(text.contains("session_token"), "{text}");
        assert!(!text.contains("tok-SECRET"), "{text}");
    }

    #[test]
    fn text_values_parse_on_demand() {
        let parts = RequestParts {
            query: vec![
                ("limit".into(), "10".into()),
                ("user_id".into(), "123".into()),
            ],
            ..RequestParts::default()
        };
        struct E;
        impl Endpoint for E {
            const METHOD: Method = Method::Get;
            const PATH: &'static str = "/x";
            type Response = ();
            fn write_path(&self, _: &mut String) {}
        }
        let limit: u32 = parts.query_field::<E, _>("limit").unwrap();
        assert_eq!(limit, 10);
        let id: String = parts.query_field::<E, _>("user_id").unwrap();
        assert_eq!(id, "123");
        let missing: Option<String> = parts.query_field::<E, _>("cursor").unwrap();
        assert_eq!(missing, None);
        let err = parts.query_field::<E, String>("cursor").unwrap_err();
        assert!(
            err.to_string()
                .contains("missing required query parameter `cursor`"),
            "{err}"
        );
        let parts = RequestParts {
            query: vec![("limit".into(), "ten".into())],
            ..RequestParts::default()
        };
        let err = parts.query_field::<E, u32>("limit").unwrap_err();
        assert!(
            err.to_string()
                .contains("query parameter `limit` is invalid"),
            "{err}"
        );
    }
}
