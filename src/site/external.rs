//! Which links are external HTTP links, and the one normalised URL each asks for, so that
//! every occurrence of an address is requested once. Pure.

use std::borrow::Cow;
use std::sync::Arc;

use url::Url;

use crate::parse::content::{Link, LinkKind};
use crate::site::links::{Target, targets};
use crate::site::{Page, Site};

/// What an external link asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum External {
    /// An http(s) URL, normalised: fragment dropped, scheme and host lowercased, default
    /// port removed, percent-encoding as the WHATWG parser writes it.
    Url(Url),
    /// Written as an http(s) URL but not one: why.
    Invalid(String),
}

/// The external http(s) URL each link of `page` asks for (`None` for every other link:
/// internal, dynamic, `mailto:`, `tel:` …), worked out once a page: four rules and the
/// HTTP check ask.
pub fn externals<'p>(
    page: &'p Page,
    site: &Site,
) -> impl ExactSizeIterator<Item = Option<&'p External>> + 'p {
    let urls = page.external_urls.get_or_init(|| {
        let links = page.content.links.iter().zip(targets(page, site));
        links
            .map(|(link, target)| {
                if *target != Target::External || link.dynamic {
                    return None;
                }
                written_url(link).map(|written| parsed(&written, site))
            })
            .collect()
    });
    urls.iter().map(Option::as_deref)
}

/// Each external URL as written, parsed once however many links write it: a site writes
/// the same addresses over and over (2 543 distinct among 42 523 links in the 10 000-page
/// benchmark), and parsing them was a twentieth of an offline check.
pub type ParsedUrls = super::memo::Memo<Arc<External>>;

/// What `written` asks for, parsed on its first occurrence in the site.
fn parsed(written: &str, site: &Site) -> Arc<External> {
    site.parsed_urls.get(written, || {
        Arc::new(match normalize(written) {
            Ok(url) => External::Url(url),
            Err(reason) => External::Invalid(reason),
        })
    })
}

/// The URL as the browser sees it: trimmed, `<…>` removed, `&amp;` decoded in HTML, a
/// scheme added where markdown-it's linkify or the page's scheme would.
fn written_url(link: &Link) -> Option<Cow<'_, str>> {
    let trimmed = link.target.trim();
    let trimmed = trimmed
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(trimmed);
    let text = if matches!(link.kind, LinkKind::Html { .. }) && trimmed.contains("&amp;") {
        Cow::Owned(trimmed.replace("&amp;", "&"))
    } else {
        Cow::Borrowed(trimmed)
    };
    let lower = text.get(..8).unwrap_or(&text).to_ascii_lowercase();
    if lower.starts_with("http:") || lower.starts_with("https:") {
        // `https:/x` or `https:x` too: meant as a URL, not one.
        Some(text)
    } else if let Some(rest) = text.strip_prefix("//") {
        Some(Cow::Owned(format!("https://{rest}")))
    } else if link.kind == LinkKind::Linkify && !text.contains('@') && !text.contains(':') {
        Some(Cow::Owned(format!("http://{text}")))
    } else {
        None
    }
}

/// Parses and normalises an http(s) URL; the error says what is wrong, in words.
pub fn normalize(written: &str) -> Result<Url, String> {
    let lower = written.to_ascii_lowercase();
    let after_scheme = lower.split_once(':').map_or("", |(_, rest)| rest);
    if !after_scheme.starts_with("//") {
        return Err("`//` is missing after the scheme".into());
    }
    let mut url = Url::parse(written).map_err(|err| match err {
        url::ParseError::EmptyHost => "the host name is missing".to_owned(),
        url::ParseError::InvalidPort => "the port is not a number from 1 to 65535".to_owned(),
        url::ParseError::InvalidDomainCharacter | url::ParseError::IdnaError => {
            "the host name holds characters a host name cannot have".to_owned()
        }
        url::ParseError::InvalidIpv4Address | url::ParseError::InvalidIpv6Address => {
            "the IP address is malformed".to_owned()
        }
        other => other.to_string(),
    })?;
    let host = url.host_str().unwrap_or("");
    if host.is_empty() {
        return Err("the host name is missing".into());
    }
    if host.contains("..") || host.starts_with('.') {
        return Err("the host name has an empty label (`..`)".into());
    }
    url.set_fragment(None);
    // `%c3%a9` and `%C3%A9` are one address (RFC 3986, 6.2.2.1): requested once.
    let path = uppercase_escapes(url.path());
    url.set_path(&path);
    if let Some(query) = url.query().map(uppercase_escapes) {
        url.set_query(Some(&query));
    }
    Ok(url)
}

