//! Logging in with magic links and one-time passcodes, against the local
//! server and through our client only. Links and codes are read back from
//! the server's outbox (`LocalServer::last_message_to`), as a user would
//! read them from their inbox or phone; every session ends up checked by
//! `sessions::Authenticate` and ended by `sessions::Revoke`.

#[path = "common/totp.rs"]
mod totp;

use std::time::Duration;

use stytch_endpoints::types::{
    AuthenticationFactorDeliveryMethod as Delivery, AuthenticationFactorType as Kind, Name,
};
use stytch_endpoints::{Client, Error, magic_links, otps, sessions, totps, users};
use stytch_local::{
    Channel, DEMO_USER_ID, LocalServer, MAGIC_LINK_TEST_TOKEN, OTP_TEST_CODE, Purpose, SentMessage,
};

/// The Stytch status and error type of a failed call.
fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> (u16, String) {
    match result {
        Err(Error::Api(e)) => {
            assert!(!e.error_message.is_empty());
            (e.status, e.error_type)
        }
        other => panic!("expected a Stytch error, got {other:?}"),
    }
}

fn last(server: &LocalServer, address: &str) -> SentMessage {
    server
        .last_message_to(address)
        .unwrap_or_else(|| panic!("nothing was sent to {address}"))
}

/// The kind and delivery method of each factor of a session.
fn factors(session: &stytch_endpoints::types::Session) -> Vec<(Kind, Delivery)> {
    session
        .authentication_factors
        .iter()
        .map(|f| (f.kind.clone(), f.delivery_method.clone()))
        .collect()
}

/// Checks the session is live, revokes it, and checks it is gone.
fn check_then_revoke(client: &Client, token: &str, session_id: &str) {
    let live = sessions::Authenticate::builder()
        .session_token(token)
        .send(client)
        .unwrap();
    assert_eq!(live.session.session_id, session_id);
    sessions::Revoke::builder()
        .session_token(token)
        .send(client)
        .unwrap();
    let ended = sessions::Authenticate::builder()
        .session_token(token)
        .send(client);
    assert_eq!(api_error(ended), (404, "session_not_found".to_owned()));
}

/// Six digits that are neither `code` nor the always-valid test code.
fn another_code(code: &str) -> String {
    ["123456", "654321", "111111"]
        .into_iter()
        .find(|c| *c != code)
        .unwrap()
        .to_owned()
}

