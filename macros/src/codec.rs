//! `#[derive(Decode)]` and `#[derive(Encode)]`: serde's `Deserialize` and
//! `Serialize` for the answer structs, with a fraction of the code serde's
//! own derives generate, and without `serde_derive` in a user's build.
//!
//! serde's `Deserialize` derive also writes a path for structs sent as
//! arrays, a field-name enum with its own visitor, and two wrapper types for
//! every `deserialize_with` field. Answers are always objects, so `Decode`
//! writes one visitor with a `visit_map`, a plain `fn(&str) -> usize` that
//! maps a key to its field, and calls to a few generic helpers in the
//! runtime (`__private::decode`), which do the per-field work once for every
//! type instead of once per field. `Encode` writes the one
//! `serialize_struct` sequence serde's would.
//!
//! Both read the `#[serde(...)]` field attributes, so a struct carries one
//! set for both: `rename = "wire"`, `alias = "other"` (read by `Decode`),
//! `default` (a missing or `null` value becomes `Default::default()`) and
//! `skip_serializing_if = "path"` (used by `Encode`). Anything else
//! (`flatten`, `deserialize_with`, `serialize_with`, `skip`, ...) is an
//! error that names it, rather than an attribute silently ignored.
//! `#[stytch(crate = path)]` on the struct names the `stytch_endpoints`
//! crate.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::{Data, DeriveInput, Fields, LitStr, Token, Type};

use crate::ctx::Ctx;

/// Which of the two derives runs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Decode,
    Encode,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Decode => "Decode",
            Kind::Encode => "Encode",
        }
    }

    /// serde's trait, to derive instead where this derive refuses.
    fn serde_trait(self) -> &'static str {
        match self {
            Kind::Decode => "Deserialize",
            Kind::Encode => "Serialize",
        }
    }
}

struct Field {
    ident: syn::Ident,
    ty: Type,
    wire: String,
    aliases: Vec<String>,
    default: bool,
    optional: bool,
    skip_if: Option<syn::ExprPath>,
}

pub fn expand(kind: Kind, input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(err) => return err.to_compile_error(),
    };
    let (derive, serde_trait) = (kind.name(), kind.serde_trait());
    let mut ctx = Ctx::default();
    let krate = crate_path(&input, &mut ctx);
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        ctx.error_at(
            attr,
            format!("`#[derive({derive})]` reads no container `#[serde(...)]` attribute; derive serde's `{serde_trait}` for this type instead"),
        );
    }
    if !input.generics.params.is_empty() {
        ctx.error_at(
            &input.generics,
            format!("`#[derive({derive})]` takes a struct without generic parameters"),
        );
    }
    let named = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => Some(named),
            _ => None,
        },
        _ => None,
    };
    let Some(named) = named else {
        ctx.error_at(
            &input.ident,
            format!("`#[derive({derive})]` takes a struct with named fields; derive serde's `{serde_trait}` for enums and tuple structs"),
        );
        return finish(ctx, TokenStream::new());
    };
    let fields: Vec<Field> = named
        .named
        .iter()
        .filter_map(|f| field(kind, f, &mut ctx))
        .collect();
    let mut seen: Vec<&str> = Vec::new();
    for f in &fields {
        let keys: &[String] = if kind == Kind::Decode {
            &f.aliases
        } else {
            &[]
        };
        for key in std::iter::once(&f.wire).chain(keys) {
            if seen.contains(&key.as_str()) {
                ctx.error_at(&f.ident, format!("two fields use the same key `{key}`"));
            }
            seen.push(key);
        }
    }
    let code = match kind {
        Kind::Decode => emit_decode(&input.ident, &krate, &fields),
        Kind::Encode => emit_encode(&input.ident, &krate, &fields),
    };
    finish(ctx, code)
}

fn finish(ctx: Ctx, code: TokenStream) -> TokenStream {
    match ctx.finish() {
        Ok(()) => code,
        Err(err) => err.to_compile_error(),
    }
}

/// `#[stytch(crate = path)]`, or `::stytch_endpoints`.
fn crate_path(input: &DeriveInput, ctx: &mut Ctx) -> syn::Path {
    let mut krate = syn::parse_quote!(::stytch_endpoints);
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("stytch")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                krate = meta.value()?.call(syn::Path::parse_mod_style)?;
                Ok(())
            } else {
                Err(syn::Error::new_spanned(
                    &meta.path,
                    "`#[stytch(...)]` takes only `crate = path`, the path of the `stytch_endpoints` crate",
                ))
            }
        });
        if let Err(err) = result {
            ctx.push(err);
        }
    }
    krate
}

