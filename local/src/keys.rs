//! The local server's signing key: a fixed, published, TEST-ONLY RSA key.
//!
//! Session JWTs minted by the local server are real RS256 JWTs, signed with
//! the key below, whose public half `GET /v1/sessions/jwks/{project_id}`
//! serves. The private key is in this file for everyone to read, so it
//! proves nothing: it is not, and can never be, one of Stytch's keys, and a
//! verifier pointed at Stytch never accepts a token it signed (no Stytch
//! JWKS has its key id or modulus). Never configure a production verifier
//! with this key.
//!
//! The key is a constant because `ring`, the only cryptography crate in the
//! tree, cannot generate RSA keys. It was made once with
//! `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048` and is
//! stored as its PKCS#8 DER form in base64url, in
//! `stytch_runtime::__private::LOCAL_TEST_KEY_PKCS8` (the runtime's own JWT
//! tests sign with it too).
//!
//! Tests can sign tokens of their own with [`sign_jwt`] (any header and
//! claims: to check that a verifier refuses what it must), and M2M access
//! tokens with [`sign_m2m_token`].

use std::sync::OnceLock;

use ring::rand::SystemRandom;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair, RsaPublicKeyComponents};
use serde_json::{Value, json};
use stytch_endpoints::runtime::jwt::{self, base64url_decode, base64url_encode};
use stytch_endpoints::sessions::Jwk;

/// The key id (`kid`) of the local server's signing key.
pub const TEST_KEY_ID: &str = "jwk-test-local-insecure-not-a-stytch-key";

/// The PKCS#8 DER form of the private key, base64url. TEST ONLY: public.
/// Defined in the runtime, whose own JWT tests sign with it too.
const TEST_PRIVATE_KEY_PKCS8: &str = stytch_endpoints::__private::LOCAL_TEST_KEY_PKCS8;

fn key_pair() -> Option<&'static RsaKeyPair> {
    static KEY: OnceLock<Option<RsaKeyPair>> = OnceLock::new();
    KEY.get_or_init(|| {
        let der = base64url_decode(TEST_PRIVATE_KEY_PKCS8.as_bytes()).ok()?;
        RsaKeyPair::from_pkcs8(&der).ok()
    })
    .as_ref()
}

/// The public half of the test key as a JWK (`kty` RSA, `use` sig, `alg`
/// RS256, `kid` [`TEST_KEY_ID`]), as the JWKS endpoint serves it.
pub fn jwk() -> Jwk {
    let mut key = Jwk::default();
    key.kty = "RSA".to_owned();
    key.key_use = "sig".to_owned();
    key.key_ops = vec!["verify".to_owned()];
    key.alg = "RS256".to_owned();
    key.kid = TEST_KEY_ID.to_owned();
    if let Some(pair) = key_pair() {
        let public: RsaPublicKeyComponents<Vec<u8>> = pair.public().into();
        key.n = base64url_encode(&public.n);
        key.e = base64url_encode(&public.e);
    }
    // No certificate: `x5c` and its thumbprint `x5tS256` stay empty.
    key
}

/// Signs `claims` under `header` with the test key (RS256, whatever the
/// header says) and returns the compact JWT. `None` only if the key or the
/// system's random source is unusable.
pub fn sign_jwt(header: &Value, claims: &Value) -> Option<String> {
    let pair = key_pair()?;
    let mut token = base64url_encode(header.to_string().as_bytes());
    token.push('.');
    token.push_str(&base64url_encode(claims.to_string().as_bytes()));
    let mut signature = vec![0; pair.public().modulus_len()];
    pair.sign(
        &RSA_PKCS1_SHA256,
        &SystemRandom::new(),
        token.as_bytes(),
        &mut signature,
    )
    .ok()?;
    token.push('.');
    token.push_str(&base64url_encode(&signature));
    Some(token)
}

