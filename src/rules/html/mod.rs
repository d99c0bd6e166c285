//! HTML rules: markup written in pages that the HTML standard or RGAA set aside.

pub mod obsolete_attribute;
