//! Session JWTs checked locally: every rule with a token that breaks exactly
//! it, the key cache's limits with a clock the test moves, the fallback to
//! the API, and a login-verify-revoke flow against the local server.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use stytch_endpoints::runtime::jwt::{MAX_TOKEN_LEN, base64url_encode};
use stytch_endpoints::sessions::{
    self, CheckedBy, JwtError, JwtOptions, JwtVerifier, SESSION_CLAIM,
};
use stytch_endpoints::{Client, RetryPolicy, otps, users};
use stytch_local::keys::{self, TEST_KEY_ID};
use stytch_local::{LocalError, LocalServer, LocalServerConfig, OTP_TEST_CODE};
use stytch_tests::jwt_support::{TestClock, sign, with};

/// Valid Stytch-shaped claims for `project`, issued at `now`.
fn claims(project: &str, now: i64) -> Value {
    json!({
        "aud": [project],
        "exp": now + 300,
        "iat": now,
        "iss": format!("stytch.com/{project}"),
        "nbf": now,
        "sub": "user-test-11111111-1111-4111-8111-111111111111",
        "jti": "jti-1",
        "team": "blue",
        SESSION_CLAIM: {
            "id": "session-test-22222222-2222-4222-8222-222222222222",
            "started_at": "2024-03-01T12:00:00Z",
            "last_accessed_at": "2024-03-01T12:00:00Z",
            "expires_at": "2024-03-01T13:00:00Z",
            "attributes": { "user_agent": "", "ip_address": "" },
            "authentication_factors": [{
                "type": "otp",
                "delivery_method": "sms",
                "last_authenticated_at": "2024-03-01T12:00:00Z",
                "phone_number_factor": { "phone_id": "phone-number-test-1", "phone_number": "+15555550100" }
            }],
            "roles": ["stytch_user"]
        }
    })
}

fn header() -> Value {
    json!({ "alg": "RS256", "typ": "JWT", "kid": TEST_KEY_ID })
}

struct Setup {
    server: LocalServer,
    client: Client,
    clock: TestClock,
    /// JWKS requests the server answered.
    jwks_served: Arc<AtomicUsize>,
    /// While set, the JWKS route fails with a 500.
    jwks_down: Arc<AtomicBool>,
    /// While set, the JWKS route waits until it is cleared.
    jwks_hold: Arc<(AtomicBool, AtomicBool)>,
}

impl Setup {
    fn new() -> Setup {
        let jwks_served = Arc::new(AtomicUsize::new(0));
        let jwks_down = Arc::new(AtomicBool::new(false));
        let jwks_hold = Arc::new((AtomicBool::new(false), AtomicBool::new(false)));
        let (served, down, hold) = (jwks_served.clone(), jwks_down.clone(), jwks_hold.clone());
        let config = LocalServerConfig::default().route::<sessions::GetJwks, _>(move |_| {
            served.fetch_add(1, Ordering::SeqCst);
            // `hold.1` says the request has arrived; `hold.0` keeps it waiting.
            hold.1.store(true, Ordering::SeqCst);
            while hold.0.load(Ordering::SeqCst) {
                std::thread::yield_now();
            }
            if down.load(Ordering::SeqCst) {
                return Err(LocalError::new(500, "internal_server_error", "jwks down"));
            }
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
            jwks_down,
            jwks_hold,
        }
    }

    fn verifier(&self) -> JwtVerifier {
        JwtVerifier::new(&self.client).clock(self.clock.clone())
    }

    fn project(&self) -> &str {
        self.server.project_id()
    }

    fn valid(&self) -> Value {
        claims(self.project(), self.clock.unix())
    }

    fn jwks_served(&self) -> usize {
        self.jwks_served.load(Ordering::SeqCst)
    }
}

fn local_err(v: &JwtVerifier, token: &str) -> JwtError {
    match v.authenticate_local(token) {
        Ok(s) => panic!("accepted a token that breaks a rule: {s:?}"),
        Err(e) => e,
    }
}

#[test]
fn a_stytch_shaped_token_gives_its_session_user_and_claims() {
    let t = Setup::new();
    let v = t.verifier();
    let checked = v.authenticate_local(&sign(&header(), &t.valid())).unwrap();
    assert_eq!(
        checked.user_id(),
        "user-test-11111111-1111-4111-8111-111111111111"
    );
    assert_eq!(
        checked.session.session_id,
        "session-test-22222222-2222-4222-8222-222222222222"
    );
    assert_eq!(checked.session_claim().id, checked.session.session_id);
    assert_eq!(checked.session.roles, ["stytch_user"]);
    assert_eq!(checked.session.authentication_factors[0].kind, "otp");
    assert_eq!(
        checked.session.expires_at.as_deref(),
        Some("2024-03-01T13:00:00Z")
    );
    // Custom claims: everything but the reserved claims and the session claim.
    let custom: Vec<&String> = checked.custom_claims().keys().collect();
    assert_eq!(custom, ["team"]);
    let CheckedBy::Locally {
        issued_at,
        expires_at,
    } = checked.checked_by
    else {
        panic!("checked locally")
    };
    assert_eq!(expires_at - issued_at, 300);
    // One JWKS fetch, then none: the keys are cached.
    for _ in 0..5 {
        v.authenticate_local(&sign(&header(), &t.valid())).unwrap();
    }
    assert_eq!(t.jwks_served(), 1);
    assert_eq!(t.client.jwks().fetches(), 1);
}

#[test]
fn the_cache_is_shared_by_clones_and_verifiers() {
    let t = Setup::new();
    let token = sign(&header(), &t.valid());
    JwtVerifier::new(&t.client)
        .authenticate_local(&token)
        .unwrap();
    let clone = t.client.clone();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let (c, token) = (clone.clone(), token.clone());
            std::thread::spawn(move || JwtVerifier::new(&c).authenticate_local(&token).is_ok())
        })
        .collect();
    for th in threads {
        assert!(th.join().unwrap());
    }
    assert_eq!(t.jwks_served(), 1);
}