#[test]
fn magic_link_login_of_a_new_user_once_and_before_expiry() {
    let server = LocalServer::start().unwrap();
    let client = server.client();

    // A new address: a user is created and a sign-up link sent.
    let sent = magic_links::LoginOrCreateEmail::builder()
        .email("new@example.com")
        .signup_magic_link_url("https://app.example/welcome")
        .send(&client)
        .unwrap();
    assert!(sent.user_created);
    let mail = last(&server, "new@example.com");
    assert_eq!(
        (mail.purpose, mail.channel),
        (Purpose::MagicLink, Channel::Email)
    );
    assert_eq!(mail.user_id, sent.user_id);
    assert_eq!(mail.method_id, sent.email_id);
    assert_eq!(mail.secret().len(), 44);
    assert_eq!(
        mail.link.as_deref(),
        Some(format!("https://app.example/welcome?token={}", mail.secret()).as_str())
    );
    // A sign-up link lasts a week by default.
    assert_eq!(mail.expires_at - mail.sent_at, 7 * 24 * 3600);
    let before = users::Get::builder()
        .user_id(&sent.user_id)
        .send(&client)
        .unwrap();
    assert!(!before.user.emails[0].verified);

    // The link logs the user in and proves the address.
    let login = magic_links::Authenticate::builder()
        .token(mail.secret())
        .session_duration_minutes(60u32)
        .send(&client)
        .unwrap();
    assert_eq!(login.user_id, sent.user_id);
    assert_eq!(login.method_id, sent.email_id);
    assert!(login.user.emails[0].verified);
    assert_eq!(login.user.status, "active");
    let session = login.session.unwrap();
    assert_eq!(factors(&session), [(Kind::MagicLink, Delivery::Email)]);
    assert_eq!(
        session.authentication_factors[0]
            .email_factor
            .as_ref()
            .unwrap()
            .email_address,
        "new@example.com"
    );

    // Each token works once; an unknown one is another error.
    let again = magic_links::Authenticate::builder()
        .token(mail.secret())
        .send(&client);
    assert_eq!(api_error(again), (401, "unable_to_auth_magic_link".into()));
    let unknown = magic_links::Authenticate::builder()
        .token("bm8tc3VjaC1tYWdpYy1saW5rLXRva2VuLWF0LWFsbC0w")
        .send(&client);
    assert_eq!(api_error(unknown), (404, "magic_link_not_found".into()));

    check_then_revoke(&client, login.session_token.expose(), &session.session_id);

    // The user exists now: a login link, lasting what was asked for.
    let existing = magic_links::LoginOrCreateEmail::builder()
        .email("new@example.com")
        .login_expiration_minutes(5u32)
        .send(&client)
        .unwrap();
    assert!(!existing.user_created);
    let early = last(&server, "new@example.com");
    assert_eq!(early.expires_at - early.sent_at, 5 * 60);
    magic_links::SendEmail::builder()
        .email("new@example.com")
        .login_expiration_minutes(5u32)
        .send(&client)
        .unwrap();
    let late = last(&server, "new@example.com");
    assert_ne!(early.secret(), late.secret());
    server.advance_clock(Duration::from_secs(4 * 60));
    let in_time = magic_links::Authenticate::builder()
        .token(early.secret())
        .send(&client)
        .unwrap();
    assert!(in_time.session.is_none() && in_time.session_token.expose().is_empty());
    server.advance_clock(Duration::from_secs(2 * 60));
    let expired = magic_links::Authenticate::builder()
        .token(late.secret())
        .send(&client);
    assert_eq!(
        api_error(expired),
        (401, "unable_to_auth_magic_link".into())
    );

    // Out-of-bounds lifetimes are refused before anything is sent.
    let too_long = magic_links::LoginOrCreateEmail::builder()
        .email("other@example.com")
        .signup_expiration_minutes(10_081u32)
        .send(&client);
    assert_eq!(api_error(too_long), (400, "invalid_expiration".into()));
    assert!(server.last_message_to("other@example.com").is_none());
}

