//! The project's signing keys: parsed from a JWKS, cached, refetched with
//! limits.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, TryLockError};
use std::time::{Duration, Instant};

use super::{JwtError, base64url};
use crate::Error;

/// How long fetched keys are used before they are fetched again.
pub const JWKS_TTL: Duration = Duration::from_secs(5 * 60);
/// The shortest time between two fetches of the keys: a token with an
/// unknown `kid`, or a failed fetch, triggers a new fetch only when the
/// last one started at least this long ago.
pub const REFETCH_INTERVAL: Duration = Duration::from_secs(30);

/// One RSA public key of the project, ready to verify RS256 signatures.
///
/// `Debug` shows the key id only.
pub struct RsaKey {
    kid: String,
    n: Vec<u8>,
    e: Vec<u8>,
}

impl RsaKey {
    /// The key from its id and its modulus and exponent as unsigned
    /// big-endian bytes (leading zero bytes are dropped). `None` when the
    /// modulus is not between 2048 and 8192 bits or the exponent is empty or
    /// longer than 4 bytes.
    pub fn from_components(kid: impl Into<String>, n: &[u8], e: &[u8]) -> Option<RsaKey> {
        let n = strip_zeros(n);
        let e = strip_zeros(e);
        if !(256..=1024).contains(&n.len()) || e.is_empty() || e.len() > 4 {
            return None;
        }
        Some(RsaKey {
            kid: kid.into(),
            n: n.to_vec(),
            e: e.to_vec(),
        })
    }

    /// The key id (`kid`).
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// Checks an RS256 (RSASSA-PKCS1-v1_5 with SHA-256) signature of
    /// `message`.
    pub fn verify_rs256(&self, message: &[u8], signature: &[u8]) -> bool {
        let key = ring::signature::RsaPublicKeyComponents {
            n: &self.n[..],
            e: &self.e[..],
        };
        key.verify(
            &ring::signature::RSA_PKCS1_2048_8192_SHA256,
            message,
            signature,
        )
        .is_ok()
    }
}

fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

impl fmt::Debug for RsaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaKey")
            .field("kid", &self.kid)
            .field("bits", &(self.n.len() * 8))
            .finish()
    }
}

/// The fields of one JWK that matter for verifying, as the JWKS sends them
/// (`n` and `e` in base64url).
#[derive(Debug, Clone, Copy, Default)]
pub struct JwkFields<'a> {
    /// Key id.
    pub kid: &'a str,
    /// Key type: only `RSA` keys are kept.
    pub kty: &'a str,
    /// Algorithm: empty or `RS256`; keys for other algorithms are skipped.
    pub alg: &'a str,
    /// Intended use: empty or `sig`; other keys are skipped.
    pub key_use: &'a str,
    /// RSA modulus, base64url.
    pub n: &'a str,
    /// RSA public exponent, base64url.
    pub e: &'a str,
}

/// A set of RSA keys by key id.
#[derive(Debug, Default)]
pub struct KeySet {
    keys: Vec<Arc<RsaKey>>,
}

impl KeySet {
    /// The RS256 signing keys among `jwks`; a key of another type or use,
    /// or with unreadable components, is left out.
    pub fn from_jwks<'a>(jwks: impl IntoIterator<Item = JwkFields<'a>>) -> KeySet {
        let keys = jwks
            .into_iter()
            .filter(|k| k.kty == "RSA" && matches!(k.alg, "" | "RS256"))
            .filter(|k| matches!(k.key_use, "" | "sig") && !k.kid.is_empty())
            .filter_map(|k| {
                let n = base64url::decode(k.n.as_bytes()).ok()?;
                let e = base64url::decode(k.e.as_bytes()).ok()?;
                RsaKey::from_components(k.kid, &n, &e).map(Arc::new)
            })
            .collect();
        KeySet { keys }
    }

    /// A set of these keys.
    pub fn from_keys(keys: impl IntoIterator<Item = RsaKey>) -> KeySet {
        KeySet {
            keys: keys.into_iter().map(Arc::new).collect(),
        }
    }

    /// The key with this id.
    pub fn get(&self, kid: &str) -> Option<&Arc<RsaKey>> {
        self.keys.iter().find(|k| k.kid == kid)
    }

    /// How many keys the set has.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the set has no key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// Keys as fetched, and when.
