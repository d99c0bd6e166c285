//! Inline suppression comments, as eslint and markdownlint have them: a comment of a page
//! or layout silences findings of that file only, for the next line, its own line, or a
//! region up to `vigie-enable` (or the end of the file).
//!
//! ```text
//! <!-- vigie-disable-next-line a11y/new-window, a11y/frame-title-missing -- why -->
//! <!-- vigie-disable-line a11y/new-window -->
//! <!-- vigie-disable a11y/* --> … <!-- vigie-enable a11y/* -->
//! {# vigie-disable-next-line a11y/new-window #}   (Nunjucks: never reaches the HTML)
//! ```
//!
//! No code means every rule; `group/*` means every rule of the group; what follows `--` is
//! a reason, ignored. Runs on the final findings of a check, so it also reports comments
//! naming unknown rules (`suppression/unknown-rule`) and comments that silence nothing
//! (`suppression/unused`): this module owns reading the comments and applying them; the
//! two rule files hold those rules' documentation and wording. Pure: reads only the texts
//! already in the site model, and where a Markdown page's code is (`Content::code`), where
//! a comment is an example. May import `rules`, `site`, `parse` and `diagnostic`.

pub mod unknown_rule;
pub mod unused;

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::parse::content::Code;
use crate::rules::Rule;
use crate::site::Site;
use unknown_rule::UnknownRule;
use unused::Unused;

/// What a suppression comment does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    NextLine,
    Line,
    Disable,
    Enable,
}

impl Kind {
    const ALL: [Kind; 4] = [Kind::NextLine, Kind::Line, Kind::Disable, Kind::Enable];

    pub fn keyword(self) -> &'static str {
        match self {
            Kind::NextLine => "vigie-disable-next-line",
            Kind::Line => "vigie-disable-line",
            Kind::Disable => "vigie-disable",
            Kind::Enable => "vigie-enable",
        }
    }
}

/// A rule code (or `group/*`) as written in a comment, at its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub code: String,
    pub span: Range<usize>,
}

/// One suppression comment of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: Kind,
    /// The whole comment, `<!--` to `-->` or `{#` to `#}`.
    pub span: Range<usize>,
    /// The codes it names; none means every rule.
    pub codes: Vec<Named>,
}

/// The findings that no comment of their file silences, and the findings about the
/// comments themselves, at their rules' default severity (the caller applies `[rules]`, as
/// for every finding). `rules` are every rule of the check: a code none of them has is
/// unknown.
pub fn apply(
    site: &Site,
    diagnostics: Vec<Diagnostic>,
    rules: &[Box<dyn Rule>],
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let catalog = Catalog::new(site, rules);
    let mut files = commented_files(site, &catalog);
    if files.is_empty() {
        return (diagnostics, Vec::new());
    }
    let kept = diagnostics
        .into_iter()
        .filter(|d| !files.get_mut(d.file.as_str()).is_some_and(|f| f.silence(d)))
        .collect();
    let mut about_comments = Vec::new();
    for file in files.values() {
        file.report(&catalog, &mut about_comments);
    }
    (kept, about_comments)
}

/// Every page and layout with at least one suppression comment, by file name.
fn commented_files<'a>(site: &'a Site, catalog: &Catalog) -> HashMap<&'a str, Commented<'a>> {
    // Only Markdown pages have code, where a comment is an example shown to readers.
    // In parallel: finding the few files with a comment reads every text.
    let pages = site
        .pages
        .par_iter()
        .map(|p| (&p.file, p.content.code.as_slice()));
    let layouts = site.layouts.par_iter().map(|l| (&l.file, &[][..]));
    pages
        .chain(layouts)
        .filter(|(file, _)| file.text.contains("vigie-"))
        .filter_map(|(file, code)| {
            let directives = directives(&file.text, code);
            (!directives.is_empty()).then(|| {
                let commented = Commented::new(&file.rel, &file.text, directives, catalog);
                (file.rel.as_str(), commented)
            })
        })
        .collect()
}

