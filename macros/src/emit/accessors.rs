//! Read-only accessors on the parameters struct, so code that receives a
//! value (a server, a test, a log line) can read it without the fields
//! being public.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use crate::model::{Endpoint, Field};

pub fn emit(model: &Endpoint) -> TokenStream {
    emit_for(model, model.fields.iter())
}

/// The accessors of `fields` only: the fallback leaves out the ones whose
/// names would clash.
pub fn emit_for<'a>(model: &Endpoint, fields: impl Iterator<Item = &'a Field>) -> TokenStream {
    let ident = &model.ident;
    let vis = &model.vis;
    let getters = fields.map(|f| {
        let name = &f.ident;
        let docs = f.docs();
        let value_ty = f.value_ty();
        // The field's own doc, or a line that says what the accessor returns.
        let own = if docs.is_empty() {
            doc(&format!("The `{name}` field."))
        } else {
            quote!(#(#docs)*)
        };
        if f.is_required() {
            quote! {
                #own
                #[inline]
                #vis fn #name(&self) -> &#value_ty { &self.#name }
            }
        } else {
            let note = doc("\n`None` when not set.");
            quote! {
                #own
                #note
                #[inline]
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
