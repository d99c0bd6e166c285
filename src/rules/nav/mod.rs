//! Navigation rules: `eleventyNavigation` keys, parents and order, with the semantics of the
//! eleventy-navigation version the site uses.

use crate::rules::Rule;

/// Every navigation rule.
pub fn rules() -> Vec<Box<dyn Rule>> {
    Vec::new()
}
