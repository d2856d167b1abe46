//! The `Endpoint` impl (path, query, body, run-time rules) and the
//! `FromFields` impl a server uses to decode the same request.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rt;
use crate::model::{BodyFormat, Endpoint, GroupKind, Host, Location, Piece};

pub fn emit(model: &Endpoint) -> TokenStream {
    let rt = rt();
    let ident = &model.ident;
    let method = format_ident!("{}", model.method.variant());
    let path = &model.path.lit;
    let response = &model.response;
    let idempotent = model.idempotent.then(|| {
        quote!(
            const IDEMPOTENT: bool = true;
        )
    });
    let host = format_ident!("{}", model.host.variant());
    let body_format = format_ident!("{}", model.body_format.variant());
    // Only what differs from the trait's defaults.
    let host = (model.host != Host::Api).then(|| quote!(const HOST: #rt::Host = #rt::Host::#host;));
    let body_format = (model.body_format != BodyFormat::Json)
        .then(|| quote!(const BODY: #rt::BodyFormat = #rt::BodyFormat::#body_format;));
    let write_path = write_path(model);
    let write_query = write_query(model);
    let write_body = write_body(model);
    let validate = validate(model);
    let from_request = from_request(model);
    let paged = model.cursor.as_ref().map(|f| {
        quote! {
            impl #rt::Paged for #ident {
                fn set_cursor(&mut self, cursor: ::std::string::String) {
                    self.#f = ::core::option::Option::Some(::core::convert::From::from(cursor));
                }
            }
        }
    });
    quote! {
        #paged

        impl #rt::Endpoint for #ident {
            const METHOD: #rt::Method = #rt::Method::#method;
            const PATH: &'static str = #path;
            #idempotent
            #host
            #body_format
            type Response = #response;
            #write_path
            #write_query
            #write_body
            #validate
        }

        #from_request
    }
}

fn write_path(model: &Endpoint) -> TokenStream {
    let rt = rt();
    let steps = model.path.pieces.iter().map(|piece| match piece {
        Piece::Literal(text) => quote!(out.push_str(#text);),
        Piece::Param(name) => match model.fields.iter().find(|f| f.wire == *name) {
            Some(f) => {
                let i = &f.ident;
                quote!(#rt::path_segment(out, &self.#i);)
            }
            // Checked: only `{project_id}` may have no field.
            None => quote!(#rt::path_segment(out, context.project_id);),
        },
    });
    quote! {
        #[allow(unused_variables)]
        #[inline]
        fn write_path(&self, out: &mut ::std::string::String, context: &#rt::PathContext<'_>) {
            #(#steps)*
        }
    }
}

fn write_query(model: &Endpoint) -> TokenStream {
    let rt = rt();
    let pairs: Vec<_> = model
        .fields
        .iter()
        .filter(|f| f.location == Location::Query)
        .map(|f| {
            let i = &f.ident;
            let wire = &f.wire;
            if f.is_required() {
                quote!(#rt::query_pair(out, start, #wire, &self.#i);)
            } else {
                quote! {
                    if let Some(value) = &self.#i {
                        #rt::query_pair(out, start, #wire, value);
                    }
                }
            }
        })
        .collect();
    if pairs.is_empty() {
        return quote!();
    }
    quote! {
        #[inline]
        fn write_query(&self, out: &mut ::std::string::String) {
            let start = out.len();
            #(#pairs)*
        }
    }
}

fn write_body(model: &Endpoint) -> TokenStream {
    if !model.method.has_body() {
        return quote!();
    }
    let rt = rt();
    if model.body_format == BodyFormat::Form {
        return write_form(model);
    }
    let fields = model
        .fields
        .iter()
        .filter(|f| f.location == Location::Body)
        .map(|f| {
            let i = &f.ident;
            let key = format!("\"{}\":", f.wire);
            if f.is_required() {
                quote!(body.field(#key, &self.#i)?;)
            } else {
                quote! {
                    if let Some(value) = &self.#i {
                        body.field(#key, value)?;
                    }
                }
            }
        });
    quote! {
        #[inline]
        fn write_body(&self, out: &mut ::std::vec::Vec<u8>) -> ::core::result::Result<bool, #rt::Error> {
            let mut body = #rt::BodyWriter::new(out, #rt::Route::of::<Self>());
            #(#fields)*
            body.finish();
            Ok(true)
        }
    }
}

fn write_form(model: &Endpoint) -> TokenStream {
    let rt = rt();
    let pairs = model
        .fields
        .iter()
        .filter(|f| f.location == Location::Body)
        .map(|f| {
            let i = &f.ident;
            let wire = &f.wire;
            if f.is_required() {
                quote!(form.pair(#wire, &self.#i);)
            } else {
                quote! {
                    if let Some(value) = &self.#i {
                        form.pair(#wire, value);
                    }
                }
            }
        });
    quote! {
        #[inline]
        fn write_body(&self, out: &mut ::std::vec::Vec<u8>) -> ::core::result::Result<bool, #rt::Error> {
            let mut form = #rt::FormWriter::new(out);
            #(#pairs)*
            form.finish();
            Ok(true)
        }
    }
}

fn validate(model: &Endpoint) -> TokenStream {
    if model.groups.is_empty() {
        return quote!();
    }
    let rt = rt();
    let checks = model.groups.iter().map(|g| {
        let entries = g.members.iter().map(|&fi| {
            let f = &model.fields[fi];
            let i = &f.ident;
            let name = f.ident.to_string();
            quote!((#name, self.#i.is_some()))
        });
        let rule = match g.kind {
            GroupKind::ExactlyOne => quote!(ExactlyOne),
            GroupKind::AtMostOne => quote!(AtMostOne),
            GroupKind::AtLeastOne => quote!(AtLeastOne),
        };
        quote!(#rt::check_group(#rt::Route::of::<Self>(), &[#(#entries),*], #rt::GroupRule::#rule)?;)
    });
    quote! {
        #[inline]
        fn validate(&self) -> ::core::result::Result<(), #rt::Error> {
            #(#checks)*
            Ok(())
        }
    }
}

fn from_request(model: &Endpoint) -> TokenStream {
    let rt = rt();
    let ident = &model.ident;
    // One bound per distinct field type.
    let mut seen = std::collections::HashSet::new();
    let tys: Vec<&syn::Type> = model
        .fields
        .iter()
        .map(|f| &f.ty)
        .filter(|ty| seen.insert(quote!(#ty).to_string()))
        .collect();
    let inits = model.fields.iter().map(|f| {
        let i = &f.ident;
        let ty = &f.ty;
        let wire = &f.wire;
        let location = match f.location {
            Location::Path => quote!(Path),
            Location::Query => quote!(Query),
            Location::Body => quote!(Body),
        };
        quote!(#i: <__S as #rt::FieldSource<#ty>>::field(source, #rt::Location::#location, #wire)?)
    });
    // Generic over the source, with bounds on the source only: a field type
    // that no server can decode does not stop the declaration compiling.
    // Compiled only where the runtime's `server` feature is on (the local
    // server turns it on); an application's build skips it.
    quote! {
        #rt::server_only! {
        #[allow(private_bounds)]
        impl<__S: ?::core::marker::Sized> #rt::FromFields<__S> for #ident
        where
            #(__S: #rt::FieldSource<#tys>,)*
        {
            #[allow(unused_variables)]
            fn from_fields(source: &mut __S) -> ::core::result::Result<Self, #rt::Error> {
                let value = Self { #(#inits,)* };
                #rt::Endpoint::validate(&value)?;
                Ok(value)
            }
        }
        }
    }
}
