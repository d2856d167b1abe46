//! Rules that span attributes: every `{param}` is a field, every group
//! member exists and is optional, no field is in two groups, names do not
//! collide. Also resolves names to field indices in the model.

use std::collections::{HashMap, HashSet};

use crate::ctx::Ctx;
use crate::model::{BodyFormat, Endpoint, GroupKind, Location, PROJECT_ID, unraw};

/// Builder methods that fields and groups must not shadow.
const RESERVED: &[&str] = &["build", "send", "builder"];

pub fn endpoint(model: &mut Endpoint, ctx: &mut Ctx) {
    path_params(model, ctx);
    groups(model, ctx);
    names(model, ctx);
    form_body(model, ctx);
    cursor(model, ctx);
}

/// `cursor = field` names an optional field outside the path and the
/// groups: the iterator sets it for every page after the first.
fn cursor(model: &Endpoint, ctx: &mut Ctx) {
    let Some(name) = &model.cursor else { return };
    let Some(field) = model.fields.iter().find(|f| f.ident == *name) else {
        ctx.error_at(
            name,
            format!("`cursor = {name}` names no field of `{}`", model.ident),
        );
        return;
    };
    if field.is_required() {
        ctx.error_at(
            &field.ty,
            format!("the cursor field `{name}` must be an `Option`: the first page is fetched without it"),
        );
    } else if field.location == Location::Path || field.group.is_some() {
        ctx.error_at(
            name,
            format!("the cursor field `{name}` cannot be a path parameter or a group member"),
        );
    }
}

