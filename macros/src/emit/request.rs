//! The `Endpoint` impl (path, query, body, run-time rules) and the
//! `FromRequest` impl a server uses to decode the same request (compiled
//! only with the `local` feature of `stytch-endpoints`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rt;
use crate::model::{Endpoint, GroupKind, Location, Piece};

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
    let write_path = write_path(model);
    let write_query = write_query(model);
    let write_body = write_body(model);
    let validate = validate(model);
    let from_request = from_request(model);
    quote! {
        impl #rt::Endpoint for #ident {
            const METHOD: #rt::Method = #rt::Method::#method;
            const PATH: &'static str = #path;
            #idempotent
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
            None => quote!(),
        },
    });
    quote! {
        fn write_path(&self, out: &mut ::std::string::String) {
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
                    if let ::core::option::Option::Some(value) = &self.#i {
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
                    if let ::core::option::Option::Some(value) = &self.#i {
                        body.field(#key, value)?;
                    }
                }
            }
        });
    quote! {
        fn write_body(&self, out: &mut ::std::vec::Vec<u8>) -> ::core::result::Result<bool, #rt::Error> {
            let mut body = #rt::BodyWriter::new(out, #rt::Route::of::<Self>());
            #(#fields)*
            body.finish();
            ::core::result::Result::Ok(true)
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
        let exactly = g.kind == GroupKind::ExactlyOne;
        quote!(#rt::check_group(#rt::Route::of::<Self>(), &[#(#entries),*], #exactly)?;)
    });
    quote! {
        fn validate(&self) -> ::core::result::Result<(), #rt::Error> {
            #(#checks)*
            ::core::result::Result::Ok(())
        }
    }
}

fn from_request(model: &Endpoint) -> TokenStream {
    let rt = rt();
    let ident = &model.ident;
    let inits = model.fields.iter().map(|f| {
        let i = &f.ident;
        let wire = &f.wire;
        match f.location {
            Location::Path => quote!(#i: request.path_field::<Self, _>(#wire)?),
            Location::Query => quote!(#i: request.query_field::<Self, _>(#wire)?),
            Location::Body => {
                quote!(#i: #rt::RequestParts::body_field::<Self, _>(&mut body, #wire)?)
            }
        }
    });
    // Only the local server decodes requests: without the `local` feature
    // the impl (a `serde_json` instantiation per field type) is not compiled.
    quote! {
        ::stytch_endpoints::__local_only! {
        impl #rt::FromRequest for #ident {
            #[allow(unused_mut, unused_variables)]
            fn from_request(request: &#rt::RequestParts) -> ::core::result::Result<Self, #rt::Error> {
                let mut body = request.body_object::<Self>()?;
                let value = Self { #(#inits,)* };
                #rt::Endpoint::validate(&value)?;
                ::core::result::Result::Ok(value)
            }
        }
        }
    }
}
