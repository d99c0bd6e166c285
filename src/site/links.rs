//! What a link of a page points at in the built site: another site, a page of this site
//! (with its fragment), a passthrough-copied file, or nothing. Pure: reads the site model.
//!
//! Resolution follows what a static host serves from Eleventy's output:
//! - relative links resolve against the page's *output URL* (`/a/b/` for `a/b.md`), not its
//!   source path; `#frag` alone (or `?q`) targets the page itself;
//! - the query is ignored; paths are percent-decoded then NFC-normalised, so
//!   `/accessibilit%C3%A9/` and `/accessibilité/` (NFC or NFD) are the same page;
//! - `/x` finds the page at `/x/` (hosts and Eleventy's dev server redirect a folder
//!   without its slash), `/x/index.html` is `/x/`; `/x/` never finds a file `/x`;
//! - an absolute URL on the site's own host (`site_url`) is a root-relative link;
//! - a link written as a source path (`./autre-page.md`) is missing: Eleventy 1–2 leave it
//!   as is (Eleventy 3's InputPathToUrl plugin, which rewrites them, is not modelled).

use std::collections::HashMap;

use percent_encoding::percent_decode_str;
use rayon::prelude::*;

use super::model::{Output, Page, Site};
use crate::parse::content::{Link, LinkKind};

/// What a link points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Another scheme or host (`https://ailleurs.fr`, `tel:`, `data:` …): not checked here.
    External,
    /// Built from a template expression: not judged.
    Dynamic,
    /// A relative link on a page whose URL is unknown or that is not written, or a link
    /// of the shape of the URLs a template writes whose permalink vigie cannot render.
    Unresolved,
    /// Nothing at all (`[x]()`, `href=""`).
    Empty,
    /// A `mailto:` link; `addresses` is what follows the scheme, without the query.
    Mailto { addresses: String },
    /// A page of the site (`site.pages[index]`) and the decoded fragment, if any.
    Page {
        index: usize,
        fragment: Option<String>,
    },
    /// A file written by a passthrough copy (decoded URL path).
    Asset { path: String },
    /// Nothing is served there. `path` is the decoded, normalised URL path that was tried;
    /// `source` is the page whose source file the link names, if it names one.
    Missing { path: String, source: Option<usize> },
}

/// What each link of `page` resolves to, resolved once a page: every link rule asks.
pub fn targets<'p>(page: &'p Page, site: &Site) -> &'p [Target] {
    page.link_targets.get_or_init(|| {
        let links = page.content.links.iter();
        links.map(|link| resolve(link, page, site)).collect()
    })
}

/// Resolves `link`, written on `page`, against `site`.
pub fn resolve(link: &Link, page: &Page, site: &Site) -> Target {
    let literal;
    let written = if link.dynamic {
        if let Some(target) = input_path_filter(&link.target, page, site) {
            return target;
        }
        // `{{ '/a-propos/' | url }}` is as good as `/a-propos/` (no pathPrefix is modelled).
        let Some(evaluated) = literal_urls(&link.target) else {
            return Target::Dynamic;
        };
        literal = evaluated;
        clean(&literal)
    } else {
        clean(&link.target)
    };
    // An HTML attribute says `&amp;` where the browser reads `&`.
    let unescaped;
    let written = if matches!(link.kind, LinkKind::Html { .. }) && written.contains('&') {
        unescaped = decode_entities(written);
        unescaped.as_str()
    } else {
        written
    };
    if written.is_empty() {
        return Target::Empty;
    }
    let own_path = match scheme(written) {
        Some(scheme) if scheme.eq_ignore_ascii_case("mailto") => {
            let rest = written.split_once(':').map_or("", |(_, rest)| rest);
            let addresses = rest.split('?').next().unwrap_or("");
            return Target::Mailto {
                addresses: decode(addresses),
            };
        }
        Some(scheme)
            if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") =>
        {
            match site_path(written, site) {
                Some(path) => path,
                None => return Target::External,
            }
        }
        Some(_) => return Target::External,
        // `//host/path`: the page's scheme, another host unless it is the site's.
        None if written.starts_with("//") => match site_path(&format!("https:{written}"), site) {
            Some(path) => path,
            None => return Target::External,
        },
        // markdown-it's linkify turns `www.x.fr` into `http://www.x.fr`, an email into mailto;
        // an autolink without a scheme is an email (`<contact@example.org>`).
        None if matches!(link.kind, LinkKind::Linkify | LinkKind::Autolink) => {
            return Target::External;
        }
        None => written.to_owned(),
    };
    let (before_fragment, fragment) = match own_path.split_once('#') {
        Some((path, fragment)) => (path, Some(decode(fragment))),
        None => (own_path.as_str(), None),
    };
    let path = before_fragment.split('?').next().unwrap_or("");
    if path.is_empty() {
        return match index_of(page, site) {
            Some(index) => Target::Page { index, fragment },
            None => Target::Unresolved,
        };
    }
    let absolute = if path.starts_with('/') {
        normalize(path)
    } else {
        let Some(base) = page.output.url() else {
            return Target::Unresolved;
        };
        join(base, path)
    };
    let decoded = decode(&absolute);
    if let Some(target) = through_plugins(path, &link.kind, page, site, &fragment) {
        return target;
    }
    if let Some(index) = find_page(&decoded, site).or_else(|| paginated_page(&decoded, site)) {
        return Target::Page { index, fragment };
    }
    if let Some(path) = find_asset(&decoded, site) {
        return Target::Asset { path };
    }
    // A template vigie cannot render writes URLs of this shape: it may well be there.
    if fits_unknown_pattern(&decoded, site).is_some() {
        return Target::Unresolved;
    }
    // Copied from a package npm installs (not in a clone): it comes with the package.
    if maybe_unknown_folder(&decoded, site) == Some("node_modules") {
        return Target::Unresolved;
    }
    // A source path, relative to the source folder (as on a forge) or to the page's URL.
    let source = source_page(path, page, site).or_else(|| page_from_source(&decoded, site));
    Target::Missing {
        source,
        path: decoded,
    }
}

