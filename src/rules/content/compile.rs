//! Raw rule → `DataRule`: required fields, severities, types, regexes, globs and
//! placeholders are validated here, each problem at its exact place in the rule file.

use std::borrow::Cow;
use std::ops::Range;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use regex::{Regex, RegexBuilder};

use super::model::{
    Case, Check, DataRule, FrontMatterCheck, KeyPath, Schema, Selector, TextCheck, Type,
};
use super::placeholder;
use super::problem::Problem;
use super::schema::{RawCheck, RawFrontMatter, RawRule, RawSchema, RawText, Spanned};
use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, RuleMeta, Scope};

/// The page a case is written to when it names none.
pub(super) const DEFAULT_CASE_PATH: &str = "page.md";

/// Compiles a rule read from `file` (whose text is `text`, for exact positions).
pub(super) fn compile(raw: RawRule, file: &str, text: &str) -> Result<DataRule, Vec<Problem>> {
    let mut compiler = Compiler {
        text,
        problems: Vec::new(),
    };
    let head = head(text, &raw.span);
    let id = compiler.id(raw.id.as_ref(), &head);
    let message = compiler.needed(raw.message.as_ref(), "message", &head);
    let severity = compiler.severity(raw.severity.as_ref());
    let select = Selector {
        files: compiler.globs(&raw.files, true),
        exclude: compiler.globs(&raw.exclude, true),
        tags: compiler.globs(&raw.tags, false),
        tags_written: raw.tags.iter().map(|g| g.value.clone()).collect(),
        files_written: raw.files.iter().map(|g| g.value.clone()).collect(),
        exclude_written: raw.exclude.iter().map(|g| g.value.clone()).collect(),
        layouts: raw.layouts.iter().map(|l| l.value.clone()).collect(),
        dated: compiler.collections(raw.collections.as_ref()),
    };
    let check = compiler.check(raw.checks, &head);
    if let (Some(check), Some(message)) = (&check, raw.message.as_ref()) {
        compiler.placeholders(check, message);
        for text in [&raw.help, &raw.label].into_iter().flatten() {
            compiler.placeholders(check, text);
        }
    }
    let cases = compiler.cases(raw.cases);
    let (Some(id), Some(message), Some(check)) = (id, message, check) else {
        return Err(compiler.problems);
    };
    if !compiler.problems.is_empty() {
        return Err(compiler.problems);
    }
    let mut rule = DataRule {
        meta: RuleMeta {
            code: Cow::Owned(format!("content/{id}")),
            severity,
            scope: Scope::Page,
            docs: Cow::Borrowed(""),
            url: raw.url.map(|u| Cow::Owned(u.value)),
            fix: FixAvailability::None,
            views: false,
            safe_fix: false,
        },
        id,
        id_span: raw.id.map_or(head, |i| i.span),
        message,
        help: raw.help.map(|h| h.value),
        label: raw.label.map(|l| l.value),
        select,
        check,
        cases,
        file: file.to_owned(),
    };
    let description = raw.description.map(|d| d.value);
    rule.meta.docs = Cow::Owned(super::docs::build(&rule, description.as_deref()));
    Ok(rule)
}

/// The first line of a rule: where to report what the rule lacks.
fn head(text: &str, span: &Range<usize>) -> Range<usize> {
    let start = span.start.min(text.len());
    let Some(rest) = text.get(start..) else {
        return span.clone();
    };
    let line = rest.split('\n').next().unwrap_or_default();
    let line = line.strip_suffix('\r').unwrap_or(line);
    start..start + line.len()
}

struct Compiler<'t> {
    text: &'t str,
    problems: Vec<Problem>,
}

