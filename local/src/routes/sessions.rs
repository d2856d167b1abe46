//! `/v1/sessions...`: check, list and revoke sessions; the JWKS.

use super::{Entry, Reply, answer, entry, session_parts};
use crate::Fail;
use crate::keys;
use crate::state::{SessionKey, State};
use stytch_endpoints::sessions;

pub fn entries() -> Vec<Entry> {
    vec![
        entry::<sessions::Authenticate>(authenticate),
        entry::<sessions::Revoke>(revoke),
        entry::<sessions::List>(list),
        entry::<sessions::GetJwks>(get_jwks),
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
