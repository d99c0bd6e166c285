//! HTML rules: markup written in pages that the HTML standard or RGAA set aside, read
//! from the page's markup tree and its tokenizer errors.

pub mod attribute_syntax;
pub mod duplicate_attribute;
pub mod duplicate_id;
pub mod obsolete_attribute;
pub mod stray_end_tag;
pub mod unclosed_element;

use std::sync::LazyLock;

use regex::Regex;

use crate::rules::PageContext;
use crate::site::Role;

/// Whether a layout's unclosed element (`closes: false`) or stray end tag (`closes: true`)
/// is balanced by another layout or include rendered with it: a header include opening
/// `<main>` that a footer include closes. Tags are counted in the other file's text,
/// whatever its template tags do: one more `</main>` than `<main>` there balances.
fn balanced_by_another_file(cx: &PageContext<'_>, name: &str, closes: bool) -> bool {
    #[allow(
        clippy::expect_used,
        reason = "a pattern literal: whether it compiles does not depend on the input"
    )]
    static TAG: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"<(/?)([A-Za-z][A-Za-z0-9-]*)").expect("regex"));
    let Role::Shown {
        layout: Some(layout),
        ..
    } = &cx.page.role
    else {
        return false;
    };
    let site = cx.site;
    site.renders
        .rendered_with(*layout)
        .into_iter()
        .filter_map(|other| site.layouts.get(other))
        .any(|other| {
            let (mut opened, mut closed) = (0usize, 0usize);
            for caps in TAG.captures_iter(&other.file.text) {
                if caps[2].eq_ignore_ascii_case(name) {
                    if caps[1].is_empty() {
                        opened += 1;
                    } else {
                        closed += 1;
                    }
                }
            }
            if closes {
                opened > closed
            } else {
                closed > opened
            }
        })
}
