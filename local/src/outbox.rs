//! What the server would have sent: magic links, one-time passcodes, invite
//! and password-reset links. Nothing leaves the machine. Each message is
//! kept against its address, so the call that redeems it can consume it
//! once, before it expires, and a test can read it back
//! ([`crate::LocalServer::last_message_to`]).

use crate::Fail;

/// Why a message was sent: which call may redeem its secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Purpose {
    /// A login or sign-up magic link (`magic_links::Authenticate`).
    MagicLink,
    /// An invitation link (also redeemed by `magic_links::Authenticate`).
    Invite,
    /// A one-time passcode (`otps::Authenticate`).
    Otp,
    /// A password-reset link (`passwords::ResetByEmail`).
    PasswordReset,
    /// An embeddable magic link token (`magic_links::Create`): handed to
    /// the caller in the answer rather than sent, redeemed by
    /// `magic_links::Authenticate`. Its `to` and `method_id` are the user's
    /// id.
    EmbeddedMagicLink,
}

/// How a message reached its address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Channel {
    /// An email.
    Email,
    /// A text message.
    Sms,
    /// A WhatsApp message.
    WhatsApp,
    /// Not sent: returned in the API's answer (embeddable magic links).
    Answer,
}

/// One message the server "sent". Its secret (the link's token or the
/// code) is shown by [`SentMessage::secret`], never by `Debug`.
#[derive(Clone)]
pub struct SentMessage {
    /// Which call redeems it.
    pub purpose: Purpose,
    /// How it was delivered.
    pub channel: Channel,
    /// The email address or phone number, as the request gave it.
    pub to: String,
    /// The user it logs in (or will create).
    pub user_id: String,
    /// The id of the user's email or phone the message went to.
    pub method_id: String,
    /// When it was sent, in the server's seconds since the epoch.
    pub sent_at: u64,
    /// From when it no longer works, same clock.
    pub expires_at: u64,
    /// Whether it has been redeemed (each works once).
    pub used: bool,
    /// The link the token was put into, when the request gave one
    /// (`...?token=<secret>` appended as Stytch does).
    pub link: Option<String>,
    /// A PKCE challenge the redeeming call must answer, when one was set.
    pub code_challenge: Option<String>,
    secret: String,
}

impl SentMessage {
    /// The link's token or the passcode, as the user would read it.
    pub fn secret(&self) -> &str {
        &self.secret
    }
}

impl std::fmt::Debug for SentMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SentMessage")
            .field("purpose", &self.purpose)
            .field("channel", &self.channel)
            .field("to", &self.to)
            .field("user_id", &self.user_id)
            .field("method_id", &self.method_id)
            .field("sent_at", &self.sent_at)
            .field("expires_at", &self.expires_at)
            .field("used", &self.used)
            .field("secret", &"[redacted]")
            .finish_non_exhaustive()
    }
}

/// What to send; [`Outbox::send`] adds the times and the secret.
#[derive(Debug, Clone)]
pub struct Draft {
    pub purpose: Purpose,
    pub channel: Channel,
    pub to: String,
    pub user_id: String,
    pub method_id: String,
    /// How long the secret works.
    pub minutes: u32,
    /// The URL to put the token into, if any.
    pub link: Option<String>,
    pub code_challenge: Option<String>,
}

/// Why a secret could not be redeemed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// No message of that purpose carries this secret.
    Unknown,
    /// It was redeemed before.
    Used,
    /// Its time ran out.
    Expired,
}

/// Every message sent, oldest first. Bounded: past [`MAX_MESSAGES`] the
/// oldest are dropped, so a long-running server does not grow without end.
#[derive(Default)]
pub struct Outbox {
    messages: Vec<SentMessage>,
}

/// Most messages kept at once.
pub const MAX_MESSAGES: usize = 10_000;

/// Passcodes have this many digits, as Stytch's do.
pub const CODE_DIGITS: usize = 6;

impl Outbox {
    /// Records a message and returns its secret: a fresh 44-character
    /// token for links, six random digits for passcodes.
    pub fn send(&mut self, draft: Draft, now: u64) -> SentMessage {
        let secret = match draft.purpose {
            Purpose::Otp => crate::ids::digits(CODE_DIGITS),
            Purpose::MagicLink
            | Purpose::Invite
            | Purpose::PasswordReset
            | Purpose::EmbeddedMagicLink => crate::ids::token(),
        };
        let link = draft.link.map(|url| with_token(&url, &secret));
        let message = SentMessage {
            purpose: draft.purpose,
            channel: draft.channel,
            to: draft.to,
            user_id: draft.user_id,
            method_id: draft.method_id,
            sent_at: now,
            expires_at: now.saturating_add(u64::from(draft.minutes) * 60),
            used: false,
            link,
            code_challenge: draft.code_challenge,
            secret,
        };
        if self.messages.len() >= MAX_MESSAGES {
            self.messages.remove(0);
        }
        self.messages.push(message.clone());
        message
    }

