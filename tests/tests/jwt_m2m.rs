//! M2M access tokens checked locally: every rule with a token that breaks
//! exactly it, the scope rule of the official SDKs, malformed inputs, and
//! the key cache shared with session JWTs.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use stytch_endpoints::m2m::{SCOPE_CLAIM, TokenVerifier};
use stytch_endpoints::runtime::jwt::{MAX_TOKEN_LEN, base64url_encode};
use stytch_endpoints::sessions::{self, JwtError, JwtOptions, JwtVerifier};
use stytch_endpoints::{Client, RetryPolicy};
use stytch_local::keys::{self, TEST_KEY_ID};
use stytch_local::{LocalServer, LocalServerConfig};
use stytch_tests::jwt_support::{TestClock, sign, with};

const CLIENT_ID: &str = "m2m-client-test-33333333-3333-4333-8333-333333333333";

struct Setup {
    server: LocalServer,
    client: Client,
    clock: TestClock,
    jwks_served: Arc<AtomicUsize>,
}

impl Setup {
    fn new() -> Setup {
        let jwks_served = Arc::new(AtomicUsize::new(0));
        let served = jwks_served.clone();
        let config = LocalServerConfig::default().route::<sessions::GetJwks, _>(move |_| {
            served.fetch_add(1, Ordering::SeqCst);
            Ok(json!({ "keys": [keys::jwk()] }))
        });
        let server = LocalServer::start_with(config).expect("start the local server");
        let client = server
            .client_builder()
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        Setup {
            server,
            client,
            clock: TestClock::new(),
            jwks_served,
        }
    }

    fn verifier(&self) -> TokenVerifier {
        TokenVerifier::new(&self.client).clock(self.clock.clone())
    }

    fn project(&self) -> &str {
        self.server.project_id()
    }

    /// Valid claims granting `read:users write:invoices`, with a custom claim.
    fn valid(&self) -> Value {
        let scopes = ["read:users", "write:invoices"];
        let claims = keys::m2m_claims(self.project(), CLIENT_ID, &scopes, self.clock.unix(), 3600);
        with(claims, |c| {
            c.insert("tier".into(), json!("gold"));
        })
    }

    fn token(&self, claims: &Value) -> String {
        sign(&keys::header(), claims)
    }

    fn jwks_served(&self) -> usize {
        self.jwks_served.load(Ordering::SeqCst)
    }
}

fn err(v: &TokenVerifier, token: &str) -> JwtError {
    match v.authenticate(token, &[]) {
        Ok(t) => panic!("accepted a token that breaks a rule: {t:?}"),
        Err(e) => e,
    }
}

#[test]
fn a_stytch_shaped_token_gives_its_client_scopes_and_claims() {
    let t = Setup::new();
    let v = t.verifier();
    let token = v.authenticate(&t.token(&t.valid()), &[]).unwrap();
    assert_eq!(token.client_id, CLIENT_ID);
    assert_eq!(token.scopes, ["read:users", "write:invoices"]);
    // Custom claims: all but the reserved claims and `scope`.
    let custom: Vec<&String> = token.custom_claims.keys().collect();
    assert_eq!(custom, ["tier"]);
    assert_eq!(token.expires_at - token.issued_at, 3600);
    assert!(token.grants(&["read:users"]));
    assert!(!token.grants(&["read:invoices"]));
    // The keys are fetched once and cached.
    for _ in 0..5 {
        v.authenticate(&t.token(&t.valid()), &[]).unwrap();
    }
    assert_eq!(t.jwks_served(), 1);
}

