//! Magic links and one-time passcodes: the sending calls put a real link
//! token or code in the outbox (against the user's email or phone number),
//! the authenticate calls redeem it once, before it expires, and log the
//! user in through `Inner::login`.
//!
//! Fixed test values still work beside them: [`OTP_TEST_CODE`] for any
//! email or phone number a user has, and [`MAGIC_LINK_TEST_TOKEN`] for the
//! demo user.

use ring::digest;
use serde_json::{Map, Value};

use super::{Entry, Reply, answer, entry, session_parts};
use crate::outbox::{Channel, Draft, Purpose, Refused, SentMessage};
use crate::state::{Inner, State, factor, new_user};
use crate::{DEMO_USER_ID, Fail, MAGIC_LINK_TEST_TOKEN, OTP_TEST_CODE, ids};
use stytch_endpoints::types::{
    AuthenticationFactor, AuthenticationFactorDeliveryMethod as Delivery,
    AuthenticationFactorType as Kind, EmailFactor, EmbeddableMagicLinkFactor, PhoneNumberFactor,
};
use stytch_endpoints::{Secret, magic_links, otps};

pub fn entries() -> Vec<Entry> {
    vec![
        entry::<magic_links::SendEmail>(magic_send_email),
        entry::<magic_links::LoginOrCreateEmail>(magic_login_or_create),
        entry::<magic_links::Invite>(invite),
        entry::<magic_links::RevokeInvite>(revoke_invite),
        entry::<magic_links::Create>(create_embedded),
        entry::<magic_links::Authenticate>(magic_authenticate),
        entry::<otps::SendSms>(send_sms),
        entry::<otps::LoginOrCreateSms>(login_or_create_sms),
        entry::<otps::SendWhatsApp>(send_whatsapp),
        entry::<otps::LoginOrCreateWhatsApp>(login_or_create_whatsapp),
        entry::<otps::SendEmail>(otp_send_email),
        entry::<otps::LoginOrCreateEmail>(otp_login_or_create_email),
        entry::<otps::Authenticate>(otp_authenticate),
    ]
}

/// Magic-link lifetimes in minutes (Stytch's defaults and bounds): a login
/// link lasts an hour, a sign-up link a week, an invitation or embeddable
/// token an hour; any of them may be set from 5 minutes to 7 days.
const LOGIN_LINK_MINUTES: u32 = 60;
const SIGNUP_LINK_MINUTES: u32 = 7 * 24 * 60;
const INVITE_LINK_MINUTES: u32 = 60;
const EMBEDDED_LINK_MINUTES: u32 = 60;
const LINK_MINUTES: (u32, u32) = (5, 7 * 24 * 60);
/// Passcode lifetime in minutes: 2 by default, 1 to 10.
const CODE_MINUTES: u32 = 2;
const CODE_BOUNDS: (u32, u32) = (1, 10);

/// The magic links `magic_links::Authenticate` redeems.
const LINK_PURPOSES: &[Purpose] = &[
    Purpose::MagicLink,
    Purpose::Invite,
    Purpose::EmbeddedMagicLink,
];

/// Which kind of address a link or code goes to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Address {
    Email,
    Phone,
}

impl Address {
    fn not_found(self) -> Fail {
        match self {
            Address::Email => Fail::new(404, "email_not_found", "no user has this email address"),
            Address::Phone => Fail::new(
                404,
                "phone_number_not_found",
                "no user has this phone number",
            ),
        }
    }

    fn duplicate(self) -> Fail {
        match self {
            Address::Email => Fail::new(
                400,
                "duplicate_email",
                "another user already has this email address",
            ),
            Address::Phone => Fail::new(
                400,
                "duplicate_phone_number",
                "another user already has this phone number",
            ),
        }
    }

    /// Refuses an address Stytch would not send to.
    fn check(self, address: &str) -> Result<(), Fail> {
        match self {
            Address::Email => {
                let ok = address.split_once('@').is_some_and(|(local, domain)| {
                    !local.is_empty()
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                        && !address.contains(char::is_whitespace)
                });
                if ok {
                    Ok(())
                } else {
                    Err(Fail::new(
                        400,
                        "invalid_email",
                        "the email address is invalid",
                    ))
                }
            }
            Address::Phone => {
                // E.164: a plus sign, then 8 to 15 digits.
                let digits = address.strip_prefix('+').unwrap_or("");
                if (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
                    Ok(())
                } else {
                    Err(Fail::new(
                        400,
                        "invalid_phone_number",
                        "the phone number must be in E.164 form, e.g. +12025550162",
                    ))
                }
            }
        }
    }
}