impl Compiler<'_> {
    fn needed(
        &mut self,
        field: Option<&Spanned<String>>,
        name: &str,
        head: &Range<usize>,
    ) -> Option<String> {
        match field {
            Some(value) if !value.value.trim().is_empty() => Some(value.value.clone()),
            Some(value) => {
                self.problems.push(Problem::new(
                    value.span.clone(),
                    format!("`{name}` is empty"),
                ));
                None
            }
            None => {
                self.problems.push(
                    Problem::new(head.clone(), format!("rule has no `{name}`"))
                        .with_help(format!("add `{name}: …` to the rule")),
                );
                None
            }
        }
    }

    fn id(&mut self, id: Option<&Spanned<String>>, head: &Range<usize>) -> Option<String> {
        let value = self.needed(id, "id", head)?;
        let kebab = value.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
        if kebab {
            return Some(value);
        }
        let span = id.map_or(head.clone(), |i| i.span.clone());
        self.problems.push(
            Problem::new(span, format!("`{value}` is not a kebab-case id")).with_help(
                "use lowercase letters, digits and dashes: the rule's code is `content/<id>`",
            ),
        );
        None
    }

    /// `collections: dated`, the one selector of collections there is.
    fn collections(&mut self, collections: Option<&Spanned<String>>) -> bool {
        let Some(collections) = collections else {
            return false;
        };
        if collections.value == "dated" {
            return true;
        }
        self.problems.push(
            Problem::new(
                collections.span.clone(),
                format!("`{}` is not a kind of collection", collections.value),
            )
            .with_help("use `dated`: a collection a template lists by date or a feed publishes"),
        );
        false
    }

    fn severity(&mut self, severity: Option<&Spanned<String>>) -> Severity {
        let Some(severity) = severity else {
            return Severity::Warning;
        };
        match severity.value.as_str() {
            "error" => Severity::Error,
            "warning" | "warn" => Severity::Warning,
            "info" => Severity::Info,
            other => {
                self.problems.push(
                    Problem::new(
                        severity.span.clone(),
                        format!("`{other}` is not a severity"),
                    )
                    .with_help("use error, warning or info"),
                );
                Severity::Warning
            }
        }
    }

    /// Path globs keep `*` inside one folder; tag globs have no folders.
    fn globs(&mut self, globs: &[Spanned<String>], paths: bool) -> Option<GlobSet> {
        if globs.is_empty() {
            return None;
        }
        let mut set = GlobSetBuilder::new();
        for glob in globs {
            match GlobBuilder::new(&glob.value)
                .literal_separator(paths)
                .build()
            {
                Ok(compiled) => {
                    set.add(compiled);
                }
                Err(err) => {
                    let help = if paths {
                        "globs are relative to the input directory: `posts/**/*.md`, `gazette/*.md`"
                    } else {
                        "tag globs match tag names: `bluehats`, `gazette-*`, `*` for any tag"
                    };
                    self.problems.push(
                        Problem::new(glob.span.clone(), format!("invalid glob: {}", err.kind()))
                            .with_help(help),
                    );
                }
            }
        }
        set.build().ok()
    }

    fn check(
        &mut self,
        checks: Vec<(Range<usize>, RawCheck)>,
        head: &Range<usize>,
    ) -> Option<Check> {
        let mut checks = checks.into_iter();
        let Some((span, first)) = checks.next() else {
            self.problems
                .push(Problem::new(head.clone(), "rule has no check").with_help(
                    "add `front-matter:` (keys and values) or `text:` (patterns in the page)",
                ));
            return None;
        };
        if let Some((second, _)) = checks.next() {
            self.problems.push(
                Problem::new(second, "a rule has one check")
                    .with_help("write a second rule file for the second check"),
            );
        }
        match first {
            RawCheck::FrontMatter(raw) => self.front_matter(raw, span).map(Check::FrontMatter),
            RawCheck::Text(raw) => self.text_check(raw, span).map(Check::Text),
        }
    }

    fn front_matter(
        &mut self,
        raw: RawFrontMatter,
        span: Range<usize>,
    ) -> Option<FrontMatterCheck> {
        let check = FrontMatterCheck {
            required: raw.required.iter().filter_map(|k| self.key(k)).collect(),
            forbidden: raw.forbidden.iter().filter_map(|k| self.key(k)).collect(),
            properties: raw
                .properties
                .into_iter()
                .filter_map(|(key, schema)| Some((self.key(&key)?, self.schema(schema))))
                .collect(),
        };
        let empty =
            check.required.is_empty() && check.forbidden.is_empty() && check.properties.is_empty();
        if empty {
            if !raw.misspelt {
                self.problems.push(
                    Problem::new(span, "`front-matter` checks nothing")
                        .with_help("give it `required`, `forbidden` or `properties`"),
                );
            }
            return None;
        }
        Some(check)
    }

    fn key(&mut self, key: &Spanned<String>) -> Option<KeyPath> {
        let path = KeyPath::new(&key.value);
        if path.parts.iter().any(String::is_empty) {
            self.problems.push(Problem::new(
                key.span.clone(),
                format!(
                    "`{}` is not a key path (write `key` or `parent.child`)",
                    key.value
                ),
            ));
            return None;
        }
        Some(path)
    }

    fn schema(&mut self, raw: RawSchema) -> Schema {
        let types = raw
            .types
            .iter()
            .filter_map(|t| {
                let parsed = Type::parse(&t.value);
                if parsed.is_none() {
                    let help = match crate::rules::closest(&t.value, Type::NAMES) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!("types are: {}", Type::NAMES.join(", ")),
                    };
                    self.problems.push(
                        Problem::new(t.span.clone(), format!("unknown type `{}`", t.value))
                            .with_help(help),
                    );
                }
                parsed
            })
            .collect();
        if let (Some(min), Some(max)) = (&raw.min_length, &raw.max_length)
            && min.value > max.value
        {
            self.problems.push(Problem::new(
                max.span.clone(),
                format!(
                    "`max-length` {} is below `min-length` {}",
                    max.value, min.value
                ),
            ));
        }
        Schema {
            types,
            allowed: raw
                .allowed
                .unwrap_or_default()
                .into_iter()
                .map(|n| n.value)
                .collect(),
            pattern: raw.pattern.as_ref().and_then(|p| self.regex(p, false)),
            contains: raw.contains.into_iter().map(|n| n.value).collect(),
            min_length: raw.min_length.map(|m| m.value),
            max_length: raw.max_length.map(|m| m.value),
            items: raw.items.map(|items| Box::new(self.schema(*items))),
        }
    }

    fn text_check(&mut self, raw: RawText, span: Range<usize>) -> Option<TextCheck> {
        let check = TextCheck {
            forbidden: raw
                .forbidden
                .iter()
                .filter_map(|p| self.regex(p, true))
                .collect(),
            required: raw
                .required
                .iter()
                .filter_map(|p| self.regex(p, true))
                .collect(),
            in_code: raw.in_code,
        };
        if raw.forbidden.is_empty() && raw.required.is_empty() {
            if !raw.misspelt {
                self.problems.push(
                    Problem::new(span, "`text` checks nothing")
                        .with_help("give it a `forbidden` or `required` pattern"),
                );
            }
            return None;
        }
        Some(check)
    }

    /// Compiles a pattern; text patterns are multi-line (`^` and `$` match at every line).
    fn regex(&mut self, pattern: &Spanned<String>, multi_line: bool) -> Option<Regex> {
        match RegexBuilder::new(&pattern.value)
            .multi_line(multi_line)
            .build()
        {
            Ok(regex) => Some(regex),
            Err(err) => {
                let (message, at) = regex_error(&err, &pattern.value);
                let span = match at {
                    Some(range) => locate(self.text, &pattern.span, &pattern.value, range),
                    None => pattern.span.clone(),
                };
                self.problems.push(
                    Problem::new(span, format!("invalid regex: {message}"))
                        .with_help("patterns use Rust regex syntax: https://docs.rs/regex/latest/regex/#syntax"),
                );
                None
            }
        }
    }

    fn placeholders(&mut self, check: &Check, template: &Spanned<String>) {
        let known = match check {
            Check::FrontMatter(_) => placeholder::FRONT_MATTER,
            Check::Text(_) => placeholder::TEXT,
        };
        for (range, name) in placeholder::find(&template.value) {
            if known.contains(&name) {
                continue;
            }
            let list: Vec<String> = known.iter().map(|k| format!("{{{k}}}")).collect();
            self.problems.push(
                Problem::new(
                    locate(self.text, &template.span, &template.value, range),
                    format!("unknown placeholder `{{{name}}}`"),
                )
                .with_help(format!("this rule can use {}", list.join(", "))),
            );
        }
    }

    fn cases(&mut self, raw: Vec<super::schema::RawCase>) -> Vec<Case> {
        raw.into_iter()
            .filter_map(|case| {
                let path = match case.path {
                    Some(path) => self.case_path(&path)?,
                    None => DEFAULT_CASE_PATH.to_owned(),
                };
                let files = case
                    .files
                    .iter()
                    .filter_map(|(p, text)| Some((self.case_path(p)?, text.clone())))
                    .collect();
                Some(Case {
                    valid: case.valid,
                    path,
                    text: case.text,
                    files,
                })
            })
            .collect()
    }

    /// A case's file path must stay inside the case's site.
    fn case_path(&mut self, path: &Spanned<String>) -> Option<String> {
        let inside = !path.value.is_empty()
            && !path.value.starts_with('/')
            && !path.value.contains('\\')
            && path
                .value
                .split('/')
                .all(|part| !part.is_empty() && part != "..");
        if inside {
            return Some(path.value.clone());
        }
        self.problems.push(Problem::new(
            path.span.clone(),
            format!(
                "`{}` is not a relative path inside the test site",
                path.value
            ),
        ));
        None
    }
}

