//! What is emitted when the declaration has errors: every error found, and
//! beside them the public names the rest of the crate uses, so that one
//! mistake gives one message rather than one more at each use.
//!
//! The names get permissive stand-ins: the struct as written, `X::builder()`
//! with a builder that has no typestate (each setter, `build` and `send`
//! exists whatever was set before), the group enums, the accessors, the
//! `Describe` impl, and the `Endpoint`, `FromFields` and `Debug` impls. Their bodies are
//! `unreachable!()`: the crate does not compile, so they never run. Names
//! that a mistake makes clash (a field called `build`, two groups with one
//! name) are emitted once.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::{self, Names, accessors, builder, describe, doc};
use crate::model::{self, Endpoint, GroupKind};

pub fn emit(
    mut input: syn::DeriveInput,
    model: Option<&Endpoint>,
    errors: syn::Error,
) -> TokenStream {
    // Keep the user's imports of the group attributes "used", so the real
    // errors are not buried under unused-import warnings.
    let uses: Vec<TokenStream> = input
        .attrs
        .iter()
        .filter(|a| crate::parse::group_kind(a).is_some())
        .map(|a| emit::use_path(a.path()))
        .collect();
    let derives_debug = crate::parse::derives_debug(&input.attrs);
    crate::parse::strip_ours(&mut input);
    let errors = errors.to_compile_error();
    // A generic struct is itself a mistake; stand-ins without its generics
    // would only add errors.
    let stand_ins = model
        .filter(|_| input.generics.params.is_empty())
        .map(|model| stand_ins(model, derives_debug, &uses));
    let uses = stand_ins
        .is_none()
        .then(|| quote!(const _: () = { #(#uses)* };));
    quote! {
        #input
        #stand_ins
        #uses
        #errors
    }
}

/// The builder, the group enums and the impls, without typestate.
fn stand_ins(model: &Endpoint, derives_debug: bool, uses: &[TokenStream]) -> TokenStream {
    let names = Names::new(model);
    let ident = &model.ident;
    let vis = &model.vis;
    let builder = &names.builder;
    let response = &model.response;
    let method = format_ident!("{}", model.method.variant());
    let path = &model.path.lit;
    let imports = emit::block_imports(model);

    // Method names already taken on the builder and on the struct.
    let mut taken: HashSet<String> = ["build", "send", "builder"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let mut setters = Vec::new();
    for field in &model.fields {
        let name = &field.ident;
        if !taken.insert(name.to_string()) {
            continue;
        }
        let (arg, _) = builder::setter_arg(field);
        setters.push(quote! {
            #[allow(unused_variables)]
            #vis fn #name(self, value: #arg) -> Self { self }
        });
        if !field.is_required() && (field.group.is_none() || model.in_at_least_one(field)) {
            let maybe = format_ident!("maybe_{}", model::unraw(name));
            if taken.insert(maybe.to_string()) {
                let ty = field.value_ty();
                setters.push(quote! {
                    #[allow(unused_variables)]
                    #vis fn #maybe(self, value: ::core::option::Option<#ty>) -> Self { self }
                });
            }
        }
    }

    let mut enums = Vec::new();
    let mut enum_impls = Vec::new();
    let mut enum_names = HashSet::new();
    for (gi, group) in model.groups.iter().enumerate() {
        if !group.kind.has_enum() {
            continue;
        }
        let e = &names.group_enums[gi];
        if !enum_names.insert(e.to_string()) {
            continue;
        }
        let mut variant_names = HashSet::new();
        let variants = group.members.iter().filter_map(|&fi| {
            let field = &model.fields[fi];
            let v = format_ident!("{}", model::camel(&model::unraw(&field.ident)));
            let ty = field.value_ty();
            variant_names.insert(v.to_string()).then(|| quote!(#v(#ty)))
        });
        let enum_doc = doc(&format!(
            "The member of the `{}` group of [`{ident}`].",
            group.name
        ));
        enums.push(quote! {
            #enum_doc
            #[allow(dead_code, missing_docs)]
            #vis enum #e { #(#variants,)* }
        });
        enum_impls.push(quote! {
            impl ::core::fmt::Debug for #e {
                fn fmt(&self, _: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    ::core::unreachable!()
                }
            }
        });
        let method = &group.name;
        if taken.insert(method.to_string()) {
            setters.push(quote! {
                #[allow(unused_variables)]
                #vis fn #method(self, value: #e) -> Self { self }
            });
        }
        let maybe = format_ident!("maybe_{}", group.name);
        if group.kind == GroupKind::AtMostOne && taken.insert(maybe.to_string()) {
            setters.push(quote! {
                #[allow(unused_variables)]
                #vis fn #maybe(self, value: ::core::option::Option<#e>) -> Self { self }
            });
        }
    }

    let mut accessor_names: HashSet<String> = HashSet::from(["builder".to_owned()]);
    let accessors = accessors::emit_for(
        model,
        model
            .fields
            .iter()
            .filter(|f| accessor_names.insert(f.ident.to_string())),
    );
    // The description is plain data about the fields; the real one fits.
    let describe = describe::emit(model);
    let debug = (!derives_debug).then(|| {
        quote! {
            impl ::core::fmt::Debug for #ident {
                fn fmt(&self, _: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    ::core::unreachable!()
                }
            }
        }
    });
    let builder_doc = doc(&format!(
        "Builds a [`{ident}`] request. (The declaration has errors; this builder is a stand-in.)"
    ));

    quote! {
        #builder_doc
        #[allow(dead_code)]
        #vis struct #builder { _private: () }

        #(#enums)*

        const _: () = {
            #(#uses)*
            #imports

            #[allow(dead_code)]
            impl #ident {
                /// Starts building the request.
                #vis fn builder() -> #builder { #builder { _private: () } }
            }

            #[allow(dead_code, missing_docs)]
            impl #builder {
                #(#setters)*

                /// Finishes the value.
                #vis fn build(self) -> #ident { ::core::unreachable!() }

                /// Sends the request.
                #[allow(unused_variables)]
                #vis fn send(self, client: &__rt::Client) -> ::core::result::Result<#response, __rt::Error> {
                    ::core::unreachable!()
                }
            }

            impl __rt::Endpoint for #ident {
                const METHOD: __rt::Method = __rt::Method::#method;
                const PATH: &'static str = #path;
                type Response = #response;
                fn write_path(&self, _: &mut ::std::string::String, _: &__rt::PathContext<'_>) {
                    ::core::unreachable!()
                }
            }

            __rt::server_only! {
                impl<__S: ?::core::marker::Sized> __rt::FromFields<__S> for #ident {
                    fn from_fields(_: &mut __S) -> ::core::result::Result<Self, __rt::Error> {
                        ::core::unreachable!()
                    }
                }
            }

            #describe
            #debug
            #(#enum_impls)*
            #accessors
        };
    }
}