/// The claims of an M2M access token in Stytch's shape, issued at `now`
/// (seconds since the Unix epoch) for `ttl_secs`: `sub` the M2M client,
/// `scope` the scopes joined by spaces, `aud` the project, `iss`
/// `stytch.com/{project_id}`, `iat`, `nbf`, `exp` and a fresh `jti`.
/// Tests edit them to break one rule at a time.
pub fn m2m_claims(
    project_id: &str,
    client_id: &str,
    scopes: &[&str],
    now: i64,
    ttl_secs: i64,
) -> Value {
    json!({
        "aud": [project_id],
        "exp": now.saturating_add(ttl_secs),
        "iat": now,
        "iss": issuer(project_id),
        "jti": crate::ids::id("m2m-token"),
        "nbf": now,
        "scope": scopes.join(" "),
        "sub": client_id,
    })
}

/// An M2M access token for `client_id` in `project_id`, granting `scopes`,
/// issued now and valid for `ttl`, signed with the test key: what Stytch's
/// token endpoint returns as `access_token`. `None` only if signing fails.
pub fn sign_m2m_token(
    project_id: &str,
    client_id: &str,
    scopes: &[&str],
    ttl: std::time::Duration,
) -> Option<String> {
    let now = i64::try_from(crate::ids::now()).unwrap_or(i64::MAX);
    let ttl = i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX);
    let claims = m2m_claims(project_id, client_id, scopes, now, ttl);
    sign_jwt(&header(), &claims)
}

/// Whether a request needs no project credentials: the JWKS, which Stytch
/// serves to anyone (the official SDKs fetch it without the project's
/// secret), and the OAuth 2.0 endpoints under `/v1/public/`, which
/// authenticate a client of the project by its own id and secret instead.
pub(crate) fn is_public(method: &str, target: &str) -> bool {
    (method == "GET" && target.starts_with("/v1/sessions/jwks/"))
        || (method == "POST" && target.starts_with("/v1/public/"))
}

/// The header the server's session JWTs carry.
pub fn header() -> Value {
    json!({ "alg": "RS256", "typ": "JWT", "kid": TEST_KEY_ID })
}

/// The issuer the server's JWTs carry, as Stytch writes it.
pub fn issuer(project_id: &str) -> String {
    format!("stytch.com/{project_id}")
}

/// The claims of a JWT this server signed for `project_id`, whatever its
/// times: `None` for any other token. The local server accepts expired
/// JWTs of live sessions, as Stytch does.
pub(crate) fn signed_claims(token: &str, project_id: &str) -> Option<jwt::Claims> {
    let parsed = jwt::Token::parse(token).ok()?;
    if parsed.kid() != TEST_KEY_ID {
        return None;
    }
    let pair = key_pair()?;
    let public: RsaPublicKeyComponents<Vec<u8>> = pair.public().into();
    let key = jwt::RsaKey::from_components(TEST_KEY_ID, &public.n, &public.e)?;
    let claims = parsed.verify(&key).ok()?;
    let aud_ok = match &claims.registered.aud {
        Some(Value::String(a)) => a == project_id,
        Some(Value::Array(list)) => list.iter().any(|a| a.as_str() == Some(project_id)),
        _ => false,
    };
    let iss_ok =
        claims.registered.iss.as_ref().and_then(Value::as_str) == Some(issuer(project_id).as_str());
    (aud_ok && iss_ok).then_some(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_loads_and_signs_what_it_verifies() {
        assert!(key_pair().is_some(), "the test key must parse");
        let jwk = jwk();
        assert_eq!(jwk.e, "AQAB");
        assert_eq!(base64url_decode(jwk.n.as_bytes()).unwrap().len(), 256);
        let claims = json!({ "aud": ["p"], "iss": "stytch.com/p", "sub": "user-test-1" });
        let token = sign_jwt(&header(), &claims).unwrap();
        assert!(signed_claims(&token, "p").is_some());
        assert!(signed_claims(&token, "q").is_none());
        let mut forged = token.clone();
        forged.pop();
        forged.push(if token.ends_with('A') { 'B' } else { 'A' });
        assert!(signed_claims(&forged, "p").is_none());
    }
}
