//! Decoding an incoming request back into a declaration's parameters type:
//! the server side of `#[endpoint]`. The declaration's `FromFields` impl asks
//! a [`RequestParts`] for each field by wire name and location, then runs the
//! same `validate` the client runs, so the server rejects exactly what the
//! builder would not let a caller build.

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde_json::{Map, Value};
use stytch_endpoints::{Error, FieldSource, FromFields, Location, Route};

/// A request's body as it arrived.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Body {
    /// No body.
    None,
    /// A JSON body, parsed.
    Json(Value),
    /// An `application/x-www-form-urlencoded` body, decoded into pairs.
    Form(Vec<(String, String)>),
}

/// The parts of one request, ready to be read field by field.
///
/// Its `Debug` lists the body's field names, never their values: a body may
/// carry session tokens, JWTs or passwords.
pub struct RequestParts {
    /// The route the request matched, named in every error.
    route: Route,
    /// Decoded path parameters, by name.
    path: Vec<(String, String)>,
    /// Decoded query pairs, in order.
    query: Vec<(String, String)>,
    /// The JSON body's members (empty without a body). Fields are taken out
    /// as they are read.
    body: Map<String, Value>,
    /// A form body's pairs, read as text like query pairs; `None` when the
    /// body was JSON or absent.
    form: Option<Vec<(String, String)>>,
}

impl std::fmt::Debug for RequestParts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestParts")
            .field("route", &self.route)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("body_fields", &self.body.keys().collect::<Vec<_>>())
            .field(
                "form_fields",
                &self
                    .form
                    .iter()
                    .flatten()
                    .map(|(k, _)| k)
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl RequestParts {
    /// The parts of a request that matched `route`. A JSON body must be an
    /// object.
    pub(crate) fn new(
        route: Route,
        path: Vec<(String, String)>,
        query: Vec<(String, String)>,
        body: Body,
    ) -> Result<RequestParts, Error> {
        let (body, form) = match body {
            Body::None => (Map::new(), None),
            Body::Json(Value::Object(map)) => (map, None),
            Body::Json(_) => {
                return Err(Error::invalid_request(
                    route,
                    "the request body must be a JSON object",
                ));
            }
            Body::Form(pairs) => (Map::new(), Some(pairs)),
        };
        Ok(RequestParts {
            route,
            path,
            query,
            body,
            form,
        })
    }

    /// Rebuilds `E` from these parts and checks its declared rules.
    pub(crate) fn decode<E: FromFields<Self>>(mut self) -> Result<E, Error> {
        E::from_fields(&mut self)
    }

    fn invalid(&self, reason: String) -> Error {
        Error::invalid_request(self.route, reason)
    }

    fn text_field<T: DeserializeOwned>(&self, location: Location, name: &str) -> Result<T, Error> {
        let none = Vec::new();
        let (pairs, kind) = match location {
            Location::Path => (&self.path, "path parameter"),
            Location::Query => (&self.query, "query parameter"),
            _ => (self.form.as_ref().unwrap_or(&none), "form field"),
        };
        match pairs.iter().find(|(k, _)| k == name) {
            Some((_, v)) => T::deserialize(Text(v)).map_err(|e: de::value::Error| {
                self.invalid(format!("{kind} `{name}` is invalid: {e}"))
            }),
            None => T::deserialize(Absent).map_err(|_: de::value::Error| {
                self.invalid(format!("missing required {kind} `{name}`"))
            }),
        }
    }
}

impl<T: DeserializeOwned> FieldSource<T> for RequestParts {
    fn field(&mut self, location: Location, name: &'static str) -> Result<T, Error> {
        if location != Location::Body || self.form.is_some() {
            return self.text_field(location, name);
        }
        // A missing member decodes as JSON `null`, which `Option` fields
        // accept and others reject.
        match self.body.remove(name) {
            Some(value) => T::deserialize(value)
                .map_err(|e| self.invalid(format!("field `{name}` has the wrong type: {e}"))),
            None => T::deserialize(Value::Null)
                .map_err(|_| self.invalid(format!("missing required field `{name}`"))),
        }
    }
}

/// Matches `path` (the raw request path, without the query) against
/// `template` and decodes its parameters; `None` when it does not match.
pub(crate) fn match_path(template: &str, path: &str) -> Option<Vec<(String, String)>> {
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
                    params.push((name.to_owned(), percent_decode(g)?));
                } else if w != g {
                    return None;
                }
            }
            _ => return None,
        }
    }
}

/// Splits a raw query string (or form body: the same encoding) into
/// decoded pairs (`+` is a space); `None` for a malformed escape or bytes
/// that are not UTF-8.
pub(crate) fn parse_query(query: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        out.push((
            percent_decode(&k.replace('+', " "))?,
            percent_decode(&v.replace('+', " "))?,
        ));
    }
    Some(out)
}

