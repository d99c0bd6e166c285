//! What each page renders through: its layout chain and every file that it and they
//! include (`{% include %}`, `{% import %}`, `{% extends %}`, Liquid's `{% render %}`),
//! and for each layout or include, the pages whose output shows it. Includes named by a
//! variable are not followed. Pure: reads the site model.
//!
//! May import `site::model`, `site::layout`, `parse` and `config`.

use rayon::prelude::*;

use super::layout;
use super::model::{Layout, Output, Page};
use crate::config::Eleventy;
use crate::config::eleventy::join_dirs;
use crate::parse::template_tags::{Tags, scan};

/// One file a template pulls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Included {
    /// Index in `site.layouts`.
    pub layout: usize,
    /// Pulled in by Liquid's `{% render %}`, which sees only the variables passed to it,
    /// never the page's data.
    pub isolated: bool,
}

/// The files `text` (of the file at `rel`, relative to the root) pulls in that exist.
pub fn includes_of(
    rel: &str,
    tags: &Tags,
    eleventy: &Eleventy,
    layouts: &[Layout],
) -> Vec<Included> {
    let includes_dir = join_dirs(&eleventy.input, &eleventy.includes);
    let folder = rel.rsplit_once('/').map_or("", |(folder, _)| folder);
    let mut found = Vec::new();
    for include in &tags.includes {
        let Some(name) = include.name.as_deref() else {
            continue;
        };
        // Nunjucks resolves `./x` from the file, other names from the includes then the
        // input directory; Liquid adds `.liquid` to a name without an extension.
        let mut candidates = Vec::new();
        if name.starts_with("./") || name.starts_with("../") {
            candidates.push(join_dirs(folder, name));
        } else {
            candidates.push(join_dirs(&includes_dir, name));
            candidates.push(join_dirs(&eleventy.input, name));
        }
        let has_extension = name.rsplit('/').next().is_some_and(|n| n.contains('.'));
        if !has_extension {
            let liquid: Vec<String> = candidates.iter().map(|c| format!("{c}.liquid")).collect();
            candidates.extend(liquid);
        }
        if let Some(index) = candidates.iter().find_map(|c| layout::index_of(layouts, c)) {
            let included = Included {
                layout: index,
                isolated: include.tag == "render",
            };
            if !found.contains(&included) {
                found.push(included);
            }
        }
    }
    found
}

/// Which files each page renders through, and which pages each file shows on; and every
/// template's tags, read once for all who need them.
#[derive(Debug, Clone, Default)]
pub struct Renders {
    /// `parse::template_tags::scan` of each page's text, of each layout's text.
    pub page_tags: Vec<Tags>,
    pub layout_tags: Vec<Tags>,
    /// For `site.pages[i]`: the layouts and includes it renders through (indexes into
    /// `site.layouts`), its layout chain first, each once.
    pub files_of_page: Vec<Vec<Included>>,
    /// For `site.layouts[i]`: the pages (indexes into `site.pages`) whose output shows it,
    /// in page order. Pages that are never written (`permalink: false`) show nothing.
    pub pages_of_file: Vec<Vec<usize>>,
}

impl Renders {
    pub fn build(pages: &[Page], layouts: &[Layout], eleventy: &Eleventy) -> Self {
        let (layout_tags, page_tags): (Vec<Tags>, Vec<Tags>) = rayon::join(
            || layouts.par_iter().map(|l| scan(&l.file.text)).collect(),
            || pages.par_iter().map(|p| scan(&p.file.text)).collect(),
        );
        let includes: Vec<Vec<Included>> = layouts
            .iter()
            .zip(&layout_tags)
            .map(|(l, tags)| includes_of(&l.file.rel, tags, eleventy, layouts))
            .collect();
        let mut renders = Renders {
            files_of_page: Vec::with_capacity(pages.len()),
            pages_of_file: vec![Vec::new(); layouts.len()],
            page_tags: Vec::new(),
            layout_tags,
        };
        let files_of_pages: Vec<Vec<Included>> = (pages.par_iter().zip(&page_tags))
            .map(|(page, tags)| {
                let own = includes_of(&page.file.rel, tags, eleventy, layouts);
                files_of(page, own, eleventy, layouts, &includes)
            })
            .collect();
        for ((index, page), files) in pages.iter().enumerate().zip(files_of_pages) {
            if shows_anything(page) {
                for file in &files {
                    if let Some(on) = renders.pages_of_file.get_mut(file.layout) {
                        on.push(index);
                    }
                }
            }
            renders.files_of_page.push(files);
        }
        renders.page_tags = page_tags;
        renders
    }
}

