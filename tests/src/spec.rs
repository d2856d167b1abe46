//! Stytch's published shapes (`spec/calls.json`, `spec/models.json`, read
//! from the official SDK) as a test oracle: find a call, build a sample
//! answer with every field of a model set, and check a JSON value against a
//! model (required fields present, JSON types right, no unknown keys).
//!
//! Nothing here is written from our own declarations: every name comes from
//! the spec files, so a test built on it can disagree with our code.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::{Map, Value, json};

/// How deep samples and checks follow nested models (the spec has no cycle
/// among the models we use; this only bounds a future one).
const MAX_DEPTH: usize = 12;

/// One parameter of a spec call.
#[derive(Debug, Clone, Deserialize)]
pub struct SpecParam {
    /// The wire name.
    pub name: String,
    /// The type as the SDK spells it.
    #[serde(rename = "type")]
    pub ty: String,
    /// `path`, `query`, `body`, `form`, `header` or `local` (never sent).
    #[serde(rename = "in")]
    pub location: String,
    /// How the parameter travels when not under `name`, in words whose
    /// first is the wire name (`m2m.token`'s `scopes`: `scope
    /// (space-joined)`).
    #[serde(default)]
    pub wire_name: Option<String>,
}

impl SpecParam {
    /// The name the parameter has on the wire.
    pub fn wire(&self) -> &str {
        self.wire_name
            .as_deref()
            .and_then(|w| w.split_whitespace().next())
            .unwrap_or(&self.name)
    }
}

/// A group rule the API reference states.
#[derive(Debug, Clone, Deserialize)]
pub struct SpecGroup {
    /// `exactly_one`, `at_most_one`, `at_least_one`, `either_or_required`, ...
    pub kind: String,
    /// Member wire names; `a+b` is a pair that goes together.
    pub members: Vec<String>,
}

/// One HTTP call of the spec.
#[derive(Debug, Clone, Deserialize)]
pub struct SpecCall {
    /// `b2c` or `b2b`.
    pub side: String,
    /// The SDK's method, e.g. `oauth.attach`.
    pub sdk_method: String,
    /// `GET`, `POST`, ...
    pub http_method: String,
    /// The path template with `{param}` segments.
    pub path: String,
    /// Parameters the call needs.
    pub required_params: Vec<SpecParam>,
    /// Parameters the call may take.
    pub optional_params: Vec<SpecParam>,
    /// Group rules.
    pub groups: Vec<SpecGroup>,
    /// The key of the answer's model in `models.json`.
    pub response_model: String,
    /// Which host serves the call, in words (`telemetry.stytch.com (...)`
    /// for the fraud products).
    #[serde(default)]
    pub host: String,
    /// The request body's `content-type`.
    #[serde(default)]
    pub content_type: String,
}

impl SpecCall {
    /// Every parameter that travels on the wire (not SDK-local ones), with
    /// whether it is required.
    pub fn wire_params(&self) -> impl Iterator<Item = (&SpecParam, bool)> {
        let required = self.required_params.iter().map(|p| (p, true));
        let optional = self.optional_params.iter().map(|p| (p, false));
        required
            .chain(optional)
            .filter(|(p, _)| p.location != "local")
    }
}

/// A field type of the spec, parsed.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// `str`
    Str,
    /// `int`
    Int,
    /// `float`
    Float,
    /// `bool`
    Bool,
    /// `datetime.datetime`: an RFC 3339 string on the wire.
    DateTime,
    /// `Any`
    Any,
    /// `List[T]`
    List(Box<Ty>),
    /// `Dict[str, T]`
    Dict(Box<Ty>),
    /// `Optional[T]`
    Optional(Box<Ty>),
    /// A model, by key.
    Model(String),
    /// A closed set of strings, by key.
    Enum(String),
}

/// The spec files.
pub struct Spec {
    /// Every call.
    pub calls: Vec<SpecCall>,
    models: Map<String, Value>,
}

fn spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

