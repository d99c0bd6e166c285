//! Renders away Liquid/Nunjucks syntax before Markdown and HTML are parsed, keeping a map
//! back to the source: statements (`{% %}`) and comments (`{# #}`, `{% comment %}`) vanish
//! as they do in the engine's output (so `{% raw %}` at the start of a line does not
//! indent it into a code block), output expressions (`{{ }}`) become filler letters of
//! the same length, `{% raw %}…{% endraw %}` keeps its content literal, and `{%-`/`-%}`
//! trim whitespace as the engines do. A paired shortcode that outputs code
//! (`{% highlight js %}…{% endhighlight %}`, Eleventy's syntax highlighter, and the site's
//! own code shortcodes) vanishes with its content: what it writes is escaped code, never
//! markup, links or ids; its place is kept as a code region.

use std::ops::Range;

use crate::parse::text_at;

/// Written in place of an output expression `{{ … }}`: it renders to some text, so it
/// stays a word (a link destination, heading text), never vanishes.
pub(super) const OUTPUT_FILLER: u8 = b'x';

/// A piece of the rendered text: `len` bytes at `rendered` come from `source`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    rendered: usize,
    source: usize,
    len: usize,
}

/// A body as the template engine would hand it to markdown-it (as far as vigie knows).
#[derive(Debug, Clone, Default)]
pub(super) struct Rendered {
    pub text: String,
    segments: Vec<Segment>,
    /// Source ranges of template syntax, sorted and disjoint.
    masked: Vec<Range<usize>>,
    /// Source ranges of code shortcodes, opening tag to closing tag, in order.
    pub code: Vec<Range<usize>>,
}

impl Rendered {
    /// The source range of rendered `range` (an empty range stays empty).
    pub(super) fn to_source(&self, range: &Range<usize>) -> Range<usize> {
        let start = self.offset_to_source(range.start, false);
        if range.is_empty() {
            return start..start;
        }
        start..self.offset_to_source(range.end, true).max(start)
    }

    /// A rendered offset in the source: at a seam, a start belongs to the next segment and
    /// an end to the previous one.
    fn offset_to_source(&self, offset: usize, is_end: bool) -> usize {
        let i = self.segments.partition_point(|s| {
            let end = s.rendered + s.len;
            if is_end { end < offset } else { end <= offset }
        });
        match self.segments.get(i).or(self.segments.last()) {
            Some(s) => s.source + offset.saturating_sub(s.rendered).min(s.len),
            None => offset,
        }
    }

    /// Whether the source `span` touches template syntax (a link written with an expression).
    pub(super) fn is_dynamic(&self, span: &Range<usize>) -> bool {
        let first = self.masked.partition_point(|r| r.end <= span.start);
        self.masked
            .get(first)
            .is_some_and(|r| r.start < span.end || (span.is_empty() && r.start <= span.start))
    }
}

/// Builds the rendered text segment by segment.
#[derive(Default)]
struct Builder {
    rendered: Rendered,
}

impl Builder {
    fn copy(&mut self, source: &str, range: Range<usize>) {
        let Some(text) = source.get(range.clone()).filter(|t| !t.is_empty()) else {
            return;
        };
        self.rendered.segments.push(Segment {
            rendered: self.rendered.text.len(),
            source: range.start,
            len: range.len(),
        });
        self.rendered.text.push_str(text);
    }

    fn fill(&mut self, range: Range<usize>) {
        self.rendered.segments.push(Segment {
            rendered: self.rendered.text.len(),
            source: range.start,
            len: range.len(),
        });
        let filler = char::from(OUTPUT_FILLER);
        self.rendered
            .text
            .extend(std::iter::repeat_n(filler, range.len()));
    }

    /// `{%-`: the whitespace already written before the tag goes.
    fn trim_end(&mut self) {
        let text = &mut self.rendered.text;
        while text.ends_with(|c: char| c.is_ascii_whitespace()) {
            text.pop();
            let Some(last) = self.rendered.segments.last_mut() else {
                break;
            };
            last.len -= 1;
            if last.len == 0 {
                self.rendered.segments.pop();
            }
        }
    }

