use crate::parse::yaml::YamlNode;
use crate::rules::{Check, PageContext, Report, closest, declare_rule};
use crate::site::layout::{self, Resolution};
use crate::site::{LayerSource, Site};

declare_rule! {
    /// ## What it does
    /// Reports a `layout` that resolves neither through an `addLayoutAlias` of the
    /// Eleventy config nor to a file of the layouts (or includes) directory, with or
    /// without its extension.
    ///
    /// ## Why is this bad?
    /// Eleventy stops the build: "You’re trying to use a layout that does not exist".
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// layout: layouts/pgae.njk
    /// ---
    /// ```
    /// Use instead:
    /// ```markdown
    /// ---
    /// layout: layouts/page.njk
    /// ---
    /// ```
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/layouts/
    pub struct MissingLayout {
        code: "front-matter/missing-layout",
        severity: Error,
        scope: Page,
        url: "https://www.11ty.dev/docs/layouts/",
    }
}

/// Names the site could have meant: aliases and layout files relative to the layouts dir.
fn known_layouts(site: &Site) -> Vec<String> {
    let dir = layout::layouts_dir(&site.settings.eleventy);
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let files = site
        .layouts
        .iter()
        .filter_map(|l| l.file.rel.strip_prefix(&prefix).map(str::to_owned));
    site.settings
        .eleventy
        .layout_aliases
        .keys()
        .cloned()
        .chain(files)
        .collect()
}

fn report_missing<'c>(
    cx: &'c mut PageContext<'_>,
    file: &str,
    value: &YamlNode,
    key: &str,
    resolution: &Resolution,
) -> Report<'c> {
    let tried = &resolution.path;
    let mut help = match &resolution.alias {
        Some(alias) => format!("`{key}` is an alias of `{alias}`; tried `{tried}`"),
        None => format!("tried `{tried}` (no layout alias `{key}`)"),
    };
    help.push_str(" with and without the extensions .njk, .liquid, .md, .html …");
    // Suggest what the author could have meant: for an alias, a file near its target.
    let wanted = resolution.alias.as_deref().unwrap_or(key);
    let known: Vec<String> = known_layouts(cx.site)
        .into_iter()
        .filter(|k| k != key && !file.ends_with(k.as_str()))
        .collect();
    if let Some(suggestion) = closest(wanted, known.iter().map(String::as_str)) {
        help = format!("did you mean `{suggestion}`? {help}");
    } else if !known.is_empty() {
        help.push_str(&format!("; layouts available: {}", known.join(", ")));
    }
    cx.report_in(
        file,
        value.span.clone(),
        format!("layout `{key}` does not exist"),
    )
    .with_label("no such layout")
    .with_help(help)
}

impl Check for MissingLayout {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        let page = cx.page;
        let site = cx.site;
        let Some((value, origin)) = page.data.get("layout") else {
            return;
        };
        // `layout: false`, `null`, `""` or a template expression: nothing to resolve.
        let Some(key) = layout::key_of(value) else {
            return;
        };
        let resolution = site.resolve_layout(key);
        let Some(found) = resolution.found else {
            let file = site.origin_file(page, origin);
            let unknown = site.unknown_folder_of(&resolution.path);
            let mut diagnostic = report_missing(cx, file, value, key, &resolution);
            if let Some(folder) = unknown {
                diagnostic.severity = crate::diagnostic::Severity::Warning;
                diagnostic.help = Some(crate::rules::unknown_folder_help(folder));
            }
            if let LayerSource::DataFile(_) = origin {
                diagnostic.message =
                    format!("layout `{key}` (set for every page of this folder) does not exist");
            }
            return;
        };
        // Layouts chain through their own `layout`: the page needs the whole chain.
        let mut seen = vec![found];
        let mut current = found;
        loop {
            let Some(layout_file) = site.layouts.get(current) else {
                return;
            };
            let Some(value) = layout_file.split.data().and_then(|d| d.get("layout")) else {
                return;
            };
            let Some(key) = layout::key_of(value) else {
                return;
            };
            let resolution = site.resolve_layout(key);
            let Some(next) = resolution.found else {
                report_missing(cx, &layout_file.file.rel, value, key, &resolution);
                return;
            };
            if seen.contains(&next) {
                return;
            }
            seen.push(next);
            current = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    const CONFIG: &str =
        r#"module.exports = function(c) { c.addLayoutAlias("post", "layouts/post.njk"); };"#;

    #[test]
    fn cases() {
        RuleTest::new(super::MissingLayout)
            .pass("---\nlayout: layouts/page.njk\n---\n")
            .pass("---\nlayout: layouts/page\n---\n")
            .pass("---\nlayout: false\n---\n")
            .pass_site(&[
                (".eleventy.js", CONFIG),
                ("_includes/layouts/post.njk", ""),
                ("a.md", "---\nlayout: post\n---\n"),
            ])
            .fail("---\nlayout: layouts/pgae.njk\n---\n")
            .fail_site(&[
                (".eleventy.js", CONFIG),
                ("_includes/layouts/page.njk", ""),
                ("a.md", "---\nlayout: post\n---\n"),
            ])
            .fail_site(&[
                (
                    "_includes/layouts/page.njk",
                    "---\nlayout: layouts/base.njk\n---\n{{ content }}",
                ),
                ("a.md", "---\nlayout: layouts/page.njk\n---\n"),
            ])
            .fail_site(&[
                ("_includes/base.njk", ""),
                ("posts/posts.json", "{ \"layout\": \"article\" }"),
                ("posts/a.md", "# A"),
                ("posts/b.md", "# B"),
            ])
            .run();
    }
}