/// `{{ '/blog/post.md' | inputPathToUrl }}`: the URL of the template at that input path
/// (relative to the input directory, or to the page's folder); Eleventy's filter throws on
/// a path that is no template, and the build stops there.
fn input_path_filter(target: &str, page: &Page, site: &Site) -> Option<Target> {
    let inner = target.trim().strip_prefix("{{")?.strip_suffix("}}")?;
    let (value, filters) = literal_expression(inner)?;
    if filters != ["inputPathToUrl"] {
        return None;
    }
    let (path, fragment) = match value.split_once('#') {
        Some((path, fragment)) => (path, Some(decode(fragment))),
        None => (value, None),
    };
    Some(match input_path_page(path, page, site) {
        Some(index) => Target::Page { index, fragment },
        None => Target::Missing {
            path: path.to_owned(),
            source: None,
        },
    })
}

/// A target whose only template expressions are string literals through the `url` filter
/// (`{{ '/a-propos/' | url }}`), with each replaced by its literal.
fn literal_urls(target: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = target;
    while let Some((before, expression)) = rest.split_once("{{") {
        out.push_str(before);
        let (inner, after) = expression.split_once("}}")?;
        let (value, filters) = literal_expression(inner)?;
        if !filters
            .iter()
            .all(|f| matches!(*f, "url" | "safe" | "trim"))
        {
            return None;
        }
        out.push_str(value);
        rest = after;
    }
    if rest.contains("{%") || out.contains("{%") {
        return None;
    }
    out.push_str(rest);
    Some(out)
}

/// The inside of `{{ 'literal' | f | g }}`: the string literal and the filters' names.
fn literal_expression(inner: &str) -> Option<(&str, Vec<&str>)> {
    let inner = inner.trim_matches(|c: char| c == '-' || c.is_whitespace());
    let mut parts = inner.split('|').map(str::trim);
    let value = parts.next()?;
    let quote = value.chars().next().filter(|c| matches!(c, '\'' | '"'))?;
    let value = value.strip_prefix(quote)?.strip_suffix(quote)?;
    if value.contains(['\'', '"']) {
        return None;
    }
    Some((value, parts.collect()))
}

/// The root-relative form of `target` when it is an absolute URL on the site's own host:
/// `https://communs.numerique.gouv.fr/a-propos/#x` → `/a-propos/#x`.
pub fn site_relative<'a>(target: &'a str, site: &Site) -> Option<&'a str> {
    let target = clean(target);
    let scheme = scheme(target)?;
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return None;
    }
    let own = host_of(site.settings.eleventy.site_url.as_deref()?)?;
    let rest = target.split_once(':')?.1.strip_prefix("//")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, path) = rest.split_at_checked(end)?;
    host.eq_ignore_ascii_case(own).then_some(path)
}

/// The path (with query and fragment) of an absolute URL on the site's host; `/` when empty.
fn site_path(url: &str, site: &Site) -> Option<String> {
    let rest = site_relative(url, site)?;
    Some(if rest.starts_with('/') {
        rest.to_owned()
    } else {
        format!("/{rest}")
    })
}

/// `https://example.org:8080/x` → `example.org:8080`.
fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    rest.split(['/', '?', '#']).next().filter(|h| !h.is_empty())
}

