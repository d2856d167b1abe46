//! One enum per field group, to choose the member at run time. An
//! at-least-one group has none: several of its members may be set, and
//! each has its own setter and `maybe_` setter (see `emit::builder`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Names, doc, member_list, rt};
use crate::model::{self, Endpoint, Group};

/// The enum variant of each member of a group, with the member's index.
fn variants<'a>(
    model: &'a Endpoint,
    group: &'a Group,
) -> impl Iterator<Item = (usize, proc_macro2::Ident)> + 'a {
    group.members.iter().map(|&fi| {
        let v = format_ident!("{}", model::camel(&model::unraw(&model.fields[fi].ident)));
        (fi, v)
    })
}

/// The enums, which live beside the struct.
pub fn items(model: &Endpoint, names: &Names) -> TokenStream {
    let vis = &model.vis;
    let with_enum = |(_, g): &(usize, &Group)| g.kind.has_enum();
    let enums = model.groups.iter().enumerate().filter(with_enum).map(|(gi, group)| {
        let e = &names.group_enums[gi];
        let variants = variants(model, group).map(|(fi, v)| {
            let field = &model.fields[fi];
            let ty = field.value_ty();
            let docs = field.docs();
            let fallback = docs
                .is_empty()
                .then(|| doc(&format!("The `{}` member.", field.ident)));
            quote! { #(#docs)* #fallback #v(#ty) }
        });
        let enum_doc = doc(&format!(
            "The member of the {} group of [`{}`] ({} of them is set), for choosing it at run time with [`{}::{}`].",
            member_list(model, gi, "/"),
            model.ident,
            group.kind.words(),
            names.builder,
            group.name
        ));
        quote! {
            #enum_doc
            #vis enum #e {
                #(#variants,)*
            }
        }
    });
    quote!(#(#enums)*)
}

/// `Debug` for each enum, with secret members redacted.
pub fn impls(model: &Endpoint, names: &Names) -> TokenStream {
    let rt = rt();
    let with_enum = |(_, g): &(usize, &Group)| g.kind.has_enum();
    let impls = model
        .groups
        .iter()
        .enumerate()
        .filter(with_enum)
        .map(|(gi, group)| {
            let e = &names.group_enums[gi];
            let arms = variants(model, group).map(|(fi, v)| {
                let name = v.to_string();
                if model.fields[fi].secret {
                    quote!(#e::#v(_) => f.debug_tuple(#name).field(&#rt::Redacted).finish())
                } else {
                    quote!(#e::#v(value) => f.debug_tuple(#name).field(value).finish())
                }
            });
            quote! {
                impl ::core::fmt::Debug for #e {
                    #[inline]
                    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        match self { #(#arms,)* }
                    }
                }
            }
        });
    quote!(#(#impls)*)
}