#[test]
fn a_missing_session_claim_or_sub_is_refused() {
    let t = Setup::new();
    let v = t.verifier();
    let no_session = with(t.valid(), |c| {
        c.remove(SESSION_CLAIM);
    });
    assert!(matches!(
        local_err(&v, &sign(&header(), &no_session)),
        JwtError::MissingClaim(SESSION_CLAIM)
    ));
    let no_sub = with(t.valid(), |c| {
        c.remove("sub");
    });
    assert!(matches!(
        local_err(&v, &sign(&header(), &no_sub)),
        JwtError::MissingClaim("sub")
    ));
    let bad_session = with(t.valid(), |c| {
        c.insert(SESSION_CLAIM.to_owned(), json!("a string"));
    });
    assert!(matches!(
        local_err(&v, &sign(&header(), &bad_session)),
        JwtError::InvalidClaim(SESSION_CLAIM)
    ));
}

#[test]
fn alg_none_is_refused_even_with_a_valid_signature() {
    let t = Setup::new();
    let v = t.verifier();
    let payload = base64url_encode(t.valid().to_string().as_bytes());
    let none_header =
        base64url_encode(br#"{"alg":"none","kid":"jwk-test-local-insecure-not-a-stytch-key"}"#);
    for token in [
        format!("{none_header}.{payload}."),
        format!("{none_header}.{payload}"),
    ] {
        let err = v.authenticate_local(&token).unwrap_err();
        assert!(
            matches!(
                err,
                JwtError::UnsupportedAlgorithm | JwtError::Malformed { .. }
            ),
            "{err:?}"
        );
    }
    // `none` in a header the key really signed (the signature covers it).
    let signed_none = sign(&json!({ "alg": "none", "kid": TEST_KEY_ID }), &t.valid());
    assert!(matches!(
        local_err(&v, &signed_none),
        JwtError::UnsupportedAlgorithm
    ));
    // The header is refused before any key is looked for.
    assert_eq!(t.jwks_served(), 0);
}

#[test]
fn hs256_signed_with_the_public_key_is_refused() {
    let t = Setup::new();
    let v = t.verifier();
    let jwk = keys::jwk();
    let header = base64url_encode(
        format!(r#"{{"alg":"HS256","typ":"JWT","kid":"{TEST_KEY_ID}"}}"#).as_bytes(),
    );
    let payload = base64url_encode(t.valid().to_string().as_bytes());
    let signed = format!("{header}.{payload}");
    // The classic confusion: the public key (as its JWK text, and as the raw
    // modulus) used as the HMAC secret.
    for secret in [
        serde_json::to_vec(&jwk).unwrap(),
        jwk.n.clone().into_bytes(),
    ] {
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &secret);
        let tag = ring::hmac::sign(&key, signed.as_bytes());
        let token = format!("{signed}.{}", base64url_encode(tag.as_ref()));
        assert!(matches!(
            local_err(&v, &token),
            JwtError::UnsupportedAlgorithm
        ));
    }
    // Every other algorithm, a missing one and a mis-typed one.
    for alg in [
        json!("RS384"),
        json!("RS512"),
        json!("PS256"),
        json!("ES256"),
        json!("EdDSA"),
        json!("rs256"),
        json!("RS256 "),
        json!(null),
        json!(256),
        json!(["RS256"]),
    ] {
        let h = json!({ "alg": alg, "kid": TEST_KEY_ID });
        assert!(matches!(
            local_err(&v, &sign(&h, &t.valid())),
            JwtError::UnsupportedAlgorithm
        ));
    }
    let no_alg = json!({ "kid": TEST_KEY_ID });
    assert!(matches!(
        local_err(&v, &sign(&no_alg, &t.valid())),
        JwtError::UnsupportedAlgorithm
    ));
    assert_eq!(t.jwks_served(), 0);
}

#[test]
fn the_kid_must_name_a_key_of_the_project() {
    let t = Setup::new();
    let v = t.verifier();
    let no_kid = json!({ "alg": "RS256" });
    assert!(matches!(
        local_err(&v, &sign(&no_kid, &t.valid())),
        JwtError::MissingKeyId
    ));
    let empty_kid = json!({ "alg": "RS256", "kid": "" });
    assert!(matches!(
        local_err(&v, &sign(&empty_kid, &t.valid())),
        JwtError::MissingKeyId
    ));
    // Signed by the right key, but naming another: refused, after one
    // fetch of the keys.
    let other = json!({ "alg": "RS256", "kid": "jwk-test-other" });
    assert!(matches!(
        local_err(&v, &sign(&other, &t.valid())),
        JwtError::UnknownKey
    ));
    assert_eq!(t.jwks_served(), 1);
}

#[test]
fn crit_headers_are_refused() {
    let t = Setup::new();
    let h = json!({ "alg": "RS256", "kid": TEST_KEY_ID, "crit": ["b64"], "b64": false });
    assert!(matches!(
        local_err(&t.verifier(), &sign(&h, &t.valid())),
        JwtError::Malformed { .. }
    ));
}

#[test]
fn a_changed_payload_or_signature_is_refused() {
    let t = Setup::new();
    let v = t.verifier();
    let token = sign(&header(), &t.valid());
    let parts: Vec<&str> = token.split('.').collect();
    // Another user, under the original signature.
    let other = with(t.valid(), |c| {
        c.insert("sub".into(), json!("user-test-attacker"));
    });
    let swapped = format!(
        "{}.{}.{}",
        parts[0],
        base64url_encode(other.to_string().as_bytes()),
        parts[2]
    );
    assert!(matches!(local_err(&v, &swapped), JwtError::BadSignature));
    // One bit of the signature flipped.
    let mut sig = stytch_endpoints::runtime::jwt::base64url_decode(parts[2].as_bytes()).unwrap();
    sig[17] ^= 1;
    let flipped = format!("{}.{}.{}", parts[0], parts[1], base64url_encode(&sig));
    assert!(matches!(local_err(&v, &flipped), JwtError::BadSignature));
    // A truncated signature, and an empty one.
    let short = format!("{}.{}.{}", parts[0], parts[1], &parts[2][..100]);
    assert!(matches!(local_err(&v, &short), JwtError::BadSignature));
    let empty = format!("{}.{}.", parts[0], parts[1]);
    assert!(matches!(local_err(&v, &empty), JwtError::BadSignature));
}

#[test]
fn the_audience_must_be_the_project() {
    let t = Setup::new();
    let v = t.verifier();
    type Expect = fn(&JwtError) -> bool;
    let cases: [(Value, Expect); 7] = [
        (json!("project-test-other"), |e| {
            matches!(e, JwtError::WrongAudience)
        }),
        (json!(["project-test-other"]), |e| {
            matches!(e, JwtError::WrongAudience)
        }),
        (json!([t.project(), 1]), |e| {
            matches!(e, JwtError::InvalidClaim("aud"))
        }),
        (json!(42), |e| matches!(e, JwtError::InvalidClaim("aud"))),
        (json!([]), |e| matches!(e, JwtError::MissingClaim("aud"))),
        (json!(""), |e| matches!(e, JwtError::MissingClaim("aud"))),
        (json!(null), |e| matches!(e, JwtError::MissingClaim("aud"))),
    ];
    for (aud, expected) in cases {
        let c = with(t.valid(), |c| {
            c.insert("aud".into(), aud.clone());
        });
        let err = local_err(&v, &sign(&header(), &c));
        assert!(expected(&err), "aud {aud}: {err:?}");
    }
    // A plain string, and a list that also names others, are accepted.
    for aud in [json!(t.project()), json!(["other", t.project()])] {
        let c = with(t.valid(), |c| {
            c.insert("aud".into(), aud);
        });
        v.authenticate_local(&sign(&header(), &c)).unwrap();
    }
}

#[test]
fn the_issuer_must_be_stytch_for_the_project_or_the_base_url() {
    let t = Setup::new();
    let v = t.verifier();
    for (iss, ok) in [
        (json!(format!("stytch.com/{}", t.project())), true),
        (json!(t.client.base_url()), true),
        (json!("stytch.com/project-test-other"), false),
        (json!(format!("https://stytch.com/{}", t.project())), false),
        (json!(format!("{}/", t.client.base_url())), false),
        (json!("stytch.com"), false),
    ] {
        let c = with(t.valid(), |c| {
            c.insert("iss".into(), iss.clone());
        });
        let result = v.authenticate_local(&sign(&header(), &c));
        match (ok, result) {
            (true, Ok(_)) | (false, Err(JwtError::WrongIssuer)) => {}
            (_, other) => panic!("iss {iss}: {other:?}"),
        }
    }
    let c = with(t.valid(), |c| {
        c.insert("iss".into(), json!(7));
    });
    assert!(matches!(
        local_err(&v, &sign(&header(), &c)),
        JwtError::InvalidClaim("iss")
    ));
}

#[test]
fn every_time_claim_is_required_and_typed() {
    let t = Setup::new();
    let v = t.verifier();
    for name in ["aud", "iss", "exp", "iat", "nbf"] {
        for missing in [None, Some(Value::Null)] {
            let c = with(t.valid(), |c| match missing {
                None => {
                    c.remove(name);
                }
                Some(v) => {
                    c.insert(name.into(), v);
                }
            });
            let err = local_err(&v, &sign(&header(), &c));
            assert!(
                matches!(err, JwtError::MissingClaim(n) if n == name),
                "{name}: {err:?}"
            );
        }
    }
    for name in ["exp", "iat", "nbf"] {
        let now = t.clock.unix();
        for bad in [json!(now.to_string()), json!(true), json!([now])] {
            let c = with(t.valid(), |c| {
                c.insert(name.into(), bad);
            });
            let err = local_err(&v, &sign(&header(), &c));
            assert!(
                matches!(err, JwtError::InvalidClaim(n) if n == name),
                "{name}: {err:?}"
            );
        }
    }
    for name in ["sub", "jti"] {
        let c = with(t.valid(), |c| {
            c.insert(name.into(), json!(1));
        });
        let err = local_err(&v, &sign(&header(), &c));
        assert!(
            matches!(err, JwtError::InvalidClaim(n) if n == name),
            "{name}: {err:?}"
        );
    }
}

#[test]
fn exp_nbf_and_iat_are_honoured_with_the_leeway() {
    let t = Setup::new();
    let strict = t.verifier();
    let lenient = t
        .verifier()
        .options(JwtOptions::new().leeway(Duration::from_secs(10)));
    let now = t.clock.unix();
    let set = |name: &str, value: i64| {
        sign(
            &header(),
            &with(t.valid(), |c| {
                c.insert(name.into(), json!(value));
            }),
        )
    };
    // exp: expired at `now` (exp <= now) and 5 s ago; the leeway covers 5 s, not 11.
    assert!(matches!(
        local_err(&strict, &set("exp", now)),
        JwtError::Expired
    ));
    assert!(matches!(
        local_err(&strict, &set("exp", now - 5)),
        JwtError::Expired
    ));
    lenient.authenticate_local(&set("exp", now - 5)).unwrap();
    assert!(matches!(
        local_err(&lenient, &set("exp", now - 11)),
        JwtError::Expired
    ));
    strict.authenticate_local(&set("exp", now + 1)).unwrap();
    // nbf in the future.
    assert!(matches!(
        local_err(&strict, &set("nbf", now + 5)),
        JwtError::NotYetValid
    ));
    lenient.authenticate_local(&set("nbf", now + 5)).unwrap();
    assert!(matches!(
        local_err(&lenient, &set("nbf", now + 11)),
        JwtError::NotYetValid
    ));
    // iat in the future.
    assert!(matches!(
        local_err(&strict, &set("iat", now + 5)),
        JwtError::IssuedInFuture
    ));
    lenient.authenticate_local(&set("iat", now + 5)).unwrap();
    assert!(matches!(
        local_err(&lenient, &set("iat", now + 11)),
        JwtError::IssuedInFuture
    ));
    // Fractions of a second are dropped, as the SDK does.
    let c = with(t.valid(), |c| {
        c.insert("exp".into(), json!(now as f64 + 100.75));
    });
    strict.authenticate_local(&sign(&header(), &c)).unwrap();
    // The clock moves: the same token expires.
    let token = sign(&header(), &t.valid());
    strict.authenticate_local(&token).unwrap();
    t.clock.advance(300);
    assert!(matches!(local_err(&strict, &token), JwtError::Expired));
}

#[test]
fn the_max_token_age_is_measured_from_iat() {
    let t = Setup::new();
    let now = t.clock.unix();
    let token = sign(
        &header(),
        &with(t.valid(), |c| {
            c.insert("iat".into(), json!(now - 60));
        }),
    );
    let age = |secs| {
        t.verifier()
            .options(JwtOptions::new().max_token_age(Duration::from_secs(secs)))
    };
    assert!(matches!(local_err(&age(60), &token), JwtError::TooOld));
    assert!(matches!(local_err(&age(0), &token), JwtError::TooOld));
    age(61).authenticate_local(&token).unwrap();
    t.verifier().authenticate_local(&token).unwrap();
}

#[test]
fn malformed_tokens_are_clear_errors() {
    let t = Setup::new();
    let v = t.verifier();
    let good = sign(&header(), &t.valid());
    let parts: Vec<&str> = good.split('.').collect();
    let huge = "a".repeat(MAX_TOKEN_LEN + 1);
    let array_header = format!("{}.{}.{}", base64url_encode(b"[1]"), parts[1], parts[2]);
    let not_json = format!("{}.{}.{}", base64url_encode(b"{alg"), parts[1], parts[2]);
    let padded = format!("{}=.{}.{}", parts[0], parts[1], parts[2]);
    let cases = [
        "",
        ".",
        "..",
        "a.b",
        "a.b.c.d",
        &format!("{good}.{}", parts[2]),
        "!!!.abc.def",
        "eyJ.abc.def",
        &huge,
        &array_header,
        &not_json,
        &padded,
    ];
    for token in cases {
        let err = local_err(&v, token);
        assert!(matches!(err, JwtError::Malformed { .. }), "{err:?}");
    }
    // A payload that is not an object, under a valid signature.
    for payload in [json!([1, 2]), json!("s"), json!(null), json!(1)] {
        let err = local_err(&v, &sign(&header(), &payload));
        assert!(matches!(err, JwtError::Malformed { .. }), "{err:?}");
    }
    // A payload that is not base64url, under the header.
    let bad_payload = format!("{}.{}!.{}", parts[0], parts[1], parts[2]);
    assert!(matches!(
        local_err(&v, &bad_payload),
        JwtError::BadSignature | JwtError::Malformed { .. }
    ));
}

#[test]
fn arbitrary_bytes_and_mutations_never_panic() {
    let t = Setup::new();
    let v = t.verifier();
    let good = sign(&header(), &t.valid());
    v.authenticate_local(&good).unwrap();
    // Every single-byte change of a valid token is refused (or, for a
    // change that decodes to the same bytes, accepted), never a panic.
    let bytes = good.as_bytes();
    let mut accepted = 0;
    for i in (0..bytes.len()).step_by(3) {
        for replacement in [b'A', b'.', b'_', b'=', 0xC3] {
            let mut m = bytes.to_vec();
            m[i] = replacement;
            let Ok(s) = String::from_utf8(m) else {
                continue;
            };
            if v.authenticate_local(&s).is_ok() {
                accepted += 1;
                assert_eq!(s, good);
            }
        }
    }
    assert!(accepted <= bytes.len() / 3 + 1);
    // Random strings.
    let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
    for len in 0..400 {
        let s: String = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                char::from(b"eyJ.-_AZaz09+/=\"{}"[(seed % 18) as usize])
            })
            .collect();
        assert!(v.authenticate_local(&s).is_err());
    }
}

