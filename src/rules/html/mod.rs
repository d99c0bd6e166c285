//! HTML rules: markup written in pages that the HTML standard or RGAA set aside, read
//! from the page's markup tree and its tokenizer errors.

pub mod attribute_syntax;
pub mod duplicate_attribute;
pub mod duplicate_id;
pub mod obsolete_attribute;
pub mod stray_end_tag;
pub mod unclosed_element;

use crate::rules::PageContext;
use crate::site::Role;

/// Whether a layout's unclosed element (`closes: false`) or stray end tag (`closes: true`)
/// is balanced by another layout or include rendered with it (a header include opening
/// `<main>`, a footer include closing it): the built page is fine.
fn balanced_by_another_file(cx: &PageContext<'_>, name: &str, closes: bool) -> bool {
    let Role::Shown {
        layout: Some(layout),
        ..
    } = &cx.page.role
    else {
        return false;
    };
    crate::site::render::balanced_elsewhere(
        *layout,
        name,
        closes,
        &cx.site.renders,
        &cx.site.layouts,
    )
}
