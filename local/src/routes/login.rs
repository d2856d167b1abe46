//! Logging in: OAuth (attach and authenticate), email magic links and OTPs
//! (passwords are in `passwords.rs`).

use super::{Entry, Reply, answer, entry, session_parts};
use crate::state::{State, factor};
use crate::{Fail, OAUTH_TEST_TOKEN, OTP_TEST_CODE, ids};
use stytch_endpoints::types::{
    AuthenticationFactor, AuthenticationFactorDeliveryMethod as Delivery,
    AuthenticationFactorType as Kind, EmailFactor, OAuthFactor, OAuthProvider, PhoneNumber,
    PhoneNumberFactor,
};
use stytch_endpoints::{Secret, magic_links, oauth, otps};

pub fn entries() -> Vec<Entry> {
    vec![
        entry::<oauth::Attach>(attach),
        entry::<oauth::Authenticate>(oauth_authenticate),
        entry::<magic_links::SendEmail>(send_email),
        entry::<otps::Authenticate>(otp_authenticate),
    ]
}

fn attach(state: &State, p: oauth::Attach) -> Reply {
    state.with(|s| s.user_by_any(p.user_id(), p.session_token(), p.session_jwt()))?;
    let mut out = oauth::AttachResponse::default();
    out.oauth_attach_token = Secret::new(format!("oauth-attach-token-test-{}", ids::token()));
    Ok(answer(&out))
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
        // The demo user's Google account, linked on first use.
        let user = &mut s.users[ui];
        let link = match user
            .providers
            .iter()
            .find(|x| x.provider_subject == GOOGLE_SUBJECT)
        {
            Some(x) => x.oauth_user_registration_id.clone(),
            None => {
                let mut provider = OAuthProvider::default();
                provider.provider_type = "Google".to_owned();
                provider.provider_subject = GOOGLE_SUBJECT.to_owned();
                provider.locale = "en".to_owned();
                provider.oauth_user_registration_id = ids::id("oauth-user-registration");
                let id = provider.oauth_user_registration_id.clone();
                user.providers.push(provider);
                id
            }
        };
        let mut used = factor(Kind::OAuth, Delivery::OAuthGoogle);
        let mut details = OAuthFactor::default();
        details.id.clone_from(&link);
        details.provider_subject = GOOGLE_SUBJECT.to_owned();
        used.google_oauth_factor = Some(details);
        let si = s.login(
            user_id,
            existing,
            p.session_duration_minutes().copied(),
            used,
        )?;
        let mut out = oauth::AuthenticateResponse::default();
        out.user_id = user_id.to_owned();
        out.provider_subject = GOOGLE_SUBJECT.to_owned();
        out.provider_type = "Google".to_owned();
        (out.user_session, out.session_token, out.session_jwt) = session_parts(s, si);
        out.provider_values.access_token =
            Secret::new(format!("local-google-access-{}", ids::token()));
        out.provider_values.refresh_token =
            Secret::new(format!("local-google-refresh-{}", ids::token()));
        out.provider_values.id_token = Secret::new(ids::jwt(user_id, &link));
        out.provider_values.scopes = ["openid", "email", "profile"].map(str::to_owned).to_vec();
        out.provider_values.expires_at = Some(ids::rfc3339(ids::now() + 3600));
        out.user = s.users[ui].clone();
        out.oauth_user_registration_id = link;
        Ok(answer(&out))
    })
}

/// The demo user's id at Google.
const GOOGLE_SUBJECT: &str = "10769150350006150715113082367";

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
        let mut out = magic_links::SendEmailResponse::default();
        out.user_id.clone_from(&user.user_id);
        out.email_id = email_id;
        Ok(answer(&out))
    })
}

/// The `method_id` is an email id or phone id of a user; the code is
/// [`OTP_TEST_CODE`]. The factor becomes verified and a pending user active.
fn otp_authenticate(state: &State, p: otps::Authenticate) -> Reply {
    state.with(|s| {
        let mid = p.method_id();
        let (ui, used) = s
            .users
            .iter()
            .enumerate()
            .find_map(|(i, u)| {
                if let Some(e) = u.emails.iter().find(|e| e.email_id == *mid) {
                    Some((i, email_factor(&e.email_id, &e.email)))
                } else {
                    u.phone_numbers
                        .iter()
                        .find(|x| x.phone_id == *mid)
                        .map(|x| (i, phone_factor(x)))
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
            used,
        )?;
        let mut out = otps::AuthenticateResponse::default();
        out.user_id = user_id;
        out.method_id.clone_from(mid);
        (out.session, out.session_token, out.session_jwt) = session_parts(s, si);
        out.user = s.users[ui].clone();
        Ok(answer(&out))
    })
}

/// An OTP factor delivered by email.
fn email_factor(email_id: &str, email: &str) -> AuthenticationFactor {
    let mut used = factor(Kind::Otp, Delivery::Email);
    let mut details = EmailFactor::default();
    details.email_id = email_id.to_owned();
    details.email_address = email.to_owned();
    used.email_factor = Some(details);
    used
}

/// An OTP factor delivered by SMS.
fn phone_factor(phone: &PhoneNumber) -> AuthenticationFactor {
    let mut used = factor(Kind::Otp, Delivery::Sms);
    let mut details = PhoneNumberFactor::default();
    details.phone_id.clone_from(&phone.phone_id);
    details.phone_number.clone_from(&phone.phone_number);
    used.phone_number_factor = Some(details);
    used
}
