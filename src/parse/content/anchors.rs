//! Heading ids as the site's anchor plugin generates them (`AnchorProfile`), with the
//! plugin's numbering of duplicates.

use std::collections::{HashMap, HashSet};

use crate::config::AnchorProfile;
use crate::parse::slug::{eleventy_slugify, is_js_space};

/// Gives ids to the headings of one rendered document, in order.
pub(super) struct HeadingIds {
    profile: AnchorProfile,
    version: u8,
    taken: HashSet<String>,
    /// Per slug, the suffix to try next: `slug-1 … slug-(n-1)` are taken (ids are never
    /// released), so the search resumes there and many equal titles stay linear. For
    /// IdAttributePlugin, how many times the id was given.
    next_suffix: HashMap<String, usize>,
}

impl HeadingIds {
    pub(super) fn new(profile: AnchorProfile, version: u8) -> Self {
        Self {
            profile,
            version,
            taken: HashSet::new(),
            next_suffix: HashMap::new(),
        }
    }

    /// Whether the ids the site gives headings are known (not from a function of the
    /// site's own).
    pub(super) fn known(&self) -> bool {
        self.profile != AnchorProfile::SiteSlugify
    }

    /// An id written for a heading (`{#id}` of markdown-it-attrs): the plugin keeps it and
    /// numbers later equal slugs around it.
    pub(super) fn reserve(&mut self, id: &str) {
        if self.profile == AnchorProfile::IdAttribute {
            *self.next_suffix.entry(id.to_owned()).or_insert(0) += 1;
        }
        self.taken.insert(id.to_owned());
    }

    /// The id of the next heading titled `title`, or `None` when the site gives none.
    pub(super) fn next(&mut self, title: &str) -> Option<String> {
        let slug = match self.profile {
            AnchorProfile::None | AnchorProfile::SiteSlugify => return None,
            AnchorProfile::MarkdownItAnchor => markdown_it_anchor_slug(title),
            AnchorProfile::EleventySlugify => eleventy_slugify(title, self.version),
            AnchorProfile::Github => github_slug(title),
            AnchorProfile::IdAttribute => {
                // IdAttributePlugin counts each id: the second `x` is `x-2`, the third `x-3`,
                // without looking whether that one is taken (Eleventy 3,
                // src/Plugins/IdAttributePlugin.js).
                let slug = eleventy_slugify(title, self.version);
                let count = self.next_suffix.entry(slug.clone()).or_insert(0);
                *count += 1;
                let id = match *count {
                    1 => slug,
                    n => format!("{slug}-{n}"),
                };
                self.taken.insert(id.clone());
                return Some(id);
            }
        };
        // markdown-it-anchor and github-slugger both try `slug`, `slug-1`, `slug-2` …
        let mut unique = slug.clone();
        if self.taken.contains(&unique) {
            let n = self.next_suffix.entry(slug.clone()).or_insert(1);
            loop {
                unique = format!("{slug}-{n}");
                *n += 1;
                if !self.taken.contains(&unique) {
                    break;
                }
            }
        }
        self.taken.insert(unique.clone());
        Some(unique)
    }
}

/// markdown-it-anchor's default:
/// `encodeURIComponent(String(s).trim().toLowerCase().replace(/\s+/g, '-'))`.
pub(super) fn markdown_it_anchor_slug(title: &str) -> String {
    let lower = title.trim_matches(is_js_space).to_lowercase();
    let mut dashed = String::with_capacity(lower.len());
    let mut in_space = false;
    for c in lower.chars() {
        if is_js_space(c) {
            if !in_space {
                dashed.push('-');
            }
            in_space = true;
        } else {
            dashed.push(c);
            in_space = false;
        }
    }
    encode_uri_component(&dashed)
}

/// `encodeURIComponent`: everything but `A-Z a-z 0-9 - _ . ! ~ * ' ( )` percent-encoded.
fn encode_uri_component(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            // `%XX`, without a `format!` per byte.
            out.push('%');
            for digit in [b >> 4, b & 0xf] {
                out.push(char::from(
                    HEX.get(usize::from(digit)).copied().unwrap_or(b'0'),
                ));
            }
        }
    }
    out
}

