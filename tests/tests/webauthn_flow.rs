//! Passkeys against the local server, through our client only: a user
//! logged in by OTP registers a passkey made here with `ring` (as a
//! browser would), logs in with it into a session that
//! `sessions::Authenticate` accepts and `sessions::Revoke` ends, renames
//! and lists it, and removes it; replayed and wrong challenges, malformed
//! credentials, bad signatures and a counter that goes back are refused
//! with Stytch's errors. Then the three other ways into a session:
//! migrate, exchange_access_token and attest.

#[path = "common/passkey.rs"]
mod passkey;

use passkey::{Passkey, b64url, challenge_of, options, unbase64};
use serde_json::Value;
use stytch_endpoints::types::{AuthenticationFactorDeliveryMethod, AuthenticationFactorType};
use stytch_endpoints::{Client, Error, otps, sessions, users, webauthn};
use stytch_local::{
    ACCESS_TOKEN_TEST_TOKEN, DEMO_SESSION_TOKEN, DEMO_USER_ID, IDP_TEST_CLIENT_ID, LocalServer,
    MIGRATE_TEST_TOKEN_PREFIX, OTP_TEST_CODE, TRUSTED_AUTH_TEST_PROFILE_ID,
    TRUSTED_AUTH_TEST_TOKEN_PREFIX,
};

const DOMAIN: &str = "example.com";
const ORIGIN: &str = "https://login.example.com";

/// The Stytch status and error type of a failed call.
fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> (u16, String) {
    match result {
        Err(Error::Api(e)) => (e.status, e.error_type),
        other => panic!("expected a Stytch error, got {other:?}"),
    }
}

fn malformed() -> (u16, String) {
    (400, "invalid_public_key_credential".into())
}

fn refused() -> (u16, String) {
    (401, "unable_to_auth_webauthn_registration".into())
}

/// A registration challenge for the user (base64url options).
fn register_challenge(client: &Client, user_id: &str) -> String {
    let started = webauthn::RegisterStart::builder()
        .user_id(user_id)
        .domain(DOMAIN)
        .use_base64_url_encoding(true)
        .send(client)
        .unwrap();
    challenge_of(&options(&started.public_key_credential_creation_options))
}

/// A login challenge for the user's passkeys on the domain.
fn login_challenge(client: &Client, user_id: &str) -> String {
    let started = webauthn::AuthenticateStart::builder()
        .domain(DOMAIN)
        .user_id(user_id)
        .use_base64_url_encoding(true)
        .send(client)
        .unwrap();
    challenge_of(&options(&started.public_key_credential_request_options))
}

fn register(
    client: &Client,
    user_id: &str,
    credential: &Value,
) -> Result<webauthn::RegisterResponse, Error> {
    webauthn::Register::builder()
        .user_id(user_id)
        .public_key_credential(credential.to_string())
        .send(client)
}

fn log_in(client: &Client, assertion: &Value) -> Result<webauthn::AuthenticateResponse, Error> {
    webauthn::Authenticate::builder()
        .public_key_credential(assertion.to_string())
        .session_duration_minutes(30u32)
        .send(client)
}

/// Changes one byte of a base64url member of `response`.
fn spoil(credential: &mut Value, member: &str, at: usize) {
    let text = credential["response"][member].as_str().unwrap();
    let mut bytes = unbase64(text);
    let i = at.min(bytes.len() - 1);
    bytes[i] ^= 0x01;
    credential["response"][member] = Value::String(b64url(&bytes));
}

