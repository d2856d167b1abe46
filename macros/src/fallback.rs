//! What is emitted when the declaration has errors: the struct itself (so
//! code that names it still type-checks) and every error found.

use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(mut input: syn::DeriveInput, errors: syn::Error) -> TokenStream {
    // Keep the user's imports of the group attributes "used", so the real
    // errors are not buried under unused-import warnings.
    let uses: Vec<TokenStream> = input
        .attrs
        .iter()
        .filter(|a| crate::parse::group_kind(a).is_some())
        .map(|a| crate::emit::use_path(a.path()))
        .collect();
    crate::parse::strip_ours(&mut input);
    let errors = errors.to_compile_error();
    quote! {
        #input
        const _: () = { #(#uses)* };
        #errors
    }
}
