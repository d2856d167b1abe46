//! Helpers the JWT tests (sessions and M2M) share: a clock the test moves,
//! and tokens signed with the local server's published test key.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use stytch_endpoints::sessions::Clock;

/// A clock that moves only when the test says so.
#[derive(Clone)]
pub struct TestClock {
    start_wall: SystemTime,
    start: Instant,
    offset_secs: Arc<AtomicU64>,
}

impl Default for TestClock {
    fn default() -> Self {
        TestClock::new()
    }
}

impl TestClock {
    /// A clock at the current time.
    pub fn new() -> TestClock {
        TestClock {
            start_wall: SystemTime::now(),
            start: Instant::now(),
            offset_secs: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Moves the clock `secs` seconds forward.
    pub fn advance(&self, secs: u64) {
        self.offset_secs.fetch_add(secs, Ordering::SeqCst);
    }

    fn offset(&self) -> Duration {
        Duration::from_secs(self.offset_secs.load(Ordering::SeqCst))
    }

    /// Unix seconds of the clock's current time.
    pub fn unix(&self) -> i64 {
        self.now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    }
}

impl Clock for TestClock {
    fn now(&self) -> SystemTime {
        self.start_wall + self.offset()
    }
    fn instant(&self) -> Instant {
        self.start + self.offset()
    }
}

/// `header.claims.signature` signed with the local server's test key.
pub fn sign(header: &Value, claims: &Value) -> String {
    stytch_local::keys::sign_jwt(header, claims).expect("the test key signs")
}

/// `claims` with `edit` applied to its object.
pub fn with(mut claims: Value, edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Value {
    if let Some(map) = claims.as_object_mut() {
        edit(map);
    }
    claims
}
