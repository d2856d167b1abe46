//! Host name resolution for the agent: skipped for addresses written in the
//! URL, cached for a short time, and bounded by the connect timeout.
//!
//! It plugs into ureq through `ureq::unversioned::resolver::Resolver`, which,
//! like the transport traits `connector.rs` implements, is outside ureq's
//! semver promise.

use std::io;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use ureq::Timeout;
use ureq::http::uri::{Authority, Scheme};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

use crate::connector;

/// Looks up `host:port`: the system's resolver, or a test double.
pub(crate) type Lookup = Arc<dyn Fn(&str) -> io::Result<Vec<SocketAddr>> + Send + Sync>;

/// The system's resolver (`getaddrinfo` on Unix), at most 16 addresses.
pub(crate) fn system_lookup() -> Lookup {
    Arc::new(|target: &str| Ok(target.to_socket_addrs()?.take(16).collect()))
}

/// Resolves host names for the agent.
///
/// An address written in the URL needs no lookup, and answers for host names
/// are kept for [`DNS_TTL`] (ureq asks the resolver before every request,
/// even one that goes out on a pooled connection): neither path spawns a
/// thread, takes a system call or allocates.
///
/// When a name must be looked up (the first call, then once per
/// [`DNS_TTL`]), the lookup runs on a thread of its own, because the system
/// call cannot be interrupted, and the calling thread waits at most until the
/// connect timeout (or the exchange bound) expires. The lookup and the
/// connection that follows share that one connect timeout. A lookup that
/// outlives the wait is left to finish on its thread, which then ends; its
/// answer is dropped. So the cost of a lookup is one short-lived thread,
/// paid once per [`DNS_TTL`] per host; ureq's default resolver instead
/// spawns one for every request whenever a timeout covers resolution.
pub(crate) struct InlineResolver {
    cache: Mutex<Vec<Cached>>,
    lookup: Lookup,
}

impl Default for InlineResolver {
    fn default() -> Self {
        InlineResolver::new(system_lookup())
    }
}

impl std::fmt::Debug for InlineResolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InlineResolver")
            .field("cache", &self.cache)
            .finish_non_exhaustive()
    }
}

/// How long a looked-up answer is reused.
pub(crate) const DNS_TTL: Duration = Duration::from_secs(30);
/// How many host names are remembered (the client talks to one or two).
const MAX_CACHED: usize = 8;

#[derive(Debug)]
struct Cached {
    /// Scheme and authority, e.g. `https` + `api.stytch.com`.
    key: (String, String),
    at: Instant,
    addrs: Vec<SocketAddr>,
}

impl InlineResolver {
    /// A resolver that looks names up with `lookup`.
    pub(crate) fn new(lookup: Lookup) -> Self {
        InlineResolver {
            cache: Mutex::new(Vec::new()),
            lookup,
        }
    }

    /// Adds the cached answer for `scheme` and `authority` to `out`, if
    /// there is a fresh one (copied under the lock: no allocation per call).
    fn cached_into(
        &self,
        scheme: &Scheme,
        authority: &Authority,
        out: &mut ResolvedSocketAddrs,
    ) -> bool {
        // Never wait on another thread's lookup: look up again instead.
        let Ok(cache) = self.cache.try_lock() else {
            return false;
        };
        let hit = cache
            .iter()
            .find(|c| c.key.0 == scheme.as_str() && c.key.1 == authority.as_str())
            .filter(|c| c.at.elapsed() < DNS_TTL);
        match hit {
            Some(c) => {
                for addr in &c.addrs {
                    out.push(*addr);
                }
                true
            }
            None => false,
        }
    }

    fn remember(&self, scheme: &Scheme, authority: &Authority, addrs: &[SocketAddr]) {
        let Ok(mut cache) = self.cache.try_lock() else {
            return;
        };
        cache.retain(|c| {
            !(c.key.0 == scheme.as_str() && c.key.1 == authority.as_str())
                && c.at.elapsed() < DNS_TTL
        });
        if cache.len() >= MAX_CACHED {
            cache.remove(0);
        }
        cache.push(Cached {
            key: (scheme.as_str().to_owned(), authority.as_str().to_owned()),
            at: Instant::now(),
            addrs: addrs.to_vec(),
        });
    }