#[test]
fn a_passkey_is_registered_then_logs_in_to_a_real_session() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    let ada = users::Create::builder()
        .email("ada@example.com")
        .send(&client)
        .unwrap();
    let otp = otps::Authenticate::builder()
        .method_id(&ada.email_id)
        .code(OTP_TEST_CODE)
        .session_duration_minutes(60u32)
        .send(&client)
        .unwrap();
    let otp_token = otp.session_token.expose().to_owned();

    // The creation options, in WebAuthn's JSON form.
    let started = webauthn::RegisterStart::builder()
        .user_id(&ada.user_id)
        .domain(DOMAIN)
        .user_agent("Firefox/128")
        .return_passkey_credential_options(true)
        .use_base64_url_encoding(true)
        .send(&client)
        .unwrap();
    assert_eq!(started.user_id, ada.user_id);
    let opts = options(&started.public_key_credential_creation_options);
    assert_eq!(opts["rp"]["id"], DOMAIN);
    assert_eq!(opts["user"]["id"], b64url(ada.user_id.as_bytes()));
    assert_eq!(opts["user"]["name"], "ada@example.com");
    let challenge = challenge_of(&opts);
    assert_eq!(unbase64(&challenge).len(), 32);
    assert_eq!(opts["challenge"], challenge.as_str());
    let algs: Vec<i64> = opts["pubKeyCredParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            assert_eq!(p["type"], "public-key");
            p["alg"].as_i64().unwrap()
        })
        .collect();
    assert_eq!(algs, [-7, -257]);
    assert_eq!(opts["timeout"], 300_000);
    assert_eq!(opts["authenticatorSelection"]["residentKey"], "required");
    assert_eq!(
        opts["authenticatorSelection"]["userVerification"],
        "preferred"
    );
    assert_eq!(opts["attestation"], "none");
    assert_eq!(opts["excludeCredentials"], Value::Array(vec![]));

    // Without base64url encoding, binary values are standard base64.
    let plain = webauthn::RegisterStart::builder()
        .user_id(&ada.user_id)
        .domain(DOMAIN)
        .send(&client)
        .unwrap();
    let plain = options(&plain.public_key_credential_creation_options);
    assert!(plain["challenge"].as_str().unwrap().ends_with('='));
    assert_ne!(challenge_of(&plain), challenge);

    // Malformed credentials are refused, and do not use the challenge up.
    let key = Passkey::new();
    let good = key.register(&challenge, DOMAIN, ORIGIN);
    for spoilt in [
        Value::String("not an object".into()),
        {
            let mut c = good.clone();
            c["type"] = "password".into();
            c
        },
        {
            let mut c = good.clone();
            c["rawId"] = b64url(b"another id").into();
            c
        },
        {
            let mut c = good.clone();
            c["response"]
                .as_object_mut()
                .unwrap()
                .remove("attestationObject");
            c
        },
        {
            // `id` and `rawId` agree, but name another credential than
            // the one the authenticator data attests.
            let mut c = good.clone();
            c["id"] = b64url(b"another id").into();
            c["rawId"] = b64url(b"another id").into();
            c
        },
        {
            let mut c = good.clone();
            c["response"]["attestationObject"] = b64url(&[0xa1, 0x63]).into();
            c
        },
    ] {
        assert_eq!(
            api_error(register(&client, &ada.user_id, &spoilt)),
            malformed(),
            "{spoilt}"
        );
    }
    // A foreign origin or relying party, or no user presence (each uses
    // up its challenge).
    let mut absent = Passkey::new();
    absent.user_present = false;
    for (key, rp_id, origin) in [
        (&key, DOMAIN, "https://evil.test"),
        (&key, "evil.test", ORIGIN),
        (&absent, DOMAIN, ORIGIN),
    ] {
        let other = register_challenge(&client, &ada.user_id);
        let spoilt = key.register(&other, rp_id, origin);
        assert_eq!(
            api_error(register(&client, &ada.user_id, &spoilt)),
            malformed()
        );
    }
    // A challenge this server never issued.
    let invented = key.register(&b64url(&[7u8; 32]), DOMAIN, ORIGIN);
    assert_eq!(
        api_error(register(&client, &ada.user_id, &invented)),
        malformed()
    );

    // The real one, added to the OTP session.
    let registered = webauthn::Register::builder()
        .user_id(&ada.user_id)
        .public_key_credential(good.to_string())
        .session_token(&otp_token)
        .send(&client)
        .unwrap();
    let registration_id = registered.webauthn_registration_id.clone();
    assert!(registration_id.starts_with("webauthn-registration-test-"));
    let listed = &registered.user.webauthn_registrations;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].webauthn_registration_id, registration_id);
    assert_eq!(listed[0].domain, DOMAIN);
    assert_eq!(listed[0].user_agent, "Firefox/128");
    assert!(listed[0].verified);
    let session = registered.session.unwrap();
    assert_eq!(session.session_id, otp.session.unwrap().session_id);
    let kinds: Vec<_> = session
        .authentication_factors
        .iter()
        .map(|f| f.kind.clone())
        .collect();
    assert_eq!(
        kinds,
        [
            AuthenticationFactorType::Otp,
            AuthenticationFactorType::WebAuthn
        ]
    );

    // The challenge worked once.
    assert_eq!(
        api_error(register(&client, &ada.user_id, &good)),
        malformed()
    );

    // Listed per domain, renamed.
    let creds = webauthn::ListCredentials::builder()
        .user_id(&ada.user_id)
        .domain(DOMAIN)
        .send(&client)
        .unwrap();
    assert_eq!(creds.credentials.len(), 1);
    assert_eq!(creds.credentials[0].credential_id, key.id());
    assert_eq!(
        creds.credentials[0].webauthn_registration_id,
        registration_id
    );
    assert_eq!(creds.credentials[0].kind, "public-key");
    assert_eq!(unbase64(&creds.credentials[0].public_key), key.cose_key());
    let elsewhere = webauthn::ListCredentials::builder()
        .user_id(&ada.user_id)
        .domain("other.example")
        .send(&client)
        .unwrap();
    assert!(elsewhere.credentials.is_empty());
    let renamed = webauthn::Update::builder()
        .webauthn_registration_id(&registration_id)
        .name("Work laptop")
        .send(&client)
        .unwrap();
    assert_eq!(renamed.webauthn_registration.unwrap().name, "Work laptop");
    let fetched = users::Get::builder()
        .user_id(&ada.user_id)
        .send(&client)
        .unwrap();
    assert_eq!(fetched.user.webauthn_registrations[0].name, "Work laptop");

    // A second registration start excludes the passkey already there.
    let again = webauthn::RegisterStart::builder()
        .user_id(&ada.user_id)
        .domain(DOMAIN)
        .use_base64_url_encoding(true)
        .send(&client)
        .unwrap();
    let again = options(&again.public_key_credential_creation_options);
    assert_eq!(again["excludeCredentials"][0]["id"], key.id());

    // Logging in: the request options allow the passkey.
    let mut key = key;
    let start = webauthn::AuthenticateStart::builder()
        .domain(DOMAIN)
        .user_id(&ada.user_id)
        .use_base64_url_encoding(true)
        .send(&client)
        .unwrap();
    assert_eq!(start.user_id, ada.user_id);
    let req = options(&start.public_key_credential_request_options);
    assert_eq!(req["rpId"], DOMAIN);
    assert_eq!(req["allowCredentials"][0]["id"], key.id());
    assert_eq!(req["allowCredentials"][0]["type"], "public-key");
    assert_eq!(req["timeout"], 300_000);
    let challenge = challenge_of(&req);

    // A wrong challenge, then a malformed assertion (which leaves the
    // challenge open).
    let wrong = key.assert(&b64url(&[9u8; 32]), DOMAIN, ORIGIN);
    assert_eq!(api_error(log_in(&client, &wrong)), refused());
    let mut no_signature = key.assert(&challenge, DOMAIN, ORIGIN);
    no_signature["response"]
        .as_object_mut()
        .unwrap()
        .remove("signature");
    assert_eq!(api_error(log_in(&client, &no_signature)), malformed());

    let assertion = key.assert(&challenge, DOMAIN, ORIGIN);
    let logged_in = log_in(&client, &assertion).unwrap();
    assert_eq!(logged_in.user_id, ada.user_id);
    assert_eq!(logged_in.webauthn_registration_id, registration_id);
    let session = logged_in.session.unwrap();
    let factor = &session.authentication_factors[0];
    assert_eq!(factor.kind, AuthenticationFactorType::WebAuthn);
    assert_eq!(
        factor.delivery_method,
        AuthenticationFactorDeliveryMethod::WebAuthnRegistration
    );
    let details = factor.webauthn_factor.as_ref().unwrap();
    assert_eq!(details.webauthn_registration_id, registration_id);
    assert_eq!(details.domain, DOMAIN);

    // A replayed assertion: its challenge is used up.
    assert_eq!(api_error(log_in(&client, &assertion)), refused());

    // The session is real: authenticate sees it, revoke ends it.
    let token = logged_in.session_token.expose().to_owned();
    let checked = sessions::Authenticate::builder()
        .session_token(&token)
        .send(&client)
        .unwrap();
    assert_eq!(checked.session.session_id, session.session_id);
    assert_eq!(checked.user.user_id, ada.user_id);
    sessions::Revoke::builder()
        .session_jwt(logged_in.session_jwt.expose())
        .send(&client)
        .unwrap();
    let ended = sessions::Authenticate::builder()
        .session_token(&token)
        .send(&client);
    assert_eq!(api_error(ended), (404, "session_not_found".into()));

    // A bad signature, a wrong origin and a counter that does not grow.
    let mut bad_signature = key.assert(&login_challenge(&client, &ada.user_id), DOMAIN, ORIGIN);
    spoil(&mut bad_signature, "signature", 20);
    assert_eq!(api_error(log_in(&client, &bad_signature)), refused());
    let wrong_origin = key.assert(
        &login_challenge(&client, &ada.user_id),
        DOMAIN,
        "https://example.com.evil.test",
    );
    assert_eq!(api_error(log_in(&client, &wrong_origin)), refused());
    let mut signed_data_changed =
        key.assert(&login_challenge(&client, &ada.user_id), DOMAIN, ORIGIN);
    spoil(&mut signed_data_changed, "authenticatorData", 36);
    assert_eq!(api_error(log_in(&client, &signed_data_changed)), refused());
    key.user_present = false;
    let unattended = key.assert(&login_challenge(&client, &ada.user_id), DOMAIN, ORIGIN);
    assert_eq!(api_error(log_in(&client, &unattended)), refused());
    key.user_present = true;
    key.sign_count = 1;
    let cloned = key.assert(&login_challenge(&client, &ada.user_id), DOMAIN, ORIGIN);
    assert_eq!(api_error(log_in(&client, &cloned)), refused());
    key.sign_count = 50;
    let fine = key.assert(&login_challenge(&client, &ada.user_id), DOMAIN, ORIGIN);
    log_in(&client, &fine).unwrap();

    // Another key with the same id is not the registered one.
    let mut impostor = Passkey::new();
    impostor.credential_id.clone_from(&key.credential_id);
    impostor.sign_count = 100;
    let forged = impostor.assert(&login_challenge(&client, &ada.user_id), DOMAIN, ORIGIN);
    assert_eq!(api_error(log_in(&client, &forged)), refused());

    // Removing the registration ends the passkey.
    let removed = users::DeleteWebAuthnRegistration::builder()
        .webauthn_registration_id(&registration_id)
        .send(&client)
        .unwrap();
    assert!(removed.user.webauthn_registrations.is_empty());
    let after = key.assert(&login_challenge(&client, &ada.user_id), DOMAIN, ORIGIN);
    assert_eq!(api_error(log_in(&client, &after)), refused());
    let creds = webauthn::ListCredentials::builder()
        .user_id(&ada.user_id)
        .domain(DOMAIN)
        .send(&client)
        .unwrap();
    assert!(creds.credentials.is_empty());
    let gone = webauthn::Update::builder()
        .webauthn_registration_id(&registration_id)
        .name("x")
        .send(&client);
    assert_eq!(
        api_error(gone),
        (404, "webauthn_registration_not_found".into())
    );
}

