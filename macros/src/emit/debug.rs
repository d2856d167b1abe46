//! `Debug` for the parameters struct, with secret fields redacted.

use proc_macro2::TokenStream;
use quote::quote;

use super::rt;
use crate::model::Endpoint;

pub fn emit(model: &Endpoint) -> TokenStream {
    let rt = rt();
    let ident = &model.ident;
    let name = ident.to_string();
    let fields = model.fields.iter().map(|f| {
        let i = &f.ident;
        let label = crate::model::unraw(i);
        match (f.secret, f.is_required()) {
            (false, _) => quote!(.field(#label, &self.#i)),
            (true, true) => quote!(.field(#label, &#rt::Redacted)),
            (true, false) => quote!(.field(#label, &self.#i.as_ref().map(|_| #rt::Redacted))),
        }
    });
    quote! {
        impl ::core::fmt::Debug for #ident {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#name) #(#fields)* .finish()
            }
        }
    }
}