impl Spec {
    /// The spec, read once per test binary.
    pub fn get() -> &'static Spec {
        static SPEC: OnceLock<Spec> = OnceLock::new();
        SPEC.get_or_init(|| {
            let read = |name: &str| {
                let path = spec_dir().join(name);
                std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
            };
            let calls = serde_json::from_str(&read("calls.json")).expect("spec/calls.json");
            let models = serde_json::from_str(&read("models.json")).expect("spec/models.json");
            Spec { calls, models }
        })
    }

    /// The B2C call with this method and path template.
    pub fn b2c_call(&self, method: &str, path: &str) -> Option<&SpecCall> {
        self.calls
            .iter()
            .find(|c| c.side == "b2c" && c.http_method == method && c.path == path)
    }

    /// The fields of model `key`: (wire name, type, required).
    pub fn fields(&self, key: &str) -> Vec<(String, Ty, bool)> {
        let Some(Value::Array(fields)) = self.models.get(key) else {
            panic!("spec: {key} is not a model with fields")
        };
        fields
            .iter()
            .map(|f| {
                let name = f["name"].as_str().expect("spec: field name").to_owned();
                let ty = self.parse_ty(f["type"].as_str().expect("spec: field type"), key);
                (name, ty, f["required"].as_bool().unwrap_or(false))
            })
            .collect()
    }

    /// The values of enum model `key`.
    pub fn enum_values(&self, key: &str) -> Vec<String> {
        self.models[key]["enum"]
            .as_array()
            .map(|v| {
                v.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Parses a type string written inside model (or call) `context`.
    pub fn parse_ty(&self, text: &str, context: &str) -> Ty {
        let text = text.trim();
        let inner = |prefix: &str| {
            text.strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix(']'))
        };
        if let Some(rest) = inner("Optional[") {
            return Ty::Optional(Box::new(self.parse_ty(rest, context)));
        }
        if let Some(rest) = inner("List[") {
            return Ty::List(Box::new(self.parse_ty(rest, context)));
        }
        if let Some(rest) = inner("Dict[") {
            let value = rest.split_once(',').map_or("Any", |(_, v)| v);
            return Ty::Dict(Box::new(self.parse_ty(value, context)));
        }
        match text {
            "str" => return Ty::Str,
            "int" => return Ty::Int,
            "float" => return Ty::Float,
            "bool" => return Ty::Bool,
            "Any" | "object" => return Ty::Any,
            "datetime.datetime" => return Ty::DateTime,
            _ => {}
        }
        if let Some(name) = text
            .strip_prefix("<enum '")
            .and_then(|r| r.strip_suffix("'>"))
        {
            return Ty::Enum(self.resolve(name, None, context));
        }
        let text = text.strip_prefix("stytch.").unwrap_or(text);
        let text = text.strip_prefix("shared.").unwrap_or(text);
        let key = match text.rsplit_once('.') {
            Some((module, name)) => self.resolve(name, Some(module), context),
            None => self.resolve(text, None, context),
        };
        // Some fields name an enum model as a plain type
        // (`Optional[fraud.RuleType]`) rather than as `<enum '...'>`.
        if self
            .models
            .get(&key)
            .is_some_and(|m| m.get("enum").is_some())
        {
            Ty::Enum(key)
        } else {
            Ty::Model(key)
        }
    }

    /// The key of model `name` (in `module`, if given) as seen from
    /// `context`: same side first, then shared, then anywhere.
    fn resolve(&self, name: &str, module: Option<&str>, context: &str) -> String {
        let side = context.split('.').next().unwrap_or("consumer");
        let context_module = context.rsplit_once('.').map_or(context, |(m, _)| m);
        let mut candidates = Vec::new();
        if let Some(module) = module {
            candidates.push(format!("{side}.models.{module}.{name}"));
            candidates.push(format!("shared.models.{module}.{name}"));
            candidates.push(format!("consumer.models.{module}.{name}"));
        } else {
            candidates.push(format!("{context_module}.{name}"));
        }
        for key in candidates {
            if self.models.contains_key(&key) {
                return key;
            }
        }
        let suffix = format!(".{name}");
        let mut matches: Vec<&String> = self
            .models
            .keys()
            .filter(|k| k.ends_with(&suffix))
            .collect();
        matches.sort_by_key(|k| !k.starts_with(side));
        match matches.first() {
            Some(key) => (*key).clone(),
            None => panic!("spec: no model {name} (module {module:?}) seen from {context}"),
        }
    }

    /// A value of `ty` with every field of every model set.
    pub fn sample(&self, ty: &Ty) -> Value {
        self.sample_at(ty, 0, "")
    }

    /// A sample of model `key`.
    pub fn sample_model(&self, key: &str) -> Value {
        self.sample(&Ty::Model(key.to_owned()))
    }

    fn sample_at(&self, ty: &Ty, depth: usize, name: &str) -> Value {
        match ty {
            Ty::Str => Value::String(format!("sample-{name}")),
            Ty::Int => json!(7),
            Ty::Float => json!(1.5),
            Ty::Bool => json!(true),
            Ty::DateTime => json!("2026-01-02T03:04:05Z"),
            Ty::Any => json!({"sample": "value"}),
            Ty::Optional(inner) => self.sample_at(inner, depth, name),
            Ty::List(inner) => Value::Array(vec![self.sample_at(inner, depth, name)]),
            Ty::Dict(inner) => json!({ "key": self.sample_at(inner, depth, name) }),
            Ty::Enum(key) => json!(self.enum_values(key).first().cloned().unwrap_or_default()),
            Ty::Model(key) => {
                let mut out = Map::new();
                if depth < MAX_DEPTH {
                    for (field, ty, _) in self.fields(key) {
                        let value = self.sample_at(&ty, depth + 1, &field);
                        out.insert(field, value);
                    }
                }
                Value::Object(out)
            }
        }
    }

    /// Every field path of model `key` (`user.emails[].email_id`), with
    /// whether the spec requires the field (and every object above it).
    pub fn field_paths(&self, key: &str) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        self.paths_into(&Ty::Model(key.to_owned()), "", true, 0, &mut out);
        out
    }

    fn paths_into(
        &self,
        ty: &Ty,
        prefix: &str,
        required: bool,
        depth: usize,
        out: &mut Vec<(String, bool)>,
    ) {
        match ty {
            Ty::Optional(inner) => self.paths_into(inner, prefix, required, depth, out),
            Ty::List(inner) => self.paths_into(inner, &format!("{prefix}[]"), required, depth, out),
            Ty::Dict(inner) => {
                if matches!(**inner, Ty::Model(_)) {
                    self.paths_into(inner, &format!("{prefix}{{}}"), required, depth, out);
                }
            }
            Ty::Model(key) if depth < MAX_DEPTH => {
                for (field, ty, field_required) in self.fields(key) {
                    let path = if prefix.is_empty() {
                        field.clone()
                    } else {
                        format!("{prefix}.{field}")
                    };
                    let req = required && field_required;
                    out.push((path.clone(), req));
                    self.paths_into(&ty, &path, req, depth + 1, out);
                }
            }
            _ => {}
        }
    }

    /// What is wrong with `value` as a `ty`: a missing required field, a
    /// JSON type that does not match, a key the model does not have, a
    /// value outside an enum. Each problem names its path.
    pub fn problems(&self, ty: &Ty, value: &Value) -> Vec<String> {
        let mut out = Vec::new();
        self.check(ty, value, "", 0, &mut out);
        out
    }

    fn check(&self, ty: &Ty, value: &Value, path: &str, depth: usize, out: &mut Vec<String>) {
        let at = if path.is_empty() { "(top)" } else { path };
        let wrong = |out: &mut Vec<String>, want: &str| {
            out.push(format!("{at}: expected {want}, found {value}"));
        };
        match ty {
            Ty::Optional(inner) => {
                if !value.is_null() {
                    self.check(inner, value, path, depth, out);
                }
            }
            Ty::Str => {
                if !value.is_string() {
                    wrong(out, "a string");
                }
            }
            Ty::DateTime => match value.as_str() {
                Some(text) if looks_like_rfc3339(text) => {}
                _ => wrong(out, "an RFC 3339 date-time string"),
            },
            Ty::Int => {
                if !(value.is_i64() || value.is_u64()) {
                    wrong(out, "an integer");
                }
            }
            Ty::Float => {
                if !value.is_number() {
                    wrong(out, "a number");
                }
            }
            Ty::Bool => {
                if !value.is_boolean() {
                    wrong(out, "true or false");
                }
            }
            Ty::Any => {}
            Ty::Enum(key) => {
                let values = self.enum_values(key);
                if !value
                    .as_str()
                    .is_some_and(|v| values.iter().any(|x| x == v))
                {
                    wrong(out, &format!("one of {values:?}"));
                }
            }
            Ty::List(inner) => match value.as_array() {
                Some(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.check(inner, item, &format!("{path}[{i}]"), depth, out);
                    }
                }
                None => wrong(out, "a list"),
            },
            Ty::Dict(inner) => match value.as_object() {
                Some(map) => {
                    for (k, v) in map {
                        self.check(inner, v, &format!("{path}{{{k}}}"), depth, out);
                    }
                }
                None => wrong(out, "an object"),
            },
            Ty::Model(key) => {
                let Some(map) = value.as_object() else {
                    return wrong(out, &format!("an object ({key})"));
                };
                if depth >= MAX_DEPTH {
                    return;
                }
                let fields = self.fields(key);
                let known: BTreeSet<&str> = fields.iter().map(|(n, _, _)| n.as_str()).collect();
                for (name, ty, required) in &fields {
                    let sub = if path.is_empty() {
                        name.clone()
                    } else {
                        format!("{path}.{name}")
                    };
                    match map.get(name) {
                        None if *required => out.push(format!("{sub}: required but missing")),
                        None => {}
                        Some(Value::Null) if *required && !matches!(ty, Ty::Optional(_)) => {
                            out.push(format!("{sub}: required but null"));
                        }
                        Some(v) => self.check(ty, v, &sub, depth + 1, out),
                    }
                }
                for k in map.keys() {
                    if !known.contains(k.as_str()) {
                        let sub = if path.is_empty() {
                            k.clone()
                        } else {
                            format!("{path}.{k}")
                        };
                        out.push(format!("{sub}: not a field of {key}"));
                    }
                }
            }
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS` with a zone (`Z` or an offset), fractions allowed.
fn looks_like_rfc3339(text: &str) -> bool {
    let b = text.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && (b[10] == b'T' || b[10] == b't')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && (text.ends_with('Z') || text.ends_with('z') || text[19..].contains(['+', '-']))
}

/// Normalises a path from `serde_ignored` (`user.emails.0.x`) to the form
/// of [`Spec::field_paths`] (`user.emails[].x`).
pub fn normalise_path(path: &str) -> String {
    let mut out = String::new();
    for part in path.split('.').filter(|p| !p.is_empty() && *p != "?") {
        if part.chars().all(|c| c.is_ascii_digit()) {
            out.push_str("[]");
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(part);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oracle_catches_what_it_should() {
        let spec = Spec::get();
        let user = "consumer.models.users.User";
        let sample = spec.sample_model(user);
        assert!(spec.problems(&Ty::Model(user.into()), &sample).is_empty());
        let mut broken = sample.clone();
        let map = broken.as_object_mut().unwrap();
        map.remove("is_locked");
        map.insert("invented".into(), json!(1));
        map.insert("user_id".into(), json!(5));
        let problems = spec.problems(&Ty::Model(user.into()), &broken);
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("is_locked: required")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("invented: not a field")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("user_id: expected a string")),
            "{problems:?}"
        );
        assert!(looks_like_rfc3339("2026-01-02T03:04:05.123+01:00"));
        assert!(!looks_like_rfc3339("yesterday"));
        assert_eq!(normalise_path("user.emails.0.x"), "user.emails[].x");
    }
}
