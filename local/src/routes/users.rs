//! `/v1/users...`: users and their emails and phone numbers.

use serde_json::{Map, Value, json};

use super::{Entry, Reply, entry, object, to_json, user_fields};
use crate::Fail;
use crate::ids;
use crate::state::{Inner, State, new_user};
use stytch_endpoints::types::{Email, PhoneNumber, User};
use stytch_endpoints::users::{self, SearchOperator};

pub fn entries() -> Vec<Entry> {
    vec![
        entry::<users::Create>(create),
        entry::<users::Get>(get),
        entry::<users::Search>(search),
        entry::<users::Update>(update),
        entry::<users::Delete>(delete),
        entry::<users::DeleteEmail>(delete_email),
        entry::<users::DeletePhoneNumber>(delete_phone_number),
        entry::<users::ExchangePrimaryFactor>(exchange_primary_factor),
    ]
}

fn duplicate(s: &Inner, email: Option<&String>, phone: Option<&String>) -> Result<(), Fail> {
    for u in &s.users {
        if email.is_some_and(|e| u.emails.iter().any(|x| x.email.eq_ignore_ascii_case(e))) {
            return Err(Fail::new(
                400,
                "duplicate_email",
                "another user already has this email address",
            ));
        }
        if phone.is_some_and(|p| u.phone_numbers.iter().any(|x| x.phone_number == *p)) {
            return Err(Fail::new(
                400,
                "duplicate_phone_number",
                "another user already has this phone number",
            ));
        }
    }
    Ok(())
}

pub fn new_email(email: &str) -> Email {
    let mut out = Email::default();
    out.email_id = ids::id("email");
    out.email = email.to_owned();
    out
}

fn new_phone(phone_number: &str) -> PhoneNumber {
    let mut out = PhoneNumber::default();
    out.phone_id = ids::id("phone-number");
    out.phone_number = phone_number.to_owned();
    out
}

fn create(state: &State, p: users::Create) -> Reply {
    state.with(|s| {
        duplicate(s, p.email(), p.phone_number())?;
        if let Some(id) = p.external_id() {
            if s.users.iter().any(|u| u.external_id.as_ref() == Some(id)) {
                return Err(Fail::new(
                    400,
                    "duplicate_external_id",
                    "another user already has this external_id",
                ));
            }
        }
        let mut user = new_user(ids::id("user"));
        if p.create_user_as_pending() == Some(&true) {
            user.status = "pending".to_owned();
        }
        user.name = p.name().cloned();
        user.emails.extend(p.email().map(|e| new_email(e)));
        user.phone_numbers
            .extend(p.phone_number().map(|n| new_phone(n)));
        user.trusted_metadata = p.trusted_metadata().cloned().unwrap_or_default();
        user.untrusted_metadata = p.untrusted_metadata().cloned().unwrap_or_default();
        user.external_id = p.external_id().cloned();
        user.roles = p.roles().cloned().unwrap_or_default();
        let mut out = object(json!({
            "email_id": user.emails.first().map(|e| e.email_id.clone()).unwrap_or_default(),
            "phone_id": user.phone_numbers.first().map(|x| x.phone_id.clone()).unwrap_or_default(),
            "status": user.status,
        }));
        s.users.push(user);
        out.append(&mut user_fields(s, s.users.len() - 1));
        Ok(out)
    })
}

fn get(state: &State, p: users::Get) -> Reply {
    // Stytch answers with the user's fields at the top level.
    state.with(|s| Ok(object(to_json(s.user(p.user_id())?))))
}

fn update(state: &State, p: users::Update) -> Reply {
    state.with(|s| {
        let i = s.user_index(p.user_id())?;
        let user = &mut s.users[i];
        if let Some(name) = p.name() {
            user.name = Some(name.clone());
        }
        merge(&mut user.trusted_metadata, p.trusted_metadata());
        merge(&mut user.untrusted_metadata, p.untrusted_metadata());
        if let Some(id) = p.external_id() {
            user.external_id = Some(id.clone());
        }
        if let Some(roles) = p.roles() {
            user.roles = roles.clone();
        }
        Ok(user_fields(s, i))
    })
}

/// Sets the given top-level keys; a `null` value removes the key.
fn merge(into: &mut Map<String, Value>, from: Option<&Map<String, Value>>) {
    for (k, v) in from.into_iter().flatten() {
        if v.is_null() {
            into.remove(k);
        } else {
            into.insert(k.clone(), v.clone());
        }
    }
}

fn delete(state: &State, p: users::Delete) -> Reply {
    state.with(|s| {
        let i = s.user_index(p.user_id())?;
        let user = s.users.remove(i);
        s.sessions.retain(|x| x.user_id != user.user_id);
        s.consents.retain(|c| c.0 != user.user_id);
        Ok(object(json!({ "user_id": user.user_id })))
    })
}

fn delete_email(state: &State, p: users::DeleteEmail) -> Reply {
    state.with(|s| {
        let i = s
            .users
            .iter()
            .position(|u| u.emails.iter().any(|e| e.email_id == *p.email_id()))
            .ok_or_else(|| Fail::new(404, "email_not_found", "no user has this email_id"))?;
        s.users[i].emails.retain(|e| e.email_id != *p.email_id());
        Ok(user_fields(s, i))
    })
}