/// The target as a browser reads it: surrounding whitespace and `<…>` removed.
fn clean(target: &str) -> &str {
    let trimmed = target.trim_matches([' ', '\t', '\n', '\r', '\x0c']);
    trimmed
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(trimmed)
}

/// Decodes the character references an attribute value may hold: `&amp;`, `&quot;`,
/// `&apos;`, `&lt;`, `&gt;`, `&nbsp;`, `&#NN;` and `&#xHH;` (enough for URLs and titles).
pub(crate) fn decode_entities(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some((before, after)) = rest.split_once('&') {
        out.push_str(before);
        let decoded = after
            .split_once(';')
            .filter(|(name, _)| name.len() < 10)
            .and_then(|(name, tail)| Some((character_reference(name)?, tail)));
        match decoded {
            Some((c, tail)) => {
                out.push(c);
                rest = tail;
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character `&name;` stands for, among those `decode_entities` knows.
fn character_reference(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "nbsp" => Some('\u{a0}'),
        _ => name
            .strip_prefix("#x")
            .or_else(|| name.strip_prefix("#X"))
            .map(|hex| u32::from_str_radix(hex, 16))
            .or_else(|| name.strip_prefix('#').map(str::parse::<u32>))
            .and_then(Result::ok)
            .and_then(char::from_u32),
    }
}

/// The URL scheme of `target` (`https`, `mailto` …), if it has one.
pub fn scheme(target: &str) -> Option<&str> {
    let (scheme, _) = target.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

/// Percent-decoded (invalid UTF-8 kept as replacement characters) and NFC-normalised.
pub fn decode(text: &str) -> String {
    nfc(&percent_decode_str(text).decode_utf8_lossy())
}

/// `base` is a page URL: a relative path resolves against its folder (`/a/b/` → `/a/b/`,
/// `/404.html` → `/`).
fn join(base: &str, relative: &str) -> String {
    let folder = base.rsplit_once('/').map_or("", |(folder, _)| folder);
    normalize(&format!("{folder}/{relative}"))
}

/// Resolves `.` and `..` segments (never above the root), keeping a trailing slash.
fn normalize(path: &str) -> String {
    // Nothing to remove: the path is already normal (most links).
    if path.starts_with('/') && !path.contains("//") && !path.contains("/.") {
        return path.to_owned();
    }
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." => {
                if i == last {
                    parts.push("");
                }
            }
            ".." => {
                if parts.len() > 1 {
                    parts.pop();
                }
                if i == last {
                    parts.push("");
                }
            }
            "" if i != 0 && i != last => {}
            segment => parts.push(segment),
        }
    }
    let joined = parts.join("/");
    if joined.starts_with('/') {
        joined
    } else {
        format!("/{joined}")
    }
}

/// The index of `page` in `site.pages`.
fn index_of(page: &Page, site: &Site) -> Option<usize> {
    // `page` is an element of `site.pages` (rules are handed those): its index is its
    // distance from the start, computed on addresses without dereferencing anything.
    let start = site.pages.as_ptr() as usize;
    let at = page as *const Page as usize;
    let size = std::mem::size_of::<Page>().max(1);
    let index = at.checked_sub(start).map(|offset| offset / size);
    index
        .filter(|&i| site.pages.get(i).is_some_and(|p| std::ptr::eq(p, page)))
        .or_else(|| {
            site.link_index()
                .by_input_path
                .get(&page.input_path)
                .copied()
        })
}

/// Lookups built once per site, so that resolving a link or suggesting a page never scans
/// every page.
#[derive(Debug, Default)]
pub struct LinkIndex {
    /// NFC URL → the first page written there.
    pub by_url: HashMap<String, usize>,
    /// NFC input path → page.
    pub by_input_path: HashMap<String, usize>,
    /// NFC default URL (without permalink), trailing `/` trimmed → page.
    pub by_default_url: HashMap<String, usize>,
    /// Every page URL, NFC, sorted.
    pub urls: Vec<String>,
    /// Pages whose URL vigie cannot compute, by the top folder of their input path (the
    /// first of each), and the first such page at the root of the input.
    pub unknown_by_top: HashMap<String, Vec<usize>>,
    pub unknown_at_root: Vec<usize>,
    /// Page URLs, then passthrough files, by their last segment (`/a/b/` → `b`).
    pub pages_by_name: HashMap<String, Vec<String>>,
    pub assets_by_name: HashMap<String, Vec<String>>,
    /// Pages with URL shapes (`Page::url_patterns`): usually none.
    pub patterned: Vec<usize>,
}

/// The last segment of a URL path: `/a/b/` and `/a/b` → `b`.
pub fn name_of(url: &str) -> &str {
    url.trim_end_matches('/').rsplit('/').next().unwrap_or("")
}

/// `text` in Unicode normal form C; ASCII (most URLs) is returned as is, without the cost
/// of normalising.
pub fn nfc(text: &str) -> String {
    crate::parse::composed(text).into_owned()
}

/// The folder part of a URL path: `/a/b/` and `/a/b` → `/a`.
pub fn parent_of(url: &str) -> &str {
    let trimmed = url.trim_end_matches('/');
    trimmed.rsplit_once('/').map_or("", |(parent, _)| parent)
}

impl LinkIndex {
    pub fn build(site: &Site) -> Self {
        let mut index = LinkIndex::default();
        let version = site.settings.eleventy.version;
        // What each page is found by, worked out in parallel (so `lint` builds the index
        // before page rules run, see there); the maps are filled in page order, so that
        // the first page at a URL wins.
        let keys: Vec<(Vec<String>, String, Option<String>)> = site
            .pages
            .par_iter()
            .map(|page| {
                let urls = page.outputs().iter().filter_map(Output::url).map(nfc);
                let default = super::url::output(
                    &page.input_path,
                    &super::model::Cascade::default(),
                    version,
                );
                let default = default
                    .url()
                    .map(|url| nfc(url).trim_end_matches('/').to_owned());
                (urls.collect(), nfc(&page.input_path), default)
            })
            .collect();
        for (i, (page, (urls, input_path, default))) in site.pages.iter().zip(keys).enumerate() {
            for url in urls {
                index.by_url.entry(url.clone()).or_insert(i);
                index.urls.push(url);
            }
            if !page.url_patterns.is_empty() {
                index.patterned.push(i);
            }
            index.by_input_path.entry(input_path).or_insert(i);
            if let super::model::Output::Unknown { .. } = page.output {
                match page.input_path.split_once('/') {
                    Some((top, _)) => {
                        index
                            .unknown_by_top
                            .entry(top.to_owned())
                            .or_default()
                            .push(i);
                    }
                    None => index.unknown_at_root.push(i),
                }
            }
            if let Some(url) = default {
                index.by_default_url.entry(url).or_insert(i);
            }
        }
        index.urls.sort();
        index.urls.dedup();
        for url in &index.urls {
            index
                .pages_by_name
                .entry(name_of(url).to_owned())
                .or_default()
                .push(url.clone());
        }
        let mut assets: Vec<&String> = site.assets.iter().collect();
        assets.sort();
        for asset in assets {
            index
                .assets_by_name
                .entry(name_of(asset).to_owned())
                .or_default()
                .push(asset.clone());
        }
        index
    }
}

/// The page served at the decoded path `path`: exactly, as the folder `/x/` of `/x`, or
/// as `/x/` for `/x/index.html`.
pub fn find_page(path: &str, site: &Site) -> Option<usize> {
    // Most links name a page's URL exactly: found without building the other spellings.
    if let Some(index) = site.urls.get(path).and_then(|pages| pages.first()) {
        return Some(*index);
    }
    let mut candidates = vec![path.to_owned()];
    if let Some(folder) = path.strip_suffix("index.html") {
        if folder.ends_with('/') {
            candidates.push(folder.to_owned());
        }
    } else if !path.ends_with('/') {
        candidates.push(format!("{path}/"));
    }
    for candidate in &candidates {
        if let Some(index) = site.urls.get(candidate).and_then(|pages| pages.first()) {
            return Some(*index);
        }
    }
    // Page URLs come from file names, which may be NFD (macOS) or written unnormalised.
    let by_url = &site.link_index().by_url;
    candidates.iter().find_map(|c| by_url.get(&nfc(c)).copied())
}

/// The paginated page whose later pages include `path`, when vigie could not compute its
/// pages: without a permalink, page N of a template at `/blog/` is written at `/blog/N/`.
fn paginated_page(path: &str, site: &Site) -> Option<usize> {
    let path = path.strip_suffix('/').unwrap_or(path);
    let (parent, number) = path.rsplit_once('/')?;
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let index = find_page(&format!("{parent}/"), site)?;
    // Once the engine computed its pages, the URL index has every one of them.
    let page = site.pages.get(index)?;
    (page.pagination.is_empty() && page.data.get("pagination").is_some()).then_some(index)
}

/// Pages whose URL vigie cannot compute, one of which may be written at a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaybeThere {
    /// The page named like the URL's last segment.
    Named(usize),
    /// Some page of the same top folder, this one the first.
    InFolder(usize),
}

