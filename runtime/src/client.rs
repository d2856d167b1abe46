//! The client: configuration, and the call loop with retries.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::exchange::{AttemptError, Outgoing, Timeouts};
use crate::proxy::{self, Chosen, ProxySetting};
use crate::redact::{Redactor, Sent};
use crate::resolver::{Lookup, system_lookup};
use crate::response::{RawResponse, decode_with};
use crate::retry::{Failure, RetryPolicy};
use crate::transport;
use crate::{Endpoint, Error, Host, PathContext, Route, Secret, base_url, logging};

/// Default bound on establishing a connection (TCP and TLS).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default bound on one whole exchange: connect, send, and read the answer.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default cap on the size of an answer body.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;

/// A synchronous Stytch API client.
///
/// Cheap to clone: clones share one connection pool, so keep one client and
/// clone it rather than building a new one per call. It is `Send + Sync` and
/// can be used from many threads at once.
///
/// ```no_run
/// # fn main() -> Result<(), stytch_runtime::Error> {
/// use stytch_runtime::Client;
/// let client = Client::new("project-test-00000000-0000-0000-0000-000000000000", "secret-test-...");
/// # let _ = client; Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    agent: transport::Http,
    base_url: String,
    /// The agent and base URL of the fraud products' host
    /// ([`Host::Fraud`]): its own keep-alive pool and `host` header.
    fraud: transport::Http,
    fraud_base_url: String,
    project_id: String,
    /// Kept to remove it from any error or log line an answer produces.
    secret: Secret,
    user_agent: String,
    proxy: Option<Chosen>,
    /// Why every call fails at once: set when [`Client::new`] met a proxy
    /// setting in the environment it cannot use (a builder reports that
    /// from `build`).
    unusable: Option<String>,
    timeouts: Timeouts,
    retry: RetryPolicy,
    max_response_bytes: usize,
    /// The project's JWT signing keys, shared by all clones.
    jwks: crate::jwt::JwksCache,
}

/// Per-call settings that override the client's for one call.
#[derive(Clone, Debug, Default)]
pub struct CallOptions {
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
}

impl CallOptions {
    /// Default options: the client's settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Bound on the whole exchange of each attempt.
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = Some(d);
        self
    }

    /// Bound on establishing the connection of each attempt.
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = Some(d);
        self
    }

    /// The retry policy for this call.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }
}

impl Client {
    /// A client for `project_id` with default settings. The base URL follows
    /// from the id: `project-live-...` ids talk to `https://api.stytch.com`,
    /// all others to `https://test.stytch.com`.
    ///
    /// Proxies come from the environment as [`ClientBuilder::proxy`]
    /// describes. Should the environment name one this client cannot use (a
    /// SOCKS proxy, say), every call returns that [`Error::Config`] without
    /// connecting anywhere; [`ClientBuilder::build`] reports it at once.
    pub fn new(project_id: impl Into<String>, secret: impl Into<Secret>) -> Client {
        let builder = Client::builder(project_id, secret);
        let base_url = base_url::for_project(&builder.project_id).to_owned();
        let fraud_base_url = base_url::FRAUD_URL.to_owned();
        let chosen = proxy::choose(&builder.proxy, &base_url, env_var).and_then(|api| {
            proxy::choose(&builder.proxy, &fraud_base_url, env_var).map(|fraud| (api, fraud))
        });
        let (proxies, unusable) = match chosen {
            Ok(proxies) => (proxies, None),
            Err(Error::Config { reason }) => ((None, None), Some(reason)),
            Err(other) => ((None, None), Some(other.to_string())),
        };
        let urls = Urls {
            api: base_url,
            fraud: fraud_base_url,
        };
        builder.assemble(urls, default_user_agent(), proxies, unusable)
    }

    /// A builder to set the base URL, timeouts, retries and user agent.
    pub fn builder(project_id: impl Into<String>, secret: impl Into<Secret>) -> ClientBuilder {
        ClientBuilder {
            project_id: project_id.into(),
            secret: secret.into(),
            base_url: None,
            fraud_base_url: None,
            user_agent: None,
            timeouts: Timeouts {
                connect: DEFAULT_CONNECT_TIMEOUT,
                exchange: DEFAULT_TIMEOUT,
            },
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            proxy: ProxySetting::FromEnv,
            lookup: None,
        }
    }

