//! The model of one endpoint declaration: what the attributes and the struct
//! say, after parsing and before any code is emitted.

use proc_macro2::Span;
use syn::{Attribute, Ident, LitStr, Type, Visibility};

/// An HTTP method the attribute accepts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub const NAMES: &'static [&'static str] = &["GET", "POST", "PUT", "PATCH", "DELETE"];

    pub fn from_name(name: &str) -> Option<Method> {
        Some(match name {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            _ => return None,
        })
    }

    /// The variant of the runtime's `Method` enum.
    pub fn variant(self) -> &'static str {
        match self {
            Method::Get => "Get",
            Method::Post => "Post",
            Method::Put => "Put",
            Method::Patch => "Patch",
            Method::Delete => "Delete",
        }
    }

    /// GET and DELETE carry no body: their fields go to the query string.
    pub fn has_body(self) -> bool {
        matches!(self, Method::Post | Method::Put | Method::Patch)
    }
}

/// Which of Stytch's hosts serves the call (`host = ...`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Host {
    Api,
    Fraud,
}

impl Host {
    pub const NAMES: &'static [&'static str] = &["api", "fraud"];

    pub fn from_name(name: &str) -> Option<Host> {
        match name {
            "api" => Some(Host::Api),
            "fraud" => Some(Host::Fraud),
            _ => None,
        }
    }

    /// The variant of the runtime's `Host` enum.
    pub fn variant(self) -> &'static str {
        match self {
            Host::Api => "Api",
            Host::Fraud => "Fraud",
        }
    }
}

/// How the body is encoded (`body = ...`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BodyFormat {
    Json,
    Form,
}

impl BodyFormat {
    pub const NAMES: &'static [&'static str] = &["json", "form"];

    pub fn from_name(name: &str) -> Option<BodyFormat> {
        match name {
            "json" => Some(BodyFormat::Json),
            "form" => Some(BodyFormat::Form),
            _ => None,
        }
    }

    /// The variant of the runtime's `BodyFormat` enum.
    pub fn variant(self) -> &'static str {
        match self {
            BodyFormat::Json => "Json",
            BodyFormat::Form => "Form",
        }
    }
}

/// The path placeholder the client fills from its own settings when no
/// field has its name.
pub const PROJECT_ID: &str = "project_id";

/// A piece of a path template.
#[derive(Clone, Debug)]
pub enum Piece {
    /// Text copied as is, for example `/v1/users/`.
    Literal(String),
    /// A `{name}` placeholder, filled from the field of that name (or, for
    /// `{project_id}` with no such field, from the client).
    Param(String),
}

/// A parsed path template.
pub struct PathTemplate {
    pub lit: LitStr,
    pub pieces: Vec<Piece>,
}

impl PathTemplate {
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Param(name) => Some(name.as_str()),
            Piece::Literal(_) => None,
        })
    }
}

/// Where a field travels in the request.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Location {
    Path,
    Query,
    Body,
}

/// One field of the parameters struct.
pub struct Field {
    pub ident: Ident,
    /// The name on the wire (JSON key, query name, path placeholder).
    pub wire: String,
    pub ty: Type,
    /// `T` when the field is `Option<T>`.
    pub option_inner: Option<Type>,
    pub location: Location,
    /// Whether `Debug` hides the value.
    pub secret: bool,
    /// The attributes kept on the field (docs, serde, ...).
    pub attrs: Vec<Attribute>,
    pub vis: Visibility,
    /// The index of the group the field belongs to.
    pub group: Option<usize>,
}

impl Field {
    pub fn is_required(&self) -> bool {
        self.option_inner.is_none()
    }

    /// The type a setter accepts: `T` for `Option<T>`, the field type otherwise.
    pub fn value_ty(&self) -> &Type {
        self.option_inner.as_ref().unwrap_or(&self.ty)
    }

    /// Whether the value type is a primitive number (`u32`, `f64`, ...).
    /// Its setter takes the type itself rather than `impl Into<T>`, so an
    /// unsuffixed literal such as `30` is inferred as that type instead of
    /// defaulting to `i32`.
    pub fn is_number(&self) -> bool {
        const NUMBERS: &[&str] = &[
            "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
            "f32", "f64",
        ];
        match self.value_ty() {
            Type::Path(p) if p.qself.is_none() => p
                .path
                .get_ident()
                .is_some_and(|i| NUMBERS.contains(&i.to_string().as_str())),
            _ => false,
        }
    }

