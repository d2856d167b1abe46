//! What the local server remembers: users, sessions and consents, and the
//! look-ups every route shares (each failing with Stytch's error type).

use std::sync::Mutex;

use serde_json::{Map, Value};

use serde_json::json;

use crate::Fail;
use crate::outbox::Outbox;
use crate::{ids, keys};
use stytch_endpoints::types::{
    AuthenticationFactor, AuthenticationFactorDeliveryMethod, AuthenticationFactorType,
    BiometricRegistration, Session as SessionView, User, WebAuthnRegistration,
};

/// A user that exists in every local server.
pub const DEMO_USER_ID: &str = "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6";
/// A live session of [`DEMO_USER_ID`] in every local server.
pub const DEMO_SESSION_TOKEN: &str = "local-session-token-demo-0000000000000000000";
/// The JWT-shaped value of the same demo session. Unlike the JWTs of the
/// sessions the server creates, it is not signed (it works with the API
/// calls, which compare it as it is, but not with a local JWT check).
pub const DEMO_SESSION_JWT: &str =
    "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ1c2VyLXRlc3QtbG9jYWwtZGVtbyJ9.bG9jYWwtZGVtbw";

/// A session JWT is valid for this long after it is minted (as Stytch's
/// are), or until its session ends if that is sooner.
pub const JWT_LIFETIME_SECS: u64 = 5 * 60;

/// The claim of a session JWT that describes the session.
pub const SESSION_CLAIM: &str = "https://stytch.com/session";

/// A passkey registration of [`DEMO_USER_ID`] in every local server (there
/// to be renamed or deleted; it has no key, so it cannot log in).
pub const DEMO_WEBAUTHN_REGISTRATION_ID: &str =
    "webauthn-registration-test-local-demo-0000-000000000000";
/// A biometric registration of [`DEMO_USER_ID`] in every local server (there
/// to be deleted with `users::DeleteBiometricRegistration`).
pub const DEMO_BIOMETRIC_REGISTRATION_ID: &str =
    "biometric-registration-test-local-demo-0000-000000000000";

/// Sessions last this long when no duration is given.
pub const DEFAULT_SESSION_MINUTES: u32 = 60;

/// One session, with its credentials.
#[derive(Debug, Clone)]
pub struct Session {
    pub session_id: String,
    pub user_id: String,
    pub session_token: String,
    pub session_jwt: String,
    pub started_at: u64,
    pub last_accessed_at: u64,
    pub expires_at: u64,
    pub factors: Vec<AuthenticationFactor>,
    pub custom_claims: Map<String, Value>,
}

impl Session {
    /// The session as the API shows it.
    pub fn view(&self) -> SessionView {
        let mut view = SessionView::default();
        view.session_id.clone_from(&self.session_id);
        view.user_id.clone_from(&self.user_id);
        view.started_at = Some(ids::rfc3339(self.started_at));
        view.last_accessed_at = Some(ids::rfc3339(self.last_accessed_at));
        view.expires_at = Some(ids::rfc3339(self.expires_at));
        view.authentication_factors.clone_from(&self.factors);
        view.custom_claims.clone_from(&self.custom_claims);
        view
    }

