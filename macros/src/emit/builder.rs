//! The typestate builder: its marker traits (with the compiler messages),
//! the builder struct, `X::builder()`, the setters, `build` and `send`.
//!
//! The builder has one type parameter per required field and per group
//! (a "slot"), holding `Unset` or `Set<value>`. Setters that fill a slot
//! change the builder's type, so they rebuild it: one line per slot, plus
//! one for the private struct that carries the plain optional fields, which
//! never changes type. The size of the builder is therefore linear in the
//! number of fields.
//!
//! An at-least-one group is the exception: its members are stored like plain
//! optional fields, and its slot (`Unset` or `Set<()>`) only records whether
//! one of them was set, so a second member or a second call is allowed.
//!
//! The setters, `build` and `send` are in an impl beside the struct, not in
//! the `const _` block (see `emit::endpoint`), so they name the runtime by
//! its full path.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{Names, SlotKind, doc, member_list, rt, rt_path};
use crate::model::{self, Endpoint, Field, GroupKind};

/// The items that live beside the struct: the marker traits, the builder,
/// its optional-fields struct and its methods.
pub fn items(model: &Endpoint, names: &Names) -> TokenStream {
    let traits = state_traits(model, names);
    let strukt = builder_struct(model, names);
    let setters = setters(model, names);
    let finish = finish(model, names);
    quote! {
        #traits
        #strukt
        #setters
        #finish
    }
}

/// The impls that go in the `const _` block: which state implements which
/// marker trait, and `X::builder()`.
pub fn impls(model: &Endpoint, names: &Names) -> TokenStream {
    let states = state_impls(model, names);
    let ctor = constructor(model, names);
    quote! {
        #states
        #ctor
    }
}

/// One marker trait of a slot's state, with the message the compiler prints
/// when the builder is in the wrong state.
struct Marker {
    name: Ident,
    message: String,
    label: String,
    note: String,
    /// The state that implements the trait: `Unset` or `Set<...>`.
    implemented_for: TokenStream,
    /// The value a set state hands back through `into_value`.
    value: Option<TokenStream>,
}