/// A page whose URL vigie cannot compute and that may be the one written at `path`: one in
/// the same top folder (a JavaScript data file computing `/fr/…` URLs for `fr/`), the one
/// named like the URL's last segment when there is one, so that a help names a file only
/// when it is likely the one.
pub fn maybe_unknown_page(path: &str, site: &Site) -> Option<MaybeThere> {
    let index = site.link_index();
    let top = path.trim_start_matches('/').split('/').next().unwrap_or("");
    let candidates = index
        .unknown_by_top
        .get(top)
        .filter(|pages| !pages.is_empty())
        .unwrap_or(&index.unknown_at_root);
    let wanted = nfc(&decode(name_of(path)));
    candidates
        .iter()
        .copied()
        .find(|&i| {
            site.pages
                .get(i)
                .is_some_and(|p| page_name(&p.input_path) == wanted)
        })
        .map(MaybeThere::Named)
        .or_else(|| candidates.first().copied().map(MaybeThere::InFolder))
}

/// A page whose permalink vigie cannot render but whose URLs have the shape of `path`
/// (`/calendar/*.ics` for `/calendar/rencontre.ics`): it may well write it.
fn fits_unknown_pattern(path: &str, site: &Site) -> Option<usize> {
    let patterned = &site.link_index().patterned;
    if patterned.is_empty() {
        return None;
    }
    let path = nfc(path);
    patterned.iter().copied().find(|&i| {
        site.pages.get(i).is_some_and(|page| {
            page.url_patterns
                .iter()
                .any(|pattern| fits(pattern, &path) || fits(pattern, &format!("{path}/")))
        })
    })
}

