//! `/v1/passwords...`: create users with a password, log in with it, score
//! passwords, import hashes, and the three resets (by emailed link, by the
//! old password, from a session).
//!
//! Passwords are kept only as hashes ([`crate::passwords`]); the PBKDF2
//! work happens outside the state lock, so a login does not hold up other
//! requests. A check made outside the lock is confirmed inside it against
//! the password's version, so a password changed in between is not
//! accepted.

use serde_json::{Map, Value};

use super::{Entry, Reply, answer, entry, session_parts};
use crate::outbox::{Channel, Draft, Purpose, Refused};
use crate::passwords::strength::{Strength, strength};
use crate::passwords::{DigestKind, Hash, Pbkdf2Kind, base64, hex, pkce_challenge};
use crate::state::{Inner, State, factor, new_user};
use crate::{Fail, ids};
use stytch_endpoints::Secret;
use stytch_endpoints::passwords::{self, HashType};
use stytch_endpoints::types::{
    AuthenticationFactor, AuthenticationFactorDeliveryMethod as Delivery,
    AuthenticationFactorType as Kind, EmailFactor, PhoneNumber, Session as SessionView,
    UserPassword,
};

pub fn entries() -> Vec<Entry> {
    vec![
        entry::<passwords::Create>(create),
        entry::<passwords::Authenticate>(authenticate),
        entry::<passwords::StrengthCheck>(strength_check),
        entry::<passwords::Migrate>(migrate),
        entry::<passwords::ResetByEmailStart>(reset_by_email_start),
        entry::<passwords::ResetByEmail>(reset_by_email),
        entry::<passwords::ResetByExistingPassword>(reset_by_existing_password),
        entry::<passwords::ResetBySession>(reset_by_session),
    ]
}

/// Minutes a reset link works by default, and the bounds a request may ask
/// for (Stytch's figures).
const RESET_DEFAULT_MINUTES: u32 = 30;
const RESET_MIN_MINUTES: u32 = 5;
const RESET_MAX_MINUTES: u32 = 10_080;
/// Most PBKDF2 rounds an imported hash may ask for: each login with it
/// costs that many HMACs, and the server must not be made to spin.
const MAX_IMPORTED_ITERATIONS: u32 = 5_000_000;
/// Longest imported PBKDF2 key, in bytes.
const MAX_IMPORTED_KEY_LEN: usize = 1024;

/// The answer to a wrong password (or a user without one).
fn wrong_password() -> Fail {
    Fail::new(
        401,
        "unauthorized_credentials",
        "the email address and password do not match",
    )
}

fn email_not_found() -> Fail {
    Fail::new(404, "email_not_found", "no user has this email address")
}

/// Refuses a password the strength rule does not accept.
fn require_strong(password: &str, email: &str) -> Result<(), Fail> {
    let judged = strength(password, Some(email));
    if judged.valid() {
        return Ok(());
    }
    let why = match judged.warning.as_str() {
        "" => "it is too easy to guess",
        w => w,
    };
    Err(Fail::new(
        400,
        "weak_password",
        format!(
            "the password scores {} of 4 and needs 3: {why}",
            judged.score
        ),
    ))
}

/// The user owning `email` (ignoring ASCII case), with the id and spelling
/// of that address.
fn email_owner(s: &Inner, email: &str) -> Result<(usize, String, String), Fail> {
    s.users
        .iter()
        .enumerate()
        .find_map(|(i, u)| {
            u.emails
                .iter()
                .find(|e| e.email.eq_ignore_ascii_case(email))
                .map(|e| (i, e.email_id.clone(), e.email.clone()))
        })
        .ok_or_else(email_not_found)
}

/// The factor a password login records: `password`, delivered by
/// `knowledge`, with the address it was for.
fn password_factor(email_id: &str, email: &str) -> AuthenticationFactor {
    let mut used = factor(Kind::Password, Delivery::Knowledge);
    let mut details = EmailFactor::default();
    details.email_id = email_id.to_owned();
    details.email_address = email.to_owned();
    used.email_factor = Some(details);
    used
}

/// Gives the user at `ui` the password `hash`, keeping their `password_id`
/// when they had one.
fn set_password(s: &mut Inner, ui: usize, hash: Hash) {
    let user = &mut s.users[ui];
    let password_id = match &user.password {
        Some(old) => old.password_id.clone(),
        None => ids::id("password"),
    };
    let mut shown = UserPassword::default();
    shown.password_id.clone_from(&password_id);
    user.password = Some(shown);
    let user_id = user.user_id.clone();
    s.passwords.set(&user_id, password_id, hash);
}

