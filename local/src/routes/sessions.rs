//! `/v1/sessions...`: check, list and revoke sessions; the JWKS.

use serde_json::{Value, json};

use super::{Entry, Reply, entry, object, session_fields, to_json, user_fields};
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
        let mut out = session_fields(s, Some(si));
        out.insert("user".to_owned(), user_fields(s, ui)["user"].clone());
        Ok(out)
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
        Ok(object(json!({})))
    })
}

fn list(state: &State, p: sessions::List) -> Reply {
    state.with(|s| {
        let user_id = s.user(p.user_id())?.user_id.clone();
        let now = ids::now();
        let live: Vec<Value> = s
            .sessions
            .iter()
            .filter(|x| x.user_id == user_id && x.expires_at > now)
            .map(|x| to_json(&x.view()))
            .collect();
        Ok(object(json!({ "sessions": live })))
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
    Ok(object(json!({
        "keys": [{
            "alg": "RS256",
            "kty": "RSA",
            "use": "sig",
            "kid": format!("jwk-test-local-{}", state.project_id()),
            "e": "AQAB",
            "n": "sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw",
            "x5c": []
        }]
    })))
}