/// The user that has `address`, and the id of that email or phone number.
fn owner_of(s: &Inner, kind: Address, address: &str) -> Option<(usize, String)> {
    s.users.iter().enumerate().find_map(|(i, u)| match kind {
        Address::Email => u
            .emails
            .iter()
            .find(|e| e.email.eq_ignore_ascii_case(address))
            .map(|e| (i, e.email_id.clone())),
        Address::Phone => u
            .phone_numbers
            .iter()
            .find(|x| x.phone_number == address)
            .map(|x| (i, x.phone_id.clone())),
    })
}

/// Adds `address` to user `ui` (unverified) and returns its new id.
fn add_address(s: &mut Inner, ui: usize, kind: Address, address: &str) -> String {
    let user = &mut s.users[ui];
    match kind {
        Address::Email => {
            let email = super::users::new_email(address);
            let id = email.email_id.clone();
            user.emails.push(email);
            id
        }
        Address::Phone => {
            let phone = super::users::new_phone(address);
            let id = phone.phone_id.clone();
            user.phone_numbers.push(phone);
            id
        }
    }
}

/// Who a `send` call sends to: the user named by id or session (the
/// address is added to them if they lack it), else the user that has the
/// address. Returns (user index, method id).
fn send_target(
    s: &mut Inner,
    kind: Address,
    address: &str,
    user_id: Option<&String>,
    token: Option<&String>,
    jwt: Option<&String>,
) -> Result<(usize, String), Fail> {
    let named = match (user_id, token, jwt) {
        (None, None, None) => None,
        (id, token, jwt) => Some(s.user_by_any(id, token, jwt)?),
    };
    match (named, owner_of(s, kind, address)) {
        (Some(n), Some((o, _))) if n != o => Err(kind.duplicate()),
        (Some(_), Some((o, id))) | (None, Some((o, id))) => Ok((o, id)),
        (Some(n), None) => Ok((n, add_address(s, n, kind, address))),
        (None, None) => Err(kind.not_found()),
    }
}

/// Who a `login_or_create` call sends to: the user that has the address,
/// or a new one (`pending` when asked). Returns (user index, method id,
/// whether the user was created).
fn login_or_create_target(
    s: &mut Inner,
    kind: Address,
    address: &str,
    pending: bool,
) -> (usize, String, bool) {
    if let Some((ui, id)) = owner_of(s, kind, address) {
        return (ui, id, false);
    }
    let mut user = new_user(ids::id("user"));
    user.created_at = Some(ids::rfc3339(s.now()));
    if pending {
        user.status = "pending".to_owned();
    }
    s.users.push(user);
    let ui = s.users.len() - 1;
    let id = add_address(s, ui, kind, address);
    (ui, id, true)
}

/// `given`, or `default`, within `bounds` (else `error_type`).
fn minutes(
    given: Option<&u32>,
    default: u32,
    (min, max): (u32, u32),
    error_type: &'static str,
    name: &str,
) -> Result<u32, Fail> {
    let minutes = given.copied().unwrap_or(default);
    if (min..=max).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(Fail::new(
            400,
            error_type,
            format!("{name} must be between {min} and {max}"),
        ))
    }
}

fn link_minutes(given: Option<&u32>, default: u32, name: &str) -> Result<u32, Fail> {
    minutes(given, default, LINK_MINUTES, "invalid_expiration", name)
}

fn code_minutes(given: Option<&u32>) -> Result<u32, Fail> {
    minutes(
        given,
        CODE_MINUTES,
        CODE_BOUNDS,
        "invalid_expiration_otp",
        "expiration_minutes",
    )
}

/// Puts a message in the outbox for user `ui`.
#[allow(clippy::too_many_arguments, reason = "one call per field of the draft")]
fn post(
    s: &mut Inner,
    purpose: Purpose,
    channel: Channel,
    to: &str,
    ui: usize,
    method_id: &str,
    minutes: u32,
    link: Option<&String>,
    code_challenge: Option<&String>,
) -> SentMessage {
    let draft = Draft {
        purpose,
        channel,
        to: to.to_owned(),
        user_id: s.users[ui].user_id.clone(),
        method_id: method_id.to_owned(),
        minutes,
        link: link.cloned(),
        code_challenge: code_challenge.cloned(),
    };
    let now = s.now();
    s.outbox.send(draft, now)
}

