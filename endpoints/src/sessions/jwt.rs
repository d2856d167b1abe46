//! Session JWTs checked locally, with the project's cached keys, and sent to
//! the API only when the local check cannot decide.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use serde_json::{Map, Value};
use stytch_runtime::jwt::{
    self, Claims, JwkFields, KeySet, Registered, Rules, TokenTimes, visit_claims,
};

pub use stytch_runtime::jwt::{Clock, JwtError, SystemClock};

use super::{Authenticate, AuthenticateResponse, GetJwks};
use crate::types::{Attributes, AuthenticationFactor, Session};
use crate::{Client, Decode, Encode, Error};

mod fast;

/// The claim of a session JWT that describes the session.
pub const SESSION_CLAIM: &str = "https://stytch.com/session";

/// Why a signed payload that does not read as claims is malformed.
const NOT_AN_OBJECT: &str = "the payload is not a JSON object";

/// How strict the local check is about time.
///
/// ```
/// use std::time::Duration;
/// use stytch_endpoints::sessions::JwtOptions;
///
/// // Accept tokens up to 60 s old without asking the API, and allow 5 s of
/// // clock skew between this machine and Stytch.
/// let options = JwtOptions::new()
///     .max_token_age(Duration::from_secs(60))
///     .leeway(Duration::from_secs(5));
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JwtOptions {
    pub(crate) max_token_age: Option<Duration>,
    pub(crate) leeway: Duration,
}

impl JwtOptions {
    /// No age limit beyond the token's own `exp`, and no leeway (the
    /// official SDKs' defaults).
    pub fn new() -> JwtOptions {
        JwtOptions::default()
    }

    /// Tokens issued (`iat`) at least this long ago are not accepted
    /// locally: [`JwtVerifier::authenticate_local`] returns
    /// [`JwtError::TooOld`] and [`JwtVerifier::authenticate`] asks the API,
    /// which knows whether the session was revoked since. Zero sends every
    /// token to the API.
    pub fn max_token_age(mut self, age: Duration) -> JwtOptions {
        self.max_token_age = Some(age);
        self
    }

    /// The clock skew allowed when comparing `exp`, `nbf` and `iat` with
    /// this machine's clock.
    pub fn leeway(mut self, leeway: Duration) -> JwtOptions {
        self.leeway = leeway;
        self
    }
}

/// The `https://stytch.com/session` claim of a session JWT.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct SessionClaim {
    /// The session's id.
    pub id: String,
    /// When the session started, in RFC 3339 form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// When the session was last used, in RFC 3339 form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_accessed_at: Option<String>,
    /// When the session ends unless extended, in RFC 3339 form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// The device the session was started from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Attributes>,
    /// The factors used to log in.
    #[serde(default)]
    pub authentication_factors: Vec<AuthenticationFactor>,
    /// The roles the user holds in this session.
    #[serde(default)]
    pub roles: Vec<String>,
}

/// A session JWT that was accepted, and its session.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct JwtSession {
    /// The session, in the same form [`Authenticate`] returns it; its
    /// `custom_claims` are the token's custom claims.
    pub session: Session,
    /// Who accepted the token.
    pub checked_by: CheckedBy,
}

impl JwtSession {
    /// The session's user (the token's `sub`).
    pub fn user_id(&self) -> &str {
        &self.session.user_id
    }

    /// The token's claims other than the reserved ones (`aud`, `exp`,
    /// `iat`, `iss`, `jti`, `nbf`, `sub`) and the session claim.
    pub fn custom_claims(&self) -> &Map<String, Value> {
        &self.session.custom_claims
    }

    /// The token's `https://stytch.com/session` claim, rebuilt from
    /// [`JwtSession::session`], which holds every fact of it (when the API
    /// decided, the same facts taken from its answer). A token whose claim
    /// had no `expires_at` gets the token's own expiry. Built on request, so
    /// that a verification does not copy the session twice.
    pub fn session_claim(&self) -> SessionClaim {
        let s = &self.session;
        SessionClaim {
            id: s.session_id.clone(),
            started_at: s.started_at.clone(),
            last_accessed_at: s.last_accessed_at.clone(),
            expires_at: s.expires_at.clone(),
            attributes: s.attributes.clone(),
            authentication_factors: s.authentication_factors.clone(),
            roles: s.roles.clone(),
        }
    }
}