/// The suppression comments of `text` in order, leaving out those starting in `code`.
pub fn directives(text: &str, code: &[Code]) -> Vec<Directive> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some((span, inner)) = next_comment(text, from) {
        if code.iter().any(|c| c.span.contains(&span.start)) {
            // An opener in code opens nothing: what follows may be a real comment.
            from = inner.start;
            continue;
        }
        from = span.end;
        found.extend(directive(text, span, inner));
    }
    found
}

/// The next `<!-- … -->` or `{# … #}` at or after `from`: the whole comment and its inside.
/// An opener that nothing closes is not a comment.
fn next_comment(text: &str, mut from: usize) -> Option<(Range<usize>, Range<usize>)> {
    loop {
        let rest = text.get(from..)?;
        let html = rest.find("<!--").map(|i| (i, "<!--", "-->"));
        let nunjucks = rest.find("{#").map(|i| (i, "{#", "#}"));
        let (offset, open, close) = [html, nunjucks]
            .into_iter()
            .flatten()
            .min_by_key(|(i, ..)| *i)?;
        let inner_start = from + offset + open.len();
        match text.get(inner_start..)?.find(close) {
            Some(len) => {
                let inner = inner_start..inner_start + len;
                return Some((from + offset..inner.end + close.len(), inner));
            }
            None => from = inner_start,
        }
    }
}

/// The directive a comment holds, when its inside starts with a vigie keyword.
fn directive(text: &str, span: Range<usize>, inner: Range<usize>) -> Option<Directive> {
    let inside = text.get(inner.clone())?;
    // `{#-` and `-#}` are Nunjucks whitespace control, not part of the words.
    let inside = inside.strip_prefix('-').unwrap_or(inside);
    let (inside, end) = match inside.strip_suffix('-') {
        Some(inside) => (inside, inner.end - 1),
        None => (inside, inner.end),
    };
    let words = inside.trim_start();
    let (kind, rest) = Kind::ALL.into_iter().find_map(|kind| {
        let rest = words.strip_prefix(kind.keyword())?;
        (rest.is_empty() || rest.starts_with(char::is_whitespace)).then_some((kind, rest))
    })?;
    // What follows `--` is the reason, as eslint has it.
    let list = rest.split_once("--").map_or(rest, |(list, _)| list);
    Some(Directive {
        kind,
        span,
        codes: codes(list, end - rest.len()),
    })
}

/// The codes of a list, separated by commas or spaces (eslint and markdownlint styles),
/// `offset` being where the list starts in the file.
fn codes(list: &str, offset: usize) -> Vec<Named> {
    let is_separator = |c: char| c == ',' || c.is_whitespace();
    let mut found = Vec::new();
    let mut at = offset;
    for piece in list.split_inclusive(is_separator) {
        let code = piece.strip_suffix(is_separator).unwrap_or(piece);
        if !code.is_empty() {
            found.push(Named {
                code: code.to_owned(),
                span: at..at + code.len(),
            });
        }
        at += piece.len();
    }
    found
}

/// Whether `pattern` (a code or `group/*`) names `code`.
fn names(pattern: &str, code: &str) -> bool {
    match pattern.strip_suffix("/*") {
        Some(group) => code
            .strip_prefix(group)
            .is_some_and(|rest| rest.starts_with('/')),
        None => pattern == code,
    }
}

/// The bytes of the line holding `offset`, its line break included.
fn line_at(text: &str, offset: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let (before, after) = bytes.split_at_checked(offset).unwrap_or((bytes, &[]));
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = after
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |i| offset + i + 1);
    start..end
}

/// The lines a comment occupies, from its first to its last.
fn own_lines(text: &str, span: &Range<usize>) -> Range<usize> {
    line_at(text, span.start).start..line_at(text, span.end - 1).end
}

/// The line after the comment's last line; empty when the comment ends the file.
fn next_line(text: &str, span: &Range<usize>) -> Range<usize> {
    let after = own_lines(text, span).end;
    if after == text.len() {
        after..after
    } else {
        line_at(text, after)
    }
}