#[test]
fn the_local_servers_helper_mints_tokens_the_verifier_accepts() {
    let t = Setup::new();
    let minted = keys::sign_m2m_token(
        t.project(),
        CLIENT_ID,
        &["read:users"],
        Duration::from_secs(60),
    )
    .unwrap();
    let token = TokenVerifier::new(&t.client)
        .authenticate(&minted, &["read:users"])
        .unwrap();
    assert_eq!(token.client_id, CLIENT_ID);
    assert_eq!(token.expires_at - token.issued_at, 60);
    assert!(token.custom_claims.is_empty());
    // A token for another project is refused.
    let other = keys::sign_m2m_token(
        "project-test-other",
        CLIENT_ID,
        &[],
        Duration::from_secs(60),
    )
    .unwrap();
    assert!(matches!(
        TokenVerifier::new(&t.client).authenticate(&other, &[]),
        Err(JwtError::WrongAudience)
    ));
}

#[test]
fn the_session_and_m2m_verifiers_share_the_clients_keys() {
    let t = Setup::new();
    TokenVerifier::new(&t.client)
        .authenticate(&t.token(&t.valid()), &[])
        .unwrap();
    // A session JWT verified on a clone: no second fetch.
    let session_claims = with(t.valid(), |c| {
        c.insert(
            sessions::SESSION_CLAIM.into(),
            json!({ "id": "session-test-1" }),
        );
    });
    JwtVerifier::new(&t.client.clone())
        .authenticate_local(&t.token(&session_claims))
        .unwrap();
    assert_eq!(t.jwks_served(), 1);
}

#[test]
fn required_scopes_follow_the_sdk_rule() {
    let t = Setup::new();
    let v = t.verifier();
    let token = |scope: &str| {
        t.token(&with(t.valid(), |c| {
            c.insert(SCOPE_CLAIM.into(), json!(scope));
        }))
    };
    let granted = token("read:users write:invoices");
    v.authenticate(&granted, &["read:users", "write:invoices"])
        .unwrap();
    // A missing scope names the first one not granted.
    match v.authenticate(&granted, &["read:users", "read:invoices", "admin"]) {
        Err(JwtError::MissingScope { required }) => assert_eq!(required, "read:invoices"),
        other => panic!("{other:?}"),
    }
    for required in ["write:users", "read:*", "read", "*", "Read:users"] {
        assert!(
            matches!(
                v.authenticate(&granted, &[required]),
                Err(JwtError::MissingScope { .. })
            ),
            "{required}"
        );
    }
    // The wildcard resource grants every resource of its action only.
    let wildcard = token("read:*");
    v.authenticate(
        &wildcard,
        &["read:users", "read:invoices", "read:*", "read"],
    )
    .unwrap();
    assert!(matches!(
        v.authenticate(&wildcard, &["write:users"]),
        Err(JwtError::MissingScope { .. })
    ));
    // `*` alone is a plain name: there is no wildcard action.
    let star = token("*");
    v.authenticate(&star, &["*"]).unwrap();
    assert!(matches!(
        v.authenticate(&star, &["read:users"]),
        Err(JwtError::MissingScope { .. })
    ));
    // Runs of spaces and an empty scope claim give no empty scopes.
    let spaced = v
        .authenticate(&token("  read:users   admin "), &["admin"])
        .unwrap();
    assert_eq!(spaced.scopes, ["read:users", "admin"]);
    let empty = v.authenticate(&token(""), &[]).unwrap();
    assert!(empty.scopes.is_empty());
    assert!(matches!(
        v.authenticate(&token(""), &["read:users"]),
        Err(JwtError::MissingScope { .. })
    ));
    // A held scope with two colons fails any requirement, as the Python SDK does.
    let odd = token("read:users:all read:*");
    assert!(matches!(
        v.authenticate(&odd, &["read:users"]),
        Err(JwtError::InvalidClaim(SCOPE_CLAIM))
    ));
    // The token is checked before its scopes: an expired token with the
    // scopes is refused as expired.
    let expired = t.token(&with(t.valid(), |c| {
        c.insert("exp".into(), json!(t.clock.unix() - 1));
    }));
    assert!(matches!(
        v.authenticate(&expired, &["read:users"]),
        Err(JwtError::Expired)
    ));
}

