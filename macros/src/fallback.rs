//! What is emitted when the declaration has errors: the struct itself (so
//! code that names it still type-checks) and every error found.

use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(mut input: syn::DeriveInput, errors: syn::Error) -> TokenStream {
    crate::parse::strip_ours(&mut input);
    let errors = errors.to_compile_error();
    quote! {
        #input
        #errors
    }
}