    /// A client from the environment: `STYTCH_PROJECT_ID` and `STYTCH_SECRET`
    /// (both required), `STYTCH_BASE_URL` and `STYTCH_FRAUD_BASE_URL`
    /// (optional; see [`ClientBuilder::base_url`] and
    /// [`ClientBuilder::fraud_base_url`]).
    /// An empty variable counts as not set.
    pub fn from_env() -> Result<Client, Error> {
        Client::from_vars(|name| std::env::var(name).ok())
    }

    /// [`Client::from_env`] over any source of variables.
    fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> Result<Client, Error> {
        let var = |name: &str| lookup(name).filter(|v| !v.is_empty());
        let project_id = var("STYTCH_PROJECT_ID").ok_or_else(|| Error::Config {
            reason: "STYTCH_PROJECT_ID is not set".to_owned(),
        })?;
        let secret = var("STYTCH_SECRET").ok_or_else(|| Error::Config {
            reason: "STYTCH_SECRET is not set".to_owned(),
        })?;
        let mut builder = Client::builder(project_id, secret);
        if let Some(url) = var("STYTCH_BASE_URL") {
            builder = builder.base_url(url);
        }
        if let Some(url) = var("STYTCH_FRAUD_BASE_URL") {
            builder = builder.fraud_base_url(url);
        }
        builder.build_with(&lookup)
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The base URL of the fraud products' calls ([`Host::Fraud`]), without
    /// a trailing slash.
    pub fn fraud_base_url(&self) -> &str {
        &self.inner.fraud_base_url
    }

    /// The project id.
    pub fn project_id(&self) -> &str {
        &self.inner.project_id
    }

    /// The cache of the project's JWT signing keys, which every clone of
    /// this client shares (see [`JwksCache`](crate::jwt::JwksCache)).
    pub fn jwks(&self) -> &crate::jwt::JwksCache {
        &self.inner.jwks
    }

    /// Sends `endpoint` and decodes the answer.
    ///
    /// The declared rules are checked first ([`Endpoint::validate`]); a
    /// request that breaks one is never sent.
    pub fn send<E: Endpoint + ?Sized>(&self, endpoint: &E) -> Result<E::Response, Error> {
        self.send_with(endpoint, &CallOptions::default())
    }

    /// [`Client::send`] with per-call settings.
    pub fn send_with<E: Endpoint + ?Sized>(
        &self,
        endpoint: &E,
        options: &CallOptions,
    ) -> Result<E::Response, Error> {
        endpoint.validate()?;
        let route = Route::of::<E>();
        let inner = &*self.inner;
        if let Some(reason) = &inner.unusable {
            return Err(Error::Config {
                reason: reason.clone(),
            });
        }

        let (http, base_url) = match E::HOST {
            Host::Api => (&inner.agent, &inner.base_url),
            Host::Fraud => (&inner.fraud, &inner.fraud_base_url),
        };
        let mut url = String::with_capacity(base_url.len() + 64);
        url.push_str(base_url);
        endpoint.write_path(&mut url, &PathContext::new(&inner.project_id));
        url.push('?');
        let query_start = url.len();
        endpoint.write_query(&mut url);
        if url.len() == query_start {
            url.pop();
        }

        let mut body = Vec::new();
        let has_body = route.method.has_body() && endpoint.write_body(&mut body)?;

        let timeouts = Timeouts {
            connect: options.connect_timeout.unwrap_or(inner.timeouts.connect),
            exchange: options.timeout.unwrap_or(inner.timeouts.exchange),
        };
        let outgoing = Outgoing {
            route,
            url: &url,
            body: has_body.then_some(&body[..]),
            body_format: E::BODY,
            max_body: inner.max_response_bytes,
            custom_connect: timeouts.connect != inner.timeouts.connect,
            timeouts,
        };
        // Only references: the list of values to remove is built if an
        // error or log line needs it.
        let redactor = Redactor::new(Sent {
            project_id: &inner.project_id,
            secret: &inner.secret,
            url: &url,
            path_start: base_url.len(),
            template: route.path,
            body: outgoing.body,
        });
        let policy = options.retry.as_ref().unwrap_or(&inner.retry);
        let (raw, attempts) = attempts(http, &outgoing, policy, E::IDEMPOTENT, &redactor)?;
        decode_with(route, &raw, attempts, Some(&redactor))
    }
}

/// Runs attempts until one gives a final answer or the policy stops.
fn attempts(
    http: &transport::Http,
    out: &Outgoing<'_>,
    policy: &RetryPolicy,
    idempotent: bool,
    redactor: &Redactor<'_>,
) -> Result<(RawResponse, u32), Error> {
    let started = Instant::now();
    let mut attempt = 0u32;
    loop {
        attempt += 1;
        // Reading the clock costs about 25 ns here: the first attempt
        // starts with the call.
        let attempt_started = if attempt == 1 {
            started
        } else {
            Instant::now()
        };
        let mut result = transport::exchange(http, out, attempt_started);
        if let Err(e) = &mut result {
            redactor.error(&mut e.error);
        }
        logging::attempt(out.route, attempt, attempt_started, &result, redactor);
        let (failure, retry_after) = match &result {
            Ok(raw) => (status_failure(raw.status), raw.retry_after),
            Err(AttemptError { failure, .. }) => (Some(*failure), None),
        };
        let wait = match failure {
            Some(f) if f.retryable(idempotent) && attempt < policy.max_attempts => {
                policy.delay(attempt, retry_after)
            }
            _ => None,
        };
        let wait = wait.filter(|w| started.elapsed() + *w < policy.max_total);
        match (result, wait) {
            (Ok(raw), None) => return Ok((raw, attempt)),
            (Err(mut e), None) => {
                e.error.set_attempts(attempt);
                return Err(e.error);
            }
            (_, Some(wait)) => std::thread::sleep(wait),
        }
    }
}

/// The retry class of an HTTP status; `None` for statuses that end the call.
fn status_failure(status: u16) -> Option<Failure> {
    match status {
        429 | 503 => Some(Failure::Refused),
        500..=599 => Some(Failure::MaybeProcessed),
        _ => None,
    }
}

/// A variable of the process environment.
fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

fn default_user_agent() -> String {
    concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned()
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("fraud_base_url", &inner.fraud_base_url)
            .field("project_id", &inner.project_id)
            .field("secret", &"[redacted]")
            .field("user_agent", &inner.user_agent)
            .field("proxy", &inner.proxy)
            .field("timeouts", &inner.timeouts)
            .field("retry", &inner.retry)
            .field("max_response_bytes", &inner.max_response_bytes)
            .finish()
    }
}

