//! A local Stytch-compatible HTTP server, for tests and examples that must
//! not (or cannot) reach Stytch.
//!
//! It listens on `127.0.0.1`, checks Basic auth against the credentials it
//! was started with, decodes every request with the same declarations the
//! client is built from (so it enforces the same required fields and field
//! groups), and answers in Stytch's JSON shapes, errors included.
//!
//! ```
//! use stytch_local::{self as local, LocalServer};
//! use stytch_endpoints::oauth::Attach;
//!
//! let server = LocalServer::start().expect("bind 127.0.0.1");
//! let client = server.client();
//! let answer = Attach::builder()
//!     .provider("google")
//!     .user_id(local::DEMO_USER_ID)
//!     .send(&client)
//!     .expect("attach");
//! assert_eq!(answer.status_code, 200);
//! // The server stops when `server` is dropped.
//! ```
//!
//! Test values (documented so tests can use them):
//!
//! | what | value |
//! |---|---|
//! | project id | [`DEFAULT_PROJECT_ID`] |
//! | secret | [`DEFAULT_SECRET`] |
//! | a user that always exists | [`DEMO_USER_ID`] |
//! | a live session of that user | [`DEMO_SESSION_TOKEN`], [`DEMO_SESSION_JWT`] |
//! | that user's passkey and biometric registration | [`DEMO_WEBAUTHN_REGISTRATION_ID`], [`DEMO_BIOMETRIC_REGISTRATION_ID`] |
//! | the one-time passcode that always works | [`OTP_TEST_CODE`] |
//! | an OAuth redirect token that logs in the demo user | [`OAUTH_TEST_TOKEN`] |
//! | the built-in client app of the IdP calls | [`IDP_TEST_CLIENT_ID`] |
//!
//! # What the server remembers
//!
//! Each server has its own users and sessions, in memory. Users made with
//! `users::Create` can be fetched, searched, updated and deleted; their
//! emails and phone numbers get ids (`email-test-...`,
//! `phone-number-test-...`) that `users::DeleteEmail` and
//! `users::DeletePhoneNumber` remove.
//!
//! Nothing is ever sent by email or SMS. To log a user in, call
//! `otps::Authenticate` with the id of one of their emails or phone numbers
//! as `method_id` and [`OTP_TEST_CODE`] as `code`: the factor becomes
//! verified, a `pending` user becomes `active`, and when
//! `session_duration_minutes` is given a session is minted (default
//! lifetime when extended without a duration: 60 minutes). Pass an existing
//! session's token or JWT instead to add the factor to that session.
//!
//! A session's token and JWT (a real RS256 JWT in Stytch's claim shape,
//! signed with the published test-only key of [`keys`], whose public half
//! `sessions::GetJwks` serves without credentials, as Stytch does) both work with `sessions::Authenticate`,
//! `oauth::Attach`, `passwords::ResetBySession` and the IdP calls until the
//! session expires or `sessions::Revoke` ends it; after that they fail with
//! `404 session_not_found`, in Stytch's error shape. Unknown ids fail the
//! same way with `user_not_found`, `email_not_found` or
//! `phone_number_not_found`.
//!
//! ```
//! use stytch_local::{LocalServer, OTP_TEST_CODE};
//! use stytch_endpoints::{otps, sessions, users};
//!
//! let server = LocalServer::start().expect("bind 127.0.0.1");
//! let client = server.client();
//! let created = users::Create::builder()
//!     .email("ada@example.com")
//!     .send(&client)
//!     .expect("create");
//! let login = otps::Authenticate::builder()
//!     .method_id(created.email_id)
//!     .code(OTP_TEST_CODE)
//!     .session_duration_minutes(30u32)
//!     .send(&client)
//!     .expect("otp");
//! let check = sessions::Authenticate::builder()
//!     .session_jwt(login.session_jwt.expose())
//!     .send(&client)
//!     .expect("session is live");
//! assert_eq!(check.user.user_id, created.user_id);
//! ```
//!
//! # Authenticator apps (TOTP)
//!
//! `totps::Create` enrols an app for a user and answers with a real secret
//! (20 random bytes, base32), ten recovery codes (`xxxx-xxxx-xxxx`) and a
//! `qr_code`. The `qr_code` is a `data:text/plain;base64,...` URL holding
//! the `otpauth://totp/...` URI, **not** a scannable image as Stytch's is;
//! decode it to read the URI. The new factor shows in the user's `totps`,
//! unverified; it lapses after `expiration_minutes` (5 to 1440, default
//! 1440, else `400 invalid_expiration`) unless confirmed. A user with a
//! verified factor gets `400 active_totp_exists`; an unverified one is
//! replaced.
//!
//! `totps::Authenticate` takes the RFC 6238 code of that secret
//! (HMAC-SHA1, 30-second steps, 6 digits) for the current step or one
//! either side, as any authenticator app or `totp-rs`-style code computes
//! it. The first code that passes marks the factor verified. A wrong code
//! gets `401 unable_to_authenticate_totp`; a code of a step already
//! accepted `400 totp_code_already_authenticated`; a user without a factor
//! `404 totps_not_found_for_user`. Sessions work as with OTPs: a token or
//! JWT adds the factor (`authenticator_app`) to that session, a duration
//! starts one; `session_custom_claims` are added to the session's JWT.
//!
//! `totps::Recover` takes each recovery code once (then `401
//! unable_to_authenticate_recovery_code`) and records a `recovery_code`
//! factor the same way; `totps::RecoveryCodes` lists the codes not used
//! yet. `users::DeleteTotp` removes the factor, its secret and its codes.
//!
//! Not emulated: rate limits and lock-outs after failed codes, device
//! history (`user_device` is never sent), and MFA policies.
//!
//! `users::DeletePassword` removes the password a reset set;
//! `users::DeleteWebAuthnRegistration` and
//! `users::DeleteBiometricRegistration` remove the demo user's
//! registrations (no call of the server creates others yet). Unknown ids
//! get `404` with `totp_not_found`, `password_not_found`,
//! `webauthn_registration_not_found` or `biometric_registration_not_found`.
//!
//! # Connected apps and the IdP calls
//!
//! A new server knows one connected app, [`IDP_TEST_CLIENT_ID`] (a
//! `third_party` client that accepts every redirect URI until its
//! `redirect_urls` are set); `connected_apps::CreateClientClient` adds others. A
//! created client gets a `connected-app-test-...` id, `status` `active`,
//! `creation_method` `api` and 60-minute access tokens unless told
//! otherwise; a confidential one (`first_party`, `third_party`) gets a
//! random secret, in the `CreateClient` answer only (the server keeps its
//! SHA-256 hash). `GetClient`, `SearchClients`, `UpdateClient` and the rotation calls show
//! `client_secret_last_four` (and `next_client_secret_last_four` during a
//! rotation), never a secret. `UpdateClient` changes the fields it is given;
//! `DeleteClient` removes the client and every consent given to it. An unknown
//! client id gets `404 connected_app_not_found`.
//!
//! Rotation: `RotateSecretStart` draws a next secret (shown once;
//! starting again replaces it) and both secrets work; `RotateSecret` makes
//! it the only one; `RotateSecretCancel` drops it. Either without a
//! rotation under way gets `400 client_secret_rotation_not_started`, and
//! starting one on a public client `400 invalid_client_type` (also the
//! answer to `CreateClient` with an unknown `client_type`). No call of the server
//! takes a client secret yet: a test checks one with
//! [`LocalServer::connected_app_accepts_secret`].
//!
//! `connected_apps::SearchClients` takes no filter (Stytch's takes none either):
//! it pages through every client, the built-in one first, in creation
//! order, `limit` per page (default 100, at most 1000), with
//! `next_cursor` absent on the last page; a cursor the server did not issue
//! gets `400 invalid_cursor`.
//!
//! `idp::AuthorizeStart` and `idp::Authorize` accept any of these clients
//! with a `redirect_uri` among its `redirect_urls` (compared exactly; else
//! `400 connected_app_supplied_redirect_url_not_found_in_client`). Every
//! client may be granted `openid`, `email`, `profile`, `phone` and
//! `offline_access`, and a `first_party` client with `full_access_allowed`
//! also `full_access`; `Authorize` refuses another scope with `400
//! invalid_scope`. Consent is required with `prompt=consent`, for
//! `offline_access` (unless a first-party client has
//! `bypass_consent_for_offline_access`), and for a third-party client until
//! the user granted every scope asked; a first-party client needs none
//! otherwise. `Authorize` with `consent_granted` records the scopes;
//! `users::ConnectedApps` lists the apps a user granted scopes to (in the
//! order of the first grant, `scopes_granted` space-separated), and
//! `users::RevokeConnectedApp` removes that user's consents to the app; a
//! second revoke, like revoking an app the user never authorized, gets
//! `404 connected_app_not_found`.
//!
//! Not emulated: the token endpoint and the tokens issued for a client
//! (revoking removes consents only), PKCE being required of public clients,
//! the templates and audiences (stored and shown, never applied), the
//! first-party-only rule on `full_access_allowed` and
//! `bypass_consent_for_offline_access` (stored for any client, honoured for
//! first-party ones only), and dynamic client registration. The error types
//! `client_secret_rotation_not_started` and `invalid_client_type` are this
//! server's choice: Stytch does not document the ones it sends there.
//!
//! # Limits
//!
//! The server protects itself (and the other tests sharing it) from
//! clients that misbehave; each limit answers in Stytch's error shape and
//! then closes the connection.
//!
//! | what | default | answer | set with |
//! |---|---|---|---|
//! | connections open at once (one thread each) | 1024 | `503 too_many_connections` | [`LocalServerConfig::max_connections`] |
//! | a request head, from its first byte | 10 s | `408 request_timeout` | [`LocalServerConfig::head_timeout`] |
//! | a request body, from the end of its head | 30 s | `408 request_timeout` | [`LocalServerConfig::body_timeout`] |
//! | silence between requests on a kept-alive connection | 10 s | (closed) | fixed |
//! | request line / head / header lines | 8 KiB / 16 KiB / 100 | 414 / 431 / 431 | fixed |
//! | request body (`Content-Length` or chunked) | 1 MiB | 413 | fixed |
//! | `users::Search` query: depth / operands / listed values | 8 / 100 / 1000 | `400 invalid_search_query` | fixed |
//!
//! Framing follows RFC 9112 strictly: a malformed or ambiguous
//! `Content-Length`, `Transfer-Encoding` beside `Content-Length`, a space
//! before a header's colon or a folded header line is a 400; a chunked
//! body is decoded. HTTP/1.0 connections close after the answer unless
//! the request asked for `Connection: keep-alive`.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod conns;
mod custom;
mod decode;
mod http;
mod ids;
pub mod keys;
#[allow(
    dead_code,
    reason = "the sending routes (magic links, OTPs, password resets) use it; they land next"
)]
mod outbox;
mod routes;
mod serve;
mod state;