/// The message of a regex error and, for a one-line pattern, the byte range it points at.
fn regex_error(err: &regex::Error, pattern: &str) -> (String, Option<Range<usize>>) {
    let regex::Error::Syntax(text) = err else {
        return ("the compiled pattern is too big".into(), None);
    };
    let lines: Vec<&str> = text.lines().collect();
    let message = lines
        .iter()
        .find_map(|l| l.strip_prefix("error: "))
        .unwrap_or("cannot parse the pattern")
        .to_owned();
    if pattern.contains('\n') {
        return (message, None);
    }
    // The error repeats the pattern indented by 4, then `^` under the offending chars.
    let at = lines
        .iter()
        .position(|l| l.strip_prefix("    ") == Some(pattern))
        .and_then(|i| lines.get(i + 1))
        .and_then(|carets| {
            let carets = carets.strip_prefix("    ")?;
            let column = carets.find('^')?;
            let width = carets
                .bytes()
                .skip(column)
                .take_while(|&b| b == b'^')
                .count();
            let byte = |chars: usize| {
                pattern
                    .char_indices()
                    .nth(chars)
                    .map_or(pattern.len(), |(i, _)| i)
            };
            Some(byte(column)..byte(column + width))
        });
    (message, at)
}

/// The bytes of `value[range]` in the file, when the scalar at `span` is written verbatim
/// (plain, or quoted without escapes); otherwise the whole scalar.
pub(super) fn locate(
    text: &str,
    span: &Range<usize>,
    value: &str,
    range: Range<usize>,
) -> Range<usize> {
    // Flow scalars may come with the blanks that follow them.
    let Some(raw) = text.get(span.clone()).map(str::trim_end) else {
        return span.clone();
    };
    let quoted = ['"', '\'']
        .into_iter()
        .any(|quote| raw.strip_prefix(quote).and_then(|r| r.strip_suffix(quote)) == Some(value));
    let base = if raw == value {
        span.start
    } else if quoted {
        span.start + 1
    } else {
        return span.clone();
    };
    base + range.start..base + range.end.min(value.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regex_errors_point_at_the_offending_chars() {
        // Built at run time: a literal bad pattern is refused by clippy.
        let pattern = ["é[", "z-a]"].concat();
        let err = Regex::new(&pattern).unwrap_err();
        let (message, at) = regex_error(&err, &pattern);
        assert!(
            message.contains("invalid character class range"),
            "{message}"
        );
        assert_eq!(at, Some(3..6));
    }

    #[test]
    fn locate_maps_into_plain_and_quoted_scalars() {
        let text = "a: ab{x}\nb: 'ab{x}'\nc: \"a\\tb{x}\"\n";
        assert_eq!(locate(text, &(3..8), "ab{x}", 2..5), 5..8);
        assert_eq!(locate(text, &(12..19), "ab{x}", 2..5), 15..18);
        // An escape: the written text differs from the value, so the whole scalar.
        assert_eq!(locate(text, &(23..32), "a\tb{x}", 3..6), 23..32);
    }

    #[test]
    fn head_is_the_first_line_of_the_rule() {
        let text = "id: x\nmessage: y\n";
        assert_eq!(head(text, &(0..text.len())), 0..5);
        assert_eq!(head("", &(0..0)), 0..0);
    }
}
