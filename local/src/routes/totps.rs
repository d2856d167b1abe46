//! `/v1/totps...`: authenticator apps. Codes are real RFC 6238 codes
//! (HMAC-SHA1, 30-second steps, 6 digits) of the secret `Create` returns,
//! accepted one step early or late, each once; recovery codes work once.

use ring::hmac;
use serde_json::{Map, Value};

use super::{Entry, Reply, answer, entry, session_parts};
use crate::state::{Inner, RecoveryCode, State, TotpFactor, factor};
use crate::{Fail, ids};
use stytch_endpoints::types::{
    AuthenticationFactorDeliveryMethod as Delivery, AuthenticationFactorType as Kind,
    AuthenticatorAppFactor, RecoveryCodeFactor, Totp,
};
use stytch_endpoints::{Secret, totps};

pub fn entries() -> Vec<Entry> {
    vec![
        entry::<totps::Create>(create),
        entry::<totps::Authenticate>(authenticate),
        entry::<totps::RecoveryCodes>(recovery_codes),
        entry::<totps::Recover>(recover),
    ]
}

/// Seconds per time step (RFC 6238's default, and what Stytch uses).
pub const STEP_SECS: u64 = 30;
/// Steps either side of now whose code is still accepted.
const SKEW_STEPS: u64 = 1;
/// Minutes an unverified factor waits for its first code, by default and
/// at most; the fewest a request may ask for.
const DEFAULT_EXPIRATION_MINUTES: u32 = 1440;
const MIN_EXPIRATION_MINUTES: u32 = 5;
/// Recovery codes handed out per factor.
const RECOVERY_CODES: usize = 10;

/// The six-digit code of `secret` at time step `step` (RFC 4226's HOTP with
/// the step as counter, which is RFC 6238's TOTP).
pub fn code_at(secret: &[u8], step: u64) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, secret);
    let tag = hmac::sign(&key, &step.to_be_bytes());
    let mac = tag.as_ref();
    let offset = usize::from(mac[mac.len() - 1] & 0x0f);
    let word = u32::from_be_bytes([
        mac[offset] & 0x7f,
        mac[offset + 1],
        mac[offset + 2],
        mac[offset + 3],
    ]);
    format!("{:06}", word % 1_000_000)
}

/// RFC 4648 base32 without padding (what authenticator apps take).
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// A recovery code shaped like Stytch's: three groups of four lower-case
/// letters and digits, from the CSPRNG (about 62 bits).
fn recovery_code() -> String {
    const ALPHABET: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut chars = Vec::with_capacity(12);
    while chars.len() < 12 {
        let mut bytes = [0u8; 16];
        ids::fill_random(&mut bytes);
        // 252 = 7 * 36: rejecting the rest keeps every character equally likely.
        chars.extend(
            bytes
                .iter()
                .filter(|&&b| b < 252)
                .map(|&b| char::from(ALPHABET[usize::from(b % 36)])),
        );
    }
    chars.truncate(12);
    let text: String = chars.into_iter().collect();
    format!("{}-{}-{}", &text[..4], &text[4..8], &text[8..])
}

/// Drops unverified factors whose time ran out, from the store and from
/// their users' `totps`.
fn prune(s: &mut Inner) {
    let now = s.now();
    let lapsed: Vec<String> = s
        .totps
        .iter()
        .filter(|t| !t.verified && t.expires_at <= now)
        .map(|t| t.totp_id.clone())
        .collect();
    if lapsed.is_empty() {
        return;
    }
    s.totps.retain(|t| !lapsed.contains(&t.totp_id));
    for user in &mut s.users {
        user.totps.retain(|t| !lapsed.contains(&t.totp_id));
    }
}

/// The position of the user's factor, after pruning.
fn factor_of(s: &mut Inner, user_id: &str) -> Result<usize, Fail> {
    prune(s);
    s.totps
        .iter()
        .position(|t| t.user_id == user_id)
        .ok_or_else(|| {
            Fail::new(
                404,
                "totps_not_found_for_user",
                "the user has no authenticator app (TOTP) enrolled",
            )
        })
}