#[test]
fn a_discoverable_passkey_logs_in_without_a_user_id_and_challenges_are_per_user() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    let ada = users::Create::builder()
        .email("ada@example.com")
        .send(&client)
        .unwrap();
    let bob = users::Create::builder()
        .phone_number("+12025550162")
        .send(&client)
        .unwrap();

    // Bob cannot finish with a challenge issued for Ada.
    let mut key = Passkey::new();
    let adas = register_challenge(&client, &ada.user_id);
    let attempt = key.register(&adas, DOMAIN, ORIGIN);
    assert_eq!(
        api_error(register(&client, &bob.user_id, &attempt)),
        malformed()
    );
    // ... and the attempt used it up.
    assert_eq!(
        api_error(register(&client, &ada.user_id, &attempt)),
        malformed()
    );

    let registered = register(
        &client,
        &ada.user_id,
        &key.register(&register_challenge(&client, &ada.user_id), DOMAIN, ORIGIN),
    )
    .unwrap();
    assert!(registered.session.is_none());
    assert_eq!(registered.session_token.expose(), "");

    // No user named: any passkey of the domain may answer.
    let start = webauthn::AuthenticateStart::builder()
        .domain(DOMAIN)
        .send(&client)
        .unwrap();
    assert_eq!(start.user_id, "");
    let req = options(&start.public_key_credential_request_options);
    assert_eq!(req["allowCredentials"], Value::Array(vec![]));
    let logged_in = log_in(&client, &key.assert(&challenge_of(&req), DOMAIN, ORIGIN)).unwrap();
    assert_eq!(logged_in.user_id, ada.user_id);

    // A challenge issued for Bob does not log Ada in.
    let bobs = login_challenge(&client, &bob.user_id);
    assert_eq!(
        api_error(log_in(&client, &key.assert(&bobs, DOMAIN, ORIGIN))),
        refused()
    );

    let unknown = webauthn::RegisterStart::builder()
        .user_id("user-test-unknown")
        .domain(DOMAIN)
        .send(&client);
    assert_eq!(api_error(unknown), (404, "user_not_found".into()));
}