struct Cached {
    keys: KeySet,
    fetched_at: Instant,
}

/// What the fetch lock guards: when the last fetch started.
#[derive(Default)]
struct FetchLog {
    last_attempt: Option<Instant>,
}

/// A project's signing keys, fetched on first use and shared by every
/// clone of a [`Client`](crate::Client) and every thread.
///
/// - Keys are used for [`JWKS_TTL`] (5 minutes), then fetched again.
/// - A `kid` that is not among the keys triggers one fetch, but only when
///   the last fetch started at least [`REFETCH_INTERVAL`] (30 s) ago, so a
///   flood of tokens with made-up key ids cannot flood Stytch.
/// - A fetch that fails leaves the cached keys in use (even past their 5
///   minutes), and is retried no sooner than 30 s later.
/// - One fetch at a time. Verifications of tokens whose key is cached never
///   wait for a fetch: the keys are swapped in after a fetch completes, and
///   a refresh of expired keys is done by one thread while the others go on
///   with the old ones.
///
/// The cache holds no clock: each call is given the current [`Instant`], so
/// a test can move time instead of sleeping.
pub struct JwksCache {
    current: RwLock<Option<Arc<Cached>>>,
    fetch: Mutex<FetchLog>,
    fetches: AtomicU64,
}

impl Default for JwksCache {
    fn default() -> Self {
        JwksCache::new()
    }
}

impl fmt::Debug for JwksCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys = self.snapshot().map_or(0, |c| c.keys.len());
        f.debug_struct("JwksCache")
            .field("keys", &keys)
            .field("fetches", &self.fetches())
            .finish()
    }
}

impl JwksCache {
    /// An empty cache: the first lookup fetches.
    pub fn new() -> JwksCache {
        JwksCache {
            current: RwLock::new(None),
            fetch: Mutex::new(FetchLog::default()),
            fetches: AtomicU64::new(0),
        }
    }

    /// How many fetches have been started (successful or not).
    pub fn fetches(&self) -> u64 {
        self.fetches.load(Ordering::Relaxed)
    }

    /// Forgets the cached keys and the time of the last fetch.
    pub fn clear(&self) {
        let mut log = lock(&self.fetch);
        log.last_attempt = None;
        *write(&self.current) = None;
    }

    /// The key with id `kid`, fetching the keys with `fetch` when none are
    /// cached, when the cached ones are older than [`JWKS_TTL`], or when
    /// `kid` is unknown (at most once per [`REFETCH_INTERVAL`]). `now` is the
    /// current time.
    pub fn key<F>(&self, kid: &str, now: Instant, fetch: F) -> Result<Arc<RsaKey>, JwtError>
    where
        F: FnOnce() -> Result<KeySet, Error>,
    {
        match self.snapshot() {
            Some(cached) if now.saturating_duration_since(cached.fetched_at) < JWKS_TTL => {
                match cached.keys.get(kid) {
                    Some(key) => Ok(Arc::clone(key)),
                    None => self.refetch(kid, now, fetch, Some(&cached), lock(&self.fetch)),
                }
            }
            Some(stale) => match self.fetch.try_lock() {
                Ok(log) => self.refetch(kid, now, fetch, Some(&stale), log),
                Err(TryLockError::Poisoned(p)) => {
                    self.refetch(kid, now, fetch, Some(&stale), p.into_inner())
                }
                // Another thread is fetching: go on with the old keys.
                Err(TryLockError::WouldBlock) => stale
                    .keys
                    .get(kid)
                    .map(Arc::clone)
                    .ok_or(JwtError::UnknownKey),
            },
            None => self.refetch(kid, now, fetch, None, lock(&self.fetch)),
        }
    }