    /// Signs a fresh session JWT for the session as it is now, in Stytch's
    /// claim shape: `sub` (the user), `https://stytch.com/session` (id,
    /// times, attributes, factors, roles), `aud`, `iss`, `iat`, `nbf`,
    /// `exp`, and the session's custom claims at the top level.
    pub fn mint_jwt(&mut self, project_id: &str, now: u64) {
        let view = self.view();
        let mut claims = Map::new();
        for (k, v) in &self.custom_claims {
            claims.insert(k.clone(), v.clone());
        }
        let session = json!({
            "id": view.session_id,
            "started_at": view.started_at,
            "last_accessed_at": view.last_accessed_at,
            "expires_at": view.expires_at,
            "attributes": { "user_agent": "", "ip_address": "" },
            "authentication_factors": view.authentication_factors,
            "roles": view.roles,
        });
        claims.insert(SESSION_CLAIM.to_owned(), session);
        claims.insert("sub".to_owned(), json!(self.user_id));
        claims.insert("aud".to_owned(), json!([project_id]));
        claims.insert("iss".to_owned(), json!(keys::issuer(project_id)));
        claims.insert("iat".to_owned(), json!(now));
        claims.insert("nbf".to_owned(), json!(now));
        let exp = (now + JWT_LIFETIME_SECS).min(self.expires_at.max(now + 1));
        claims.insert("exp".to_owned(), json!(exp));
        // Signing fails only if the system's random source does; the
        // session then keeps its previous JWT.
        if let Some(jwt) = keys::sign_jwt(&keys::header(), &Value::Object(claims)) {
            self.session_jwt = jwt;
        }
    }

    /// Moves the expiry to `minutes` after `now`.
    pub fn extend(&mut self, minutes: u32, now: u64) {
        self.last_accessed_at = now;
        self.expires_at = now + u64::from(minutes) * 60;
    }
}

/// A user's authenticator app as the server knows it: with its secret and
/// recovery codes, which the API shows only at enrolment.
#[derive(Debug, Clone)]
pub struct TotpFactor {
    pub totp_id: String,
    /// The owner's `user_id` (never an external id).
    pub user_id: String,
    /// The shared HMAC-SHA1 key (20 random bytes).
    pub secret: Vec<u8>,
    pub verified: bool,
    /// Until when an unverified factor may be confirmed (seconds since the
    /// epoch); a verified one does not lapse.
    pub expires_at: u64,
    pub recovery_codes: Vec<RecoveryCode>,
    /// The last time step whose code was accepted: each code works once.
    pub last_step: Option<u64>,
}

/// One recovery code of a [`TotpFactor`].
#[derive(Debug, Clone)]
pub struct RecoveryCode {
    pub id: String,
    pub code: String,
    pub used: bool,
}