/// A form body is flat `name=value` pairs: a field that holds JSON (a map,
/// a list, a nested object) has no form encoding. Only the obvious cases
/// are caught here; any other field type must implement `Display`, which
/// the compiler checks.
fn form_body(model: &Endpoint, ctx: &mut Ctx) {
    if model.body_format != BodyFormat::Form {
        return;
    }
    for f in model.fields.iter().filter(|f| f.location == Location::Body) {
        let ty = f.value_ty();
        let text = quote::quote!(#ty).to_string();
        let outer = text.split('<').next().unwrap_or("").trim();
        let last = outer.rsplit("::").next().unwrap_or("").trim();
        if matches!(last, "Vec" | "Map" | "HashMap" | "BTreeMap" | "Value") {
            ctx.error_at(
                &f.ty,
                format!(
                    "`{}` cannot travel in a form body (`body = form` sends flat `name=value` pairs); use a text or number type",
                    f.ident
                ),
            );
        }
    }
}

fn path_params(model: &mut Endpoint, ctx: &mut Ctx) {
    let params: Vec<String> = model.path.params().map(str::to_owned).collect();
    let mut seen = HashSet::new();
    for name in &params {
        if !seen.insert(name.clone()) {
            ctx.error_at(
                &model.path.lit,
                format!("`{{{name}}}` appears twice in the path template"),
            );
            continue;
        }
        match model.fields.iter_mut().find(|f| f.wire == *name) {
            // The client fills it in (`PathContext`).
            None if name == PROJECT_ID => {}
            None => ctx.error_at(
                &model.path.lit,
                format!(
                    "`{{{name}}}` names no field of `{}`; add a field `{name}`",
                    model.ident
                ),
            ),
            Some(field) => {
                field.location = Location::Path;
                if !field.is_required() {
                    ctx.error_at(
                        &field.ty,
                        format!(
                            "path parameter `{name}` must be a required field, not an `Option`"
                        ),
                    );
                }
            }
        }
    }
    for field in &model.fields {
        if field.location == Location::Path && !params.contains(&field.wire) {
            ctx.error_at(
                &field.ident,
                format!(
                    "`{}` is marked `#[param(path)]` but the path template has no `{{{}}}`",
                    field.ident, field.wire
                ),
            );
        }
    }
}

fn groups(model: &mut Endpoint, ctx: &mut Ctx) {
    for gi in 0..model.groups.len() {
        let group = &model.groups[gi];
        let kind = group.kind;
        if group.member_idents.len() < 2 {
            let instead = match kind {
                GroupKind::AtLeastOne => {
                    "a single field that must be set is a required field: drop the `Option` and the group"
                }
                GroupKind::ExactlyOne | GroupKind::AtMostOne => {
                    "a single optional field is just an `Option`"
                }
            };
            ctx.error_span(
                group.span,
                format!(
                    "`#[{}]` needs at least two fields; {instead}",
                    kind.attr_name()
                ),
            );
        }
        let mut members = Vec::new();
        for member in model.groups[gi].member_idents.clone() {
            let Some(fi) = model.fields.iter().position(|f| f.ident == member) else {
                ctx.error_at(
                    &member,
                    format!(
                        "`{member}` in `#[{}]` is not a field of `{}`",
                        kind.attr_name(),
                        model.ident
                    ),
                );
                continue;
            };
            let field = &mut model.fields[fi];
            if members.contains(&fi) {
                ctx.error_at(&member, format!("`{member}` is listed twice in this group"));
                continue;
            }
            if let Some(other) = field.group {
                if other != gi {
                    let first = &model.groups[other];
                    ctx.error_at(
                        &member,
                        format!(
                            "`{member}` is already in the `#[{}]` group `{}`; a field can be in only one group",
                            first.kind.attr_name(),
                            first.name
                        ),
                    );
                    continue;
                }
            }
            if field.is_required() {
                ctx.error_at(
                    &field.ty,
                    format!(
                        "`{member}` is in `#[{}]`, so it must be an `Option<...>`: whether it is set is decided by the group",
                        kind.attr_name()
                    ),
                );
            }
            if field.location == Location::Path {
                ctx.error_at(
                    &member,
                    format!("path parameter `{member}` cannot be in a group"),
                );
            }
            field.group = Some(gi);
            members.push(fi);
        }
        model.groups[gi].members = members;
    }
}

fn names(model: &Endpoint, ctx: &mut Ctx) {
    // The `maybe_` setters the builder will have, each with what it sets:
    // one per optional field outside a group or in an `#[at_least_one_of]`
    // group, one per `#[at_most_one_of]` group.
    let mut maybes: HashMap<String, String> = HashMap::new();
    for f in &model.fields {
        if !f.is_required() && (f.group.is_none() || model.in_at_least_one(f)) {
            maybes.insert(
                format!("maybe_{}", unraw(&f.ident)),
                format!("the optional field `{}`", f.ident),
            );
        }
    }
    for g in model.groups.iter().filter(|g| g.member_idents.len() >= 2) {
        if g.kind == GroupKind::AtMostOne {
            maybes.insert(
                format!("maybe_{}", g.name),
                format!("the group `{}`", g.name),
            );
        }
    }
    let mut taken: HashSet<String> = HashSet::new();
    for f in &model.fields {
        let name = f.ident.to_string();
        let wire = &f.wire;
        if RESERVED.contains(&name.as_str()) || (model.cursor.is_some() && name == "paginate") {
            ctx.error_at(
                &f.ident,
                format!(
                    "a field cannot be called `{name}`: the builder has a `{name}` method; \
                     name the field otherwise and keep its wire name with \
                     `#[param(rename = \"{wire}\")]`"
                ),
            );
        } else if let Some(owner) = maybes.get(&name) {
            ctx.error_at(
                &f.ident,
                format!(
                    "a field cannot be called `{name}`: the builder's `{name}` method sets {owner}; \
                     name the field otherwise and keep its wire name with \
                     `#[param(rename = \"{wire}\")]`"
                ),
            );
        }
        taken.insert(name);
    }
    let mut wires = HashSet::new();
    for f in &model.fields {
        if !wires.insert((f.location == Location::Body, f.wire.clone())) {
            ctx.error_at(
                &f.ident,
                format!("two fields use the wire name `{}`", f.wire),
            );
        }
    }
    for g in model.groups.iter().filter(|g| g.member_idents.len() >= 2) {
        let name = g.name.to_string();
        // An at-least-one group has no method of its own, but its name still
        // names the builder's type parameter, which must not be a field's.
        if let Some(owner) = maybes.get(&name) {
            ctx.error_at(
                &g.name,
                format!(
                    "the group name `{name}` is the builder's `{name}` method that sets {owner}; \
                     choose another with `name = ...`"
                ),
            );
        } else if taken.contains(&name) || RESERVED.contains(&name.as_str()) {
            let what = if g.kind.has_enum() {
                "collides with a builder method"
            } else {
                "is taken by a field or a builder method"
            };
            ctx.error_at(
                &g.name,
                format!("the group name `{name}` {what}; choose another with `name = ...`"),
            );
        }
        taken.insert(name);
    }
}