use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::Value;

pub use custom::{LocalError, LocalRoutes};
pub use outbox::{Channel, Purpose, SentMessage};
pub use state::{
    DEMO_BIOMETRIC_REGISTRATION_ID, DEMO_SESSION_JWT, DEMO_SESSION_TOKEN, DEMO_USER_ID,
    DEMO_WEBAUTHN_REGISTRATION_ID,
};

/// The error type of the built-in handlers (the same as [`LocalError`]).
pub(crate) type Fail = LocalError;

/// The one-time passcode the local server accepts for every email and phone
/// number (Stytch's test projects have a similar fixed code).
pub const OTP_TEST_CODE: &str = "000000";
/// The OAuth redirect token that `oauth::Authenticate` accepts: it logs in
/// [`DEMO_USER_ID`] as if Google had sent them back.
pub const OAUTH_TEST_TOKEN: &str = "local-oauth-token-demo-google-0000000000000000";
/// The connected app every local server starts with, which
/// `idp::AuthorizeStart` and `idp::Authorize` accept besides the clients
/// made with `connected_apps::CreateClient`. It is a `third_party` client that may
/// ask for the scopes `openid`, `email`, `profile`, `phone` and
/// `offline_access`, and may redirect anywhere until its `redirect_urls`
/// are set. Its secret is random: rotate it to learn one.
pub const IDP_TEST_CLIENT_ID: &str = "connected-app-test-local-0000";

