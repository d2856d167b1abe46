//! One enum per field group, to choose the member at run time.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Names, doc, member_list, rt};
use crate::model::{self, Endpoint};

pub fn emit(model: &Endpoint, names: &Names) -> TokenStream {
    let rt = rt();
    let vis = &model.vis;
    let mut out = TokenStream::new();
    for (gi, group) in model.groups.iter().enumerate() {
        let e = &names.group_enums[gi];
        let mut variants = Vec::new();
        let mut debug_arms = Vec::new();
        for &fi in &group.members {
            let field = &model.fields[fi];
            let v = format_ident!("{}", model::camel(&model::unraw(&field.ident)));
            let ty = field.value_ty();
            let docs = field.docs();
            let fallback = docs
                .is_empty()
                .then(|| doc(&format!("The `{}` member.", field.ident)));
            variants.push(quote! { #(#docs)* #fallback #v(#ty) });
            let name = v.to_string();
            debug_arms.push(if field.secret {
                quote!(#e::#v(_) => f.debug_tuple(#name).field(&#rt::Redacted).finish())
            } else {
                quote!(#e::#v(value) => f.debug_tuple(#name).field(value).finish())
            });
        }
        let enum_doc = doc(&format!(
            "The member of the {} group of [`{}`] ({} of them is set), for choosing it at run time with [`{}::{}`].",
            member_list(model, gi, "/"),
            model.ident,
            group.kind.words(),
            names.builder,
            group.name
        ));
        out.extend(quote! {
            #enum_doc
            #vis enum #e {
                #(#variants,)*
            }

            impl ::core::fmt::Debug for #e {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    match self { #(#debug_arms,)* }
                }
            }
        });
    }
    out
}