#[test]
fn a_kid_flood_fetches_the_keys_at_most_once_per_30_seconds() {
    let t = Setup::new();
    let v = t.verifier();
    let known = sign(&header(), &t.valid());
    v.authenticate_local(&known).unwrap();
    assert_eq!(t.jwks_served(), 1);
    let random_kid = |i: usize| {
        let h = json!({ "alg": "RS256", "kid": format!("jwk-test-flood-{i}") });
        sign(&h, &t.valid())
    };
    let flood: Vec<String> = (0..200).map(random_kid).collect();
    for token in &flood {
        assert!(matches!(local_err(&v, token), JwtError::UnknownKey));
    }
    // Within 30 s of the first fetch: none.
    assert_eq!(t.jwks_served(), 1);
    t.clock.advance(29);
    for token in &flood {
        assert!(matches!(local_err(&v, token), JwtError::UnknownKey));
    }
    assert_eq!(t.jwks_served(), 1);
    // 30 s on: the first unknown kid fetches once, the rest wait 30 s more.
    t.clock.advance(1);
    for token in &flood {
        assert!(matches!(local_err(&v, token), JwtError::UnknownKey));
    }
    assert_eq!(t.jwks_served(), 2);
    // From many threads at once.
    t.clock.advance(30);
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let (v, flood) = (v.clone(), flood.clone());
            std::thread::spawn(move || {
                for token in &flood {
                    assert!(v.authenticate_local(token).is_err());
                }
            })
        })
        .collect();
    for th in threads {
        th.join().unwrap();
    }
    assert_eq!(t.jwks_served(), 3);
    // Known keys verified throughout; the token's own clock has moved 60 s.
    v.authenticate_local(&sign(&header(), &t.valid())).unwrap();
    assert_eq!(t.client.jwks().fetches(), 3);
}

