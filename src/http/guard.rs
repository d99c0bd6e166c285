//! The private-address guard: content checks run on pull requests from strangers, so vigie
//! never connects to loopback, private, link-local or other non-public addresses unless
//! told to. Checked on the resolved IP (a DNS resolver for reqwest) and on IP literals,
//! for every request, redirects included.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// Why a host was not connected to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("`{host}` is the non-public address {ip}")]
    Private { host: String, ip: IpAddr },
    #[error("no such host `{host}`")]
    UnknownHost { host: String },
    #[error("cannot look up `{host}`: {message}")]
    Lookup { host: String, message: String },
}

/// Whether `ip` is reachable on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let s = v6.segments();
            let low_v4 =
                Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
            // NAT64 (64:ff9b::/96) and SIIT (::ffff:0:a.b.c.d) reach the IPv4 address inside.
            let nat64 = s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0; 4];
            let siit = s[..4] == [0; 4] && s[4] == 0xffff && s[5] == 0;
            if nat64 || siit {
                return is_public_v4(low_v4);
            }
            // 6to4 (2002::/16) reaches the IPv4 address in its second and third segments.
            if s[0] == 0x2002 {
                let v4 =
                    Ipv4Addr::new((s[1] >> 8) as u8, s[1] as u8, (s[2] >> 8) as u8, s[2] as u8);
                return is_public_v4(v4);
            }
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local fc00::/7
                || (s[0] & 0xffc0) == 0xfe80 // link-local fe80::/10
                || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
                || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
                || (s[0] == 0x3fff && s[1] < 0x1000) // documentation 3fff::/20
                || (s[0] == 0x64 && s[1] == 0xff9b && s[2] == 1) // local-use NAT64 64:ff9b:1::/48
                || (s[0] == 0x0100 && s[1..4] == [0; 3]) // discard-only 100::/64
                || (s[0] == 0x2001 && s[1] == 0x0002 && s[2] == 0) // benchmarking 2001:2::/48
                || s[..6] == [0; 6]) // IPv4-compatible ::a.b.c.d
        }
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || a >= 240
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || (a == 192 && b == 0 && c == 0)) // IETF protocol assignments
}

/// Refuses an IP written in a URL (`http://127.0.0.1/`, `http://[::1]/`) unless allowed.
pub fn check_literal(host: &url::Host<&str>, allow_private: bool) -> Result<(), Refusal> {
    let ip = match host {
        url::Host::Ipv4(v4) => IpAddr::V4(*v4),
        url::Host::Ipv6(v6) => IpAddr::V6(*v6),
        url::Host::Domain(_) => return Ok(()),
    };
    if allow_private || is_public(ip) {
        Ok(())
    } else {
        Err(Refusal::Private {
            host: ip.to_string(),
            ip,
        })
    }
}

/// Resolves host names with the system resolver and keeps only public addresses.
#[derive(Debug, Clone, Copy)]
pub struct GuardedResolver {
    pub allow_private: bool,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow_private = self.allow_private;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = match tokio::net::lookup_host((host.as_str(), 0)).await {
                Ok(addrs) => addrs.collect(),
                Err(err) => return Err(lookup_refusal(&host, &err).into()),
            };
            let kept: Vec<SocketAddr> = found
                .iter()
                .copied()
                .filter(|a| allow_private || is_public(a.ip()))
                .collect();
            match (kept.is_empty(), found.first()) {
                (false, _) => Ok(Box::new(kept.into_iter()) as reqwest::dns::Addrs),
                (true, Some(first)) => Err(Refusal::Private {
                    host,
                    ip: first.ip(),
                }
                .into()),
                (true, None) => Err(Refusal::UnknownHost { host }.into()),
            }
        })
    }
}

/// Whether DNS answers at all: `example.com` exists by RFC 2606, so a resolver that cannot
/// find it is not working (no network, or a sandbox that answers "no such host" to all).
pub async fn dns_works() -> bool {
    tokio::net::lookup_host(("example.com", 443))
        .await
        .is_ok_and(|mut addrs| addrs.next().is_some())
}

/// getaddrinfo says "not known" for a name that does not exist; anything else is a
/// resolver that could not answer.
fn lookup_refusal(host: &str, err: &std::io::Error) -> Refusal {
    let message = err.to_string();
    let unknown = [
        "not known",
        "No address associated",
        "nodename nor servname",
        "No such host",
    ];
    if unknown.iter().any(|m| message.contains(m)) {
        Refusal::UnknownHost {
            host: host.to_owned(),
        }
    } else {
        Refusal::Lookup {
            host: host.to_owned(),
            message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_public_addresses_are_refused() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "64:ff9b::a00:1",
            "64:ff9b:1::a00:1",
            "::ffff:0:7f00:1",
            "2002:a00:1::1",
            "2002:7f00:1::",
            "3fff::1",
            "2001:db8::1",
            "ff02::1",
            "224.0.0.1",
            "255.255.255.255",
            "198.18.0.1",
            "192.0.2.1",
            "fe80::1",
            "fec0::1",
            "100::1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in [
            "145.242.11.100",
            "2a01:4f8::1",
            "::ffff:8.8.8.8",
            "2002:91f2:b64::1",
            "64:ff9b::91f2:b64",
            "3fff:1000::1",
        ] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn ip_literals_are_checked_before_any_connection() {
        let url = url::Url::parse("http://127.0.0.1:8080/x").unwrap();
        let host = url.host().unwrap();
        assert!(matches!(
            check_literal(&host, false),
            Err(Refusal::Private { .. })
        ));
        assert_eq!(check_literal(&host, true), Ok(()));
    }

    #[test]
    fn every_spelling_of_a_private_ip_is_an_ip_literal() {
        // The URL parser turns decimal, octal, hex and short IPv4 forms into dotted
        // addresses, so the guard sees an IP, never a "domain" the resolver would pass.
        for written in [
            "http://2130706433/",
            "http://0x7f.1/",
            "http://0177.0.0.1/",
            "http://127.1/",
            "http://0x7f000001/",
            "http://127.0.0.1./",
            "http://0/",
            "https://[::ffff:127.0.0.1]/",
            "https://[::ffff:a9fe:a9fe]/",
            "http://169.254.169.254/latest/meta-data/",
            "http://100.64.0.1/",
            "http://[fc00::1]/",
            "http://[::]/",
        ] {
            let url = url::Url::parse(written).unwrap();
            let host = url.host().unwrap();
            assert!(
                matches!(check_literal(&host, false), Err(Refusal::Private { .. })),
                "{written} parsed as {host:?}"
            );
        }
        // Zone ids are not URL syntax: such a link never reaches the network.
        assert!(url::Url::parse("http://[fe80::1%25eth0]/").is_err());
        assert!(url::Url::parse("http://[fe80::1%eth0]/").is_err());
    }
}
