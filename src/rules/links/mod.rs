//! Link rules: every link of a page's content resolved as the built site serves it
//! (`site::links::resolve`), and what is broken about it. Shared helpers live here;
//! suggestions (closest URL, closest id, moved pages) in `suggest`.

pub mod empty;
pub mod invalid_mailto;
pub mod looks_like_domain;
pub mod missing_asset;
pub mod missing_fragment;
pub mod missing_page;
pub mod self_absolute;
pub mod suggest;

use rayon::prelude::*;

use crate::diagnostic::Severity;
use crate::parse::content::{Link, LinkKind};
use crate::rules::{PageContext, Report};
use crate::site::links::{
    MaybeThere, Target, maybe_unknown_folder, maybe_unknown_page, resolve, scheme, targets,
};
use crate::site::{Output, Page, Role, Site};

/// A finding on the target bytes of `link`, carrying the target as written.
fn report_link<'c>(cx: &'c mut PageContext<'_>, link: &Link, message: String) -> Report<'c> {
    let (target, span) = written_target(link);
    let mut report = cx.report(span, message);
    report.link = Some(target);
    report
}

/// The target and its bytes; for `{{ '/a-propos/' | url }}`, the literal inside (what the
/// author wrote of the URL, and what ends up in the built page).
fn written_target(link: &Link) -> (String, std::ops::Range<usize>) {
    let whole = (link.target.clone(), link.span.clone());
    if !link.dynamic || link.span.len() != link.target.len() {
        return whole;
    }
    let Some((_, inner)) = link.target.split_once("{{") else {
        return whole;
    };
    // One literal expression only: `'…'` or `"…"` right after `{{`.
    let expression = inner.trim_start_matches(['-', ' ']);
    let start = link.target.len() - expression.len();
    let mut chars = expression.chars();
    let Some(quote) = chars.next().filter(|c| matches!(c, '\'' | '"')) else {
        return whole;
    };
    let Some((literal, rest)) = chars.as_str().split_once(quote) else {
        return whole;
    };
    if rest.contains("{{") {
        return whole;
    }
    let at = link.span.start + start + 1;
    (literal.to_owned(), at..at + literal.len())
}

/// File extensions that name a file rather than a page, even behind `<a href>`.
const ASSET_EXTENSIONS: [&str; 35] = [
    "png",
    "jpg",
    "jpeg",
    "gif",
    "svg",
    "webp",
    "avif",
    "ico",
    "pdf",
    "css",
    "js",
    "json",
    "xml",
    "txt",
    "zip",
    "csv",
    "mp4",
    "webm",
    "mp3",
    "ogg",
    "woff",
    "woff2",
    "ttf",
    "odt",
    "ods",
    "odp",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "webmanifest",
    "epub",
    "gz",
];

/// Whether a link asks for a file (an image, a script, a PDF …) rather than a page.
fn wants_asset(link: &Link, path: &str) -> bool {
    let embeds = match &link.kind {
        LinkKind::Image => true,
        LinkKind::Html(attribute) => !matches!(attribute.element(), "a" | "area" | "iframe"),
        _ => false,
    };
    let name = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase());
    embeds || extension.is_some_and(|ext| ASSET_EXTENSIONS.contains(&ext.as_str()))
}

/// Top-level domains that, at the end of a relative link's first segment, say the author
/// meant a host name (`opendata.example.org`), not a file (`guide.pdf`, `README.md`).
const DOMAIN_ENDINGS: [&str; 24] = [
    "fr", "com", "org", "net", "eu", "io", "info", "dev", "app", "be", "ch", "de", "uk", "it",
    "es", "ca", "gov", "edu", "int", "coop", "studio", "tech", "xyz", "social",
];

/// Whether a relative link is really a host name written without `https://`:
/// `www.example.fr`, `opendata.example.org/livre`. Linkified text is not: markdown-it adds
/// the scheme itself.
fn looks_like_domain(link: &Link) -> bool {
    let target = link.target.trim();
    if link.kind == LinkKind::Linkify
        || scheme(target).is_some()
        || target.starts_with(['/', '.', '#', '?'])
    {
        return false;
    }
    let host = target.split(['/', '?', '#']).next().unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    let well_formed = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
        });
    let ending = labels.last().map(|l| l.to_ascii_lowercase());
    well_formed
        && (host.to_ascii_lowercase().starts_with("www.")
            || ending.is_some_and(|e| DOMAIN_ENDINGS.contains(&e.as_str())))
}