#[test]
fn keys_are_fetched_again_after_5_minutes() {
    let t = Setup::new();
    let v = t.verifier();
    v.authenticate_local(&sign(&header(), &t.valid())).unwrap();
    t.clock.advance(299);
    v.authenticate_local(&sign(&header(), &t.valid())).unwrap();
    assert_eq!(t.jwks_served(), 1);
    t.clock.advance(1);
    v.authenticate_local(&sign(&header(), &t.valid())).unwrap();
    assert_eq!(t.jwks_served(), 2);
}

#[test]
fn a_jwks_endpoint_that_is_down() {
    let t = Setup::new();
    let v = t.verifier();
    let token = sign(&header(), &t.valid());
    t.jwks_down.store(true, Ordering::SeqCst);
    // No keys yet: the fetch's error, then no new fetch for 30 s.
    let err = local_err(&v, &token);
    let JwtError::KeysUnavailable(Some(cause)) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(cause.status(), Some(500));
    assert!(err.to_string().contains("could not be fetched"), "{err}");
    assert!(matches!(
        local_err(&v, &token),
        JwtError::KeysUnavailable(None)
    ));
    assert_eq!(t.jwks_served(), 1);
    // Back up, 30 s later: fetched and accepted.
    t.jwks_down.store(false, Ordering::SeqCst);
    t.clock.advance(30);
    let token = sign(&header(), &t.valid());
    v.authenticate_local(&token).unwrap();
    assert_eq!(t.jwks_served(), 2);
    // Down again when the keys are due for a refresh: the old keys stay in
    // use, and a fresh token still verifies.
    t.jwks_down.store(true, Ordering::SeqCst);
    t.clock.advance(301);
    let token = sign(&header(), &t.valid());
    v.authenticate_local(&token).unwrap();
    assert_eq!(t.jwks_served(), 3);
    v.authenticate_local(&token).unwrap();
    assert_eq!(t.jwks_served(), 3, "a failed fetch is not retried at once");
    // An unknown kid while it is down: a clear error naming the fetch.
    t.clock.advance(30);
    let other = sign(
        &json!({ "alg": "RS256", "kid": "jwk-test-new" }),
        &t.valid(),
    );
    let err = local_err(&v, &other);
    assert!(matches!(err, JwtError::KeysUnavailable(Some(_))), "{err:?}");
    assert!(err.api_can_settle());
}