/// Whether `path` has the shape of `pattern`, whose `*` stand for one or more characters
/// but `/`.
fn fits(pattern: &str, path: &str) -> bool {
    let pattern = pattern.strip_suffix("index.html").unwrap_or(pattern);
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = path.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, &part) in parts.iter().enumerate() {
        // The wildcard takes at least one character, never a `/`.
        let mut chars = rest.chars();
        if chars.next().is_none_or(|c| c == '/') {
            return false;
        }
        let after_one = chars.as_str();
        // The last part ends the path; the others come at their first place.
        let found = if i + 1 == parts.len() {
            after_one.strip_suffix(part).map(|taken| (taken, ""))
        } else {
            after_one.split_once(part)
        };
        let Some((taken, after)) = found else {
            return false;
        };
        if taken.contains('/') {
            return false;
        }
        rest = after;
    }
    rest.is_empty()
}

/// The name a page's URL would end with: its file stem, or its folder's for an `index`.
fn page_name(input_path: &str) -> String {
    let mut parts = input_path.rsplit('/');
    let file = parts.next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or(file);
    let name = if stem == "index" {
        parts.next().unwrap_or("")
    } else {
        stem
    };
    nfc(name)
}

/// The unknown folder (an uninitialized submodule) that may serve the URL path `path`:
/// one a passthrough copy copies from to a folder above `path`, or one that may hold the
/// templates written below its own name.
pub fn maybe_unknown_folder<'a>(path: &str, site: &'a Site) -> Option<&'a str> {
    let eleventy = &site.settings.eleventy;
    let url = path.trim_start_matches('/');
    let below = |prefix: &str| {
        let prefix = prefix.trim_matches('/');
        prefix.is_empty()
            || url
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    let within = |path: &str, dir: &str| {
        dir.is_empty() || path == dir || path.starts_with(&format!("{dir}/"))
    };
    let copied = eleventy.passthrough.iter().find_map(|copy| {
        let source = super::assets::literal_base(&copy.source);
        // The copy reads in the folder, or copies a folder that holds it.
        let folder = site
            .unknown_folders
            .iter()
            .find(|folder| within(&source, folder) || within(folder, &source))?;
        below(&copy.target).then_some(folder.as_str())
    });
    // Templates in the folder are written below its path in the input.
    let written = || {
        site.unknown_folders
            .iter()
            .find(|folder| {
                within(folder, &eleventy.input)
                    && !eleventy.input.eq(folder.as_str())
                    && folder
                        .strip_prefix(eleventy.input.as_str())
                        .is_some_and(|inside| below(inside.trim_start_matches('/')))
            })
            .map(String::as_str)
    };
    copied.or_else(written)
}

/// The passthrough file served at `path` (a folder serves its `index.html`).
fn find_asset(path: &str, site: &Site) -> Option<String> {
    let candidates = if path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_owned(), format!("{path}/index.html")]
    };
    candidates.into_iter().find(|c| site.assets.contains(c))
}

