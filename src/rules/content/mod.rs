//! Content rules written as data (`rules/*.yml`, a site's own `rules/` folder, `[[rule]]`
//! in vigie.toml): front matter schemas and text patterns, code `content/<id>`.
//!
//! A rule file goes YAML → `YamlNode` (spans kept) → `schema` (raw shape) → `compile`
//! (validated `DataRule`) → `engine` (the `Rule` impl). Every problem on the way is a
//! `content/invalid-rule` diagnostic at its place in the rule file; the other rules still run.

pub mod builtin;
mod compile;
mod docs;
mod engine;
mod from_toml;
mod front_matter_check;
mod model;
mod placeholder;
mod problem;
mod schema;
mod text_check;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::Arc;

use crate::config::CONFIG_FILE;
use crate::diagnostic::Diagnostic;
use crate::parse::yaml::{self, Flavor, YamlNode};
use crate::rules::Rule;
use crate::source::{Inputs, Sources};
pub use model::{Case, DataRule};
use problem::Problem;
pub use problem::{INVALID_RULE, InvalidRule};

/// The folder of a site's own rules, at its root.
pub const SITE_RULES_DIR: &str = "rules";

/// Compiled data rules, and diagnostics about rule files that are broken.
#[derive(Default)]
pub struct Loaded {
    pub rules: Vec<Box<dyn Rule>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Texts of the rule files diagnostics point into.
    pub sources: Sources,
}

/// Loads the built-in rules, the site's `rules/` folder and the rules of vigie.toml. A site
/// rule with the id of a built-in one replaces it (to change its limits or its pages).
pub fn load(inputs: &Inputs, config: &[toml::Value]) -> Loaded {
    let mut loader = Loader::default();
    for (name, text) in builtin::FILES {
        loader.add(name, text, compile_yaml(name, text), true);
    }
    for name in inputs.under(SITE_RULES_DIR).filter(|p| reads(p)) {
        match inputs.file(name) {
            Ok(file) => loader.add(name, &file.text, compile_yaml(name, &file.text), false),
            Err(why) => loader.broken(
                name,
                "",
                vec![Problem::new(
                    0..0,
                    format!("cannot read the rule file: {why}"),
                )],
            ),
        }
    }
    if !config.is_empty() {
        let text = inputs.text(CONFIG_FILE).unwrap_or_default();
        for node in from_toml::rules(config, &text) {
            let result = compile_node(CONFIG_FILE, &node, &text);
            loader.add(CONFIG_FILE, &text, result, false);
        }
    }
    loader.finish()
}

/// Compiles one YAML rule file named `name`; its problems come back as diagnostics.
pub fn compile_file(name: &str, text: &str) -> Result<DataRule, Vec<Diagnostic>> {
    compile_yaml(name, text).map_err(|mut problems| {
        problems.sort_by_key(|p| (p.span.start, p.span.end));
        problems
            .into_iter()
            .map(|p| p.in_file(name).into_diagnostic(name))
            .collect()
    })
}

fn compile_yaml(name: &str, text: &str) -> Result<DataRule, Vec<Problem>> {
    let parsed = yaml::parse(text, 0, Flavor::JsYaml4).map_err(|err| {
        let end = text
            .get(err.offset..)
            .and_then(|rest| rest.chars().next())
            .map_or(err.offset, |c| err.offset + c.len_utf8());
        vec![Problem::new(
            err.offset..end,
            format!("invalid YAML: {}", err.message),
        )]
    })?;
    let mut problems: Vec<Problem> = parsed
        .duplicates
        .iter()
        .map(|dup| {
            Problem::new(
                dup.second.clone(),
                format!("`{}` is written twice", dup.key),
            )
            .with_related(name, dup.first.clone(), "first written here")
        })
        .collect();
    let Some(root) = parsed.root else {
        return Err(vec![Problem::new(0..0, "the rule file is empty")]);
    };
    match compile_node(name, &root, text) {
        Ok(rule) if problems.is_empty() => Ok(rule),
        Ok(_) => Err(problems),
        Err(more) => {
            problems.extend(more);
            Err(problems)
        }
    }
}

fn compile_node(name: &str, root: &YamlNode, text: &str) -> Result<DataRule, Vec<Problem>> {
    let mut problems = Vec::new();
    let raw = schema::read_rule(root, &mut problems);
    match compile::compile(raw, name, text) {
        Ok(rule) if problems.is_empty() => Ok(rule),
        Ok(_) => Err(problems),
        Err(more) => {
            problems.extend(more);
            Err(problems)
        }
    }
}

/// Whether `path` is a rule file of the site: `*.yml` or `*.yaml` under `rules/`, hidden
/// entries skipped.
pub fn reads(path: &str) -> bool {
    let Some(below) = path
        .strip_prefix(SITE_RULES_DIR)
        .and_then(|p| p.strip_prefix('/'))
    else {
        return false;
    };
    !below.split('/').any(|part| part.starts_with('.'))
        && (below.ends_with(".yml") || below.ends_with(".yaml"))
}

#[derive(Default)]
struct Loader {
    /// Compiled rules and whether each is built in.
    rules: Vec<(DataRule, bool)>,
    /// The text of every rule file read, for diagnostics that point back at an earlier one.
    texts: HashMap<String, Arc<str>>,
    diagnostics: Vec<Diagnostic>,
    sources: Sources,
}

impl Loader {
    fn add(
        &mut self,
        file: &str,
        text: &str,
        result: Result<DataRule, Vec<Problem>>,
        builtin: bool,
    ) {
        self.texts
            .entry(file.to_owned())
            .or_insert_with(|| text.into());
        let rule = match result {
            Ok(rule) => rule,
            Err(problems) => return self.broken(file, text, problems),
        };
        let existing = self
            .rules
            .iter()
            .enumerate()
            .find(|(_, (r, _))| r.id == rule.id);
        match existing {
            Some((i, (_, true))) if !builtin => {
                self.rules.remove(i);
            }
            Some((_, (first, _))) => {
                let problem = Problem::new(
                    rule.id_span.clone(),
                    format!("a rule with the id `{}` already exists", rule.id),
                )
                .with_help("give each rule its own id")
                .with_related(
                    &first.file,
                    first.id_span.clone(),
                    "first defined here",
                );
                if let Some(first_text) = self.texts.get(&first.file) {
                    self.sources.insert(first.file.clone(), first_text.clone());
                }
                return self.broken(file, text, vec![problem]);
            }
            None => {}
        }
        self.rules.push((rule, builtin));
    }

    fn broken(&mut self, file: &str, text: &str, problems: Vec<Problem>) {
        self.sources.insert(file.to_owned(), text.into());
        for problem in problems {
            self.diagnostics
                .push(problem.in_file(file).into_diagnostic(file));
        }
    }

    fn finish(self) -> Loaded {
        let mut rules: Vec<Box<dyn Rule>> = vec![Box::new(InvalidRule)];
        rules.extend(
            self.rules
                .into_iter()
                .map(|(rule, _)| Box::new(rule) as Box<dyn Rule>),
        );
        Loaded {
            rules,
            diagnostics: self.diagnostics,
            sources: self.sources,
        }
    }
}