/// github-slugger: lowercase, drop punctuation and symbols (keeping `-`, `_`, letters,
/// digits and marks), every space becomes `-` (runs are not collapsed).
pub(super) fn github_slug(title: &str) -> String {
    title
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            _ if c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c) => {
                Some(c)
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(profile: AnchorProfile, version: u8, titles: &[&str]) -> Vec<Option<String>> {
        let mut ids = HeadingIds::new(profile, version);
        titles.iter().map(|t| ids.next(t)).collect()
    }

    #[test]
    fn markdown_it_anchor_matches_the_research_table() {
        let cases = [
            (
                "Déclaration d’accessibilité",
                "d%C3%A9claration-d%E2%80%99accessibilit%C3%A9",
            ),
            ("Qu'est-ce que le DSFR ?", "qu'est-ce-que-le-dsfr-%3F"),
            (
                "Sécurité & accessibilité",
                "s%C3%A9curit%C3%A9-%26-accessibilit%C3%A9",
            ),
            ("Le cœur du sujet", "le-c%C5%93ur-du-sujet"),
            ("It's done", "it's-done"),
            ("Prix en €", "prix-en-%E2%82%AC"),
            ("  a \t b  ", "a-b"),
            // JavaScript's `\s` and `trim` leave U+0085 and take the BOM (node 20).
            ("A\u{85}b \u{feff}c\u{85}", "a%C2%85b-c%C2%85"),
        ];
        for (title, slug) in cases {
            assert_eq!(markdown_it_anchor_slug(title), slug, "{title}");
        }
    }

    #[test]
    fn duplicates_are_numbered_per_profile() {
        let titles = ["Contexte", "Contexte", "Contexte-1", "Contexte"];
        assert_eq!(ids(AnchorProfile::None, 2, &titles), vec![None; 4]);
        let expected = ["contexte", "contexte-1", "contexte-1-1", "contexte-2"];
        for profile in [
            AnchorProfile::MarkdownItAnchor,
            AnchorProfile::EleventySlugify,
            AnchorProfile::Github,
        ] {
            let got = ids(profile, 2, &titles);
            let got: Vec<&str> = got.iter().map(|s| s.as_deref().unwrap_or("")).collect();
            assert_eq!(got, expected, "{profile:?}");
        }
    }

    #[test]
    fn eleventy_versions_differ() {
        assert_eq!(
            ids(AnchorProfile::EleventySlugify, 2, &["Le cœur du sujet"]),
            vec![Some("le-coeur-du-sujet".into())]
        );
        assert_eq!(
            ids(AnchorProfile::EleventySlugify, 3, &["Le cœur du sujet"]),
            vec![Some("le-c-ur-du-sujet".into())]
        );
    }

    #[test]
    fn github_keeps_letters_and_drops_punctuation() {
        assert_eq!(
            github_slug("Déclaration d’accessibilité"),
            "déclaration-daccessibilité"
        );
        assert_eq!(
            github_slug("Qu'est-ce que le DSFR ?"),
            "quest-ce-que-le-dsfr-"
        );
        assert_eq!(
            github_slug("Sécurité & accessibilité"),
            "sécurité--accessibilité"
        );
        assert_eq!(github_slug("snake_case `code`"), "snake_case-code");
    }

    #[test]
    fn id_attribute_plugin_counts_from_two() {
        let titles = ["Contexte", "Contexte", "Contexte", "Contexte-2"];
        let got = ids(AnchorProfile::IdAttribute, 3, &titles);
        let got: Vec<&str> = got.iter().map(|s| s.as_deref().unwrap_or("")).collect();
        // Its source numbers the repeated id, not the next free one: `contexte-2` twice.
        assert_eq!(got, ["contexte", "contexte-2", "contexte-3", "contexte-2"]);
        let mut reserved = HeadingIds::new(AnchorProfile::IdAttribute, 3);
        reserved.reserve("contexte");
        assert_eq!(reserved.next("Contexte").as_deref(), Some("contexte-2"));
    }

    #[test]
    fn a_written_id_is_kept_and_numbers_later_slugs() {
        let mut ids = HeadingIds::new(AnchorProfile::MarkdownItAnchor, 2);
        ids.reserve("same");
        assert_eq!(ids.next("Same").as_deref(), Some("same-1"));
        let mut site = HeadingIds::new(AnchorProfile::SiteSlugify, 2);
        assert!(!site.known() && site.next("Same").is_none());
    }
}
