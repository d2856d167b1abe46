//! Code generation: one file per thing emitted.

pub mod accessors;
pub mod builder;
pub mod debug;
pub mod describe;
pub mod groups;
pub mod request;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::model::{self, Endpoint, GroupKind};

/// The runtime's support module as the impls name it: the `const _` block
/// around them imports it under this name (see [`endpoint`]).
pub fn rt() -> TokenStream {
    quote!(__rt)
}

/// The runtime's support module by its full path, for the few generated
/// items that live outside the `const _` block.
pub fn rt_path(model: &Endpoint) -> TokenStream {
    let krate = &model.krate;
    quote!(#krate::__private)
}

/// One typestate parameter of the builder.
pub struct Slot {
    /// The generic parameter, for example `__Provider`.
    pub param: Ident,
    /// The builder field holding the state.
    pub field: Ident,
    /// Which field or group it tracks.
    pub kind: SlotKind,
    /// CamelCase stem for the marker trait names.
    pub stem: String,
}

pub enum SlotKind {
    Required(usize),
    Group(usize),
}

/// Names shared by the emitters, computed once.
pub struct Names {
    pub struct_ident: Ident,
    pub builder: Ident,
    pub slots: Vec<Slot>,
    /// The enum of each group, by group index (named for every group, emitted
    /// only for those that have one: see `GroupKind::has_enum`).
    pub group_enums: Vec<Ident>,
    /// The private struct holding the builder's untracked optional fields
    /// (see `Endpoint::untracked`), when there are any.
    pub optional: Option<Ident>,
}

impl Names {
    pub fn new(model: &Endpoint) -> Names {
        let ident = &model.ident;
        let mut slots = Vec::new();
        for (fi, f) in model.fields.iter().enumerate() {
            if f.is_required() {
                let stem = model::camel(&model::unraw(&f.ident));
                slots.push(Slot {
                    param: format_ident!("__{}", stem),
                    field: f.ident.clone(),
                    kind: SlotKind::Required(fi),
                    stem,
                });
            }
        }
        for (gi, g) in model.groups.iter().enumerate() {
            let stem = model::camel(&g.name.to_string());
            slots.push(Slot {
                param: format_ident!("__{}", stem),
                field: format_ident!("__group_{}", g.name),
                kind: SlotKind::Group(gi),
                stem,
            });
        }
        Names {
            struct_ident: ident.clone(),
            builder: format_ident!("{}Builder", ident),
            optional: model
                .untracked()
                .next()
                .map(|_| format_ident!("__{}BuilderOptional", ident)),
            group_enums: model
                .groups
                .iter()
                .map(|g| format_ident!("{}{}", ident, model::camel(&g.name.to_string())))
                .collect(),
            slots,
        }
    }

    /// The marker trait for one state of a slot, e.g. `__AttachProviderUnset`.
    pub fn state_trait(&self, stem: &str, state: &str) -> Ident {
        format_ident!("__{}{}{}", self.struct_ident, stem, state)
    }

    /// `__Provider, __Identity`
    pub fn params(&self) -> Vec<&Ident> {
        self.slots.iter().map(|s| &s.param).collect()
    }

    /// The builder type with slot `replace` set to `ty` and the others left
    /// generic.
    pub fn builder_ty(&self, replace: Option<(usize, TokenStream)>) -> TokenStream {
        let builder = &self.builder;
        let args = self.slots.iter().enumerate().map(|(i, s)| match &replace {
            Some((r, ty)) if *r == i => ty.clone(),
            _ => {
                let p = &s.param;
                quote!(#p)
            }
        });
        quote!(#builder<#(#args),*>)
    }

    /// The state value type of a set slot: the field's type, or the group's
    /// enum (wrapped in `Option` for at-most-one groups). An at-least-one
    /// group's slot holds `()`: its values are in the untracked struct, the
    /// slot only records that one was set.
    pub fn set_ty(&self, model: &Endpoint, slot: &Slot, rt: &TokenStream) -> TokenStream {
        let inner = match slot.kind {
            SlotKind::Required(fi) => {
                let ty = &model.fields[fi].ty;
                quote!(#ty)
            }
            SlotKind::Group(gi) => {
                let e = &self.group_enums[gi];
                match model.groups[gi].kind {
                    GroupKind::ExactlyOne => quote!(#e),
                    GroupKind::AtMostOne => quote!(::core::option::Option<#e>),
                    GroupKind::AtLeastOne => quote!(()),
                }
            }
        };
        quote!(#rt::Set<#inner>)
    }

    pub fn slot_of_group(&self, gi: usize) -> usize {
        self.slots
            .iter()
            .position(|s| matches!(s.kind, SlotKind::Group(g) if g == gi))
            .unwrap_or(0)
    }

    pub fn slot_of_field(&self, fi: usize) -> Option<usize> {
        self.slots
            .iter()
            .position(|s| matches!(s.kind, SlotKind::Required(f) if f == fi))
    }
}

/// Doc attributes from text, one per line with the space a `///` comment
/// would have, so the expansion prints as ordinary doc comments.
pub fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        let lit = syn::LitStr::new(&line, Span::call_site());
        quote!(#[doc = #lit])
    });
    quote!(#(#lines)*)
}

/// `` `a`, `b` or `c` ``
pub fn member_list(model: &Endpoint, gi: usize, conj: &str) -> String {
    let names: Vec<String> = model.groups[gi]
        .members
        .iter()
        .map(|&fi| format!("`{}`", model.fields[fi].ident))
        .collect();
    match names.split_last() {
        _ if conj == "/" => names.join(" / "),
        Some((last, rest)) if !rest.is_empty() => format!("{} {conj} {last}", rest.join(", ")),
        _ => names.join(", "),
    }
}

/// Everything a correct declaration expands to: the public items (the
/// struct, its builder with its methods, the group enums and the marker
/// traits), then one `const _` block with every other impl.
///
/// The block imports the runtime as `__rt` and the `Option`/`Result`
/// constructors, so the impls read like hand-written code and work in a
/// `no_implicit_prelude` crate. None of these is a name a user would give a
/// type, and the user's tokens reach the block only inside types, so the
/// imports shadow nothing of theirs.
///
/// The builder's own methods stay outside the block: rustc names a method of
/// an impl inside `const _` as `_::<impl AttachBuilder<..>>::send` in its
/// "required by a bound in" notes, and those notes are part of every
/// typestate error a user reads.
pub fn endpoint(model: &Endpoint) -> TokenStream {
    let names = Names::new(model);
    let strukt = parameters_struct(model);
    let builder_items = builder::items(model, &names);
    let group_items = groups::items(model, &names);
    let builder_impls = builder::impls(model, &names);
    let group_impls = groups::impls(model, &names);
    let request = request::emit(model);
    let describe = describe::emit(model);
    let debug = debug::emit(model);
    let accessors = accessors::emit(model);
    let imports = block_imports(model);
    let uses = model.groups.iter().map(|g| use_path(&g.attr_path));
    quote! {
        #strukt
        #builder_items
        #group_items

        const _: () = {
            #(#uses)*
            #imports
            #builder_impls
            #group_impls
            #request
            #describe
            #debug
            #accessors
        };
    }
}

/// The imports at the top of a `const _` block of impls.
pub fn block_imports(model: &Endpoint) -> TokenStream {
    let rt_path = rt_path(model);
    quote! {
        use #rt_path as __rt;
        #[allow(unused_imports)]
        use ::core::{option::Option::{None, Some}, result::Result::Ok};
    }
}

/// Refers to an attribute's path once, so the user's `use` of it does not
/// look unused after `#[endpoint]` consumed the attribute. Goes inside a
/// `const _` block.
pub fn use_path(path: &syn::Path) -> TokenStream {
    quote!(#[allow(unused_imports)] use #path as _;)
}

/// The user's struct, minus our inert attributes.
fn parameters_struct(model: &Endpoint) -> TokenStream {
    let attrs = &model.attrs;
    let vis = &model.vis;
    let ident = &model.ident;
    let fields = model.fields.iter().map(|f| {
        let attrs = &f.attrs;
        let vis = &f.vis;
        let i = &f.ident;
        let ty = &f.ty;
        quote!(#(#attrs)* #vis #i: #ty)
    });
    quote! {
        #(#attrs)*
        #vis struct #ident {
            #(#fields,)*
        }
    }
}