    /// Fetches the keys now with `fetch` and swaps them in, unless a fetch
    /// started less than [`REFETCH_INTERVAL`] ago (then `Ok(false)`, and
    /// nothing is fetched). For a caller that keeps the keys fresh off the
    /// request path (a timer every few minutes), so that verifications never
    /// find them older than [`JWKS_TTL`] and never fetch themselves. A
    /// failed fetch leaves the cached keys as they were.
    pub fn refresh<F>(&self, now: Instant, fetch: F) -> Result<bool, JwtError>
    where
        F: FnOnce() -> Result<KeySet, Error>,
    {
        let mut log = lock(&self.fetch);
        let too_soon = log
            .last_attempt
            .is_some_and(|t| now.saturating_duration_since(t) < REFETCH_INTERVAL);
        if too_soon {
            return Ok(false);
        }
        log.last_attempt = Some(now);
        self.fetches.fetch_add(1, Ordering::Relaxed);
        let keys = fetch().map_err(|e| JwtError::KeysUnavailable(Some(Box::new(e))))?;
        *write(&self.current) = Some(Arc::new(Cached {
            keys,
            fetched_at: now,
        }));
        Ok(true)
    }

    /// Whether keys are cached and younger than [`JWKS_TTL`] at `now`: then
    /// a token whose `kid` is among them verifies without a fetch.
    pub fn is_fresh(&self, now: Instant) -> bool {
        self.snapshot()
            .is_some_and(|c| now.saturating_duration_since(c.fetched_at) < JWKS_TTL)
    }

    /// With the fetch lock held: looks again (another thread may have
    /// fetched meanwhile), then fetches if the interval allows.
    fn refetch<F>(
        &self,
        kid: &str,
        now: Instant,
        fetch: F,
        seen: Option<&Arc<Cached>>,
        mut log: MutexGuard<'_, FetchLog>,
    ) -> Result<Arc<RsaKey>, JwtError>
    where
        F: FnOnce() -> Result<KeySet, Error>,
    {
        let latest = self.snapshot();
        let newer = match (&latest, seen) {
            (Some(l), Some(s)) => !Arc::ptr_eq(l, s),
            (Some(_), None) => true,
            (None, _) => false,
        };
        if let Some(l) = &latest {
            let fresh = now.saturating_duration_since(l.fetched_at) < JWKS_TTL;
            if let Some(key) = l.keys.get(kid) {
                if newer || fresh {
                    return Ok(Arc::clone(key));
                }
            } else if newer && fresh {
                // A fetch finished while we waited, and the key is not in it.
                return Err(JwtError::UnknownKey);
            }
        }
        let too_soon = log
            .last_attempt
            .is_some_and(|t| now.saturating_duration_since(t) < REFETCH_INTERVAL);
        if too_soon {
            return match &latest {
                Some(l) => l.keys.get(kid).map(Arc::clone).ok_or(JwtError::UnknownKey),
                None => Err(JwtError::KeysUnavailable(None)),
            };
        }
        log.last_attempt = Some(now);
        self.fetches.fetch_add(1, Ordering::Relaxed);
        // The lock on the keys is not held here: verifications go on.
        match fetch() {
            Ok(keys) => {
                let found = keys.get(kid).map(Arc::clone);
                *write(&self.current) = Some(Arc::new(Cached {
                    keys,
                    fetched_at: now,
                }));
                found.ok_or(JwtError::UnknownKey)
            }
            Err(e) => match latest.as_ref().and_then(|l| l.keys.get(kid)) {
                // Expired keys that still have the token's key stay usable.
                Some(key) => Ok(Arc::clone(key)),
                None => Err(JwtError::KeysUnavailable(Some(Box::new(e)))),
            },
        }
    }