#[test]
fn a_fetch_in_progress_does_not_stall_known_keys() {
    let t = Setup::new();
    let v = t.verifier();
    v.authenticate_local(&sign(&header(), &t.valid())).unwrap();
    t.clock.advance(30);
    t.jwks_hold.0.store(true, Ordering::SeqCst);
    t.jwks_hold.1.store(false, Ordering::SeqCst);
    let flood_v = v.clone();
    let unknown = sign(
        &json!({ "alg": "RS256", "kid": "jwk-test-slow" }),
        &t.valid(),
    );
    let fetching = std::thread::spawn(move || flood_v.authenticate_local(&unknown).is_err());
    while !t.jwks_hold.1.load(Ordering::SeqCst) {
        std::thread::yield_now();
    }
    // The fetch is held open by the server; known keys still verify.
    for _ in 0..10 {
        v.authenticate_local(&sign(&header(), &t.valid())).unwrap();
    }
    t.jwks_hold.0.store(false, Ordering::SeqCst);
    assert!(fetching.join().unwrap());
    assert_eq!(t.jwks_served(), 2);
}

/// Logs a new user in through the local server; returns the session JWT.
fn login(client: &Client) -> (String, String) {
    let user = users::Create::builder()
        .phone_number("+15555550123")
        .send(client)
        .unwrap();
    let login = otps::Authenticate::builder()
        .method_id(&user.phone_id)
        .code(OTP_TEST_CODE)
        .session_duration_minutes(60u32)
        .send(client)
        .unwrap();
    // A custom claim, added through the API: the answer's JWT carries it.
    let with_claim = sessions::Authenticate::builder()
        .session_jwt(login.session_jwt.expose())
        .session_custom_claims(json!({ "team": "blue" }).as_object().unwrap().clone())
        .send(client)
        .unwrap();
    (with_claim.session_jwt.expose().to_owned(), user.user_id)
}

