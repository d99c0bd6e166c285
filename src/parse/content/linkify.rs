//! Bare URLs, domains and emails that markdown-it's `linkify` (linkify-it with its
//! defaults: `fuzzyLink`, `fuzzyEmail`, no `fuzzyIP`) turns into links in Markdown text.
//! Fuzzy domains need a known TLD, and every two-letter ccTLD counts: `README.md` and
//! `code.gouv.fr` are links (markdown-it writes them `http://README.md`).

use crate::parse::{text_at, text_before, text_from};

/// linkify-it's generic TLDs (besides two-letter ccTLDs).
const GENERIC_TLDS: [&str; 17] = [
    "biz", "com", "edu", "gov", "net", "org", "pro", "web", "xxx", "aero", "asia", "coop", "info",
    "museum", "name", "shop", "рф",
];

/// linkify-it's `tlds_2ch_src_re`: the two-letter country codes, by first letter.
const COUNTRY_TLDS: [(u8, &str); 26] = [
    (b'a', "cdefgilmnoqrstuwxz"),
    (b'b', "abdefghijmnorstvwyz"),
    (b'c', "acdfghiklmnoruvwxyz"),
    (b'd', "ejkmoz"),
    (b'e', "cegrstu"),
    (b'f', "ijkmor"),
    (b'g', "abdefghilmnpqrstuwy"),
    (b'h', "kmnrtu"),
    (b'i', "delmnoqrst"),
    (b'j', "emop"),
    (b'k', "eghimnprwyz"),
    (b'l', "abcikrstuvy"),
    (b'm', "acdeghklmnopqrstuvwxyz"),
    (b'n', "acefgilopruz"),
    (b'o', "m"),
    (b'p', "aefghklmnrstwy"),
    (b'q', "a"),
    (b'r', "eosuw"),
    (b's', "abcdeghijklmnortuvxyz"),
    (b't', "cdfghjklmnortvwz"),
    (b'u', "agksyz"),
    (b'v', "aceginu"),
    (b'w', "fs"),
    (b'x', ""),
    (b'y', "et"),
    (b'z', "amw"),
];

fn is_known_tld(label: &str) -> bool {
    let lower = label.to_lowercase();
    if GENERIC_TLDS.contains(&lower.as_str()) {
        return true;
    }
    let &[a, b] = lower.as_bytes() else {
        return false;
    };
    COUNTRY_TLDS
        .iter()
        .any(|&(first, seconds)| first == a && seconds.as_bytes().contains(&b))
}

/// Unicode punctuation (linkify-it's `P`), roughly: ASCII punctuation that is not a
/// symbol, Latin-1 and general punctuation, CJK and fullwidth punctuation.
fn is_punctuation(c: char) -> bool {
    matches!(c,
        '!' | '"' | '#' | '%' | '&' | '\'' | '(' | ')' | '*' | ',' | '-' | '.' | '/' | ':' | ';'
        | '?' | '@' | '[' | '\\' | ']' | '_' | '{' | '}'
        | '¡' | '§' | '«' | '¶' | '·' | '»' | '¿'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{3001}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}' | '\u{FF01}'..='\u{FF0F}')
}

/// linkify-it's `src_ZPCc`: separators, punctuation, controls.
fn is_zpcc(c: char) -> bool {
    c.is_whitespace() || c.is_control() || is_punctuation(c)
}

