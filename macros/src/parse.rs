//! Attribute syntax into the model. Each problem is recorded in the context
//! at its own span and parsing goes on, so one compile reports them all.

use proc_macro2::{Span, TokenStream};
use syn::parse::{ParseStream, Parser};
use syn::{
    Attribute, Data, DeriveInput, Fields, GenericArgument, Ident, LitStr, PathArguments, Token,
    Type,
};

use crate::ctx::Ctx;
use crate::model::{
    self, Endpoint, Field, Group, GroupKind, Location, Method, PathTemplate, Piece,
};

/// What `#[endpoint(...)]` itself says.
struct Args {
    method: Option<Method>,
    path: Option<LitStr>,
    response: Option<Type>,
    idempotent: bool,
    host: Option<(model::Host, Span)>,
    body: Option<(model::BodyFormat, Span)>,
    cursor: Option<Ident>,
    krate: Option<syn::Path>,
}

const USAGE: &str = "expected `#[endpoint(METHOD \"/path\", response = Type)]`, for example `#[endpoint(POST \"/v1/oauth/attach\", response = AttachResponse)]`";

fn parse_args(tokens: TokenStream, ctx: &mut Ctx) -> Args {
    let mut args = Args {
        method: None,
        path: None,
        response: None,
        idempotent: false,
        host: None,
        body: None,
        cursor: None,
        krate: None,
    };
    let parser = |input: ParseStream| -> syn::Result<()> {
        if input.is_empty() {
            return Err(input.error(USAGE));
        }
        let method: Ident = input
            .parse()
            .map_err(|e| syn::Error::new(e.span(), USAGE))?;
        let name = method.to_string();
        match Method::from_name(&name) {
            Some(m) => args.method = Some(m),
            None if Method::from_name(&name.to_uppercase()).is_some() => ctx.error_at(
                &method,
                format!(
                    "HTTP methods are written in upper case: `{}`",
                    name.to_uppercase()
                ),
            ),
            None => ctx.error_at(
                &method,
                format!(
                    "unknown HTTP method `{name}`; expected one of {}",
                    Method::NAMES.join(", ")
                ),
            ),
        }
        if !input.peek(LitStr) {
            return Err(input.error("expected the path template as a string after the method, for example `\"/v1/users/{user_id}\"`"));
        }
        args.path = Some(input.parse()?);
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            if input.peek(Token![crate]) {
                let key: Token![crate] = input.parse()?;
                input.parse::<Token![=]>()?;
                let krate = parse_crate_path(input, key.span)?;
                if args.krate.replace(krate).is_some() {
                    ctx.error_at(key, "`crate = ...` is given twice");
                }
                continue;
            }
            let key: Ident = input.parse()?;
            match key.to_string().as_str() {
                "response" => {
                    input.parse::<Token![=]>()?;
                    args.response = Some(input.parse()?);
                }
                "idempotent" => args.idempotent = true,
                "host" => {
                    input.parse::<Token![=]>()?;
                    let value: Ident = input.parse()?;
                    match model::Host::from_name(&value.to_string()) {
                        Some(host) => {
                            if args.host.replace((host, key.span())).is_some() {
                                ctx.error_at(&key, "`host = ...` is given twice");
                            }
                        }
                        None => ctx.error_at(
                            &value,
                            format!(
                                "unknown host `{value}`; expected one of {}",
                                model::Host::NAMES.join(", ")
                            ),
                        ),
                    }
                }
                "cursor" => {
                    input.parse::<Token![=]>()?;
                    let field: Ident = input.parse()?;
                    if args.cursor.replace(field).is_some() {
                        ctx.error_at(&key, "`cursor = ...` is given twice");
                    }
                }
                "body" => {
                    input.parse::<Token![=]>()?;
                    let value: Ident = input.parse()?;
                    match model::BodyFormat::from_name(&value.to_string()) {
                        Some(format) => {
                            if args.body.replace((format, key.span())).is_some() {
                                ctx.error_at(&key, "`body = ...` is given twice");
                            }
                        }
                        None => ctx.error_at(
                            &value,
                            format!(
                                "unknown body format `{value}`; expected one of {}",
                                model::BodyFormat::NAMES.join(", ")
                            ),
                        ),
                    }
                }
                other => {
                    ctx.error_at(
                        &key,
                        format!("unknown `#[endpoint]` option `{other}`; expected `response = Type`, `idempotent`, `host = api|fraud`, `body = json|form`, `cursor = field` or `crate = path`"),
                    );
                    // Skip the value of the unknown option, if any.
                    while !input.is_empty() && !input.peek(Token![,]) {
                        input.parse::<proc_macro2::TokenTree>()?;
                    }
                }
            }
        }
        Ok(())
    };
    if let Err(err) = parser.parse2(tokens) {
        ctx.push(err);
    }
    if let (Some(method), Some((model::BodyFormat::Form, span))) = (args.method, args.body) {
        if !method.has_body() {
            ctx.error_span(
                span,
                "`body = form` needs a method with a body (POST, PUT or PATCH); GET and DELETE send their fields in the query",
            );
        }
    }
    if args.path.is_some() && args.response.is_none() {
        ctx.error_span(
            Span::call_site(),
            "missing `response = Type` in `#[endpoint(...)]`: name the type a successful answer decodes into",
        );
    }
    args
}