/// The help of a link to nothing: the page its source path names, where a renamed page
/// went, or the closest URL that exists.
fn missing_help(
    path: &str,
    source: Option<usize>,
    page: &Page,
    site: &Site,
    asset: bool,
) -> String {
    if let Some(url) = source.and_then(|i| site.pages.get(i)?.output.url()) {
        return format!("this is the source file of a page: link to its URL, `{url}`");
    }
    match suggest::for_missing(path, site, asset, page.output.url()) {
        Some(suggestion) => suggestion.help(),
        None if asset => format!(
            "no page writes `{path}` and no passthrough copy holds it: add the file, or a passthrough copy in the Eleventy config"
        ),
        // Nothing close exists: say what to do rather than repeat the message.
        None => "no page of this site is close to it: if the page lives on another site, write its full address (`https://…`); otherwise create it or remove the link".to_owned(),
    }
}

/// Where a link resolves. A page's own link resolves from the page; a link other pages
/// show (a layout's, a data value) resolves from each of them, or once when its target does
/// not depend on the page (root-relative, absolute).
pub(crate) struct Resolved<'s> {
    pub target: &'s Target,
    /// The page it was resolved from.
    pub from: &'s Page,
    /// How many of the pages showing the link resolve it so, out of how many; `None` for a
    /// page's own link.
    pub shown: Option<(usize, usize)>,
    /// It renders only under a condition vigie cannot evaluate (as written).
    pub unsure: Option<&'s str>,
}

/// The resolutions of `page.content.links[i]`: one, or one per page that shows it.
pub(crate) fn resolutions<'s>(i: usize, page: &'s Page, site: &'s Site) -> Vec<Resolved<'s>> {
    let Some(link) = page.content.links.get(i) else {
        return Vec::new();
    };
    let Role::Shown { showing, .. } = &page.role else {
        let target = targets(page, site).get(i);
        return Vec::from_iter(target.map(|target| Resolved {
            target,
            from: page,
            shown: None,
            unsure: None,
        }));
    };
    let Some(showing) = showing.get(i).filter(|s| !s.pages.is_empty()) else {
        return Vec::new();
    };
    let written = written_target(link).0;
    let written = written.trim();
    let once = written.starts_with('/') || scheme(written).is_some();
    let pages = &showing.pages;
    let total = pages.len();
    // On a page where a test vigie cannot evaluate decides, the link only may render.
    let unsure_on = |p: usize| {
        let maybe = if once {
            showing.maybe.len() == total
        } else {
            showing.maybe.binary_search(&p).is_ok()
        };
        maybe
            .then(|| showing.condition.as_deref().unwrap_or(""))
            .filter(|_| maybe)
    };
    let targets = showing.targets.get_or_init(|| {
        // A relative link of a layout resolves on each of its thousands of pages: split.
        let from = pages.get(..if once { 1 } else { total }).unwrap_or(pages);
        from.par_iter()
            .filter_map(|&p| site.pages.get(p))
            .map(|from| resolve(link, from, site))
            .collect()
    });
    let shown = if once { (total, total) } else { (1, total) };
    targets
        .iter()
        .zip(pages.iter())
        .filter_map(|(target, &p)| {
            Some(Resolved {
                target,
                from: site.pages.get(p)?,
                shown: Some(shown),
                unsure: unsure_on(p),
            })
        })
        .collect()
}

/// Of the resolutions of one link, the first that `wrong` finds wrong, with how many of
/// the pages showing the link it is wrong on: a link is reported once, however many pages
/// show it.
pub(crate) fn first_wrong<'s, T>(
    resolutions: Vec<Resolved<'s>>,
    mut wrong: impl FnMut(&Resolved<'s>) -> Option<T>,
) -> Option<(Resolved<'s>, T)> {
    let mut first = None;
    let mut count = 0;
    let mut certain = false;
    for resolved in resolutions {
        let Some(found) = wrong(&resolved) else {
            continue;
        };
        count += resolved.shown.map_or(1, |(n, _)| n);
        certain |= resolved.unsure.is_none();
        if first.is_none() {
            first = Some((resolved, found));
        }
    }
    let (mut resolved, found) = first?;
    if let Some((_, total)) = resolved.shown {
        resolved.shown = Some((count, total));
    }
    // Wrong on one page where it surely renders is wrong for sure.
    if certain {
        resolved.unsure = None;
    }
    Some((resolved, found))
}

/// What a finding on a shown link adds to its message: on how many pages, from where.
pub(crate) fn shown_on(resolved: &Resolved<'_>) -> String {
    match resolved.shown {
        None => String::new(),
        Some((1, 1)) => " (on the 1 page that shows it)".to_owned(),
        Some((count, total)) if count == total => format!(" (on the {total} pages that show it)"),
        Some((count, total)) => format!(
            " (on {count} of the {total} pages that show it, such as `{}`)",
            resolved
                .from
                .output
                .url()
                .unwrap_or(&resolved.from.file.rel)
        ),
    }
}