fn delete_phone_number(state: &State, p: users::DeletePhoneNumber) -> Reply {
    state.with(|s| {
        let i = s
            .users
            .iter()
            .position(|u| u.phone_numbers.iter().any(|x| x.phone_id == *p.phone_id()))
            .ok_or_else(|| Fail::new(404, "phone_number_not_found", "no user has this phone_id"))?;
        s.users[i]
            .phone_numbers
            .retain(|x| x.phone_id != *p.phone_id());
        Ok(user_fields(s, i))
    })
}

fn exchange_primary_factor(state: &State, p: users::ExchangePrimaryFactor) -> Reply {
    state.with(|s| {
        let i = s.user_index(p.user_id())?;
        let factors = s.users[i].emails.len() + s.users[i].phone_numbers.len();
        if factors > 1 {
            return Err(Fail::new(
                400,
                "too_many_primary_factors",
                "the user has more than one email address or phone number",
            ));
        }
        duplicate(s, p.email_address(), p.phone_number())?;
        let user = &mut s.users[i];
        user.emails.clear();
        user.phone_numbers.clear();
        if let Some(email) = p.email_address() {
            let mut added = new_email(email);
            added.verified = true;
            user.emails.push(added);
        }
        if let Some(phone) = p.phone_number() {
            let mut added = new_phone(phone);
            added.verified = true;
            user.phone_numbers.push(added);
        }
        Ok(user_fields(s, i))
    })
}

/// Most users on one page, and the page size when no limit is given.
const MAX_LIMIT: u32 = 1000;
const DEFAULT_LIMIT: u32 = 100;

fn search(state: &State, p: users::Search) -> Reply {
    let start = match p.cursor() {
        None => 0,
        Some(c) => c
            .strip_prefix("local-cursor-")
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| Fail::new(400, "invalid_cursor", "this cursor was not issued here"))?,
    };
    let limit = p
        .limit()
        .copied()
        .unwrap_or(DEFAULT_LIMIT)
        .clamp(1, MAX_LIMIT) as usize;
    state.with(|s| {
        let mut matching = Vec::new();
        for user in &s.users {
            let keep = match p.query() {
                None => true,
                Some(q) => matches(user, q.operator, &q.operands)?,
            };
            if keep {
                matching.push(user);
            }
        }
        let page: Vec<Value> = matching
            .iter()
            .skip(start)
            .take(limit)
            .map(to_json)
            .collect();
        let end = start + page.len();
        let next = (end < matching.len()).then(|| format!("local-cursor-{end}"));
        Ok(object(json!({
            "results": page,
            "results_metadata": { "total": matching.len(), "next_cursor": next },
        })))
    })
}

fn bad_query(message: &str) -> Fail {
    Fail::new(400, "invalid_search_query", message.to_owned())
}

/// Whether `user` matches the operands joined by `operator`. Operands are
/// filters (`filter_name`, `filter_value`) or nested queries.
fn matches(user: &User, operator: SearchOperator, operands: &[Value]) -> Result<bool, Fail> {
    let mut results = Vec::with_capacity(operands.len());
    for operand in operands {
        results.push(if operand.get("operator").is_some() {
            let nested: users::SearchQuery = serde_json::from_value(operand.clone())
                .map_err(|_| bad_query("a nested query needs `operator` and `operands`"))?;
            matches(user, nested.operator, &nested.operands)?
        } else {
            filter(user, operand)?
        });
    }
    Ok(match operator {
        SearchOperator::And => results.iter().all(|&r| r),
        SearchOperator::Or => results.iter().any(|&r| r),
    })
}

fn filter(user: &User, operand: &Value) -> Result<bool, Fail> {
    let name = operand
        .get("filter_name")
        .and_then(Value::as_str)
        .ok_or_else(|| bad_query("each operand needs a `filter_name`"))?;
    let value = operand
        .get("filter_value")
        .ok_or_else(|| bad_query("each operand needs a `filter_value`"))?;
    let strings = || -> Result<Vec<&str>, Fail> {
        value
            .as_array()
            .and_then(|a| a.iter().map(Value::as_str).collect::<Option<Vec<_>>>())
            .ok_or_else(|| bad_query("this filter takes a list of strings"))
    };
    Ok(match name {
        "user_id" => strings()?.contains(&user.user_id.as_str()),
        "email_address" => {
            let wanted = strings()?;
            user.emails
                .iter()
                .any(|e| wanted.iter().any(|w| w.eq_ignore_ascii_case(&e.email)))
        }
        "phone_number" => {
            let wanted = strings()?;
            user.phone_numbers
                .iter()
                .any(|x| wanted.contains(&x.phone_number.as_str()))
        }
        "status" => value.as_str() == Some(user.status.as_str()),
        "full_name_fuzzy" => {
            let needle = value
                .as_str()
                .ok_or_else(|| bad_query("`full_name_fuzzy` takes a string"))?
                .to_lowercase();
            let full = user
                .name
                .iter()
                .flat_map(|n| [&n.first_name, &n.middle_name, &n.last_name])
                .flatten()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            full.contains(&needle)
        }
        _ => {
            return Err(bad_query(
                "the local server knows the filters user_id, email_address, phone_number, status and full_name_fuzzy",
            ));
        }
    })
}