/// `text` with the hex digits of its percent-escapes in capitals.
fn uppercase_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((before, after)) = rest.split_once('%') {
        out.push_str(before);
        out.push('%');
        match after.split_at_checked(2) {
            Some((hex, tail)) if hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                out.push_str(&hex.to_ascii_uppercase());
                rest = tail;
            }
            _ => rest = after,
        }
    }
    out.push_str(rest);
    out
}

/// Host names reserved for examples and tests (RFC 2606, RFC 6761): never requested.
pub fn is_reserved_host(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let under = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
    [
        "example.com",
        "example.net",
        "example.org",
        "example",
        "test",
        "invalid",
        "localhost",
    ]
    .iter()
    .any(|d| under(d))
}

/// Every external URL of the site, once each (normalised), sorted; and the subset embedded
/// in iframes (for oEmbed titles).
pub fn site_urls(site: &Site) -> (Vec<Url>, Vec<Url>) {
    let mut urls = std::collections::BTreeMap::new();
    let mut embeds = std::collections::BTreeMap::new();
    // Layouts' links and data values shown as links are asked for like a page's own.
    for page in site.pages.iter().chain(&site.views) {
        for (link, external) in page.content.links.iter().zip(externals(page, site)) {
            let Some(External::Url(url)) = external else {
                continue;
            };
            let url = url.clone();
            if is_iframe(link) {
                embeds.insert(url.to_string(), url.clone());
            }
            urls.insert(url.to_string(), url);
        }
    }
    (urls.into_values().collect(), embeds.into_values().collect())
}

/// A link that embeds a page in an `<iframe src>`.
pub fn is_iframe(link: &Link) -> bool {
    matches!(link.kind, LinkKind::Html(attribute) if attribute.is("iframe", "src"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_url_however_it_is_written() {
        let a = normalize("https://WWW.Etalab.gouv.fr:443/a-propos#equipe").unwrap();
        let b = normalize("https://www.etalab.gouv.fr/a-propos").unwrap();
        assert_eq!(a, b);
        assert_eq!(
            normalize("https://speakerdeck.com").unwrap().as_str(),
            "https://speakerdeck.com/"
        );
        assert_eq!(
            normalize("https://fr.wikipedia.org/wiki/Logiciel libre")
                .unwrap()
                .as_str(),
            "https://fr.wikipedia.org/wiki/Logiciel%20libre"
        );
        assert_eq!(
            normalize("https://fr.wikipedia.org/wiki/Caf%c3%a9?q=%e9t%e9&r=100%").unwrap(),
            normalize("https://fr.wikipedia.org/wiki/Café?q=%E9t%E9&r=100%").unwrap()
        );
    }

    #[test]
    fn malformed_urls_say_why() {
        assert!(normalize("https://").unwrap_err().contains("host"));
        assert!(normalize("https:/git.sr.ht/~x").unwrap_err().contains("//"));
        assert!(
            normalize("https://exa mple.org/")
                .unwrap_err()
                .contains("characters")
        );
        assert!(
            normalize("https://a.fr:99999/")
                .unwrap_err()
                .contains("port")
        );
        assert!(normalize("https://a..fr/").unwrap_err().contains("label"));
    }

    #[test]
    fn the_sites_external_urls_once_each() {
        let inputs = crate::testing::inputs(&[
            ("vigie.toml", "[markdown]\nlinkify = true\n"),
            (
                "a.md",
                "Voir www.service-public.fr, [a](//cdn.gouv.fr/x) [b](https://x.gouv.fr/a#f)\n\n[c](https://X.gouv.fr/a) [d](mailto:a@b.fr) [e](/interne/) [f]({{ lien }})\n",
            ),
            (
                "b.md",
                "<iframe title=\"Projet\" src=\"https://speakerdeck.com/player/x\"></iframe>\n",
            ),
        ]);
        let site = crate::testing::build_site(&inputs);
        let (urls, embeds) = site_urls(&site);
        let urls: Vec<&str> = urls.iter().map(Url::as_str).collect();
        assert_eq!(
            urls,
            [
                "http://www.service-public.fr/",
                "https://cdn.gouv.fr/x",
                "https://speakerdeck.com/player/x",
                "https://x.gouv.fr/a",
            ]
        );
        assert_eq!(embeds.len(), 1);
    }

    #[test]
    fn example_domains_are_reserved() {
        for host in [
            "example.org",
            "docs.example.org",
            "site.test",
            "x.invalid",
            "localhost",
        ] {
            assert!(is_reserved_host(host), "{host}");
        }
        for host in ["git.sr.ht", "exampleorg.fr", "www.etalab.gouv.fr"] {
            assert!(!is_reserved_host(host), "{host}");
        }
    }
}
