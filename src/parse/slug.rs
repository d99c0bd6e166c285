//! Eleventy's `slugify` filter (@sindresorhus/slugify with `decamelize: false`), in the two
//! variants Eleventy has shipped: v1/v2 (transliterate 0.1 + lodash.deburr, `œ → oe`) and v3
//! (transliterate 1.x: `œ` dropped, `it's → its`).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Slugifies `text` as the `slugify` filter of Eleventy `version` does.
pub fn eleventy_slugify(text: &str, version: u8) -> String {
    let mut spelled = String::with_capacity(text.len());
    for c in text.nfc() {
        match c {
            '&' => spelled.push_str(" and "),
            '♥' => spelled.push_str(" love "),
            '🦄' => spelled.push_str(" unicorn "),
            _ => match transliterate(c, version) {
                Some(replacement) => spelled.push_str(replacement),
                None => spelled.push(c),
            },
        }
    }
    // Remaining accents: deburr (v1/v2) or NFD minus diacritics (v3) — same on Latin text.
    let plain: String = spelled.nfd().filter(|c| !is_combining_mark(*c)).collect();
    let mut lower = plain.to_lowercase();
    if version >= 3 {
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
    slug.trim_matches('-').to_owned()
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

/// slugify 2.2+: `it's` → `its`, `don't` → `dont` (ASCII word, apostrophe, `s`/`t`, then end).
fn drop_contraction_apostrophes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let is_apostrophe = c == '\'' || c == '’';
        let before = i.checked_sub(1).and_then(|b| chars.get(b));
        let before_word = before.is_some_and(char::is_ascii_alphabetic);
        let after = chars.get(i + 1).copied();
        let then_end = chars.get(i + 2).is_none_or(|c| c.is_whitespace());
        if is_apostrophe && before_word && matches!(after, Some('s' | 't')) && then_end {
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
            ("Prix en €", "prix-en", "prix-en-e"),
        ];
        for (text, v2, v3) in cases {
            assert_eq!(eleventy_slugify(text, 2), v2, "{text} (v2)");
            assert_eq!(eleventy_slugify(text, 3), v3, "{text} (v3)");
        }
    }
}