fn create(state: &State, p: totps::Create) -> Reply {
    let minutes = p
        .expiration_minutes()
        .copied()
        .unwrap_or(DEFAULT_EXPIRATION_MINUTES);
    if !(MIN_EXPIRATION_MINUTES..=DEFAULT_EXPIRATION_MINUTES).contains(&minutes) {
        return Err(Fail::new(
            400,
            "invalid_expiration",
            "expiration_minutes must be between 5 and 1440",
        ));
    }
    state.with(|s| {
        let ui = s.user_index(p.user_id())?;
        let user_id = s.users[ui].user_id.clone();
        prune(s);
        if s.totps.iter().any(|t| t.user_id == user_id && t.verified) {
            return Err(Fail::new(
                400,
                "active_totp_exists",
                "the user already has a verified authenticator app; delete it first",
            ));
        }
        // An unverified factor is replaced by the new one.
        s.totps.retain(|t| t.user_id != user_id);
        s.users[ui].totps.clear();

        let mut secret = vec![0u8; 20];
        ids::fill_random(&mut secret);
        let codes: Vec<RecoveryCode> = (0..RECOVERY_CODES)
            .map(|_| RecoveryCode {
                id: ids::id("totp-recovery-code"),
                code: recovery_code(),
                used: false,
            })
            .collect();
        let factor = TotpFactor {
            totp_id: ids::id("totp"),
            user_id: user_id.clone(),
            secret,
            verified: false,
            expires_at: s.now() + u64::from(minutes) * 60,
            recovery_codes: codes,
            last_step: None,
        };
        let mut listed = Totp::default();
        listed.totp_id.clone_from(&factor.totp_id);
        s.users[ui].totps.push(listed);

        let secret = base32(&factor.secret);
        let uri = format!(
            "otpauth://totp/stytch-local:{user_id}?secret={secret}&issuer=stytch-local&algorithm=SHA1&digits=6&period={STEP_SECS}"
        );
        let mut out = totps::CreateResponse::default();
        out.totp_id.clone_from(&factor.totp_id);
        out.qr_code = Secret::new(format!(
            "data:text/plain;base64,{}",
            stytch_endpoints::runtime::encode::base64(uri.as_bytes())
        ));
        out.secret = Secret::new(secret);
        out.recovery_codes = factor
            .recovery_codes
            .iter()
            .map(|c| Secret::new(c.code.as_str()))
            .collect();
        out.user = s.users[ui].clone();
        out.user_id = user_id;
        s.totps.push(factor);
        Ok(answer(&out))
    })
}

