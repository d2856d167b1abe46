//! The typestate builder: its marker traits (with the
//! compiler messages), the builder struct, setters, `build` and `send`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Names, SlotKind, doc, member_list, rt};
use crate::model::{Endpoint, GroupKind};

pub fn emit(model: &Endpoint, names: &Names) -> TokenStream {
    let states = state_traits(model, names);
    let strukt = builder_struct(model, names);
    let setters = setters(model, names);
    let finish = finish(model, names);
    quote! {
        #states
        #strukt
        #setters
        #finish
    }
}

/// One marker trait per required field and per group, each carrying the
/// message the compiler prints when the builder is in the wrong state.
fn state_traits(model: &Endpoint, names: &Names) -> TokenStream {
    let rt = rt();
    let ident = &model.ident;
    let vis = &model.vis;
    let mut items = Vec::new();
    for slot in &names.slots {
        let stem = &slot.stem;
        let set_ty = names.set_ty(model, slot);
        match slot.kind {
            SlotKind::Required(fi) => {
                let field = &model.fields[fi].ident;
                let unset = names.state_trait(stem, "Unset");
                let set = names.state_trait(stem, "Set");
                let value_ty = &model.fields[fi].ty;
                let twice_msg = format!("`{field}` is already set on this `{ident}` builder");
                let twice_label = format!("`{field}` was already set by an earlier call");
                let twice_note = format!(
                    "each required field is set once; remove one of the `.{field}(...)` calls"
                );
                let missing_msg = format!("`{ident}` is missing its required field `{field}`");
                let missing_label = format!("`{field}` is not set");
                let missing_note =
                    format!("call `.{field}(...)` before `.build()` or `.send(...)`");
                let unset_ty = quote!(#rt::Unset);
                items.push(marker_trait(
                    vis,
                    &unset,
                    (&twice_msg, &twice_label, &twice_note),
                    unset_ty,
                    None,
                ));
                items.push(marker_trait(
                    vis,
                    &set,
                    (&missing_msg, &missing_label, &missing_note),
                    set_ty.clone(),
                    Some(quote!(#value_ty)),
                ));
            }
            SlotKind::Group(gi) => {
                let group = &model.groups[gi];
                let open = names.state_trait(stem, "Open");
                let chosen = names.state_trait(stem, "Chosen");
                let or_list = member_list(model, gi, "or");
                let and_list = member_list(model, gi, "and");
                let second_msg = format!(
                    "`{ident}` takes {} of {or_list}, and one is already set",
                    group.kind.words()
                );
                let second_note = format!(
                    "{and_list} are alternatives: keep the one you need and remove the other calls"
                );
                items.push(marker_trait(
                    vis,
                    &open,
                    (
                        &second_msg,
                        "a second member of the group is set here",
                        &second_note,
                    ),
                    quote!(#rt::Unset),
                    None,
                ));
                if group.kind == GroupKind::ExactlyOne {
                    let e = &names.group_enums[gi];
                    let setters = group
                        .members
                        .iter()
                        .map(|&fi| format!("`.{}(...)`", model.fields[fi].ident))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let none_msg =
                        format!("`{ident}` needs exactly one of {or_list}, and none is set");
                    let none_label = format!("set {or_list} first");
                    let none_note = format!(
                        "call one of {setters} before `.build()` or `.send(...)`; to choose at run time, pass the `{e}` enum to `.{}(...)`",
                        group.name
                    );
                    items.push(marker_trait(
                        vis,
                        &chosen,
                        (&none_msg, &none_label, &none_note),
                        set_ty.clone(),
                        Some(quote!(#e)),
                    ));
                }
            }
        }
    }
    // Emitted beside the struct rather than in a module of their own: a
    // nested module could not see types declared in a function body (as in
    // doctests), which the trait impls name.
    quote! {
        #(#items)*
    }
}

/// One typestate marker trait with its compiler message, implemented for
/// `for_ty`. With `value`, the trait also hands back the value the state
/// holds (`fn into_value(self) -> T`).
fn marker_trait(
    vis: &syn::Visibility,
    name: &proc_macro2::Ident,
    (message, label, note): (&str, &str, &str),
    for_ty: TokenStream,
    value: Option<TokenStream>,
) -> TokenStream {
    let (decl, body) = match value {
        Some(ty) => (
            quote! {
                /// The value that was set.
                fn into_value(self) -> #ty;
            },
            quote! { fn into_value(self) -> #ty { self.0 } },
        ),
        None => (quote!(), quote!()),
    };
    quote! {
        #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        #vis trait #name { #decl }
        impl #name for #for_ty { #body }
    }
}

fn builder_struct(model: &Endpoint, names: &Names) -> TokenStream {
    let rt = rt();
    let ident = &model.ident;
    let vis = &model.vis;
    let builder = &names.builder;
    let params = names.params();
    let slot_fields = names.slots.iter().map(|s| {
        let f = &s.field;
        let p = &s.param;
        quote!(#f: #p)
    });
    let optional_fields = model
        .fields
        .iter()
        .filter(|f| !f.is_required() && f.group.is_none())
        .map(|f| {
            let i = &f.ident;
            let t = &f.ty;
            quote!(#i: #t)
        });
    let unset_inits = names.slots.iter().map(|s| {
        let f = &s.field;
        quote!(#f: #rt::Unset)
    });
    let none_inits = model
        .fields
        .iter()
        .filter(|f| !f.is_required() && f.group.is_none())
        .map(|f| {
            let i = &f.ident;
            quote!(#i: ::core::option::Option::None)
        });
    let struct_doc = doc(&format!(
        "Builds a [`{ident}`] request ({}). Made by [`{ident}::builder`].\n\n\
         Each type parameter tracks one required field or field group; \
         `build` and `send` exist only once every one of them is set, so a \
         missing or doubled field is a compile error, not a server error.",
        model.route_text()
    ));
    let ctor_doc = doc(&format!(
        "Starts building a `{}` request.",
        model.route_text()
    ));
    let defaults = names.slots.iter().map(|_| quote!(#rt::Unset));
    quote! {
        #struct_doc
        #[must_use = "a builder does nothing until `.send(&client)` or `.build()` is called"]
        #vis struct #builder<#(#params = #defaults),*> {
            #(#slot_fields,)*
            #(#optional_fields,)*
        }

        impl #ident {
            #ctor_doc
            #vis fn builder() -> #builder {
                #builder {
                    #(#unset_inits,)*
                    #(#none_inits,)*
                }
            }
        }
    }
}

/// `Builder { a: self.a, b: <value>, ... }` with one builder field replaced.
fn rebuild(
    model: &Endpoint,
    names: &Names,
    replace: &proc_macro2::Ident,
    value: TokenStream,
) -> TokenStream {
    let builder = &names.builder;
    let slot_fields = names.slots.iter().map(|s| {
        let f = &s.field;
        if f == replace {
            quote!(#f: #value)
        } else {
            quote!(#f: self.#f)
        }
    });
    let optional = model
        .fields
        .iter()
        .filter(|f| !f.is_required() && f.group.is_none())
        .map(|f| {
            let i = &f.ident;
            quote!(#i: self.#i)
        });
    quote!(#builder { #(#slot_fields,)* #(#optional,)* })
}

fn setters(model: &Endpoint, names: &Names) -> TokenStream {
    let rt = rt();
    let vis = &model.vis;
    let params = names.params();
    let self_ty = names.builder_ty(None);
    let mut methods = Vec::new();

    for (fi, field) in model.fields.iter().enumerate() {
        let name = &field.ident;
        let docs = field.docs();
        let value_ty = field.value_ty();
        if let Some(si) = names.slot_of_field(fi) {
            let slot = &names.slots[si];
            let out_ty = names.builder_ty(Some((si, names.set_ty(model, slot))));
            let p = &slot.param;
            let unset = names.state_trait(&slot.stem, "Unset");
            let body = rebuild(model, names, &slot.field, quote!(#rt::Set(value.into())));
            methods.push(quote! {
                #(#docs)*
                ///
                /// Required; set exactly once.
                #vis fn #name(self, value: impl ::core::convert::Into<#value_ty>) -> #out_ty
                where
                    #p: #unset,
                {
                    #body
                }
            });
        } else if let Some(gi) = field.group {
            let group = &model.groups[gi];
            let si = names.slot_of_group(gi);
            let slot = &names.slots[si];
            let out_ty = names.builder_ty(Some((si, names.set_ty(model, slot))));
            let p = &slot.param;
            let open = names.state_trait(&slot.stem, "Open");
            let e = &names.group_enums[gi];
            let variant = format_ident!("{}", crate::model::camel(&crate::model::unraw(name)));
            let choice = match group.kind {
                GroupKind::ExactlyOne => quote!(#e::#variant(value.into())),
                GroupKind::AtMostOne => {
                    quote!(::core::option::Option::Some(#e::#variant(value.into())))
                }
            };
            let body = rebuild(model, names, &slot.field, quote!(#rt::Set(#choice)));
            let rule = doc(&format!(
                "Member of a group: {} of {} may be set.",
                group.kind.words(),
                member_list(model, gi, "or")
            ));
            methods.push(quote! {
                #(#docs)*
                ///
                #rule
                #vis fn #name(self, value: impl ::core::convert::Into<#value_ty>) -> #out_ty
                where
                    #p: #open,
                {
                    #body
                }
            });
        } else {
            let maybe = format_ident!("maybe_{}", crate::model::unraw(name));
            let maybe_doc = doc(&format!("Sets or clears `{name}` from an `Option`."));
            methods.push(quote! {
                #(#docs)*
                ///
                /// Optional.
                #vis fn #name(mut self, value: impl ::core::convert::Into<#value_ty>) -> Self {
                    self.#name = ::core::option::Option::Some(value.into());
                    self
                }

                #maybe_doc
                #vis fn #maybe(mut self, value: ::core::option::Option<#value_ty>) -> Self {
                    self.#name = value;
                    self
                }
            });
        }
    }

    for (gi, group) in model.groups.iter().enumerate() {
        let si = names.slot_of_group(gi);
        let slot = &names.slots[si];
        let out_ty = names.builder_ty(Some((si, names.set_ty(model, slot))));
        let p = &slot.param;
        let open = names.state_trait(&slot.stem, "Open");
        let e = &names.group_enums[gi];
        let method = &group.name;
        let (value_expr, extra) = match group.kind {
            GroupKind::ExactlyOne => (quote!(value), quote!()),
            GroupKind::AtMostOne => {
                let maybe = format_ident!("maybe_{}", group.name);
                let body = rebuild(model, names, &slot.field, quote!(#rt::Set(value)));
                let maybe_doc = doc(
                    "Chooses a member of the group at run time, or none with `None`. Counts as setting the group: no member setter may follow.",
                );
                (
                    quote!(::core::option::Option::Some(value)),
                    quote! {
                        #maybe_doc
                        #vis fn #maybe(self, value: ::core::option::Option<#e>) -> #out_ty
                        where
                            #p: #open,
                        {
                            #body
                        }
                    },
                )
            }
        };
        let body = rebuild(model, names, &slot.field, quote!(#rt::Set(#value_expr)));
        let method_doc = doc(&format!(
            "Chooses the member of the {} group at run time, for callers that only know at run time which one they have.",
            member_list(model, gi, "/")
        ));
        methods.push(quote! {
            #method_doc
            #vis fn #method(self, value: #e) -> #out_ty
            where
                #p: #open,
            {
                #body
            }
            #extra
        });
    }

    quote! {
        impl<#(#params),*> #self_ty {
            #(#methods)*
        }
    }
}

fn finish(model: &Endpoint, names: &Names) -> TokenStream {
    let rt = rt();
    let ident = &model.ident;
    let vis = &model.vis;
    let params = names.params();
    let self_ty = names.builder_ty(None);
    let response = &model.response;

    let mut bounds = Vec::new();
    let mut lets = Vec::new();
    for slot in &names.slots {
        let p = &slot.param;
        let f = &slot.field;
        match slot.kind {
            SlotKind::Required(_) => {
                let set = names.state_trait(&slot.stem, "Set");
                bounds.push(quote!(#p: #set));
                lets.push(quote!(let #f = #set::into_value(self.#f);));
            }
            SlotKind::Group(gi) => {
                let group = &model.groups[gi];
                let e = &names.group_enums[gi];
                let members: Vec<_> = group
                    .members
                    .iter()
                    .map(|&fi| &model.fields[fi].ident)
                    .collect();
                let variants: Vec<_> = members
                    .iter()
                    .map(|m| format_ident!("{}", crate::model::camel(&crate::model::unraw(m))))
                    .collect();
                lets.push(quote! {
                    #(let mut #members = ::core::option::Option::None;)*
                });
                let arms = quote! {
                    #(#e::#variants(__stytch_value) => #members = ::core::option::Option::Some(__stytch_value),)*
                };
                match group.kind {
                    GroupKind::ExactlyOne => {
                        let chosen = names.state_trait(&slot.stem, "Chosen");
                        bounds.push(quote!(#p: #chosen));
                        lets.push(quote! {
                            match #chosen::into_value(self.#f) { #arms }
                        });
                    }
                    GroupKind::AtMostOne => {
                        bounds.push(quote!(#p: #rt::OptionalGroup<#e>));
                        lets.push(quote! {
                            if let ::core::option::Option::Some(__stytch_choice) = #rt::OptionalGroup::into_choice(self.#f) {
                                match __stytch_choice { #arms }
                            }
                        });
                    }
                }
            }
        }
    }
    let inits = model.fields.iter().map(|f| {
        let i = &f.ident;
        if f.is_required() || f.group.is_some() {
            quote!(#i)
        } else {
            quote!(#i: self.#i)
        }
    });
    let build_doc = doc(&format!(
        "Finishes the `{ident}` value without sending it. Compiles only once every required field and group is set."
    ));
    let send_doc = doc(&format!(
        "Sends `{}` with `client` and decodes the answer. Compiles only once every required field and group is set.",
        model.route_text()
    ));
    quote! {
        impl<#(#params),*> #self_ty {
            #build_doc
            // `#[inline]`: compiled where it is called, so a builder with no
            // type parameters (every field optional) costs nothing in the
            // crate that declares it until used.
            #[inline]
            #[allow(unused_mut)]
            #vis fn build(self) -> #ident
            where
                #(#bounds,)*
            {
                #(#lets)*
                #ident { #(#inits,)* }
            }

            #send_doc
            #[inline]
            #vis fn send(self, client: &#rt::Client) -> ::core::result::Result<#response, #rt::Error>
            where
                #(#bounds,)*
            {
                client.send(&self.build())
            }
        }
    }
}
