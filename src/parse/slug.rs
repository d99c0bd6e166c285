//! Eleventy's `slugify` filter (@sindresorhus/slugify with `decamelize: false`), in the two
//! variants Eleventy has shipped: v1/v2 (transliterate 0.1 + lodash.deburr, `œ → oe`) and v3
//! (transliterate 1.x: `œ` dropped, `it's → its`).

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Slugifies `text` as the `slugify` filter of Eleventy `version` does.
pub fn eleventy_slugify(text: &str, version: u8) -> String {
    // NFC changes nothing in text that already is NFC (ASCII, most titles).
    let composed = super::composed(text);
    // Transliterated, then the remaining accents removed: deburr (v1/v2) or NFD minus
    // diacritics (v3) — same on Latin text. NFD one character at a time is NFD here:
    // canonical reordering only moves characters that have a combining class, and all of
    // them are combining marks, which are dropped (see the test).
    let mut plain = String::with_capacity(composed.len());
    for c in composed.chars() {
        match c {
            '&' => plain.push_str(" and "),
            '♥' => plain.push_str(" love "),
            '🦄' => plain.push_str(" unicorn "),
            _ if c.is_ascii() => plain.push(c),
            _ => match transliterate(c, version) {
                Some(replacement) => plain.push_str(replacement),
                None => decompose_canonical(c, |d| {
                    if !is_combining_mark(d) {
                        plain.push(d);
                    }
                }),
            },
        }
    }
    let mut lower = plain.to_lowercase();
    if version >= 3 && lower.contains('\'') {
        lower = drop_contraction_apostrophes(&lower);
    }
    let mut slug = String::with_capacity(lower.len());
    for c in lower.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            slug.push(c);
        } else if c != '\\' && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    // At most one `-` at each end: runs are never pushed.
    if slug.ends_with('-') {
        slug.pop();
    }
    if slug.starts_with('-') {
        slug.remove(0);
    }
    slug
}

/// The part of transliterate's table that differs from plain accent stripping.
fn transliterate(c: char, version: u8) -> Option<&'static str> {
    Some(match c {
        'ä' => "ae",
        'ö' => "oe",
        'ü' => "ue",
        'Ä' => "Ae",
        'Ö' => "Oe",
        'Ü' => "Ue",
        'ß' => "ss",
        'æ' => "ae",
        'Æ' => "AE",
        'ø' => "o",
        'Ø' => "O",
        'đ' => "d",
        'Đ' => "D",
        'ł' => "l",
        'Ł' => "L",
        'þ' => "th",
        'ð' => "d",
        'œ' if version < 3 => "oe",
        'Œ' if version < 3 => "Oe",
        '€' if version >= 3 => "E",
        _ => return None,
    })
}

/// slugify 2.2+: `it's` → `its`, `90's` → `90s`, as its
/// `replace(/([a-zA-Z\d]+)'([ts])(\s|$)/g, '$1$2$3')` does: only the ASCII apostrophe
/// (`don’t` stays `don-t`, Eleventy 3.1.8 builds say so), after an ASCII letter *or digit*,
/// then `s`/`t`, then the end or a JavaScript space.
fn drop_contraction_apostrophes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|b| chars.get(b));
        let before_word = before.is_some_and(char::is_ascii_alphanumeric);
        let after = chars.get(i + 1).copied();
        let then_end = chars.get(i + 2).is_none_or(|&c| is_js_space(c));
        if c == '\'' && before_word && matches!(after, Some('s' | 't')) && then_end {
            continue;
        }
        out.push(c);
    }
    out
}

/// JavaScript's `\s` (and what `trim` removes): Unicode's White_Space without U+0085
/// (NEL), plus the BOM.
pub fn is_js_space(c: char) -> bool {
    (c.is_whitespace() && c != '\u{85}') || c == '\u{feff}'
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::canonical_combining_class;

    #[test]
    fn every_character_with_a_combining_class_is_a_combining_mark() {
        // What makes NFD one character at a time equal to NFD once marks are dropped.
        let unmarked: Vec<char> = (0..=char::MAX as u32)
            .filter_map(char::from_u32)
            .filter(|&c| canonical_combining_class(c) != 0 && !is_combining_mark(c))
            .collect();
        assert_eq!(unmarked, Vec::<char>::new());
    }

    #[test]
    fn matches_nfc_then_nfd_without_marks() {
        // Decomposed input, accents to recompose for the table, Hangul, a Kelvin sign.
        for text in [
            "Cafe\u{301} a\u{308}rger",
            "e\u{301}\u{323} o\u{302}\u{300}",
            "한국어 ÅK Ω",
            "l’été & ♥ 🦄 Œuvre",
            "It\u{2019}s ΣΑΣ",
        ] {
            for version in [2, 3] {
                let spelled: String = text
                    .nfc()
                    .flat_map(|c| match c {
                        '&' => " and ".chars().collect::<Vec<_>>(),
                        '♥' => " love ".chars().collect(),
                        '🦄' => " unicorn ".chars().collect(),
                        _ => transliterate(c, version).map_or(vec![c], |r| r.chars().collect()),
                    })
                    .collect();
                let plain: String = spelled.nfd().filter(|c| !is_combining_mark(*c)).collect();
                let mut lower = plain.to_lowercase();
                if version >= 3 {
                    lower = drop_contraction_apostrophes(&lower);
                }
                let mut slug = String::new();
                for c in lower.chars() {
                    if c.is_ascii_lowercase() || c.is_ascii_digit() {
                        slug.push(c);
                    } else if c != '\\' && !slug.ends_with('-') {
                        slug.push('-');
                    }
                }
                let expected = slug.trim_matches('-');
                assert_eq!(
                    eleventy_slugify(text, version),
                    expected,
                    "{text} (v{version})"
                );
            }
        }
    }

    #[test]
    fn matches_the_research_table() {
        let cases = [
            (
                "Déclaration d’accessibilité",
                "declaration-d-accessibilite",
                "declaration-d-accessibilite",
            ),
            (
                "Qu'est-ce que le DSFR ?",
                "qu-est-ce-que-le-dsfr",
                "qu-est-ce-que-le-dsfr",
            ),
            (
                "Sécurité & accessibilité",
                "securite-and-accessibilite",
                "securite-and-accessibilite",
            ),
            ("Le cœur du sujet", "le-coeur-du-sujet", "le-c-ur-du-sujet"),
            ("It's done", "it-s-done", "its-done"),
            // Only the ASCII apostrophe, also after a digit (recorded in
            // tests/fixtures/heading-ids.expected.json).
            ("Don’t panic", "don-t-panic", "don-t-panic"),
            ("The 90's", "the-90-s", "the-90s"),
            ("It's\u{85}x", "it-s-x", "it-s-x"),
            ("It's\u{feff}x", "it-s-x", "its-x"),
            ("Prix en €", "prix-en", "prix-en-e"),
        ];
        for (text, v2, v3) in cases {
            assert_eq!(eleventy_slugify(text, 2), v2, "{text} (v2)");
            assert_eq!(eleventy_slugify(text, 3), v3, "{text} (v3)");
        }
    }
}
