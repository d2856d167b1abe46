//! M2M access tokens checked locally, with the project's cached keys.

use std::fmt;
use std::sync::Arc;

use serde::Deserialize;
use serde_json::{Map, Value};
use stytch_runtime::jwt::{self, Registered, visit_claims};

use crate::Client;
use crate::sessions::{Clock, JwtError, JwtOptions, VerifierCore, fetch_keys};

/// The claim of an M2M access token that lists its scopes, separated by
/// spaces.
pub const SCOPE_CLAIM: &str = "scope";

/// An M2M access token that was accepted.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct M2mToken {
    /// The M2M client the token was issued to (the token's `sub`).
    pub client_id: String,
    /// The scopes the token grants: its `scope` claim split on spaces,
    /// without empty entries, in the token's order.
    pub scopes: Vec<String>,
    /// The token's claims other than the reserved ones (`aud`, `exp`,
    /// `iat`, `iss`, `jti`, `nbf`, `sub`) and `scope`.
    pub custom_claims: Map<String, Value>,
    /// The token's `iat`, in seconds since the Unix epoch.
    pub issued_at: i64,
    /// The token's `exp`, in seconds since the Unix epoch.
    pub expires_at: i64,
}

impl M2mToken {
    /// Whether the token grants every scope of `required`, by the rule of
    /// [`scopes_grant`].
    pub fn grants<S: AsRef<str>>(&self, required: &[S]) -> bool {
        scopes_grant(&self.scopes, required).is_ok()
    }
}

/// Checks M2M access tokens locally.
///
/// The rules are those of session JWTs ([`crate::runtime::jwt`] lists
/// them): RS256 only, a `kid` among the project's keys, `aud` the project
/// id, `iss` `stytch.com/{project_id}` or the client's base URL, `exp`,
/// `nbf` and `iat` present and honoured with [`JwtOptions::leeway`], and
/// tokens issued [`JwtOptions::max_token_age`] ago or earlier refused. On
/// top of them, as the official SDKs require: `sub` (the client id) and
/// `scope` are strings.
///
/// The keys are the ones [`sessions::JwtVerifier`](crate::sessions::JwtVerifier)
/// uses: one cache per [`Client`], shared by its clones and every thread.
///
/// ```no_run
/// use stytch_endpoints::Client;
/// use stytch_endpoints::m2m::TokenVerifier;
///
/// # fn main() -> Result<(), stytch_endpoints::sessions::JwtError> {
/// let client = Client::new("project-test-...", "secret-test-...");
/// // Build it once and share it: it is cheap to clone and `Send + Sync`.
/// let verifier = TokenVerifier::new(&client);
///
/// # let bearer = "";
/// // Refused unless the token grants `read:users` (or `read:*`).
/// let token = verifier.authenticate(bearer, &["read:users"])?;
/// println!("client {} with scopes {:?}", token.client_id, token.scopes);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct TokenVerifier {
    core: VerifierCore,
}

impl fmt::Debug for TokenVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.core.debug_as("TokenVerifier", f)
    }
}

impl TokenVerifier {
    /// A verifier for `client`'s project, with default [`JwtOptions`] (no
    /// age limit beyond `exp`, no leeway).
    pub fn new(client: &Client) -> TokenVerifier {
        TokenVerifier {
            core: VerifierCore::new(client),
        }
    }

    /// Uses these options.
    pub fn options(mut self, options: JwtOptions) -> TokenVerifier {
        self.core.options = options;
        self
    }

    /// Reads the time from `clock` instead of the system (for tests).
    pub fn clock(mut self, clock: impl Clock + 'static) -> TokenVerifier {
        self.core.clock = Arc::new(clock);
        self
    }

    /// Fetches the project's keys now, unless a fetch started less than 30 s
    /// ago (then `Ok(false)`); the same as
    /// [`JwtVerifier::refresh_keys`](crate::sessions::JwtVerifier::refresh_keys),
    /// whose keys these are: call it on a timer, off the request path, so
    /// that no check ever fetches them itself.
    #[inline]
    pub fn refresh_keys(&self) -> Result<bool, JwtError> {
        self.core.refresh_keys()
    }

    /// Checks `access_token` (the project's keys are fetched on first use
    /// and cached), then that it grants every scope of `required_scopes`
    /// (pass `&[]` to require none) by the rule of [`scopes_grant`]. A token
    /// that is valid but lacks a scope is [`JwtError::MissingScope`].
    #[inline]
    pub fn authenticate(
        &self,
        access_token: &str,
        required_scopes: &[&str],
    ) -> Result<M2mToken, JwtError> {
        let issuers = self.core.issuers();
        let rules = self.core.rules(&issuers);
        let client = &self.core.client;
        let (payload, times) = jwt::verify::<M2mPayload, _>(
            access_token,
            client.jwks(),
            &rules,
            &*self.core.clock,
            || fetch_keys(client),
        )?;
        let client_id = match payload.registered.sub {
            Some(Value::String(sub)) => sub,
            None => return Err(JwtError::MissingClaim("sub")),
            Some(_) => return Err(JwtError::InvalidClaim("sub")),
        };
        let scopes = match payload.scope {
            Some(Value::String(scope)) => scope
                .split(' ')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>(),
            None | Some(Value::Null) => return Err(JwtError::MissingClaim(SCOPE_CLAIM)),
            Some(_) => return Err(JwtError::InvalidClaim(SCOPE_CLAIM)),
        };
        scopes_grant(&scopes, required_scopes)?;
        Ok(M2mToken {
            client_id,
            scopes,
            custom_claims: payload.custom,
            issued_at: times.issued_at,
            expires_at: times.expires_at,
        })
    }
}