/// The two lifetimes a send call may give, checked; the one that applies
/// is the sign-up one for a `pending` user, the login one otherwise.
struct LinkChoice<'a> {
    login_minutes: u32,
    signup_minutes: u32,
    login_url: Option<&'a String>,
    signup_url: Option<&'a String>,
}

impl<'a> LinkChoice<'a> {
    fn new(
        login: Option<&u32>,
        signup: Option<&u32>,
        login_url: Option<&'a String>,
        signup_url: Option<&'a String>,
    ) -> Result<Self, Fail> {
        Ok(LinkChoice {
            login_minutes: link_minutes(login, LOGIN_LINK_MINUTES, "login_expiration_minutes")?,
            signup_minutes: link_minutes(signup, SIGNUP_LINK_MINUTES, "signup_expiration_minutes")?,
            login_url,
            signup_url,
        })
    }

    fn pick(&self, signup: bool) -> (u32, Option<&'a String>) {
        if signup {
            (self.signup_minutes, self.signup_url)
        } else {
            (self.login_minutes, self.login_url)
        }
    }
}

/// Sends a magic link to an address a user has (or that a named user
/// gets). The email must belong to a user unless one is named.
fn magic_send_email(state: &State, p: magic_links::SendEmail) -> Reply {
    Address::Email.check(p.email())?;
    let choice = LinkChoice::new(
        p.login_expiration_minutes(),
        p.signup_expiration_minutes(),
        p.login_magic_link_url(),
        p.signup_magic_link_url(),
    )?;
    state.with(|s| {
        let (ui, email_id) = send_target(
            s,
            Address::Email,
            p.email(),
            p.user_id(),
            p.session_token(),
            p.session_jwt(),
        )?;
        let (minutes, url) = choice.pick(s.users[ui].status == "pending");
        post(
            s,
            Purpose::MagicLink,
            Channel::Email,
            p.email(),
            ui,
            &email_id,
            minutes,
            url,
            p.code_challenge(),
        );
        let mut out = magic_links::SendEmailResponse::default();
        out.user_id.clone_from(&s.users[ui].user_id);
        out.email_id = email_id;
        Ok(answer(&out))
    })
}

fn magic_login_or_create(state: &State, p: magic_links::LoginOrCreateEmail) -> Reply {
    Address::Email.check(p.email())?;
    let choice = LinkChoice::new(
        p.login_expiration_minutes(),
        p.signup_expiration_minutes(),
        p.login_magic_link_url(),
        p.signup_magic_link_url(),
    )?;
    state.with(|s| {
        let pending = p.create_user_as_pending() == Some(&true);
        let (ui, email_id, created) = login_or_create_target(s, Address::Email, p.email(), pending);
        // A new or pending user gets a sign-up link, an active one a login link.
        let (minutes, url) = choice.pick(created || s.users[ui].status == "pending");
        post(
            s,
            Purpose::MagicLink,
            Channel::Email,
            p.email(),
            ui,
            &email_id,
            minutes,
            url,
            p.code_challenge(),
        );
        let mut out = magic_links::LoginOrCreateEmailResponse::default();
        out.user_id.clone_from(&s.users[ui].user_id);
        out.email_id = email_id;
        out.user_created = created;
        Ok(answer(&out))
    })
}

/// Creates a pending user for a new address (or invites a pending one
/// again); an address of an active user is refused.
fn invite(state: &State, p: magic_links::Invite) -> Reply {
    Address::Email.check(p.email())?;
    let minutes = link_minutes(
        p.invite_expiration_minutes(),
        INVITE_LINK_MINUTES,
        "invite_expiration_minutes",
    )?;
    state.with(|s| {
        let (ui, email_id) = match owner_of(s, Address::Email, p.email()) {
            Some((ui, _)) if s.users[ui].status != "pending" => {
                return Err(Fail::new(
                    400,
                    "duplicate_email",
                    "an active user already has this email address; send them a login link",
                ));
            }
            Some(found) => found,
            None => {
                let (ui, id, _) = login_or_create_target(s, Address::Email, p.email(), true);
                let user = &mut s.users[ui];
                user.name = p.name().cloned();
                user.trusted_metadata = p.trusted_metadata().cloned().unwrap_or_default();
                user.untrusted_metadata = p.untrusted_metadata().cloned().unwrap_or_default();
                (ui, id)
            }
        };
        post(
            s,
            Purpose::Invite,
            Channel::Email,
            p.email(),
            ui,
            &email_id,
            minutes,
            p.invite_magic_link_url(),
            None,
        );
        let mut out = magic_links::InviteResponse::default();
        out.user_id.clone_from(&s.users[ui].user_id);
        out.email_id = email_id;
        Ok(answer(&out))
    })
}