#[test]
fn an_expired_or_too_old_token_falls_back_to_the_api() {
    let t = Setup::new();
    let (jwt, user_id) = login(&t.client);
    let v = t.verifier();
    v.authenticate_local(&jwt).unwrap();
    // Ten minutes on, the JWT has expired; its session has not.
    t.clock.advance(600);
    assert!(matches!(local_err(&v, &jwt), JwtError::Expired));
    let before = t.server.requests_served();
    let checked = v.authenticate(&jwt).unwrap();
    assert_eq!(t.server.requests_served(), before + 1);
    assert_eq!(checked.user_id(), user_id);
    let CheckedBy::Api(answer) = &checked.checked_by else {
        panic!("the API decided")
    };
    // The API's fresh JWT verifies locally (with the real clock).
    let fresh = answer.session_jwt.expose();
    let real = JwtVerifier::new(&t.client)
        .authenticate_local(fresh)
        .unwrap();
    assert_eq!(real.session.session_id, checked.session.session_id);
    assert_eq!(real.custom_claims().get("team"), Some(&json!("blue")));
    // A max age of zero sends every token to the API.
    let always =
        JwtVerifier::new(&t.client).options(JwtOptions::new().max_token_age(Duration::ZERO));
    assert!(matches!(
        always.authenticate(fresh).unwrap().checked_by,
        CheckedBy::Api(_)
    ));
}