/// How a request names a session.
pub enum SessionKey<'a> {
    Id(&'a str),
    Token(&'a str),
    Jwt(&'a str),
}

/// The server's memory, behind one lock.
pub struct State {
    inner: Mutex<Inner>,
    project_id: String,
}

#[derive(Default)]
pub struct Inner {
    /// In creation order, which is also search order.
    pub users: Vec<User>,
    pub sessions: Vec<Session>,
    /// (user_id, client_id, scope) the user agreed to.
    pub consents: Vec<(String, String, String)>,
    /// The connected-app clients the IdP calls accept, with their secrets.
    pub connected_apps: crate::routes::connected_apps::ConnectedApps,
    /// Authenticator apps, with their secrets (the users' `totps` lists
    /// show them without).
    pub totps: Vec<TotpFactor>,
    /// The project the server serves: the audience of its JWTs.
    pub project_id: String,
    /// Seconds the server's clock is ahead of the system's
    /// ([`crate::LocalServer::advance_clock`]).
    pub clock_offset: u64,
    /// Every link, code and reset token the server has "sent".
    pub outbox: Outbox,
    /// Passkeys: open WebAuthn challenges and registered public keys.
    pub passkeys: crate::routes::webauthn::Passkeys,
    /// Whether [`crate::ACCESS_TOKEN_TEST_TOKEN`] was exchanged (it works
    /// once, as Stytch's access tokens do).
    pub access_token_exchanged: bool,
    /// Users' password hashes (their `password` fields show only the id).
    pub passwords: crate::passwords::Passwords,
    /// M2M clients, with their secrets hashed.
    pub m2m: crate::routes::m2m::M2mStore,
    /// Fraud rules, verdict-reason overrides and the telemetry ids seen.
    pub fraud: crate::routes::fraud::FraudState,
    /// Crypto-wallet challenges waiting for a signature.
    pub wallet_challenges: crate::routes::crypto_wallets::Challenges,
    /// What `GET /v1/rbac/policy` answers with
    /// ([`crate::LocalServerConfig::rbac_policy`]).
    pub rbac_policy: Option<stytch_endpoints::rbac::RbacPolicy>,
}

impl State {
    pub fn new(project_id: &str) -> State {
        let mut inner = Inner {
            project_id: project_id.to_owned(),
            ..Inner::default()
        };
        inner.users.push(demo_user());
        let now = ids::now();
        inner.sessions.push(Session {
            session_id: "session-test-local-demo".to_owned(),
            user_id: DEMO_USER_ID.to_owned(),
            session_token: DEMO_SESSION_TOKEN.to_owned(),
            session_jwt: DEMO_SESSION_JWT.to_owned(),
            started_at: now,
            last_accessed_at: now,
            // Never expires while the server runs.
            expires_at: now + 100 * 365 * 86_400,
            factors: Vec::new(),
            custom_claims: Map::new(),
        });
        State {
            inner: Mutex::new(inner),
            project_id: project_id.to_owned(),
        }
    }

    /// The project id the server was started with.
    pub fn project_id(&self) -> &str {
        &self.project_id
    }

    /// Runs `f` with the state locked. A panic in another handler does not
    /// poison the server: the data is still consistent per operation.
    pub fn with<R>(&self, f: impl FnOnce(&mut Inner) -> R) -> R {
        let mut guard = match self.inner.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        f(&mut guard)
    }
}

/// The demo user, with a passkey and a biometric registration.
fn demo_user() -> User {
    let mut user = new_user(DEMO_USER_ID.to_owned());
    let mut passkey = WebAuthnRegistration::default();
    passkey.webauthn_registration_id = DEMO_WEBAUTHN_REGISTRATION_ID.to_owned();
    passkey.domain = "localhost".to_owned();
    passkey.user_agent = "stytch-local".to_owned();
    passkey.verified = true;
    passkey.authenticator_type = "platform".to_owned();
    passkey.name = "Demo passkey".to_owned();
    user.webauthn_registrations.push(passkey);
    let mut biometric = BiometricRegistration::default();
    biometric.biometric_registration_id = DEMO_BIOMETRIC_REGISTRATION_ID.to_owned();
    biometric.verified = true;
    user.biometric_registrations.push(biometric);
    user
}

/// An active user with nothing attached yet.
pub fn new_user(user_id: String) -> User {
    let mut user = User::default();
    user.user_id = user_id;
    user.status = "active".to_owned();
    user.created_at = Some(ids::rfc3339(ids::now()));
    user
}

pub fn user_not_found() -> Fail {
    Fail::new(404, "user_not_found", "no user has this user_id")
}

pub fn session_not_found() -> Fail {
    Fail::new(
        404,
        "session_not_found",
        "no live session matches; it may have been revoked or have expired",
    )
}

impl Inner {
    /// The server's time, in seconds since the epoch: the system's clock
    /// plus whatever a test moved it forward by. Every expiry is judged by
    /// it.
    pub fn now(&self) -> u64 {
        ids::now().saturating_add(self.clock_offset)
    }

    /// The position of the user with this id (or external id).
    pub fn user_index(&self, id: &str) -> Result<usize, Fail> {
        self.users
            .iter()
            .position(|u| u.user_id == id || u.external_id.as_deref() == Some(id))
            .ok_or_else(user_not_found)
    }

    pub fn user(&self, id: &str) -> Result<&User, Fail> {
        self.user_index(id).map(|i| &self.users[i])
    }

    /// The position of the live session named by `key`. Expired sessions
    /// are dropped on the way.
    pub fn session_index(&mut self, key: SessionKey<'_>) -> Result<usize, Fail> {
        let now = self.now();
        self.sessions.retain(|s| s.expires_at > now);
        // A JWT names its session by the id in its session claim, whatever
        // its `exp` (Stytch accepts an expired JWT of a live session and
        // answers with a fresh one), once its signature, audience and issuer
        // are checked. The unsigned demo JWT is compared as it is.
        let jwt_session = match key {
            SessionKey::Jwt(j) => keys::signed_claims(j, &self.project_id).and_then(|c| {
                c.other
                    .get(SESSION_CLAIM)?
                    .get("id")?
                    .as_str()
                    .map(str::to_owned)
            }),
            _ => None,
        };
        self.sessions
            .iter()
            .position(|s| match key {
                SessionKey::Id(id) => s.session_id == id,
                SessionKey::Token(t) => s.session_token == t,
                SessionKey::Jwt(j) => match &jwt_session {
                    Some(id) => s.session_id == *id,
                    None => s.session_jwt == j,
                },
            })
            .ok_or_else(session_not_found)
    }

    /// The live session named by a token or a JWT, when either is given.
    pub fn optional_session(
        &mut self,
        token: Option<&String>,
        jwt: Option<&String>,
    ) -> Result<Option<usize>, Fail> {
        match (token, jwt) {
            (Some(t), _) => self.session_index(SessionKey::Token(t)).map(Some),
            (None, Some(j)) => self.session_index(SessionKey::Jwt(j)).map(Some),
            (None, None) => Ok(None),
        }
    }

    /// The user a request names by exactly one of id, session token or JWT.
    pub fn user_by_any(
        &mut self,
        user_id: Option<&String>,
        token: Option<&String>,
        jwt: Option<&String>,
    ) -> Result<usize, Fail> {
        match user_id {
            Some(id) => self.user_index(id),
            None => {
                let si = self
                    .optional_session(token, jwt)?
                    .ok_or_else(|| Fail::new(400, "invalid_request", "no user identifier"))?;
                let owner = self.sessions[si].user_id.clone();
                self.user_index(&owner)
            }
        }
    }

    /// Records `factor` for the user: in the session `existing` when given
    /// (which must belong to the user), else in a new session when
    /// `minutes` is given. Returns the session's position, if any.
    pub fn login(
        &mut self,
        user_id: &str,
        existing: Option<usize>,
        minutes: Option<u32>,
        factor: AuthenticationFactor,
    ) -> Result<Option<usize>, Fail> {
        let now = self.now();
        if let Some(si) = existing {
            let session = &mut self.sessions[si];
            if session.user_id != user_id {
                return Err(Fail::new(
                    400,
                    "session_user_mismatch",
                    "the session belongs to a different user",
                ));
            }
            session.factors.push(factor);
            session.extend(minutes.unwrap_or(DEFAULT_SESSION_MINUTES), now);
            session.mint_jwt(&self.project_id, now);
            return Ok(Some(si));
        }
        let Some(minutes) = minutes else {
            return Ok(None);
        };
        let mut session = Session {
            session_jwt: String::new(),
            session_id: ids::id("session"),
            user_id: user_id.to_owned(),
            session_token: ids::token(),
            started_at: now,
            last_accessed_at: now,
            expires_at: now + u64::from(minutes) * 60,
            factors: vec![factor],
            custom_claims: Map::new(),
        };
        session.mint_jwt(&self.project_id, now);
        self.sessions.push(session);
        Ok(Some(self.sessions.len() - 1))
    }
}

/// A factor used just now, without the details of its kind (the caller
/// sets the matching `..._factor` field).
pub fn factor(
    kind: AuthenticationFactorType,
    delivery_method: AuthenticationFactorDeliveryMethod,
) -> AuthenticationFactor {
    let now = Some(ids::rfc3339(ids::now()));
    let mut factor = AuthenticationFactor::default();
    factor.kind = kind;
    factor.delivery_method = delivery_method;
    factor.last_authenticated_at.clone_from(&now);
    factor.created_at.clone_from(&now);
    factor.updated_at = now;
    factor
}