/// The user's stored password, if their `password` field still names it.
fn stored_hash(s: &Inner, ui: usize) -> Option<(Hash, u64)> {
    let user = &s.users[ui];
    let shown = user.password.as_ref()?;
    let stored = s.passwords.get(&user.user_id)?;
    (stored.password_id == shown.password_id).then(|| (stored.hash.clone(), stored.version))
}

/// Whether the user's password is still the one at `version`.
fn unchanged(s: &Inner, ui: usize, version: u64) -> bool {
    stored_hash(s, ui).is_some_and(|(_, v)| v == version)
}

/// Ends every session of `user_id` except `keep` (a session id).
fn end_other_sessions(s: &mut Inner, user_id: &str, keep: Option<&str>) {
    s.sessions
        .retain(|x| x.user_id != user_id || keep == Some(x.session_id.as_str()));
}

/// The live session a request names, checked to belong to `user_id`.
fn own_session(
    s: &mut Inner,
    user_id: &str,
    token: Option<&String>,
    jwt: Option<&String>,
) -> Result<Option<String>, Fail> {
    match s.optional_session(token, jwt)? {
        Some(si) if s.sessions[si].user_id != user_id => Err(Fail::new(
            400,
            "session_user_mismatch",
            "the session belongs to a different user",
        )),
        Some(si) => Ok(Some(s.sessions[si].session_id.clone())),
        None => Ok(None),
    }
}

/// Records `used` for the user: in the session with id `keep` (when
/// given), else in a new session when `minutes` is; then adds the custom
/// claims. Returns the session as the API shows it, with its credentials.
fn log_in(
    s: &mut Inner,
    user_id: &str,
    keep: Option<&str>,
    minutes: Option<u32>,
    used: AuthenticationFactor,
    claims: Option<&Map<String, Value>>,
) -> Result<(Option<SessionView>, Secret, Secret), Fail> {
    let existing = keep.and_then(|id| s.sessions.iter().position(|x| x.session_id == id));
    let si = s.login(user_id, existing, minutes, used)?;
    super::totps::add_claims(s, si, claims);
    Ok(session_parts(s, si))
}

fn create(state: &State, p: passwords::Create) -> Reply {
    require_strong(p.password(), p.email())?;
    let hash = Hash::new(p.password());
    state.with(|s| {
        if email_owner(s, p.email()).is_ok() {
            return Err(Fail::new(
                400,
                "duplicate_email",
                "another user already has this email address",
            ));
        }
        let mut user = new_user(ids::id("user"));
        let email = super::users::new_email(p.email());
        let email_id = email.email_id.clone();
        user.emails.push(email);
        user.name = p.name().cloned();
        user.trusted_metadata = p.trusted_metadata().cloned().unwrap_or_default();
        user.untrusted_metadata = p.untrusted_metadata().cloned().unwrap_or_default();
        let user_id = user.user_id.clone();
        s.users.push(user);
        let ui = s.users.len() - 1;
        set_password(s, ui, hash);
        let used = password_factor(&email_id, p.email());
        let mut out = passwords::CreateResponse::default();
        (out.session, out.session_token, out.session_jwt) = log_in(
            s,
            &user_id,
            None,
            p.session_duration_minutes().copied(),
            used,
            p.session_custom_claims(),
        )?;
        out.user = s.users[ui].clone();
        out.user_id = user_id;
        out.email_id = email_id;
        Ok(answer(&out))
    })
}

/// Checks `password` against the password of the user owning `email`,
/// hashing outside the lock. Returns the user's id and the version checked
/// and, for an imported hash, one of ours to replace it with.
fn check_password(
    state: &State,
    email: &str,
    password: &str,
) -> Result<(String, u64, Option<Hash>), Fail> {
    let (user_id, stored) = state.with(|s| {
        let (ui, _, _) = email_owner(s, email)?;
        Ok::<_, Fail>((s.users[ui].user_id.clone(), stored_hash(s, ui)))
    })?;
    let (hash, version) = stored.ok_or_else(wrong_password)?;
    if !hash.verify(password) {
        return Err(wrong_password());
    }
    let upgrade = (!hash.is_local()).then(|| Hash::new(password));
    Ok((user_id, version, upgrade))
}