    /// The field's doc comment lines, to copy onto its setter.
    pub fn docs(&self) -> Vec<&Attribute> {
        self.attrs
            .iter()
            .filter(|a| a.path().is_ident("doc"))
            .collect()
    }
}

/// The kind of a field group.
// The names follow the runtime's `GroupRule`, which the expansion names.
#[allow(clippy::enum_variant_names)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GroupKind {
    /// `#[one_of]`: exactly one member is set.
    ExactlyOne,
    /// `#[at_most_one_of]`: zero or one member is set.
    AtMostOne,
    /// `#[at_least_one_of]`: one or more members are set. Its members are
    /// independent optional fields as far as the builder goes; the type
    /// only tracks whether any of them has been set.
    AtLeastOne,
}

impl GroupKind {
    pub fn attr_name(self) -> &'static str {
        match self {
            GroupKind::ExactlyOne => "one_of",
            GroupKind::AtMostOne => "at_most_one_of",
            GroupKind::AtLeastOne => "at_least_one_of",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            GroupKind::ExactlyOne => "exactly one",
            GroupKind::AtMostOne => "at most one",
            GroupKind::AtLeastOne => "at least one",
        }
    }

    /// Whether the group has an enum and a builder method that takes it.
    /// The members of an at-least-one group are set independently, so it
    /// has neither (see `emit::builder`).
    pub fn has_enum(self) -> bool {
        self != GroupKind::AtLeastOne
    }
}

/// A `#[one_of]`, `#[at_most_one_of]` or `#[at_least_one_of]` group.
pub struct Group {
    pub kind: GroupKind,
    /// The group's name in snake case: the builder method that takes the
    /// generated enum.
    pub name: Ident,
    /// Member field names as written, with their spans.
    pub member_idents: Vec<Ident>,
    /// Member field indices, once resolved.
    pub members: Vec<usize>,
    pub span: Span,
    /// The attribute's path as written (`one_of`, `stytch_endpoints::one_of`).
    pub attr_path: syn::Path,
}

/// A whole declaration.
pub struct Endpoint {
    /// Attributes kept on the struct.
    pub attrs: Vec<Attribute>,
    pub vis: Visibility,
    pub ident: Ident,
    pub method: Method,
    pub path: PathTemplate,
    pub response: Type,
    pub idempotent: bool,
    pub host: Host,
    pub body_format: BodyFormat,
    /// `cursor = field`: the call is paged, continued through this field.
    pub cursor: Option<Ident>,
    /// The path of the `stytch_endpoints` crate as the user's crate sees it:
    /// `::stytch_endpoints` unless `crate = path` says otherwise.
    pub krate: syn::Path,
    pub fields: Vec<Field>,
    pub groups: Vec<Group>,
}

impl Endpoint {
    /// Whether field `f` belongs to an at-least-one group.
    pub fn in_at_least_one(&self, f: &Field) -> bool {
        f.group.is_some_and(|gi| {
            self.groups
                .get(gi)
                .is_some_and(|g| g.kind == GroupKind::AtLeastOne)
        })
    }

    /// The optional fields whose values the builder keeps outside its
    /// typestate, in one private struct: the plain optional fields and the
    /// members of at-least-one groups.
    pub fn untracked(&self) -> impl Iterator<Item = &Field> {
        self.fields
            .iter()
            .filter(|f| !f.is_required() && (f.group.is_none() || self.in_at_least_one(f)))
    }

    pub fn route_text(&self) -> String {
        let name = Method::NAMES
            .iter()
            .find(|n| Method::from_name(n) == Some(self.method))
            .copied()
            .unwrap_or("POST");
        format!("{name} {}", self.path.lit.value())
    }
}

/// `provider_name` -> `ProviderName`.
pub fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = true;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// An identifier's text without a raw prefix (`r#type` -> `type`).
pub fn unraw(ident: &Ident) -> String {
    let s = ident.to_string();
    s.strip_prefix("r#").map(str::to_owned).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_conversions() {
        assert_eq!(camel("session_jwt"), "SessionJwt");
        assert_eq!(camel("user_id_or_session_token"), "UserIdOrSessionToken");
        let raw: Ident = syn::parse_str("r#type").unwrap();
        assert_eq!(unraw(&raw), "type");
    }
}
