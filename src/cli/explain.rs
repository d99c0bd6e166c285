//! `vigie explain CODE` and `vigie rules`: the rules' own documentation.

use super::{Outcome, write};
use crate::error::{Error, Result};
use crate::rules::{FixAvailability, Rule};

/// The built-in rules and the content rules of the site in the current directory
/// (its `rules/` folder and the `[[rule]]` tables of its vigie.toml).
fn all_rules() -> Vec<Box<dyn Rule>> {
    let mut rules = crate::rules::builtin();
    let root = std::env::current_dir().unwrap_or_default();
    // Outside a site (or in a broken one) the built-in rules are still explained.
    let Ok(inputs) = crate::reader(&root, None).and_then(|mut r| crate::read_inputs(r.as_mut()))
    else {
        return rules;
    };
    let config_rules = crate::config::load(&inputs)
        .map(|l| l.rules)
        .unwrap_or_default();
    rules.extend(crate::rules::content::load(&inputs, &config_rules).rules);
    rules
}

pub fn explain(code: &str, out: &mut dyn std::io::Write) -> Result<Outcome> {
    let rules = all_rules();
    let Some(rule) = rules.iter().find(|r| r.meta().code == code) else {
        let known = rules.iter().map(|r| r.meta().code.as_ref());
        let hint = crate::rules::closest(code, known)
            .map_or(String::new(), |c| format!(" (did you mean `{c}`?)"));
        return Err(Error::UnknownRule {
            code: code.to_owned(),
            hint,
        });
    };
    let meta = rule.meta();
    let mut text = format!("# {} ({})\n\n", meta.code, meta.severity);
    text.push_str(&meta.documentation());
    text.push('\n');
    match meta.fix {
        FixAvailability::Always => {
            text.push_str("\nEvery finding comes with a fix (`fix` in `--format json`).\n")
        }
        FixAvailability::Sometimes => {
            text.push_str("\nSome findings come with a fix (`fix` in `--format json`).\n")
        }
        FixAvailability::None => {}
    }
    if let Some(url) = &meta.url {
        text.push_str(&format!("\nSee {url}\n"));
    }
    write(out, &text)?;
    Ok(Outcome::Clean)
}

pub fn list(out: &mut dyn std::io::Write) -> Result<Outcome> {
    let mut rules = all_rules();
    rules.sort_by(|a, b| a.meta().code.cmp(&b.meta().code));
    let mut text = String::new();
    for rule in &rules {
        let meta = rule.meta();
        let fix = match (meta.fix, meta.safe_fix) {
            (FixAvailability::None, _) => "",
            (_, true) => "fix",
            (_, false) => "unsafe",
        };
        // Rules that only read what the HTTP check found say nothing with `--offline`.
        let online = if matches!(
            meta.code.as_ref(),
            "external/broken" | "external/flaky" | "external/unverifiable" | "external/embed-title"
        ) {
            "online"
        } else {
            ""
        };
        text.push_str(&format!(
            "{:<36} {:<8} {:<6} {:<6} {}\n",
            meta.code,
            meta.severity.as_str(),
            fix,
            online,
            meta.summary()
        ));
    }
    write(out, &text)?;
    Ok(Outcome::Clean)
}
