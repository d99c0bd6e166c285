//! Applying the fixes findings carry to a file's text: each edit replaces the bytes its
//! finding names; edits that overlap one already taken are left for the next run. Pure: text
//! in, text out (the CLI reads and writes the files).
//!
//! May import `diagnostic`.

use crate::diagnostic::Fix;

/// `text` with `fixes` applied, and how many were.
pub fn apply(text: &str, fixes: &[&Fix]) -> (String, usize) {
    let mut sorted: Vec<&Fix> = fixes
        .iter()
        .copied()
        .filter(|f| {
            f.span.start <= f.span.end
                && text.is_char_boundary(f.span.start)
                && text.is_char_boundary(f.span.end)
                && f.span.end <= text.len()
        })
        .collect();
    // Stable: of two edits at the same place, the first finding's.
    sorted.sort_by_key(|f| f.span.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut applied = 0;
    for fix in sorted {
        // Two edits of the same bytes: the first wins, the other waits for a new check.
        if fix.span.start < at {
            continue;
        }
        out.push_str(text.get(at..fix.span.start).unwrap_or_default());
        out.push_str(&fix.replacement);
        at = fix.span.end;
        applied += 1;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    (out, applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(span: std::ops::Range<usize>, replacement: &str) -> Fix {
        Fix {
            span,
            replacement: replacement.into(),
        }
    }

    #[test]
    fn fixes_apply_in_order_and_overlaps_wait() {
        let text = "\u{feff}a https://site.fr/x/ b\r\nc www.x.fr\r\n";
        let start = text.find("https").unwrap();
        let host = start.."https://site.fr".len() + start;
        let www = text.find("www").unwrap();
        let fixes = [
            fix(www..www, "https://"),
            fix(host.clone(), ""),
            fix(host.start..host.start + 3, "X"),
        ];
        let (fixed, applied) = apply(text, &fixes.iter().collect::<Vec<_>>());
        assert_eq!(
            fixed, "\u{feff}a /x/ b\r\nc https://www.x.fr\r\n",
            "BOM and CRLF are kept"
        );
        assert_eq!(applied, 2);
        // A span off the text or inside a character is not applied.
        let (same, none) = apply("é", &[&fix(1..2, "e"), &fix(0..9, "")]);
        assert_eq!((same.as_str(), none), ("é", 0));
    }
}