/// The user (by id) whose password is still the one checked, with the
/// address `email` as they spell it.
fn checked_user(
    s: &Inner,
    user_id: &str,
    email: &str,
    version: u64,
) -> Result<(usize, String, String), Fail> {
    let (ui, email_id, spelled) = email_owner(s, email)?;
    if s.users[ui].user_id != user_id || !unchanged(s, ui, version) {
        // The password (or the address's owner) changed since the check.
        return Err(wrong_password());
    }
    Ok((ui, email_id, spelled))
}

fn authenticate(state: &State, p: passwords::Authenticate) -> Reply {
    let (user_id, version, upgrade) = check_password(state, p.email(), p.password())?;
    state.with(|s| {
        let (ui, email_id, email) = checked_user(s, &user_id, p.email(), version)?;
        let keep = own_session(s, &user_id, p.session_token(), p.session_jwt())?;
        if let Some(ours) = upgrade {
            set_password(s, ui, ours);
        }
        let used = password_factor(&email_id, &email);
        let mut out = passwords::AuthenticateResponse::default();
        (out.session, out.session_token, out.session_jwt) = log_in(
            s,
            &user_id,
            keep.as_deref(),
            p.session_duration_minutes().copied(),
            used,
            p.session_custom_claims(),
        )?;
        out.user = s.users[ui].clone();
        out.user_id = user_id;
        Ok(answer(&out))
    })
}

fn strength_check(_state: &State, p: passwords::StrengthCheck) -> Reply {
    let judged: Strength = strength(p.password(), p.email().map(String::as_str));
    let mut out = passwords::StrengthCheckResponse::default();
    out.valid_password = judged.valid();
    out.score = judged.score;
    out.breached_password = judged.breached;
    out.strength_policy = "zxcvbn".to_owned();
    out.breach_detection_on_create = true;
    let mut luds = passwords::LudsRequirements::default();
    luds.has_lower_case = judged.has_lower_case;
    luds.has_upper_case = judged.has_upper_case;
    luds.has_digit = judged.has_digit;
    luds.has_symbol = judged.has_symbol;
    luds.missing_complexity = judged.missing_complexity;
    luds.missing_characters = judged.missing_characters;
    let mut feedback = passwords::Feedback::default();
    feedback.warning = judged.warning;
    feedback.suggestions = judged.suggestions;
    feedback.luds_requirements = Some(luds);
    out.feedback = Some(feedback);
    Ok(answer(&out))
}

/// The hash an import describes, checked for shape (not against any
/// password: the password is not known yet).
fn imported_hash(p: &passwords::Migrate) -> Result<Hash, Fail> {
    let bad = |error_type: &'static str, message: &str| Fail::new(400, error_type, message);
    let digest = |kind: DigestKind, prepend: &str, append: &str, error_type| {
        let digest = hex(p.hash().trim())
            .filter(|d| d.len() == kind.len())
            .ok_or_else(|| bad(error_type, "the hash must be the digest in hex"))?;
        Ok(Hash::Digest {
            kind,
            prepend: prepend.to_owned(),
            append: append.to_owned(),
            digest,
        })
    };
    match p.hash_type() {
        HashType::Sha1 => {
            let (pre, app) = p.sha_1_config().map_or(("", ""), |c| {
                (c.prepend_salt.as_str(), c.append_salt.as_str())
            });
            digest(DigestKind::Sha1, pre, app, "invalid_sha_1_hash")
        }
        HashType::Sha512 => {
            let (pre, app) = p.sha_512_config().map_or(("", ""), |c| {
                (c.prepend_salt.as_str(), c.append_salt.as_str())
            });
            digest(DigestKind::Sha512, pre, app, "invalid_hash")
        }
        HashType::Pbkdf2 => {
            let config = p.pbkdf_2_config().ok_or_else(|| {
                bad(
                    "invalid_pbkdf_2_salt",
                    "a pbkdf_2 hash needs pbkdf_2_config (salt, iteration_amount, key_length, algorithm)",
                )
            })?;
            let salt = base64(&config.salt)
                .filter(|s| !s.is_empty())
                .ok_or_else(|| bad("invalid_pbkdf_2_salt", "the salt must be base64"))?;
            let iterations = std::num::NonZeroU32::new(config.iteration_amount)
                .filter(|n| n.get() <= MAX_IMPORTED_ITERATIONS)
                .ok_or_else(|| {
                    bad(
                        "invalid_pbkdf_2_iteration_amount",
                        "iteration_amount must be between 1 and 5000000 on the local server",
                    )
                })?;
            let kind = match config.algorithm.as_str() {
                "" | "sha256" => Pbkdf2Kind::Sha256,
                "sha512" => Pbkdf2Kind::Sha512,
                _ => {
                    return Err(bad(
                        "invalid_pbkdf_2_algorithm",
                        "algorithm must be sha256 or sha512",
                    ));
                }
            };
            let key = base64(p.hash().trim())
                .filter(|k| !k.is_empty() && k.len() <= MAX_IMPORTED_KEY_LEN)
                .ok_or_else(|| bad("invalid_pbkdf_2_hash", "the hash must be base64"))?;
            if usize::try_from(config.key_length).ok() != Some(key.len()) {
                return Err(bad(
                    "pbkdf_2_key_length_mismatch",
                    "key_length is not the length of the decoded hash",
                ));
            }
            Ok(Hash::Pbkdf2 {
                kind,
                salt,
                iterations,
                key,
            })
        }
        HashType::Bcrypt
        | HashType::Md5
        | HashType::Argon2i
        | HashType::Argon2id
        | HashType::Scrypt
        | HashType::Phpass => Err(Fail::new(
            400,
            "invalid_hash_type",
            format!(
                "the local server cannot check `{}` hashes (it checks sha_1, sha_512 and pbkdf_2); \
                 Stytch itself accepts them",
                p.hash_type()
            ),
        )),
        other => Err(Fail::new(
            400,
            "invalid_hash_type",
            format!("`{other}` is not a hash type Stytch accepts"),
        )),
    }
}