#[test]
fn pending_users_pkce_embeddable_tokens_and_the_test_token() {
    let server = LocalServer::start().unwrap();
    let client = server.client();

    // PKCE (RFC 7636's example pair): the verifier must come, and match.
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    let sent = magic_links::LoginOrCreateEmail::builder()
        .email("pkce@example.com")
        .create_user_as_pending(true)
        .code_challenge(challenge)
        .send(&client)
        .unwrap();
    let pending = users::Get::builder()
        .user_id(&sent.user_id)
        .send(&client)
        .unwrap();
    assert_eq!(pending.user.status, "pending");
    let token = last(&server, "pkce@example.com").secret().to_owned();
    let missing = magic_links::Authenticate::builder()
        .token(&token)
        .send(&client);
    assert_eq!(
        api_error(missing),
        (400, "pkce_expected_code_verifier".into())
    );
    let wrong = magic_links::Authenticate::builder()
        .token(&token)
        .code_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXl")
        .send(&client);
    assert_eq!(api_error(wrong), (400, "pkce_mismatch".into()));
    // The refused attempts did not spend the token.
    let login = magic_links::Authenticate::builder()
        .token(&token)
        .code_verifier(verifier)
        .session_duration_minutes(30u32)
        .send(&client)
        .unwrap();
    assert_eq!(login.user.status, "active");

    // A verifier for a link sent without a challenge is refused too.
    magic_links::SendEmail::builder()
        .email("pkce@example.com")
        .send(&client)
        .unwrap();
    let unexpected = magic_links::Authenticate::builder()
        .token(last(&server, "pkce@example.com").secret())
        .code_verifier(verifier)
        .send(&client);
    assert_eq!(
        api_error(unexpected),
        (400, "pkce_did_not_expect_code_verifier".into())
    );

    // An embeddable token, added to the existing session: once only, and
    // it verifies nothing.
    let made = magic_links::Create::builder()
        .user_id(&sent.user_id)
        .send(&client)
        .unwrap();
    let session_token = login.session_token.expose().to_owned();
    let both = magic_links::Authenticate::builder()
        .token(made.token.expose())
        .session_token(&session_token)
        .send(&client)
        .unwrap();
    let session = both.session.unwrap();
    assert_eq!(
        factors(&session),
        [
            (Kind::MagicLink, Delivery::Email),
            (Kind::MagicLink, Delivery::Embedded)
        ]
    );
    assert_eq!(
        session.authentication_factors[1]
            .embeddable_magic_link_factor
            .as_ref()
            .unwrap()
            .embedded_id,
        sent.user_id
    );
    let replay = magic_links::Authenticate::builder()
        .token(made.token.expose())
        .send(&client);
    assert_eq!(api_error(replay), (401, "unable_to_auth_magic_link".into()));
    let nobody = magic_links::Create::builder()
        .user_id("user-test-unknown")
        .send(&client);
    assert_eq!(api_error(nobody), (404, "user_not_found".into()));
    check_then_revoke(&client, &session_token, &session.session_id);

    // The documented test token logs in the demo user, every time.
    for _ in 0..2 {
        let demo = magic_links::Authenticate::builder()
            .token(MAGIC_LINK_TEST_TOKEN)
            .session_duration_minutes(5u32)
            .send(&client)
            .unwrap();
        assert_eq!(demo.user_id, DEMO_USER_ID);
        assert_eq!(
            factors(demo.session.as_ref().unwrap()),
            [(Kind::MagicLink, Delivery::Embedded)]
        );
    }
}