#[test]
fn sub_and_scope_are_required_strings() {
    let t = Setup::new();
    let v = t.verifier();
    for name in ["sub", SCOPE_CLAIM] {
        for missing in [None, Some(Value::Null)] {
            let is_null = missing.is_some();
            let c = with(t.valid(), |c| match missing {
                None => {
                    c.remove(name);
                }
                Some(v) => {
                    c.insert(name.into(), v);
                }
            });
            let e = err(&v, &t.token(&c));
            // A `null` sub is refused by the shared rules as mistyped.
            let null_sub = name == "sub" && is_null;
            assert!(
                matches!(e, JwtError::MissingClaim(n) if n == name)
                    || (null_sub && matches!(e, JwtError::InvalidClaim("sub"))),
                "{name}: {e:?}"
            );
        }
        for bad in [json!(1), json!(["read:users"]), json!({})] {
            let c = with(t.valid(), |c| {
                c.insert(name.into(), bad);
            });
            let e = err(&v, &t.token(&c));
            assert!(
                matches!(e, JwtError::InvalidClaim(n) if n == name),
                "{name}: {e:?}"
            );
        }
    }
}

#[test]
fn only_rs256_with_a_known_kid_and_a_good_signature() {
    let t = Setup::new();
    let v = t.verifier();
    let payload = base64url_encode(t.valid().to_string().as_bytes());
    // alg none, unsigned and signed.
    let none = base64url_encode(format!(r#"{{"alg":"none","kid":"{TEST_KEY_ID}"}}"#).as_bytes());
    assert!(matches!(
        err(&v, &format!("{none}.{payload}.")),
        JwtError::UnsupportedAlgorithm
    ));
    let signed_none = sign(&json!({ "alg": "none", "kid": TEST_KEY_ID }), &t.valid());
    assert!(matches!(
        err(&v, &signed_none),
        JwtError::UnsupportedAlgorithm
    ));
    // HS256 with the public key as the HMAC secret.
    let hs = base64url_encode(format!(r#"{{"alg":"HS256","kid":"{TEST_KEY_ID}"}}"#).as_bytes());
    let signed = format!("{hs}.{payload}");
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, keys::jwk().n.as_bytes());
    let tag = ring::hmac::sign(&key, signed.as_bytes());
    let hs_token = format!("{signed}.{}", base64url_encode(tag.as_ref()));
    assert!(matches!(err(&v, &hs_token), JwtError::UnsupportedAlgorithm));
    for alg in [json!("RS512"), json!("PS256"), json!("ES256"), json!(null)] {
        let h = json!({ "alg": alg, "kid": TEST_KEY_ID });
        assert!(matches!(
            err(&v, &sign(&h, &t.valid())),
            JwtError::UnsupportedAlgorithm
        ));
    }
    // No key was fetched for any of these.
    assert_eq!(t.jwks_served(), 0);
    // kid: missing, unknown.
    assert!(matches!(
        err(&v, &sign(&json!({ "alg": "RS256" }), &t.valid())),
        JwtError::MissingKeyId
    ));
    assert!(matches!(
        err(
            &v,
            &sign(
                &json!({ "alg": "RS256", "kid": "jwk-test-other" }),
                &t.valid()
            )
        ),
        JwtError::UnknownKey
    ));
    // A payload changed under the signature (more scopes), or a changed signature.
    let good = t.token(&t.valid());
    let parts: Vec<&str> = good.split('.').collect();
    let wider = with(t.valid(), |c| {
        c.insert(SCOPE_CLAIM.into(), json!("read:* write:*"));
    });
    let swapped = format!(
        "{}.{}.{}",
        parts[0],
        base64url_encode(wider.to_string().as_bytes()),
        parts[2]
    );
    assert!(matches!(err(&v, &swapped), JwtError::BadSignature));
    let mut sig = parts[2].to_owned();
    let last = sig.pop().unwrap();
    sig.push(if last == 'A' { 'B' } else { 'A' });
    let changed = format!("{}.{}.{sig}", parts[0], parts[1]);
    assert!(matches!(
        err(&v, &changed),
        JwtError::BadSignature | JwtError::Malformed { .. }
    ));
}

#[test]
fn audience_and_issuer_must_be_the_projects() {
    let t = Setup::new();
    let v = t.verifier();
    let set = |name: &str, value: Value| {
        t.token(&with(t.valid(), |c| {
            c.insert(name.into(), value);
        }))
    };
    assert!(matches!(
        err(&v, &set("aud", json!(["project-test-other"]))),
        JwtError::WrongAudience
    ));
    assert!(matches!(
        err(&v, &set("aud", json!("project-test-other"))),
        JwtError::WrongAudience
    ));
    v.authenticate(&set("aud", json!(t.project())), &[])
        .unwrap();
    assert!(matches!(
        err(&v, &set("iss", json!("stytch.com/project-test-other"))),
        JwtError::WrongIssuer
    ));
    v.authenticate(&set("iss", json!(t.client.base_url())), &[])
        .unwrap();
    for name in ["aud", "iss", "exp", "iat", "nbf"] {
        let c = with(t.valid(), |c| {
            c.remove(name);
        });
        let e = err(&v, &t.token(&c));
        assert!(
            matches!(e, JwtError::MissingClaim(n) if n == name),
            "{name}: {e:?}"
        );
    }
}

#[test]
fn times_are_honoured_with_the_leeway_and_the_max_age() {
    let t = Setup::new();
    let strict = t.verifier();
    let lenient = t
        .verifier()
        .options(JwtOptions::new().leeway(Duration::from_secs(10)));
    let now = t.clock.unix();
    let set = |name: &str, value: i64| {
        t.token(&with(t.valid(), |c| {
            c.insert(name.into(), json!(value));
        }))
    };
    assert!(matches!(err(&strict, &set("exp", now)), JwtError::Expired));
    lenient.authenticate(&set("exp", now - 5), &[]).unwrap();
    assert!(matches!(
        err(&lenient, &set("exp", now - 11)),
        JwtError::Expired
    ));
    assert!(matches!(
        err(&strict, &set("nbf", now + 5)),
        JwtError::NotYetValid
    ));
    lenient.authenticate(&set("nbf", now + 5), &[]).unwrap();
    assert!(matches!(
        err(&lenient, &set("nbf", now + 11)),
        JwtError::NotYetValid
    ));
    assert!(matches!(
        err(&strict, &set("iat", now + 5)),
        JwtError::IssuedInFuture
    ));
    lenient.authenticate(&set("iat", now + 5), &[]).unwrap();
    assert!(matches!(
        err(&lenient, &set("iat", now + 11)),
        JwtError::IssuedInFuture
    ));
    // Max age, from iat; zero accepts nothing.
    let old = set("iat", now - 60);
    let aged = |secs| {
        t.verifier()
            .options(JwtOptions::new().max_token_age(Duration::from_secs(secs)))
    };
    assert!(matches!(err(&aged(60), &old), JwtError::TooOld));
    assert!(matches!(err(&aged(0), &old), JwtError::TooOld));
    aged(61).authenticate(&old, &[]).unwrap();
    // The clock moves past exp.
    let token = t.token(&t.valid());
    strict.authenticate(&token, &[]).unwrap();
    t.clock.advance(3600);
    assert!(matches!(err(&strict, &token), JwtError::Expired));
}

#[test]
fn malformed_tokens_are_clear_errors_never_panics() {
    let t = Setup::new();
    let v = t.verifier();
    let good = t.token(&t.valid());
    let parts: Vec<&str> = good.split('.').collect();
    let huge = "a".repeat(MAX_TOKEN_LEN + 1);
    let array_header = format!("{}.{}.{}", base64url_encode(b"[1]"), parts[1], parts[2]);
    for token in [
        "",
        "..",
        "a.b",
        "a.b.c.d",
        "!!!.abc.def",
        &huge,
        &array_header,
        &format!("{}=.{}.{}", parts[0], parts[1], parts[2]),
    ] {
        let e = err(&v, token);
        assert!(matches!(e, JwtError::Malformed { .. }), "{e:?}");
    }
    for payload in [json!([1]), json!("s"), json!(null)] {
        let e = err(&v, &t.token(&payload));
        assert!(matches!(e, JwtError::Malformed { .. }), "{e:?}");
    }
    // Every single-byte change of a valid token, and random strings.
    let bytes = good.as_bytes();
    for i in (0..bytes.len()).step_by(5) {
        for replacement in [b'A', b'.', b'_', 0xC3] {
            let mut m = bytes.to_vec();
            m[i] = replacement;
            if let Ok(s) = String::from_utf8(m) {
                if let Ok(accepted) = v.authenticate(&s, &["read:users"]) {
                    assert_eq!(s, good, "a changed token was accepted: {accepted:?}");
                }
            }
        }
    }
    let mut seed = 0x2545_F491_4F6C_DD1D_u64;
    for len in 0..300 {
        let s: String = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                char::from(b"eyJ.-_AZaz09+/=\"{}"[(seed % 18) as usize])
            })
            .collect();
        assert!(v.authenticate(&s, &[]).is_err());
    }
}

#[test]
fn no_token_in_debug_or_display() {
    let t = Setup::new();
    let v = t.verifier();
    let good = t.token(&t.valid());
    let signature = good.rsplit('.').next().unwrap().to_owned();
    let payload = good.split('.').nth(1).unwrap().to_owned();
    let accepted = v.authenticate(&good, &[]).unwrap();
    let mut texts = vec![format!("{v:?}"), format!("{accepted:?}")];
    let mut broken = good.clone();
    broken.insert(10, '!');
    for (token, scopes) in [
        (broken.as_str(), &[][..]),
        (&good[..good.len() - 3], &[]),
        (good.as_str(), &["admin:all"]),
    ] {
        let e = v.authenticate(token, scopes).unwrap_err();
        texts.push(format!("{e:?}"));
        texts.push(e.to_string());
    }
    for text in texts {
        for secret in [&good, &signature, &payload] {
            assert!(!text.contains(secret.as_str()), "leak in {text}");
        }
    }
}

#[test]
fn keys_refreshed_off_the_request_path() {
    let t = Setup::new();
    let sessions = JwtVerifier::new(&t.client).clock(t.clock.clone());
    assert!(!sessions.keys_are_fresh());
    assert!(sessions.refresh_keys().unwrap());
    assert!(sessions.keys_are_fresh());
    assert_eq!(t.jwks_served(), 1);
    // A second refresh within 30 s fetches nothing.
    assert!(!sessions.refresh_keys().unwrap());
    // Verifications use the refreshed keys: no fetch of their own.
    t.verifier()
        .authenticate(&t.token(&t.valid()), &[])
        .unwrap();
    assert_eq!(t.jwks_served(), 1);
    // Refreshed every 4 minutes, the keys never age past 5, and a
    // verification 9 minutes later fetches nothing itself.
    for _ in 0..2 {
        t.clock.advance(240);
        assert!(sessions.keys_are_fresh());
        assert!(sessions.refresh_keys().unwrap());
    }
    t.clock.advance(60);
    t.verifier()
        .authenticate(&t.token(&t.valid()), &[])
        .unwrap();
    assert_eq!(t.jwks_served(), 3);
    // Past 5 minutes without a refresh, the keys are stale; the M2M
    // verifier refreshes the same cache.
    t.clock.advance(300);
    assert!(!sessions.keys_are_fresh());
    assert!(t.verifier().refresh_keys().unwrap());
    assert!(sessions.keys_are_fresh());
    assert_eq!(t.jwks_served(), 4);
}
