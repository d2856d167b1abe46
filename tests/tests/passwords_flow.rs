//! Passwords against the local server, through our client only: sign-up
//! with a password, login, a wrong password, reset by email (the token
//! read from the server's outbox), reset with the old password, strength
//! scores, imported hashes, and the sessions all this makes.

use std::time::Duration;

use ring::{digest, pbkdf2};
use stytch_endpoints::passwords::{self, Pbkdf2Config, Sha1Config};
use stytch_endpoints::runtime::encode::base64;
use stytch_endpoints::types::{AuthenticationFactorDeliveryMethod, AuthenticationFactorType};
use stytch_endpoints::{Client, Error, sessions, users};
use stytch_local::{LocalServer, Purpose};
use stytch_tests::raw_call;

const EMAIL: &str = "ada@example.com";
const FIRST: &str = "correct horse battery staple";
const SECOND: &str = "analytical engine punch cards";
const THIRD: &str = "notes on the bernoulli numbers";

/// The Stytch status and error type of a failed call.
fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> (u16, String) {
    match result {
        Err(Error::Api(e)) => (e.status, e.error_type),
        other => panic!("expected a Stytch error, got {other:?}"),
    }
}

fn login(
    client: &Client,
    email: &str,
    password: &str,
) -> Result<passwords::AuthenticateResponse, Error> {
    passwords::Authenticate::builder()
        .email(email)
        .password(password)
        .session_duration_minutes(30u32)
        .send(client)
}

/// Whether `token` names a live session, per the server.
fn live(client: &Client, token: &str) -> bool {
    match sessions::Authenticate::builder()
        .session_token(token)
        .send(client)
    {
        Ok(_) => true,
        Err(Error::Api(e)) if e.error_type == "session_not_found" => false,
        Err(e) => panic!("sessions::Authenticate failed: {e}"),
    }
}