/// The step of the first code in the accepted window that matches `code`.
fn matching_step(secret: &[u8], code: &str, now: u64) -> Option<u64> {
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let current = now / STEP_SECS;
    (current.saturating_sub(SKEW_STEPS)..=current + SKEW_STEPS).find(|&step| {
        // Compared without an early exit, as a real server would.
        let expected = code_at(secret, step);
        expected
            .bytes()
            .zip(code.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    })
}

/// Adds `claims` to the session's JWT claims and signs a fresh JWT.
pub(super) fn add_claims(s: &mut Inner, si: Option<usize>, claims: Option<&Map<String, Value>>) {
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

fn authenticate(state: &State, p: totps::Authenticate) -> Reply {
    state.with(|s| {
        let ui = s.user_index(p.user_id())?;
        let user_id = s.users[ui].user_id.clone();
        let existing = s.optional_session(p.session_token(), p.session_jwt())?;
        let ti = factor_of(s, &user_id)?;
        let totp = &mut s.totps[ti];
        let step = matching_step(&totp.secret, p.totp_code(), ids::now()).ok_or_else(|| {
            Fail::new(
                401,
                "unable_to_authenticate_totp",
                "the code does not match the authenticator app's current code",
            )
        })?;
        if totp.last_step.is_some_and(|last| step <= last) {
            return Err(Fail::new(
                400,
                "totp_code_already_authenticated",
                "this code was already used; wait for the next one",
            ));
        }
        totp.last_step = Some(step);
        totp.verified = true;
        let totp_id = totp.totp_id.clone();
        for listed in s.users[ui]
            .totps
            .iter_mut()
            .filter(|t| t.totp_id == totp_id)
        {
            listed.verified = true;
        }
        let mut used = factor(Kind::Totp, Delivery::AuthenticatorApp);
        let mut details = AuthenticatorAppFactor::default();
        details.totp_id.clone_from(&totp_id);
        used.authenticator_app_factor = Some(details);
        let si = s.login(
            &user_id,
            existing,
            p.session_duration_minutes().copied(),
            used,
        )?;
        add_claims(s, si, p.session_custom_claims());
        let mut out = totps::AuthenticateResponse::default();
        out.user_id = user_id;
        out.totp_id = totp_id;
        (out.session, out.session_token, out.session_jwt) = session_parts(s, si);
        out.user = s.users[ui].clone();
        Ok(answer(&out))
    })
}

/// Lists the user's factor with the recovery codes not used yet.
fn recovery_codes(state: &State, p: totps::RecoveryCodes) -> Reply {
    state.with(|s| {
        let user_id = s.user(p.user_id())?.user_id.clone();
        prune(s);
        let mut out = totps::RecoveryCodesResponse::default();
        out.totps = s
            .totps
            .iter()
            .filter(|t| t.user_id == user_id)
            .map(|t| {
                let mut listed = totps::TotpRecoveryCodes::default();
                listed.totp_id.clone_from(&t.totp_id);
                listed.verified = t.verified;
                listed.recovery_codes = t
                    .recovery_codes
                    .iter()
                    .filter(|c| !c.used)
                    .map(|c| Secret::new(c.code.as_str()))
                    .collect();
                listed
            })
            .collect();
        out.user_id = user_id;
        Ok(answer(&out))
    })
}

fn recover(state: &State, p: totps::Recover) -> Reply {
    state.with(|s| {
        let ui = s.user_index(p.user_id())?;
        let user_id = s.users[ui].user_id.clone();
        let existing = s.optional_session(p.session_token(), p.session_jwt())?;
        let ti = factor_of(s, &user_id)?;
        let totp = &mut s.totps[ti];
        let wanted = p.recovery_code().trim().to_ascii_lowercase();
        let code = totp
            .recovery_codes
            .iter_mut()
            .find(|c| !c.used && c.code == wanted)
            .ok_or_else(|| {
                Fail::new(
                    401,
                    "unable_to_authenticate_recovery_code",
                    "the recovery code is wrong or was already used",
                )
            })?;
        code.used = true;
        let code_id = code.id.clone();
        let totp_id = totp.totp_id.clone();
        let mut used = factor(Kind::RecoveryCodes, Delivery::RecoveryCode);
        let mut details = RecoveryCodeFactor::default();
        details.totp_recovery_code_id = code_id;
        used.recovery_code_factor = Some(details);
        let si = s.login(
            &user_id,
            existing,
            p.session_duration_minutes().copied(),
            used,
        )?;
        add_claims(s, si, p.session_custom_claims());
        let mut out = totps::RecoverResponse::default();
        out.totp_id = totp_id;
        out.user_id = user_id;
        (out.session, out.session_token, out.session_jwt) = session_parts(s, si);
        out.user = s.users[ui].clone();
        Ok(answer(&out))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B: the SHA-1 key and the last six digits of its
    /// eight-digit codes.
    #[test]
    fn codes_match_rfc_6238_vectors() {
        let key = b"12345678901234567890";
        for (time, code) in [
            (59u64, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
            (20_000_000_000, "353130"),
        ] {
            assert_eq!(code_at(key, time / STEP_SECS), code, "at {time}");
        }
    }

    #[test]
    fn base32_follows_rfc_4648() {
        assert_eq!(base32(b""), "");
        assert_eq!(base32(b"f"), "MY");
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32(&[0u8; 20]).len(), 32);
    }

    #[test]
    fn the_window_is_one_step_either_side() {
        let key = b"12345678901234567890";
        let now = 1_111_111_111;
        let step = now / STEP_SECS;
        for delta in [-1i64, 0, 1] {
            let s = step.checked_add_signed(delta).unwrap();
            assert_eq!(matching_step(key, &code_at(key, s), now), Some(s));
        }
        assert_eq!(matching_step(key, &code_at(key, step + 2), now), None);
        assert_eq!(matching_step(key, &code_at(key, step - 2), now), None);
        assert_eq!(matching_step(key, "12345", now), None);
        assert_eq!(matching_step(key, "abcdef", now), None);
    }

    #[test]
    fn recovery_codes_are_shaped_like_stytchs() {
        let code = recovery_code();
        assert_eq!(code.len(), 14);
        let parts: Vec<&str> = code.split('-').collect();
        assert_eq!(parts.len(), 3);
        assert!(parts.iter().all(|p| {
            p.len() == 4
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        }));
        assert_ne!(code, recovery_code());
    }
}