/// Who accepted a session JWT.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum CheckedBy {
    /// The local check, with the project's cached keys. A session revoked
    /// since the token was minted is not seen: see [`JwtVerifier`].
    Locally {
        /// The token's `iat`, in seconds since the Unix epoch.
        issued_at: i64,
        /// The token's `exp`, in seconds since the Unix epoch.
        expires_at: i64,
    },
    /// The API ([`Authenticate`]), whose whole answer is here: the user, and
    /// a fresh JWT to hand back to the caller in place of the old one.
    Api(Box<AuthenticateResponse>),
}

/// Checks session JWTs, locally when it can.
///
/// A Stytch session JWT is signed (RS256) by one of the project's keys,
/// which [`GetJwks`] publishes. This verifier fetches them once and keeps
/// them in the [`Client`]'s cache, which every clone of the client and
/// every thread shares (see [`JwksCache`](crate::runtime::jwt::JwksCache)
/// for when they are fetched again), and checks tokens without a call:
///
/// - [`JwtVerifier::authenticate_local`] never calls the API (except to
///   fetch the keys) and returns [`JwtError`] for any token it cannot accept.
/// - [`JwtVerifier::authenticate`] does the same, and when the local check
///   fails for a reason the API can settle ([`JwtError::api_can_settle`]:
///   the token is older than [`JwtOptions::max_token_age`] or expired, the
///   clocks disagree, its key is not among the project's known keys), sends
///   the token to [`Authenticate`] and returns the API's verdict. A forged,
///   malformed or foreign token is refused without a call.
///
/// The rules are those of the official SDKs, no looser; they are listed in
/// [`crate::runtime::jwt`].
///
/// # Revocation
///
/// A JWT stays valid on its own until its `exp` (Stytch mints them for 5
/// minutes): the local check cannot know that its session was revoked
/// meanwhile; only the API can. Bound how long such a token is trusted with
/// [`JwtOptions::max_token_age`], or use [`JwtVerifier::authenticate`] with
/// a short age where it matters.
///
/// ```no_run
/// use std::time::Duration;
/// use stytch_endpoints::Client;
/// use stytch_endpoints::sessions::{CheckedBy, JwtOptions, JwtVerifier};
///
/// # fn main() -> Result<(), stytch_endpoints::sessions::JwtError> {
/// let client = Client::new("project-test-...", "secret-test-...");
/// // Build it once and share it: it is cheap to clone and `Send + Sync`.
/// let verifier = JwtVerifier::new(&client)
///     .options(JwtOptions::new().max_token_age(Duration::from_secs(60)));
///
/// # let jwt_from_cookie = "";
/// let checked = verifier.authenticate(jwt_from_cookie)?;
/// println!("user {} in session {}", checked.user_id(), checked.session.session_id);
/// if let CheckedBy::Api(answer) = &checked.checked_by {
///     // The API minted a fresh JWT: send it back to the browser.
///     let _fresh = answer.session_jwt.expose();
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct JwtVerifier {
    core: VerifierCore,
}

impl fmt::Debug for JwtVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.core.debug_as("JwtVerifier", f)
    }
}

/// What every local verifier (sessions, M2M) holds: the client, whose key
/// cache all its clones share, the options, the clock and the issuers the
/// official SDKs accept: `stytch.com/{project_id}` and the client's base
/// URL (which a project with a custom domain uses).
#[derive(Clone)]
pub(crate) struct VerifierCore {
    pub(crate) client: Client,
    pub(crate) options: JwtOptions,
    pub(crate) clock: Arc<dyn Clock>,
    issuers: Arc<[String; 2]>,
}

impl VerifierCore {
    pub(crate) fn new(client: &Client) -> VerifierCore {
        let issuers = [
            format!("stytch.com/{}", client.project_id()),
            client.base_url().to_owned(),
        ];
        VerifierCore {
            client: client.clone(),
            options: JwtOptions::default(),
            clock: Arc::new(SystemClock),
            issuers: Arc::new(issuers),
        }
    }

    /// The accepted issuers, as the rules take them.
    pub(crate) fn issuers(&self) -> [&str; 2] {
        [self.issuers[0].as_str(), self.issuers[1].as_str()]
    }