/// Decodes `%XX` escapes (and nothing else). Returns `None` for a malformed
/// escape or bytes that are not UTF-8.
pub(crate) fn percent_decode(input: &str) -> Option<String> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hi = hex_value(*bytes.get(i + 1)?)?;
            let lo = hex_value(*bytes.get(i + 2)?)?;
            out.push((hi << 4) | lo);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
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
    use stytch_endpoints::Method;
    use stytch_endpoints::runtime::encode::path_segment;

    const ROUTE: Route = Route {
        method: Method::Get,
        path: "/x",
    };

    fn parts(query: &[(&str, &str)], body: Option<Value>) -> RequestParts {
        let query = query
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let body = body.map_or(Body::None, Body::Json);
        RequestParts::new(ROUTE, Vec::new(), query, body).unwrap()
    }

    #[test]
    fn form_fields_parse_like_query_values() {
        let form = vec![
            ("token".to_owned(), "a b".to_owned()),
            ("n".to_owned(), "7".to_owned()),
        ];
        let mut p = RequestParts::new(ROUTE, Vec::new(), Vec::new(), Body::Form(form)).unwrap();
        let token: String = p.field(Location::Body, "token").unwrap();
        assert_eq!(token, "a b");
        let n: u32 = p.field(Location::Body, "n").unwrap();
        assert_eq!(n, 7);
        let absent: Option<String> = p.field(Location::Body, "hint").unwrap();
        assert_eq!(absent, None);
        let err = FieldSource::<String>::field(&mut p, Location::Body, "hint").unwrap_err();
        assert!(
            err.to_string()
                .contains("missing required form field `hint`"),
            "{err}"
        );
        assert!(
            format!("{p:?}").contains("form_fields: [\"token\", \"n\"]"),
            "{p:?}"
        );
        assert!(!format!("{p:?}").contains("a b"));
    }

    #[test]
    fn templates_match_and_decode_parameters() {
        let t = "/v1/users/{user_id}/exchange_primary_factor";
        assert_eq!(
            match_path(t, "/v1/users/a%2Fb/exchange_primary_factor"),
            Some(vec![("user_id".to_owned(), "a/b".to_owned())])
        );
        assert_eq!(match_path(t, "/v1/users/a/b/exchange_primary_factor"), None);
        assert_eq!(match_path(t, "/v1/users//exchange_primary_factor"), None);
        assert_eq!(match_path(t, "/v1/users/%ZZ/exchange_primary_factor"), None);
        assert_eq!(
            match_path("/v1/oauth/attach", "/v1/oauth/attach"),
            Some(vec![])
        );
    }

    #[test]
    fn what_the_client_encodes_the_server_decodes() {
        for input in [
            "user-test-1",
            "a/b",
            "a?b=c",
            "x#y",
            "100%",
            "a b",
            "é",
            "..",
            "../x",
        ] {
            let mut out = String::new();
            path_segment(&mut out, input);
            assert_eq!(percent_decode(&out).as_deref(), Some(input), "{out}");
        }
        assert_eq!(
            parse_query("a=1+2&b=%2Fc&flag"),
            Some(vec![
                ("a".to_owned(), "1 2".to_owned()),
                ("b".to_owned(), "/c".to_owned()),
                ("flag".to_owned(), String::new()),
            ])
        );
    }

    #[test]
    fn malformed_escapes_are_rejected() {
        assert_eq!(percent_decode("%"), None);
        assert_eq!(percent_decode("%G1"), None);
        assert_eq!(percent_decode("%FF"), None);
        assert_eq!(percent_decode("%2f").as_deref(), Some("/"));
        assert_eq!(parse_query("a=%FF"), None);
    }

    #[test]
    fn debug_shows_body_field_names_only() {
        let parts = parts(
            &[],
            Some(serde_json::json!({"session_token": "tok-SECRET"})),
        );
        let text = format!("{parts:?}");
        assert!(text.contains("session_token"), "{text}");
        assert!(!text.contains("tok-SECRET"), "{text}");
    }

    #[test]
    fn a_body_that_is_not_an_object_is_refused() {
        let err = RequestParts::new(ROUTE, Vec::new(), Vec::new(), Body::Json(Value::Bool(true)))
            .unwrap_err();
        assert!(err.to_string().contains("must be a JSON object"), "{err}");
    }

    #[test]
    fn body_fields_decode_by_type() {
        let mut p = parts(&[], Some(serde_json::json!({"n": 3, "s": "x"})));
        let n: u32 = p.field(Location::Body, "n").unwrap();
        assert_eq!(n, 3);
        let err = FieldSource::<u32>::field(&mut p, Location::Body, "s").unwrap_err();
        assert!(
            err.to_string().contains("field `s` has the wrong type"),
            "{err}"
        );
        let absent: Option<String> = p.field(Location::Body, "gone").unwrap();
        assert_eq!(absent, None);
        let err = FieldSource::<String>::field(&mut p, Location::Body, "gone").unwrap_err();
        assert!(
            err.to_string().contains("missing required field `gone`"),
            "{err}"
        );
    }

    #[test]
    fn text_values_parse_on_demand() {
        let mut p = parts(&[("limit", "10"), ("user_id", "123"), ("on", "true")], None);
        let limit: u32 = p.field(Location::Query, "limit").unwrap();
        assert_eq!(limit, 10);
        let id: String = p.field(Location::Query, "user_id").unwrap();
        assert_eq!(id, "123");
        let on: bool = p.field(Location::Query, "on").unwrap();
        assert!(on);
        let missing: Option<String> = p.field(Location::Query, "cursor").unwrap();
        assert_eq!(missing, None);
        let err = FieldSource::<String>::field(&mut p, Location::Query, "cursor").unwrap_err();
        assert!(
            err.to_string()
                .contains("missing required query parameter `cursor`"),
            "{err}"
        );
        let mut p = parts(&[("limit", "ten")], None);
        let err = FieldSource::<u32>::field(&mut p, Location::Query, "limit").unwrap_err();
        assert!(
            err.to_string()
                .contains("query parameter `limit` is invalid"),
            "{err}"
        );
    }
}