/// Retires every unused invitation link to the address. The invited user
/// stays (`pending`).
fn revoke_invite(state: &State, p: magic_links::RevokeInvite) -> Reply {
    state.with(|s| {
        if s.outbox.revoke(Purpose::Invite, p.email()) == 0 {
            return Err(Fail::new(
                404,
                "email_not_found",
                "no pending invitation was sent to this email address",
            ));
        }
        Ok(answer(&magic_links::RevokeInviteResponse::default()))
    })
}

/// An embeddable token: kept in the outbox (to the user's id) so it works
/// once and expires, but returned in the answer instead of being sent.
fn create_embedded(state: &State, p: magic_links::Create) -> Reply {
    let minutes = link_minutes(
        p.expiration_minutes(),
        EMBEDDED_LINK_MINUTES,
        "expiration_minutes",
    )?;
    state.with(|s| {
        let ui = s.user_index(p.user_id())?;
        let user_id = s.users[ui].user_id.clone();
        let sent = post(
            s,
            Purpose::EmbeddedMagicLink,
            Channel::Answer,
            &user_id,
            ui,
            &user_id,
            minutes,
            None,
            None,
        );
        let mut out = magic_links::CreateResponse::default();
        out.user_id = user_id;
        out.token = Secret::new(sent.secret());
        Ok(answer(&out))
    })
}

/// Why a magic-link token was refused, as Stytch says it: an unknown token
/// is `404 magic_link_not_found`, a used or expired one `401
/// unable_to_auth_magic_link`.
fn link_refused(why: Refused) -> Fail {
    match why {
        Refused::Unknown => Fail::new(
            404,
            "magic_link_not_found",
            "no magic link has this token; send another one",
        ),
        Refused::Used | Refused::Expired => {
            why.into_fail(401, "unable_to_auth_magic_link", "magic link")
        }
    }
}

/// base64url (no padding) of the SHA-256 of `verifier`: PKCE's S256.
fn s256(verifier: &str) -> String {
    stytch_endpoints::runtime::jwt::base64url_encode(
        digest::digest(&digest::SHA256, verifier.as_bytes()).as_ref(),
    )
}

/// A link sent with a challenge needs the verifier whose S256 it is; a link
/// sent without one takes no verifier.
fn check_pkce(challenge: Option<&String>, verifier: Option<&String>) -> Result<(), Fail> {
    match (challenge, verifier) {
        (None, None) => Ok(()),
        (None, Some(_)) => Err(Fail::new(
            400,
            "pkce_did_not_expect_code_verifier",
            "the link was sent without a code_challenge, so no code_verifier is expected",
        )),
        (Some(_), None) => Err(Fail::new(
            400,
            "pkce_expected_code_verifier",
            "the link was sent with a code_challenge: send its code_verifier",
        )),
        (Some(c), Some(v)) => {
            let expected = s256(v);
            let given = c.trim_end_matches('=');
            // Compared without an early exit.
            let same = expected.len() == given.len()
                && expected
                    .bytes()
                    .zip(given.bytes())
                    .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                    == 0;
            if same {
                Ok(())
            } else {
                Err(Fail::new(
                    400,
                    "pkce_mismatch",
                    "the code_verifier does not match the code_challenge the link was sent with",
                ))
            }
        }
    }
}

/// Refuses a session of another user before a token or code is spent on
/// it (`Inner::login` would refuse it afterwards).
fn check_session_owner(s: &Inner, existing: Option<usize>, user_id: &str) -> Result<(), Fail> {
    match existing {
        Some(si) if s.sessions[si].user_id != user_id => Err(Fail::new(
            400,
            "session_user_mismatch",
            "the session belongs to a different user",
        )),
        _ => Ok(()),
    }
}