    fn snapshot(&self) -> Option<Arc<Cached>> {
        match self.current.read() {
            Ok(g) => g.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn write<T>(l: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::thread;

    use super::super::test_key::{self, KID};
    use super::*;

    fn at(base: Instant, secs: u64) -> Instant {
        base + Duration::from_secs(secs)
    }

    fn down() -> Error {
        Error::Config {
            reason: "keys down".to_owned(),
        }
    }

    /// A fetch that must not happen.
    fn never() -> Result<KeySet, Error> {
        panic!("no fetch expected")
    }

    fn jwk_parts() -> (String, String) {
        let (n, e) = test_key::components();
        (base64url::encode(&n), base64url::encode(&e))
    }

    #[test]
    fn a_key_needs_a_2048_to_8192_bit_modulus_and_a_short_exponent() {
        let e = [1, 0, 1];
        assert!(RsaKey::from_components("k", &[7; 255], &e).is_none());
        assert!(RsaKey::from_components("k", &[7; 256], &e).is_some());
        assert!(RsaKey::from_components("k", &[7; 1024], &e).is_some());
        assert!(RsaKey::from_components("k", &[7; 1025], &e).is_none());
        // Leading zero bytes do not count.
        let mut padded = vec![0; 4];
        padded.extend([7; 255]);
        assert!(RsaKey::from_components("k", &padded, &e).is_none());
        assert!(RsaKey::from_components("k", &[7; 256], &[0, 0]).is_none());
        assert!(RsaKey::from_components("k", &[7; 256], &[]).is_none());
        assert!(RsaKey::from_components("k", &[7; 256], &[1, 0, 0, 1]).is_some());
        assert!(RsaKey::from_components("k", &[7; 256], &[1, 0, 0, 0, 1]).is_none());
        assert!(RsaKey::from_components("k", &[7; 256], &[0, 0, 0, 1, 0, 1]).is_some());
        assert_eq!(strip_zeros(&[0, 0, 5, 0]), [5, 0]);
        assert_eq!(strip_zeros(&[0, 0]), [0u8; 0]);
    }

    #[test]
    fn a_key_verifies_its_own_signatures_only() {
        let (n, e) = test_key::components();
        let mut padded = vec![0];
        padded.extend(&n);
        let key = RsaKey::from_components("k-1", &padded, &e).unwrap();
        assert_eq!(key.kid(), "k-1");
        let signature = test_key::signature(b"message");
        assert!(key.verify_rs256(b"message", &signature));
        assert!(!key.verify_rs256(b"messagE", &signature));
        assert_eq!(format!("{key:?}"), "RsaKey { kid: \"k-1\", bits: 2048 }");
    }

    #[test]
    fn a_jwks_keeps_its_rs256_signing_keys_only() {
        let (n, e) = jwk_parts();
        let good = JwkFields {
            kid: "a",
            kty: "RSA",
            alg: "RS256",
            key_use: "sig",
            n: &n,
            e: &e,
        };
        let set = KeySet::from_jwks([
            good,
            JwkFields {
                kid: "b",
                alg: "",
                key_use: "",
                ..good
            },
            JwkFields {
                kid: "c",
                kty: "EC",
                ..good
            },
            JwkFields {
                kid: "d",
                alg: "RS512",
                ..good
            },
            JwkFields {
                kid: "e",
                key_use: "enc",
                ..good
            },
            JwkFields { kid: "", ..good },
            JwkFields {
                kid: "f",
                n: "*",
                ..good
            },
            JwkFields {
                kid: "g",
                e: "*",
                ..good
            },
            JwkFields {
                kid: "h",
                n: "AQAB",
                ..good
            },
        ]);
        assert_eq!(set.len(), 2);
        assert!(!set.is_empty());
        assert_eq!(set.get("a").unwrap().kid(), "a");
        assert_eq!(set.get("b").unwrap().kid(), "b");
        for kid in ["c", "d", "e", "", "f", "g", "h", "z"] {
            assert!(set.get(kid).is_none(), "{kid:?}");
        }
        let empty = KeySet::from_jwks([]);
        assert!(empty.is_empty());
        assert_eq!(empty.len(), 0);
    }

    #[test]
    fn keys_are_fetched_once_then_again_when_their_time_is_up() {
        let base = Instant::now();
        let cache = JwksCache::default();
        assert_eq!(cache.fetches(), 0);
        assert!(!cache.is_fresh(base));
        assert_eq!(format!("{cache:?}"), "JwksCache { keys: 0, fetches: 0 }");
        let key = cache.key(KID, base, || Ok(test_key::key_set())).unwrap();
        assert_eq!(key.kid(), KID);
        assert_eq!(cache.fetches(), 1);
        assert_eq!(format!("{cache:?}"), "JwksCache { keys: 1, fetches: 1 }");
        // Cached until the TTL is over, and not a moment longer.
        assert!(cache.key(KID, at(base, 299), never).is_ok());
        assert!(cache.is_fresh(at(base, 299)));
        assert!(!cache.is_fresh(at(base, 300)));
        assert_eq!(cache.fetches(), 1);
        assert!(
            cache
                .key(KID, at(base, 300), || Ok(test_key::key_set()))
                .is_ok()
        );
        assert_eq!(cache.fetches(), 2);
        assert!(cache.is_fresh(at(base, 599)));
        assert!(cache.key(KID, at(base, 599), never).is_ok());
    }

    #[test]
    fn an_unknown_kid_fetches_at_most_once_per_interval() {
        let base = Instant::now();
        let cache = JwksCache::new();
        let unknown = cache.key("other", base, || Ok(test_key::key_set()));
        assert!(matches!(unknown, Err(JwtError::UnknownKey)));
        assert_eq!(cache.fetches(), 1);
        assert!(matches!(
            cache.key("other", at(base, 29), never),
            Err(JwtError::UnknownKey)
        ));
        assert_eq!(cache.fetches(), 1);
        // Known keys stay usable meanwhile.
        assert!(cache.key(KID, at(base, 29), never).is_ok());
        let rotated = || {
            Ok(KeySet::from_keys([
                test_key::public_key(KID),
                test_key::public_key("other"),
            ]))
        };
        assert_eq!(
            cache.key("other", at(base, 30), rotated).unwrap().kid(),
            "other"
        );
        assert_eq!(cache.fetches(), 2);
        assert!(cache.key("other", at(base, 31), never).is_ok());
    }

    #[test]
    fn a_failed_fetch_keeps_the_old_keys_and_waits_before_trying_again() {
        let base = Instant::now();
        let cache = JwksCache::new();
        match cache.key(KID, base, || Err(down())) {
            Err(JwtError::KeysUnavailable(Some(e))) => assert!(e.to_string().contains("keys down")),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            cache.key(KID, at(base, 29), never),
            Err(JwtError::KeysUnavailable(None))
        ));
        assert_eq!(cache.fetches(), 1);
        assert!(
            cache
                .key(KID, at(base, 30), || Ok(test_key::key_set()))
                .is_ok()
        );
        assert_eq!(cache.fetches(), 2);
        // Past the TTL a failed fetch leaves the old keys in use...
        assert!(cache.key(KID, at(base, 400), || Err(down())).is_ok());
        assert_eq!(cache.fetches(), 3);
        assert!(!cache.is_fresh(at(base, 401)));
        // ... without fetching again within the interval ...
        assert!(cache.key(KID, at(base, 401), never).is_ok());
        assert!(matches!(
            cache.key("other", at(base, 401), never),
            Err(JwtError::UnknownKey)
        ));
        // ... but a kid they lack is unavailable when the fetch fails.
        assert!(matches!(
            cache.key("other", at(base, 430), || Err(down())),
            Err(JwtError::KeysUnavailable(Some(_)))
        ));
        assert_eq!(cache.fetches(), 4);
    }

    #[test]
    fn refresh_fetches_unless_too_soon_and_clear_forgets() {
        let base = Instant::now();
        let cache = JwksCache::new();
        assert!(cache.refresh(base, || Ok(test_key::key_set())).unwrap());
        assert_eq!(cache.fetches(), 1);
        assert!(cache.is_fresh(base));
        assert!(!cache.refresh(at(base, 29), never).unwrap());
        assert_eq!(cache.fetches(), 1);
        assert!(matches!(
            cache.refresh(at(base, 30), || Err(down())),
            Err(JwtError::KeysUnavailable(Some(_)))
        ));
        assert_eq!(cache.fetches(), 2);
        assert!(cache.key(KID, at(base, 31), never).is_ok());
        // A refresh moves the keys' age.
        assert!(
            cache
                .refresh(at(base, 200), || Ok(test_key::key_set()))
                .unwrap()
        );
        assert!(cache.is_fresh(at(base, 499)));
        cache.clear();
        assert!(!cache.is_fresh(at(base, 201)));
        assert!(
            cache
                .key(KID, at(base, 201), || Ok(test_key::key_set()))
                .is_ok()
        );
        assert_eq!(cache.fetches(), 4);
    }

    /// Starts a refresh on another thread whose fetch waits for a signal.
    /// Returns when the fetch has begun (so the fetch lock is held).
    fn blocked_refresh(
        cache: &Arc<JwksCache>,
        now: Instant,
        keys: KeySet,
    ) -> (mpsc::Sender<()>, thread::JoinHandle<bool>) {
        let (started_tx, started) = mpsc::channel();
        let (release, release_rx) = mpsc::channel::<()>();
        let cache = Arc::clone(cache);
        let handle = thread::spawn(move || {
            cache
                .refresh(now, move || {
                    started_tx.send(()).unwrap();
                    release_rx
                        .recv_timeout(Duration::from_secs(10))
                        .expect("released");
                    Ok(keys)
                })
                .unwrap()
        });
        started
            .recv_timeout(Duration::from_secs(10))
            .expect("the fetch starts");
        (release, handle)
    }

    #[test]
    fn stale_keys_serve_while_another_thread_fetches() {
        let base = Instant::now();
        let cache = Arc::new(JwksCache::new());
        assert!(cache.refresh(base, || Ok(test_key::key_set())).unwrap());
        let (release, handle) = blocked_refresh(&cache, at(base, 400), test_key::key_set());
        // The keys are stale, the fetch lock is taken: no waiting, old keys.
        assert!(cache.key(KID, at(base, 400), never).is_ok());
        assert!(matches!(
            cache.key("other", at(base, 400), never),
            Err(JwtError::UnknownKey)
        ));
        release.send(()).unwrap();
        assert!(handle.join().unwrap());
        assert_eq!(cache.fetches(), 2);
        assert!(cache.is_fresh(at(base, 401)));
    }

    #[test]
    fn a_lookup_that_waited_for_a_fetch_uses_its_result() {
        let base = Instant::now();
        let cache = Arc::new(JwksCache::new());
        assert!(cache.refresh(base, || Ok(test_key::key_set())).unwrap());
        let rotated = KeySet::from_keys([test_key::public_key(KID), test_key::public_key("new")]);
        let (release, handle) = blocked_refresh(&cache, at(base, 100), rotated);
        // These lookups find neither kid in the cached keys, so they wait
        // for the fetch lock; when they get it, the fetch has brought new
        // keys, which they use instead of fetching again (40 s after the
        // last fetch began, they could fetch, and `never` would panic).
        let (started, starts) = std::sync::mpsc::channel();
        let waiting: Vec<_> = ["new", "absent"]
            .into_iter()
            .map(|kid| {
                let cache = Arc::clone(&cache);
                let started = started.clone();
                thread::spawn(move || {
                    started.send(()).unwrap();
                    cache
                        .key(kid, at(base, 140), never)
                        .map(|k| k.kid().to_owned())
                })
            })
            .collect();
        // Both threads are running (a loaded machine can take long to start
        // one); give them time to reach the fetch lock, then let the fetch
        // finish.
        for _ in 0..2 {
            starts.recv().unwrap();
        }
        thread::sleep(Duration::from_millis(500));
        release.send(()).unwrap();
        assert!(handle.join().unwrap());
        let results: Vec<_> = waiting.into_iter().map(|h| h.join().unwrap()).collect();
        assert_eq!(results[0].as_deref().unwrap(), "new");
        assert!(matches!(results[1], Err(JwtError::UnknownKey)));
        assert_eq!(cache.fetches(), 2);
    }
}
