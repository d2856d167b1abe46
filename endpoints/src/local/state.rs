//! What the local server remembers: users and sessions.

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// A user that exists in every local server.
pub const DEMO_USER_ID: &str = "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6";
/// A live session of [`DEMO_USER_ID`] in every local server.
pub const DEMO_SESSION_TOKEN: &str = "local-session-token-demo-0000000000000000000";
/// The JWT-shaped value of the same demo session.
pub const DEMO_SESSION_JWT: &str =
    "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ1c2VyLXRlc3QtbG9jYWwtZGVtbyJ9.bG9jYWwtZGVtbw";

/// One user.
#[allow(dead_code)] // read by the users and sessions routes as they are added
#[derive(Debug, Clone)]
pub struct User {
    pub user_id: String,
}

/// One session.
#[allow(dead_code)] // read by the users and sessions routes as they are added
#[derive(Debug, Clone)]
pub struct Session {
    pub session_id: String,
    pub user_id: String,
    pub session_token: String,
    pub session_jwt: String,
}

/// The server's memory, behind one lock.
pub struct State {
    inner: Mutex<Inner>,
}

#[derive(Default)]
pub struct Inner {
    pub users: HashMap<String, User>,
    pub sessions: Vec<Session>,
}

impl State {
    pub fn new() -> State {
        let mut inner = Inner::default();
        inner.users.insert(
            DEMO_USER_ID.to_owned(),
            User {
                user_id: DEMO_USER_ID.to_owned(),
            },
        );
        inner.sessions.push(Session {
            session_id: "session-test-local-demo".to_owned(),
            user_id: DEMO_USER_ID.to_owned(),
            session_token: DEMO_SESSION_TOKEN.to_owned(),
            session_jwt: DEMO_SESSION_JWT.to_owned(),
        });
        State {
            inner: Mutex::new(inner),
        }
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

/// 64 random bits (std's hasher keys are randomly seeded per process and
/// per `RandomState`), mixed with a counter so two calls never repeat.
pub fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.finish()
}

/// A UUID-shaped random string.
pub fn uuid() -> String {
    let a = random_u64();
    let b = random_u64();
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        (b >> 48) & 0x3fff | 0x8000,
        b & 0xffff_ffff_ffff
    )
}

/// A fresh `request_id` in Stytch's test format.
pub fn request_id() -> String {
    format!("request-id-test-{}", uuid())
}

/// A fresh 44-character URL-safe token.
pub fn token() -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(44);
    while out.len() < 44 {
        let mut bits = random_u64();
        for _ in 0..10 {
            if out.len() == 44 {
                break;
            }
            out.push(char::from(ALPHABET[(bits & 63) as usize]));
            bits >>= 6;
        }
    }
    out
}