const CRATE_USAGE: &str = "expected the path of the `stytch_endpoints` crate after `crate =`, for example `crate = stytch` or `crate = ::my_sdk::stytch_endpoints`";

/// The value of `crate = path`: a path to the crate, written without quotes.
/// Errors point at the value, or at `crate` when the value is missing.
fn parse_crate_path(input: ParseStream, key: Span) -> syn::Result<syn::Path> {
    if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        return Err(syn::Error::new(
            lit.span(),
            format!(
                "write the crate path without quotes: `crate = {}`",
                lit.value()
            ),
        ));
    }
    let mut value = TokenStream::new();
    while !input.is_empty() && !input.peek(Token![,]) {
        value.extend([input.parse::<proc_macro2::TokenTree>()?]);
    }
    if value.is_empty() {
        return Err(syn::Error::new(key, CRATE_USAGE));
    }
    syn::Path::parse_mod_style
        .parse2(value.clone())
        .map_err(|_| syn::Error::new_spanned(value, CRATE_USAGE))
}

/// The `crate = path` of an `#[endpoint(...)]` attribute, if it has a
/// readable one. Group attributes written above `#[endpoint]` use it to
/// name themselves; mistakes are reported when `#[endpoint]` runs.
pub fn crate_of(attr: &Attribute) -> Option<syn::Path> {
    let syn::Meta::List(list) = &attr.meta else {
        return None;
    };
    parse_args(list.tokens.clone(), &mut Ctx::default()).krate
}

/// Parses a path template and checks its syntax.
fn parse_template(lit: &LitStr, ctx: &mut Ctx) -> PathTemplate {
    let text = lit.value();
    let mut pieces = Vec::new();
    let mut bad =
        |why: String| ctx.error_at(lit, format!("malformed path template {text:?}: {why}"));
    if !text.starts_with('/') {
        bad("it must start with `/`".to_owned());
    }
    if text.contains("//") {
        bad("it has an empty segment (`//`)".to_owned());
    }
    let mut literal = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' => {
                let mut name = String::new();
                let mut closed = false;
                for (_, c) in chars.by_ref() {
                    if c == '}' {
                        closed = true;
                        break;
                    }
                    name.push(c);
                }
                if !closed {
                    bad("a `{` is never closed".to_owned());
                    break;
                }
                let starts_segment = text[..i].ends_with('/');
                let ends_segment = matches!(chars.peek(), None | Some((_, '/')));
                if !starts_segment || !ends_segment {
                    bad(format!("`{{{name}}}` must be a whole path segment"));
                }
                if !literal.is_empty() {
                    pieces.push(Piece::Literal(std::mem::take(&mut literal)));
                }
                // A placeholder that cannot name a field is reported here
                // and kept out of the model, so it is not reported again as
                // a placeholder with no field.
                if is_ident(&name) {
                    pieces.push(Piece::Param(name));
                } else {
                    bad(format!("`{{{name}}}` is not a field name"));
                }
            }
            '}' => bad("a `}` has no matching `{`".to_owned()),
            c if c.is_ascii_alphanumeric() || "-._~/".contains(c) => literal.push(c),
            '?' => {
                bad("the query string is not part of the template: declare query parameters as fields".to_owned());
                break;
            }
            c => bad(format!(
                "the character {c:?} must not appear in a path template"
            )),
        }
    }
    if !literal.is_empty() {
        pieces.push(Piece::Literal(literal));
    }
    PathTemplate {
        lit: lit.clone(),
        pieces,
    }
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether an attribute is one of ours on the struct: a group.
pub fn group_kind(attr: &Attribute) -> Option<GroupKind> {
    let last = attr.path().segments.last()?.ident.to_string();
    match last.as_str() {
        "one_of" => Some(GroupKind::ExactlyOne),
        "at_most_one_of" => Some(GroupKind::AtMostOne),
        "at_least_one_of" => Some(GroupKind::AtLeastOne),
        _ => None,
    }
}

