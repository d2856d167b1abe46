//! `/v1/users...`: users and their emails, phone numbers and other factors.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{Entry, Reply, answer, entry};
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
        entry::<users::DeleteWebAuthnRegistration>(delete_webauthn_registration),
        entry::<users::DeleteBiometricRegistration>(delete_biometric_registration),
        entry::<users::DeleteTotp>(delete_totp),
        entry::<users::DeletePassword>(delete_password),
        entry::<users::DeleteCryptoWallet>(delete_crypto_wallet),
        entry::<users::DeleteOAuthRegistration>(delete_oauth_registration),
        entry::<users::DeleteExternalId>(delete_external_id),
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

pub fn new_phone(phone_number: &str) -> PhoneNumber {
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
        let mut out = users::CreateResponse::default();
        out.user_id.clone_from(&user.user_id);
        if let Some(e) = user.emails.first() {
            out.email_id.clone_from(&e.email_id);
        }
        if let Some(x) = user.phone_numbers.first() {
            out.phone_id.clone_from(&x.phone_id);
        }
        out.status.clone_from(&user.status);
        s.users.push(user.clone());
        out.user = user;
        Ok(answer(&out))
    })
}

fn get(state: &State, p: users::Get) -> Reply {
    // The answer type puts the user's fields at the top level, as Stytch does.
    state.with(|s| {
        let mut out = users::GetResponse::default();
        out.user = s.user(p.user_id())?.clone();
        Ok(answer(&out))
    })
}

/// The answer of the calls that change one user's factors.
fn user_answer(s: &Inner, index: usize) -> Reply {
    let mut out = users::UserResponse::default();
    out.user = s.users[index].clone();
    out.user_id.clone_from(&out.user.user_id);
    Ok(answer(&out))
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
        let mut out = users::UpdateResponse::default();
        out.user_id.clone_from(&user.user_id);
        out.emails.clone_from(&user.emails);
        out.phone_numbers.clone_from(&user.phone_numbers);
        out.crypto_wallets.clone_from(&user.crypto_wallets);
        out.user = user.clone();
        Ok(answer(&out))
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
        s.totps.retain(|t| t.user_id != user.user_id);
        s.passwords.remove(&user.user_id);
        let mut out = users::DeleteResponse::default();
        out.user_id = user.user_id;
        Ok(answer(&out))
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
        user_answer(s, i)
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
        user_answer(s, i)
    })
}

/// The position of the user with a factor that `has` finds, or `missing`.
fn owner_of(s: &Inner, has: impl Fn(&User) -> bool, missing: Fail) -> Result<usize, Fail> {
    s.users.iter().position(has).ok_or(missing)
}

fn delete_webauthn_registration(state: &State, p: users::DeleteWebAuthnRegistration) -> Reply {
    let id = p.webauthn_registration_id();
    state.with(|s| {
        let i = owner_of(
            s,
            |u| {
                u.webauthn_registrations
                    .iter()
                    .any(|r| r.webauthn_registration_id == *id)
            },
            Fail::new(
                404,
                "webauthn_registration_not_found",
                "no user has this webauthn_registration_id",
            ),
        )?;
        s.users[i]
            .webauthn_registrations
            .retain(|r| r.webauthn_registration_id != *id);
        user_answer(s, i)
    })
}

fn delete_biometric_registration(state: &State, p: users::DeleteBiometricRegistration) -> Reply {
    let id = p.biometric_registration_id();
    state.with(|s| {
        let i = owner_of(
            s,
            |u| {
                u.biometric_registrations
                    .iter()
                    .any(|r| r.biometric_registration_id == *id)
            },
            Fail::new(
                404,
                "biometric_registration_not_found",
                "no user has this biometric_registration_id",
            ),
        )?;
        s.users[i]
            .biometric_registrations
            .retain(|r| r.biometric_registration_id != *id);
        user_answer(s, i)
    })
}

/// Removes the factor and its secret and recovery codes.
fn delete_totp(state: &State, p: users::DeleteTotp) -> Reply {
    let id = p.totp_id();
    state.with(|s| {
        let i = owner_of(
            s,
            |u| u.totps.iter().any(|t| t.totp_id == *id),
            Fail::new(404, "totp_not_found", "no user has this totp_id"),
        )?;
        s.users[i].totps.retain(|t| t.totp_id != *id);
        s.totps.retain(|t| t.totp_id != *id);
        user_answer(s, i)
    })
}

