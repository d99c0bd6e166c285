//! HTML rules: markup written in pages that the HTML standard or RGAA set aside, read
//! from the page's markup tree and its tokenizer errors.

pub mod attribute_syntax;
pub mod duplicate_attribute;
pub mod duplicate_id;
pub mod obsolete_attribute;
pub mod stray_end_tag;
pub mod unclosed_element;