/// Whether the scopes a token holds (`has`) grant every scope of
/// `required`, by the official SDKs' default rule:
///
/// - A scope is `action:resource`, or a bare `name` (which counts as the
///   action `name` with the resource `-`).
/// - A required scope is granted by a held scope with the same action and
///   either the same resource or the resource `*`. So `read:*` grants
///   `read:users` and `read:invoices` (and the bare `read`), `*` alone
///   grants only a required `*` (there is no wildcard action), and
///   `read:users` grants neither `read:*` nor `write:users`.
/// - Scopes are compared exactly: case matters.
///
/// A scope with more than one `:` is not of either form. The Python SDK
/// raises on one, the Node SDK reads `a:b:c` as `a:b`; here, to be no looser
/// than either, a required scope with more than one `:` is never granted,
/// and a held one makes every non-empty requirement fail with
/// [`JwtError::InvalidClaim`]`("scope")`.
///
/// Returns [`JwtError::MissingScope`] naming the first required scope that
/// is not granted.
pub fn scopes_grant<H, R>(has: &[H], required: &[R]) -> Result<(), JwtError>
where
    H: AsRef<str>,
    R: AsRef<str>,
{
    if required.is_empty() {
        return Ok(());
    }
    let held = has
        .iter()
        .map(|s| split_scope(s.as_ref()).ok_or(JwtError::InvalidClaim(SCOPE_CLAIM)))
        .collect::<Result<Vec<_>, _>>()?;
    for wanted in required {
        let wanted = wanted.as_ref();
        let granted = split_scope(wanted).is_some_and(|(action, resource)| {
            held.iter()
                .any(|&(a, r)| a == action && (r == "*" || r == resource))
        });
        if !granted {
            return Err(JwtError::MissingScope {
                required: wanted.to_owned(),
            });
        }
    }
    Ok(())
}

/// `action:resource` as its two parts, a bare name as `(name, "-")`;
/// `None` for more than one `:`.
fn split_scope(scope: &str) -> Option<(&str, &str)> {
    match scope.split_once(':') {
        None => Some((scope, "-")),
        Some((_, resource)) if resource.contains(':') => None,
        Some(parts) => Some(parts),
    }
}

/// An M2M token's payload, read in one pass: the registered claims,
/// `scope`, and the rest as custom claims.
struct M2mPayload {
    registered: Registered,
    scope: Option<Value>,
    custom: Map<String, Value>,
}

impl AsRef<Registered> for M2mPayload {
    fn as_ref(&self) -> &Registered {
        &self.registered
    }
}

impl<'de> Deserialize<'de> for M2mPayload {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<M2mPayload, D::Error> {
        struct PayloadVisitor;
        impl<'de> serde::de::Visitor<'de> for PayloadVisitor {
            type Value = M2mPayload;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object of claims")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<M2mPayload, A::Error> {
                let mut registered = Registered::default();
                let mut scope = None;
                let mut custom = Map::new();
                visit_claims(map, &mut registered, |name, map| {
                    if name == SCOPE_CLAIM {
                        scope = Some(map.next_value()?);
                    } else {
                        custom.insert(name.into_owned(), map.next_value()?);
                    }
                    Ok(())
                })?;
                Ok(M2mPayload {
                    registered,
                    scope,
                    custom,
                })
            }
        }
        d.deserialize_map(PayloadVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grants(has: &[&str], required: &[&str]) -> bool {
        scopes_grant(has, required).is_ok()
    }

    #[test]
    fn the_sdk_scope_rule() {
        // Nothing required: granted, even with no scopes.
        assert!(grants(&[], &[]));
        assert!(grants(&["read:users"], &["read:users"]));
        assert!(!grants(&["read:users"], &["write:users"]));
        assert!(!grants(&["read:users"], &["read:invoices"]));
        assert!(!grants(&[], &["read:users"]));
        // The wildcard resource.
        assert!(grants(&["read:*"], &["read:users", "read:invoices"]));
        assert!(grants(&["read:*"], &["read"]));
        assert!(grants(&["read:*"], &["read:*"]));
        assert!(!grants(&["read:users"], &["read:*"]));
        assert!(!grants(&["read:*"], &["write:users"]));
        // No wildcard action.
        assert!(!grants(&["*"], &["read:users"]));
        assert!(!grants(&["*:users"], &["read:users"]));
        assert!(grants(&["*"], &["*"]));
        // Bare names.
        assert!(grants(&["admin"], &["admin"]));
        assert!(!grants(&["admin"], &["admin:users"]));
        assert!(!grants(&["admin:users"], &["admin"]));
        // Exact, case-sensitive, every one required.
        assert!(!grants(&["Read:users"], &["read:users"]));
        assert!(!grants(&["read:users"], &["read:users", "write:users"]));
        // More than one colon.
        assert!(!grants(&["read:*"], &["read:a:b"]));
        assert!(matches!(
            scopes_grant(&["read:a:b", "read:*"], &["read:x"]),
            Err(JwtError::InvalidClaim(SCOPE_CLAIM))
        ));
        assert!(grants(&["read:a:b"], &[] as &[&str]));
        match scopes_grant(&["read:users"], &["read:users", "write:users"]) {
            Err(JwtError::MissingScope { required }) => assert_eq!(required, "write:users"),
            other => panic!("{other:?}"),
        }
    }
}