fn delete_password(state: &State, p: users::DeletePassword) -> Reply {
    let id = p.password_id();
    state.with(|s| {
        let i = owner_of(
            s,
            |u| u.password.as_ref().is_some_and(|x| x.password_id == *id),
            Fail::new(404, "password_not_found", "no user has this password_id"),
        )?;
        s.users[i].password = None;
        let user_id = s.users[i].user_id.clone();
        s.passwords.remove(&user_id);
        user_answer(s, i)
    })
}

fn delete_crypto_wallet(state: &State, p: users::DeleteCryptoWallet) -> Reply {
    let id = p.crypto_wallet_id();
    state.with(|s| {
        let i = owner_of(
            s,
            |u| u.crypto_wallets.iter().any(|w| w.crypto_wallet_id == *id),
            Fail::new(
                404,
                "crypto_wallet_not_found",
                "no user has this crypto_wallet_id",
            ),
        )?;
        s.users[i]
            .crypto_wallets
            .retain(|w| w.crypto_wallet_id != *id);
        user_answer(s, i)
    })
}

fn delete_oauth_registration(state: &State, p: users::DeleteOAuthRegistration) -> Reply {
    let id = p.oauth_user_registration_id();
    state.with(|s| {
        let i = owner_of(
            s,
            |u| {
                u.providers
                    .iter()
                    .any(|x| x.oauth_user_registration_id == *id)
            },
            Fail::new(
                404,
                "oauth_user_registration_not_found",
                "no user has this oauth_user_registration_id",
            ),
        )?;
        s.users[i]
            .providers
            .retain(|x| x.oauth_user_registration_id != *id);
        user_answer(s, i)
    })
}

/// The user may be named by the external id being removed.
fn delete_external_id(state: &State, p: users::DeleteExternalId) -> Reply {
    state.with(|s| {
        let i = s.user_index(p.user_id())?;
        s.users[i].external_id = None;
        user_answer(s, i)
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
        user_answer(s, i)
    })
}

/// Most users on one page, and the page size when no limit is given.
const MAX_LIMIT: u32 = 1000;
const DEFAULT_LIMIT: u32 = 100;

/// Bounds on one search query, so that neither decoding nor matching it
/// can take long: nesting levels, operands (filters and nested queries)
/// in all, and strings listed by all filters together.
const MAX_QUERY_DEPTH: usize = 8;
const MAX_QUERY_OPERANDS: usize = 100;
const MAX_QUERY_VALUES: usize = 1000;

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
    // The query is checked and compiled before the lock is taken, and the
    // users are matched against a copy after it is released: no request
    // holds the lock for work that grows with what it sent.
    let Some(query) = p.query() else {
        return state.with(|s| Ok(page(s.users.iter(), start, limit)));
    };
    let query = Node::compile(
        &query.operator,
        &mut query.operands.iter().map(Some),
        &mut Budget::default(),
        1,
    )?;
    let users = state.with(|s| s.users.clone());
    Ok(page(
        users.iter().filter(|u| query.matches(u)),
        start,
        limit,
    ))
}

/// One page of `matching` (all of it is walked, for the total).
fn page<'a>(
    matching: impl Iterator<Item = &'a User>,
    start: usize,
    limit: usize,
) -> Map<String, Value> {
    let mut out = users::SearchResponse::default();
    let mut total = 0usize;
    for user in matching {
        if total >= start && out.results.len() < limit {
            out.results.push(user.clone());
        }
        total += 1;
    }
    let end = start + out.results.len();
    out.results_metadata.total = total as u64;
    out.results_metadata.next_cursor = (end < total).then(|| format!("local-cursor-{end}"));
    answer(&out)
}

fn bad_query(message: &str) -> Fail {
    Fail::new(400, "invalid_search_query", message.to_owned())
}

/// A search query, checked and ready to match.
enum Node {
    All(Vec<Node>),
    Any(Vec<Node>),
    UserId(Vec<String>),
    Email(Vec<String>),
    Phone(Vec<String>),
    /// `None` when the value is not a string: it matches nobody.
    Status(Option<String>),
    /// Lower case.
    FullName(String),
}

/// What is left of the limits while a query compiles.
#[derive(Default)]
struct Budget {
    operands: usize,
    values: usize,
}