/// Whether an attribute is `#[endpoint]` (in any path form).
pub fn is_endpoint_attr(attr: &Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "endpoint")
}

fn parse_group(attr: &Attribute, kind: GroupKind, ctx: &mut Ctx) -> Option<Group> {
    let mut members = Vec::new();
    let mut name = None;
    let result = attr.parse_nested_meta(|meta| {
        let ident = meta
            .path
            .get_ident()
            .cloned()
            .ok_or_else(|| meta.error("expected a field name"))?;
        if ident == "name" && meta.input.peek(Token![=]) {
            name = Some(meta.value()?.parse::<Ident>()?);
        } else {
            members.push(ident);
        }
        Ok(())
    });
    if let Err(err) = result {
        ctx.push(err);
        return None;
    }
    let name = name.unwrap_or_else(|| {
        let joined = members
            .iter()
            .map(model::unraw)
            .collect::<Vec<_>>()
            .join("_or_");
        Ident::new(
            &joined,
            attr.path()
                .segments
                .last()
                .map_or(Span::call_site(), |s| s.ident.span()),
        )
    });
    Some(Group {
        kind,
        name,
        member_idents: members,
        members: Vec::new(),
        span: attr
            .path()
            .segments
            .last()
            .map_or(Span::call_site(), |s| s.ident.span()),
        attr_path: attr.path().clone(),
    })
}

/// Whether the struct derives `Debug` (a mistake `reject_derived_debug`
/// reports): the fallback then writes no `Debug` of its own.
pub fn derives_debug(attrs: &[Attribute]) -> bool {
    let mut found = false;
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            found |= meta
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident == "Debug");
            Ok(())
        });
    }
    found
}

/// `#[endpoint]` writes a `Debug` that hides secrets; a derived one would
/// conflict with it (and print them).
fn reject_derived_debug(attr: &Attribute, ctx: &mut Ctx) {
    let _ = attr.parse_nested_meta(|meta| {
        if meta.path.segments.last().is_some_and(|s| s.ident == "Debug") {
            ctx.error_at(
                &meta.path,
                "remove `Debug` from this derive: `#[endpoint]` implements `Debug` itself, with secret fields redacted",
            );
        }
        Ok(())
    });
}

/// What `#[param(...)]` says about one field.
#[derive(Default)]
struct ParamAttr {
    location: Option<(Location, Span)>,
    rename: Option<LitStr>,
    secret: Option<bool>,
}

fn parse_param_attrs(attrs: &[Attribute], ctx: &mut Ctx) -> ParamAttr {
    let mut out = ParamAttr::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("param")) {
        let result = attr.parse_nested_meta(|meta| {
            let key = meta.path.get_ident().map(Ident::to_string).unwrap_or_default();
            let location = match key.as_str() {
                "path" => Some(Location::Path),
                "query" => Some(Location::Query),
                "body" => Some(Location::Body),
                _ => None,
            };
            match (location, key.as_str()) {
                (Some(loc), _) => {
                    if out.location.is_some() {
                        return Err(meta.error("a field goes to one place: `path`, `query` or `body`"));
                    }
                    out.location = Some((loc, meta.path.get_ident().map_or(Span::call_site(), Ident::span)));
                }
                (None, "rename") => {
                    let lit: LitStr = meta.value()?.parse()?;
                    let v = lit.value();
                    if v.is_empty() || v.chars().any(|c| c == '"' || c == '\\' || c.is_control()) {
                        return Err(syn::Error::new(lit.span(), "a wire name must be non-empty and free of quotes, backslashes and control characters"));
                    }
                    out.rename = Some(lit);
                }
                (None, "secret") => out.secret = Some(true),
                (None, "not_secret") => out.secret = Some(false),
                _ => {
                    return Err(meta.error(
                        "unknown `#[param]` option; expected `path`, `query`, `body`, `rename = \"...\"`, `secret` or `not_secret`",
                    ));
                }
            }
            Ok(())
        });
        if let Err(err) = result {
            ctx.push(err);
        }
    }
    out
}

/// Field names whose values are hidden from `Debug` unless `not_secret`.
fn looks_secret(name: &str) -> bool {
    ["token", "jwt", "secret", "password"]
        .iter()
        .any(|w| name.contains(w))
        || name == "code"
        || name == "code_verifier"
}

