//! Logging in: OAuth (attach and authenticate), email magic links, OTPs and
//! password reset by session.

use serde_json::json;

use super::{Entry, Reply, entry, object, session_fields, user_fields};
use crate::state::{State, factor};
use crate::{Fail, OAUTH_TEST_TOKEN, OTP_TEST_CODE, ids};
use stytch_endpoints::types::{PhoneNumber, UserPassword};
use stytch_endpoints::{magic_links, oauth, otps, passwords};

pub fn entries() -> Vec<Entry> {
    vec![
        entry::<oauth::Attach>(attach),
        entry::<oauth::Authenticate>(oauth_authenticate),
        entry::<magic_links::SendEmail>(send_email),
        entry::<otps::Authenticate>(otp_authenticate),
        entry::<passwords::ResetBySession>(reset_by_session),
    ]
}

fn attach(state: &State, p: oauth::Attach) -> Reply {
    state.with(|s| s.user_by_any(p.user_id(), p.session_token(), p.session_jwt()))?;
    Ok(object(
        json!({ "oauth_attach_token": format!("oauth-attach-token-test-{}", ids::token()) }),
    ))
}

/// [`OAUTH_TEST_TOKEN`] logs in the demo user as if Google had sent them back.
fn oauth_authenticate(state: &State, p: oauth::Authenticate) -> Reply {
    if p.token() != OAUTH_TEST_TOKEN {
        return Err(Fail::new(
            404,
            "oauth_token_not_found",
            "this OAuth token is unknown or already used",
        ));
    }
    state.with(|s| {
        let existing = s.optional_session(p.session_token(), p.session_jwt())?;
        let user_id = crate::DEMO_USER_ID;
        let ui = s.user_index(user_id)?;
        let si = s.login(
            user_id,
            existing,
            p.session_duration_minutes().copied(),
            factor("oauth", "oauth_google"),
        )?;
        let mut out = object(json!({
            "provider_type": "Google",
            "provider_subject": "10769150350006150715113082367",
            "provider_values": {
                "access_token": format!("local-google-access-{}", ids::token()),
                "refresh_token": null,
                "id_token": null,
                "expires_at": ids::rfc3339(ids::now() + 3600),
                "scopes": ["openid", "email", "profile"],
            },
            "reset_sessions": false,
        }));
        out.append(&mut user_fields(s, ui));
        out.append(&mut session_fields(s, si));
        Ok(out)
    })
}

/// Sends nothing: records that the email belongs to the user and answers as
/// Stytch does. The email must belong to a user unless one is named.
fn send_email(state: &State, p: magic_links::SendEmail) -> Reply {
    state.with(|s| {
        let named = match (p.user_id(), p.session_token(), p.session_jwt()) {
            (None, None, None) => None,
            (id, token, jwt) => Some(s.user_by_any(id, token, jwt)?),
        };
        let owner = s.users.iter().position(|u| {
            u.emails
                .iter()
                .any(|e| e.email.eq_ignore_ascii_case(p.email()))
        });
        let ui = match (named, owner) {
            (Some(n), Some(o)) if n != o => {
                return Err(Fail::new(
                    400,
                    "duplicate_email",
                    "another user already has this email address",
                ));
            }
            (Some(n), _) => n,
            (None, Some(o)) => o,
            (None, None) => {
                return Err(Fail::new(
                    404,
                    "email_not_found",
                    "no user has this email address",
                ));
            }
        };
        let user = &mut s.users[ui];
        let email_id = match user
            .emails
            .iter()
            .find(|e| e.email.eq_ignore_ascii_case(p.email()))
        {
            Some(e) => e.email_id.clone(),
            None => {
                let email = super::users::new_email(p.email());
                let id = email.email_id.clone();
                user.emails.push(email);
                id
            }
        };
        Ok(object(
            json!({ "user_id": user.user_id, "email_id": email_id }),
        ))
    })
}

/// The `method_id` is an email id or phone id of a user; the code is
/// [`OTP_TEST_CODE`]. The factor becomes verified and a pending user active.
fn otp_authenticate(state: &State, p: otps::Authenticate) -> Reply {
    state.with(|s| {
        let mid = p.method_id();
        let (ui, delivery) = s
            .users
            .iter()
            .enumerate()
            .find_map(|(i, u)| {
                if u.emails.iter().any(|e| e.email_id == *mid) {
                    Some((i, "email"))
                } else if u.phone_numbers.iter().any(|x| x.phone_id == *mid) {
                    Some((i, "sms"))
                } else {
                    None
                }
            })
            .ok_or_else(|| {
                Fail::new(
                    404,
                    "otp_code_not_found",
                    "no code was sent to this method_id",
                )
            })?;
        if p.code() != OTP_TEST_CODE {
            return Err(Fail::new(
                404,
                "otp_code_not_found",
                "the code is wrong or has expired",
            ));
        }
        let existing = s.optional_session(p.session_token(), p.session_jwt())?;
        let user = &mut s.users[ui];
        for e in user.emails.iter_mut().filter(|e| e.email_id == *mid) {
            e.verified = true;
        }
        let phones: &mut Vec<PhoneNumber> = &mut user.phone_numbers;
        for x in phones.iter_mut().filter(|x| x.phone_id == *mid) {
            x.verified = true;
        }
        user.status = "active".to_owned();
        let user_id = user.user_id.clone();
        let si = s.login(
            &user_id,
            existing,
            p.session_duration_minutes().copied(),
            factor("otp", delivery),
        )?;
        let mut out = object(json!({ "method_id": mid, "reset_sessions": false }));
        out.append(&mut user_fields(s, ui));
        out.append(&mut session_fields(s, si));
        Ok(out)
    })
}

/// Shortest password accepted.
const MIN_PASSWORD_CHARS: usize = 8;

fn reset_by_session(state: &State, p: passwords::ResetBySession) -> Reply {
    if p.password().chars().count() < MIN_PASSWORD_CHARS {
        return Err(Fail::new(
            400,
            "weak_password",
            "the password needs at least 8 characters",
        ));
    }
    state.with(|s| {
        let si = s
            .optional_session(p.session_token(), p.session_jwt())?
            .ok_or_else(|| Fail::new(400, "invalid_request", "no session named"))?;
        let user_id = s.sessions[si].user_id.clone();
        let ui = s.user_index(&user_id)?;
        let user = &mut s.users[ui];
        let password_id = match &user.password {
            Some(old) => old.password_id.clone(),
            None => ids::id("password"),
        };
        let mut password = UserPassword::default();
        password.password_id = password_id;
        user.password = Some(password);
        if let Some(&minutes) = p.session_duration_minutes() {
            s.sessions[si].extend(minutes);
        }
        // Stytch ends the user's other sessions after a reset.
        let keep = s.sessions[si].session_id.clone();
        s.sessions
            .retain(|x| x.user_id != user_id || x.session_id == keep);
        let si = s.sessions.iter().position(|x| x.session_id == keep);
        let mut out = user_fields(s, ui);
        out.append(&mut session_fields(s, si));
        Ok(out)
    })
}
