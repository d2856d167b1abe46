//! Which proxy, if any, a client's connections go through.
//!
//! The client talks to one base URL, so the choice is made once, when the
//! client is built, and costs nothing per call. The rules:
//!
//! - a loopback host (`localhost`, `127.0.0.0/8`, `::1`) is always reached
//!   directly: a proxy cannot reach our loopback, and the base URL may use
//!   plain `http://` only for such a host;
//! - [`ClientBuilder::proxy`](crate::ClientBuilder::proxy) sets the proxy and
//!   [`ClientBuilder::no_proxy`](crate::ClientBuilder::no_proxy) turns
//!   proxies off; either way the environment is not read;
//! - otherwise the environment is read the way curl reads it: `https_proxy`
//!   or `HTTPS_PROXY` for an `https://` base URL, `http_proxy` (lower case
//!   only: a web server's CGI may set `HTTP_PROXY` from a request header)
//!   for `http://`, then `all_proxy` or `ALL_PROXY`; `no_proxy` or
//!   `NO_PROXY` lists hosts reached directly. An empty variable is not set;
//! - a proxy is reached with `http://` or `https://` and carries the
//!   requests through a `CONNECT` tunnel, inside which TLS runs end to end,
//!   so the proxy sees the host name and port, never a header or a body.
//!   A plain `http://` base URL is never sent through a proxy (the proxy
//!   would read the tunnel in clear): that is a `Config` error;
//! - SOCKS proxies (`socks4://`, `socks5://`, `socks5h://`, ...) are not
//!   supported, and any other scheme is unknown: both are `Config` errors,
//!   never a silent direct connection.
//!
//! Error messages name the variable or setting, never its value (a proxy URL
//! may hold a password).

use std::net::IpAddr;

use ureq::http::Uri;

use crate::Error;

/// The proxy setting of a client builder.
#[derive(Clone, Debug, Default)]
pub(crate) enum ProxySetting {
    /// From the environment, as curl would.
    #[default]
    FromEnv,
    /// Never.
    Off,
    /// This proxy URL.
    Url(String),
}

/// A proxy the client's connections go through.
#[derive(Clone)]
pub(crate) struct Chosen {
    pub(crate) proxy: ureq::Proxy,
}

impl std::fmt::Debug for Chosen {
    /// Scheme, host and port: never the credentials.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scheme = match self.proxy.protocol() {
            ureq::ProxyProtocol::Https => "https",
            _ => "http",
        };
        write!(
            f,
            "\"{scheme}://{}:{}\"",
            self.proxy.host(),
            self.proxy.port()
        )
    }
}

/// The proxy for `base_url` (already validated) under `setting`, reading
/// variables through `env` when the setting says so.
pub(crate) fn choose(
    setting: &ProxySetting,
    base_url: &str,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Option<Chosen>, Error> {
    let uri = Uri::try_from(base_url).map_err(|_| config("the base url is not valid"))?;
    let host = uri.host().unwrap_or_default();
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    let https = uri.scheme_str() == Some("https");
    if is_loopback(host) {
        return Ok(None);
    }
    let (url, source) = match setting {
        ProxySetting::Off => return Ok(None),
        ProxySetting::Url(url) => (url.clone(), "the proxy set on the client builder"),
        ProxySetting::FromEnv => {
            let var = |name: &'static str| {
                env(name)
                    .filter(|v| !v.trim().is_empty())
                    .map(|v| (v, name))
            };
            let own: &[&'static str] = if https {
                &["https_proxy", "HTTPS_PROXY"]
            } else {
                &["http_proxy"]
            };
            let found = own
                .iter()
                .chain(&["all_proxy", "ALL_PROXY"])
                .find_map(|name| var(name));
            let Some((url, name)) = found else {
                return Ok(None);
            };
            let no_proxy = var("no_proxy").or_else(|| var("NO_PROXY"));
            if no_proxy.is_some_and(|(list, _)| no_proxy_matches(&list, host)) {
                return Ok(None);
            }
            (url, name)
        }
    };
    let chosen = parse(url.trim(), source)?;
    if !https {
        return Err(config(&format!(
            "{source} would carry plain http:// requests, credentials included, in clear \
             through the proxy; use an https:// base url"
        )));
    }
    Ok(Some(chosen))
}