impl Renders {
    /// The other layouts and includes rendered together with `layout` on some page.
    pub fn rendered_with(&self, layout: usize) -> Vec<usize> {
        let pages = self
            .pages_of_file
            .get(layout)
            .map_or(&[][..], Vec::as_slice);
        let mut with: Vec<usize> = pages
            .iter()
            .filter_map(|&p| self.files_of_page.get(p))
            .flat_map(|files| files.iter().map(|f| f.layout))
            .filter(|&other| other != layout)
            .collect();
        with.sort_unstable();
        with.dedup();
        with
    }
}

/// Whether the page is written somewhere (or may be: its URL is unknown).
pub fn shows_anything(page: &Page) -> bool {
    page.unread.is_none()
        && page
            .outputs()
            .iter()
            .any(|o| matches!(o, Output::Url { .. } | Output::Unknown { .. }))
}

/// The layout chain of `page`, then everything it and they include, transitively.
fn files_of(
    page: &Page,
    own: Vec<Included>,
    eleventy: &Eleventy,
    layouts: &[Layout],
    includes: &[Vec<Included>],
) -> Vec<Included> {
    let chain = page
        .data
        .get("layout")
        .and_then(|(value, _)| layout::key_of(value))
        .map(|key| layout::chain(key, eleventy, layouts))
        .unwrap_or_default();
    let mut files: Vec<Included> = chain
        .into_iter()
        .map(|layout| Included {
            layout,
            isolated: false,
        })
        .collect();
    let mut next = 0;
    let mut pending: Vec<Included> = own;
    loop {
        for found in pending.drain(..) {
            match files.iter_mut().find(|f| f.layout == found.layout) {
                // Reached without isolation once is enough to see the page's data.
                Some(known) => known.isolated &= found.isolated,
                None => files.push(found),
            }
        }
        let Some(&file) = files.get(next) else {
            break;
        };
        next += 1;
        let included = includes.get(file.layout).into_iter().flatten();
        pending.extend(included.map(|i| Included {
            layout: i.layout,
            isolated: i.isolated || file.isolated,
        }));
    }
    files
}

#[cfg(test)]
mod tests {
    use crate::testing::{build_site, inputs};

    #[test]
    fn pages_render_through_their_layouts_and_what_they_include() {
        let site = build_site(&inputs(&[
            ("index.md", "---\nlayout: base.njk\n---\n# Accueil\n"),
            (
                "blog.njk",
                "{% set list = collections.posts %}{% include \"list.njk\" %}\n",
            ),
            (
                "brouillon.md",
                "---\nlayout: base.njk\npermalink: false\n---\n",
            ),
            (
                "_includes/base.njk",
                "<header>{% include \"header.njk\" %}</header>{{ content | safe }}{% include variable %}",
            ),
            (
                "_includes/header.njk",
                "{% render 'logo' %}<a href=\"/\">Accueil</a>",
            ),
            ("_includes/logo.liquid", "<img src=\"/logo.svg\" alt=\"\">"),
            ("_includes/list.njk", "{% include './item.njk' %}"),
            ("_includes/item.njk", "<li></li>"),
            ("_includes/unused.njk", "<a href=\"/nulle-part/\">x</a>"),
        ]));
        let renders = super::Renders::build(&site.pages, &site.layouts, &site.settings.eleventy);
        let names = |files: &[super::Included]| -> Vec<(String, bool)> {
            files
                .iter()
                .map(|f| (site.layouts[f.layout].file.rel.clone(), f.isolated))
                .collect()
        };
        let page = |rel: &str| site.pages.iter().position(|p| p.file.rel == rel).unwrap();
        assert_eq!(
            names(&renders.files_of_page[page("index.md")]),
            [
                ("_includes/base.njk".to_owned(), false),
                ("_includes/header.njk".to_owned(), false),
                ("_includes/logo.liquid".to_owned(), true),
            ]
        );
        assert_eq!(
            names(&renders.files_of_page[page("blog.njk")]),
            [
                ("_includes/list.njk".to_owned(), false),
                ("_includes/item.njk".to_owned(), false),
            ]
        );
        let shown_on = |rel: &str| -> Vec<&str> {
            let i = site.layouts.iter().position(|l| l.file.rel == rel).unwrap();
            renders.pages_of_file[i]
                .iter()
                .map(|&p| site.pages[p].file.rel.as_str())
                .collect()
        };
        // A page never written shows nothing; an include nobody pulls in shows nowhere.
        assert_eq!(shown_on("_includes/base.njk"), ["index.md"]);
        assert!(shown_on("_includes/unused.njk").is_empty());
    }
}