#[test]
fn a_forged_token_is_refused_without_asking_the_api() {
    let t = Setup::new();
    let (jwt, _) = login(&t.client);
    let v = t.verifier();
    v.authenticate(&jwt).unwrap();
    let mut forged = jwt.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == 'A' { 'Q' } else { 'A' });
    let before = t.server.requests_served();
    for token in [forged.as_str(), "a.b.c", "x"] {
        let err = v.authenticate(token).unwrap_err();
        assert!(!err.api_can_settle(), "{err:?}");
    }
    let foreign = sign(
        &header(),
        &with(t.valid(), |c| {
            c.insert("aud".into(), json!(["project-test-other"]));
        }),
    );
    assert!(matches!(
        v.authenticate(&foreign),
        Err(JwtError::WrongAudience)
    ));
    assert_eq!(t.server.requests_served(), before);
}

#[test]
fn flow_login_verify_revoke() {
    let t = Setup::new();
    let (jwt, user_id) = login(&t.client);
    let v = JwtVerifier::new(&t.client);
    // Verified locally: the session, its user, its claims.
    let local = v.authenticate_local(&jwt).unwrap();
    assert_eq!(local.user_id(), user_id);
    assert!(matches!(local.checked_by, CheckedBy::Locally { .. }));
    assert_eq!(local.session.authentication_factors[0].kind, "otp");
    assert_eq!(local.custom_claims().get("team"), Some(&json!("blue")));
    // The API agrees.
    let remote = v.authenticate_remote(&jwt).unwrap();
    assert_eq!(remote.session.session_id, local.session.session_id);
    assert_eq!(remote.session_claim().id, local.session_claim().id);
    // Revoked: the API refuses the JWT...
    sessions::Revoke::builder()
        .session_id(&local.session.session_id)
        .send(&t.client)
        .unwrap();
    let err = v.authenticate_remote(&jwt).unwrap_err();
    let JwtError::Api(cause) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(cause.status(), Some(404));
    // ...while the local check still accepts it until it expires, as with
    // Stytch: the keys cannot know about the revocation.
    let still = v.authenticate_local(&jwt).unwrap();
    assert_eq!(still.session.session_id, local.session.session_id);
    // With a max age that the token exceeds, the fallback reaches the API
    // and the revocation shows.
    let strict =
        JwtVerifier::new(&t.client).options(JwtOptions::new().max_token_age(Duration::ZERO));
    assert!(matches!(strict.authenticate(&jwt), Err(JwtError::Api(_))));
}

