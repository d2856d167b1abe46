//! `/v1/sessions...`: check, list and revoke sessions; the JWKS; and three
//! ways into a session from elsewhere, each with a documented local rule
//! (the local server cannot reach another provider):
//!
//! - `migrate`: Stytch would send the foreign token to the project's
//!   UserInfo endpoint and match the email it returns to an existing user.
//!   Here a token `MIGRATE_TEST_TOKEN_PREFIX` + email stands for a token
//!   whose UserInfo answer is that email; the user with that email (any
//!   case) logs in. Another token: `401 unable_to_migrate_session` (a
//!   chosen type; Stytch documents none); no user with the email: `404
//!   email_not_found`.
//! - `exchange_access_token`: the IdP calls of this server issue
//!   authorization codes, not access tokens, so the one token accepted is
//!   `ACCESS_TOKEN_TEST_TOKEN` (the demo user, through
//!   `IDP_TEST_CLIENT_ID`), once per server as Stytch's tokens work once;
//!   then `404 idp_access_token_could_not_be_exchanged`. Any other token:
//!   `404 idp_access_token_not_found`.
//! - `attest`: one profile, `TRUSTED_AUTH_TEST_PROFILE_ID` (another: `404
//!   trusted_auth_token_profile_not_found`, chosen); its tokens are
//!   `TRUSTED_AUTH_TEST_TOKEN_PREFIX` + email, logging in the user with
//!   that email (another token: `401 invalid_trusted_auth_token`, chosen;
//!   no such user: `404 email_not_found`). With a session's token or JWT
//!   the factor joins that session (which must be the same user's).
//!
//! All three start a session when none is named, lasting
//! `session_duration_minutes` or 60 minutes, and record a factor: migrate
//! `imported` / `imported_auth0` (the spec's only delivery method for
//! imported sessions), exchange `oauth` / `oauth_access_token_exchange`
//! with the client id, attest `trusted_auth_token` /
//! `trusted_token_exchange` with a fresh token id.

use super::{Entry, Reply, answer, entry, session_parts};
use crate::state::{DEFAULT_SESSION_MINUTES, Inner, SessionKey, State, factor};
use crate::{
    ACCESS_TOKEN_TEST_TOKEN, DEMO_USER_ID, Fail, IDP_TEST_CLIENT_ID, MIGRATE_TEST_TOKEN_PREFIX,
    TRUSTED_AUTH_TEST_PROFILE_ID, TRUSTED_AUTH_TEST_TOKEN_PREFIX,
};
use crate::{ids, keys};
use serde_json::{Map, Value};
use stytch_endpoints::sessions;
use stytch_endpoints::types::{
    AuthenticationFactor, AuthenticationFactorDeliveryMethod as Delivery,
    AuthenticationFactorType as Kind, OAuthAccessTokenExchangeFactor, TrustedAuthTokenFactor,
};

pub fn entries() -> Vec<Entry> {
    vec![
        entry::<sessions::Authenticate>(authenticate),
        entry::<sessions::Revoke>(revoke),
        entry::<sessions::List>(list),
        entry::<sessions::GetJwks>(get_jwks),
        entry::<sessions::Migrate>(migrate),
        entry::<sessions::ExchangeAccessToken>(exchange_access_token),
        entry::<sessions::Attest>(attest),
    ]
}

fn authenticate(state: &State, p: sessions::Authenticate) -> Reply {
    if p.authorization_check().is_some() {
        return Err(Fail::new(
            400,
            "invalid_request",
            "the local server has no RBAC policy to check `authorization_check` against",
        ));
    }
    state.with(|s| {
        let si = s
            .optional_session(p.session_token(), p.session_jwt())?
            .ok_or_else(|| Fail::new(400, "invalid_request", "no session named"))?;
        let now = s.now();
        let session = &mut s.sessions[si];
        match p.session_duration_minutes() {
            Some(&minutes) => session.extend(minutes, now),
            None => session.last_accessed_at = now,
        }
        if let Some(claims) = p.session_custom_claims() {
            for (k, v) in claims {
                session.custom_claims.insert(k.clone(), v.clone());
            }
        }
        // Every authentication answers with a freshly signed JWT.
        session.mint_jwt(&s.project_id, now);
        let owner = session.user_id.clone();
        let ui = s.user_index(&owner)?;
        let mut out = sessions::AuthenticateResponse::default();
        let (session, token, jwt) = session_parts(s, Some(si));
        out.session = session.unwrap_or_default();
        out.session_token = token;
        out.session_jwt = jwt;
        out.user = s.users[ui].clone();
        Ok(answer(&out))
    })
}

fn revoke(state: &State, p: sessions::Revoke) -> Reply {
    state.with(|s| {
        let key = match (p.session_id(), p.session_token(), p.session_jwt()) {
            (Some(id), _, _) => SessionKey::Id(id),
            (_, Some(t), _) => SessionKey::Token(t),
            (_, _, Some(j)) => SessionKey::Jwt(j),
            (None, None, None) => {
                return Err(Fail::new(400, "invalid_request", "no session named"));
            }
        };
        let si = s.session_index(key)?;
        s.sessions.remove(si);
        Ok(answer(&sessions::RevokeResponse::default()))
    })
}

