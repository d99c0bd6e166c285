//! `--format html`: one self-contained page (no network, no external asset) for people who
//! edit the site without being developers: counts, filters by severity and rule, the
//! findings grouped by file, each with its excerpt, message and help, and a link to the line
//! on the forge when the repository's remote is known. Everything taken from the site
//! (names, messages, excerpts) is escaped: the page runs only its own script.

use std::collections::BTreeMap;

use super::{Located, Summary, escape_markup as escape};
use crate::source::Sources;
use crate::source::file::{LineIndex, ceil_char_boundary, floor_char_boundary};

/// Where a file's line is shown on the forge: `{base}/{path}#L{line}` in the forge's scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forge {
    /// The URL of the file at `path`, without the line: everything before the path.
    pub file_base: String,
    /// How the forge names a line: `#L12` on GitHub, GitLab and sourcehut.
    pub line_anchor: &'static str,
    /// Where the site lies in the repository (`site/`, or empty).
    pub prefix: String,
}

impl Forge {
    /// The forge of a remote URL (`git@github.com:o/r.git`, `https://git.sr.ht/~o/r`, …) at
    /// `commit`; `None` for a forge vigie does not know.
    pub fn of_remote(remote: &str, commit: &str, prefix: &str) -> Option<Forge> {
        let remote = remote.trim().trim_end_matches('/').trim_end_matches(".git");
        let web = if let Some(rest) = remote.strip_prefix("git@") {
            let (host, path) = rest.split_once(':')?;
            format!("https://{host}/{path}")
        } else if let Some(rest) = remote.strip_prefix("ssh://git@") {
            format!("https://{rest}")
        } else if remote.starts_with("https://") {
            remote.to_owned()
        } else {
            return None;
        };
        let host = web
            .trim_start_matches("https://")
            .split('/')
            .next()?
            .to_owned();
        let safe = |c: char| c.is_ascii_alphanumeric() || "-._~/:".contains(c);
        if !web.chars().all(safe) || !commit.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let file_base = match host.as_str() {
            "github.com" => format!("{web}/blob/{commit}/"),
            "git.sr.ht" => format!("{web}/tree/{commit}/item/"),
            h if h == "gitlab.com" || h.starts_with("gitlab.") => format!("{web}/-/blob/{commit}/"),
            _ => return None,
        };
        Some(Forge {
            file_base,
            line_anchor: "#L",
            prefix: prefix.to_owned(),
        })
    }