#[test]
fn no_token_in_debug_or_display() {
    let t = Setup::new();
    let (jwt, _) = login(&t.client);
    let v = t.verifier();
    let signature = jwt.rsplit('.').next().unwrap().to_owned();
    let payload = jwt.split('.').nth(1).unwrap().to_owned();
    let checked = v.authenticate(&jwt).unwrap();
    t.clock.advance(600);
    let via_api = v.authenticate(&jwt).unwrap();
    let parsed = stytch_endpoints::runtime::jwt::Token::parse(&jwt).unwrap();
    let mut texts = vec![
        format!("{parsed:?}"),
        format!("{v:?}"),
        format!("{checked:?}"),
        format!("{via_api:?}"),
    ];
    let mut broken = jwt.clone();
    broken.insert(10, '!');
    for token in [broken.as_str(), &jwt[..jwt.len() - 3], "a.b.c"] {
        let e = v.authenticate(token).unwrap_err();
        texts.push(format!("{e:?}"));
        texts.push(e.to_string());
    }
    let CheckedBy::Api(answer) = &via_api.checked_by else {
        panic!("api")
    };
    let fresh = answer.session_jwt.expose().to_owned();
    for text in texts {
        for secret in [&jwt, &signature, &payload, &fresh] {
            assert!(!text.contains(secret.as_str()), "leak in {text}");
        }
    }
}

#[test]
fn the_jwks_needs_no_credentials_as_with_stytch() {
    let t = Setup::new();
    let wrong = Client::builder(t.project(), "secret-test-wrong")
        .base_url(t.server.base_url())
        .build()
        .unwrap();
    let answer = sessions::GetJwks::builder()
        .project_id(t.project())
        .send(&wrong)
        .unwrap();
    assert_eq!(answer.keys[0].kid, TEST_KEY_ID);
    // Other calls still need them.
    let wrong = Client::builder(t.project(), "secret-test-wrong")
        .base_url(t.server.base_url())
        .build()
        .unwrap();
    let err = sessions::List::builder()
        .user_id(stytch_local::DEMO_USER_ID)
        .send(&wrong)
        .unwrap_err();
    assert_eq!(err.status(), Some(401));
}