/// The comment's lines, line breaks included, when nothing else is written on them: what
/// removing the comment removes.
fn whole_lines(text: &str, span: &Range<usize>) -> Option<Range<usize>> {
    let lines = own_lines(text, span);
    let blank = |range: Range<usize>| text.get(range).is_some_and(|s| s.trim().is_empty());
    let alone = blank(lines.start..span.start) && blank(span.end..lines.end);
    alone.then_some(lines)
}

/// What one directive silences: one of its codes (`None`: every rule) over a byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Silence {
    directive: usize,
    code: Option<usize>,
    range: Range<usize>,
    used: bool,
}

/// A `vigie-enable` code (`None`: the whole comment) that ended no region.
type Unmatched = (usize, Option<usize>);

/// The byte ranges each directive silences, and the enables that end nothing. Codes that
/// name no rule silence nothing: they are reported as unknown instead.
fn silences(
    text: &str,
    directives: &[Directive],
    known: impl Fn(&str) -> bool,
) -> (Vec<Silence>, Vec<Unmatched>) {
    let mut done = Vec::new();
    let mut open: Vec<Silence> = Vec::new();
    let mut unmatched = Vec::new();
    for (index, directive) in directives.iter().enumerate() {
        let span = &directive.span;
        let targets: Vec<Option<usize>> = if directive.codes.is_empty() {
            vec![None]
        } else {
            let codes = directive.codes.iter().enumerate();
            codes
                .filter(|(_, named)| known(&named.code))
                .map(|(c, _)| Some(c))
                .collect()
        };
        let range = match directive.kind {
            Kind::NextLine => next_line(text, span),
            Kind::Line => own_lines(text, span),
            Kind::Disable => span.start..text.len(),
            Kind::Enable => {
                for target in targets {
                    let name = target
                        .and_then(|c| directive.codes.get(c))
                        .map(|named| named.code.as_str());
                    let ended = end_regions(&mut open, directives, name, span.start, &mut done);
                    if !ended {
                        unmatched.push((index, target));
                    }
                }
                continue;
            }
        };
        let into = if directive.kind == Kind::Disable {
            &mut open
        } else {
            &mut done
        };
        into.extend(targets.into_iter().map(|code| Silence {
            directive: index,
            code,
            range: range.clone(),
            used: false,
        }));
    }
    done.extend(open);
    (done, unmatched)
}

/// Ends at `at` the open regions of code `name` (`None`: every open region); whether any was.
fn end_regions(
    open: &mut Vec<Silence>,
    directives: &[Directive],
    name: Option<&str>,
    at: usize,
    done: &mut Vec<Silence>,
) -> bool {
    let code_of = |s: &Silence| {
        let directive = directives.get(s.directive)?;
        Some(directive.codes.get(s.code?)?.code.as_str())
    };
    let (ending, still_open): (Vec<Silence>, Vec<Silence>) = open
        .drain(..)
        .partition(|s| name.is_none() || code_of(s) == name);
    *open = still_open;
    let ended = !ending.is_empty();
    done.extend(ending.into_iter().map(|s| Silence {
        range: s.range.start..at,
        ..s
    }));
    ended
}

/// The rules of the check: which codes exist, and which could have been reported.
struct Catalog {
    /// Every code, and whether a finding of it would have shown: the rule is on and does
    /// not depend on the network (`external/*` findings come and go with `--offline`).
    codes: Vec<(String, bool)>,
}

impl Catalog {
    fn new(site: &Site, rules: &[Box<dyn Rule>]) -> Self {
        let codes = rules
            .iter()
            .map(|rule| {
                let meta = rule.meta();
                let on = site.settings.severity(&meta.code, meta.severity).is_some();
                let steady = !meta.code.starts_with("external/");
                (meta.code.to_string(), on && steady)
            })
            .collect();
        Self { codes }
    }