/// Adds `claims` to the session's JWT claims and signs a fresh JWT.
fn add_claims(s: &mut Inner, si: Option<usize>, claims: Option<&Map<String, Value>>) {
    let (Some(si), Some(claims)) = (si, claims) else {
        return;
    };
    let project_id = s.project_id.clone();
    let now = s.now();
    let session = &mut s.sessions[si];
    for (k, v) in claims {
        session.custom_claims.insert(k.clone(), v.clone());
    }
    session.mint_jwt(&project_id, now);
}

fn magic_authenticate(state: &State, p: magic_links::Authenticate) -> Reply {
    state.with(|s| {
        let now = s.now();
        let existing = s.optional_session(p.session_token(), p.session_jwt())?;
        // (user id, method id, factor, purpose): the test token stands for
        // an embeddable link of the demo user that never runs out.
        let (user_id, method_id, used, redeem) = if p.token() == MAGIC_LINK_TEST_TOKEN {
            check_pkce(None, p.code_verifier())?;
            let user_id = DEMO_USER_ID.to_owned();
            (
                user_id.clone(),
                user_id.clone(),
                embedded_factor(&user_id),
                false,
            )
        } else {
            let sent = s
                .outbox
                .peek_token(LINK_PURPOSES, p.token(), now)
                .map_err(link_refused)?;
            check_pkce(sent.code_challenge.as_ref(), p.code_verifier())?;
            let used = match sent.purpose {
                Purpose::EmbeddedMagicLink => embedded_factor(&sent.user_id),
                _ => link_factor(&sent.method_id, &sent.to),
            };
            (sent.user_id.clone(), sent.method_id.clone(), used, true)
        };
        let ui = s.user_index(&user_id)?;
        check_session_owner(s, existing, &user_id)?;
        if redeem {
            let sent = s
                .outbox
                .redeem_token(LINK_PURPOSES, p.token(), now)
                .map_err(link_refused)?;
            if sent.purpose != Purpose::EmbeddedMagicLink {
                // The email the link went to is proven now.
                for e in s.users[ui]
                    .emails
                    .iter_mut()
                    .filter(|e| e.email_id == sent.method_id)
                {
                    e.verified = true;
                }
            }
        }
        s.users[ui].status = "active".to_owned();
        let si = s.login(
            &user_id,
            existing,
            p.session_duration_minutes().copied(),
            used,
        )?;
        add_claims(s, si, p.session_custom_claims());
        let mut out = magic_links::AuthenticateResponse::default();
        out.user_id = user_id;
        out.method_id = method_id;
        (out.session, out.session_token, out.session_jwt) = session_parts(s, si);
        out.user = s.users[ui].clone();
        Ok(answer(&out))
    })
}

/// A magic-link factor delivered by email.
fn link_factor(email_id: &str, email: &str) -> AuthenticationFactor {
    let mut used = factor(Kind::MagicLink, Delivery::Email);
    let mut details = EmailFactor::default();
    details.email_id = email_id.to_owned();
    details.email_address = email.to_owned();
    used.email_factor = Some(details);
    used
}

/// An embeddable magic-link factor (the app delivered the token).
fn embedded_factor(user_id: &str) -> AuthenticationFactor {
    let mut used = factor(Kind::MagicLink, Delivery::Embedded);
    let mut details = EmbeddableMagicLinkFactor::default();
    details.embedded_id = user_id.to_owned();
    used.embeddable_magic_link_factor = Some(details);
    used
}

/// What every OTP send and login-or-create shares.
struct CodeRequest<'a> {
    channel: Channel,
    address: &'a String,
    expiration_minutes: Option<&'a u32>,
}

impl CodeRequest<'_> {
    /// An email code goes to an email address; text and WhatsApp codes to a
    /// phone number.
    fn kind(&self) -> Address {
        match self.channel {
            Channel::Email => Address::Email,
            _ => Address::Phone,
        }
    }

    /// Sends to an existing (or named) user: (user id, method id).
    fn send(
        &self,
        state: &State,
        user_id: Option<&String>,
        token: Option<&String>,
        jwt: Option<&String>,
    ) -> Result<(String, String), Fail> {
        self.kind().check(self.address)?;
        let minutes = code_minutes(self.expiration_minutes)?;
        state.with(|s| {
            let (ui, method_id) = send_target(s, self.kind(), self.address, user_id, token, jwt)?;
            self.post(s, ui, &method_id, minutes);
            Ok((s.users[ui].user_id.clone(), method_id))
        })
    }

    /// Sends to the address's user, created when needed: (user id, method
    /// id, created).
    fn login_or_create(
        &self,
        state: &State,
        pending: Option<&bool>,
    ) -> Result<(String, String, bool), Fail> {
        self.kind().check(self.address)?;
        let minutes = code_minutes(self.expiration_minutes)?;
        state.with(|s| {
            let (ui, method_id, created) =
                login_or_create_target(s, self.kind(), self.address, pending == Some(&true));
            self.post(s, ui, &method_id, minutes);
            Ok((s.users[ui].user_id.clone(), method_id, created))
        })
    }

    fn post(&self, s: &mut Inner, ui: usize, method_id: &str, minutes: u32) {
        post(
            s,
            Purpose::Otp,
            self.channel,
            self.address,
            ui,
            method_id,
            minutes,
            None,
            None,
        );
    }
}