    /// The rules for this project, with `issuers` from [`Self::issuers`].
    pub(crate) fn rules<'a>(&'a self, issuers: &'a [&'a str; 2]) -> Rules<'a> {
        Rules {
            audience: self.client.project_id(),
            issuers,
            leeway: self.options.leeway,
            max_age: self.options.max_token_age,
        }
    }

    #[inline]
    pub(crate) fn refresh_keys(&self) -> Result<bool, JwtError> {
        let client = &self.client;
        client
            .jwks()
            .refresh(self.clock.instant(), || fetch_keys(client))
    }

    pub(crate) fn debug_as(&self, name: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(name)
            .field("client", &self.client)
            .field("options", &self.options)
            .field("issuers", &self.issuers)
            .finish_non_exhaustive()
    }
}

impl JwtVerifier {
    /// A verifier for `client`'s project, with default [`JwtOptions`].
    ///
    /// It accepts the issuers the official SDKs accept:
    /// `stytch.com/{project_id}` and the client's base URL (which a project
    /// with a custom domain uses).
    pub fn new(client: &Client) -> JwtVerifier {
        JwtVerifier {
            core: VerifierCore::new(client),
        }
    }

    /// Uses these options.
    pub fn options(mut self, options: JwtOptions) -> JwtVerifier {
        self.core.options = options;
        self
    }

    /// Reads the time from `clock` instead of the system (for tests).
    pub fn clock(mut self, clock: impl Clock + 'static) -> JwtVerifier {
        self.core.clock = Arc::new(clock);
        self
    }

    /// Checks `session_jwt` without calling the API (the project's keys are
    /// fetched on first use and cached), and returns its session.
    #[inline]
    pub fn authenticate_local(&self, session_jwt: &str) -> Result<JwtSession, JwtError> {
        let issuers = self.core.issuers();
        let rules = self.core.rules(&issuers);
        let client = &self.core.client;
        let token = jwt::Token::parse(session_jwt)?;
        let key = client
            .jwks()
            .key(token.kid(), self.core.clock.instant(), || {
                fetch_keys(client)
            })?;
        let bytes = token.verify_payload(&key)?;
        let now = self.core.clock.now();
        // One pass straight into the types: with the small reader written
        // for this shape, else with serde. Should serde fail too, a second
        // pass says whether the payload or only its session claim is wrong.
        let read = match fast::payload(&bytes) {
            Some(payload) => Ok(payload),
            None => jwt::from_json::<SessionPayload>(&bytes, NOT_AN_OBJECT),
        };
        let payload = match read {
            Ok(payload) => payload,
            Err(_) => {
                let claims: Claims = jwt::from_json(&bytes, NOT_AN_OBJECT)?;
                rules.check(&claims.registered, now)?;
                return Err(JwtError::InvalidClaim(SESSION_CLAIM));
            }
        };
        let times = rules.check(&payload.registered, now)?;
        from_payload(payload, times)
    }

    /// Fetches the project's keys now, unless a fetch started less than 30 s
    /// ago (then `Ok(false)`). This blocks for one call to [`GetJwks`]: an
    /// async server runs it on a blocking thread at start and every few
    /// minutes, so that [`JwtVerifier::authenticate_local`] finds the keys
    /// cached and fresh and never fetches on a request's path (only a token
    /// with an unknown `kid` still does, at most once per 30 s).
    /// [`m2m::TokenVerifier`](crate::m2m::TokenVerifier) shares these keys.
    #[inline]
    pub fn refresh_keys(&self) -> Result<bool, JwtError> {
        self.core.refresh_keys()
    }

    /// Whether the project's keys are cached and younger than 5 minutes, so
    /// that checking a token signed by one of them makes no call.
    pub fn keys_are_fresh(&self) -> bool {
        self.core.client.jwks().is_fresh(self.core.clock.instant())
    }

    /// Checks `session_jwt` locally, and asks the API ([`Authenticate`])
    /// when the local check fails for a reason the API can settle; see the
    /// type's documentation.
    #[inline]
    pub fn authenticate(&self, session_jwt: &str) -> Result<JwtSession, JwtError> {
        match self.authenticate_local(session_jwt) {
            Err(e) if e.api_can_settle() => self.authenticate_remote(session_jwt),
            other => other,
        }
    }

