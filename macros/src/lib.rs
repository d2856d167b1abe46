//! The attributes of `stytch-endpoints`: `#[endpoint]`, `#[one_of]`,
//! `#[at_most_one_of]` and `#[at_least_one_of]`. Use them through
//! `stytch_endpoints`; their reference, with examples, is the module
//! `stytch_endpoints::attributes`. This crate only holds the entry points.
//!
//! The pipeline: `parse` reads the attributes into a `model`, `check`
//! applies the rules that span attributes, and `emit` writes the builder,
//! the group enums, the `Endpoint` impl and `Debug`. When anything is wrong,
//! `fallback` emits every error found and, beside them, the same public
//! names with permissive stubs (the struct, `X::builder()` and setters that
//! accept anything, the group enums, the impls), so code that uses the
//! declaration adds no errors of its own.
//!
//! Every path the generated code writes to `stytch_endpoints` starts with
//! the crate path of the declaration: `::stytch_endpoints`, or what
//! `#[endpoint(..., crate = path)]` says, for a crate that renamed the
//! dependency or re-exports it. Group attributes written above
//! `#[endpoint]` move below it under that path too.
//!
//! The expansion of a few declarations is committed under
//! `macros/tests/snapshots/`; `SNAPSHOTS=overwrite cargo test -p
//! stytch-macros` regenerates it.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod check;
mod codec;
mod ctx;
mod emit;
mod fallback;
mod model;
mod parse;
#[cfg(test)]
mod snapshot_tests;

use proc_macro::TokenStream;

/// Declares a Stytch call on a struct whose fields are its parameters:
/// `#[endpoint(METHOD "/path/{param}", response = Type)]`, optionally with
/// `idempotent` and `crate = path`.
///
/// `Option` fields are optional, the others required. A `{param}` of the
/// path is filled from the field of that name; the other fields go to the
/// query string for `GET` and `DELETE`, to the JSON body otherwise. The
/// attribute generates a typestate builder (`X::builder()`, whose `build`
/// and `send` compile only once every required field and group is set),
/// `Endpoint`, `Describe`, `FromFields`, a `Debug` that hides secrets, and
/// read-only accessors.
///
/// Fields may carry `#[param(path | query | body, rename = "wire",
/// secret | not_secret)]`. That attribute is read by `#[endpoint]` and has no
/// item of its own: its reference is the `#[param]` section of
/// `stytch_endpoints::attributes`.
///
/// Full reference, with examples and every compile error:
/// [`stytch_endpoints::attributes`](../stytch_endpoints/attributes/index.html).
#[proc_macro_attribute]
pub fn endpoint(args: TokenStream, item: TokenStream) -> TokenStream {
    expand_endpoint(args.into(), item.into()).into()
}

/// A field group: exactly one of the listed `Option` fields must be set.
/// `#[one_of(a, b, ..., name = x)]`, with `#[endpoint]`, above or below it.
///
/// Each member has a setter, and the group has a method `.x(Enum)` taking
/// the generated enum (the struct's name + `X`) for a choice made at run
/// time. `build`/`send` do not compile until a member is set, nor does a
/// second member. Values that bypass the builder are checked again by
/// `Endpoint::validate`.
///
/// Reference: the `#[one_of]` section of
/// [`stytch_endpoints::attributes`](../stytch_endpoints/attributes/index.html#one_of).
#[proc_macro_attribute]
pub fn one_of(args: TokenStream, item: TokenStream) -> TokenStream {
    expand_group("one_of", args.into(), item.into()).into()
}

/// A field group: at most one of the listed `Option` fields may be set.
/// `#[at_most_one_of(a, b, ..., name = x)]`, with `#[endpoint]`, above or
/// below it.
///
/// As `#[one_of]`, except that the group may stay empty; besides `.x(Enum)`
/// the builder has `.maybe_x(Option<Enum>)`. A second member does not
/// compile, and `Endpoint::validate` checks values that bypass the builder.
///
/// Reference: the `#[at_most_one_of]` section of
/// [`stytch_endpoints::attributes`](../stytch_endpoints/attributes/index.html#at_most_one_of).
#[proc_macro_attribute]
pub fn at_most_one_of(args: TokenStream, item: TokenStream) -> TokenStream {
    expand_group("at_most_one_of", args.into(), item.into()).into()
}

/// A field group: at least one of the listed `Option` fields must be set,
/// and more may be. `#[at_least_one_of(a, b, ..., name = x)]`, with
/// `#[endpoint]`, above or below it.
///
/// Each member has a setter and a `maybe_` setter, like a plain optional
/// field; `build`/`send` do not compile until a member has been set with its
/// plain setter. There is no group enum or method. `Endpoint::validate`
/// checks values that bypass the builder.
///
/// Reference: the `#[at_least_one_of]` section of
/// [`stytch_endpoints::attributes`](../stytch_endpoints/attributes/index.html#at_least_one_of).
#[proc_macro_attribute]
pub fn at_least_one_of(args: TokenStream, item: TokenStream) -> TokenStream {
    expand_group("at_least_one_of", args.into(), item.into()).into()
}

