use std::collections::HashMap;
use std::fmt::Write as _;

use super::{first_wrong, mark_unsure, related, report_link, resolutions, shown_on};
use crate::config::AnchorProfile;
use crate::parse::slug::eleventy_slugify;
use crate::rules::{Check, PageContext, closest, declare_rule};
use crate::site::links::Target;
use crate::site::{Page, Site};

declare_rule! {
    /// ## What it does
    /// Reports a link whose `#fragment` names no id of the page it leads to (the same page
    /// for `#…` alone). Ids are the `id` attributes of the page's content and of its layouts,
    /// and the heading ids of the site's anchor plugin — only if the site enables one:
    /// markdown-it without an anchor plugin gives headings no id at all. `#` and `#top`
    /// always work; fragments of non-HTML files are not checked.
    ///
    /// ## Why is this bad?
    /// The browser opens the page at its top instead of the section meant, silently.
    /// Checkers that assume GitHub-style heading ids pass such links on sites that have none.
    ///
    /// ## Example
    /// ```markdown
    /// Voir [la gouvernance](/a-propos/#gouvernance).
    /// ```
    /// Use instead (an explicit id on the target page):
    /// ```markdown
    /// <h2 id="gouvernance">Gouvernance</h2>
    /// ```
    ///
    /// ## References
    /// - https://html.spec.whatwg.org/multipage/browsing-the-web.html#scroll-to-fragid
    pub struct MissingFragment {
        code: "links/missing-fragment",
        severity: Error,
        scope: Page,
        url: "https://html.spec.whatwg.org/multipage/browsing-the-web.html#scroll-to-fragid",
        views: true,
    }
}

/// The headings of a page by the ids some slug rule would give them (lowercase words
/// joined by `-`, or Eleventy's slugify): the first heading of each.
fn headings_by_slug(page: &Page, version: u8) -> HashMap<String, &str> {
    let mut named = HashMap::new();
    for h in &page.content.headings {
        let plain = h
            .text
            .trim()
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("-");
        let slug = eleventy_slugify(&h.text, version);
        named.entry(plain).or_insert(h.text.as_str());
        named.entry(slug).or_insert(h.text.as_str());
    }
    named
}

/// The headings of the pages a page's broken fragments aim at, by slug: worked out once a
/// target, when a fragment is missing on a site without heading ids.
type Headings<'s> = HashMap<usize, HashMap<String, &'s str>>;

/// Past this many ids, a page's ids are not searched for a near spelling: each search
/// reads them all, once for each broken fragment.
const MAX_SUGGESTION_IDS: usize = 2000;

fn help<'s>(
    fragment: &str,
    page: &'s Page,
    index: usize,
    headings: &mut Headings<'s>,
    site: &'s Site,
) -> String {
    let ids = crate::site::ids::of(index, site);
    let no_heading_ids = site.settings.eleventy.anchors == AnchorProfile::None;
    if no_heading_ids {
        let version = site.settings.eleventy.version;
        let named = headings
            .entry(index)
            .or_insert_with(|| headings_by_slug(page, version));
        if let Some(heading) = named.get(&fragment.to_lowercase()) {
            return format!(
                "`#{fragment}` looks like the id of the heading « {heading} », but this site generates no heading ids (no anchor plugin is enabled): give the heading an explicit `id`, or enable markdown-it-anchor"
            );
        }
    }
    let near = (ids.len() <= MAX_SUGGESTION_IDS)
        .then(|| closest(fragment, ids.iter()))
        .flatten();
    if let Some(id) = near {
        return format!("did you mean `#{id}`?");
    }
    if no_heading_ids {
        return "this site generates no heading ids (no anchor plugin is enabled): only explicit `id` attributes can be linked to".into();
    }
    "link to an id the page defines, or to the page without a fragment".into()
}

impl Check for MissingFragment {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        let page = cx.page;
        let site = cx.site;
        let mut headings = Headings::new();
        for (i, link) in page.content.links.iter().enumerate() {
            let missing = first_wrong(resolutions(i, page, site), |resolved| {
                let Target::Page {
                    index,
                    fragment: Some(fragment),
                } = &resolved.target
                else {
                    return None;
                };
                missing_id(link, *index, fragment, site)?;
                Some((*index, fragment.clone()))
            });
            let Some((resolved, (index, fragment))) = missing else {
                continue;
            };
            let Some(target) = site.pages.get(index) else {
                continue;
            };
            let on = if std::ptr::eq(target, resolved.from) {
                "this page".to_owned()
            } else {
                format!("`{}`", target.output.url().unwrap_or(&target.file.rel))
            };
            let message = format!("no id `{fragment}` on {on}{}", shown_on(&resolved));
            let mut diagnostic = report_link(cx, link, message)
                .with_label("no such id")
                .with_help(help(&fragment, target, index, &mut headings, site));
            mark_unsure(&mut diagnostic, &resolved);
            if let Some((file, span, label)) = related(page, i) {
                diagnostic = diagnostic.with_related(file.clone(), span.clone(), label.clone());
            }
        }
    }
}