    /// Sends `session_jwt` to the API ([`Authenticate`]), skipping the
    /// local check.
    #[inline]
    pub fn authenticate_remote(&self, session_jwt: &str) -> Result<JwtSession, JwtError> {
        let answer = Authenticate::builder()
            .session_jwt(session_jwt)
            .send(&self.core.client)
            .map_err(|e| JwtError::Api(Box::new(e)))?;
        Ok(JwtSession {
            session: answer.session.clone(),
            checked_by: CheckedBy::Api(Box::new(answer)),
        })
    }
}

/// Fetches the project's keys with [`GetJwks`].
#[inline]
pub(crate) fn fetch_keys(client: &Client) -> Result<KeySet, Error> {
    let answer = GetJwks::builder()
        .project_id(client.project_id())
        .send(client)?;
    Ok(KeySet::from_jwks(answer.keys.iter().map(|k| JwkFields {
        kid: &k.kid,
        kty: &k.kty,
        alg: &k.alg,
        key_use: &k.key_use,
        n: &k.n,
        e: &k.e,
    })))
}

/// A session JWT's payload, read in one pass: the registered claims, the
/// session claim straight into its type, and the rest as custom claims.
struct SessionPayload {
    registered: Registered,
    session: Option<SessionClaim>,
    custom: Map<String, Value>,
}

impl AsRef<Registered> for SessionPayload {
    fn as_ref(&self) -> &Registered {
        &self.registered
    }
}

impl<'de> Deserialize<'de> for SessionPayload {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<SessionPayload, D::Error> {
        struct PayloadVisitor;
        impl<'de> serde::de::Visitor<'de> for PayloadVisitor {
            type Value = SessionPayload;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object of claims")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<SessionPayload, A::Error> {
                let mut registered = Registered::default();
                let mut session = None;
                let mut custom = Map::new();
                visit_claims(map, &mut registered, |name, map| {
                    if name == SESSION_CLAIM {
                        session = Some(map.next_value()?);
                    } else {
                        custom.insert(name.into_owned(), map.next_value()?);
                    }
                    Ok(())
                })?;
                Ok(SessionPayload {
                    registered,
                    session,
                    custom,
                })
            }
        }
        d.deserialize_map(PayloadVisitor)
    }
}

/// The session of a verified payload, as the official SDK builds it: `sub`
/// is the user, the session claim gives the rest, and every other claim
/// that is not registered is a custom claim.
fn from_payload(payload: SessionPayload, times: TokenTimes) -> Result<JwtSession, JwtError> {
    let SessionPayload {
        registered,
        session,
        custom,
    } = payload;
    let user_id = match registered.sub {
        Some(Value::String(sub)) => sub,
        _ => return Err(JwtError::MissingClaim("sub")),
    };
    let claim = session.ok_or(JwtError::MissingClaim(SESSION_CLAIM))?;
    let session = Session {
        session_id: claim.id,
        user_id,
        authentication_factors: claim.authentication_factors,
        roles: claim.roles,
        started_at: claim.started_at,
        last_accessed_at: claim.last_accessed_at,
        // A token without the inner expiry ends with the token.
        expires_at: claim.expires_at.or_else(|| rfc3339(times.expires_at)),
        attributes: claim.attributes,
        custom_claims: custom,
    };
    Ok(JwtSession {
        session,
        checked_by: CheckedBy::Locally {
            issued_at: times.issued_at,
            expires_at: times.expires_at,
        },
    })
}

/// Seconds since the Unix epoch as an RFC 3339 UTC time; `None` before the
/// epoch or past year 9999.
fn rfc3339(secs: i64) -> Option<String> {
    if !(0..=253_402_300_799).contains(&secs) {
        return None;
    }
    let days = secs / 86_400;
    let rem = secs % 86_400;
    // Howard Hinnant's days-to-civil algorithm, for days after the epoch.
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Some(format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_formats_and_bounds() {
        assert_eq!(rfc3339(0).as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(
            rfc3339(951_782_400).as_deref(),
            Some("2000-02-29T00:00:00Z")
        );
        assert_eq!(
            rfc3339(1_709_294_400).as_deref(),
            Some("2024-03-01T12:00:00Z")
        );
        assert_eq!(rfc3339(-1), None);
        assert_eq!(rfc3339(i64::MAX), None);
    }
}