#[test]
fn otp_by_sms_then_totp_on_the_same_session() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    let phone = "+12025550162";

    let sent = otps::LoginOrCreateSms::builder()
        .phone_number(phone)
        .send(&client)
        .unwrap();
    assert!(sent.user_created);
    let sms = last(&server, phone);
    assert_eq!((sms.purpose, sms.channel), (Purpose::Otp, Channel::Sms));
    assert_eq!(sms.method_id, sent.phone_id);
    let code = sms.secret().to_owned();
    assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()));
    // Two minutes by default.
    assert_eq!(sms.expires_at - sms.sent_at, 120);

    let wrong = otps::Authenticate::builder()
        .method_id(&sent.phone_id)
        .code(another_code(&code))
        .send(&client);
    assert_eq!(api_error(wrong), (404, "otp_code_not_found".into()));

    let login = otps::Authenticate::builder()
        .method_id(&sent.phone_id)
        .code(&code)
        .session_duration_minutes(60u32)
        .send(&client)
        .unwrap();
    assert_eq!(login.user_id, sent.user_id);
    assert!(login.user.phone_numbers[0].verified);
    let token = login.session_token.expose().to_owned();
    let session_id = login.session.as_ref().unwrap().session_id.clone();

    let reused = otps::Authenticate::builder()
        .method_id(&sent.phone_id)
        .code(&code)
        .send(&client);
    assert_eq!(api_error(reused), (404, "otp_code_not_found".into()));

    // Second factor: an authenticator app, on the same session.
    let enrolled = totps::Create::builder()
        .user_id(&sent.user_id)
        .send(&client)
        .unwrap();
    let second = totps::Authenticate::builder()
        .user_id(&sent.user_id)
        .totp_code(totp::code(enrolled.secret.expose(), totp::step_now()))
        .session_token(&token)
        .send(&client)
        .unwrap();
    let session = second.session.unwrap();
    assert_eq!(session.session_id, session_id);
    assert_eq!(
        factors(&session),
        [
            (Kind::Otp, Delivery::Sms),
            (Kind::Totp, Delivery::AuthenticatorApp)
        ]
    );
    let live = sessions::Authenticate::builder()
        .session_token(&token)
        .send(&client)
        .unwrap();
    assert_eq!(factors(&live.session).len(), 2);
    check_then_revoke(&client, &token, &session_id);

    // A code past its time is refused; a newer code retires an older one.
    otps::SendSms::builder()
        .phone_number(phone)
        .send(&client)
        .unwrap();
    let stale = last(&server, phone).secret().to_owned();
    server.advance_clock(Duration::from_secs(3 * 60));
    let expired = otps::Authenticate::builder()
        .method_id(&sent.phone_id)
        .code(&stale)
        .send(&client);
    assert_eq!(api_error(expired), (404, "otp_code_not_found".into()));
    otps::SendSms::builder()
        .phone_number(phone)
        .expiration_minutes(10u32)
        .send(&client)
        .unwrap();
    let older = last(&server, phone).secret().to_owned();
    otps::SendSms::builder()
        .phone_number(phone)
        .send(&client)
        .unwrap();
    let newer = last(&server, phone).secret().to_owned();
    if older != newer {
        let retired = otps::Authenticate::builder()
            .method_id(&sent.phone_id)
            .code(&older)
            .send(&client);
        assert_eq!(api_error(retired), (404, "otp_code_not_found".into()));
    }
    otps::Authenticate::builder()
        .method_id(&sent.phone_id)
        .code(&newer)
        .send(&client)
        .unwrap();
    // The fixed test code still works for the number.
    otps::Authenticate::builder()
        .method_id(&sent.phone_id)
        .code(OTP_TEST_CODE)
        .send(&client)
        .unwrap();
}

#[test]
fn an_invitation_revoked_no_longer_logs_in() {
    let server = LocalServer::start().unwrap();
    let client = server.client();

    let invited = magic_links::Invite::builder()
        .email("grace@example.com")
        .name(Name::new("Grace", "Hopper"))
        .invite_magic_link_url("https://app.example/join")
        .send(&client)
        .unwrap();
    let user = users::Get::builder()
        .user_id(&invited.user_id)
        .send(&client)
        .unwrap();
    assert_eq!(user.user.status, "pending");
    assert_eq!(
        user.user.name.as_ref().unwrap().first_name.as_deref(),
        Some("Grace")
    );
    let invitation = last(&server, "grace@example.com");
    assert_eq!(invitation.purpose, Purpose::Invite);
    assert_eq!(invitation.expires_at - invitation.sent_at, 3600);

    magic_links::RevokeInvite::builder()
        .email("grace@example.com")
        .send(&client)
        .unwrap();
    let refused = magic_links::Authenticate::builder()
        .token(invitation.secret())
        .send(&client);
    assert_eq!(
        api_error(refused),
        (401, "unable_to_auth_magic_link".into())
    );
    let nothing_left = magic_links::RevokeInvite::builder()
        .email("grace@example.com")
        .send(&client);
    assert_eq!(api_error(nothing_left), (404, "email_not_found".into()));

    // A new invitation works, and makes the user active.
    magic_links::Invite::builder()
        .email("grace@example.com")
        .send(&client)
        .unwrap();
    let joined = magic_links::Authenticate::builder()
        .token(last(&server, "grace@example.com").secret())
        .session_duration_minutes(60u32)
        .send(&client)
        .unwrap();
    assert_eq!(joined.user_id, invited.user_id);
    assert_eq!(joined.user.status, "active");
    assert!(joined.user.emails[0].verified);
    let session_id = joined.session.as_ref().unwrap().session_id.clone();
    check_then_revoke(&client, joined.session_token.expose(), &session_id);
    let active = magic_links::Invite::builder()
        .email("grace@example.com")
        .send(&client);
    assert_eq!(api_error(active), (400, "duplicate_email".into()));
}