/// The page whose source file a link written as a path names (`./autre.md`, `/blog/x.md`).
fn source_page(path: &str, page: &Page, site: &Site) -> Option<usize> {
    let decoded = decode(path);
    let input_path = if let Some(absolute) = decoded.strip_prefix('/') {
        absolute.to_owned()
    } else {
        let folder = page.input_path.rsplit_once('/').map_or("", |(f, _)| f);
        normalize(&format!("/{folder}/{decoded}"))
            .trim_start_matches('/')
            .to_owned()
    };
    page_from_source(&input_path, site)
}

/// What the site's official plugins make of a link written as a source path:
/// InputPathToUrl turns a template's input path into its URL (relative to the page's
/// folder, or to the input directory with a leading `/`); the image transform reads an
/// `<img>` relative to the page's source file and writes it where it needs.
fn through_plugins(
    path: &str,
    kind: &LinkKind,
    page: &Page,
    site: &Site,
    fragment: &Option<String>,
) -> Option<Target> {
    let eleventy = &site.settings.eleventy;
    let (input_paths, images) = (
        eleventy.has_plugin("InputPathToUrlTransformPlugin"),
        eleventy.has_plugin("eleventyImageTransformPlugin"),
    );
    if !input_paths && !images {
        return None;
    }
    if input_paths && let Some(index) = input_path_page(path, page, site) {
        // A page that is not written becomes `href="false"`.
        let output = site.pages.get(index).map(|p| &p.output);
        if matches!(output, Some(Output::Disabled)) {
            return Some(Target::Missing {
                path: "false".to_owned(),
                source: Some(index),
            });
        }
        return Some(Target::Page {
            index,
            fragment: fragment.clone(),
        });
    }
    let image = matches!(kind, LinkKind::Image)
        || matches!(kind, LinkKind::Html(attribute) if attribute.is("img", "src"));
    if image && images {
        // Relative to the page's file; absolute from the input directory.
        let folder = if path.starts_with('/') {
            eleventy.input.as_str()
        } else {
            page.file.rel.rsplit_once('/').map_or("", |(f, _)| f)
        };
        let source = normalize(&format!("/{folder}/{}", decode(path)));
        let source = source.trim_start_matches('/');
        if site.images.contains(source) {
            return Some(Target::Asset {
                path: source.to_owned(),
            });
        }
    }
    None
}

/// The template InputPathToUrl means by `path`: relative to the page's folder, to the input
/// directory, or to the project's root (a leading `/` starts from the input directory, or
/// the root).
fn input_path_page(path: &str, page: &Page, site: &Site) -> Option<usize> {
    let decoded = decode(path);
    let input = site.settings.eleventy.input.as_str();
    let from_root = |p: &str| {
        let p = p.trim_start_matches('/');
        if input.is_empty() {
            return None;
        }
        p.strip_prefix(input)?
            .strip_prefix('/')
            .and_then(|rest| page_from_source(rest, site))
    };
    if decoded.starts_with('/') {
        return page_from_source(&decoded, site).or_else(|| from_root(&decoded));
    }
    source_page(path, page, site)
        .or_else(|| page_from_source(&normalize(&format!("/{decoded}")), site))
        .or_else(|| from_root(&normalize(&format!("/{decoded}"))))
}

/// The page whose input path is `path` (a leading `/` ignored).
fn page_from_source(path: &str, site: &Site) -> Option<usize> {
    let path = nfc(path.trim_start_matches('/'));
    site.link_index().by_input_path.get(&path).copied()
}

#[cfg(test)]
mod entity_tests {
    use super::decode_entities;