    fn mask(&mut self, range: Range<usize>) {
        match self.rendered.masked.last_mut() {
            Some(last) if last.end >= range.start => last.end = last.end.max(range.end),
            _ => self.rendered.masked.push(range),
        }
    }
}

/// Paired shortcodes whose content is code: the syntax highlighter's `highlight` and the
/// site's `code_shortcodes`.
fn is_code_shortcode(name: &str, code_shortcodes: &[String]) -> bool {
    name == "highlight" || code_shortcodes.iter().any(|c| c == name)
}

/// Renders the template syntax of `source` away (see the module documentation).
pub(super) fn render(source: &str, code_shortcodes: &[String]) -> Rendered {
    let bytes = source.as_bytes();
    let mut out = Builder::default();
    let mut copied = 0;
    let mut at = 0;
    // The closings of tags found unclosed: no later tag of their kind can close either.
    let mut unclosed: Vec<&str> = Vec::new();
    let mut missing_closings: Vec<String> = Vec::new();
    while let Some(found) = source
        .get(at..)
        .and_then(|rest| rest.find('{'))
        .map(|i| i + at)
    {
        let close = match bytes.get(found + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            Some(_) => {
                at = found + 1;
                continue;
            }
            None => break,
        };
        let end = match unclosed.contains(&close) {
            true => None,
            false => tag_end(source, found + 2, close),
        };
        let Some(end) = end else {
            // An unclosed tag: the engine fails; leave the text as written. No later tag
            // of this kind can close either (this keeps the scan linear).
            unclosed.push(close);
            at = found + 2;
            continue;
        };
        let inner = text_at(source, found + 2..end - 2);
        out.copy(source, copied..found);
        if inner.starts_with('-') {
            out.trim_end();
        }
        out.mask(found..end);
        if close == "}}" {
            out.fill(found..end);
        }
        copied = end;
        if inner.ends_with('-') {
            copied += bytes
                .iter()
                .skip(end)
                .take_while(|b| b.is_ascii_whitespace())
                .count();
        }
        at = copied;
        if close != "%}" {
            continue;
        }
        let name = tag_name(inner);
        let shortcode_end;
        let closing = match name {
            "raw" => "endraw",
            "verbatim" => "endverbatim",
            "comment" => "endcomment",
            _ if is_code_shortcode(name, code_shortcodes) => {
                shortcode_end = format!("end{name}");
                shortcode_end.as_str()
            }
            _ => continue,
        };
        let close = match missing_closings.iter().any(|m| m == closing) {
            true => None,
            false => find_statement(source, end, closing),
        };
        let Some(close) = close else {
            // Never closed: the engine fails. Remembered, so the scan stays linear.
            missing_closings.push(closing.to_owned());
            continue;
        };
        // Raw text is copied as is; a comment's text is masked with its tags, and so is
        // a code shortcode's, which stays a code region.
        if name == "comment" {
            out.mask(end..close.end);
        } else if closing != "endraw" && closing != "endverbatim" {
            out.mask(end..close.end);
            out.rendered.code.push(found..close.end);
        } else {
            out.copy(source, copied..close.start);
            out.mask(close.clone());
        }
        copied = close.end;
        at = close.end;
    }
    out.copy(source, copied..source.len());
    out.rendered
}

/// The first `needle` at or after `from` (a char boundary; std's search is memchr-fast).
fn find(source: &str, from: usize, needle: &str) -> Option<usize> {
    source.get(from..)?.find(needle).map(|i| i + from)
}

/// The end (exclusive) of a tag whose content starts at `from`, closed by `close`,
/// skipping quoted strings; falls back to the first `close` when a quote runs past the
/// line.
fn tag_end(source: &str, from: usize, close: &str) -> Option<usize> {
    let bytes = source.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        match quote {
            Some(_) if b == b'\n' => return find(source, from, close).map(|i| i + close.len()),
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if bytes
                .get(i..)
                .is_some_and(|rest| rest.starts_with(close.as_bytes())) =>
            {
                return Some(i + close.len());
            }
            None => {}
        }
        i += 1;
    }
    find(source, from, close).map(|i| i + close.len())
}