fn migrate(state: &State, p: passwords::Migrate) -> Reply {
    let hash = imported_hash(&p)?;
    state.with(|s| {
        let (ui, email_id, created) = match email_owner(s, p.email()) {
            Ok((ui, email_id, _)) => (ui, email_id, false),
            Err(_) => {
                let (ui, email_id) = migrated_user(s, &p)?;
                (ui, email_id, true)
            }
        };
        if p.set_email_verified() == Some(&true) {
            for e in s.users[ui]
                .emails
                .iter_mut()
                .filter(|e| e.email_id == email_id)
            {
                e.verified = true;
            }
        }
        set_password(s, ui, hash);
        let mut out = passwords::MigrateResponse::default();
        out.user_id.clone_from(&s.users[ui].user_id);
        out.email_id = email_id;
        out.user_created = created;
        out.user = s.users[ui].clone();
        Ok(answer(&out))
    })
}

/// A new user for an import: the address, and the optional name, phone
/// number, metadata, external id and roles.
fn migrated_user(s: &mut Inner, p: &passwords::Migrate) -> Result<(usize, String), Fail> {
    if let Some(phone) = p.phone_number() {
        if s.users
            .iter()
            .any(|u| u.phone_numbers.iter().any(|x| x.phone_number == *phone))
        {
            return Err(Fail::new(
                400,
                "duplicate_phone_number",
                "another user already has this phone number",
            ));
        }
    }
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
    let email = super::users::new_email(p.email());
    let email_id = email.email_id.clone();
    user.emails.push(email);
    if let Some(number) = p.phone_number() {
        let mut phone = PhoneNumber::default();
        phone.phone_id = ids::id("phone-number");
        phone.phone_number.clone_from(number);
        phone.verified = p.set_phone_number_verified() == Some(&true);
        user.phone_numbers.push(phone);
    }
    user.name = p.name().cloned();
    user.trusted_metadata = p.trusted_metadata().cloned().unwrap_or_default();
    user.untrusted_metadata = p.untrusted_metadata().cloned().unwrap_or_default();
    user.external_id = p.external_id().cloned();
    user.roles = p.roles().cloned().unwrap_or_default();
    s.users.push(user);
    Ok((s.users.len() - 1, email_id))
}