/// Configures a [`Client`]. Made by [`Client::builder`].
#[must_use = "call `.build()` to get a client"]
pub struct ClientBuilder {
    project_id: String,
    secret: Secret,
    base_url: Option<String>,
    fraud_base_url: Option<String>,
    user_agent: Option<String>,
    timeouts: Timeouts,
    retry: RetryPolicy,
    max_response_bytes: usize,
    proxy: ProxySetting,
    /// The host name lookup; the system's unless a test sets one.
    lookup: Option<Lookup>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("project_id", &self.project_id)
            .field("secret", &"[redacted]")
            .field("base_url", &self.base_url)
            .field("fraud_base_url", &self.fraud_base_url)
            .field("user_agent", &self.user_agent)
            .field("proxy", &ShownSetting(&self.proxy))
            .field("timeouts", &self.timeouts)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

impl ClientBuilder {
    /// Sends to this base URL instead of Stytch's. A path prefix is kept
    /// (`https://gw.example/stytch` + `/v1/...`); `http://` is accepted only
    /// for loopback hosts. Checked by [`ClientBuilder::build`].
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sends the fraud products' calls ([`Host::Fraud`]: fingerprint
    /// lookups, rules, verdict reasons, email risk) to this base URL instead
    /// of [`FRAUD_URL`](crate::FRAUD_URL), under the same rules as
    /// [`ClientBuilder::base_url`]. Setting [`ClientBuilder::base_url`] does
    /// not move them: Stytch serves them from their own host.
    pub fn fraud_base_url(mut self, url: impl Into<String>) -> Self {
        self.fraud_base_url = Some(url.into());
        self
    }

    /// The `User-Agent` header. Defaults to `stytch-runtime/<version>`.
    pub fn user_agent(mut self, value: impl Into<String>) -> Self {
        self.user_agent = Some(value.into());
        self
    }

    /// Bound on establishing a connection (default 5 s).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.timeouts.connect = d;
        self
    }