fn send_sms(state: &State, p: otps::SendSms) -> Reply {
    let request = CodeRequest {
        channel: Channel::Sms,
        address: p.phone_number(),
        expiration_minutes: p.expiration_minutes(),
    };
    let (user_id, phone_id) =
        request.send(state, p.user_id(), p.session_token(), p.session_jwt())?;
    let mut out = otps::SendSmsResponse::default();
    (out.user_id, out.phone_id) = (user_id, phone_id);
    Ok(answer(&out))
}

fn login_or_create_sms(state: &State, p: otps::LoginOrCreateSms) -> Reply {
    let request = CodeRequest {
        channel: Channel::Sms,
        address: p.phone_number(),
        expiration_minutes: p.expiration_minutes(),
    };
    let (user_id, phone_id, created) =
        request.login_or_create(state, p.create_user_as_pending())?;
    let mut out = otps::LoginOrCreateSmsResponse::default();
    (out.user_id, out.phone_id, out.user_created) = (user_id, phone_id, created);
    Ok(answer(&out))
}

fn send_whatsapp(state: &State, p: otps::SendWhatsApp) -> Reply {
    let request = CodeRequest {
        channel: Channel::WhatsApp,
        address: p.phone_number(),
        expiration_minutes: p.expiration_minutes(),
    };
    let (user_id, phone_id) =
        request.send(state, p.user_id(), p.session_token(), p.session_jwt())?;
    let mut out = otps::SendWhatsAppResponse::default();
    (out.user_id, out.phone_id) = (user_id, phone_id);
    Ok(answer(&out))
}

fn login_or_create_whatsapp(state: &State, p: otps::LoginOrCreateWhatsApp) -> Reply {
    let request = CodeRequest {
        channel: Channel::WhatsApp,
        address: p.phone_number(),
        expiration_minutes: p.expiration_minutes(),
    };
    let (user_id, phone_id, created) =
        request.login_or_create(state, p.create_user_as_pending())?;
    let mut out = otps::LoginOrCreateWhatsAppResponse::default();
    (out.user_id, out.phone_id, out.user_created) = (user_id, phone_id, created);
    Ok(answer(&out))
}

fn otp_send_email(state: &State, p: otps::SendEmail) -> Reply {
    let request = CodeRequest {
        channel: Channel::Email,
        address: p.email(),
        expiration_minutes: p.expiration_minutes(),
    };
    let (user_id, email_id) =
        request.send(state, p.user_id(), p.session_token(), p.session_jwt())?;
    let mut out = otps::SendEmailResponse::default();
    (out.user_id, out.email_id) = (user_id, email_id);
    Ok(answer(&out))
}

fn otp_login_or_create_email(state: &State, p: otps::LoginOrCreateEmail) -> Reply {
    let request = CodeRequest {
        channel: Channel::Email,
        address: p.email(),
        expiration_minutes: p.expiration_minutes(),
    };
    let (user_id, email_id, created) =
        request.login_or_create(state, p.create_user_as_pending())?;
    let mut out = otps::LoginOrCreateEmailResponse::default();
    (out.user_id, out.email_id, out.user_created) = (user_id, email_id, created);
    Ok(answer(&out))
}