impl Node {
    /// Checks operands joined by `operator`, at nesting level `depth`
    /// (the top query is level 1), against the limits. An operand that is
    /// not a JSON object comes as `None`.
    fn compile(
        operator: &SearchOperator,
        operands: &mut dyn Iterator<Item = Option<&Map<String, Value>>>,
        budget: &mut Budget,
        depth: usize,
    ) -> Result<Node, Fail> {
        if depth > MAX_QUERY_DEPTH {
            return Err(bad_query(&format!(
                "the query is nested too deep: the local server's limit (depth) is {MAX_QUERY_DEPTH} levels"
            )));
        }
        let all = needs_all(operator)?;
        let mut nodes = Vec::new();
        for operand in operands {
            let operand =
                operand.ok_or_else(|| bad_query("each operand is a filter or a nested query"))?;
            budget.operands += 1;
            if budget.operands > MAX_QUERY_OPERANDS {
                return Err(bad_query(&format!(
                    "the query has too many operands: the local server's limit is {MAX_QUERY_OPERANDS} operands (filters and nested queries) in all"
                )));
            }
            nodes.push(if operand.contains_key("operator") {
                let nested_operator = operand
                    .get("operator")
                    .and_then(|v| SearchOperator::deserialize(v).ok());
                let nested_operands = operand.get("operands").and_then(Value::as_array);
                let (Some(op), Some(list)) = (nested_operator, nested_operands) else {
                    return Err(bad_query("a nested query needs `operator` and `operands`"));
                };
                Node::compile(
                    &op,
                    &mut list.iter().map(Value::as_object),
                    budget,
                    depth + 1,
                )?
            } else {
                filter(operand, budget)?
            });
        }
        Ok(if all {
            Node::All(nodes)
        } else {
            Node::Any(nodes)
        })
    }

    fn matches(&self, user: &User) -> bool {
        match self {
            Node::All(nodes) => nodes.iter().all(|n| n.matches(user)),
            Node::Any(nodes) => nodes.iter().any(|n| n.matches(user)),
            Node::UserId(ids) => ids.contains(&user.user_id),
            Node::Email(wanted) => user
                .emails
                .iter()
                .any(|e| wanted.iter().any(|w| w.eq_ignore_ascii_case(&e.email))),
            Node::Phone(wanted) => user
                .phone_numbers
                .iter()
                .any(|x| wanted.contains(&x.phone_number)),
            Node::Status(status) => status.as_deref() == Some(user.status.as_str()),
            Node::FullName(needle) => {
                let full = user
                    .name
                    .iter()
                    .flat_map(|n| [&n.first_name, &n.middle_name, &n.last_name])
                    .flatten()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase();
                full.contains(needle.as_str())
            }
        }
    }
}

/// Whether `operator` needs every operand to match (`AND`) or one (`OR`).
/// The request decodes any string as an operator (so that the client never
/// fails on one Stytch adds); the others are refused here, in the shape of
/// a request that does not decode.
fn needs_all(operator: &SearchOperator) -> Result<bool, Fail> {
    match operator {
        SearchOperator::And => Ok(true),
        SearchOperator::Or => Ok(false),
        _ => Err(Fail::new(
            400,
            "invalid_request",
            format!("field `query` has an unknown operator `{operator}`: use AND or OR"),
        )),
    }
}

fn filter(operand: &Map<String, Value>, budget: &mut Budget) -> Result<Node, Fail> {
    let name = operand
        .get("filter_name")
        .and_then(Value::as_str)
        .ok_or_else(|| bad_query("each operand needs a `filter_name`"))?;
    let value = operand
        .get("filter_value")
        .ok_or_else(|| bad_query("each operand needs a `filter_value`"))?;
    let mut strings = || -> Result<Vec<String>, Fail> {
        let list = value
            .as_array()
            .ok_or_else(|| bad_query("this filter takes a list of strings"))?;
        budget.values += list.len();
        if budget.values > MAX_QUERY_VALUES {
            return Err(bad_query(&format!(
                "the query lists too many values: the local server's limit is {MAX_QUERY_VALUES} values in all filters together"
            )));
        }
        list.iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| bad_query("this filter takes a list of strings"))
    };
    Ok(match name {
        "user_id" => Node::UserId(strings()?),
        "email_address" => Node::Email(strings()?),
        "phone_number" => Node::Phone(strings()?),
        "status" => Node::Status(value.as_str().map(str::to_owned)),
        "full_name_fuzzy" => Node::FullName(
            value
                .as_str()
                .ok_or_else(|| bad_query("`full_name_fuzzy` takes a string"))?
                .to_lowercase(),
        ),
        _ => {
            return Err(bad_query(
                "the local server knows the filters user_id, email_address, phone_number, status and full_name_fuzzy",
            ));
        }
    })
}
