//! What pages show of files that are not their content, as page-shaped views the rules
//! read: each layout or include some page renders through (its links and markup, parsed
//! once), and the data values templates write into links (`data`). A link inside
//! `{% if %}` shows on the pages whose data makes it render; on pages where vigie cannot
//! tell, it only may. Pure: reads the site model.
//!
//! May import `site::model`, `site::render`, `site::condition`, `parse`, `config` and
//! `source` (the files views stand for).

mod data;

use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

pub(super) use data::{collection_of, sets_on_path};

use super::condition::{self, Engine, Scope, Truth};
use super::model::{Cascade, DataFile, Layout, Output, Page, Role, Showing};
use super::render::Renders;
use crate::config::Eleventy;
use crate::parse::content::Content;
use crate::parse::front_matter::Split;
use crate::parse::template_tags;

/// Every view of the site: layouts and includes first (by path), then data values (by file).
pub fn views(
    pages: &[Page],
    layouts: &[Layout],
    data_files: &[DataFile],
    renders: &Renders,
    eleventy: &Eleventy,
) -> Vec<Page> {
    let (mut views, from_data) = rayon::join(
        || -> Vec<Page> {
            (layouts.par_iter().enumerate())
                .zip(&renders.pages_of_file)
                .zip(&renders.layout_tags)
                .filter(|((_, on), _)| !on.is_empty())
                .map(|(((i, layout), on), tags)| {
                    layout_view(i, (layout, tags), on, pages, &eleventy.input)
                })
                .collect()
        },
        || data::views(pages, layouts, data_files, renders, eleventy),
    );
    views.extend(from_data);
    views
}

/// A layout as rules read it: its links, each with the pages it renders on; a link no
/// page renders is left out.
fn layout_view(
    index: usize,
    (layout, tags): (&Layout, &template_tags::Tags),
    pages: &[usize],
    all: &[Page],
    input_dir: &str,
) -> Page {
    let scope = Scope {
        binding: None,
        locals: &tags.bound,
        engine: Engine::of(&layout.file.rel),
    };
    let every: Arc<[usize]> = pages.into();
    let mut content = layout.content.clone();
    let mut showing = Vec::new();
    let mut links = Vec::new();
    for link in std::mem::take(&mut content.links) {
        let at = link.span.start;
        let in_macro = tags.in_macro(at);
        let branched = tags.branches.iter().any(|b| b.span.contains(&at));
        if !branched && !in_macro {
            showing.push(Showing {
                pages: every.clone(),
                maybe: Arc::from([]),
                condition: None,
                related: None,
                targets: OnceLock::new(),
            });
            links.push(link);
            continue;
        }
        // A macro's body renders where the macro is called: it only may.
        let (mut shown, mut maybe) = (Vec::new(), Vec::new());
        // A site has a few layouts and thousands of pages: the pages are what is split.
        let truths: Vec<(usize, Truth)> = pages
            .par_iter()
            .filter_map(|&p| {
                let page = all.get(p)?;
                Some((p, condition::renders_at(&tags.branches, at, page, scope)))
            })
            .collect();
        for (p, truth) in truths {
            match truth {
                Truth::No => {}
                Truth::Yes if !in_macro => shown.push(p),
                Truth::Yes | Truth::Unknown => {
                    shown.push(p);
                    maybe.push(p);
                }
            }
        }
        if shown.is_empty() {
            continue;
        }
        let condition = tags.conditions_at(at);
        showing.push(Showing {
            pages: shown.into(),
            maybe: maybe.into(),
            condition: Some(condition),
            related: None,
            targets: OnceLock::new(),
        });
        links.push(link);
    }
    content.links = links;
    local_view(
        layout.file.clone(),
        layout.split.clone(),
        content,
        input_dir,
        Role::Shown {
            layout: Some(index),
            showing,
        },
    )
}

