//! `DataRule` as a `Rule`: selects pages by path and layout, runs its check, and turns each
//! finding into a diagnostic in the file the offending value was written in.

use std::ops::Range;

use super::model::{Check, DataRule};
use super::placeholder;
use super::{front_matter_check, text_check};
use crate::parse::front_matter::FrontMatter;
use crate::parse::yaml::{Value, YamlNode};
use crate::rules::{PageContext, Rule, RuleMeta};
use crate::site::{LayerSource, Page, Site, layout};

/// Something a check found on a page.
#[derive(Debug)]
pub(super) struct Finding {
    /// The file the bytes are in, as a place of the page's cascade.
    pub(super) origin: LayerSource,
    pub(super) span: Range<usize>,
    /// What is wrong exactly there; the message says it otherwise.
    pub(super) label: Option<String>,
    /// Whether `span` is the offending value itself (then `{value}` is shown as written).
    pub(super) at_value: bool,
    pub(super) vars: Vars,
}

/// What placeholders are replaced with.
#[derive(Debug, Default)]
pub(super) struct Vars {
    pub(super) key: Option<String>,
    pub(super) value: Option<String>,
    pub(super) kind: Option<&'static str>,
    pub(super) length: Option<usize>,
    pub(super) matched: Option<String>,
    /// The page's tags, every layer's.
    pub(super) tags: Option<String>,
}

impl Vars {
    /// The placeholders of the value of `key` (`None` when it is absent).
    pub(super) fn of(key: &str, node: Option<&YamlNode>) -> Self {
        Self {
            key: Some(key.to_owned()),
            value: node.map(YamlNode::display),
            kind: node.map(YamlNode::kind),
            length: node.and_then(length),
            matched: None,
            tags: None,
        }
    }

    fn get(&self, name: &str) -> Option<String> {
        Some(match name {
            "key" => self.key.clone().unwrap_or_default(),
            "value" => self.value.clone().unwrap_or_default(),
            "type" => self.kind.unwrap_or("missing").to_owned(),
            "length" => self.length.unwrap_or(0).to_string(),
            "match" => self.matched.clone().unwrap_or_default(),
            "tags" => self.tags.clone().unwrap_or_default(),
            _ => return None,
        })
    }
}

/// Characters of a string, items of a list.
pub(super) fn length(node: &YamlNode) -> Option<usize> {
    match &node.value {
        Value::String { text, .. } => Some(text.chars().count()),
        Value::Seq(items) => Some(items.len()),
        _ => None,
    }
}

impl Rule for DataRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_page(&self, cx: &mut PageContext<'_>) {
        let (page, site) = (cx.page, cx.site);
        if !self.selects(page, site) {
            return;
        }
        let findings = match &self.check {
            // Front matter vigie cannot read is reported by the front-matter rules.
            Check::FrontMatter(_) if !readable(page) => return,
            Check::FrontMatter(check) => front_matter_check::check(check, page),
            Check::Text(check) => text_check::check(check, page),
        };
        for finding in findings {
            self.report(cx, finding);
        }
    }
}

/// Whether a template lists one of the page's collections by date, or a feed publishes it
/// (`all`, as sitemaps list it, counts for every page in collections).
fn in_dated_collection(page: &Page, site: &Site) -> bool {
    let dated = &site.dated_collections;
    let tags = page.data.tags();
    let in_all = !page
        .data
        .get("eleventyExcludeFromCollections")
        .is_some_and(|(v, _)| v.is_truthy());
    (in_all && dated.contains("all")) || tags.iter().any(|t| dated.contains(t))
}

impl DataRule {
    fn selects(&self, page: &Page, site: &Site) -> bool {
        let path = page.input_path.as_str();
        if self
            .select
            .files
            .as_ref()
            .is_some_and(|g| !g.is_match(path))
            || self
                .select
                .exclude
                .as_ref()
                .is_some_and(|g| g.is_match(path))
        {
            return false;
        }
        if let Some(tags) = &self.select.tags
            && !page.data.tags().iter().any(|tag| tags.is_match(tag))
        {
            return false;
        }
        if self.select.dated && !in_dated_collection(page, site) {
            return false;
        }
        if self.select.layouts.is_empty() {
            return true;
        }
        let Some(key) = page.data.get("layout").and_then(|(l, _)| layout::key_of(l)) else {
            return false;
        };
        self.select
            .layouts
            .iter()
            .any(|wanted| same_layout(site, key, wanted))
    }

    fn report(&self, cx: &mut PageContext<'_>, mut finding: Finding) {
        let (page, site) = (cx.page, cx.site);
        let text = origin_text(page, site, finding.origin);
        // A value's span: trimmed, and `{value}` as written.
        if finding.at_value {
            finding.span = trim_end(text, finding.span);
            if let Some(written) = written(text, &finding.span) {
                finding.vars.value = Some(written.to_owned());
            }
        }
        finding.vars.tags = Some(page.data.tags().join(", "));
        let vars = &finding.vars;
        let fill = |template: &str| placeholder::render(template, |name| vars.get(name));
        let file = site.origin_file(page, finding.origin);
        let label = self.label.as_deref().map(fill).or(finding.label);
        let help = self.help.as_deref().map(fill);
        let mut report = cx.report_in(file, finding.span.clone(), fill(&self.message));
        report.label = label;
        report.help = help;
    }
}

/// The text of the file a cascade value was written in.
fn origin_text<'a>(page: &'a Page, site: &'a Site, origin: LayerSource) -> &'a str {
    match origin {
        LayerSource::FrontMatter => &page.file.text,
        LayerSource::DataFile(i) => site.data_files.get(i).map_or("", |d| &d.file.text),
        LayerSource::Layout(i) => site.layouts.get(i).map_or("", |l| &l.file.text),
    }
}

/// `span` without the blanks that may follow a flow scalar (`"no" }`).
fn trim_end(text: &str, span: Range<usize>) -> Range<usize> {
    match text.get(span.clone()) {
        Some(written) if !written.trim_end().is_empty() => {
            span.start..span.start + written.trim_end().len()
        }
        _ => span,
    }
}

/// A value as written (`"false"` with its quotes), when it fits on one short line.
fn written<'a>(text: &'a str, span: &Range<usize>) -> Option<&'a str> {
    text.get(span.clone())
        .filter(|w| !w.is_empty() && !w.contains('\n') && w.chars().count() <= 60)
}

/// Whether the page's data is known: no front matter, or YAML that parsed.
fn readable(page: &Page) -> bool {
    match &page.split.front_matter {
        FrontMatter::Absent => true,
        FrontMatter::Parsed(block) => block.result.is_ok(),
        FrontMatter::Unclosed { .. } | FrontMatter::Unevaluated { .. } => false,
    }
}

/// Whether the layout key `key` names the layout `wanted`: as written, through an alias,
/// or as the same file with or without its extension.
fn same_layout(site: &Site, key: &str, wanted: &str) -> bool {
    if key == wanted {
        return true;
    }
    let (a, b) = (site.resolve_layout(key), site.resolve_layout(wanted));
    if a.found.is_some() && a.found == b.found {
        return true;
    }
    without_extension(&a.path) == without_extension(&b.path)
}

fn without_extension(path: &str) -> &str {
    layout::EXTENSIONS
        .iter()
        .find_map(|ext| path.strip_suffix(ext)?.strip_suffix('.'))
        .unwrap_or(path)
}