/// A proxy URL: `http://` (the default when no scheme is given) or
/// `https://`, with optional `user:password@`.
fn parse(url: &str, source: &str) -> Result<Chosen, Error> {
    let scheme = url.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
    match scheme.as_deref() {
        None | Some("http" | "https") => {}
        Some("socks" | "socks4" | "socks4a" | "socks5" | "socks5h") => {
            return Err(config(&format!(
                "{source} is a SOCKS proxy, which this client does not support; use an \
                 http:// or https:// proxy, or turn proxies off with ClientBuilder::no_proxy"
            )));
        }
        Some(_) => {
            return Err(config(&format!(
                "{source} has a scheme this client does not support; use an http:// or \
                 https:// proxy"
            )));
        }
    }
    let invalid = || config(&format!("{source} is not a valid proxy url"));
    let proxy = ureq::Proxy::new(url).map_err(|_| invalid())?;
    let connect = matches!(
        proxy.protocol(),
        ureq::ProxyProtocol::Http | ureq::ProxyProtocol::Https
    );
    if proxy.host().is_empty() || !connect {
        return Err(invalid());
    }
    Ok(Chosen { proxy })
}

fn config(reason: &str) -> Error {
    Error::Config {
        reason: reason.to_owned(),
    }
}

/// `localhost` (and names under `.localhost`), or a loopback address.
fn is_loopback(host: &str) -> bool {
    let host = host.trim_end_matches('.');
    if host.eq_ignore_ascii_case("localhost")
        || host.len() > 10 && host[host.len() - 10..].eq_ignore_ascii_case(".localhost")
    {
        return true;
    }
    host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Whether `host` is in a `no_proxy` list, read as curl reads it: entries
/// separated by commas (and spaces); `*` matches every host; a name matches
/// itself and every name under it (`example.com` and `.example.com` both
/// match `api.example.com`); an IP address matches itself, and
/// `address/bits` a network.
fn no_proxy_matches(list: &str, host: &str) -> bool {
    let host = host.trim_end_matches('.');
    let host_ip = host.parse::<IpAddr>().ok();
    list.split([',', ' ', '\t'])
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .any(|entry| {
            if entry == "*" {
                return true;
            }
            let bare = entry
                .strip_prefix('[')
                .and_then(|e| e.strip_suffix(']'))
                .unwrap_or(entry);
            if let Some(ip) = host_ip {
                return ip_matches(bare, ip);
            }
            let name = bare.trim_start_matches('.').trim_end_matches('.');
            if name.is_empty() {
                return false;
            }
            host.eq_ignore_ascii_case(name)
                || (host.len() > name.len()
                    && host.as_bytes()[host.len() - name.len() - 1] == b'.'
                    && host[host.len() - name.len()..].eq_ignore_ascii_case(name))
        })
}

/// Whether `entry` (an address, or `address/bits`) covers `ip`.
fn ip_matches(entry: &str, ip: IpAddr) -> bool {
    let (addr, bits) = match entry.split_once('/') {
        Some((a, b)) => match b.parse::<u32>() {
            Ok(bits) => (a, Some(bits)),
            Err(_) => return false,
        },
        None => (entry, None),
    };
    let addr = addr
        .strip_prefix('[')
        .and_then(|a| a.strip_suffix(']'))
        .unwrap_or(addr);
    let Ok(net) = addr.parse::<IpAddr>() else {
        return false;
    };
    match (net, ip) {
        (IpAddr::V4(n), IpAddr::V4(i)) => {
            prefix_eq(u128::from(n.to_bits()), u128::from(i.to_bits()), 32, bits)
        }
        (IpAddr::V6(n), IpAddr::V6(i)) => prefix_eq(n.to_bits(), i.to_bits(), 128, bits),
        _ => false,
    }
}

/// Whether the first `bits` (all when `None`) of two `width`-bit numbers agree.
fn prefix_eq(a: u128, b: u128, width: u32, bits: Option<u32>) -> bool {
    let bits = bits.unwrap_or(width);
    if bits > width {
        return false;
    }
    let shift = width - bits;
    shift >= 128 || (a >> shift) == (b >> shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        let pairs = pairs.to_vec();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    /// The chosen proxy as `scheme://host:port`, or `None`.
    fn env_choice(base_url: &str, pairs: &[(&'static str, &'static str)]) -> Option<String> {
        choose(&ProxySetting::FromEnv, base_url, vars(pairs))
            .unwrap()
            .map(|c| format!("{c:?}").trim_matches('"').to_owned())
    }

    fn reason(result: Result<Option<Chosen>, Error>) -> String {
        match result {
            Err(Error::Config { reason }) => reason,
            other => panic!("expected a Config error, got {other:?}"),
        }
    }

    const API: &str = "https://api.stytch.com";

    #[test]
    fn https_reads_https_proxy_in_either_case_lower_first_then_all_proxy() {
        assert_eq!(
            env_choice(API, &[("HTTPS_PROXY", "http://upper:1")]).as_deref(),
            Some("http://upper:1")
        );
        assert_eq!(
            env_choice(
                API,
                &[
                    ("HTTPS_PROXY", "http://upper:1"),
                    ("https_proxy", "lower:2")
                ]
            )
            .as_deref(),
            Some("http://lower:2")
        );
        assert_eq!(
            env_choice(API, &[("ALL_PROXY", "https://all:3")]).as_deref(),
            Some("https://all:3")
        );
        assert_eq!(
            env_choice(
                API,
                &[
                    ("all_proxy", "http://all:3"),
                    ("HTTPS_PROXY", "http://own:4")
                ]
            )
            .as_deref(),
            Some("http://own:4")
        );
        // An empty variable is not set.
        assert_eq!(
            env_choice(API, &[("https_proxy", ""), ("ALL_PROXY", "http://all:5")]).as_deref(),
            Some("http://all:5")
        );
    }

    #[test]
    fn http_proxy_variables_are_never_used_for_https_and_upper_case_never_at_all() {
        let http = [("HTTP_PROXY", "http://p:1"), ("http_proxy", "http://p:2")];
        assert_eq!(env_choice(API, &http), None);
        // The base url may use http:// only for loopback, which is never
        // proxied: the policy refuses a proxied plain-http target outright.
        let target = "http://gateway.example";
        assert_eq!(env_choice(target, &[("HTTP_PROXY", "http://p:1")]), None);
        let refused = reason(choose(
            &ProxySetting::FromEnv,
            target,
            vars(&[("http_proxy", "http://p:2")]),
        ));
        assert!(
            refused.contains("http_proxy") && refused.contains("clear"),
            "{refused}"
        );
    }

    #[test]
    fn loopback_hosts_are_never_proxied() {
        let all = [
            ("https_proxy", "http://p:1"),
            ("http_proxy", "http://p:1"),
            ("ALL_PROXY", "http://p:1"),
        ];
        for url in [
            "http://127.0.0.1:8080",
            "http://127.9.9.9",
            "http://[::1]:9/prefix",
            "http://localhost:1",
            "https://LOCALHOST",
            "https://api.localhost",
        ] {
            assert_eq!(env_choice(url, &all), None, "{url}");
            let explicit = ProxySetting::Url("http://p:1".to_owned());
            assert!(
                choose(&explicit, url, vars(&[])).unwrap().is_none(),
                "{url}"
            );
        }
    }

    #[test]
    fn no_proxy_is_honoured_like_curl() {
        let with = |list: &'static str, url: &str| {
            env_choice(url, &[("https_proxy", "http://p:1"), ("no_proxy", list)])
        };
        assert_eq!(with("*", API), None);
        assert_eq!(with("stytch.com", API), None);
        assert_eq!(with(".stytch.com", API), None);
        assert_eq!(with("other.example, api.stytch.com", API), None);
        assert_eq!(with("API.STYTCH.COM.", API), None);
        assert!(with("tytch.com", API).is_some());
        assert!(with("stytch.co", API).is_some());
        assert_eq!(with("10.0.0.0/8", "https://10.1.2.3"), None);
        assert_eq!(with("10.1.2.3", "https://10.1.2.3:8443"), None);
        assert!(with("10.0.0.0/16", "https://10.1.2.3").is_some());
        assert_eq!(with("[2001:db8::]/32", "https://[2001:db8::1]"), None);
        assert!(with("2001:db8::/33", "https://[2001:db8:8000::1]").is_some());
        // Upper case works too; lower case wins.
        let upper = env_choice(
            API,
            &[("HTTPS_PROXY", "http://p:1"), ("NO_PROXY", "stytch.com")],
        );
        assert_eq!(upper, None);
        let both = env_choice(
            API,
            &[
                ("HTTPS_PROXY", "http://p:1"),
                ("no_proxy", "example.org"),
                ("NO_PROXY", "stytch.com"),
            ],
        );
        assert!(both.is_some());
    }

    #[test]
    fn an_explicit_setting_ignores_the_environment() {
        let env = [("https_proxy", "http://env:1"), ("no_proxy", "*")];
        let explicit = ProxySetting::Url("http://127.0.0.1:3128".to_owned());
        let chosen = choose(&explicit, API, vars(&env)).unwrap().unwrap();
        assert_eq!(format!("{chosen:?}"), "\"http://127.0.0.1:3128\"");
        assert!(
            choose(&ProxySetting::Off, API, vars(&env))
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn socks_and_unknown_schemes_are_config_errors_that_hide_the_url() {
        for url in [
            "socks5://user:pw-SECRET@p:1080",
            "socks5h://p:1080",
            "SOCKS4://p",
            "socks://p",
        ] {
            let leaked: &'static str = Box::leak(url.to_owned().into_boxed_str());
            let r = reason(choose(
                &ProxySetting::FromEnv,
                API,
                vars(&[("ALL_PROXY", leaked)]),
            ));
            assert!(r.contains("ALL_PROXY") && r.contains("SOCKS"), "{r}");
            assert!(!r.contains("SECRET") && !r.contains("p:1080"), "{r}");
            let r = reason(choose(&ProxySetting::Url(url.to_owned()), API, vars(&[])));
            assert!(r.contains("client builder") && r.contains("SOCKS"), "{r}");
        }
        let r = reason(choose(
            &ProxySetting::Url("ftp://p:1".to_owned()),
            API,
            vars(&[]),
        ));
        assert!(r.contains("scheme"), "{r}");
        let r = reason(choose(
            &ProxySetting::FromEnv,
            API,
            vars(&[("https_proxy", "http://us:pw-SECRET@[bad")]),
        ));
        assert!(r.contains("https_proxy") && !r.contains("SECRET"), "{r}");
    }

    #[test]
    fn a_proxy_url_without_a_host_is_refused() {
        for url in ["http://:3128", "http://", "https://:443", ":3128"] {
            let r = reason(choose(&ProxySetting::Url(url.to_owned()), API, vars(&[])));
            assert!(r.contains("not a valid proxy url"), "{url}: {r}");
        }
    }

    #[test]
    fn only_localhost_names_and_loopback_addresses_are_loopback() {
        for host in [
            "localhost",
            "LocalHost.",
            "a.localhost",
            "x.y.LOCALHOST",
            "127.0.0.1",
            "::1",
        ] {
            assert!(is_loopback(host), "{host}");
        }
        for host in [
            ".localhost",
            "xlocalhost",
            "localhost.example",
            "10.0.0.1",
            "::2",
            "",
        ] {
            assert!(!is_loopback(host), "{host}");
        }
    }

    #[test]
    fn a_no_proxy_name_of_the_hosts_length_must_equal_it() {
        let list = |entries: &str| no_proxy_matches(entries, "api.stytch.com");
        assert!(!list("api.stytch.org"));
        assert!(!list("xpi.stytch.com"));
        assert!(list("api.stytch.com"));
        assert!(!list("."));
        assert!(!list("[10.0.0.1]"));
        assert!(no_proxy_matches("[10.0.0.1]", "10.0.0.1"));
        assert!(!no_proxy_matches("10.0.0.0/33", "10.0.0.1"));
        assert!(!no_proxy_matches("10.0.0.0/x", "10.0.0.1"));
        assert!(no_proxy_matches("0.0.0.0/0", "10.0.0.1"));
        assert!(!no_proxy_matches("::/0", "10.0.0.1"));
    }

    #[test]
    fn the_debug_form_has_no_credentials() {
        let explicit = ProxySetting::Url("http://user:pw-SECRET@proxy.example:8080".to_owned());
        let chosen = choose(&explicit, API, vars(&[])).unwrap().unwrap();
        let text = format!("{chosen:?}");
        assert_eq!(text, "\"http://proxy.example:8080\"");
        assert_eq!(chosen.proxy.password(), Some("pw-SECRET"));
        // No scheme: http.
        let bare = ProxySetting::Url("proxy.example:3128".to_owned());
        let chosen = choose(&bare, API, vars(&[])).unwrap().unwrap();
        assert_eq!(format!("{chosen:?}"), "\"http://proxy.example:3128\"");
    }
}