use stytch_endpoints::{Client, ClientBuilder, Endpoint, FromFields, Route};

pub use decode::RequestParts;

/// The project id the server accepts when started with [`LocalServer::start`].
pub const DEFAULT_PROJECT_ID: &str = "project-test-00000000-0000-0000-0000-000000000000";
/// The secret the server accepts when started with [`LocalServer::start`].
pub const DEFAULT_SECRET: &str = "secret-test-local-server-only-0000";

/// How long an idle keep-alive connection is kept open.
const IDLE_TIMEOUT: Duration = Duration::from_secs(10);

/// A running local server. Dropping it stops the server: it accepts no
/// more connections and shuts down the open ones (a request being answered
/// at that moment may see its connection close instead).
pub struct LocalServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept_thread: Option<JoinHandle<()>>,
}

/// How to start a [`LocalServer`].
#[derive(Clone)]
pub struct LocalServerConfig {
    /// The project id requests must authenticate with.
    pub project_id: String,
    /// The secret requests must authenticate with.
    pub secret: String,
    /// The port on 127.0.0.1; `0` picks a free one.
    pub port: u16,
    /// Routes added by the test, tried before the built-in ones.
    pub routes: LocalRoutes,
    /// Most connections open at once (default [`DEFAULT_MAX_CONNECTIONS`]).
    /// Each open connection has one thread; a connection past the cap is
    /// answered `503 too_many_connections` in Stytch's error shape and
    /// closed at once, without a thread.
    pub max_connections: usize,
    /// How long a request head (request line and headers) may take to
    /// arrive, counted from its first byte (default
    /// [`DEFAULT_HEAD_TIMEOUT`]). Past it the answer is `408
    /// request_timeout` and the connection closes.
    pub head_timeout: Duration,
    /// How long a request body may take to arrive after its head (default
    /// [`DEFAULT_BODY_TIMEOUT`]); then `408 request_timeout` and close.
    pub body_timeout: Duration,
}

