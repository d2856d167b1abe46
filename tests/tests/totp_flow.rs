//! An authenticator app as a second factor, against the local server and
//! through our client only: a user logs in with an OTP, enrols an app,
//! adds a code computed here (RFC 6238, as any app would) to the same
//! session, recovers once with a recovery code, and removes the app.

#[path = "common/totp.rs"]
mod totp;

use stytch_endpoints::types::{AuthenticationFactorDeliveryMethod, AuthenticationFactorType};
use stytch_endpoints::{Error, otps, sessions, totps, users};
use stytch_local::{LocalServer, OTP_TEST_CODE};

/// The Stytch status and error type of a failed call.
fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> (u16, String) {
    match result {
        Err(Error::Api(e)) => (e.status, e.error_type),
        other => panic!("expected a Stytch error, got {other:?}"),
    }
}

#[test]
fn otp_then_totp_on_one_session_then_recovery_and_removal() {
    let server = LocalServer::start().unwrap();
    let client = server.client();

    // First factor: a user and an OTP login.
    let ada = users::Create::builder()
        .phone_number("+12025550162")
        .send(&client)
        .unwrap();
    let login = otps::Authenticate::builder()
        .method_id(&ada.phone_id)
        .code(OTP_TEST_CODE)
        .session_duration_minutes(60u32)
        .send(&client)
        .unwrap();
    let token = login.session_token.expose().to_owned();
    let session_id = login.session.as_ref().unwrap().session_id.clone();

    // Enrolment: a real secret, ten recovery codes, an unverified factor.
    let enrolled = totps::Create::builder()
        .user_id(&ada.user_id)
        .send(&client)
        .unwrap();
    let secret = enrolled.secret.expose().to_owned();
    assert_eq!(totp::decode_base32(&secret).len(), 20);
    assert_eq!(enrolled.recovery_codes.len(), 10);
    assert_eq!(enrolled.user.totps.len(), 1);
    assert!(!enrolled.user.totps[0].verified);
    let qr = enrolled.qr_code.expose();
    let uri = qr
        .strip_prefix("data:text/plain;base64,")
        .expect("the QR code is a data URL");
    assert!(!uri.is_empty());

    // A wrong code is refused, with Stytch's error type.
    let wrong = totps::Authenticate::builder()
        .user_id(&ada.user_id)
        .totp_code(totp::wrong_code(&secret))
        .session_token(&token)
        .send(&client);
    assert_eq!(
        api_error(wrong),
        (401, "unable_to_authenticate_totp".into())
    );

    // Second factor on the same session, with the code an app shows now.
    let code = totp::code(&secret, totp::step_now());
    let second = totps::Authenticate::builder()
        .user_id(&ada.user_id)
        .totp_code(&code)
        .session_token(&token)
        .send(&client)
        .unwrap();
    assert_eq!(second.totp_id, enrolled.totp_id);
    assert!(second.user.totps[0].verified);
    let session = second.session.unwrap();
    assert_eq!(session.session_id, session_id);
    let kinds: Vec<_> = session
        .authentication_factors
        .iter()
        .map(|f| (f.kind.clone(), f.delivery_method.clone()))
        .collect();
    assert_eq!(
        kinds,
        [
            (
                AuthenticationFactorType::Otp,
                AuthenticationFactorDeliveryMethod::Sms
            ),
            (
                AuthenticationFactorType::Totp,
                AuthenticationFactorDeliveryMethod::AuthenticatorApp
            ),
        ]
    );
    // The same code again is refused: each code works once.
    let replay = totps::Authenticate::builder()
        .user_id(&ada.user_id)
        .totp_code(&code)
        .send(&client);
    assert_eq!(
        api_error(replay),
        (400, "totp_code_already_authenticated".into())
    );

    // The session is a real one: authenticate and list see both factors.
    let checked = sessions::Authenticate::builder()
        .session_token(&token)
        .send(&client)
        .unwrap();
    assert_eq!(checked.session.authentication_factors.len(), 2);
    let listed = sessions::List::builder()
        .user_id(&ada.user_id)
        .send(&client)
        .unwrap();
    assert_eq!(listed.sessions.len(), 1);

    // A recovery code logs in once, into a new session here.
    let recovery = enrolled.recovery_codes[3].expose().to_owned();
    let recovered = totps::Recover::builder()
        .user_id(&ada.user_id)
        .recovery_code(&recovery)
        .session_duration_minutes(30u32)
        .send(&client)
        .unwrap();
    assert_eq!(recovered.totp_id, enrolled.totp_id);
    let factors = &recovered.session.as_ref().unwrap().authentication_factors;
    assert_eq!(factors[0].kind, AuthenticationFactorType::RecoveryCodes);
    assert!(factors[0].recovery_code_factor.is_some());
    let again = totps::Recover::builder()
        .user_id(&ada.user_id)
        .recovery_code(&recovery)
        .send(&client);
    assert_eq!(
        api_error(again),
        (401, "unable_to_authenticate_recovery_code".into())
    );
    let left = totps::RecoveryCodes::builder()
        .user_id(&ada.user_id)
        .send(&client)
        .unwrap();
    assert_eq!(left.totps.len(), 1);
    assert!(left.totps[0].verified);
    assert_eq!(left.totps[0].recovery_codes.len(), 9);
    assert!(
        left.totps[0]
            .recovery_codes
            .iter()
            .all(|c| c.expose() != recovery)
    );

    // The recovery session is as real as the first: revoke ends it.
    let recovery_token = recovered.session_token.expose().to_owned();
    sessions::Revoke::builder()
        .session_token(&recovery_token)
        .send(&client)
        .unwrap();
    let ended = sessions::Authenticate::builder()
        .session_token(&recovery_token)
        .send(&client);
    assert_eq!(api_error(ended), (404, "session_not_found".into()));

    // Removing the app: gone from the user, and its codes no longer work.
    let removed = users::DeleteTotp::builder()
        .totp_id(&enrolled.totp_id)
        .send(&client)
        .unwrap();
    assert!(removed.user.totps.is_empty());
    let user = users::Get::builder()
        .user_id(&ada.user_id)
        .send(&client)
        .unwrap();
    assert!(user.user.totps.is_empty());
    let gone = users::DeleteTotp::builder()
        .totp_id(&enrolled.totp_id)
        .send(&client);
    assert_eq!(api_error(gone), (404, "totp_not_found".into()));
    let after = totps::Authenticate::builder()
        .user_id(&ada.user_id)
        .totp_code(totp::code(&secret, totp::step_now() + 1))
        .send(&client);
    assert_eq!(api_error(after), (404, "totps_not_found_for_user".into()));
    let codes = totps::RecoveryCodes::builder()
        .user_id(&ada.user_id)
        .send(&client)
        .unwrap();
    assert!(codes.totps.is_empty());
}