fn reset_by_email_start(state: &State, p: passwords::ResetByEmailStart) -> Reply {
    let minutes = p
        .reset_password_expiration_minutes()
        .copied()
        .unwrap_or(RESET_DEFAULT_MINUTES);
    if !(RESET_MIN_MINUTES..=RESET_MAX_MINUTES).contains(&minutes) {
        return Err(Fail::new(
            400,
            "invalid_expiration",
            "reset_password_expiration_minutes must be between 5 and 10080",
        ));
    }
    // Stytch's link names the kind of token before the token itself.
    let link = p.reset_password_redirect_url().map(|url| {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}stytch_token_type=reset_password")
    });
    state.with(|s| {
        let (ui, email_id, _) = email_owner(s, p.email())?;
        let user_id = s.users[ui].user_id.clone();
        let now = s.now();
        s.outbox.send(
            Draft {
                purpose: Purpose::PasswordReset,
                channel: Channel::Email,
                to: p.email().clone(),
                user_id: user_id.clone(),
                method_id: email_id.clone(),
                minutes,
                link,
                code_challenge: p.code_challenge().cloned(),
            },
            now,
        );
        let mut out = passwords::ResetByEmailStartResponse::default();
        out.user_id = user_id;
        out.email_id = email_id;
        Ok(answer(&out))
    })
}

/// The error for a reset token that is unknown, used or expired.
fn bad_token(why: Refused) -> Fail {
    why.into_fail(401, "unable_to_auth_password_reset_token", "reset token")
}

/// Checks the PKCE verifier against the challenge the reset started with.
fn check_pkce(challenge: Option<&str>, verifier: Option<&str>) -> Result<(), Fail> {
    match (challenge, verifier) {
        (None, None) => Ok(()),
        (Some(_), None) => Err(Fail::new(
            400,
            "pkce_expected_code_verifier",
            "the reset was started with a code_challenge; send its code_verifier",
        )),
        (None, Some(_)) => Err(Fail::new(
            400,
            "pkce_did_not_expect_code_verifier",
            "the reset was started without a code_challenge",
        )),
        (Some(c), Some(v)) if pkce_challenge(v) == c => Ok(()),
        (Some(_), Some(_)) => Err(Fail::new(
            400,
            "pkce_mismatch",
            "the code_verifier does not match the code_challenge",
        )),
    }
}

fn reset_by_email(state: &State, p: passwords::ResetByEmail) -> Reply {
    let hash = Hash::new(p.password());
    state.with(|s| {
        let now = s.now();
        // Everything is checked before the token is spent, so a weak
        // password or a wrong verifier can be retried with the same link.
        let sent = s
            .outbox
            .find_token(&[Purpose::PasswordReset], p.token())
            .cloned()
            .ok_or(Refused::Unknown)
            .map_err(bad_token)?;
        if sent.used {
            return Err(bad_token(Refused::Used));
        }
        if now >= sent.expires_at {
            return Err(bad_token(Refused::Expired));
        }
        check_pkce(
            sent.code_challenge.as_deref(),
            p.code_verifier().map(String::as_str),
        )?;
        require_strong(p.password(), &sent.to)?;
        let ui = s.user_index(&sent.user_id)?;
        let user_id = s.users[ui].user_id.clone();
        let keep = own_session(s, &user_id, p.session_token(), p.session_jwt())?;
        s.outbox
            .redeem_token(&[Purpose::PasswordReset], p.token(), now)
            .map_err(bad_token)?;
        // Following the link proves the address is the user's.
        let mut address = None;
        for e in s.users[ui]
            .emails
            .iter_mut()
            .filter(|e| e.email_id == sent.method_id)
        {
            e.verified = true;
            address = Some((e.email_id.clone(), e.email.clone()));
        }
        let (email_id, email) = address.unwrap_or((sent.method_id.clone(), sent.to.clone()));
        set_password(s, ui, hash);
        end_other_sessions(s, &user_id, keep.as_deref());
        let mut out = passwords::ResetByEmailResponse::default();
        (out.session, out.session_token, out.session_jwt) = log_in(
            s,
            &user_id,
            keep.as_deref(),
            p.session_duration_minutes().copied(),
            password_factor(&email_id, &email),
            p.session_custom_claims(),
        )?;
        out.user = s.users[ui].clone();
        out.user_id = user_id;
        Ok(answer(&out))
    })
}