    /// Bound on one whole exchange, from connecting to the last byte of the
    /// answer (default 30 s). A server that trickles bytes cannot hold an
    /// attempt past it.
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeouts.exchange = d;
        self
    }

    /// The retry policy (default: [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest answer body accepted, in bytes (default 4 MiB). A larger
    /// one is [`Error::ResponseTooLarge`] and is not read into memory.
    pub fn max_response_bytes(mut self, n: usize) -> Self {
        self.max_response_bytes = n;
        self
    }

    /// Sends every request through this proxy instead of the one the
    /// environment names (and ignores `no_proxy`).
    ///
    /// `url` is `http://host:port` or `https://host:port` (the scheme of the
    /// connection to the proxy; `http://` when left out), with
    /// `user:password@` if the proxy asks for credentials. Requests go
    /// through a `CONNECT` tunnel with TLS inside it, so the proxy learns the
    /// host and port and nothing else. A loopback base URL is always reached
    /// directly. A SOCKS or other URL is an [`Error::Config`] from
    /// [`ClientBuilder::build`].
    ///
    /// Without this (or [`ClientBuilder::no_proxy`]) the environment is read
    /// as curl reads it: `https_proxy` / `HTTPS_PROXY`, then `all_proxy` /
    /// `ALL_PROXY` (lower case first), except for hosts in `no_proxy` /
    /// `NO_PROXY`. `HTTP_PROXY` is never read; `http_proxy` would apply
    /// only to a plain `http://` base URL, which is allowed only for
    /// loopback hosts, which are never proxied.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = ProxySetting::Url(url.into());
        self
    }

    /// Connects directly, whatever the environment says about proxies.
    pub fn no_proxy(mut self) -> Self {
        self.proxy = ProxySetting::Off;
        self
    }

    /// Looks host names up with `lookup` instead of the system's resolver.
    #[cfg(test)]
    pub(crate) fn lookup(mut self, lookup: Lookup) -> Self {
        self.lookup = Some(lookup);
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        self.build_with(env_var)
    }

    /// [`ClientBuilder::build`], reading proxy variables through `env`.
    fn build_with(self, env: impl Fn(&str) -> Option<String>) -> Result<Client, Error> {
        let base_url = match &self.base_url {
            Some(url) => base_url::validate(url)?,
            None => base_url::for_project(&self.project_id).to_owned(),
        };
        let fraud_base_url = match &self.fraud_base_url {
            Some(url) => base_url::validate(url)?,
            None => base_url::FRAUD_URL.to_owned(),
        };
        let user_agent = self.user_agent.clone().unwrap_or_else(default_user_agent);
        if user_agent.chars().any(|c| c.is_control()) {
            return Err(Error::Config {
                reason: "the user agent must not contain control characters".to_owned(),
            });
        }
        let proxy = proxy::choose(&self.proxy, &base_url, &env)?;
        let fraud_proxy = proxy::choose(&self.proxy, &fraud_base_url, &env)?;
        let urls = Urls {
            api: base_url,
            fraud: fraud_base_url,
        };
        Ok(self.assemble(urls, user_agent, (proxy, fraud_proxy), None))
    }

    /// The client, with one agent per host. `proxies` are the ones chosen
    /// for the API host and for the fraud host.
    fn assemble(
        self,
        urls: Urls,
        user_agent: String,
        proxies: (Option<Chosen>, Option<Chosen>),
        unusable: Option<String>,
    ) -> Client {
        let (proxy, fraud_proxy) = proxies;
        let lookup = self.lookup.unwrap_or_else(system_lookup);
        let agent_for = |base_url: &str, proxy: &Option<Chosen>| {
            transport::agent(transport::Settings {
                user_agent: &user_agent,
                base_url,
                project_id: &self.project_id,
                secret: &self.secret,
                timeouts: self.timeouts,
                proxy: proxy.as_ref().map(|c| c.proxy.clone()),
                lookup: lookup.clone(),
            })
        };
        let agent = agent_for(&urls.api, &proxy);
        let fraud = agent_for(&urls.fraud, &fraud_proxy);
        Client {
            inner: Arc::new(Inner {
                agent,
                base_url: urls.api,
                fraud,
                fraud_base_url: urls.fraud,
                project_id: self.project_id,
                secret: self.secret,
                user_agent,
                proxy,
                unusable,
                timeouts: self.timeouts,
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
                jwks: crate::jwt::JwksCache::new(),
            }),
        }
    }
}

/// The base URL of each host.
struct Urls {
    api: String,
    fraud: String,
}

/// A proxy setting as `Debug` shows it: an explicit URL without its
/// credentials.
struct ShownSetting<'a>(&'a ProxySetting);

impl fmt::Debug for ShownSetting<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            ProxySetting::FromEnv => f.write_str("FromEnv"),
            ProxySetting::Off => f.write_str("Off"),
            ProxySetting::Url(url) => {
                let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
                let scheme = url.split_once("://").map_or("http", |(s, _)| s);
                let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
                write!(f, "Url({:?})", format!("{scheme}://{host}"))
            }
        }
    }
}

#[cfg(test)]
mod tests;