/// The newest code sent to `method_id` must match (once, before it
/// expires); [`OTP_TEST_CODE`] is accepted for any email or phone number a
/// user has. The factor becomes verified and a pending user active.
fn otp_authenticate(state: &State, p: otps::Authenticate) -> Reply {
    state.with(|s| {
        let now = s.now();
        let mid = p.method_id();
        let not_found = || {
            Fail::new(
                404,
                "otp_code_not_found",
                "no code matches this method_id; it may be wrong, used or expired",
            )
        };
        let existing = s.optional_session(p.session_token(), p.session_jwt())?;
        // A phone's factor says how the code travelled: by WhatsApp when the
        // newest code to it went that way, else by SMS.
        let by_whatsapp = s
            .outbox
            .last_code_for(mid)
            .is_some_and(|m| m.channel == Channel::WhatsApp);
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
                        .map(|x| (i, phone_factor(&x.phone_id, &x.phone_number, by_whatsapp)))
                }
            })
            .ok_or_else(not_found)?;
        let user_id = s.users[ui].user_id.clone();
        check_session_owner(s, existing, &user_id)?;
        if p.code() != OTP_TEST_CODE {
            s.outbox
                .redeem_code(mid, p.code(), now)
                .map_err(|why| why.into_fail(404, "otp_code_not_found", "code"))?;
        }
        let user = &mut s.users[ui];
        for e in user.emails.iter_mut().filter(|e| e.email_id == *mid) {
            e.verified = true;
        }
        for x in user.phone_numbers.iter_mut().filter(|x| x.phone_id == *mid) {
            x.verified = true;
        }
        user.status = "active".to_owned();
        let si = s.login(
            &user_id,
            existing,
            p.session_duration_minutes().copied(),
            used,
        )?;
        add_claims(s, si, p.session_custom_claims());
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

/// An OTP factor delivered by SMS or WhatsApp.
fn phone_factor(phone_id: &str, phone_number: &str, by_whatsapp: bool) -> AuthenticationFactor {
    let delivery = if by_whatsapp {
        Delivery::Whatsapp
    } else {
        Delivery::Sms
    };
    let mut used = factor(Kind::Otp, delivery);
    let mut details = PhoneNumberFactor::default();
    details.phone_id = phone_id.to_owned();
    details.phone_number = phone_number.to_owned();
    used.phone_number_factor = Some(details);
    used
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7636, appendix B.
    #[test]
    fn s256_matches_rfc_7636() {
        assert_eq!(
            s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn pkce_needs_the_matching_verifier_exactly_when_a_challenge_was_set() {
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".to_owned();
        let right = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".to_owned();
        let wrong = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXl".to_owned();
        let kind = |r: Result<(), Fail>| r.err().map(|f| f.error_type);
        assert_eq!(kind(check_pkce(None, None)), None);
        assert_eq!(kind(check_pkce(Some(&challenge), Some(&right))), None);
        assert_eq!(
            kind(check_pkce(Some(&challenge), Some(&wrong))).as_deref(),
            Some("pkce_mismatch")
        );
        assert_eq!(
            kind(check_pkce(Some(&challenge), None)).as_deref(),
            Some("pkce_expected_code_verifier")
        );
        assert_eq!(
            kind(check_pkce(None, Some(&right))).as_deref(),
            Some("pkce_did_not_expect_code_verifier")
        );
    }

    #[test]
    fn addresses_are_checked_as_stytch_would() {
        for ok in ["ada@example.com", "a.b+c@mail.example.org"] {
            assert!(Address::Email.check(ok).is_ok(), "{ok}");
        }
        for bad in [
            "ada",
            "@example.com",
            "ada@example",
            "ada@.com",
            "a da@example.com",
        ] {
            assert!(Address::Email.check(bad).is_err(), "{bad}");
        }
        for ok in ["+12025550162", "+447700900123"] {
            assert!(Address::Phone.check(ok).is_ok(), "{ok}");
        }
        for bad in [
            "12025550162",
            "+1202",
            "+1 202 555 0162",
            "+1234567890123456",
        ] {
            assert!(Address::Phone.check(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lifetimes_follow_stytchs_bounds() {
        assert_eq!(code_minutes(None).ok(), Some(2));
        assert_eq!(code_minutes(Some(&10)).ok(), Some(10));
        assert!(code_minutes(Some(&0)).is_err());
        assert!(code_minutes(Some(&11)).is_err());
        assert_eq!(
            link_minutes(None, SIGNUP_LINK_MINUTES, "x").ok(),
            Some(10_080)
        );
        assert!(link_minutes(Some(&4), LOGIN_LINK_MINUTES, "x").is_err());
        assert!(link_minutes(Some(&10_081), LOGIN_LINK_MINUTES, "x").is_err());
    }
}
