//! Fresh ids, tokens, JWT-shaped values and timestamps for the local server.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use ring::rand::{SecureRandom, SystemRandom};

/// Fills `out` from the operating system's CSPRNG (through `ring`).
///
/// Should the system's generator ever fail, the bytes come from std's
/// randomly keyed hasher mixed with a counter instead: still unpredictable
/// enough for a test server, and a test server must not stop over it.
pub fn fill_random(out: &mut [u8]) {
    static RNG: OnceLock<SystemRandom> = OnceLock::new();
    if RNG.get_or_init(SystemRandom::new).fill(out).is_ok() {
        return;
    }
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    for chunk in out.chunks_mut(8) {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        chunk.copy_from_slice(&h.finish().to_le_bytes()[..chunk.len()]);
    }
}

/// 64 random bits from the CSPRNG.
pub fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    fill_random(&mut bytes);
    u64::from_le_bytes(bytes)
}

/// `n` random decimal digits, each uniform (bytes of 250 and above are
/// drawn again, so no digit is favoured).
pub fn digits(n: usize) -> String {
    let mut out = String::with_capacity(n);
    let mut buf = [0u8; 16];
    while out.len() < n {
        fill_random(&mut buf);
        for &b in &buf {
            if b < 250 && out.len() < n {
                out.push(char::from(b'0' + b % 10));
            }
        }
    }
    out
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

/// A fresh id such as `user-test-<uuid>`.
pub fn id(kind: &str) -> String {
    format!("{kind}-test-{}", uuid())
}

/// A fresh 44-character URL-safe token: 264 random bits, base64url.
pub fn token() -> String {
    let mut bytes = [0u8; 33];
    fill_random(&mut bytes);
    base64url(&bytes)
}

/// A value shaped like an unsigned JWT (`header.payload.signature`, each
/// base64url) naming the session and its user. Not verifiable: the local
/// server only compares it with the value it handed out.
pub fn jwt(user_id: &str, session_id: &str) -> String {
    let payload = serde_json::json!({ "sub": user_id, "session_id": session_id, "iat": now() });
    format!(
        "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{}.{}",
        base64url(payload.to_string().as_bytes()),
        token()
    )
}

fn base64url(bytes: &[u8]) -> String {
    stytch_endpoints::runtime::jwt::base64url_encode(bytes)
}

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// `secs` since the epoch as an RFC 3339 UTC timestamp, e.g.
/// `2024-03-01T12:00:00Z`.
pub fn rfc3339(secs: u64) -> String {
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to a (year, month, day) date; Howard Hinnant's
/// algorithm, for dates after the epoch.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_709_294_400), "2024-03-01T12:00:00Z");
    }

    #[test]
    fn tokens_are_44_url_safe_characters_and_differ() {
        let a = token();
        assert_eq!(a.len(), 44);
        assert!(
            a.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b))
        );
        assert_ne!(a, token());
        assert_ne!(random_u64(), random_u64());
    }

    #[test]
    fn digits_are_decimal_and_cover_every_digit() {
        let code = digits(6);
        assert_eq!(code.len(), 6);
        assert!(code.bytes().all(|b| b.is_ascii_digit()));
        let many = digits(2000);
        assert_eq!(many.len(), 2000);
        for d in '0'..='9' {
            let count = many.chars().filter(|&c| c == d).count();
            // 200 expected; far outside 100..300 only if the draw is biased.
            assert!((100..300).contains(&count), "{d}: {count}");
        }
    }

    #[test]
    fn jwt_has_three_url_safe_parts() {
        let jwt = jwt("user-test-1", "session-test-1");
        assert_eq!(jwt.split('.').count(), 3);
        assert!(
            jwt.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        );
    }
}
