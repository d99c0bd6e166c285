use crate::config::eleventy::join_dirs;
use crate::diagnostic::Diagnostic;
use crate::parse::yaml::{Node, Value};
use crate::rules::{Rule, RuleMeta, closest, declare_rule};
use crate::site::{Origin, Page, Site};

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

/// Extensions Eleventy tries after an extension-less layout key.
const EXTENSIONS: [&str; 11] = [
    "njk", "liquid", "md", "html", "11ty.js", "11ty.cjs", "hbs", "mustache", "ejs", "haml", "pug",
];

/// How a layout key resolves: the paths tried (relative to the root) and the one found.
pub struct Resolution {
    pub alias: Option<String>,
    pub tried: Vec<String>,
    pub found: Option<String>,
}

/// Resolves a layout key the way Eleventy's `TemplateLayoutPathResolver` does.
pub fn resolve(key: &str, site: &Site) -> Resolution {
    let eleventy = &site.settings.eleventy;
    let alias = eleventy.layout_aliases.get(key).cloned();
    let target = alias.as_deref().unwrap_or(key);
    let dir = eleventy.layouts.as_deref().unwrap_or(&eleventy.includes);
    let base = join_dirs(&join_dirs(&eleventy.input, dir), target);
    let mut tried = vec![base.clone()];
    tried.extend(EXTENSIONS.iter().map(|ext| format!("{base}.{ext}")));
    let found = tried
        .iter()
        .find(|path| site.layouts.binary_search(path).is_ok())
        .cloned();
    Resolution {
        alias,
        tried,
        found,
    }
}

/// Names the site could have meant: aliases and layout files relative to the layouts dir.
fn known_layouts(site: &Site) -> Vec<String> {
    let eleventy = &site.settings.eleventy;
    let dir = join_dirs(
        &eleventy.input,
        eleventy.layouts.as_deref().unwrap_or(&eleventy.includes),
    );
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let files = site
        .layouts
        .iter()
        .filter_map(|l| l.strip_prefix(&prefix).map(str::to_owned));
    eleventy
        .layout_aliases
        .keys()
        .cloned()
        .chain(files)
        .collect()
}

fn missing_layout_diagnostic(
    file: &str,
    value: &Node,
    key: &str,
    resolution: &Resolution,
    site: &Site,
) -> Diagnostic {
    let shown = |p: &String| format!("`{p}`");
    let mut help = match &resolution.alias {
        Some(alias) => format!(
            "`{key}` is an alias of `{alias}`; tried {}",
            shown(&resolution.tried[0])
        ),
        None => format!(
            "tried {} (no layout alias `{key}`)",
            shown(&resolution.tried[0])
        ),
    };
    help.push_str(" with and without the extensions .njk, .liquid, .md, .html …");
    // Suggest what the author could have meant: for an alias, a file near its target.
    let wanted = resolution.alias.as_deref().unwrap_or(key);
    let known: Vec<String> = known_layouts(site)
        .into_iter()
        .filter(|k| k != key)
        .collect();
    if let Some(suggestion) = closest(wanted, known.iter().map(String::as_str)) {
        help = format!("did you mean `{suggestion}`? {help}");
    } else if !known.is_empty() {
        help.push_str(&format!("; layouts available: {}", known.join(", ")));
    }
    MissingLayout::META
        .diagnostic(
            file,
            value.span.clone(),
            format!("layout `{key}` does not exist"),
        )
        .with_label("no such layout")
        .with_help(help)
}

impl Rule for MissingLayout {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check_page(&self, page: &Page, site: &Site, out: &mut Vec<Diagnostic>) {
        let Some((value, origin)) = page.data.get("layout") else {
            return;
        };
        // `layout: false`, `null` or `""` mean no layout at all.
        let Value::String { text: key, .. } = &value.value else {
            return;
        };
        if key.is_empty() || key.contains("{{") || key.contains("{%") {
            return;
        }
        let resolution = resolve(key, site);
        if resolution.found.is_some() {
            return;
        }
        let file = site.origin_file(page, origin);
        let mut diagnostic = missing_layout_diagnostic(file, value, key, &resolution, site);
        if let Origin::DataFile(_) = origin {
            diagnostic.message =
                format!("layout `{key}` (set for every page of this folder) does not exist");
        }
        out.push(diagnostic);
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
                ("_includes/base.njk", ""),
                ("posts/posts.json", "{ \"layout\": \"article\" }"),
                ("posts/a.md", "# A"),
                ("posts/b.md", "# B"),
            ])
            .run("missing_layout");
    }
}