    fn known(&self, pattern: &str) -> bool {
        self.codes.iter().any(|(code, _)| names(pattern, code))
    }

    /// Whether a comment naming `pattern` that silenced nothing is really useless.
    fn checkable(&self, pattern: &str) -> bool {
        self.codes
            .iter()
            .any(|(code, shown)| *shown && names(pattern, code))
    }

    fn closest(&self, pattern: &str) -> Option<&str> {
        crate::rules::closest(pattern, self.codes.iter().map(|(code, _)| code.as_str()))
    }
}

/// A file with suppression comments, and what they silenced so far.
struct Commented<'a> {
    rel: &'a str,
    text: &'a str,
    directives: Vec<Directive>,
    silences: Vec<Silence>,
    unmatched: Vec<Unmatched>,
}

impl<'a> Commented<'a> {
    fn new(rel: &'a str, text: &'a str, directives: Vec<Directive>, catalog: &Catalog) -> Self {
        let (silences, unmatched) = silences(text, &directives, |code| catalog.known(code));
        Self {
            rel,
            text,
            directives,
            silences,
            unmatched,
        }
    }

    /// Whether a comment silences `diagnostic`; each one that does is marked used.
    fn silence(&mut self, diagnostic: &Diagnostic) -> bool {
        let at = diagnostic.span.start;
        let end_of_file = self.text.len();
        let mut silenced = false;
        for silence in &mut self.silences {
            let range = &silence.range;
            // A finding at the very end of the file is on the last line.
            let covers = range.contains(&at)
                || (at == end_of_file && range.end == end_of_file && !range.is_empty());
            let named = silence.code.is_none_or(|c| {
                let named = self
                    .directives
                    .get(silence.directive)
                    .and_then(|d| d.codes.get(c));
                named.is_some_and(|named| names(&named.code, &diagnostic.code))
            });
            if covers && named {
                silence.used = true;
                silenced = true;
            }
        }
        silenced
    }

    /// The findings about the comments: unknown codes, and codes that silenced nothing.
    fn report(&self, catalog: &Catalog, out: &mut Vec<Diagnostic>) {
        for (index, directive) in self.directives.iter().enumerate() {
            for named in directive.codes.iter().filter(|n| !catalog.known(&n.code)) {
                out.push(UnknownRule::diagnostic(
                    self.rel,
                    named,
                    catalog.closest(&named.code),
                ));
            }
            let unused = self.unused(index, directive, catalog);
            if unused.is_empty() {
                continue;
            }
            if directive.codes.is_empty() || unused.len() == directive.codes.len() {
                let removal = whole_lines(self.text, &directive.span);
                out.push(Unused::comment(self.rel, directive, removal));
            } else {
                let codes = unused.into_iter().flatten();
                for named in codes.filter_map(|code| directive.codes.get(code)) {
                    out.push(Unused::code(self.rel, directive, named));
                }
            }
        }
    }