    /// Runs the lookup of `target` on a thread of its own and waits for it
    /// until `deadline` (forever when `None`).
    ///
    /// A lookup that fails, finds nothing or outlives the wait is an error
    /// that says nothing was sent: [`ureq::Error::HostNotFound`], or
    /// [`Timeout::Resolve`] (which the client reports as a connect timeout).
    fn lookup_until(
        &self,
        target: String,
        deadline: Option<Instant>,
    ) -> Result<Vec<SocketAddr>, ureq::Error> {
        let (tx, rx) = mpsc::sync_channel(1);
        let lookup = Arc::clone(&self.lookup);
        let spawned = std::thread::Builder::new()
            .name("stytch-dns".to_owned())
            .spawn(move || {
                // The waiting side may have given up: nobody to tell then.
                let _ = tx.send(lookup(&target));
            });
        if spawned.is_err() {
            // No thread to be had: nothing was sent, the attempt may be
            // tried again.
            return Err(ureq::Error::ConnectionFailed);
        }
        let answer = match deadline {
            None => rx.recv().ok(),
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                match rx.recv_timeout(left) {
                    Ok(answer) => Some(answer),
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        return Err(ureq::Error::Timeout(Timeout::Resolve));
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => None,
                }
            }
        };
        match answer {
            Some(Ok(addrs)) if !addrs.is_empty() => Ok(addrs),
            // Failed, found nothing, or the lookup panicked.
            _ => Err(ureq::Error::HostNotFound),
        }
    }
}

impl Resolver for InlineResolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        _config: &ureq::config::Config,
        _timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let (Some(scheme), Some(authority)) = (uri.scheme(), uri.authority()) else {
            return Err(ureq::Error::HostNotFound);
        };
        if let Some(addr) = literal_addr(scheme, authority) {
            // ureq asks before every request, pooled connection or not: an
            // address written in the URL needs no lookup (nor the
            // `host:port` string a lookup starts from).
            let mut out = self.empty();
            out.push(addr);
            return Ok(out);
        }
        let mut out = self.empty();
        if self.cached_into(scheme, authority, &mut out) {
            return Ok(out);
        }
        let Some(target) = DefaultResolver::host_and_port(scheme, authority) else {
            return Err(ureq::Error::HostNotFound);
        };
        // ureq gives the lookup no timeout of its own (none is configured):
        // the connect timeout covers it, starting now.
        let deadline = connector::start_connect_budget();
        let addrs = self.lookup_until(target, deadline)?;
        for addr in addrs.iter().take(16) {
            out.push(*addr);
        }
        self.remember(scheme, authority, &out);
        Ok(out)
    }
}