fn list(state: &State, p: sessions::List) -> Reply {
    state.with(|s| {
        let user_id = s.user(p.user_id())?.user_id.clone();
        let now = s.now();
        let mut out = sessions::ListResponse::default();
        out.sessions = s
            .sessions
            .iter()
            .filter(|x| x.user_id == user_id && x.expires_at > now)
            .map(|x| x.view())
            .collect();
        Ok(answer(&out))
    })
}

/// The public half of the server's test-only signing key (see
/// [`crate::keys`]), which verifies the session JWTs it mints.
fn get_jwks(state: &State, p: sessions::GetJwks) -> Reply {
    if p.project_id() != state.project_id() {
        return Err(Fail::new(
            404,
            "project_not_found",
            "this server serves a different project",
        ));
    }
    let mut out = sessions::GetJwksResponse::default();
    out.keys = vec![keys::jwk()];
    Ok(answer(&out))
}

/// The position of the user with this email address (any case).
fn user_by_email(s: &Inner, email: &str) -> Result<usize, Fail> {
    s.users
        .iter()
        .position(|u| {
            !email.is_empty() && u.emails.iter().any(|e| e.email.eq_ignore_ascii_case(email))
        })
        .ok_or_else(|| {
            Fail::new(
                404,
                "email_not_found",
                "no user of the project has the email address the token names",
            )
        })
}

/// Logs the user in with `used`: into the `existing` session, or a new one
/// lasting `minutes` (default 60); adds the claims; answers in the shape
/// the three calls share.
fn log_in(
    s: &mut Inner,
    ui: usize,
    existing: Option<usize>,
    minutes: Option<u32>,
    claims: Option<&Map<String, Value>>,
    used: AuthenticationFactor,
) -> Reply {
    let user_id = s.users[ui].user_id.clone();
    let minutes = Some(minutes.unwrap_or(DEFAULT_SESSION_MINUTES));
    let si = s.login(&user_id, existing, minutes, used)?;
    super::totps::add_claims(s, si, claims);
    let mut out = sessions::LoginResponse::default();
    out.user_id = user_id;
    (out.session, out.session_token, out.session_jwt) = session_parts(s, si);
    out.user = s.users[ui].clone();
    Ok(answer(&out))
}

fn migrate(state: &State, p: sessions::Migrate) -> Reply {
    let email = p
        .session_token()
        .strip_prefix(MIGRATE_TEST_TOKEN_PREFIX)
        .ok_or_else(|| {
            Fail::new(
                401,
                "unable_to_migrate_session",
                "the other provider did not accept the session token",
            )
        })?;
    state.with(|s| {
        let ui = user_by_email(s, email)?;
        let used = factor(Kind::Imported, Delivery::ImportedAuth0);
        log_in(
            s,
            ui,
            None,
            p.session_duration_minutes().copied(),
            p.session_custom_claims(),
            used,
        )
    })
}

fn exchange_access_token(state: &State, p: sessions::ExchangeAccessToken) -> Reply {
    if p.access_token() != ACCESS_TOKEN_TEST_TOKEN {
        return Err(Fail::new(
            404,
            "idp_access_token_not_found",
            "no access token of a connected app matches",
        ));
    }
    state.with(|s| {
        if s.access_token_exchanged {
            return Err(Fail::new(
                404,
                "idp_access_token_could_not_be_exchanged",
                "the access token was already exchanged; each works once",
            ));
        }
        let ui = s.user_index(DEMO_USER_ID)?;
        s.access_token_exchanged = true;
        let mut used = factor(Kind::OAuth, Delivery::OAuthAccessTokenExchange);
        let mut details = OAuthAccessTokenExchangeFactor::default();
        details.client_id = IDP_TEST_CLIENT_ID.to_owned();
        used.oauth_access_token_exchange_factor = Some(details);
        log_in(
            s,
            ui,
            None,
            p.session_duration_minutes().copied(),
            p.session_custom_claims(),
            used,
        )
    })
}

fn attest(state: &State, p: sessions::Attest) -> Reply {
    if p.profile_id() != TRUSTED_AUTH_TEST_PROFILE_ID {
        return Err(Fail::new(
            404,
            "trusted_auth_token_profile_not_found",
            "no trusted auth token profile has this profile_id",
        ));
    }
    let email = p
        .token()
        .strip_prefix(TRUSTED_AUTH_TEST_TOKEN_PREFIX)
        .ok_or_else(|| {
            Fail::new(
                401,
                "invalid_trusted_auth_token",
                "the token does not pass the profile's checks",
            )
        })?;
    state.with(|s| {
        let existing = s.optional_session(p.session_token(), p.session_jwt())?;
        let ui = user_by_email(s, email)?;
        let mut used = factor(Kind::TrustedAuthToken, Delivery::TrustedTokenExchange);
        let mut details = TrustedAuthTokenFactor::default();
        details.token_id = ids::id("trusted-auth-token");
        used.trusted_auth_token_factor = Some(details);
        log_in(
            s,
            ui,
            existing,
            p.session_duration_minutes().copied(),
            p.session_custom_claims(),
            used,
        )
    })
}