#[test]
fn create_login_reset_by_email_and_by_old_password() {
    let server = LocalServer::start().unwrap();
    let client = server.client();

    // Sign-up: the user, their address, a password factor and a session.
    let created = passwords::Create::builder()
        .email(EMAIL)
        .password(FIRST)
        .session_duration_minutes(60u32)
        .send(&client)
        .unwrap();
    assert_eq!(created.user.emails[0].email, EMAIL);
    assert_eq!(created.user.emails[0].email_id, created.email_id);
    let password_id = created.user.password.as_ref().unwrap().password_id.clone();
    assert!(password_id.starts_with("password-test-"));
    let factor = &created.session.as_ref().unwrap().authentication_factors[0];
    assert_eq!(factor.kind, AuthenticationFactorType::Password);
    assert_eq!(
        factor.delivery_method,
        AuthenticationFactorDeliveryMethod::Knowledge
    );
    assert_eq!(factor.email_factor.as_ref().unwrap().email_address, EMAIL);
    let again = passwords::Create::builder()
        .email("ADA@example.com")
        .password(FIRST)
        .send(&client);
    assert_eq!(api_error(again), (400, "duplicate_email".into()));
    let weak = passwords::Create::builder()
        .email("grace@example.com")
        .password("password1")
        .send(&client);
    assert_eq!(api_error(weak), (400, "weak_password".into()));

    // Login: a real session of the server.
    let first = login(&client, EMAIL, FIRST).unwrap();
    assert_eq!(first.user_id, created.user_id);
    let first_token = first.session_token.expose().to_owned();
    let checked = sessions::Authenticate::builder()
        .session_jwt(first.session_jwt.expose())
        .send(&client)
        .unwrap();
    assert_eq!(checked.user.user_id, created.user_id);
    assert_eq!(
        checked.session.authentication_factors[0].kind,
        AuthenticationFactorType::Password
    );
    // Without a duration, no session.
    let bare = passwords::Authenticate::builder()
        .email(EMAIL)
        .password(FIRST)
        .send(&client)
        .unwrap();
    assert!(bare.session.is_none());
    assert_eq!(bare.session_token.expose(), "");

    // A wrong password and an unknown address get Stytch's errors.
    assert_eq!(
        api_error(login(&client, EMAIL, "correct horse battery stapler")),
        (401, "unauthorized_credentials".into())
    );
    assert_eq!(
        api_error(login(&client, "nobody@example.com", FIRST)),
        (404, "email_not_found".into())
    );

    // Reset by email: the link goes to the outbox; the token sets a new
    // password once and logs the user in.
    let started = passwords::ResetByEmailStart::builder()
        .email(EMAIL)
        .reset_password_redirect_url("https://app.example/reset")
        .send(&client)
        .unwrap();
    assert_eq!(started.user_id, created.user_id);
    assert_eq!(started.email_id, created.email_id);
    let message = server
        .last_message_to(EMAIL)
        .expect("a reset link was sent");
    assert_eq!(message.purpose, Purpose::PasswordReset);
    let token = message.secret().to_owned();
    assert_eq!(
        message.link.as_deref(),
        Some(
            format!("https://app.example/reset?stytch_token_type=reset_password&token={token}")
                .as_str()
        )
    );
    assert_eq!(message.expires_at - message.sent_at, 30 * 60);
    // A weak password does not spend the token.
    let weak = passwords::ResetByEmail::builder()
        .token(&token)
        .password("qwerty123")
        .send(&client);
    assert_eq!(api_error(weak), (400, "weak_password".into()));
    let reset = passwords::ResetByEmail::builder()
        .token(&token)
        .password(SECOND)
        .session_duration_minutes(30u32)
        .send(&client)
        .unwrap();
    assert_eq!(reset.user_id, created.user_id);
    assert!(reset.user.emails[0].verified);
    assert_eq!(
        reset.user.password.as_ref().unwrap().password_id,
        password_id
    );
    let reset_token = reset.session_token.expose().to_owned();
    assert!(live(&client, &reset_token));
    // The user's other sessions ended.
    assert!(!live(&client, &first_token));
    // The token works once.
    let reused = passwords::ResetByEmail::builder()
        .token(&token)
        .password(THIRD)
        .send(&client);
    assert_eq!(
        api_error(reused),
        (401, "unable_to_auth_password_reset_token".into())
    );
    // Old password refused, new one accepted.
    assert_eq!(
        api_error(login(&client, EMAIL, FIRST)),
        (401, "unauthorized_credentials".into())
    );
    assert_eq!(
        login(&client, EMAIL, SECOND).unwrap().user_id,
        created.user_id
    );

    // A reset link expires (30 minutes by default, here 5).
    passwords::ResetByEmailStart::builder()
        .email(EMAIL)
        .reset_password_expiration_minutes(5u32)
        .send(&client)
        .unwrap();
    let late = server.last_message_to(EMAIL).unwrap().secret().to_owned();
    server.advance_clock(Duration::from_secs(5 * 60));
    let expired = passwords::ResetByEmail::builder()
        .token(&late)
        .password(THIRD)
        .send(&client);
    assert_eq!(
        api_error(expired),
        (401, "unable_to_auth_password_reset_token".into())
    );
    let bounds = passwords::ResetByEmailStart::builder()
        .email(EMAIL)
        .reset_password_expiration_minutes(4u32)
        .send(&client);
    assert_eq!(api_error(bounds), (400, "invalid_expiration".into()));
    let unknown = passwords::ResetByEmailStart::builder()
        .email("nobody@example.com")
        .send(&client);
    assert_eq!(api_error(unknown), (404, "email_not_found".into()));

    // Reset with the old password, keeping the session it names.
    let current = login(&client, EMAIL, SECOND).unwrap();
    let current_token = current.session_token.expose().to_owned();
    let other = login(&client, EMAIL, SECOND).unwrap();
    let wrong_old = passwords::ResetByExistingPassword::builder()
        .email(EMAIL)
        .existing_password(FIRST)
        .new_password(THIRD)
        .send(&client);
    assert_eq!(
        api_error(wrong_old),
        (401, "unauthorized_credentials".into())
    );
    let weak_new = passwords::ResetByExistingPassword::builder()
        .email(EMAIL)
        .existing_password(SECOND)
        .new_password("ada12345")
        .send(&client);
    assert_eq!(api_error(weak_new), (400, "weak_password".into()));
    let changed = passwords::ResetByExistingPassword::builder()
        .email(EMAIL)
        .existing_password(SECOND)
        .new_password(THIRD)
        .session_token(&current_token)
        .send(&client)
        .unwrap();
    let kept = changed.session.unwrap();
    assert_eq!(kept.session_id, current.session.unwrap().session_id);
    assert_eq!(kept.authentication_factors.len(), 2);
    assert!(live(&client, &current_token));
    assert!(!live(&client, other.session_token.expose()));
    assert!(!live(&client, &reset_token));
    assert_eq!(
        api_error(login(&client, EMAIL, SECOND)),
        (401, "unauthorized_credentials".into())
    );
    let last = login(&client, EMAIL, THIRD).unwrap();

    // Revoke ends the session.
    let last_token = last.session_token.expose().to_owned();
    sessions::Revoke::builder()
        .session_token(&last_token)
        .send(&client)
        .unwrap();
    assert!(!live(&client, &last_token));

    // Deleting the password ends password logins.
    users::DeletePassword::builder()
        .password_id(&password_id)
        .send(&client)
        .unwrap();
    assert_eq!(
        api_error(login(&client, EMAIL, THIRD)),
        (401, "unauthorized_credentials".into())
    );
}