/// The default of [`LocalServerConfig::max_connections`].
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;
/// The default of [`LocalServerConfig::head_timeout`].
pub const DEFAULT_HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// The default of [`LocalServerConfig::body_timeout`].
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(30);

impl Default for LocalServerConfig {
    fn default() -> Self {
        LocalServerConfig {
            project_id: DEFAULT_PROJECT_ID.to_owned(),
            secret: DEFAULT_SECRET.to_owned(),
            port: 0,
            routes: LocalRoutes::default(),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            head_timeout: DEFAULT_HEAD_TIMEOUT,
            body_timeout: DEFAULT_BODY_TIMEOUT,
        }
    }
}

impl std::fmt::Debug for LocalServerConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalServerConfig")
            .field("project_id", &self.project_id)
            .field("secret", &"[redacted]")
            .field("port", &self.port)
            .field("routes", &self.routes)
            .field("max_connections", &self.max_connections)
            .field("head_timeout", &self.head_timeout)
            .field("body_timeout", &self.body_timeout)
            .finish()
    }
}

impl LocalServerConfig {
    /// Answers endpoint `E` with `handler`: for endpoints declared in your
    /// own crate, or to answer a built-in one differently. The request is
    /// decoded and checked with `E`'s declaration first (a rule violation is
    /// a 400 `invalid_request` and `handler` is not called); `handler`
    /// returns the answer's fields as a JSON object (`request_id` and
    /// `status_code` are added) or a [`LocalError`].
    ///
    /// ```
    /// use serde_json::json;
    /// use stytch_endpoints::endpoint;
    /// use stytch_local::{LocalError, LocalServer, LocalServerConfig};
    ///
    /// #[derive(serde::Deserialize, Debug)]
    /// pub struct DeleteCryptoWalletResponse { pub request_id: String }
    ///
    /// #[endpoint(DELETE "/v1/users/crypto_wallets/{crypto_wallet_id}", response = DeleteCryptoWalletResponse)]
    /// pub struct DeleteCryptoWallet { crypto_wallet_id: String }
    ///
    /// let config = LocalServerConfig::default().route(|call: DeleteCryptoWallet| {
    ///     if call.crypto_wallet_id() == "crypto-wallet-test-1" {
    ///         Ok(json!({}))
    ///     } else {
    ///         Err(LocalError::new(404, "crypto_wallet_not_found", "no such wallet"))
    ///     }
    /// });
    /// let server = LocalServer::start_with(config).unwrap();
    /// let answer = DeleteCryptoWallet::builder().crypto_wallet_id("crypto-wallet-test-1").send(&server.client()).unwrap();
    /// assert!(answer.request_id.starts_with("request-id-test-"));
    /// ```
    pub fn route<E, F>(mut self, handler: F) -> Self
    where
        E: Endpoint + FromFields<RequestParts> + 'static,
        F: Fn(E) -> Result<Value, LocalError> + Send + Sync + 'static,
    {
        self.routes.add::<E, F>(handler);
        self
    }
}