    #[test]
    fn attribute_entities_are_decoded() {
        assert_eq!(decode_entities("/a/?x=1&amp;y=2"), "/a/?x=1&y=2");
        assert_eq!(decode_entities("/caf&#233;/&#xE9;"), "/café/é");
        assert_eq!(decode_entities("R&D &unknown; &"), "R&D &unknown; &");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{build_site, inputs};

    fn link(target: &str) -> Link {
        Link {
            kind: LinkKind::Markdown,
            target: target.to_owned(),
            span: 0..0,
            dynamic: false,
        }
    }

    fn site() -> Site {
        let inputs = inputs(&[
            (
                "vigie.toml",
                "[site]\nurl = \"https://communs.example.fr\"\n",
            ),
            (
                ".eleventy.js",
                "module.exports = c => { c.addPassthroughCopy({ 'img': 'images' }); c.addPassthroughCopy('docs/guide.pdf'); };",
            ),
            ("a/b.md", "B"),
            ("c.md", "C"),
            ("accessibilité/index.md", "A11y"),
            ("feed/feed.njk", "---\npermalink: /feed/feed.xml\n---\n"),
            ("404.md", "---\npermalink: 404.html\n---\n"),
            ("img/logo.png", "png"),
            ("img/sub/x.svg", "svg"),
            ("docs/guide.pdf", "pdf"),
        ]);
        build_site(&inputs)
    }

    fn page<'a>(site: &'a Site, rel: &str) -> &'a Page {
        site.pages.iter().find(|p| p.file.rel == rel).unwrap()
    }

    /// The URL of what `target`, written on `from`, resolves to; `missing: …` otherwise.
    fn resolved(site: &Site, from: &str, target: &str) -> String {
        match resolve(&link(target), page(site, from), site) {
            Target::Page { index, fragment } => {
                let url = site.pages[index].output.url().unwrap_or("?").to_owned();
                match fragment {
                    Some(f) => format!("{url}#{f}"),
                    None => url,
                }
            }
            Target::Asset { path } => format!("asset {path}"),
            Target::Missing { path, .. } => format!("missing {path}"),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn resolves_like_a_static_host() {
        let site = site();
        let r = |from, target| resolved(&site, from, target);
        assert_eq!(r("a/b.md", "../../c/"), "/c/");
        assert_eq!(r("a/b.md", "../c/"), "missing /a/c/");
        assert_eq!(r("a/b.md", "/c"), "/c/");
        assert_eq!(r("a/b.md", "/c/index.html"), "/c/");
        assert_eq!(r("a/b.md", "/c/?x=1#top"), "/c/#top");
        assert_eq!(r("a/b.md", "#here"), "/a/b/#here");
        assert_eq!(r("c.md", "/accessibilit%C3%A9/"), "/accessibilité/");
        assert_eq!(r("c.md", "/accessibilite\u{301}"), "/accessibilité/");
        assert_eq!(r("c.md", "/feed/feed.xml"), "/feed/feed.xml");
        assert_eq!(r("c.md", "/feed/feed.xml/"), "missing /feed/feed.xml/");
        assert_eq!(r("404.md", "c/"), "/c/");
        assert_eq!(r("c.md", "/images/sub/x.svg"), "asset /images/sub/x.svg");
        assert_eq!(r("c.md", "/img/logo.png"), "missing /img/logo.png");
        assert_eq!(r("c.md", "/docs/guide.pdf"), "asset /docs/guide.pdf");
        assert_eq!(r("c.md", "https://communs.example.fr/c/"), "/c/");
        assert_eq!(r("c.md", "https://communs.example.fr"), "missing /");
        assert_eq!(r("c.md", "https://ailleurs.fr/c/"), "External");
        assert_eq!(r("c.md", "tel:+33100000000"), "External");
        assert_eq!(r("c.md", " "), "Empty");
        assert_eq!(
            literal_urls("{{ '/c/' | url }}#x").as_deref(),
            Some("/c/#x")
        );
        assert_eq!(
            literal_urls("{{- \"/c/\" | url -}}").as_deref(),
            Some("/c/")
        );
        assert_eq!(literal_urls("{{ page.url }}"), None);
        assert_eq!(literal_urls("{{ '/c/' | date }}"), None);
        assert_eq!(literal_urls("{% link %}"), None);
        assert_eq!(
            r("c.md", "mailto:a@b.fr?subject=x"),
            "Mailto { addresses: \"a@b.fr\" }"
        );
    }

    #[test]
    fn later_pages_of_a_pagination_exist() {
        let post = "---\ntags: posts\n---\n";
        let inputs = inputs(&[
            (
                "blog.njk",
                "---\npagination:\n  data: collections.posts\n  size: 1\n---\n",
            ),
            ("a.md", post),
            ("b.md", post),
            ("c.md", post),
        ]);
        let site = build_site(&inputs);
        // Three posts, one per page: /blog/, /blog/1/, /blog/2/.
        assert_eq!(resolved(&site, "c.md", "/blog/2/"), "/blog/");
        assert_eq!(resolved(&site, "c.md", "/blog/3/"), "missing /blog/3/");
        assert_eq!(resolved(&site, "c.md", "/c/2/"), "missing /c/2/");
    }

    #[test]
    fn official_plugins_resolve_source_paths() {
        let config = r#"import { InputPathToUrlTransformPlugin } from "@11ty/eleventy";
            import { eleventyImageTransformPlugin } from "@11ty/eleventy-img";
            export default function (c) {
              c.addPlugin(InputPathToUrlTransformPlugin);
              c.addPlugin(eleventyImageTransformPlugin);
            }
            export const config = { dir: { input: "content" } };"#;
        let inputs = inputs(&[
            ("package.json", r#"{ "type": "module" }"#),
            ("eleventy.config.js", config),
            ("content/blog/first.md", "First"),
            ("content/blog/possum.png", "png"),
            ("content/index.md", "Home"),
        ]);
        let site = build_site(&inputs);
        assert!(site.settings.eleventy.config_evaluated);
        assert_eq!(
            resolved(&site, "content/index.md", "/blog/first.md"),
            "/blog/first/"
        );
        assert_eq!(
            resolved(&site, "content/index.md", "blog/first.md#x"),
            "/blog/first/#x"
        );
        let image = Link {
            kind: LinkKind::Image,
            ..link("./possum.png")
        };
        let first = page(&site, "content/blog/first.md");
        assert!(matches!(
            resolve(&image, first, &site),
            Target::Asset { .. }
        ));
        let missing = Link {
            kind: LinkKind::Image,
            ..link("./opossum.png")
        };
        assert!(matches!(
            resolve(&missing, first, &site),
            Target::Missing { .. }
        ));
    }

    #[test]
    fn the_input_path_filter_names_a_template() {
        let site = site();
        let dynamic = |target: &str| Link {
            dynamic: true,
            ..link(target)
        };
        let from = page(&site, "a/b.md");
        assert!(matches!(
            resolve(&dynamic("{{ '/c.md#top' | inputPathToUrl }}"), from, &site),
            Target::Page { fragment: Some(f), .. } if f == "top"
        ));
        assert!(matches!(
            resolve(&dynamic("{{ \"../c.md\" | inputPathToUrl }}"), from, &site),
            Target::Page { .. }
        ));
        assert!(matches!(
            resolve(&dynamic("{{ '/nope.md' | inputPathToUrl }}"), from, &site),
            Target::Missing { .. }
        ));
    }

    #[test]
    fn input_paths_are_relative_to_the_page_the_input_or_the_root() {
        let config = r#"const { InputPathToUrlTransformPlugin } = require("@11ty/eleventy");
            module.exports = (c) => { c.addPlugin(InputPathToUrlTransformPlugin); return { dir: { input: "src" } }; };"#;
        let inputs = inputs(&[
            (".eleventy.js", config),
            ("src/index.md", "Home"),
            ("src/about.md", "About"),
            ("src/blog/post.md", "Post"),
        ]);
        let site = build_site(&inputs);
        let from = "src/blog/post.md";
        assert_eq!(resolved(&site, from, "about.md"), "/about/");
        assert_eq!(resolved(&site, from, "src/about.md"), "/about/");
        assert_eq!(resolved(&site, from, "/about.md"), "/about/");
        assert_eq!(resolved(&site, from, "/src/about.md"), "/about/");
        assert_eq!(resolved(&site, from, "post.md"), "/blog/post/");
        assert_eq!(
            resolved(&site, from, "nope.md"),
            "missing /blog/post/nope.md"
        );
    }

    #[test]
    fn url_patterns_have_the_shape_of_unknown_permalinks() {
        assert!(fits("/calendar/*.ics", "/calendar/rencontre-2024.ics"));
        assert!(!fits("/calendar/*.ics", "/calendar/.ics"));
        assert!(!fits("/calendar/*.ics", "/calendar/a/b.ics"));
        assert!(!fits("/calendar/*.ics", "/agenda/a.ics"));
        assert!(fits("/tags/*/page-*/", "/tags/dsfr/page-2/"));
        assert!(!fits("/tags/*/", "/tags/dsfr/page-2/"));
        // Characters of more than one byte, and permalinks that end with index.html.
        assert!(fits("/agenda/*.ics", "/agenda/réunion-été.ics"));
        assert!(!fits("/agenda/*.ics", "/agenda/réunion-été"));
        assert!(fits("/tags/*/page-*/", "/tags/été/page-2/"));
        assert!(fits("/x/*/index.html", "/x/foo/"));
    }

    #[test]
    fn a_source_path_names_the_page() {
        let site = site();
        let Target::Missing { source, .. } =
            resolve(&link("../c.md"), page(&site, "a/b.md"), &site)
        else {
            panic!("a source path is not a URL");
        };
        assert_eq!(
            source.map(|i| site.pages[i].file.rel.as_str()),
            Some("c.md")
        );
    }

    #[test]
    fn normalizes_dot_segments() {
        assert_eq!(normalize("/a/./b/../c"), "/a/c");
        assert_eq!(normalize("/../../x/"), "/x/");
        assert_eq!(normalize("/a/b/.."), "/a/");
        assert_eq!(normalize("/a//b/.x"), "/a/b/.x");
        assert_eq!(normalize("/a/b/"), "/a/b/");
        assert_eq!(join("/a/b/", "c"), "/a/b/c");
        assert_eq!(join("/404.html", "x"), "/x");
    }
}
