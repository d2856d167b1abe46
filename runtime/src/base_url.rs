//! Validation of the base URL a client sends to.

use crate::Error;

/// Stytch's production API, used for `project-live-` ids.
pub const LIVE_URL: &str = "https://api.stytch.com";
/// Stytch's test API, used for every other project id.
pub const TEST_URL: &str = "https://test.stytch.com";
/// The base URL of Stytch's fraud and risk products (device fingerprints,
/// rules, verdict reasons, email risk), for test and live projects alike.
pub const FRAUD_URL: &str = "https://telemetry.stytch.com";

/// The base URL Stytch assigns to a project id.
pub fn for_project(project_id: &str) -> &'static str {
    if project_id.starts_with("project-live-") {
        LIVE_URL
    } else {
        TEST_URL
    }
}

/// Checks a custom base URL and returns it without a trailing slash.
///
/// Accepted: `https://host[:port][/prefix]`, and `http://` only when the host
/// is a loopback address (`127.0.0.0/8`, `[::1]`, `localhost`). A query,
/// fragment or user-info part is refused. A path prefix is kept, so
/// `https://gw.example/stytch` sends to `https://gw.example/stytch/v1/...`.
pub fn validate(url: &str) -> Result<String, Error> {
    let bad = |why: &str| Error::Config {
        reason: format!("base url {:?} {why}", shown(url)),
    };
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| bad("has no scheme (expected https://...)"))?;
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    if url.contains(['?', '#']) {
        return Err(bad("must not have a query or fragment"));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("must not contain whitespace"));
    }
    if authority.contains('@') {
        return Err(bad("must not contain credentials"));
    }
    let host = host_of(authority).ok_or_else(|| bad("has no valid host"))?;
    match scheme {
        "https" => {}
        "http" if is_loopback(host) => {}
        "http" => {
            return Err(bad(
                "uses http:// for a host that is not loopback; use https://",
            ));
        }
        _ => return Err(bad("must use https:// (or http:// for a loopback host)")),
    }
    let path = path.trim_end_matches('/');
    Ok(format!("{scheme}://{authority}{path}"))
}

/// Splits the port off an authority; `None` when the host is empty or the
/// port is not a number.
fn host_of(authority: &str) -> Option<&str> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let end = rest.find(']')?;
        let port = rest[end + 1..].strip_prefix(':');
        if port.is_none() && end + 1 != rest.len() {
            return None;
        }
        (&rest[..end], port)
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if let Some(port) = port {
        port.parse::<u16>().ok()?;
    }
    (!host.is_empty()).then_some(host)
}

/// The URL as an error message may show it: user info, and everything from
/// a query or fragment on, may hold a credential and are replaced.
fn shown(url: &str) -> String {
    let (head, marker) = match url.find(['?', '#']) {
        Some(i) => (&url[..i], url.get(i..i + 1)),
        None => (url, None),
    };
    let start = head.find("://").map_or(0, |i| i + 3);
    let end = head[start..].find('/').map_or(head.len(), |i| start + i);
    let mut out = String::with_capacity(url.len());
    match head[start..end].rfind('@') {
        Some(at) => {
            out.push_str(&head[..start]);
            out.push_str("[redacted]");
            out.push_str(&head[start + at..]);
        }
        None => out.push_str(head),
    }
    if let Some(marker) = marker {
        out.push_str(marker);
        out.push_str("[redacted]");
    }
    out
}