#[test]
fn a_reset_started_with_pkce_needs_the_verifier() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    passwords::Create::builder()
        .email(EMAIL)
        .password(FIRST)
        .send(&client)
        .unwrap();
    // RFC 7636, appendix B.
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    passwords::ResetByEmailStart::builder()
        .email(EMAIL)
        .code_challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        .send(&client)
        .unwrap();
    let token = server.last_message_to(EMAIL).unwrap().secret().to_owned();
    let reset = |verifier: Option<&str>| {
        passwords::ResetByEmail::builder()
            .token(&token)
            .password(SECOND)
            .maybe_code_verifier(verifier.map(str::to_owned))
            .send(&client)
    };
    assert_eq!(
        api_error(reset(None)),
        (400, "pkce_expected_code_verifier".into())
    );
    assert_eq!(
        api_error(reset(Some("another-verifier"))),
        (400, "pkce_mismatch".into())
    );
    assert_eq!(reset(Some(verifier)).unwrap().user.emails[0].email, EMAIL);
}

#[test]
fn strength_scores_are_deterministic() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    let check = |password: &str, email: Option<&str>| {
        passwords::StrengthCheck::builder()
            .password(password)
            .maybe_email(email.map(str::to_owned))
            .send(&client)
            .unwrap()
    };
    let common = check("password", None);
    assert_eq!(
        (
            common.score,
            common.valid_password,
            common.breached_password
        ),
        (0, false, true)
    );
    assert_eq!(common.strength_policy, "zxcvbn");
    assert!(common.breach_detection_on_create);
    let feedback = common.feedback.unwrap();
    assert_eq!(
        feedback.warning,
        "This password is one of the most used ones."
    );
    let luds = feedback.luds_requirements.unwrap();
    assert!(luds.has_lower_case && !luds.has_upper_case && !luds.has_digit);
    assert_eq!((luds.missing_complexity, luds.missing_characters), (2, 0));

    let short = check("kitten", None);
    assert_eq!((short.score, short.valid_password), (1, false));
    assert_eq!(
        short
            .feedback
            .unwrap()
            .luds_requirements
            .unwrap()
            .missing_characters,
        2
    );

    let strong = check(FIRST, Some(EMAIL));
    assert_eq!((strong.score, strong.valid_password), (4, true));
    let feedback = strong.feedback.unwrap();
    assert_eq!(feedback.warning, "");
    assert!(feedback.suggestions.is_empty());

    // The email's local part does not count towards the strength.
    let own = check("Ada.Lovelace.1815", Some("ada.lovelace@example.com"));
    assert_eq!((own.score, own.valid_password), (2, false));
    assert_eq!(
        own.feedback.unwrap().warning,
        "The password contains your email address."
    );
    assert_eq!(check("Ada.Lovelace.1815", None).score, 4);
    // Same input, same answer.
    assert_eq!(check("qmzvxbwl", None).score, 2);
    assert_eq!(check("qmzvxbwl", None).score, 2);
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn imported_hashes_log_in_with_the_original_password() {
    let server = LocalServer::start().unwrap();
    let client = server.client();

    // A salted SHA-1 from an old system, computed here with ring.
    let old = "old system passphrase";
    let sha1 = digest::digest(
        &digest::SHA1_FOR_LEGACY_USE_ONLY,
        format!("pepper:{old}:1999").as_bytes(),
    );
    let migrated = passwords::Migrate::builder()
        .email("grace@example.com")
        .hash(hex(sha1.as_ref()).to_uppercase())
        .hash_type("sha_1")
        .sha_1_config(Sha1Config::new("pepper:", ":1999"))
        .set_email_verified(true)
        .phone_number("+12025550163")
        .external_id("legacy-42")
        .send(&client)
        .unwrap();
    assert!(migrated.user_created);
    assert!(migrated.user.emails[0].verified);
    assert_eq!(migrated.user.external_id.as_deref(), Some("legacy-42"));
    assert_eq!(migrated.user.phone_numbers[0].phone_number, "+12025550163");
    assert!(migrated.user.password.is_some());
    assert_eq!(
        api_error(login(&client, "grace@example.com", "old system passphrasE")),
        (401, "unauthorized_credentials".into())
    );
    let first = login(&client, "grace@example.com", old).unwrap();
    assert_eq!(first.user_id, migrated.user_id);
    // The hash is ours now; the password still works.
    assert_eq!(
        login(&client, "grace@example.com", old).unwrap().user_id,
        migrated.user_id
    );

    // PBKDF2-HMAC-SHA512 with the other system's parameters, onto an
    // existing user.
    let existing = users::Create::builder()
        .email("hopper@example.com")
        .send(&client)
        .unwrap();
    let (salt, rounds) = (b"NaCl-from-the-old-db", 1000u32);
    let mut key = [0u8; 48];
    pbkdf2::derive(
        pbkdf2::PBKDF2_HMAC_SHA512,
        std::num::NonZeroU32::new(rounds).unwrap(),
        salt,
        b"cobol compiler",
        &mut key,
    );
    let pbkdf2_config = || Pbkdf2Config::new(base64(salt), rounds, 48, "sha512");
    let migrated = passwords::Migrate::builder()
        .email("hopper@example.com")
        .hash(base64(&key))
        .hash_type("pbkdf_2")
        .pbkdf_2_config(pbkdf2_config())
        .send(&client)
        .unwrap();
    assert!(!migrated.user_created);
    assert_eq!(migrated.user_id, existing.user_id);
    assert_eq!(
        login(&client, "hopper@example.com", "cobol compiler")
            .unwrap()
            .user_id,
        existing.user_id
    );

    // Malformed imports are refused before anything changes. These are
    // read from the raw answer: our client removes every value a call sent
    // from the error it reports, and the error types here contain the
    // `hash_type` sent (`pbkdf_2`, `sha_1`), so through the client they read
    // `[redacted]_key_length_mismatch`.
    let refused = |call: passwords::Migrate| {
        let (status, body) = raw_call(&server, &call);
        (
            status,
            body["error_type"].as_str().unwrap_or_default().to_owned(),
            body["error_message"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        )
    };
    let base = || {
        passwords::Migrate::builder()
            .email("lamarr@example.com")
            .hash(base64(&key))
    };
    let (status, error_type, _) = refused(
        base()
            .hash_type("pbkdf_2")
            .pbkdf_2_config(Pbkdf2Config::new(base64(salt), rounds, 32, "sha512"))
            .build(),
    );
    assert_eq!(
        (status, error_type.as_str()),
        (400, "pbkdf_2_key_length_mismatch")
    );
    let (status, error_type, _) = refused(
        base()
            .hash_type("pbkdf_2")
            .pbkdf_2_config(Pbkdf2Config::new(base64(salt), rounds, 48, "md5"))
            .build(),
    );
    assert_eq!(
        (status, error_type.as_str()),
        (400, "invalid_pbkdf_2_algorithm")
    );
    let (status, error_type, _) = refused(
        passwords::Migrate::builder()
            .email("lamarr@example.com")
            .hash("not hex")
            .hash_type("sha_1")
            .build(),
    );
    assert_eq!((status, error_type.as_str()), (400, "invalid_sha_1_hash"));
    // Hash types the local server cannot check get a clear error.
    let (status, error_type, message) = refused(
        passwords::Migrate::builder()
            .email("lamarr@example.com")
            .hash("$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy")
            .hash_type("bcrypt")
            .build(),
    );
    assert_eq!((status, error_type.as_str()), (400, "invalid_hash_type"));
    assert!(
        message.contains("`bcrypt`") && message.contains("local server"),
        "{message}"
    );
    // Through the client, the same error keeps its status and type.
    let through_client = passwords::Migrate::builder()
        .email("lamarr@example.com")
        .hash("$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy")
        .hash_type("argon_2id")
        .send(&client);
    assert_eq!(api_error(through_client), (400, "invalid_hash_type".into()));
    // Nothing was created for the refused imports.
    assert_eq!(
        api_error(login(&client, "lamarr@example.com", "x")),
        (404, "email_not_found".into())
    );
}
