use crate::rules::{Check, SiteContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a file of the site's JavaScript — the Eleventy config, a `_data/*.js` or
    /// `*.11tydata.js` file, `---js` front matter — that vigie's engine could not run: it
    /// threw, it ran past its time limit (an endless loop), or it used more memory than it
    /// may. Says what vigie did instead.
    ///
    /// ## Why is this bad?
    /// What the file computes (URLs, navigation, layouts) is then unknown to vigie, so its
    /// findings about the pages that depend on it are only as good as the fallback. When the
    /// file also fails in Node.js, Eleventy stops the build on it.
    ///
    /// ## Example
    /// ```js
    /// // _data/site.js
    /// module.exports = () => { while (true) {} };
    /// ```
    /// Use instead:
    /// ```js
    /// module.exports = () => ({ title: "Communs" });
    /// ```
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/data-js/
    pub struct JavascriptFailed {
        code: "site/javascript-failed",
        severity: Warning,
        scope: Site,
        url: "https://www.11ty.dev/docs/data-js/",
    }
}

impl Check for JavascriptFailed {
    fn check_site(&self, cx: &mut SiteContext<'_>) {
        for failure in &cx.site.settings.js_failures {
            let Some(file) = cx.site.scripts.iter().find(|f| f.rel == failure.file) else {
                continue;
            };
            let span = place(&file.text, &failure.file, &failure.reason);
            cx.report(
                &failure.file,
                span,
                format!("vigie could not run this JavaScript: {}", failure.reason),
            )
            .with_label("here")
            .with_help(format!(
                "{}; if Eleventy runs it, say so in an issue: vigie's stand-ins may lack what it uses",
                failure.fallback
            ));
        }
    }
}

/// The line the engine named (`(at file:line:column)`), else the file's first line.
fn place(text: &str, file: &str, reason: &str) -> std::ops::Range<usize> {
    let line = reason
        .split(&format!("(at {file}:"))
        .nth(1)
        .and_then(|rest| rest.split([':', ')']).next())
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(1);
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let start = start.min(text.len());
    let end = text
        .get(start..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |n| start + n);
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::JavascriptFailed)
            .pass_site(&[
                ("_data/site.js", "module.exports = () => ({ title: 'x' });"),
                ("a.md", "A"),
            ])
            .fail_site(&[
                (
                    "_data/site.js",
                    "module.exports = () => {\n  while (true) {}\n};",
                ),
                ("a.md", "A"),
            ])
            .fail_site(&[
                (
                    "posts/posts.11tydata.js",
                    "const x = 1;\nmodule.exports = x.y.z;",
                ),
                ("posts/a.md", "A"),
            ])
            .run();
    }
}