    /// The newest message sent to `to` (compared without regard to ASCII
    /// case, as email addresses are).
    pub fn last_to(&self, to: &str) -> Option<&SentMessage> {
        self.messages
            .iter()
            .rev()
            .find(|m| m.to.eq_ignore_ascii_case(to))
    }

    /// The message whose link token is `token`, if it could be redeemed
    /// now, without marking it used: for checks that must pass before the
    /// token is spent (a PKCE verifier, the session to extend).
    pub fn peek_token(
        &self,
        purposes: &[Purpose],
        token: &str,
        now: u64,
    ) -> Result<&SentMessage, Refused> {
        let m = self
            .messages
            .iter()
            .rev()
            .find(|m| purposes.contains(&m.purpose) && m.secret == token)
            .ok_or(Refused::Unknown)?;
        if m.used {
            return Err(Refused::Used);
        }
        if now >= m.expires_at {
            return Err(Refused::Expired);
        }
        Ok(m)
    }

    /// The message of one of `purposes` whose link token is `token`, used
    /// or not, without redeeming it (to check a request before spending
    /// the token).
    pub fn find_token(&self, purposes: &[Purpose], token: &str) -> Option<&SentMessage> {
        self.messages
            .iter()
            .rev()
            .find(|m| purposes.contains(&m.purpose) && m.secret == token)
    }

    /// Redeems the link token `token` of one of `purposes`: marks it used
    /// and returns the message.
    pub fn redeem_token(
        &mut self,
        purposes: &[Purpose],
        token: &str,
        now: u64,
    ) -> Result<SentMessage, Refused> {
        redeem(
            self.messages
                .iter_mut()
                .rev()
                .find(|m| purposes.contains(&m.purpose) && m.secret == token),
            now,
        )
    }

    /// Redeems the passcode `code` sent to the email or phone `method_id`.
    /// Only the newest code sent there counts: sending a new one retires
    /// the older ones, as Stytch does.
    pub fn redeem_code(
        &mut self,
        method_id: &str,
        code: &str,
        now: u64,
    ) -> Result<SentMessage, Refused> {
        let newest = self
            .messages
            .iter_mut()
            .rev()
            .find(|m| m.purpose == Purpose::Otp && m.method_id == method_id);
        match newest {
            Some(m) if m.secret == code => redeem(Some(m), now),
            _ => Err(Refused::Unknown),
        }
    }

    /// The newest passcode sent to `method_id`, used or not.
    pub fn last_code_for(&self, method_id: &str) -> Option<&SentMessage> {
        self.messages
            .iter()
            .rev()
            .find(|m| m.purpose == Purpose::Otp && m.method_id == method_id)
    }

    /// Retires every unused message of `purpose` to `to` (an invitation
    /// taken back, say). Returns how many there were.
    pub fn revoke(&mut self, purpose: Purpose, to: &str) -> usize {
        let mut count = 0;
        for m in self
            .messages
            .iter_mut()
            .filter(|m| m.purpose == purpose && !m.used && m.to.eq_ignore_ascii_case(to))
        {
            m.used = true;
            count += 1;
        }
        count
    }
}

fn redeem(found: Option<&mut SentMessage>, now: u64) -> Result<SentMessage, Refused> {
    let m = found.ok_or(Refused::Unknown)?;
    if m.used {
        return Err(Refused::Used);
    }
    if now >= m.expires_at {
        return Err(Refused::Expired);
    }
    m.used = true;
    Ok(m.clone())
}

/// `url` with `stytch_token_type` left to the caller and `token=<token>`
/// appended as a query parameter.
fn with_token(url: &str, token: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}token={token}")
}