    fn link(&self, file: &str, line: usize) -> String {
        let path: String = format!("{}{file}", self.prefix)
            .split('/')
            .map(|part| {
                percent_encoding::utf8_percent_encode(part, percent_encoding::NON_ALPHANUMERIC)
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join("/");
        format!("{}{path}{}{line}", self.file_base, self.line_anchor)
    }
}

/// Bytes of a long line shown on each side of a span: a page written on one line gives a
/// readable excerpt, not the whole line again for each of its findings. A page scrolls, so
/// a paragraph written on one line is still shown whole.
const AROUND: usize = 300;
const LONG_LINE: usize = 2_000;

/// The lines around a finding, numbered, its bytes marked; of a long line, the span and a
/// little around it, cuts shown by `…`.
fn excerpt(text: &str, index: &LineIndex, l: &Located<'_>) -> String {
    let span = &l.diagnostic.span;
    let first = l.line.saturating_sub(2).max(1);
    let mut out = String::new();
    for line_no in first..=l.end_line + 1 {
        let Some(start) = index.start_of_line(line_no) else {
            break;
        };
        let end = index
            .start_of_line(line_no + 1)
            .map_or(text.len(), |next| next.saturating_sub(1));
        let holds_span = span.start < end.max(start + 1) && span.end > start
            || (span.start == span.end && span.start >= start && span.start <= end);
        let shown = if end - start <= LONG_LINE {
            start..end
        } else {
            let (a, b) = if holds_span {
                (span.start.max(start), span.end.min(end))
            } else {
                (start, start)
            };
            floor_char_boundary(text, a.saturating_sub(AROUND).max(start))
                ..ceil_char_boundary(text, (b + AROUND).min(end))
        };
        let line = text.get(shown.clone()).unwrap_or_default();
        let body = if holds_span {
            let a = span.start.clamp(shown.start, shown.end) - shown.start;
            let b = span.end.clamp(shown.start, shown.end) - shown.start;
            let (a, b) = (floor_char_boundary(line, a), floor_char_boundary(line, b));
            let (marked, after) = line.split_at_checked(b).unwrap_or((line, ""));
            let (before, marked) = marked.split_at_checked(a).unwrap_or((marked, ""));
            format!(
                "{}<mark>{}</mark>{}",
                escape(before),
                escape(marked),
                escape(after)
            )
        } else {
            escape(line)
        };
        let cut = |cut: bool| if cut { "…" } else { "" };
        out.push_str(&format!(
            "<span class=\"n\">{line_no:>4}</span> {}{}{}\n",
            cut(shown.start > start),
            body.trim_end_matches('\r'),
            cut(shown.end < end)
        ));
    }
    out
}

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#161616}\
h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}\
article{border-left:4px solid #999;padding:.25rem .75rem;margin:1rem 0}\
article[data-severity=error]{border-color:#ce0500}article[data-severity=warning]{border-color:#b34000}\
article[data-severity=info]{border-color:#0063cb}.code{font-family:monospace;font-size:.9rem;color:#555}\
pre{background:#f6f6f6;padding:.5rem;overflow-x:auto;font-size:.85rem}mark{background:#ffe28a}\
.sev{font-size:.8rem;font-weight:bold;text-transform:uppercase;padding:0 .3rem;border:1px solid}.n{color:#666}.help{color:#333}fieldset{border:1px solid #ddd}[hidden]{display:none}";

const SCRIPT: &str = "function f(){const s=[...document.querySelectorAll('input[name=sev]:checked')].map(i=>i.value);\
const r=document.getElementById('rule').value;for(const a of document.querySelectorAll('article')){\
a.hidden=!(s.includes(a.dataset.severity)&&(r===''||a.dataset.code===r));}\
for(const s2 of document.querySelectorAll('section')){s2.hidden=!s2.querySelector('article:not([hidden])');}}\
document.addEventListener('change',f);";

/// The whole page.
pub fn render(
    located: &[Located<'_>],
    sources: &Sources,
    summary: &Summary,
    forge: Option<&Forge>,
) -> String {
    let mut by_file: BTreeMap<&str, Vec<&Located<'_>>> = BTreeMap::new();
    let mut rules: BTreeMap<&str, usize> = BTreeMap::new();
    for l in located {
        by_file.entry(&l.diagnostic.file).or_default().push(l);
        *rules.entry(&l.diagnostic.code).or_default() += 1;
    }
    let mut out = String::from(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
    );
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n");
    out.push_str(&format!(
        "<title>vigie: {} errors, {} warnings</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        summary.errors, summary.warnings
    ));
    out.push_str(&format!(
        "<h1>vigie report</h1>\n<p id=\"summary\">{} errors, {} warnings, {} infos in {} pages ({} files).</p>\n",
        summary.errors, summary.warnings, summary.infos, summary.pages, summary.files
    ));
    out.push_str("<form><fieldset><legend>Show</legend>");
    for (severity, count) in [
        ("error", summary.errors),
        ("warning", summary.warnings),
        ("info", summary.infos),
    ] {
        out.push_str(&format!(
            "<label><input type=\"checkbox\" name=\"sev\" value=\"{severity}\" checked> {severity}s ({count})</label> "
        ));
    }
    out.push_str("<label>rule <select id=\"rule\"><option value=\"\">every rule</option>");
    for (code, count) in &rules {
        out.push_str(&format!(
            "<option value=\"{0}\">{0} ({count})</option>",
            escape(code)
        ));
    }
    out.push_str("</select></label></fieldset></form>\n");
    if located.is_empty() {
        out.push_str("<p>No problems found.</p>\n");
    }
    for (file, findings) in by_file {
        let text = sources.get(file).map_or("", |t| t);
        let index = LineIndex::new(text);
        out.push_str(&format!(
            "<section data-file=\"{0}\">\n<h2>{0} ({1})</h2>\n",
            escape(file),
            findings.len()
        ));
        for l in findings {
            let d = l.diagnostic;
            out.push_str(&format!(
                "<article data-severity=\"{0}\" data-code=\"{1}\">\n<p><span class=\"sev\">{0}</span> <strong>{2}</strong> <span class=\"code\">{3} · line {4}, column {5}</span></p>\n",
                d.severity.as_str(),
                escape(&d.code),
                escape(&d.message),
                escape(&d.code),
                l.line,
                l.column
            ));
            out.push_str(&format!("<pre>{}</pre>\n", excerpt(text, &index, l)));
            if let Some(help) = &d.help {
                out.push_str(&format!("<p class=\"help\">{}</p>\n", escape(help)));
            }
            let mut links = Vec::new();
            if let Some(forge) = forge {
                links.push(format!(
                    "<a href=\"{}\">see it in the repository</a>",
                    escape(&forge.link(file, l.line))
                ));
            }
            if let Some(url) = d.url.as_deref().filter(|u| u.starts_with("https://")) {
                links.push(format!(
                    "<a href=\"{}\">about {}</a>",
                    escape(url),
                    escape(&d.code)
                ));
            }
            if !links.is_empty() {
                out.push_str(&format!("<p>{}</p>\n", links.join(" · ")));
            }
            out.push_str("</article>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str(&format!("<script>{SCRIPT}</script>\n</body>\n</html>\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Severity};

    #[test]
    fn a_long_line_is_shown_around_its_span_only() {
        let text = format!(
            "---\ntitle: x\n---\n{}<b>é</b>{}\nFin\n",
            "é".repeat(3_000),
            "a".repeat(3_000)
        );
        let start = text.find("<b>").unwrap();
        let finding = Diagnostic::new("html/x", Severity::Error, "a.md", start..start + 3, "m");
        let sources: Sources = [(
            "a.md".to_owned(),
            std::sync::Arc::<str>::from(text.as_str()),
        )]
        .into_iter()
        .collect();
        let diagnostics = [finding];
        let summary = Summary::count(&diagnostics, 1, 1);
        let located = crate::report::locate(&diagnostics, &sources);
        let page = render(&located, &sources, &summary, None);
        let shown = page.lines().find(|l| l.contains("<mark>")).unwrap();
        assert!(
            shown.contains(&format!(
                "   4</span> …{}<mark>&lt;b&gt;</mark>é&lt;/b&gt;{}…",
                "é".repeat(150),
                "a".repeat(294)
            )),
            "{shown}"
        );
        assert!(page.contains("   5</span> Fin\n"), "{page}");
    }

    #[test]
    fn the_page_is_self_contained_escaped_and_grouped_by_file() {
        let text = "---\ntitle: x\n---\nVoir <a href=\"/nope/\">ici</a>.\nFin\n";
        let start = text.find("/nope/").unwrap();
        let hostile = Diagnostic::new(
            "links/missing-page",
            Severity::Error,
            "a<script>.md",
            start..start + 6,
            "no page at `/nope/` <img src=x onerror=alert(1)>",
        )
        .with_help("fix it")
        .with_url("https://example.org/doc");
        let other = Diagnostic::new(
            "a11y/link-text-generic",
            Severity::Warning,
            "b.md",
            0..1,
            "generic",
        );
        let sources: Sources = [
            ("a<script>.md".to_owned(), std::sync::Arc::<str>::from(text)),
            ("b.md".to_owned(), std::sync::Arc::<str>::from("x\n")),
        ]
        .into_iter()
        .collect();
        let diagnostics = [hostile, other];
        let summary = Summary::count(&diagnostics, 2, 2);
        let forge = Forge::of_remote("git@git.sr.ht:~etalab/site", "0123abcd", "").unwrap();
        let page = render(
            &crate::report::locate(&diagnostics, &sources),
            &sources,
            &summary,
            Some(&forge),
        );
        assert!(!page.contains("<img src=x"), "messages are escaped");
        assert!(!page.contains("<script>.md"), "file names are escaped");
        assert_eq!(page.matches("<script>").count(), 1, "only its own script");
        assert!(
            !page.contains("src=\"http") && !page.contains("<link"),
            "no external asset"
        );
        assert!(page.contains("<mark>/nope/</mark>"), "{page}");
        assert_eq!(page.matches("<section ").count(), 2);
        assert!(
            page.contains(
                "https://git.sr.ht/~etalab/site/tree/0123abcd/item/a%3Cscript%3E%2Emd#L4"
            ),
            "{page}"
        );
        assert!(
            page.contains("<option value=\"links/missing-page\">links/missing-page (1)</option>")
        );
    }

    #[test]
    fn forges_are_known_by_their_remote() {
        let link =
            |remote: &str| Forge::of_remote(remote, "abc123", "site/").map(|f| f.link("a b.md", 3));
        assert_eq!(
            link("https://github.com/o/r.git").unwrap(),
            "https://github.com/o/r/blob/abc123/site/a%20b%2Emd#L3"
        );
        assert_eq!(
            link("git@gitlab.com:o/r.git").unwrap(),
            "https://gitlab.com/o/r/-/blob/abc123/site/a%20b%2Emd#L3"
        );
        assert_eq!(
            link("https://git.sr.ht/~o/r").unwrap(),
            "https://git.sr.ht/~o/r/tree/abc123/item/site/a%20b%2Emd#L3"
        );
        assert_eq!(link("https://example.org/o/r.git"), None);
        assert_eq!(link("https://github.com/o/r\"><script>"), None);
    }
}