#[test]
fn an_active_app_blocks_a_second_enrolment_and_expiry_is_bounded() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    let ada = users::Create::builder()
        .email("ada@example.com")
        .send(&client)
        .unwrap();
    let too_long = totps::Create::builder()
        .user_id(&ada.user_id)
        .expiration_minutes(2000u32)
        .send(&client);
    assert_eq!(api_error(too_long), (400, "invalid_expiration".into()));

    // An unverified enrolment is replaced by the next one.
    let first = totps::Create::builder()
        .user_id(&ada.user_id)
        .send(&client)
        .unwrap();
    let second = totps::Create::builder()
        .user_id(&ada.user_id)
        .expiration_minutes(5u32)
        .send(&client)
        .unwrap();
    assert_ne!(first.totp_id, second.totp_id);
    assert_eq!(second.user.totps.len(), 1);
    // The replaced secret no longer works; the new one does.
    let old = totps::Authenticate::builder()
        .user_id(&ada.user_id)
        .totp_code(totp::code(first.secret.expose(), totp::step_now()))
        .send(&client);
    assert_eq!(api_error(old), (401, "unable_to_authenticate_totp".into()));
    totps::Authenticate::builder()
        .user_id(&ada.user_id)
        .totp_code(totp::code(second.secret.expose(), totp::step_now() - 1))
        .send(&client)
        .unwrap();

    let blocked = totps::Create::builder().user_id(&ada.user_id).send(&client);
    assert_eq!(api_error(blocked), (400, "active_totp_exists".into()));
}
