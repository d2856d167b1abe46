//! The `Describe` impl: the declaration as data (route, parameters with
//! wire names and locations, field groups), for programs that list what a
//! call takes and for the conformance test against Stytch's shapes.

use proc_macro2::TokenStream;
use quote::quote;

use super::rt;
use crate::model::{Endpoint, GroupKind, Location};

pub fn emit(model: &Endpoint) -> TokenStream {
    let rt = rt();
    let ident = &model.ident;
    let params = model.fields.iter().map(|f| {
        let name = crate::model::unraw(&f.ident);
        let wire = &f.wire;
        let location = match f.location {
            Location::Path => quote!(Path),
            Location::Query => quote!(Query),
            Location::Body => quote!(Body),
        };
        let required = f.is_required();
        let secret = f.secret;
        quote!(#rt::Param::new(#name, #wire, #rt::Location::#location, #required, #secret))
    });
    let groups = model.groups.iter().map(|g| {
        let rule = match g.kind {
            GroupKind::ExactlyOne => quote!(ExactlyOne),
            GroupKind::AtMostOne => quote!(AtMostOne),
            GroupKind::AtLeastOne => quote!(AtLeastOne),
        };
        let name = g.name.to_string();
        let members = g.members.iter().map(|&fi| &model.fields[fi].wire);
        quote!(#rt::Group::new(#rt::GroupRule::#rule, #name, &[#(#members),*]))
    });
    quote! {
        impl #rt::Describe for #ident {
            const DESCRIPTION: #rt::Description = #rt::Description::new(
                #rt::Route::of::<Self>(),
                &[#(#params),*],
                &[#(#groups),*],
            );
        }
    }
}