#[test]
fn migrate_exchange_and_attest_start_real_sessions() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    let ada = users::Create::builder()
        .email("ada@example.com")
        .send(&client)
        .unwrap();

    // Migrate: the token names Ada's email (any case).
    let migrated = sessions::Migrate::builder()
        .session_token(format!("{MIGRATE_TEST_TOKEN_PREFIX}Ada@Example.com"))
        .session_duration_minutes(30u32)
        .send(&client)
        .unwrap();
    assert_eq!(migrated.user_id, ada.user_id);
    let session = migrated.session.clone().unwrap();
    assert_eq!(
        session.authentication_factors[0].kind,
        AuthenticationFactorType::Imported
    );
    let token = migrated.session_token.expose().to_owned();
    let checked = sessions::Authenticate::builder()
        .session_token(&token)
        .send(&client)
        .unwrap();
    assert_eq!(checked.session.session_id, session.session_id);
    let foreign = sessions::Migrate::builder()
        .session_token("eyJhbGciOiJSUzI1NiJ9.e30.sig")
        .send(&client);
    assert_eq!(
        api_error(foreign),
        (401, "unable_to_migrate_session".into())
    );
    let stranger = sessions::Migrate::builder()
        .session_token(format!("{MIGRATE_TEST_TOKEN_PREFIX}nobody@example.com"))
        .send(&client);
    assert_eq!(api_error(stranger), (404, "email_not_found".into()));

    // Attest adds a trusted token factor to the migrated session.
    let attested = sessions::Attest::builder()
        .profile_id(TRUSTED_AUTH_TEST_PROFILE_ID)
        .token(format!("{TRUSTED_AUTH_TEST_TOKEN_PREFIX}ada@example.com"))
        .session_token(&token)
        .send(&client)
        .unwrap();
    let joined = attested.session.unwrap();
    assert_eq!(joined.session_id, session.session_id);
    assert_eq!(joined.authentication_factors.len(), 2);
    let trusted = &joined.authentication_factors[1];
    assert_eq!(trusted.kind, AuthenticationFactorType::TrustedAuthToken);
    assert_eq!(
        trusted.delivery_method,
        AuthenticationFactorDeliveryMethod::TrustedTokenExchange
    );
    assert!(trusted.trusted_auth_token_factor.is_some());
    // Another user's session is not Ada's to extend.
    let mismatch = sessions::Attest::builder()
        .profile_id(TRUSTED_AUTH_TEST_PROFILE_ID)
        .token(format!("{TRUSTED_AUTH_TEST_TOKEN_PREFIX}ada@example.com"))
        .session_token(DEMO_SESSION_TOKEN)
        .send(&client);
    assert_eq!(api_error(mismatch), (400, "session_user_mismatch".into()));
    let profile = sessions::Attest::builder()
        .profile_id("trusted-auth-token-profile-test-other")
        .token(format!("{TRUSTED_AUTH_TEST_TOKEN_PREFIX}ada@example.com"))
        .send(&client);
    assert_eq!(
        api_error(profile),
        (404, "trusted_auth_token_profile_not_found".into())
    );
    let untrusted = sessions::Attest::builder()
        .profile_id(TRUSTED_AUTH_TEST_PROFILE_ID)
        .token("eyJhbGciOiJSUzI1NiJ9.e30.sig")
        .send(&client);
    assert_eq!(
        api_error(untrusted),
        (401, "invalid_trusted_auth_token".into())
    );

    // Revoking ends the migrated session.
    sessions::Revoke::builder()
        .session_token(&token)
        .send(&client)
        .unwrap();
    let ended = sessions::Authenticate::builder()
        .session_token(&token)
        .send(&client);
    assert_eq!(api_error(ended), (404, "session_not_found".into()));

    // The test access token logs the demo user in, once.
    let exchanged = sessions::ExchangeAccessToken::builder()
        .access_token(ACCESS_TOKEN_TEST_TOKEN)
        .send(&client)
        .unwrap();
    assert_eq!(exchanged.user_id, DEMO_USER_ID);
    let factor = &exchanged.session.as_ref().unwrap().authentication_factors[0];
    assert_eq!(
        factor.delivery_method,
        AuthenticationFactorDeliveryMethod::OAuthAccessTokenExchange
    );
    assert_eq!(
        factor
            .oauth_access_token_exchange_factor
            .as_ref()
            .unwrap()
            .client_id,
        IDP_TEST_CLIENT_ID
    );
    sessions::Authenticate::builder()
        .session_jwt(exchanged.session_jwt.expose())
        .send(&client)
        .unwrap();
    let twice = sessions::ExchangeAccessToken::builder()
        .access_token(ACCESS_TOKEN_TEST_TOKEN)
        .send(&client);
    assert_eq!(
        api_error(twice),
        (404, "idp_access_token_could_not_be_exchanged".into())
    );
    let unknown = sessions::ExchangeAccessToken::builder()
        .access_token("not-an-access-token")
        .send(&client);
    assert_eq!(
        api_error(unknown),
        (404, "idp_access_token_not_found".into())
    );
}