    /// The codes of `directive` (the one at `index`) that did nothing (`None`: the comment
    /// names none).
    fn unused(&self, index: usize, directive: &Directive, catalog: &Catalog) -> Vec<Option<usize>> {
        if directive.kind == Kind::Enable {
            return self
                .unmatched
                .iter()
                .filter(|(d, _)| *d == index)
                .map(|(_, code)| *code)
                .collect();
        }
        self.silences
            .iter()
            .filter(|s| s.directive == index && !s.used)
            .filter(|s| {
                s.code.is_none_or(|c| {
                    let named = directive.codes.get(c);
                    named.is_some_and(|named| catalog.checkable(&named.code))
                })
            })
            .map(|s| s.code)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::string_slice, reason = "test code: a panic is a failing test")]

    use super::*;
    use crate::diagnostic::Severity;

    /// The rules of these tests: whether a finding of each would have shown.
    fn catalog() -> Catalog {
        let codes = [
            ("a11y/new-window", true),
            ("a11y/frame-title-missing", true),
            ("links/empty", true),
            // Turned off in vigie.toml.
            ("html/obsolete-attribute", false),
            ("external/broken", false),
        ];
        Catalog {
            codes: codes.iter().map(|(c, s)| ((*c).to_owned(), *s)).collect(),
        }
    }

    /// The code of the Markdown page `text`, as the page's one walk finds it.
    fn markdown_code(text: &str) -> Vec<Code> {
        let eleventy = crate::config::Eleventy::default();
        crate::parse::content::extract(text, 0..text.len(), "md", &eleventy, &Default::default())
            .code
    }

    /// Runs the comments of the Markdown page `text` over findings `(code, text at their
    /// place)`: the findings kept, and the findings about the comments.
    fn check(text: &str, findings: &[(&str, &str)]) -> (Vec<String>, Vec<Diagnostic>) {
        let catalog = catalog();
        let found = directives(text, &markdown_code(text));
        let mut file = Commented::new("page.md", text, found, &catalog);
        let kept = findings
            .iter()
            .filter(|(code, place)| {
                let at = text.find(place).expect("the place is in the text");
                let d = Diagnostic::new(*code, Severity::Error, "page.md", at..at + 1, "x");
                !file.silence(&d)
            })
            .map(|(code, place)| format!("{code} {place}"))
            .collect();
        let mut about = Vec::new();
        file.report(&catalog, &mut about);
        (kept, about)
    }

    fn codes(about: &[Diagnostic]) -> Vec<&str> {
        about.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn next_line_silences_the_line_below_for_its_code_only() {
        let text = "<!-- vigie-disable-next-line a11y/new-window -->\nAAA\nBBB\n";
        let findings = [
            ("a11y/new-window", "AAA"),
            ("links/empty", "AAA"),
            ("a11y/new-window", "BBB"),
        ];
        let (kept, about) = check(text, &findings);
        assert_eq!(kept, ["links/empty AAA", "a11y/new-window BBB"]);
        assert!(about.is_empty(), "{about:#?}");
    }

    #[test]
    fn next_line_is_the_line_after_a_comment_on_several_lines() {
        let text = "<!--\n  vigie-disable-next-line a11y/new-window\n-->\nAAA\n";
        let (kept, about) = check(text, &[("a11y/new-window", "AAA")]);
        assert!(kept.is_empty() && about.is_empty(), "{kept:?} {about:#?}");
    }

    #[test]
    fn disable_line_silences_its_own_line() {
        let text = "AAA <!-- vigie-disable-line a11y/new-window -->\nBBB\n";
        let findings = [("a11y/new-window", "AAA"), ("a11y/new-window", "BBB")];
        let (kept, about) = check(text, &findings);
        assert_eq!(kept, ["a11y/new-window BBB"]);
        assert!(about.is_empty(), "{about:#?}");
    }

    #[test]
    fn a_region_ends_at_its_enable() {
        let text = "AAA\n<!-- vigie-disable a11y/new-window -->\nBBB\nCCC\n\
                    <!-- vigie-enable a11y/new-window -->\nDDD\n";
        let findings = ["AAA", "BBB", "CCC", "DDD"].map(|p| ("a11y/new-window", p));
        let (kept, about) = check(text, &findings);
        assert_eq!(kept, ["a11y/new-window AAA", "a11y/new-window DDD"]);
        assert!(about.is_empty(), "{about:#?}");
    }

    #[test]
    fn a_region_without_enable_and_without_code_runs_to_the_end_for_every_rule() {
        let text = "AAA\n<!-- vigie-disable -->\nBBB\nCCC";
        let findings = [
            ("links/empty", "AAA"),
            ("links/empty", "BBB"),
            ("a11y/new-window", "CCC"),
        ];
        let (kept, about) = check(text, &findings);
        assert_eq!(kept, ["links/empty AAA"]);
        assert!(about.is_empty(), "{about:#?}");
    }

    #[test]
    fn several_codes_with_commas_or_spaces_a_group_and_a_reason() {
        let text = "<!-- vigie-disable-next-line a11y/new-window, links/empty -- vidéo DINUM -->\n\
                    AAA\n<!-- vigie-disable-next-line a11y/new-window links/empty -->\nBBB\n\
                    <!-- vigie-disable-next-line a11y/* -->\nCCC\n";
        let findings = [
            ("a11y/new-window", "AAA"),
            ("links/empty", "AAA"),
            ("a11y/frame-title-missing", "AAA"),
            ("a11y/new-window", "BBB"),
            ("links/empty", "BBB"),
            ("a11y/frame-title-missing", "CCC"),
            ("links/empty", "CCC"),
        ];
        let (kept, about) = check(text, &findings);
        assert_eq!(kept, ["a11y/frame-title-missing AAA", "links/empty CCC"]);
        assert!(about.is_empty(), "{about:#?}");
        let parsed = directives(text, &[]);
        let named: Vec<&str> = parsed[0].codes.iter().map(|n| n.code.as_str()).collect();
        assert_eq!(named, ["a11y/new-window", "links/empty"]);
        assert_eq!(&text[parsed[0].codes[1].span.clone()], "links/empty");
    }

    #[test]
    fn an_unknown_code_is_reported_at_its_bytes_with_the_closest_code() {
        let text = "<!-- vigie-disable-next-line a11y/new-windows, nope/* -->\nAAA\n";
        let (kept, about) = check(text, &[("a11y/new-window", "AAA")]);
        assert_eq!(kept, ["a11y/new-window AAA"]);
        assert_eq!(codes(&about), ["suppression/unknown-rule"; 2]);
        assert_eq!(&text[about[0].span.clone()], "a11y/new-windows");
        assert_eq!(
            about[0].help.as_deref(),
            Some("did you mean `a11y/new-window`?")
        );
        assert_eq!(&text[about[1].span.clone()], "nope/*");
    }

    #[test]
    fn a_comment_that_silences_nothing_is_unused_and_its_line_removed_by_the_fix() {
        let text = "AAA\n<!-- vigie-disable-next-line a11y/new-window -->\nBBB\n";
        let (_, about) = check(text, &[("a11y/new-window", "AAA")]);
        assert_eq!(codes(&about), ["suppression/unused"]);
        let fix = about[0]
            .fix
            .as_ref()
            .expect("a whole-line comment has a fix");
        assert_eq!(fix.span, 4..text.find("BBB").unwrap());
        assert_eq!(fix.replacement, "");
    }

    #[test]
    fn an_unused_code_beside_a_used_one_is_reported_alone_without_fix() {
        let text = "<!-- vigie-disable-next-line a11y/new-window, links/empty -->\nAAA\n";
        let (_, about) = check(text, &[("a11y/new-window", "AAA")]);
        assert_eq!(codes(&about), ["suppression/unused"]);
        assert_eq!(&text[about[0].span.clone()], "links/empty");
        assert!(about[0].fix.is_none());
    }

    #[test]
    fn rules_turned_off_or_depending_on_the_network_are_never_unused() {
        let text = "<!-- vigie-disable-next-line html/obsolete-attribute -->\nAAA\n\
                    <!-- vigie-disable-line external/broken -->\n";
        let (_, about) = check(text, &[]);
        assert!(about.is_empty(), "{about:#?}");
    }

    #[test]
    fn an_enable_that_ends_no_region_is_unused() {
        let text = "AAA\n<!-- vigie-enable a11y/new-window -->\n<!-- vigie-enable -->\n";
        let (_, about) = check(text, &[]);
        assert_eq!(codes(&about), ["suppression/unused"; 2]);
        assert!(about[0].message.contains("ends no region"), "{about:#?}");
    }

    #[test]
    fn comments_shown_in_code_are_examples() {
        let text = "```markdown\n<!-- vigie-disable -->\n```\n\n~~~\n<!-- vigie-disable -->\n~~~\n\n\
                    Écrire `<!-- vigie-disable-line -->` avant.\nAAA\n";
        let (kept, about) = check(text, &[("links/empty", "AAA"), ("links/empty", "avant")]);
        assert_eq!(kept, ["links/empty AAA", "links/empty avant"]);
        // Not directives, so not unused either.
        assert!(about.is_empty(), "{about:#?}");
    }

    #[test]
    fn an_opener_in_a_code_span_does_not_hide_the_comment_after_it() {
        // `{% raw %}` is how a page shows `{#` to readers: the engine leaves it as written.
        for opener in ["<!--", "{% raw %}{#{% endraw %}"] {
            let text = format!(
                "Écrire `{opener}` en exemple.\n<!-- vigie-disable-next-line links/empty -->\nAAA #}} -->\n"
            );
            let (kept, about) = check(&text, &[("links/empty", "AAA")]);
            assert!(kept.is_empty() && about.is_empty(), "{kept:?} {about:#?}");
        }
    }

    #[test]
    fn a_nunjucks_comment_opened_in_backticks_is_still_a_comment() {
        // The template engine reads `{# … #}` before Markdown does: what it holds, the
        // suppression comment too, never reaches the page, as links in it are not checked.
        let text =
            "Écrire `{#` en Nunjucks.\n<!-- vigie-disable-next-line links/empty -->\nAAA #}\n";
        let (kept, about) = check(text, &[("links/empty", "AAA")]);
        assert_eq!(kept, ["links/empty AAA"]);
        assert!(about.is_empty(), "{about:#?}");
    }

    #[test]
    fn crlf_lines() {
        let text = "<!-- vigie-disable-next-line a11y/new-window -->\r\nAAA\r\nBBB\r\n";
        let findings = [("a11y/new-window", "AAA"), ("a11y/new-window", "BBB")];
        let (kept, _) = check(text, &findings);
        assert_eq!(kept, ["a11y/new-window BBB"]);
        let (_, about) = check(text, &[]);
        let fix = about[0].fix.as_ref().expect("a fix");
        assert_eq!(&text[fix.span.clone()], &text[..text.find("AAA").unwrap()]);
    }

    #[test]
    fn a_next_line_comment_on_the_last_line_silences_nothing() {
        for text in [
            "AAA\n<!-- vigie-disable-next-line a11y/new-window -->",
            "AAA\n<!-- vigie-disable-next-line a11y/new-window -->\n",
        ] {
            let (kept, about) = check(text, &[("a11y/new-window", "AAA")]);
            assert_eq!(kept, ["a11y/new-window AAA"]);
            assert_eq!(codes(&about), ["suppression/unused"], "{text:?}");
        }
    }

    #[test]
    fn a_finding_at_the_end_of_the_file_is_on_the_last_line() {
        let text = "<!-- vigie-disable-next-line html/obsolete-attribute -->\nAAA";
        let catalog = catalog();
        let mut file = Commented::new("page.md", text, directives(text, &[]), &catalog);
        let at_end = Diagnostic::new(
            "html/obsolete-attribute",
            Severity::Error,
            "page.md",
            text.len()..text.len(),
            "x",
        );
        assert!(file.silence(&at_end));
    }

    #[test]
    fn nunjucks_comments_with_and_without_whitespace_control() {
        let text = "{# vigie-disable-next-line a11y/new-window #}\nAAA\n\
                    {#- vigie-disable-next-line links/empty -#}\nBBB\n";
        let findings = [("a11y/new-window", "AAA"), ("links/empty", "BBB")];
        let (kept, about) = check(text, &findings);
        assert!(kept.is_empty() && about.is_empty(), "{kept:?} {about:#?}");
        assert_eq!(directives(text, &[])[1].codes[0].code, "links/empty");
    }

    #[test]
    fn other_comments_are_not_directives() {
        let text = "<!-- vigie-disabled a11y/new-window -->\n<!-- voir vigie-disable -->\n\
                    {# a #} <!-- vigie-disable-line";
        assert_eq!(directives(text, &[]), []);
    }
}