/// The socket address of a URL whose host is an IP address, for the
/// `http` and `https` schemes; `None` when the host is a name (or the scheme
/// another one), which is then looked up.
fn literal_addr(scheme: &Scheme, authority: &Authority) -> Option<SocketAddr> {
    let default_port = if *scheme == Scheme::HTTPS {
        443
    } else if *scheme == Scheme::HTTP {
        80
    } else {
        return None;
    };
    // Parsed from the authority text at once: asking `http` for the host
    // and then the port scans it twice over.
    let text = authority.as_str();
    if let Ok(addr) = text.parse::<SocketAddr>() {
        return Some(addr);
    }
    // No port; IPv6 hosts keep their brackets in the authority.
    let bare = text
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(text);
    let ip: IpAddr = bare.parse().ok()?;
    Some(SocketAddr::new(ip, default_port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(url: &str) -> Option<SocketAddr> {
        let uri: ureq::http::Uri = url.parse().unwrap();
        literal_addr(uri.scheme().unwrap(), uri.authority().unwrap())
    }

    #[test]
    fn ip_hosts_need_no_lookup() {
        assert_eq!(
            addr("http://127.0.0.1:8080/v1"),
            Some("127.0.0.1:8080".parse().unwrap())
        );
        assert_eq!(
            addr("http://127.0.0.1/"),
            Some("127.0.0.1:80".parse().unwrap())
        );
        assert_eq!(
            addr("https://10.1.2.3/"),
            Some("10.1.2.3:443".parse().unwrap())
        );
        assert_eq!(addr("http://[::1]:9/p"), Some("[::1]:9".parse().unwrap()));
        assert_eq!(addr("https://[::1]/"), Some("[::1]:443".parse().unwrap()));
    }

    #[test]
    fn names_and_other_schemes_are_looked_up() {
        assert_eq!(addr("https://api.stytch.com/v1"), None);
        assert_eq!(addr("http://localhost:1/"), None);
        // Short forms getaddrinfo would accept are left to it.
        assert_eq!(addr("http://127.1:8080/"), None);
        assert_eq!(addr("http://user@127.0.0.1:8080/"), None);
        assert_eq!(addr("socks5://127.0.0.1:1080"), None);
    }

    #[test]
    fn resolving_a_literal_gives_that_address() {
        let uri: ureq::http::Uri = "http://127.0.0.1:4321/x".parse().unwrap();
        let config = ureq::config::Config::default();
        let got = InlineResolver::default()
            .resolve(&uri, &config, NextTimeout::default())
            .unwrap();
        assert_eq!(&got[..], &["127.0.0.1:4321".parse::<SocketAddr>().unwrap()]);
    }

    #[test]
    fn host_names_are_cached_for_the_ttl() {
        let resolver = InlineResolver::default();
        let uri: ureq::http::Uri = "http://localhost:4321/x".parse().unwrap();
        let config = ureq::config::Config::default();
        let first = resolver
            .resolve(&uri, &config, NextTimeout::default())
            .unwrap();
        assert!(!first.is_empty());
        {
            let cache = resolver.cache.lock().unwrap();
            assert_eq!(cache.len(), 1);
            assert_eq!(
                cache[0].key,
                ("http".to_owned(), "localhost:4321".to_owned())
            );
        }
        // A planted answer is served while fresh...
        let planted: SocketAddr = "127.0.0.9:4321".parse().unwrap();
        resolver.cache.lock().unwrap()[0].addrs = vec![planted];
        let second = resolver
            .resolve(&uri, &config, NextTimeout::default())
            .unwrap();
        assert_eq!(&second[..], &[planted]);
        // ...and looked up again once stale.
        // (The monotonic clock counts from boot: an instant 31 s back
        // exists on any machine that has been up that long.)
        let stale = Instant::now()
            .checked_sub(DNS_TTL + Duration::from_secs(1))
            .expect("the clock has run for longer than the TTL");
        resolver.cache.lock().unwrap()[0].at = stale;
        let third = resolver
            .resolve(&uri, &config, NextTimeout::default())
            .unwrap();
        assert!(!third.is_empty());
        assert!(!third.contains(&planted), "{third:?}");
        // The fresh answer replaced the stale entry rather than adding one.
        let cache = resolver.cache.lock().unwrap();
        assert_eq!(cache.len(), 1);
        assert!(cache[0].at.elapsed() < DNS_TTL);
        assert_eq!(&cache[0].addrs[..], &third[..]);
    }

    #[test]
    fn an_entry_one_instant_short_of_the_ttl_is_still_served() {
        let resolver = InlineResolver::default();
        let uri: ureq::http::Uri = "http://localhost:4322/x".parse().unwrap();
        let config = ureq::config::Config::default();
        resolver
            .resolve(&uri, &config, NextTimeout::default())
            .unwrap();
        let planted: SocketAddr = "127.0.0.9:4322".parse().unwrap();
        {
            let mut cache = resolver.cache.lock().unwrap();
            cache[0].addrs = vec![planted];
            // 29 s old: within the 30 s TTL.
            cache[0].at = Instant::now()
                .checked_sub(DNS_TTL - Duration::from_secs(1))
                .expect("the clock has run for longer than the TTL");
        }
        let got = resolver
            .resolve(&uri, &config, NextTimeout::default())
            .unwrap();
        assert_eq!(&got[..], &[planted]);
        assert_eq!(DNS_TTL, Duration::from_secs(30));
    }

    /// A resolver whose lookups answer `127.0.0.<n>` for host `h<n>`, and
    /// the list of the hosts it was asked for.
    fn counting() -> (InlineResolver, Arc<Mutex<Vec<String>>>) {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&asked);
        let lookup: Lookup = Arc::new(move |target: &str| {
            seen.lock().unwrap().push(target.to_owned());
            let n: u8 = target[1..target.find(':').unwrap()].parse().unwrap();
            Ok(vec![SocketAddr::from(([127, 0, 0, n], 80))])
        });
        (InlineResolver::new(lookup), asked)
    }

    fn resolve(resolver: &InlineResolver, url: &str) -> Result<Vec<SocketAddr>, ureq::Error> {
        let uri: ureq::http::Uri = url.parse().unwrap();
        let config = ureq::config::Config::default();
        let got = resolver.resolve(&uri, &config, NextTimeout::default())?;
        Ok(got.to_vec())
    }

    #[test]
    fn eight_names_are_remembered_and_the_oldest_goes_first() {
        let (resolver, asked) = counting();
        for n in 1..=9 {
            let got = resolve(&resolver, &format!("http://h{n}/x")).unwrap();
            assert_eq!(got, [SocketAddr::from(([127, 0, 0, n], 80))]);
        }
        assert_eq!(asked.lock().unwrap().len(), 9);
        // h2 to h9 are cached, whatever the scheme or port of another entry.
        for n in 2..=9 {
            resolve(&resolver, &format!("http://h{n}/y")).unwrap();
        }
        assert_eq!(asked.lock().unwrap().len(), 9);
        // h1 was dropped to make room; so is h2 when h1 comes back.
        resolve(&resolver, "http://h1/x").unwrap();
        resolve(&resolver, "http://h3/x").unwrap();
        assert_eq!(asked.lock().unwrap().len(), 10);
        resolve(&resolver, "http://h2/x").unwrap();
        assert_eq!(asked.lock().unwrap().len(), 11);
        // Another scheme or port is another entry.
        resolve(&resolver, "https://h3/x").unwrap();
        resolve(&resolver, "http://h3:8080/x").unwrap();
        assert_eq!(asked.lock().unwrap()[11..], ["h3:443", "h3:8080"]);
    }

    #[test]
    fn a_stale_entry_of_another_name_is_dropped_when_a_name_is_remembered() {
        let (resolver, _asked) = counting();
        resolve(&resolver, "http://h1/x").unwrap();
        resolve(&resolver, "http://h2/x").unwrap();
        resolver.cache.lock().unwrap()[0].at = Instant::now()
            .checked_sub(DNS_TTL + Duration::from_secs(1))
            .expect("the clock has run for longer than the TTL");
        resolve(&resolver, "http://h3/x").unwrap();
        let cache = resolver.cache.lock().unwrap();
        let names: Vec<&str> = cache.iter().map(|c| c.key.1.as_str()).collect();
        assert_eq!(names, ["h2", "h3"]);
    }

    #[test]
    fn a_lookup_that_finds_nothing_or_fails_is_host_not_found() {
        for answer in [
            Ok(Vec::new()),
            Err(io::Error::new(io::ErrorKind::NotFound, "no such name")),
        ] {
            let answer = Mutex::new(Some(answer));
            let lookup: Lookup = Arc::new(move |_: &str| answer.lock().unwrap().take().unwrap());
            let resolver = InlineResolver::new(lookup);
            let got = resolve(&resolver, "http://nowhere.test/x");
            assert!(matches!(got, Err(ureq::Error::HostNotFound)), "{got:?}");
            // Nothing is remembered.
            assert!(resolver.cache.lock().unwrap().is_empty());
        }
    }

    #[test]
    fn at_most_16_addresses_are_kept() {
        let lookup: Lookup = Arc::new(|_: &str| {
            Ok((1..=20)
                .map(|n| SocketAddr::from(([127, 0, 0, n], 80)))
                .collect())
        });
        let got = resolve(&InlineResolver::new(lookup), "http://many.test/").unwrap();
        assert_eq!(got.len(), 16);
        assert_eq!(got[15], SocketAddr::from(([127, 0, 0, 16], 80)));
    }

    #[test]
    fn debug_shows_the_cache() {
        let (resolver, _asked) = counting();
        resolve(&resolver, "http://h7/x").unwrap();
        let debug = format!("{resolver:?}");
        assert!(debug.starts_with("InlineResolver { cache: "), "{debug}");
        assert!(debug.contains("127.0.0.7:80"), "{debug}");
    }

    #[test]
    fn one_host_under_two_schemes_is_two_entries_kept_side_by_side() {
        let (resolver, asked) = counting();
        for _ in 0..2 {
            resolve(&resolver, "http://h3/x").unwrap();
            resolve(&resolver, "https://h3/x").unwrap();
        }
        assert_eq!(*asked.lock().unwrap(), ["h3:80", "h3:443"]);
    }
}