/// Derives serde's `Deserialize` for an answer struct, reading a JSON
/// object only: the same result as serde's derive for the attributes it
/// accepts, with much less code to compile.
///
/// Fields take `#[serde(rename = "wire")]`, `#[serde(alias = "other")]`
/// and `#[serde(default)]` (a missing or `null` value becomes
/// `Default::default()`); an `Option` field may be missing; unknown keys are
/// skipped; a key given twice is an error. `skip_serializing_if` is left to
/// [`Encode`](derive@Encode). Any other serde attribute, a generic struct, an
/// enum or a tuple struct is a compile error. `#[stytch(crate = path)]`
/// names the `stytch_endpoints` crate when it is renamed or re-exported.
///
/// Reference: the `#[derive(Decode)]` section of
/// [`stytch_endpoints::attributes`](../stytch_endpoints/attributes/index.html#derivedecode-and-deriveencode).
#[proc_macro_derive(Decode, attributes(serde, stytch))]
pub fn derive_decode(item: TokenStream) -> TokenStream {
    codec::expand(codec::Kind::Decode, item.into()).into()
}

/// Derives serde's `Serialize` for an answer struct: a JSON object with one
/// key per field, as serde's derive writes it for the attributes it
/// accepts (`rename`, `skip_serializing_if`; `alias` and `default` are
/// [`Decode`](derive@Decode)'s), without `serde_derive` in the build.
///
/// The same rules as `Decode`: named fields, no generics, no other serde
/// attribute, `#[stytch(crate = path)]` on the struct.
#[proc_macro_derive(Encode, attributes(serde, stytch))]
pub fn derive_encode(item: TokenStream) -> TokenStream {
    codec::expand(codec::Kind::Encode, item.into()).into()
}

fn expand_endpoint(
    args: proc_macro2::TokenStream,
    item: proc_macro2::TokenStream,
) -> proc_macro2::TokenStream {
    let input: syn::DeriveInput = match syn::parse2(item.clone()) {
        Ok(input) => input,
        Err(_) => {
            let err = syn::Error::new(
                proc_macro2::Span::call_site(),
                "`#[endpoint]` goes on a struct with named fields",
            );
            let mut out = item;
            out.extend(err.to_compile_error());
            return out;
        }
    };
    let mut ctx = ctx::Ctx::default();
    let model = parse::endpoint(args, &input, &mut ctx);
    let model = model.map(|mut m| {
        check::endpoint(&mut m, &mut ctx);
        m
    });
    match (model, ctx.finish()) {
        (Some(model), Ok(())) => emit::endpoint(&model),
        (model, Err(err)) => fallback::emit(input, model.as_ref(), err),
        (None, Ok(())) => fallback::emit(
            input,
            None,
            syn::Error::new(
                proc_macro2::Span::call_site(),
                "`#[endpoint]` could not read this struct",
            ),
        ),
    }
}

/// A group attribute above `#[endpoint]` runs first: it moves itself below
/// the `#[endpoint]` attribute, where `#[endpoint]` reads it. Without an
/// `#[endpoint]` on the struct it is an error.
fn expand_group(
    name: &str,
    args: proc_macro2::TokenStream,
    item: proc_macro2::TokenStream,
) -> proc_macro2::TokenStream {
    let ident = syn::Ident::new(name, proc_macro2::Span::call_site());
    match syn::parse2::<syn::DeriveInput>(item.clone()) {
        Ok(mut input) if input.attrs.iter().any(parse::is_endpoint_attr) => {
            // Moved below `#[endpoint]` under a path that resolves: through
            // the crate path the declaration gives, or the usual one.
            let krate = input
                .attrs
                .iter()
                .find(|a| parse::is_endpoint_attr(a))
                .and_then(parse::crate_of)
                .unwrap_or_else(|| syn::parse_quote!(::stytch_endpoints));
            input
                .attrs
                .push(syn::parse_quote!(#[#krate::#ident(#args)]));
            quote::quote!(#input)
        }
        Ok(mut input) => {
            parse::strip_ours(&mut input);
            let err = syn::Error::new(
                proc_macro2::Span::call_site(),
                format!(
                    "`#[{name}]` only works together with `#[endpoint(...)]` on the same struct"
                ),
            );
            let err = err.to_compile_error();
            quote::quote!(#input #err)
        }
        Err(_) => {
            let err = syn::Error::new(
                proc_macro2::Span::call_site(),
                format!("`#[{name}]` goes on an `#[endpoint]` struct"),
            )
            .to_compile_error();
            quote::quote!(#item #err)
        }
    }
}