/// `Some(T)` when `ty` is written `Option<T>` (or `std::option::Option<T>`).
pub fn option_inner(ty: &Type) -> Option<Type> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() {
        return None;
    }
    let segs: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    let ok = matches!(
        segs.iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice(),
        ["Option"] | ["std" | "core", "option", "Option"]
    );
    if !ok {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else {
        return None;
    };
    match args.args.first() {
        Some(GenericArgument::Type(inner)) if args.args.len() == 1 => Some(inner.clone()),
        _ => None,
    }
}

/// Parses the attribute arguments and the struct into a model. Returns
/// `None` only when the input is not a struct with named fields at all.
pub fn endpoint(args: TokenStream, input: &DeriveInput, ctx: &mut Ctx) -> Option<Endpoint> {
    let args = parse_args(args, ctx);

    let mut attrs = Vec::new();
    let mut groups = Vec::new();
    for attr in &input.attrs {
        if let Some(kind) = group_kind(attr) {
            groups.extend(parse_group(attr, kind, ctx));
        } else if is_endpoint_attr(attr) {
            ctx.error_at(attr, "`#[endpoint]` is given twice");
        } else {
            if attr.path().is_ident("derive") {
                reject_derived_debug(attr, ctx);
            }
            attrs.push(attr.clone());
        }
    }

    if !input.generics.params.is_empty() {
        ctx.error_at(&input.generics, "endpoint structs cannot be generic");
    }
    let named = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => Some(named),
            Fields::Unit => {
                return Some(finish(args, input, attrs, Vec::new(), groups, ctx));
            }
            Fields::Unnamed(_) => None,
        },
        _ => None,
    };
    let Some(named) = named else {
        ctx.error_at(
            &input.ident,
            "`#[endpoint]` goes on a struct with named fields",
        );
        return None;
    };

    let default_location = match args.method {
        Some(m) if !m.has_body() => Location::Query,
        _ => Location::Body,
    };
    let mut fields = Vec::new();
    for f in &named.named {
        let Some(ident) = f.ident.clone() else {
            continue;
        };
        let param = parse_param_attrs(&f.attrs, ctx);
        let wire = param
            .rename
            .as_ref()
            .map_or_else(|| model::unraw(&ident), LitStr::value);
        fields.push(Field {
            secret: param.secret.unwrap_or_else(|| looks_secret(&wire)),
            location: param.location.map_or(default_location, |(l, _)| l),
            wire,
            option_inner: option_inner(&f.ty),
            ty: f.ty.clone(),
            attrs: f
                .attrs
                .iter()
                .filter(|a| !a.path().is_ident("param"))
                .cloned()
                .collect(),
            vis: f.vis.clone(),
            group: None,
            ident,
        });
        if let Some((Location::Body, span)) = param.location {
            if matches!(args.method, Some(m) if !m.has_body()) {
                ctx.error_span(
                    span,
                    "GET and DELETE requests have no body; use `query` or `path`",
                );
            }
        }
    }
    Some(finish(args, input, attrs, fields, groups, ctx))
}

fn finish(
    args: Args,
    input: &DeriveInput,
    attrs: Vec<Attribute>,
    fields: Vec<Field>,
    groups: Vec<Group>,
    ctx: &mut Ctx,
) -> Endpoint {
    let path_lit = args
        .path
        .unwrap_or_else(|| LitStr::new("/", Span::call_site()));
    let path = parse_template(&path_lit, ctx);
    Endpoint {
        attrs,
        vis: input.vis.clone(),
        ident: input.ident.clone(),
        method: args.method.unwrap_or(Method::Post),
        path,
        response: args.response.unwrap_or_else(|| syn::parse_quote!(())),
        idempotent: args.idempotent,
        host: args.host.map_or(model::Host::Api, |(h, _)| h),
        body_format: args.body.map_or(model::BodyFormat::Json, |(b, _)| b),
        cursor: args.cursor,
        krate: args
            .krate
            .unwrap_or_else(|| syn::parse_quote!(::stytch_endpoints)),
        fields,
        groups,
    }
}

/// Removes our inert attributes (`#[param]` on fields, groups on the struct)
/// from a struct, for the fallback output when the declaration has errors.
pub fn strip_ours(input: &mut DeriveInput) {
    input
        .attrs
        .retain(|a| group_kind(a).is_none() && !is_endpoint_attr(a));
    if let Data::Struct(s) = &mut input.data {
        for f in s.fields.iter_mut() {
            f.attrs.retain(|a| !a.path().is_ident("param"));
        }
    }
}