fn is_zcc(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

/// A character of a domain label (linkify-it's "pseudo letter").
fn is_label_char(c: char) -> bool {
    !is_zpcc(c)
        && !matches!(
            c,
            '<' | '>' | '|' | '｜' | '$' | '+' | '=' | '^' | '`' | '~'
        )
}

const SCHEMAS: [&str; 5] = ["http:", "https:", "ftp:", "mailto:", "//"];

/// The byte ranges of `text` that linkify turns into links, left to right.
pub(super) fn find(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut links = Vec::new();
    // No link spans whitespace, and each holds a `.`, `@` or `:`: only the words around
    // those bytes are read.
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = memchr::memchr3(b'.', b'@', b':', bytes.get(from..).unwrap_or_default())
    {
        let mark = from + found;
        let start = text_at(text, from..mark)
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(from, |(i, c)| from + i + c.len_utf8());
        let end = text_from(text, mark)
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
            .map_or(text.len(), |(i, _)| mark + i);
        find_in_word(text, start..end, &mut links);
        from = end;
    }
    links
}

/// Links within `text[word]`, a run without whitespace.
fn find_in_word(text: &str, word: std::ops::Range<usize>, links: &mut Vec<std::ops::Range<usize>>) {
    let bytes = text.as_bytes();
    let mut at = word.start;
    // Emails are tried only in words with an `@`, and not again inside a name that
    // already failed (the same `@` would be found): this keeps the scan linear.
    let mut emails_from = if bytes.get(word.clone()).is_some_and(|w| w.contains(&b'@')) {
        word.start
    } else {
        word.end
    };
    while at < word.end {
        // Fast path: after an ASCII letter or digit nothing can start.
        let before = at.checked_sub(1).and_then(|b| bytes.get(b));
        if before.is_some_and(u8::is_ascii_alphanumeric) {
            at += if bytes.get(at).is_some_and(u8::is_ascii) {
                1
            } else {
                char_len(text, at)
            };
            continue;
        }
        // Matches may look past the word (the terminator test); they never end beyond it.
        let prev = text_before(text, at).chars().next_back();
        let Some(c) = text_from(text, at).chars().next() else {
            break;
        };
        let end = if prev.is_none_or(|p| !is_label_char(p)) {
            match_at(text, at, prev, c, &mut emails_from)
        } else {
            None
        };
        match end {
            Some(end) => {
                links.push(at..end);
                at = end;
            }
            None => at += c.len_utf8(),
        }
    }
}

fn char_len(text: &str, at: usize) -> usize {
    text_from(text, at).chars().next().map_or(1, char::len_utf8)
}

/// The longest link starting at `at` (after `prev`, on `c`), as linkify-it picks them.
fn match_at(
    text: &str,
    at: usize,
    prev: Option<char>,
    c: char,
    emails_from: &mut usize,
) -> Option<usize> {
    let mut best: Option<usize> = None;
    let mut offer = |end: Option<usize>| {
        if let Some(end) = end
            && best.is_none_or(|b| end > b)
        {
            best = Some(end);
        }
    };
    let after_separator = prev.is_none_or(|p| is_zpcc(p) || matches!(p, '<' | '>' | '|' | '｜'));
    // `//` right after `:` or `/` is the middle of another URL.
    let glued_slashes = text_from(text, at).starts_with("//") && matches!(prev, Some(':' | '/'));
    if after_separator && prev != Some('_') && !glued_slashes {
        offer(schema_link(text, at));
    }
    let fuzzy_link_start = prev.is_none_or(|p| {
        !matches!(p, '.' | ':' | '/' | '-' | '_' | '@')
            && (is_zpcc(p) || matches!(p, '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '｜'))
    });
    if fuzzy_link_start && is_label_char(c) {
        offer(fuzzy_host(text, at, true).map(|end| path_end(text, end)));
    }
    let email_start =
        prev.is_none_or(|p| is_zcc(p) || matches!(p, '"' | '(' | '<' | '>' | '|' | '｜'));
    if email_start && at >= *emails_from {
        match fuzzy_email(text, at) {
            Ok(end) => offer(Some(end)),
            Err(scanned) => *emails_from = scanned.max(at + 1),
        }
    }
    best
}

/// A link written with its schema (`https://…`, `mailto:…`, `//host/…`) starting at `at`.
fn schema_link(text: &str, at: usize) -> Option<usize> {
    let rest = text_from(text, at).as_bytes();
    let schema = SCHEMAS.iter().find(|s| {
        rest.get(..s.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(s.as_bytes()))
    })?;
    let tail = at + schema.len();
    match *schema {
        "mailto:" => email_at(text, tail),
        "//" => {
            let end = fuzzy_host(text, tail, false)?;
            // `//` needs a dotted host (or localhost) and no `:`/`/` just before.
            let host = text_at(text, tail..end);
            (host.contains('.') || host.eq_ignore_ascii_case("localhost"))
                .then(|| path_end(text, end))
        }
        _ => {
            let after_slashes = text_from(text, tail).strip_prefix("//")?;
            let mut host_start = text.len() - after_slashes.len();
            // user:password@
            if let Some((user, _)) = after_slashes.split_once('@')
                && !user.is_empty()
                && !user.contains(|c: char| is_zcc(c) || "/[]()".contains(c))
            {
                host_start += user.len() + 1;
            }
            let end = host_end(text, host_start, false)?;
            Some(path_end(text, end))
        }
    }
}

/// The end of a host (and port) starting at `at`; with `fuzzy`, only when its TLD is known.
fn fuzzy_host(text: &str, at: usize, fuzzy: bool) -> Option<usize> {
    host_end(text, at, fuzzy)
}

fn host_end(text: &str, at: usize, fuzzy: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut labels = 0;
    let mut last_label = at..at;
    let mut i = at;
    loop {
        let start = i;
        for c in text_from(text, i).chars() {
            if is_label_char(c) || (c == '-' && i > start) {
                i += c.len_utf8();
            } else {
                break;
            }
        }
        // Labels do not end with `-`.
        while i > start && bytes.get(i - 1) == Some(&b'-') {
            i -= 1;
        }
        if i == start {
            return None;
        }
        labels += 1;
        last_label = start..i;
        let next = text_from(text, i).chars().nth(1);
        if bytes.get(i) == Some(&b'.') && next.is_some_and(is_label_char) {
            i += 1;
        } else {
            break;
        }
    }
    if fuzzy && (labels < 2 || !is_known_tld(text_at(text, last_label))) {
        return None;
    }
    if !fuzzy
        && labels < 2
        && !text_at(text, at..i).eq_ignore_ascii_case("localhost")
        && !text_at(text, at..i).is_ascii()
    {
        return None;
    }
    // An optional port.
    if bytes.get(i) == Some(&b':') {
        let digits = bytes
            .iter()
            .skip(i + 1)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if (1..=5).contains(&digits) {
            i += 1 + digits;
        }
    }
    // linkify-it's host terminator: end, or punctuation/space not starting a longer word.
    let mut after = text_from(text, i).chars();
    match (after.next(), after.next()) {
        (None, _) => Some(i),
        (Some('-' | '_'), _) => None,
        (Some(':'), Some(d)) if d.is_ascii_digit() => None,
        (Some('.'), Some(n)) if n == '-' || !is_zpcc(n) => None,
        (Some(c), _) if is_zpcc(c) || matches!(c, '<' | '>' | '|' | '｜') => Some(i),
        _ => None,
    }
}

/// Where the path, query and fragment after a host end (`at` is the host's end).
fn path_end(text: &str, at: usize) -> usize {
    let path = text_from(text, at);
    if !path.starts_with(['/', '?', '#']) {
        return at;
    }
    let mut end = at;
    let mut depth: Vec<char> = Vec::new();
    for (i, c) in path.char_indices() {
        if is_zcc(c) || matches!(c, '<' | '>' | '|' | '｜') {
            break;
        }
        match c {
            '(' | '[' | '{' => depth.push(c),
            ')' | ']' | '}' => {
                let open = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                if depth.last() == Some(&open) {
                    depth.pop();
                } else {
                    break;
                }
            }
            _ => {}
        }
        end = at + i + c.len_utf8();
    }
    // Trailing punctuation belongs to the sentence.
    while end > at + 1 {
        let last = text_before(text, end).chars().next_back().unwrap_or(' ');
        if matches!(
            last,
            '.' | ',' | ';' | ':' | '!' | '?' | '-' | '\'' | '"' | '*'
        ) {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    end
}

/// A bare email starting at `at`.
/// On failure, where the name scan stopped: no start before it can succeed.
fn fuzzy_email(text: &str, at: usize) -> Result<usize, usize> {
    let bytes = text.as_bytes();
    if !bytes
        .get(at)
        .is_some_and(|&b| b.is_ascii_alphanumeric() || b"-;:&=+$,._".contains(&b))
    {
        return Err(at + 1);
    }
    let name = bytes
        .iter()
        .skip(at)
        .take_while(|&&b| b.is_ascii_alphanumeric() || b"-;:&=+$,.\"_".contains(&b))
        .count();
    email_at(text, at).ok_or(at + name)
}

/// `name@host.tld` at `at` (linkify-it's `src_email_name`), ending at its host.
fn email_at(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let first = *bytes.get(at)?;
    if !(first.is_ascii_alphanumeric() || b"-;:&=+$,._".contains(&first)) {
        return None;
    }
    let name = bytes
        .iter()
        .skip(at)
        .take_while(|&&b| b.is_ascii_alphanumeric() || b"-;:&=+$,.\"_".contains(&b))
        .count();
    if bytes.get(at + name) != Some(&b'@') {
        return None;
    }
    host_end(text, at + name + 1, true)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::string_slice, reason = "test code: a panic is a failing test")]
    use super::*;

    fn links(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn fuzzy_domains_need_a_known_tld() {
        assert_eq!(
            links("Voir www.insee.fr, le README.md et code.gouv.fr/fr/ ou opendata.ricou.eu.org."),
            vec![
                "www.insee.fr",
                "README.md",
                "code.gouv.fr/fr/",
                "opendata.ricou.eu.org"
            ]
        );
        assert!(links("fichier index.js, data.json, version 1.2.3, a.b").is_empty());
        assert!(links("foo.md.txt et un-fichier.md-x").is_empty());
    }

    #[test]
    fn schemas_and_emails() {
        assert_eq!(
            links("Écrire à contact@code.gouv.fr ou (https://é.fr/a_(b)?q=1#x). ftp://f.fr"),
            vec![
                "contact@code.gouv.fr",
                "https://é.fr/a_(b)?q=1#x",
                "ftp://f.fr"
            ]
        );
        assert_eq!(
            links("mailto:a@b.fr http://localhost:8080/x"),
            vec!["mailto:a@b.fr", "http://localhost:8080/x"]
        );
        assert_eq!(
            links("see //cdn.example.com/x.js"),
            vec!["//cdn.example.com/x.js"]
        );
        assert!(links("xhttp://a.b et // commentaire").is_empty());
    }

    #[test]
    fn words_glued_to_other_words_are_not_links() {
        assert!(links("a_www.insee.fr _code.gouv.fr @www.insee.fr").is_empty());
        assert_eq!(links("«www.insee.fr»"), vec!["www.insee.fr"]);
        assert_eq!(links("(\"a@b.fr"), vec!["a@b.fr"]);
        // A hyphen inside a label is part of the domain.
        assert_eq!(links("a-www.insee.fr"), vec!["a-www.insee.fr"]);
    }
}