/// A page-shaped view of `file`: no data, no URL of its own.
fn local_view(
    file: crate::source::SourceFile,
    split: Split,
    content: Content,
    input_dir: &str,
    role: Role,
) -> Page {
    let input_path = file
        .rel
        .strip_prefix(input_dir)
        .map_or(file.rel.as_str(), |rest| rest.trim_start_matches('/'))
        .to_owned();
    Page {
        input_path,
        file,
        split,
        data: Cascade::default(),
        output: Output::Disabled,
        scripts: Vec::new(),
        content,
        unread: None,
        pagination: Vec::new(),
        front_matter_ran: false,
        url_patterns: Vec::new(),
        role,
        link_targets: OnceLock::new(),
        external_urls: OnceLock::new(),
        ids: OnceLock::new(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::string_slice, reason = "test code: a panic is a failing test")]

    /// `(file, line, severity, message)` of what `rule` finds on `files`.
    fn found(
        rule: &dyn crate::rules::Rule,
        files: &[(&str, &str)],
    ) -> Vec<(String, usize, String, String)> {
        let site = crate::testing::build_site(&crate::testing::inputs(files));
        crate::testing::run_rule(rule, &site)
            .into_iter()
            .map(|d| {
                let text = &site
                    .pages
                    .iter()
                    .map(|p| &p.file)
                    .chain(site.layouts.iter().map(|l| &l.file))
                    .chain(site.data_files.iter().map(|d| &d.file))
                    .find(|f| f.rel == d.file)
                    .unwrap()
                    .text;
                let line = text[..d.span.start].matches('\n').count() + 1;
                (d.file, line, format!("{:?}", d.severity), d.message)
            })
            .collect()
    }

    const BASE: (&str, &str) = (
        "_includes/base.njk",
        "<html>\n<a href=\"/contact/\">Contact</a>\n<a href=\"plan/\">Plan</a>\n{% if type == 'news' %}<a href=\"/actualites/\">Actualités</a>{% endif %}\n{% if weird(x) %}<a href=\"/ailleurs/\">?</a>{% endif %}\n{{ content | safe }}\n<img src=\"{{ image or linkImage }}\" alt=\"\">\n</html>\n",
    );

    #[test]
    fn a_layout_link_is_checked_once_in_the_layout() {
        let files = [
            BASE,
            ("index.md", "---\nlayout: base.njk\n---\n"),
            ("a-propos.md", "---\nlayout: base.njk\n---\n"),
            ("plan.md", "---\nlayout: base.njk\n---\n"),
        ];
        let found = found(&crate::rules::links::missing_page::MissingPage, &files);
        let expected = [
            (
                "_includes/base.njk",
                2,
                "Error",
                "no page at `/contact/` (on the 3 pages that show it)",
            ),
            // `plan/` is `/plan/` from the home page, `/a-propos/plan/` and `/plan/plan/` elsewhere.
            (
                "_includes/base.njk",
                3,
                "Error",
                "no page at `plan/` (`/a-propos/plan/`) (on 2 of the 3 pages that show it, such as `/a-propos/`)",
            ),
            // No page is `type: news`: `/actualites/` never renders. `weird(x)` may hold.
            (
                "_includes/base.njk",
                5,
                "Warning",
                "no page at `/ailleurs/` (on the 3 pages that show it)",
            ),
        ];
        let expected: Vec<(String, usize, String, String)> = expected
            .iter()
            .map(|(f, l, s, m)| ((*f).to_owned(), *l, (*s).to_owned(), (*m).to_owned()))
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn data_that_templates_write_into_links_is_checked_where_it_is_written() {
        let files = [
            BASE,
            (
                "posts/a.md",
                "---\nlayout: base.njk\ntags: posts\nimage: /img/absente.png\n---\n",
            ),
            (
                "posts/b.md",
                "---\nlayout: base.njk\ntags: posts\nlinkImage: \"/img/b.png\"\n---\n",
            ),
            (
                "posts/c.md",
                "---\ntags: posts\nimage: /img/liste.png\n---\n",
            ),
            ("img/b.png", ""),
            (
                ".eleventy.js",
                "module.exports = c => { c.addPassthroughCopy('img'); };",
            ),
            (
                "blog.njk",
                "{% set list = collections.posts %}{% include \"list.njk\" %}",
            ),
            (
                "_includes/list.njk",
                "{% for post in list | reverse %}<img src=\"{{ post.data.image }}\" alt=\"\">{% endfor %}",
            ),
        ];
        let found = found(&crate::rules::links::missing_asset::MissingAsset, &files);
        let files_lines: Vec<(&str, usize)> =
            found.iter().map(|(f, l, _, _)| (f.as_str(), *l)).collect();
        // a's image shows on its own page and on the blog; c's only on the blog; b's exists.
        assert_eq!(
            files_lines,
            [("posts/a.md", 4), ("posts/c.md", 3)],
            "{found:?}"
        );
        assert_eq!(
            found[0].3,
            "no file at `/img/absente.png` (on the 2 pages that show it)"
        );
    }

    #[test]
    fn every_rule_on_a_view_sees_only_what_may_render() {
        let files = [
            (
                "_includes/base.njk",
                "{% if type == 'news' %}<a href=\"mailto:\">jamais</a>{% endif %}\n{% if weird(x) %}<a href=\"mailto:\">peut-être</a>{% endif %}\n{% macro vieux() %}<a href=\"/nulle-part/\">x</a>{% endmacro %}\n{{ content | safe }}",
            ),
            ("index.md", "---\nlayout: base.njk\n---\n"),
        ];
        let mailto = found(&crate::rules::links::invalid_mailto::InvalidMailto, &files);
        let lines: Vec<(usize, &str)> =
            mailto.iter().map(|(_, l, s, _)| (*l, s.as_str())).collect();
        assert_eq!(lines, [(2, "Warning")], "{mailto:?}");
        // A macro's body renders where the macro is called, if it is.
        let missing = found(&crate::rules::links::missing_page::MissingPage, &files);
        let lines: Vec<(usize, &str)> = missing
            .iter()
            .map(|(_, l, s, _)| (*l, s.as_str()))
            .collect();
        assert_eq!(lines, [(3, "Warning")], "{missing:?}");
    }

    /// What vigie cannot know is not judged: a collection the config computes, a name an
    /// including file binds, data a JavaScript file computes.
    #[test]
    fn data_written_from_what_vigie_cannot_know_is_not_judged() {
        let files = [
            (
                ".eleventy.js",
                "module.exports = c => { c.addCollection('posts', api => api.getFilteredByTag('posts').filter(p => !p.data.draft)); };",
            ),
            (
                "posts/brouillon.md",
                "---\ntags: [posts, notes]\ndraft: true\n---\n",
            ),
            (
                "_data/site.js",
                "module.exports = async () => require('@11ty/eleventy-fetch')('https://x.example/site.json');",
            ),
            (
                "blog.njk",
                "{% for post in collections.posts %}<img src=\"{{ post.data.image }}\" alt=\"\">{% endfor %}{% for post in collections.notes %}{% include \"carte.njk\" %}{% endfor %}<img src=\"{{ site.logo }}\" alt=\"\">",
            ),
            (
                "_includes/carte.njk",
                "<img src=\"{{ post.data.image }}\" alt=\"\">",
            ),
        ];
        let empty = found(&crate::rules::links::empty::Empty, &files);
        assert!(empty.is_empty(), "{empty:?}");
    }
}