/// The marker traits of every slot: "may still be set" (`Unset`, `Open`)
/// and "has been set" (`Set`, `Chosen`). An at-least-one group has only
/// `Chosen`: its members may be set any number of times.
fn markers(model: &Endpoint, names: &Names) -> Vec<Marker> {
    let rt = rt();
    let ident = &model.ident;
    let mut out = Vec::new();
    for slot in &names.slots {
        let stem = &slot.stem;
        match slot.kind {
            SlotKind::Required(fi) => {
                let field = &model.fields[fi].ident;
                let value_ty = &model.fields[fi].ty;
                out.push(Marker {
                    name: names.state_trait(stem, "Unset"),
                    message: format!("`{field}` is already set on this `{ident}` builder"),
                    label: format!("`{field}` was already set by an earlier call"),
                    note: format!(
                        "each required field is set once; remove one of the `.{field}(...)` calls"
                    ),
                    implemented_for: quote!(#rt::Unset),
                    value: None,
                });
                out.push(Marker {
                    name: names.state_trait(stem, "Set"),
                    message: format!("`{ident}` is missing its required field `{field}`"),
                    label: format!("`{field}` is not set"),
                    note: format!("call `.{field}(...)` before `.build()` or `.send(...)`"),
                    implemented_for: names.set_ty(model, slot, &rt),
                    value: Some(quote!(#value_ty)),
                });
            }
            SlotKind::Group(gi) if model.groups[gi].kind == GroupKind::AtLeastOne => {
                // Member setters move the slot to `Set<()>` from any state,
                // so the only rule left is "set before finishing".
                let or_list = member_list(model, gi, "or");
                let setters = model.groups[gi]
                    .members
                    .iter()
                    .map(|&fi| format!("`.{}(...)`", model.fields[fi].ident))
                    .collect::<Vec<_>>()
                    .join(", ");
                out.push(Marker {
                    name: names.state_trait(stem, "Chosen"),
                    message: format!("`{ident}` needs at least one of {or_list}, and none is set"),
                    label: format!("set {or_list} first"),
                    note: format!(
                        "call one or more of {setters} before `.build()` or `.send(...)`; \
                         a `maybe_` setter does not count, since its value may be `None`"
                    ),
                    implemented_for: names.set_ty(model, slot, &rt),
                    value: None,
                });
            }
            SlotKind::Group(gi) => {
                let group = &model.groups[gi];
                let or_list = member_list(model, gi, "or");
                let and_list = member_list(model, gi, "and");
                out.push(Marker {
                    name: names.state_trait(stem, "Open"),
                    message: format!(
                        "`{ident}` takes {} of {or_list}, and one is already set",
                        group.kind.words()
                    ),
                    label: "a second member of the group is set here".to_owned(),
                    note: format!(
                        "{and_list} are alternatives: keep the one you need and remove the other calls"
                    ),
                    implemented_for: quote!(#rt::Unset),
                    value: None,
                });
                if group.kind == GroupKind::ExactlyOne {
                    let e = &names.group_enums[gi];
                    let setters = group
                        .members
                        .iter()
                        .map(|&fi| format!("`.{}(...)`", model.fields[fi].ident))
                        .collect::<Vec<_>>()
                        .join(", ");
                    out.push(Marker {
                        name: names.state_trait(stem, "Chosen"),
                        message: format!(
                            "`{ident}` needs exactly one of {or_list}, and none is set"
                        ),
                        label: format!("set {or_list} first"),
                        note: format!(
                            "call one of {setters} before `.build()` or `.send(...)`; to choose at run time, pass the `{e}` enum to `.{}(...)`",
                            group.name
                        ),
                        implemented_for: names.set_ty(model, slot, &rt),
                        value: Some(quote!(#e)),
                    });
                }
            }
        }
    }
    out
}

/// The marker traits themselves. They sit beside the struct rather than in
/// a module of their own: a nested module could not see types declared in a
/// function body (as in doctests), which the traits name.
fn state_traits(model: &Endpoint, names: &Names) -> TokenStream {
    let vis = &model.vis;
    let traits = markers(model, names).into_iter().map(|m| {
        let Marker {
            name,
            message,
            label,
            note,
            value,
            ..
        } = m;
        let decl = value.map(|ty| {
            quote! {
                /// The value that was set.
                fn into_value(self) -> #ty;
            }
        });
        quote! {
            #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
            #[doc(hidden)]
            #[allow(non_camel_case_types)]
            #vis trait #name { #decl }
        }
    });
    quote!(#(#traits)*)
}

/// Which state implements which marker trait.
fn state_impls(model: &Endpoint, names: &Names) -> TokenStream {
    let impls = markers(model, names).into_iter().map(|m| {
        let name = &m.name;
        let state = &m.implemented_for;
        let body = m
            .value
            .map(|ty| quote! { #[inline] fn into_value(self) -> #ty { self.0 } });
        quote!(impl #name for #state { #body })
    });
    quote!(#(#impls)*)
}

fn builder_struct(model: &Endpoint, names: &Names) -> TokenStream {
    let rt_path = rt_path(model);
    let ident = &model.ident;
    let vis = &model.vis;
    let builder = &names.builder;
    let params = names.params();
    let slot_fields = names.slots.iter().map(|s| {
        let f = &s.field;
        let p = &s.param;
        quote!(#f: #p)
    });
    let struct_doc = doc(&format!(
        "Builds a [`{ident}`] request ({}). Made by [`{ident}::builder`].\n\n\
         Each type parameter tracks one required field or field group; \
         `build` and `send` exist only once every one of them is set, so a \
         missing or doubled field is a compile error, not a server error.",
        model.route_text()
    ));
    let (optional_field, optional_struct) = match &names.optional {
        Some(optional) => {
            let fields = model.untracked().map(|f| {
                let i = &f.ident;
                let t = &f.ty;
                quote!(#i: #t)
            });
            (
                quote!(__optional: #optional,),
                quote! {
                    /// The optional fields of the builder, which its type does not track.
                    #[doc(hidden)]
                    #[allow(non_camel_case_types)]
                    struct #optional { #(#fields,)* }
                },
            )
        }
        None => (quote!(), quote!()),
    };
    quote! {
        #struct_doc
        #[must_use = "a builder does nothing until `.send(&client)` or `.build()` is called"]
        #vis struct #builder<#(#params = #rt_path::Unset),*> {
            #(#slot_fields,)*
            #optional_field
        }

        #optional_struct
    }
}

fn constructor(model: &Endpoint, names: &Names) -> TokenStream {
    let rt = rt();
    let ident = &model.ident;
    let vis = &model.vis;
    let builder = &names.builder;
    let slots = names.slots.iter().map(|s| &s.field);
    let optional = names.optional.as_ref().map(|optional| {
        let fields = model.untracked().map(|f| &f.ident);
        quote!(__optional: #optional { #(#fields: None,)* },)
    });
    let ctor_doc = doc(&format!(
        "Starts building a `{}` request: set the fields on the returned \
         builder in any order, then call `send` or `build`.",
        model.route_text()
    ));
    quote! {
        impl #ident {
            #ctor_doc
            #[inline]
            #vis fn builder() -> #builder {
                #builder {
                    #(#slots: #rt::Unset,)*
                    #optional
                }
            }
        }
    }
}

/// `Builder { a: self.a, b: <value>, __optional: self.__optional }`: the
/// builder with one slot replaced.
fn rebuild(names: &Names, replace: &Ident, value: TokenStream) -> TokenStream {
    let builder = &names.builder;
    let slots = names.slots.iter().map(|s| {
        let f = &s.field;
        if f == replace {
            quote!(#f: #value)
        } else {
            quote!(#f: self.#f)
        }
    });
    let optional = names
        .optional
        .as_ref()
        .map(|_| quote!(__optional: self.__optional,));
    quote!(#builder { #(#slots,)* #optional })
}

/// The parameter a setter takes and the expression that turns it into the
/// field's value type: the number type itself for numbers, anything that
/// converts into the value type otherwise.
pub fn setter_arg(field: &Field) -> (TokenStream, TokenStream) {
    let ty = field.value_ty();
    if field.is_number() {
        (quote!(#ty), quote!(value))
    } else {
        (
            quote!(impl ::core::convert::Into<#ty>),
            quote!(value.into()),
        )
    }
}

/// A setter's doc comment: the field's own doc, then what the setter sets
/// and the rule it follows.
fn setter_doc(field: &Field, what: &str) -> TokenStream {
    let docs = field.docs();
    let gap = (!docs.is_empty()).then(|| quote!(#[doc = ""]));
    let ours = doc(what);
    quote!(#(#docs)* #gap #ours)
}

/// The sentence every setter's doc ends with.
const ANY_ORDER: &str = "Setters may be called in any order.";

fn setters(model: &Endpoint, names: &Names) -> TokenStream {
    let rt = rt_path(model);
    let some = quote!(::core::option::Option::Some);
    let vis = &model.vis;
    let params = names.params();
    let self_ty = names.builder_ty(None);
    let mut methods = Vec::new();

    for (fi, field) in model.fields.iter().enumerate() {
        let name = &field.ident;
        let (arg, value) = setter_arg(field);
        if let Some(si) = names.slot_of_field(fi) {
            let slot = &names.slots[si];
            let out_ty = names.builder_ty(Some((si, names.set_ty(model, slot, &rt))));
            let p = &slot.param;
            let unset = names.state_trait(&slot.stem, "Unset");
            let body = rebuild(names, &slot.field, quote!(#rt::Set(#value)));
            let docs = setter_doc(
                field,
                &format!("Sets `{name}`, a required field: call this exactly once. {ANY_ORDER}"),
            );
            methods.push(quote! {
                #docs
                #vis fn #name(self, value: #arg) -> #out_ty
                where
                    #p: #unset,
                {
                    #body
                }
            });
        } else if let Some(gi) = field.group.filter(|_| model.in_at_least_one(field)) {
            // A member of an at-least-one group: stored like a plain optional
            // field, and setting it marks the group as satisfied, whatever
            // was set before. Setting it again replaces the value, as for a
            // plain optional field.
            let si = names.slot_of_group(gi);
            let slot = &names.slots[si];
            let out_ty = names.builder_ty(Some((si, names.set_ty(model, slot, &rt))));
            let value_ty = field.value_ty();
            let maybe = format_ident!("maybe_{}", model::unraw(name));
            let body = rebuild(names, &slot.field, quote!(#rt::Set(())));
            let or_list = member_list(model, gi, "or");
            let docs = setter_doc(
                field,
                &format!(
                    "Sets `{name}`, a member of a group: at least one of {or_list} must be set, \
                     and more may be. Calling it again replaces the value. {ANY_ORDER}"
                ),
            );
            let maybe_doc = doc(&format!(
                "Sets `{name}` from an `Option`: `None` leaves it out of the request. \
                 Does not count toward the group (at least one of {or_list}), \
                 since the value may be `None`: set one member with its plain setter. {ANY_ORDER}"
            ));
            methods.push(quote! {
                #docs
                #vis fn #name(mut self, value: #arg) -> #out_ty {
                    self.__optional.#name = #some(#value);
                    #body
                }

                #maybe_doc
                #vis fn #maybe(mut self, value: ::core::option::Option<#value_ty>) -> Self {
                    self.__optional.#name = value;
                    self
                }
            });
        } else if let Some(gi) = field.group {
            let group = &model.groups[gi];
            let si = names.slot_of_group(gi);
            let slot = &names.slots[si];
            let out_ty = names.builder_ty(Some((si, names.set_ty(model, slot, &rt))));
            let p = &slot.param;
            let open = names.state_trait(&slot.stem, "Open");
            let e = &names.group_enums[gi];
            let variant = format_ident!("{}", model::camel(&model::unraw(name)));
            // A one-of slot holds the enum, an at-most-one slot an `Option` of it.
            let choice = if group.kind == GroupKind::AtMostOne {
                quote!(#some(#e::#variant(#value)))
            } else {
                quote!(#e::#variant(#value))
            };
            let body = rebuild(names, &slot.field, quote!(#rt::Set(#choice)));
            let docs = setter_doc(
                field,
                &format!(
                    "Sets `{name}`, a member of a group: {} of {} may be set. {ANY_ORDER}",
                    group.kind.words(),
                    member_list(model, gi, "or")
                ),
            );
            methods.push(quote! {
                #docs
                #vis fn #name(self, value: #arg) -> #out_ty
                where
                    #p: #open,
                {
                    #body
                }
            });
        } else {
            let value_ty = field.value_ty();
            let maybe = format_ident!("maybe_{}", model::unraw(name));
            let docs = setter_doc(
                field,
                &format!(
                    "Sets `{name}`, an optional field: left out of the request unless set. {ANY_ORDER}"
                ),
            );
            let maybe_doc = doc(&format!(
                "Sets `{name}` from an `Option`: `None` leaves it out of the request. {ANY_ORDER}"
            ));
            methods.push(quote! {
                #docs
                #vis fn #name(mut self, value: #arg) -> Self {
                    self.__optional.#name = #some(#value);
                    self
                }

                #maybe_doc
                #vis fn #maybe(mut self, value: ::core::option::Option<#value_ty>) -> Self {
                    self.__optional.#name = value;
                    self
                }
            });
        }
    }

    for (gi, group) in model.groups.iter().enumerate() {
        if !group.kind.has_enum() {
            continue;
        }
        let si = names.slot_of_group(gi);
        let slot = &names.slots[si];
        let out_ty = names.builder_ty(Some((si, names.set_ty(model, slot, &rt))));
        let p = &slot.param;
        let open = names.state_trait(&slot.stem, "Open");
        let e = &names.group_enums[gi];
        let method = &group.name;
        let (value_expr, extra) = match group.kind {
            // (An at-least-one group has no method: skipped above.)
            GroupKind::ExactlyOne | GroupKind::AtLeastOne => (quote!(value), quote!()),
            GroupKind::AtMostOne => {
                let maybe = format_ident!("maybe_{}", group.name);
                let body = rebuild(names, &slot.field, quote!(#rt::Set(value)));
                let maybe_doc = doc(&format!(
                    "Chooses the member of the {} group at run time, or none with `None`. \
                     Counts as setting the group: no member setter may be called as well. {ANY_ORDER}",
                    member_list(model, gi, "/")
                ));
                (
                    quote!(#some(value)),
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
        let body = rebuild(names, &slot.field, quote!(#rt::Set(#value_expr)));
        let method_doc = doc(&format!(
            "Sets the {} group from its enum, for callers that only know at run time which member they have. \
             Counts as setting the group: no member setter may be called as well. {ANY_ORDER}",
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
    let rt = rt_path(model);
    let (some, none) = (
        quote!(::core::option::Option::Some),
        quote!(::core::option::Option::None),
    );
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
            SlotKind::Group(gi) if model.groups[gi].kind == GroupKind::AtLeastOne => {
                // The members' values are in the untracked struct; the slot
                // only proves that one was set.
                let chosen = names.state_trait(&slot.stem, "Chosen");
                bounds.push(quote!(#p: #chosen));
                lets.push(quote!(let _ = self.#f;));
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
                    .map(|m| format_ident!("{}", model::camel(&model::unraw(m))))
                    .collect();
                lets.push(quote!(#(let mut #members = #none;)*));
                let arms = quote! {
                    #(#e::#variants(__stytch_value) => #members = #some(__stytch_value),)*
                };
                match group.kind {
                    GroupKind::ExactlyOne => {
                        let chosen = names.state_trait(&slot.stem, "Chosen");
                        bounds.push(quote!(#p: #chosen));
                        lets.push(quote! {
                            match #chosen::into_value(self.#f) { #arms }
                        });
                    }
                    // Handled by the arm above.
                    GroupKind::AtLeastOne => {}
                    GroupKind::AtMostOne => {
                        bounds.push(quote!(#p: #rt::OptionalGroup<#e>));
                        lets.push(quote! {
                            if let #some(__stytch_choice) = #rt::OptionalGroup::into_choice(self.#f) {
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
        if f.is_required() || (f.group.is_some() && !model.in_at_least_one(f)) {
            quote!(#i)
        } else {
            quote!(#i: self.__optional.#i)
        }
    });
    let build_doc = doc(&format!(
        "Finishes the `{ident}` value without sending it. Compiles only once every required field and group is set."
    ));
    let send_doc = doc(&format!(
        "Sends `{}` with `client` and decodes the answer. Compiles only once every required field and group is set.",
        model.route_text()
    ));
    let paginate = model.cursor.as_ref().map(|_| {
        let paginate_doc = doc(&format!(
            "Every result of `{}`, page after page, fetched as the iterator advances (see `Client::paginate`). Compiles only once every required field and group is set.",
            model.route_text()
        ));
        quote! {
            #paginate_doc
            #[inline]
            #vis fn paginate(self, client: &#rt::Client) -> #rt::Pages<'_, #ident>
            where
                #(#bounds,)*
            {
                client.paginate(self.build())
            }
        }
    });
    quote! {
        impl<#(#params),*> #self_ty {
            #paginate

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