fn field(kind: Kind, f: &syn::Field, ctx: &mut Ctx) -> Option<Field> {
    let ident = f.ident.clone()?;
    let derive = kind.name();
    let serde_trait = kind.serde_trait();
    let mut wire = crate::model::unraw(&ident);
    let mut default = false;
    let mut aliases = Vec::new();
    let mut skip_if = None;
    for attr in &f.attrs {
        if attr.path().is_ident("stytch") {
            ctx.error_at(
                attr,
                "`#[stytch(...)]` goes on the struct, not on a field; a field takes `#[serde(rename = \"...\")]` or `#[serde(default)]`",
            );
            continue;
        }
        if !attr.path().is_ident("serde") {
            continue;
        }
        let result = attr.parse_nested_meta(|meta| {
            let key = meta.path.get_ident().map(ToString::to_string);
            match key.as_deref() {
                Some("rename") if meta.input.peek(Token![=]) => {
                    wire = meta.value()?.parse::<LitStr>()?.value();
                }
                Some("alias") if meta.input.peek(Token![=]) => {
                    aliases.push(meta.value()?.parse::<LitStr>()?.value());
                }
                Some("default") if meta.input.is_empty() || meta.input.peek(Token![,]) => {
                    default = true;
                }
                Some("skip_serializing_if") if meta.input.peek(Token![=]) => {
                    let lit = meta.value()?.parse::<LitStr>()?;
                    skip_if = Some(lit.parse::<syn::ExprPath>()?);
                }
                _ => {
                    let path = &meta.path;
                    let shown = quote!(#path).to_string();
                    return Err(syn::Error::new_spanned(
                        path,
                        format!(
                            "`#[derive({derive})]` does not support `#[serde({shown} ...)]` on a field: it reads `rename = \"...\"`, `alias = \"...\"`, `default` (missing or null becomes the default) and `skip_serializing_if = \"...\"`; derive serde's `{serde_trait}` for this type instead"
                        ),
                    ));
                }
            }
            Ok(())
        });
        if let Err(err) = result {
            ctx.push(err);
        }
    }
    // Written `Option<T>`: serde's rule that such a field may be missing.
    let optional = crate::parse::option_inner(&f.ty).is_some();
    Some(Field {
        ident,
        ty: f.ty.clone(),
        wire,
        aliases,
        default,
        optional,
        skip_if,
    })
}

fn emit_encode(name: &syn::Ident, krate: &syn::Path, fields: &[Field]) -> TokenStream {
    let serde = quote!(#krate::__private::serde);
    let name_str = name.to_string();
    let always = fields.iter().filter(|f| f.skip_if.is_none()).count();
    let counted = fields.iter().filter_map(|f| {
        let ident = &f.ident;
        f.skip_if
            .as_ref()
            .map(|skip| quote!(+ usize::from(!#skip(&self.#ident))))
    });
    let writes = fields.iter().map(|f| {
        let ident = &f.ident;
        let wire = &f.wire;
        let write = quote!(#serde::ser::SerializeStruct::serialize_field(&mut __state, #wire, &self.#ident)?;);
        match &f.skip_if {
            Some(skip) => quote! {
                if #skip(&self.#ident) {
                    #serde::ser::SerializeStruct::skip_field(&mut __state, #wire)?;
                } else {
                    #write
                }
            },
            None => write,
        }
    });
    quote! {
        const _: () = {
            #[automatically_derived]
            impl #serde::Serialize for #name {
                fn serialize<__S: #serde::Serializer>(
                    &self,
                    __serializer: __S,
                ) -> ::core::result::Result<__S::Ok, __S::Error> {
                    let mut __state = #serde::Serializer::serialize_struct(
                        __serializer,
                        #name_str,
                        #always #(#counted)*,
                    )?;
                    #(#writes)*
                    #serde::ser::SerializeStruct::end(__state)
                }
            }
        };
    }
}

fn emit_decode(name: &syn::Ident, krate: &syn::Path, fields: &[Field]) -> TokenStream {
    let support = quote!(#krate::__private::decode);
    let serde = quote!(#krate::__private::serde);
    let expecting = format!("struct {name}");
    let slots: Vec<_> = (0..fields.len())
        .map(|i| format_ident!("__f{}", i))
        .collect();
    let declare = fields.iter().zip(&slots).map(|(f, slot)| {
        let ty = &f.ty;
        quote!(let mut #slot: ::core::option::Option<#ty> = ::core::option::Option::None;)
    });
    let index_arms = fields.iter().enumerate().map(|(i, f)| {
        let wire = &f.wire;
        let aliases = &f.aliases;
        quote!(#wire #(| #aliases)* => #i,)
    });
    let read_arms = fields.iter().zip(&slots).enumerate().map(|(i, (f, slot))| {
        let wire = &f.wire;
        let read = if f.default && !f.optional {
            quote!(or_default)
        } else {
            quote!(value)
        };
        quote!(#i => #support::#read(&mut __map, &mut #slot, #wire)?,)
    });
    let build = fields.iter().zip(&slots).map(|(f, slot)| {
        let ident = &f.ident;
        let wire = &f.wire;
        if f.default || f.optional {
            quote!(#ident: #slot.unwrap_or_default(),)
        } else {
            quote!(#ident: #support::required(#slot, #wire)?,)
        }
    });
    let span = Span::call_site();
    let visitor = syn::Ident::new("__DecodeVisitor", span);
    quote! {
        const _: () = {
            #[inline]
            fn __index(key: &str) -> usize {
                match key {
                    #(#index_arms)*
                    _ => usize::MAX,
                }
            }
            struct #visitor;
            #[automatically_derived]
            impl<'de> #serde::de::Visitor<'de> for #visitor {
                type Value = #name;
                #[inline]
                fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(#expecting)
                }
                fn visit_map<__A: #serde::de::MapAccess<'de>>(
                    self,
                    mut __map: __A,
                ) -> ::core::result::Result<#name, __A::Error> {
                    #(#declare)*
                    while let ::core::option::Option::Some(__i) =
                        __map.next_key_seed(#support::Key(__index))?
                    {
                        match __i {
                            #(#read_arms)*
                            _ => #support::skip(&mut __map)?,
                        }
                    }
                    ::core::result::Result::Ok(#name { #(#build)* })
                }
            }
            #[automatically_derived]
            impl<'de> #serde::Deserialize<'de> for #name {
                fn deserialize<__D: #serde::Deserializer<'de>>(
                    __deserializer: __D,
                ) -> ::core::result::Result<Self, __D::Error> {
                    __deserializer.deserialize_map(#visitor)
                }
            }
        };
    }
}
