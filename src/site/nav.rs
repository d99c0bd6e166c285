//! The `eleventyNavigation` tree as eleventy-navigation renders it.
