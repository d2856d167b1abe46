//! Read-only accessors on the parameters struct, so code that receives a
//! value (a server, a test, a log line) can read it without the fields
//! being public.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use crate::model::Endpoint;

pub fn emit(model: &Endpoint) -> TokenStream {
    let ident = &model.ident;
    let vis = &model.vis;
    let getters = model.fields.iter().map(|f| {
        let name = &f.ident;
        let docs = f.docs();
        let value_ty = f.value_ty();
        if f.is_required() {
            quote! {
                #(#docs)*
                #vis fn #name(&self) -> &#value_ty { &self.#name }
            }
        } else {
            let note = if docs.is_empty() {
                doc("`None` when not set.")
            } else {
                doc("\n`None` when not set.")
            };
            quote! {
                #(#docs)*
                #note
                #vis fn #name(&self) -> ::core::option::Option<&#value_ty> { self.#name.as_ref() }
            }
        }
    });
    quote! {
        impl #ident {
            #(#getters)*
        }
    }
}
