//! Loading rule files (site folder, vigie.toml, duplicates, broken files) and running the
//! engine on real sites built in temporary folders.

#![allow(clippy::string_slice, reason = "test code: a panic is a failing test")]

use std::path::Path;

use super::{DataRule, compile_file};
use crate::diagnostic::Diagnostic;
use crate::rules::Rule;
use crate::source::Sources;
use crate::testing::{build_site, inputs, run_rule};

fn rule(yaml: &str) -> DataRule {
    compile_file("rules/test.yml", yaml).unwrap_or_else(|d| panic!("{d:#?}"))
}

/// Runs one rule on a site made of `files`.
fn run(yaml: &str, files: &[(&str, &str)]) -> Vec<Diagnostic> {
    let inputs = inputs(files);
    run_rule(&rule(yaml), &build_site(&inputs))
}

fn text_at<'a>(files: &[(&str, &'a str)], d: &Diagnostic) -> &'a str {
    let text = files.iter().find(|(n, _)| *n == d.file).unwrap().1;
    &text[d.span.clone()]
}

fn check(inputs: &crate::source::Inputs) -> crate::Report {
    crate::check_inputs(inputs, Path::new("."), &crate::CheckOptions::default()).unwrap()
}

fn render(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    crate::report::human::render(diagnostics, sources, false, 100)
}

const BROKEN: &str = "\
id: Gazette_Tag
severity: loud
mesage: a gazette issue has the `bluehats` tag
files: ['gazette/[ab']
front-matter:
  properties:
    tags: { type: strng, contains: bluehats }
    title: { pattern: 'é[z-a]' }
";

#[test]
fn every_problem_of_a_rule_file_is_at_its_place() {
    let diagnostics = compile_file("rules/broken.yml", BROKEN).unwrap_err();
    let at: Vec<(&str, &str)> = diagnostics
        .iter()
        .map(|d| (&BROKEN[d.span.clone()], d.message.as_str()))
        .collect();
    assert!(diagnostics.iter().all(|d| d.code == "content/invalid-rule"));
    assert!(
        at.contains(&("mesage", "unknown field `mesage` in a rule")),
        "{at:#?}"
    );
    assert!(at.contains(&("Gazette_Tag", "`Gazette_Tag` is not a kebab-case id")));
    assert!(at.contains(&("loud", "`loud` is not a severity")));
    assert!(at.contains(&(
        "'gazette/[ab'",
        "invalid glob: unclosed character class; missing ']'"
    )));
    assert!(at.contains(&("strng", "unknown type `strng`")));
    assert!(at.contains(&(
        "z-a",
        "invalid regex: invalid character class range, the start must be <= the end"
    )));
    assert!(
        at.iter()
            .any(|(text, m)| text.starts_with("id:") && *m == "rule has no `message`")
    );
    let typo = diagnostics
        .iter()
        .find(|d| d.message.contains("mesage"))
        .unwrap();
    assert_eq!(typo.help.as_deref(), Some("did you mean `message`?"));
    let sources = Sources::from([("rules/broken.yml".to_owned(), BROKEN.into())]);
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("invalid_rule", render(&diagnostics, &sources));
    });
}

#[test]
fn yaml_errors_and_duplicate_keys_are_reported() {
    let bad = "id: a\nmessage: [unclosed\n";
    let diagnostics = compile_file("r.yml", bad).unwrap_err();
    assert_eq!(diagnostics.len(), 1);
    assert!(
        diagnostics[0].message.starts_with("invalid YAML"),
        "{diagnostics:?}"
    );
    assert!(diagnostics[0].span.start >= 15, "{diagnostics:?}");

    let twice = "id: a\nid: b\nmessage: m\ntext: { forbidden: x }\n";
    let diagnostics = compile_file("r.yml", twice).unwrap_err();
    assert_eq!(diagnostics[0].message, "`id` is written twice");
    assert_eq!(diagnostics[0].span, 6..8);
    assert_eq!(diagnostics[0].related[0].span, 0..2);
    assert_eq!(diagnostics[0].related[0].file, "r.yml");

    let empty = compile_file("r.yml", "# nothing\n").unwrap_err();
    assert_eq!(empty[0].message, "the rule file is empty");
}