fn reset_by_existing_password(state: &State, p: passwords::ResetByExistingPassword) -> Reply {
    let (user_id, version, _) = check_password(state, p.email(), p.existing_password())?;
    let hash = Hash::new(p.new_password());
    state.with(|s| {
        let (ui, email_id, email) = checked_user(s, &user_id, p.email(), version)?;
        require_strong(p.new_password(), &email)?;
        let keep = own_session(s, &user_id, p.session_token(), p.session_jwt())?;
        set_password(s, ui, hash);
        end_other_sessions(s, &user_id, keep.as_deref());
        let mut out = passwords::ResetByExistingPasswordResponse::default();
        (out.session, out.session_token, out.session_jwt) = log_in(
            s,
            &user_id,
            keep.as_deref(),
            p.session_duration_minutes().copied(),
            password_factor(&email_id, &email),
            p.session_custom_claims(),
        )?;
        out.user = s.users[ui].clone();
        out.user_id = user_id;
        Ok(answer(&out))
    })
}

fn reset_by_session(state: &State, p: passwords::ResetBySession) -> Reply {
    let hash = Hash::new(p.password());
    state.with(|s| {
        let si = s
            .optional_session(p.session_token(), p.session_jwt())?
            .ok_or_else(|| Fail::new(400, "invalid_request", "no session named"))?;
        let user_id = s.sessions[si].user_id.clone();
        let ui = s.user_index(&user_id)?;
        let email = s.users[ui]
            .emails
            .first()
            .map(|e| e.email.clone())
            .unwrap_or_default();
        require_strong(p.password(), &email)?;
        set_password(s, ui, hash);
        if let Some(&minutes) = p.session_duration_minutes() {
            let now = s.now();
            s.sessions[si].extend(minutes, now);
        }
        // Stytch ends the user's other sessions after a reset.
        let keep = s.sessions[si].session_id.clone();
        end_other_sessions(s, &user_id, Some(&keep));
        let si = s.sessions.iter().position(|x| x.session_id == keep);
        super::totps::add_claims(s, si, p.session_custom_claims());
        let mut out = passwords::ResetBySessionResponse::default();
        out.user_id = user_id;
        out.user = s.users[ui].clone();
        (out.session, out.session_token, out.session_jwt) = session_parts(s, si);
        Ok(answer(&out))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_needs_the_matching_verifier_exactly_when_a_challenge_was_set() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert!(check_pkce(None, None).is_ok());
        assert!(check_pkce(Some(challenge), Some(verifier)).is_ok());
        let kind = |r: Result<(), Fail>| r.unwrap_err().error_type.into_owned();
        assert_eq!(
            kind(check_pkce(Some(challenge), None)),
            "pkce_expected_code_verifier"
        );
        assert_eq!(
            kind(check_pkce(None, Some(verifier))),
            "pkce_did_not_expect_code_verifier"
        );
        assert_eq!(
            kind(check_pkce(Some(challenge), Some("other"))),
            "pkce_mismatch"
        );
    }

    #[test]
    fn an_imported_hash_is_replaced_by_ours_at_the_first_login() {
        let state = State::new("project-test-passwords");
        // SHA-1("abc"), imported as prepend "a" + password "b" + append "c".
        let imported = passwords::Migrate::builder()
            .email("grace@example.com")
            .hash("a9993e364706816aba3e25717850c26c9cd0d89d")
            .hash_type("sha_1")
            .sha_1_config(passwords::Sha1Config::new("a", "c"))
            .build();
        let reply = migrate(&state, imported).unwrap();
        let user_id = reply["user_id"].as_str().unwrap().to_owned();
        let kind =
            |state: &State| state.with(|s| s.passwords.get(&user_id).map(|p| p.hash.is_local()));
        assert_eq!(kind(&state), Some(false));
        let wrong = passwords::Authenticate::builder()
            .email("grace@example.com")
            .password("abc")
            .build();
        assert_eq!(authenticate(&state, wrong).unwrap_err().status, 401);
        assert_eq!(kind(&state), Some(false));
        let right = passwords::Authenticate::builder()
            .email("grace@example.com")
            .password("b")
            .build();
        assert_eq!(
            authenticate(&state, right).unwrap()["user_id"],
            user_id.as_str()
        );
        assert_eq!(kind(&state), Some(true));
        let again = passwords::Authenticate::builder()
            .email("GRACE@example.com")
            .password("b")
            .build();
        assert!(authenticate(&state, again).is_ok());
    }

    #[test]
    fn weak_passwords_are_refused_with_stytchs_error() {
        let e = require_strong("password1", "ada@example.com").unwrap_err();
        assert_eq!((e.status, e.error_type.as_ref()), (400, "weak_password"));
        assert!(require_strong("correct horse battery staple", "ada@example.com").is_ok());
    }
}