#[test]
fn whatsapp_and_email_codes_and_adding_an_address_to_a_user() {
    let server = LocalServer::start().unwrap();
    let client = server.client();

    // WhatsApp.
    let wa = otps::LoginOrCreateWhatsApp::builder()
        .phone_number("+447700900123")
        .create_user_as_pending(true)
        .send(&client)
        .unwrap();
    let message = last(&server, "+447700900123");
    assert_eq!(message.channel, Channel::WhatsApp);
    let login = otps::Authenticate::builder()
        .method_id(&wa.phone_id)
        .code(message.secret())
        .session_duration_minutes(10u32)
        .send(&client)
        .unwrap();
    assert_eq!(login.user.status, "active");
    let session = login.session.unwrap();
    assert_eq!(factors(&session), [(Kind::Otp, Delivery::Whatsapp)]);
    check_then_revoke(&client, login.session_token.expose(), &session.session_id);

    // Email.
    let by_mail = otps::LoginOrCreateEmail::builder()
        .email("lin@example.com")
        .expiration_minutes(10u32)
        .send(&client)
        .unwrap();
    let mail = last(&server, "LIN@example.com");
    assert_eq!((mail.purpose, mail.channel), (Purpose::Otp, Channel::Email));
    assert_eq!(mail.expires_at - mail.sent_at, 600);
    let login = otps::Authenticate::builder()
        .method_id(&by_mail.email_id)
        .code(mail.secret())
        .session_duration_minutes(10u32)
        .send(&client)
        .unwrap();
    assert!(login.user.emails[0].verified);
    let session = login.session.unwrap();
    assert_eq!(factors(&session), [(Kind::Otp, Delivery::Email)]);
    let token = login.session_token.expose().to_owned();

    // A send naming the user by session adds the number to them.
    let added = otps::SendSms::builder()
        .phone_number("+12025550177")
        .session_token(&token)
        .send(&client)
        .unwrap();
    assert_eq!(added.user_id, by_mail.user_id);
    let user = users::Get::builder()
        .user_id(&by_mail.user_id)
        .send(&client)
        .unwrap();
    assert_eq!(user.user.phone_numbers[0].phone_id, added.phone_id);
    assert!(!user.user.phone_numbers[0].verified);
    otps::Authenticate::builder()
        .method_id(&added.phone_id)
        .code(last(&server, "+12025550177").secret())
        .session_token(&token)
        .send(&client)
        .unwrap();
    check_then_revoke(&client, &token, &session.session_id);

    // What a send refuses.
    let unknown = otps::SendSms::builder()
        .phone_number("+12025550100")
        .send(&client);
    assert_eq!(api_error(unknown), (404, "phone_number_not_found".into()));
    let unknown = otps::SendEmail::builder()
        .email("nobody@example.com")
        .send(&client);
    assert_eq!(api_error(unknown), (404, "email_not_found".into()));
    let taken = otps::SendEmail::builder()
        .email("lin@example.com")
        .user_id(&wa.user_id)
        .send(&client);
    assert_eq!(api_error(taken), (400, "duplicate_email".into()));
    let too_long = otps::SendWhatsApp::builder()
        .phone_number("+447700900123")
        .expiration_minutes(11u32)
        .send(&client);
    assert_eq!(api_error(too_long), (400, "invalid_expiration_otp".into()));
    let malformed = otps::LoginOrCreateSms::builder()
        .phone_number("202-555-0162")
        .send(&client);
    assert_eq!(api_error(malformed), (400, "invalid_phone_number".into()));
}