impl Refused {
    /// The error to answer with: Stytch uses one status and error type per
    /// kind of secret (for example 404 `otp_code_not_found`) whether the
    /// secret is unknown, used or expired; the message says which.
    pub fn into_fail(self, status: u16, error_type: &'static str, what: &str) -> Fail {
        let why = match self {
            Refused::Unknown => "is not known",
            Refused::Used => "was already used",
            Refused::Expired => "has expired",
        };
        Fail::new(status, error_type, format!("the {what} {why}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(purpose: Purpose, to: &str, method_id: &str) -> Draft {
        Draft {
            purpose,
            channel: Channel::Email,
            to: to.to_owned(),
            user_id: "user-test-1".to_owned(),
            method_id: method_id.to_owned(),
            minutes: 10,
            link: Some("https://example.com/auth?next=1".to_owned()),
            code_challenge: None,
        }
    }

    #[test]
    fn a_token_works_once_and_only_before_it_expires() {
        let mut outbox = Outbox::default();
        let sent = outbox.send(draft(Purpose::MagicLink, "a@example.com", "email-1"), 1000);
        assert_eq!(sent.secret().len(), 44);
        assert_eq!(
            sent.link.as_deref(),
            Some(format!("https://example.com/auth?next=1&token={}", sent.secret()).as_str())
        );
        // Another purpose does not redeem it.
        assert_eq!(
            outbox
                .redeem_token(&[Purpose::PasswordReset], sent.secret(), 1001)
                .unwrap_err(),
            Refused::Unknown
        );
        let again = outbox.send(draft(Purpose::MagicLink, "b@example.com", "email-2"), 1000);
        assert_eq!(
            outbox
                .redeem_token(&[Purpose::MagicLink], again.secret(), 1600)
                .unwrap_err(),
            Refused::Expired
        );
        assert_eq!(
            outbox
                .redeem_token(&[Purpose::MagicLink], sent.secret(), 1599)
                .unwrap()
                .to,
            "a@example.com"
        );
        assert_eq!(
            outbox
                .redeem_token(&[Purpose::MagicLink], sent.secret(), 1599)
                .unwrap_err(),
            Refused::Used
        );
    }

    #[test]
    fn peeking_checks_a_token_without_spending_it() {
        let mut outbox = Outbox::default();
        let sent = outbox.send(draft(Purpose::Invite, "a@example.com", "email-1"), 1000);
        let seen = outbox
            .peek_token(&[Purpose::Invite], sent.secret(), 1001)
            .map(|m| m.to.clone());
        assert_eq!(seen.as_deref(), Ok("a@example.com"));
        assert_eq!(
            outbox
                .peek_token(&[Purpose::MagicLink], sent.secret(), 1001)
                .unwrap_err(),
            Refused::Unknown
        );
        assert_eq!(
            outbox
                .peek_token(&[Purpose::Invite], sent.secret(), 1600)
                .unwrap_err(),
            Refused::Expired
        );
        // Still redeemable once after the peek, then refused as used.
        assert!(
            outbox
                .redeem_token(&[Purpose::Invite], sent.secret(), 1001)
                .is_ok()
        );
        assert_eq!(
            outbox
                .peek_token(&[Purpose::Invite], sent.secret(), 1001)
                .unwrap_err(),
            Refused::Used
        );
    }

    #[test]
    fn only_the_newest_code_of_a_method_counts() {
        let mut outbox = Outbox::default();
        let first = outbox.send(draft(Purpose::Otp, "+12025550162", "phone-1"), 0);
        let second = outbox.send(draft(Purpose::Otp, "+12025550162", "phone-1"), 0);
        assert_eq!(first.secret().len(), CODE_DIGITS);
        assert!(first.secret().bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(
            outbox.last_code_for("phone-1").map(SentMessage::secret),
            Some(second.secret())
        );
        assert!(outbox.last_code_for("phone-2").is_none());
        if first.secret() != second.secret() {
            assert_eq!(
                outbox
                    .redeem_code("phone-1", first.secret(), 1)
                    .unwrap_err(),
                Refused::Unknown
            );
        }
        assert_eq!(
            outbox
                .redeem_code("phone-2", second.secret(), 1)
                .unwrap_err(),
            Refused::Unknown
        );
        assert!(outbox.redeem_code("phone-1", second.secret(), 1).is_ok());
        assert_eq!(
            outbox
                .redeem_code("phone-1", second.secret(), 1)
                .unwrap_err(),
            Refused::Used
        );
        assert_eq!(outbox.last_to("+12025550162").map(|m| m.used), Some(true));
    }

    #[test]
    fn revoking_retires_unused_messages_to_the_address() {
        let mut outbox = Outbox::default();
        let invite = outbox.send(draft(Purpose::Invite, "A@example.com", "email-1"), 0);
        outbox.send(draft(Purpose::MagicLink, "a@example.com", "email-1"), 0);
        assert_eq!(outbox.revoke(Purpose::Invite, "a@EXAMPLE.com"), 1);
        assert_eq!(
            outbox
                .redeem_token(&[Purpose::Invite], invite.secret(), 1)
                .unwrap_err(),
            Refused::Used
        );
        assert_eq!(
            outbox.last_to("a@example.com").unwrap().purpose,
            Purpose::MagicLink
        );
    }

    #[test]
    fn the_outbox_is_bounded_and_debug_hides_secrets() {
        let mut outbox = Outbox::default();
        let first = outbox.send(draft(Purpose::MagicLink, "first@example.com", "e"), 0);
        for _ in 0..MAX_MESSAGES {
            outbox.send(draft(Purpose::MagicLink, "x@example.com", "e"), 0);
        }
        assert_eq!(outbox.messages.len(), MAX_MESSAGES);
        assert!(outbox.last_to("first@example.com").is_none());
        let shown = format!("{first:?}");
        assert!(!shown.contains(first.secret()), "{shown}");
        assert!(shown.contains("[redacted]"));
    }
}