struct Shared {
    config: LocalServerConfig,
    expected_auth: String,
    stop: AtomicBool,
    connections: AtomicU64,
    requests: AtomicU64,
    /// The connections open now, at most `config.max_connections`.
    conns: conns::Connections,
    state: state::State,
    /// The routes the test added, then the built-in ones.
    routes: Vec<routes::Entry>,
}

impl LocalServer {
    /// Starts a server on a free port of 127.0.0.1 with the default
    /// credentials ([`DEFAULT_PROJECT_ID`], [`DEFAULT_SECRET`]).
    pub fn start() -> io::Result<LocalServer> {
        Self::start_with(LocalServerConfig::default())
    }

    /// Starts a server with the given credentials and port.
    pub fn start_with(config: LocalServerConfig) -> io::Result<LocalServer> {
        let listener = TcpListener::bind(("127.0.0.1", config.port))?;
        let addr = listener.local_addr()?;
        let credentials = format!("{}:{}", config.project_id, config.secret);
        let project_id = config.project_id.clone();
        let max_connections = config.max_connections;
        let mut all_routes = config.routes.entries.clone();
        all_routes.extend(routes::built_in());
        let shared = Arc::new(Shared {
            expected_auth: format!(
                "Basic {}",
                stytch_endpoints::runtime::encode::base64(credentials.as_bytes())
            ),
            config,
            stop: AtomicBool::new(false),
            connections: AtomicU64::new(0),
            requests: AtomicU64::new(0),
            conns: conns::Connections::new(max_connections),
            state: state::State::new(&project_id),
            routes: all_routes,
        });
        let accept_shared = Arc::clone(&shared);
        let accept_thread = std::thread::Builder::new()
            .name("stytch-local-accept".to_owned())
            .spawn(move || serve::accept_loop(listener, accept_shared))?;
        Ok(LocalServer {
            addr,
            shared,
            accept_thread: Some(accept_thread),
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL to give a client, for example `http://127.0.0.1:40123`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The project id the server accepts.
    pub fn project_id(&self) -> &str {
        &self.shared.config.project_id
    }

    /// The secret the server accepts.
    pub fn secret(&self) -> &str {
        &self.shared.config.secret
    }

    /// A client configured for this server.
    ///
    /// # Panics
    ///
    /// Never in practice: the base URL is always `http://127.0.0.1:PORT`,
    /// which the client accepts. (It used to fall back to a client for
    /// Stytch's test host; a test must never reach a real host by accident.)
    pub fn client(&self) -> Client {
        match self.client_builder().build() {
            Ok(client) => client,
            Err(e) => panic!("a client for {} could not be built: {e}", self.base_url()),
        }
    }

    /// The method and path template of every built-in route, in the order
    /// they are tried (routes added with [`LocalServerConfig::route`] come
    /// first).
    pub fn built_in_routes() -> Vec<Route> {
        routes::built_in().iter().map(|e| e.route).collect()
    }

    /// A client builder preset for this server, to change timeouts or retries.
    /// The server answers the fraud products' calls too, so both base URLs
    /// point at it.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder(self.project_id(), self.secret())
            .base_url(self.base_url())
            .fraud_base_url(self.base_url())
    }

    /// How many TCP connections the server has accepted so far.
    pub fn connections_accepted(&self) -> u64 {
        self.shared.connections.load(Ordering::Relaxed)
    }

    /// How many connections are open now (each has one thread).
    pub fn connections_open(&self) -> usize {
        self.shared.conns.open()
    }

    /// The newest magic link, passcode, invitation or password-reset link
    /// the server "sent" to `address` (an email address, compared without
    /// regard to ASCII case, or a phone number as the request gave it).
    /// Its [`SentMessage::secret`] is what the user would have received.
    pub fn last_message_to(&self, address: &str) -> Option<SentMessage> {
        self.shared
            .state
            .with(|s| s.outbox.last_to(address).cloned())
    }

    /// Whether `secret` is a client secret of the connected app
    /// `client_id` now: its current secret, or during a rotation the next
    /// one too. A public client, an unknown client or a wrong secret gives
    /// `false`. (No call of the local server authenticates a client with its
    /// secret yet; this is how a test checks what a rotation did.)
    ///
    /// ```
    /// use stytch_endpoints::connected_apps::{ClientType, CreateClient};
    /// use stytch_local::LocalServer;
    ///
    /// let server = LocalServer::start().unwrap();
    /// let app = CreateClient::builder()
    ///     .client_type(ClientType::FirstParty)
    ///     .send(&server.client())
    ///     .unwrap()
    ///     .connected_app;
    /// let secret = app.client_secret.unwrap();
    /// assert!(server.connected_app_accepts_secret(&app.client_id, secret.expose()));
    /// assert!(!server.connected_app_accepts_secret(&app.client_id, "guess"));
    /// ```
    pub fn connected_app_accepts_secret(&self, client_id: &str, secret: &str) -> bool {
        self.shared
            .state
            .with(|s| s.connected_apps.secret_matches(client_id, secret))
    }

    /// Moves the server's clock forward by `by`: sessions, codes, links and
    /// unconfirmed factors expire as if that much time had passed. Session
    /// JWTs signed afterwards carry the server's time, so a check against
    /// the system clock sees them as issued in the future. The clock never
    /// goes back.
    pub fn advance_clock(&self, by: Duration) {
        self.shared.state.with(|s| {
            s.clock_offset = s.clock_offset.saturating_add(by.as_secs());
        });
    }

    /// How many requests the server has answered so far.
    pub fn requests_served(&self) -> u64 {
        self.shared.requests.load(Ordering::Relaxed)
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(handle) = self.accept_thread.take() {
            let _ = handle.join();
        }
        // No connection is admitted any more: end the open ones, and give
        // their threads a moment to return.
        self.shared.conns.close_all(Duration::from_secs(2));
    }
}

impl std::fmt::Debug for LocalServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalServer")
            .field("addr", &self.addr)
            .field("project_id", &self.shared.config.project_id)
            .field("secret", &"[redacted]")
            .finish()
    }
}