/// A finding on a link that renders only under a condition vigie cannot evaluate is a
/// warning that says so.
pub(crate) fn mark_unsure(diagnostic: &mut crate::Diagnostic, resolved: &Resolved<'_>) {
    let Some(condition) = resolved.unsure else {
        return;
    };
    diagnostic.severity = Severity::Warning;
    let help = diagnostic.help.take().unwrap_or_default();
    diagnostic.help = Some(format!(
        "{help} (the link renders only when `{condition}` holds, which vigie cannot evaluate)"
    ));
}

/// For a data value shown as a link: another place to point at, and what to say there.
pub(crate) fn related(page: &Page, i: usize) -> Option<&(String, std::ops::Range<usize>, String)> {
    match &page.role {
        Role::Shown { showing, .. } => showing.get(i)?.related.as_ref(),
        Role::Template => None,
    }
}

/// Reports the links of `page` to nothing, those asking for a file when `asset` is set and
/// for a page otherwise.
fn report_missing(cx: &mut PageContext<'_>, asset: bool) {
    let (page, site) = (cx.page, cx.site);
    for (i, link) in page.content.links.iter().enumerate() {
        let missing = first_wrong(resolutions(i, page, site), |r| match r.target {
            Target::Missing { path, source } if wants_asset(link, path) == asset => {
                Some((path.clone(), *source))
            }
            _ => None,
        });
        // `links/looks-like-domain` says what is wrong with `opendata.example.org`.
        if let Some((resolved, (path, source))) = missing.filter(|_| !looks_like_domain(link)) {
            let (path, source) = (&path, &source);
            let what = if asset { "file" } else { "page" };
            let written = written_target(link).0;
            let target = written.trim();
            let shown = shown_on(&resolved);
            let message = if path == target {
                format!("no {what} at `{target}`{shown}")
            } else {
                format!("no {what} at `{target}` (`{path}`){shown}")
            };
            let mut diagnostic = report_link(cx, link, message)
                .with_label(format!("no such {what}"))
                .with_help(missing_help(path, *source, resolved.from, site, asset));
            mark_unsure(&mut diagnostic, &resolved);
            if let Some((file, span, label)) = related(page, i) {
                diagnostic = diagnostic.with_related(file.clone(), span.clone(), label.clone());
            }
            // A submodule vigie could not read may hold it: say so, do not fail on it.
            if let Some(folder) = maybe_unknown_folder(path, site) {
                diagnostic.severity = Severity::Warning;
                diagnostic.help = Some(crate::rules::unknown_folder_help(folder));
            // A page whose URL vigie cannot compute may be the one: say so, do not fail on it.
            } else if let Some(maybe) = maybe_unknown_page(path, site) {
                diagnostic.severity = Severity::Warning;
                diagnostic.help = maybe_there_help(maybe, site);
            }
        }
    }
}

/// Which page may be written there after all, and why vigie cannot tell.
fn maybe_there_help(maybe: MaybeThere, site: &Site) -> Option<String> {
    let (MaybeThere::Named(i) | MaybeThere::InFolder(i)) = maybe;
    let page = site.pages.get(i)?;
    let reason = match &page.output {
        Output::Unknown { reason } => reason.as_str(),
        _ => "",
    };
    Some(match maybe {
        MaybeThere::Named(_) => format!(
            "`{}` may be written there, but vigie cannot compute its URL ({reason})",
            page.file.rel
        ),
        MaybeThere::InFolder(_) => {
            let inside = page.input_path.split_once('/').map_or("", |(_, rest)| rest);
            let folder = page.file.rel.strip_suffix(inside).unwrap_or(&page.file.rel);
            format!(
                "a page of `{folder}` may be written there, but vigie cannot compute their URLs (for `{}`: {reason})",
                page.file.rel
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(kind: LinkKind, target: &str) -> Link {
        Link {
            kind,
            target: target.into(),
            span: 0..0,
            dynamic: false,
        }
    }

    #[test]
    fn domains_are_told_from_files() {
        let md = |t| looks_like_domain(&link(LinkKind::Markdown, t));
        assert!(md("opendata.example.org"));
        assert!(md("www.example.fr/inscription"));
        assert!(md("WWW.Example.Com"));
        assert!(!md("README.md"));
        assert!(!md("guide.pdf"));
        assert!(!md("photo.jpg"));
        assert!(!md("./site.fr"));
        assert!(!md("https://example.org"));
        assert!(!looks_like_domain(&link(
            LinkKind::Linkify,
            "www.example.fr"
        )));
    }
}