fn is_loopback(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    host.parse::<std::net::IpAddr>()
        .map(|ip| ip.is_loopback())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_ids_pick_the_environment() {
        assert_eq!(for_project("project-live-abc"), LIVE_URL);
        assert_eq!(for_project("project-test-abc"), TEST_URL);
        assert_eq!(for_project("anything"), TEST_URL);
    }

    #[test]
    fn prefixes_are_kept_and_trailing_slashes_dropped() {
        assert_eq!(
            validate("https://gw.example/stytch/").unwrap(),
            "https://gw.example/stytch"
        );
        assert_eq!(
            validate("https://gw.example/stytch").unwrap(),
            "https://gw.example/stytch"
        );
        assert_eq!(
            validate("https://gw.example").unwrap(),
            "https://gw.example"
        );
        assert_eq!(
            validate("http://127.0.0.1:8080/").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(validate("http://[::1]:9/p").unwrap(), "http://[::1]:9/p");
        assert_eq!(
            validate("http://localhost:1").unwrap(),
            "http://localhost:1"
        );
    }

    #[test]
    fn unsafe_urls_are_refused() {
        for url in [
            "http://example.com",
            "http://10.0.0.1:80",
            "ftp://x",
            "example.com",
            "https://",
            "https://u:p@host",
            "https://h/?q=1",
            "https://h:port",
            "http://127.0.0.1.evil.com",
            "https://h/a b",
        ] {
            assert!(validate(url).is_err(), "{url} should be refused");
        }
    }

    #[test]
    fn ipv6_hosts_keep_their_brackets_with_or_without_a_port() {
        for (url, kept) in [
            ("http://[::1]", "http://[::1]"),
            ("http://[::1]/", "http://[::1]"),
            ("http://[::1]/stytch/", "http://[::1]/stytch"),
            ("http://[::1]:8080", "http://[::1]:8080"),
            ("https://[2001:db8::1]", "https://[2001:db8::1]"),
            ("https://[2001:db8::1]:443/p", "https://[2001:db8::1]:443/p"),
            ("http://[0:0:0:0:0:0:0:1]:1", "http://[0:0:0:0:0:0:0:1]:1"),
        ] {
            assert_eq!(validate(url).unwrap(), kept, "{url}");
        }
    }

    #[test]
    fn ipv6_authorities_with_junk_are_refused() {
        for url in [
            // Junk after the closing bracket, with and without a port.
            "http://[::1]x",
            "http://[::1]x:80",
            "http://[::1]:80x",
            "http://[::1]:",
            "http://[::1]]",
            "http://[::1]:99999",
            // No closing bracket, or nothing inside.
            "http://[::1",
            "http://[]",
            "http://[]:80",
            // Not loopback: plain http is refused.
            "http://[2001:db8::1]",
            "http://[::2]:80",
        ] {
            assert!(validate(url).is_err(), "{url} should be refused");
        }
    }

    #[test]
    fn ports_must_be_numbers_that_fit() {
        assert!(validate("https://h:443").is_ok());
        assert!(validate("https://h:65535").is_ok());
        for url in [
            "https://h:65536",
            "https://h:",
            "https://h:-1",
            "https://:443",
        ] {
            assert!(validate(url).is_err(), "{url} should be refused");
        }
    }

    #[test]
    fn loopback_is_every_127_address_localhost_in_any_case_and_ipv6_one() {
        for url in [
            "http://127.0.0.1",
            "http://127.255.255.254:1",
            "http://LocalHost:1",
            "http://[::1]:1",
        ] {
            assert!(validate(url).is_ok(), "{url} should be accepted");
        }
        for url in [
            "http://128.0.0.1",
            "http://localhost.example",
            "http://[::]",
        ] {
            assert!(validate(url).is_err(), "{url} should be refused");
        }
    }

    #[test]
    fn each_refusal_says_why() {
        let reason = |url: &str| match validate(url) {
            Err(Error::Config { reason }) => reason,
            other => panic!("{url}: {other:?}"),
        };
        assert_eq!(
            reason("example.com"),
            "base url \"example.com\" has no scheme (expected https://...)"
        );
        assert!(reason("https://h/a b").ends_with("must not contain whitespace"));
        assert!(reason("https://h/\u{7}").ends_with("must not contain whitespace"));
        assert!(reason("https://h/?x").contains("must not have a query or fragment"));
        assert!(reason("https://[::1]x").ends_with("has no valid host"));
        assert!(reason("http://example.com").contains("not loopback; use https://"));
        assert!(reason("ftp://h").ends_with("must use https:// (or http:// for a loopback host)"));
        assert!(reason("https://u@h").ends_with("must not contain credentials"));
        // An @ in the path is not user info.
        assert_eq!(validate("https://h/a@b").unwrap(), "https://h/a@b");
    }

    #[test]
    fn refusals_do_not_echo_credentials() {
        for (url, shown) in [
            ("https://user:pw-SECRET@host/p", "https://[redacted]@host/p"),
            ("user:pw-SECRET@host", "[redacted]@host"),
            ("https://h/v1?key=pw-SECRET", "https://h/v1?[redacted]"),
            ("https://h/#pw-SECRET", "https://h/#[redacted]"),
        ] {
            let err = validate(url).unwrap_err().to_string();
            assert!(!err.contains("pw-SECRET"), "{err}");
            assert!(err.contains(shown), "{err}");
        }
    }
}
