//! Where a Markdown page's code is has one answer, the page's Markdown walk: a suppression
//! comment written there is an example (it silences nothing and is never unused), and a
//! text rule does not judge what is written there. Each case runs `vigie::check` on a mini
//! site whose text rule forbids `localhost`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a failing test"
)]

use std::path::Path;

const RULE: &str = "id: localhost\nmessage: no localhost\ntext: { forbidden: localhost }\n";

fn write(root: &Path, name: &str, text: &str) {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `(line, code)` of every finding on `page.md`, made of `body`, for Eleventy `version`.
fn findings(version: u8, body: &str) -> Vec<(usize, String)> {
    let dir = tempfile::tempdir().unwrap();
    let package = format!("{{\"devDependencies\": {{\"@11ty/eleventy\": \"^{version}.0.0\"}}}}");
    write(dir.path(), "package.json", &package);
    write(dir.path(), "rules/localhost.yml", RULE);
    let text = format!("---\ntitle: Page\n---\n{body}");
    write(dir.path(), "page.md", &text);
    let report = vigie::check(dir.path()).unwrap();
    report
        .diagnostics
        .iter()
        .filter(|d| d.file == "page.md")
        .map(|d| {
            let line = text[..d.span.start].matches('\n').count() + 1 - 3;
            (line, d.code.clone())
        })
        .collect()
}

fn localhost(lines: &[usize]) -> Vec<(usize, String)> {
    lines
        .iter()
        .map(|&line| (line, "content/localhost".to_owned()))
        .collect()
}

#[test]
fn a_comment_in_a_fenced_block_silences_nothing_and_its_words_are_not_judged() {
    let body = "```html\n<!-- vigie-disable -->\nhttp://localhost\n```\n\nlocalhost\n";
    // Line 6, after the block: reported, as the comment in the block is an example.
    assert_eq!(findings(2, body), localhost(&[6]));
}

#[test]
fn a_fence_inside_a_list_item_is_code() {
    let body =
        "- Lancer :\n\n  ```sh\n  <!-- vigie-disable -->\n  curl localhost\n  ```\n- localhost\n";
    assert_eq!(findings(2, body), localhost(&[7]));
}

#[test]
fn a_comment_in_a_code_span_silences_nothing_and_its_words_are_not_judged() {
    let body = "Écrire `<!-- vigie-disable-line content/localhost -->` devant `localhost`, \
                pas localhost.\n";
    assert_eq!(findings(2, body), localhost(&[1]));
}

#[test]
fn indented_lines_are_code_for_eleventy_1_and_text_from_eleventy_2() {
    let body = "Intro\n\n    localhost <!-- vigie-disable -->\n\nlocalhost\n";
    // Eleventy 1: a code block, whose word and comment are examples.
    assert_eq!(findings(1, body), localhost(&[5]));
    // Eleventy 2 disables indented code: a paragraph, whose comment silences what follows.
    assert_eq!(findings(2, body), localhost(&[3]));
}

#[test]
fn a_comment_outside_code_still_silences() {
    let body = "`localhost` <!-- vigie-disable-line content/localhost --> localhost\n";
    assert_eq!(findings(2, body), []);
}