#[test]
fn a_rule_needs_one_check_and_known_placeholders() {
    let none = compile_file("r.yml", "id: a\nmessage: m\n").unwrap_err();
    assert_eq!(none[0].message, "rule has no check");
    assert_eq!(none[0].span, 0..5);

    let two = "id: a\nmessage: m\ntext: { forbidden: x }\nfront-matter: { required: [a] }\n";
    let diagnostics = compile_file("r.yml", two).unwrap_err();
    assert_eq!(&two[diagnostics[0].span.clone()], "front-matter");

    // A misspelt field is reported once, not again as "checks nothing".
    let typo = "id: a\nmessage: m\ntext: { forbiden: x }\n";
    let diagnostics = compile_file("r.yml", typo).unwrap_err();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(&typo[diagnostics[0].span.clone()], "forbiden");

    let placeholder = "id: a\nmessage: '{match} in {key}'\ntext: { forbidden: x }\n";
    let diagnostics = compile_file("r.yml", placeholder).unwrap_err();
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(&placeholder[diagnostics[0].span.clone()], "{key}");
}

const GAZETTE_RULE: &str = "\
id: gazette-tag
message: a gazette issue is tagged `bluehats`
help: add `bluehats` to `tags`
files: gazette/*.md
exclude: gazette/index.md
front-matter:
  required: [date]
  properties:
    tags: { contains: bluehats }
";

#[test]
fn contains_reads_the_union_of_every_layer() {
    let files = [
        ("gazette/gazette.json", "{ \"tags\": [\"gazette\"] }"),
        (
            "gazette/n1.md",
            "---\ndate: 2019-04-01\ntags: bluehats\n---\n",
        ),
        ("gazette/n2.md", "---\ndate: 2019-05-01\ntags: autre\n---\n"),
        ("gazette/index.md", "---\ntitle: Index\n---\n"),
        ("posts/a.md", "---\ntitle: Not a gazette\n---\n"),
    ];
    let found = run(GAZETTE_RULE, &files);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].file, "gazette/n2.md");
    assert_eq!(text_at(&files, &found[0]), "autre");
    assert_eq!(found[0].label.as_deref(), Some("`tags` has no `bluehats`"));

    // Tags given by the directory data file count.
    let files = [
        ("gazette/gazette.json", "{ \"tags\": [\"bluehats\"] }"),
        ("gazette/n1.md", "---\ndate: 2019-04-01\ntags: autre\n---\n"),
    ];
    assert!(run(GAZETTE_RULE, &files).is_empty());
}

#[test]
fn a_value_from_a_data_file_is_reported_in_that_file() {
    let yaml = "id: a\nmessage: '`{key}` is {type}'\nfront-matter:\n  properties:\n    draft: { type: boolean }\n";
    let files = [
        ("posts/posts.json", "{ \"draft\": \"no\" }"),
        ("posts/a.md", "A"),
        ("posts/b.md", "B"),
    ];
    let inputs = inputs(&files);
    let site = build_site(&inputs);
    let mut found = run_rule(&rule(yaml), &site);
    crate::diagnostic::sort(&mut found);
    // Both pages inherit the same value: one diagnostic, in the data file.
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].file, "posts/posts.json");
    assert_eq!(text_at(&files, &found[0]), "\"no\"");
    assert_eq!(found[0].message, "`draft` is a string");
}

#[test]
fn layouts_match_through_aliases_and_extensions() {
    let yaml =
        "id: a\nmessage: post without date\nlayouts: post\nfront-matter: { required: date }\n";
    let files = [
        (
            ".eleventy.js",
            "module.exports = (c) => { c.addLayoutAlias('post', 'layouts/post.njk'); };",
        ),
        ("_includes/layouts/post.njk", "{{ content | safe }}"),
        ("a.md", "---\nlayout: post\n---\n"),
        ("b.md", "---\nlayout: layouts/post.njk\n---\n"),
        ("c.md", "---\nlayout: layouts/post\n---\n"),
        ("d.md", "---\nlayout: layouts/page.njk\n---\n"),
        ("e.md", "No layout\n"),
    ];
    let found: Vec<String> = run(yaml, &files).into_iter().map(|d| d.file).collect();
    assert_eq!(found, ["a.md", "b.md", "c.md"]);
}

#[test]
fn tags_select_pages_by_their_collections() {
    let yaml =
        "id: a\nmessage: '{tags}: no date'\ntags: 'gazette-*'\nfront-matter: { required: date }\n";
    let files = [
        ("gazette/gazette.json", "{ \"tags\": [\"gazette-2019\"] }"),
        ("gazette/n1.md", "---\ntags: bluehats\n---\n"),
        ("posts/a.md", "---\ntags: bluehats\n---\n"),
    ];
    let found = run(yaml, &files);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].file, "gazette/n1.md");
    assert_eq!(found[0].message, "bluehats, gazette-2019: no date");
}

#[test]
fn schemas_check_types_enums_lengths_items_and_nested_keys() {
    let yaml = "\
id: a
message: '`{key}`: {value}'
front-matter:
  required: [eleventyNavigation.key]
  forbidden: [permalink]
  properties:
    lang: { enum: [fr, en] }
    tags: { min-length: 3, items: { type: string } }
";
    let page =
        "---\nlang: de\ntags: [posts, 3]\npermalink: /x/\neleventyNavigation:\n  order: 1\n---\n";
    let files = [("page.md", page)];
    let found = run(yaml, &files);
    let at: Vec<(&str, Option<&str>)> = found
        .iter()
        .map(|d| (text_at(&files, d), d.label.as_deref()))
        .collect();
    assert_eq!(
        at,
        [
            (
                "---",
                Some("no `eleventyNavigation.key` in the front matter or the data files")
            ),
            ("de", Some("`de` is not one of fr, en")),
            ("[posts, 3]", Some("2 items, at least 3 expected")),
            ("3", Some("a number, expected a string")),
            ("permalink", Some("`permalink` is not allowed here")),
        ]
    );
    // `{value}` is the value, even when the key is what is reported.
    assert_eq!(found[4].message, "`permalink`: /x/");
    assert_eq!(found[1].message, "`lang`: de");
}

#[test]
fn text_rules_report_each_match_and_missing_text() {
    let forbidden =
        "id: a\nmessage: '`{match}` is forbidden'\ntext:\n  forbidden: 'local(?P<match>host)'\n";
    let page =
        "---\ntitle: A\n---\nSee http://localhost and `localhost` and\n\n```\nlocalhost\n```\n";
    let files = [("page.md", page)];
    let found = run(forbidden, &files);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].span.start, page.find("host and").unwrap());
    assert_eq!(found[0].message, "`host` is forbidden");
    let in_code = format!("{forbidden}  in-code: true\n");
    assert_eq!(run(&in_code, &files).len(), 3);

    let required = "id: a\nmessage: no licence\nfiles: '*.md'\ntext: { required: '(?i)licence' }\n";
    let found = run(
        required,
        &[("page.md", page), ("ok.md", "Licence Etalab\n")],
    );
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].file.as_str(), found[0].span.clone()),
        ("page.md", 0..3)
    );
}

#[test]
fn a_match_inside_blanked_code_does_not_split_a_character() {
    let yaml = "id: a\nmessage: m\ntext: { forbidden: ' {3}' }\n";
    let found = run(yaml, &[("page.md", "a `é` b\n")]);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[1].span, 3..7);
}

#[test]
fn front_matter_rules_skip_pages_whose_yaml_is_broken() {
    let yaml = "id: a\nmessage: no title\nfront-matter: { required: title }\n";
    assert!(run(yaml, &[("page.md", "---\ntitle: [oops\n---\n")]).is_empty());
    assert_eq!(run(yaml, &[("page.md", "No front matter\n")]).len(), 1);
}

#[test]
fn site_rules_and_vigie_toml_rules_run_with_the_builtin_ones() {
    let inputs = inputs(&[
        ("rules/gazette.yml", GAZETTE_RULE),
        (
            "vigie.toml",
            "[[rule]]\nid = \"no-todo\"\nmessage = \"`{match}` left in the page\"\ntext = { forbidden = 'TODO' }\n",
        ),
        ("gazette/n1.md", "---\ntags: bluehats\n---\nTODO: write\n"),
        ("page.md", "---\ndraft: no\n---\n"),
        // The gazette is listed by date: its numbers need one.
        (
            "gazette.njk",
            "{% for n in collections.bluehats %}{{ n.date | readableDate }}{% endfor %}",
        ),
    ]);
    let report = check(&inputs);
    let codes: Vec<(&str, &str)> = report
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("content/"))
        .map(|d| (d.code.as_str(), d.file.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("content/gazette-tag", "gazette/n1.md"),
            ("content/tagged-page-without-date", "gazette/n1.md"),
            ("content/no-todo", "gazette/n1.md"),
            ("content/boolean-as-string", "page.md"),
        ]
    );
}

#[test]
fn a_broken_rule_file_is_a_diagnostic_and_the_others_still_run() {
    let inputs = inputs(&[
        ("rules/broken.yml", BROKEN),
        ("rules/nested/gazette.yml", GAZETTE_RULE),
        ("rules/nested/again.yaml", GAZETTE_RULE),
        ("rules/notes.txt", "not a rule"),
        (
            "vigie.toml",
            "[[rule]]\nid = \"x\"\nmessage = \"m\"\ntext = { forbidden = '(' }\n",
        ),
        ("gazette/n1.md", "---\ndate: 2019-04-01\n---\n"),
    ]);
    let report = check(&inputs);
    let invalid: Vec<(&str, String)> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "content/invalid-rule")
        .map(|d| (d.file.as_str(), d.message.clone()))
        .collect();
    assert_eq!(
        invalid
            .iter()
            .filter(|(f, _)| *f == "rules/broken.yml")
            .count(),
        7,
        "{invalid:#?}"
    );
    let duplicate = report
        .diagnostics
        .iter()
        .find(|d| d.message.contains("already exists"))
        .unwrap();
    assert_eq!(duplicate.file, "rules/nested/gazette.yml");
    assert_eq!(duplicate.related[0].file, "rules/nested/again.yaml");
    let toml = report
        .diagnostics
        .iter()
        .find(|d| d.file == "vigie.toml")
        .unwrap();
    let text = inputs.text("vigie.toml").unwrap();
    assert_eq!(&text[toml.span.clone()], "(");
    // The valid rule still ran, and the reporter has every text it points into.
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.code == "content/gazette-tag")
    );
    for file in ["rules/broken.yml", "rules/nested/again.yaml", "vigie.toml"] {
        assert!(report.sources.contains_key(file), "{file} not in sources");
    }
    assert!(report.has_errors());
}

#[test]
fn a_site_rule_replaces_the_builtin_rule_with_its_id() {
    let own = "\
id: description-too-long
severity: warning
message: '`description` is {length} characters, we keep them under 20'
front-matter:
  properties:
    description: { max-length: 20 }
";
    let inputs = inputs(&[
        ("rules/description.yml", own),
        (
            "page.md",
            "---\ndescription: Une description de trente caractères\n---\n",
        ),
    ]);
    let report = check(&inputs);
    let found: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "content/description-too-long")
        .collect();
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].message,
        "`description` is 36 characters, we keep them under 20"
    );
    assert_eq!(found[0].severity, crate::Severity::Warning);
}

#[test]
fn data_rules_are_listed_and_explained_like_rust_rules() {
    let loaded = super::load(&crate::source::Inputs::default(), &[]);
    let codes: Vec<String> = loaded
        .rules
        .iter()
        .map(|r| r.meta().code.to_string())
        .collect();
    assert!(codes.contains(&"content/invalid-rule".to_owned()));
    assert!(codes.contains(&"content/tagged-page-without-date".to_owned()));
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let rule = rule(GAZETTE_RULE);
    let docs = &rule.meta().docs;
    assert_eq!(
        rule.meta().summary(),
        "a gazette issue is tagged `bluehats`"
    );
    assert!(
        docs.contains("- Pages: `gazette/*.md`\n- Except: `gazette/index.md`"),
        "{docs}"
    );
    assert!(
        docs.contains("- `date` is required\n- `tags`: contains `bluehats`"),
        "{docs}"
    );
    assert!(docs.contains("- Rule file: `rules/test.yml`"), "{docs}");
}

#[test]
fn builtin_docs_show_the_cases_as_examples() {
    let loaded = super::load(&crate::source::Inputs::default(), &[]);
    let rule = loaded
        .rules
        .iter()
        .find(|r| r.meta().code == "content/tagged-page-without-date")
        .unwrap();
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("tagged_page_without_date_docs", rule.meta().docs);
    });
}
