//! Host name resolution for the agent: on the calling thread, and skipped
//! for addresses written in the URL.

use std::net::{IpAddr, SocketAddr, ToSocketAddrs};

use ureq::http::uri::{Authority, Scheme};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// Resolves host names on the calling thread.
///
/// ureq's default resolver spawns a thread per lookup whenever any timeout
/// covers the lookup, which costs more than the request itself on loopback.
/// Connection reuse means lookups are rare, and the connect timeout still
/// bounds the connection itself.
#[derive(Debug)]
pub(crate) struct InlineResolver;

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
        let Some(target) = DefaultResolver::host_and_port(scheme, authority) else {
            return Err(ureq::Error::HostNotFound);
        };
        let mut out = self.empty();
        for addr in target.to_socket_addrs()?.take(16) {
            out.push(addr);
        }
        if out.is_empty() {
            return Err(ureq::Error::HostNotFound);
        }
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
        let got = InlineResolver
            .resolve(&uri, &config, NextTimeout::default())
            .unwrap();
        assert_eq!(&got[..], &["127.0.0.1:4321".parse::<SocketAddr>().unwrap()]);
    }
}