/// `raw` for `{%- raw -%}`.
fn tag_name(inner: &str) -> &str {
    let inner = inner.trim_matches(|c: char| c == '-' || c == '~' || c.is_whitespace());
    inner
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .next()
        .unwrap_or("")
}

/// The first `{% name %}` statement at or after `from`.
fn find_statement(source: &str, from: usize, name: &str) -> Option<Range<usize>> {
    let mut at = from;
    while let Some(start) = find(source, at, "{%") {
        let end = find(source, start + 2, "%}")? + 2;
        if tag_name(text_at(source, start + 2..end - 2)) == name {
            return Some(start..end);
        }
        at = start + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::string_slice, reason = "test code: a panic is a failing test")]
    use super::*;

    #[test]
    fn statements_vanish_and_expressions_keep_their_length() {
        let source = "Voir [là]({{ '/x/' | url }}) {% if a %}é{% endif %}\n{# note #}fin";
        let rendered = render(source, &[]);
        assert_eq!(rendered.text, "Voir [là](xxxxxxxxxxxxxxxxx) é\nfin");
        // The expression maps back to its source bytes.
        let filler = rendered.text.find('x').unwrap();
        let span = rendered.to_source(&(filler..filler + 17));
        assert_eq!(&source[span.clone()], "{{ '/x/' | url }}");
        assert!(rendered.is_dynamic(&span));
        let fin = rendered.text.find("fin").unwrap();
        let span = rendered.to_source(&(fin..fin + 3));
        assert_eq!(&source[span.clone()], "fin");
        assert!(!rendered.is_dynamic(&span));
        assert!(!rendered.is_dynamic(&(0..4)));
    }

    #[test]
    fn raw_blocks_stay_literal_and_comments_vanish() {
        let source =
            "{% raw %}{{ x }} [l](/y/){% endraw %} b {% comment %}[c](/z/){% endcomment %}.";
        let rendered = render(source, &[]);
        assert_eq!(rendered.text, "{{ x }} [l](/y/) b .");
        let l = rendered.text.find("/y/").unwrap();
        assert_eq!(&source[rendered.to_source(&(l..l + 3))], "/y/");
    }

    #[test]
    fn whitespace_control_quotes_and_unclosed_tags() {
        let rendered = render("{{ \"}}\" | x }} ok {{ unclosed", &[]);
        assert_eq!(rendered.text, "xxxxxxxxxxxxxx ok {{ unclosed");
        let rendered = render("a\r\n  {%- if x -%}\r\n  b {%- endif %}", &[]);
        assert_eq!(rendered.text, "ab");
        let empty = render("", &[]);
        assert_eq!(empty.to_source(&(0..0)), 0..0);
    }

    #[test]
    fn code_shortcodes_vanish_and_stay_code() {
        let source = "A\n{% highlight \"html\" %}\n<h2 id=\"x\">[l](/y/) {{ z }}</h2>\n{% endhighlight %}\nB {% codeblock %}<a id=\"c\">{% endcodeblock %} {% other %}<b>{% endother %}";
        let shortcodes = ["codeblock".to_owned()];
        let rendered = render(source, &shortcodes);
        assert_eq!(rendered.text, "A\n\nB  <b>");
        let code: Vec<&str> = rendered.code.iter().map(|r| &source[r.clone()]).collect();
        assert_eq!(
            code,
            [
                "{% highlight \"html\" %}\n<h2 id=\"x\">[l](/y/) {{ z }}</h2>\n{% endhighlight %}",
                "{% codeblock %}<a id=\"c\">{% endcodeblock %}"
            ]
        );
        // Never closed: the engine fails; the text stays as written after the tag.
        let rendered = render("{% highlight %}<a id=\"u\">", &[]);
        assert_eq!(rendered.text, "<a id=\"u\">");
        assert!(rendered.code.is_empty());
    }
}