/// Some when `fragment` names no id of `site.pages[index]` (and could be checked).
fn missing_id(
    link: &crate::parse::content::Link,
    index: usize,
    fragment: &str,
    site: &Site,
) -> Option<()> {
    // `#` and `#top` scroll to the top (HTML spec); other files have no ids to check.
    if fragment.is_empty() || fragment.eq_ignore_ascii_case("top") {
        return None;
    }
    let target = site.pages.get(index)?;
    // An id written with a template expression, in the page or what it renders through,
    // may be the one the link wants.
    let files = site
        .renders
        .files_of_page
        .get(index)
        .map_or(&[][..], Vec::as_slice);
    if target.content.dynamic_ids
        || files
            .iter()
            .filter_map(|f| site.layouts.get(f.layout))
            .any(|layout| layout.content.dynamic_ids)
    {
        return None;
    }
    let html = match &target.output {
        crate::site::Output::Url { path, .. } => path.ends_with(".html"),
        _ => false,
    };
    if !html {
        return None;
    }
    let raw = link.target.rsplit_once('#').map_or("", |(_, f)| f);
    let ids = crate::site::ids::of(index, site);
    if ids.has(fragment, raw) {
        return None;
    }
    let markdown = !matches!(link.kind, crate::parse::content::LinkKind::Html(_));
    let sent = sent_fragment(raw, markdown);
    (sent == raw || !ids.has(&sent, &sent)).then_some(())
}

/// The fragment as the browser receives it: markdown-it percent-encodes a Markdown link's
/// target (mdurl keeps `;/?:@&=+$,-_.!~*'()#` and `%XX`), the browser an HTML link's
/// fragment (the URL standard's fragment set). An id written encoded, as markdown-it-anchor
/// 8's default slugify writes them (`titre-soulign%C3%A9`), is found by that spelling.
fn sent_fragment(raw: &str, markdown: bool) -> String {
    let bytes = raw.as_bytes();
    let mut sent = String::with_capacity(raw.len());
    for (at, &byte) in bytes.iter().enumerate() {
        let kept = if markdown {
            byte.is_ascii_alphanumeric()
                || b";/?:@&=+$,-_.!~*'()#".contains(&byte)
                || (byte == b'%'
                    && bytes
                        .get(at + 1..at + 3)
                        .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)))
        } else {
            byte.is_ascii() && !byte.is_ascii_control() && !b" \"<>`".contains(&byte)
        };
        if kept {
            sent.push(char::from(byte));
        } else {
            let _ = write!(sent, "%{byte:02X}");
        }
    }
    sent
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    /// A site whose Markdown headings get ids as `anchors` says, with `page` linking to
    /// `cible.md` (headings `Équipe` and `Gouvernance`) and to itself.
    fn site<'a>(anchors: &'a str, page: &'a str) -> [(&'a str, &'a str); 6] {
        [
            ("vigie.toml", anchors),
            (
                "_includes/base.njk",
                "<main id=\"contenu\">{{ content | safe }}</main>",
            ),
            ("page.md", page),
            ("cible.md", "## Équipe\n\n## Gouvernance\n"),
            ("feed.njk", "---\npermalink: /feed.xml\n---\n"),
            ("modele.njk", "<h2 id=\"{{ slug }}\">Titre</h2>"),
        ]
    }

    /// What markdown-it sends for a Markdown link and the browser for an HTML one, as the
    /// builds of `tests/fixtures/heading-ids-v2` show (`é`, `’`; `?` kept, a lone `%` not).
    #[test]
    fn fragments_as_sent() {
        use super::sent_fragment;
        assert_eq!(sent_fragment("titre-souligné", true), "titre-soulign%C3%A9");
        assert_eq!(sent_fragment("l’été", false), "l%E2%80%99%C3%A9t%C3%A9");
        assert_eq!(sent_fragment("quoi-?!...", true), "quoi-?!...");
        assert_eq!(sent_fragment("caf%C3%A9", true), "caf%C3%A9");
        assert_eq!(sent_fragment("100%", true), "100%25");
        assert_eq!(sent_fragment("100%", false), "100%");
        assert_eq!(sent_fragment("a|b c", true), "a%7Cb%20c");
        assert_eq!(sent_fragment("a|b c", false), "a|b%20c");
    }

    const NONE: &str = "[markdown]\nanchors = \"none\"\n";
    const SLUGIFY: &str = "[markdown]\nanchors = \"eleventy-slugify\"\n";

    #[test]
    fn cases() {
        let ids = "---\nlayout: base.njk\n---\n[c](#contenu) [d](#top) [e](#ici) [f](/feed.xml#x)\n<p id=\"ici\"></p>\n";
        RuleTest::new(super::MissingFragment)
            .pass_site(&site(NONE, ids))
            .pass_site(&site(
                SLUGIFY,
                "[a](/cible/#equipe) [b](/cible/#gouvernance)\n",
            ))
            // An id written with a template expression may be any.
            .pass_site(&site(NONE, "[vers](/modele/#nimporte)\n"))
            .fail_site(&site(NONE, "[a](/cible/#equipe)\n"))
            .fail_site(&site(SLUGIFY, "[g](/cible/#gouvernence)\n"))
            .fail_site(&site(SLUGIFY, "[absent](#absent)\n"))
            .run();
    }

    /// An id written with an expression in an include may be the one.
    #[test]
    fn ids_an_include_writes_with_expressions_may_be_any() {
        use crate::testing::{build_site, inputs, run_rule};
        let site = |include: &'static str| {
            build_site(&inputs(&[
                (
                    "_includes/base.njk",
                    "{% include \"part.njk\" %}{{ content | safe }}",
                ),
                ("_includes/part.njk", include),
                ("cible.md", "---\nlayout: base.njk\n---\n# Cible\n"),
                ("page.md", "[vers](/cible/#section-3)\n"),
            ]))
        };
        assert!(
            run_rule(
                &super::MissingFragment,
                &site("<h2 id=\"{{ slug }}\">T</h2>")
            )
            .is_empty()
        );
        assert_eq!(
            run_rule(&super::MissingFragment, &site("<h2 id=\"fixe\">T</h2>")).len(),
            1
        );
    }
}
