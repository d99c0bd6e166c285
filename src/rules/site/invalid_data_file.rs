use crate::rules::{Check, SiteContext, declare_rule};
use crate::site::DataContent;
use crate::source::file::floor_char_boundary;

declare_rule! {
    /// ## What it does
    /// Reports a JSON or YAML data file (`_data/site.json`, `posts/posts.json`,
    /// `page.11tydata.json`) that does not parse, at the character where it fails, and
    /// one past vigie's bounds on YAML (`yaml-nodes`, `yaml-depth` under `[limits]`),
    /// whose data vigie then does not know.
    ///
    /// ## Why is this bad?
    /// Eleventy stops the build when it cannot read a data file, and every page of the
    /// folder depends on it.
    ///
    /// ## Example
    /// ```json
    /// { "layout": "post", }
    /// ```
    /// Use instead:
    /// ```json
    /// { "layout": "post" }
    /// ```
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/data-template-dir/
    pub struct InvalidDataFile {
        code: "site/invalid-data-file",
        severity: Error,
        scope: Site,
        url: "https://www.11ty.dev/docs/data-template-dir/",
    }
}

impl Check for InvalidDataFile {
    fn check_site(&self, cx: &mut SiteContext<'_>) {
        for data in &cx.site.data_files {
            let text = &data.file.text;
            let json = data.file.rel.ends_with(".json");
            let (offset, message) = match &data.content {
                DataContent::Script { .. } => continue,
                // Valid or not, a file past the bounds is not read: its data is unknown.
                DataContent::Invalid(err) if err.past_limit => (
                    err.offset,
                    format!("data file is not read: {}", err.message),
                ),
                // YAML data files (`addDataExtension`) are judged by YAML.
                DataContent::Invalid(err) if !json => (
                    err.offset,
                    format!("data file is not valid YAML: {}", err.message),
                ),
                DataContent::Parsed(_) if !json => continue,
                // JSON is strict where YAML is lenient: ask serde_json for the verdict.
                content => match (content, serde_json::from_str::<serde_json::Value>(text)) {
                    (_, Ok(_)) => continue,
                    (DataContent::Invalid(err), _) => (
                        err.offset,
                        format!("data file is not valid JSON: {}", err.message),
                    ),
                    (_, Err(err)) => (
                        byte_offset(text, err.line(), err.column()),
                        format!("data file is not valid JSON: {err}"),
                    ),
                },
            };
            let start = floor_char_boundary(text, offset);
            let end = text
                .get(start..)
                .and_then(|rest| rest.chars().next())
                .map_or(start, |c| start + c.len_utf8());
            cx.report(&data.file.rel, start..end, message)
                .with_help("Eleventy stops the build on this file; fix it at the marked character");
        }
    }
}

/// Byte offset of a 1-based line and column (serde_json counts columns in bytes).
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::InvalidDataFile)
            .pass_site(&[
                ("posts/posts.json", "{ \"layout\": \"post\" }"),
                ("posts/a.md", "A"),
            ])
            .fail_site(&[
                ("posts/posts.json", "{ \"layout\": \"post\", }"),
                ("posts/a.md", "A"),
            ])
            .fail_site(&[
                (
                    "eleventy.config.js",
                    "module.exports = c => { c.addDataExtension('yaml', s => s); };",
                ),
                ("_data/site.yaml", "title: [a\n"),
                ("a.md", "A"),
            ])
            .run();
    }
}
