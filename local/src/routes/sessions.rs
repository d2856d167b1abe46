//! `/v1/sessions...`: check, list and revoke sessions; the JWKS.

use super::{Entry, Reply, answer, entry, session_parts};
use crate::Fail;
use crate::ids;
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
        let session = &mut s.sessions[si];
        match p.session_duration_minutes() {
            Some(&minutes) => session.extend(minutes),
            None => session.last_accessed_at = ids::now(),
        }
        if let Some(claims) = p.session_custom_claims() {
            for (k, v) in claims {
                session.custom_claims.insert(k.clone(), v.clone());
            }
        }
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
        let now = ids::now();
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

/// The local server signs nothing; it publishes one fixed RSA key in JWK
/// form so JWKS consumers have something to parse.
fn get_jwks(state: &State, p: sessions::GetJwks) -> Reply {
    if p.project_id() != state.project_id() {
        return Err(Fail::new(
            404,
            "project_not_found",
            "this server serves a different project",
        ));
    }
    let mut key = sessions::Jwk::default();
    key.kty = "RSA".to_owned();
    key.key_use = "sig".to_owned();
    key.key_ops = vec!["verify".to_owned()];
    key.alg = "RS256".to_owned();
    key.kid = format!("jwk-test-local-{}", state.project_id());
    // No certificate: `x5c` and its thumbprint `x5tS256` stay empty.
    key.n = JWK_MODULUS.to_owned();
    key.e = "AQAB".to_owned();
    let mut out = sessions::GetJwksResponse::default();
    out.keys = vec![key];
    Ok(answer(&out))
}

/// The modulus of the published key (base64url): any valid RSA modulus.
const JWK_MODULUS: &str = "sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw";
