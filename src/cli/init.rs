//! `vigie init`: writes a `vigie.toml` at the site's root that shows what vigie detected,
//! every setting commented out (detection stays in charge until one is uncommented). Never
//! overwrites a file.

use std::path::Path;

use super::{Outcome, write};
use crate::config::Settings;
use crate::error::{Error, Result};

/// Writes `root/vigie.toml`, or says why not.
pub fn run(root: &Path, out: &mut dyn std::io::Write) -> Result<Outcome> {
    let path = root.join(crate::config::CONFIG_FILE);
    if path.exists() {
        return Err(Error::Root {
            path: path.display().to_string(),
            reason: "it exists already: vigie init never overwrites a file".into(),
        });
    }
    let (site, _) = crate::load(root, None)?;
    let text = template(&site.settings);
    std::fs::write(&path, &text).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    write(out, &format!("vigie: wrote {}\n", path.display()))?;
    Ok(Outcome::Clean)
}

/// Where a setting was found, for its comment.
fn from(settings: &Settings, setting: &str) -> String {
    settings
        .provenance
        .iter()
        .find(|p| p.setting == setting)
        .map_or_else(|| "default".to_owned(), |p| p.source.clone())
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// The commented file for what `settings` detected.
pub fn template(settings: &Settings) -> String {
    let e = &settings.eleventy;
    let mut text = String::from(
        "# vigie.toml — written by `vigie init`. Every setting is commented out: vigie detects\n\
         # it (`vigie check --verbose` says how); uncomment one to override what was detected.\n\n",
    );
    // One commented setting, with where its value was found.
    let line = |key: &str, value: String, setting: &str| {
        format!("# {key} = {value}  # {}\n", from(settings, setting))
    };
    let dir = |value: &str| quoted(if value.is_empty() { "." } else { value });
    let formats: Vec<String> = e.template_formats.iter().map(|f| quoted(f)).collect();
    let url = e
        .site_url
        .as_deref()
        .map_or_else(|| "\"https://…\"".to_owned(), quoted);
    text.push_str("[site]\n");
    text.push_str(&line("url", url, "site-url"));
    text.push_str(&line(
        "eleventy-version",
        e.version.to_string(),
        "eleventy.version",
    ));
    text.push_str(&line(
        "navigation-version",
        e.navigation_version.to_string(),
        "eleventy.navigation-version",
    ));
    for (key, value) in [
        ("input", &e.input),
        ("includes", &e.includes),
        ("data", &e.data),
        ("output", &e.output),
    ] {
        text.push_str(&line(key, dir(value), &format!("eleventy.dir.{key}")));
    }
    text.push_str(&line(
        "template-formats",
        format!("[{}]", formats.join(", ")),
        "eleventy.template-formats",
    ));
    text.push_str("\n[markdown]\n");
    for (key, value) in [
        ("html", e.markdown.html),
        ("breaks", e.markdown.breaks),
        ("linkify", e.markdown.linkify),
    ] {
        text.push_str(&line(key, value.to_string(), "markdown"));
    }
    text.push_str(&line(
        "anchors",
        quoted(e.anchors.as_str()),
        "markdown.anchors",
    ));
    text.push_str(
        "\n[external]\n# offline = false  # true: never request external links\n# timeout = 10  # seconds a request\n\n\
         [front-matter]\n# known-keys = []  # keys the site uses on purpose\n\n\
         [rules]\n# \"a11y/new-window\" = \"warning\"  # error, warning, info or off\n",
    );
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_template_is_valid_toml_and_changes_nothing() {
        let site = crate::testing::build_site(&crate::testing::inputs(&[
            (
                "package.json",
                r#"{ "devDependencies": { "@11ty/eleventy": "^2.0.1" } }"#,
            ),
            (
                "_data/metadata.json",
                r#"{ "url": "https://site.example.org" }"#,
            ),
            ("index.md", "# Accueil\n"),
        ]));
        let text = super::template(&site.settings);
        assert!(
            text.contains("# url = \"https://site.example.org\"  # _data/metadata.json"),
            "{text}"
        );
        assert!(
            text.contains("# eleventy-version = 2  # package.json"),
            "{text}"
        );
        // Commented out, it is an empty configuration; uncommented, a valid one.
        let options: crate::config::options::Options = toml::from_str(&text).unwrap();
        assert!(options.site.is_some() && options.rules.is_some());
        let uncommented: String = text
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|_| !l.starts_with("# vigie") && !l.starts_with("# it"))
                    .unwrap_or(l)
            })
            .map(|l| l.split("  # ").next().unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n");
        let options: crate::config::options::Options =
            toml::from_str(&uncommented).unwrap_or_else(|e| panic!("{e}\n{uncommented}"));
        assert_eq!(options.site.unwrap().eleventy_version, Some(2));
    }
}
