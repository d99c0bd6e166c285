//! Near spellings: what a typo in a link may have meant. The site's URLs are grouped once,
//! by folder and by length, on the first broken link (a site where nothing is broken never
//! pays for it); a broken link is then compared only with candidates whose length and
//! letters leave them within reach, nearest lengths first, and each distinct broken link
//! is looked up once.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

/// How many edits a candidate of `chars` characters may be from what was written and still
/// pass for a typo of it.
pub fn reach(chars: usize) -> usize {
    (chars.max(3) / 3).max(2)
}

/// The closest of `candidates` to `wanted` (case ignored), when it is close enough to be a
/// likely typo; of equally close ones, the first in byte order.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = Spelling::of(wanted);
    let mut best = Best::default();
    for candidate in candidates {
        best.consider(&wanted, &Spelling::of(candidate), candidate);
    }
    best.found
}

/// A text as the comparison reads it: lowercased, its length, the letters it holds.
#[derive(Debug)]
struct Spelling {
    lower: String,
    /// Characters of the lowercased text.
    chars: usize,
    /// Characters of the text as written (what `reach` is measured on).
    written_chars: usize,
    letters: Letters,
}

impl Spelling {
    fn of(text: &str) -> Spelling {
        let lower = text.to_lowercase();
        Spelling {
            chars: lower.chars().count(),
            written_chars: text.chars().count(),
            letters: Letters::of(&lower),
            lower,
        }
    }
}

/// How many of each letter a text holds, characters folded into 64 bins. Edits change the
/// counts by at most one per insertion or deletion and two per substitution, and a
/// transposition not at all, so the counts bound the edit distance from below.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Letters([u8; 64]);

impl Letters {
    fn of(text: &str) -> Letters {
        let mut bins = [0u8; 64];
        for c in text.chars() {
            let bin = (c as usize) % bins.len();
            if let Some(count) = bins.get_mut(bin) {
                *count = count.saturating_add(1);
            }
        }
        Letters(bins)
    }

    /// No edit sequence from one to the other is shorter than this.
    fn lower_bound(&self, other: &Letters) -> usize {
        let (mut more, mut fewer) = (0usize, 0usize);
        for (a, b) in self.0.iter().zip(&other.0) {
            if a > b {
                more += usize::from(a - b);
            } else {
                fewer += usize::from(b - a);
            }
        }
        more.max(fewer)
    }
}

/// The Damerau–Levenshtein distance of `a` and `b`, computed on what lies between their
/// common start and common end, which gives the same distance (see the test): URLs of one
/// folder share most of their bytes, so the matrix shrinks from the whole URLs to the few
/// characters that differ.
fn distance(a: &str, b: &str) -> usize {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let mut start = x.iter().zip(y).take_while(|(p, q)| p == q).count();
    // Bytes equal up to a character boundary of `a` end on one of `b` too.
    while !a.is_char_boundary(start) {
        start -= 1;
    }
    let room = x.len().min(y.len()) - start;
    let same_end = x.iter().rev().zip(y.iter().rev()).take(room);
    let mut end = same_end.take_while(|(p, q)| p == q).count();
    while !a.is_char_boundary(a.len() - end) {
        end -= 1;
    }
    // `start + end` is at most the shorter length, on boundaries of both.
    let middles = a.get(start..a.len() - end).zip(b.get(start..b.len() - end));
    let (a, b) = middles.unwrap_or((a, b));
    strsim::damerau_levenshtein(a, b)
}

/// The closest candidate so far, and its distance.
#[derive(Debug, Default)]
struct Best<'a> {
    found: Option<&'a str>,
    distance: usize,
}

impl<'a> Best<'a> {
    /// Keeps `candidate` (`spelling` is its) if it is within its reach of `wanted` and closer
    /// than the best so far, or as close and first in byte order. The cheap bounds come first:
    /// most candidates never reach the edit distance.
    fn consider(&mut self, wanted: &Spelling, spelling: &Spelling, candidate: &'a str) {
        let limit = match self.found {
            Some(_) => self.distance.min(reach(spelling.written_chars)),
            None => reach(spelling.written_chars),
        };
        if wanted.chars.abs_diff(spelling.chars) > limit
            || wanted.letters.lower_bound(&spelling.letters) > limit
        {
            return;
        }
        let distance = distance(&wanted.lower, &spelling.lower);
        if distance > reach(spelling.written_chars) {
            return;
        }
        let better = match self.found {
            None => true,
            Some(found) => (distance, candidate) < (self.distance, found),
        };
        if better {
            self.found = Some(candidate);
            self.distance = distance;
        }
    }
}

/// Candidates grouped by length, so that a search visits the nearest lengths first and stops
/// when no farther length can beat what it found.
#[derive(Debug, Default)]
pub struct ByLength {
    lengths: BTreeMap<usize, Vec<(Spelling, String)>>,
}

impl ByLength {
    pub fn add(&mut self, compared: &str, candidate: &str) {
        let spelling = Spelling::of(compared);
        self.lengths
            .entry(spelling.chars)
            .or_default()
            .push((spelling, candidate.to_owned()));
    }

    /// The candidate whose compared text is closest to `wanted`, skipping `except`.
    pub fn closest(&self, wanted: &str, except: Option<&str>) -> Option<&str> {
        closest_in(&[self], wanted, except)
    }
}

/// The candidate of any of `groups` whose compared text is closest to `wanted`, skipping
/// `except`.
fn closest_in<'a>(groups: &[&'a ByLength], wanted: &str, except: Option<&str>) -> Option<&'a str> {
    let wanted = Spelling::of(wanted);
    let mut best = Best::default();
    // A candidate `gap` characters longer or shorter is in reach only if `gap` is at most
    // its reach: half the wanted length at most, or 2.
    let widest = (wanted.chars / 2).max(2) + 1;
    for gap in 0..=widest {
        if best.found.is_some() && gap > best.distance {
            break;
        }
        let shorter = wanted.chars.checked_sub(gap).filter(|_| gap > 0);
        for length in [Some(wanted.chars + gap), shorter].into_iter().flatten() {
            let candidates = groups.iter().filter_map(|g| g.lengths.get(&length));
            for (spelling, candidate) in candidates.flatten() {
                if Some(candidate.as_str()) != except {
                    best.consider(&wanted, spelling, candidate);
                }
            }
        }
    }
    best.found
}

/// What was asked of the index: which search, for which broken path, assets included.
type Question = (&'static str, String, bool);

/// The site's URLs grouped for near-spelling searches, and the answers given so far.
#[derive(Debug, Default)]
pub struct NearIndex {
    /// Page URLs, trailing `/` ignored, by parent folder.
    pages_by_parent: HashMap<String, ByLength>,
    /// Passthrough files by parent folder.
    assets_by_parent: HashMap<String, ByLength>,
    /// The folders of pages.
    pub folders: ByLength,
    /// `(question, broken path, assets too)` → the answer (`from` aside).
    answers: Mutex<HashMap<Question, Option<String>>>,
}

impl NearIndex {
    /// Groups `pages` and `assets` (URL paths) by folder.
    pub fn build<'a>(
        pages: impl Iterator<Item = &'a String>,
        assets: impl Iterator<Item = &'a String>,
        parent_of: impl Fn(&str) -> &str,
    ) -> NearIndex {
        let mut index = NearIndex::default();
        for (urls, grouped) in [
            (pages.collect::<Vec<_>>(), &mut index.pages_by_parent),
            (assets.collect(), &mut index.assets_by_parent),
        ] {
            for url in urls {
                let trimmed = url.trim_end_matches('/');
                grouped
                    .entry(parent_of(trimmed).to_owned())
                    .or_default()
                    .add(trimmed, url);
            }
        }
        for folder in index.pages_by_parent.keys() {
            index.folders.add(folder, folder);
        }
        index
    }

    /// The page URL of `folder` (and passthrough file, with `assets`) spelled closest to
    /// `wanted`, trailing `/` ignored, skipping `except`.
    pub fn closest_in_folder(
        &self,
        folder: &str,
        wanted: &str,
        assets: bool,
        except: Option<&str>,
    ) -> Option<&str> {
        let pages = self.pages_by_parent.get(folder);
        let files = self.assets_by_parent.get(folder).filter(|_| assets);
        let groups: Vec<&ByLength> = pages.into_iter().chain(files).collect();
        closest_in(&groups, wanted, except)
    }

    /// What `search` answers to `question` for `(path, assets)`, worked out once; `from`
    /// is never answered (asked again without it when the remembered answer is `from`).
    pub fn remembered(
        &self,
        question: &'static str,
        path: &str,
        assets: bool,
        from: Option<&str>,
        search: impl Fn(Option<&str>) -> Option<String>,
    ) -> Option<String> {
        let key = (question, path.to_owned(), assets);
        let known = self.answers.lock().ok().and_then(|a| a.get(&key).cloned());
        let answer = match known {
            Some(answer) => answer,
            None => {
                let answer = search(None);
                if let Ok(mut answers) = self.answers.lock() {
                    answers.insert(key, answer.clone());
                }
                answer
            }
        };
        match (&answer, from) {
            (Some(found), Some(from)) if found == from => search(Some(from)),
            _ => answer,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain search the index must agree with: every candidate, full edit distance.
    fn reference<'a>(wanted: &str, candidates: &[&'a str]) -> Option<&'a str> {
        let wanted_lower = wanted.to_lowercase();
        candidates
            .iter()
            .map(|c| {
                (
                    strsim::damerau_levenshtein(&wanted_lower, &c.to_lowercase()),
                    *c,
                )
            })
            .filter(|(d, c)| *d <= reach(c.chars().count()))
            .min()
            .map(|(_, c)| c)
    }

    const WORDS: [&str; 14] = [
        "/blog/ateliers",
        "/blog/atelier",
        "/blog/Ateliers-2024",
        "/blog/a",
        "/blog/ab",
        "/blog/ba",
        "/blog/événements",
        "/blog/evenements",
        "/blog/x",
        "/docs",
        "/blog/une-tres-longue-adresse-de-page",
        "/blog/une-très-longue-adresse-de-page-2",
        "/blog/İstanbul",
        "/blog/istanbul",
    ];

    #[test]
    fn agrees_with_the_full_search_on_every_pair() {
        let mut by_length = ByLength::default();
        for word in WORDS {
            by_length.add(word, word);
        }
        let mut wanted: Vec<String> = WORDS.iter().map(|w| (*w).to_owned()).collect();
        wanted.extend(WORDS.iter().map(|w| format!("{w}s")));
        wanted.extend(WORDS.iter().map(|w| w.replacen('e', "", 1)));
        wanted.extend(WORDS.iter().map(|w| w.to_uppercase()));
        wanted.extend(["/blog/atleiers", "/zzzzzz", "", "/b"].map(str::to_owned));
        for w in &wanted {
            assert_eq!(closest(w, WORDS), reference(w, &WORDS), "closest({w:?})");
            assert_eq!(
                by_length.closest(w, None),
                reference(w, &WORDS),
                "by length ({w:?})"
            );
        }
    }

    /// Cutting the common start and end gives the distance of the whole texts: every pair
    /// of texts of up to 5 letters of 3 (the start and end overlap, letters repeat), and
    /// texts that differ next to multibyte characters.
    #[test]
    fn the_distance_of_the_middles_is_that_of_the_texts() {
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = texts
                .iter()
                .filter(|t| t.len() == texts.last().map_or(0, String::len))
                .flat_map(|t| ["a", "b", "c"].map(|l| format!("{t}{l}")))
                .collect();
            texts.extend(longer);
        }
        let mut pairs: Vec<(String, String)> = Vec::new();
        for a in &texts {
            for b in &texts {
                pairs.push((a.clone(), b.clone()));
            }
        }
        for (a, b) in [
            ("/blog/été", "/blog/ete"),
            ("/blog/éte", "/blog/été"),
            ("/a/ça-x", "/a/çb-x"),
            ("/x/e\u{301}", "/x/\u{e9}"),
            ("/été/ab", "/été/ba"),
        ] {
            pairs.push((a.to_owned(), b.to_owned()));
        }
        for (a, b) in pairs {
            assert_eq!(
                distance(&a, &b),
                strsim::damerau_levenshtein(&a, &b),
                "{a:?} {b:?}"
            );
        }
    }

    #[test]
    fn the_letters_bound_never_exceeds_the_distance() {
        for a in WORDS {
            for b in WORDS {
                let (sa, sb) = (Spelling::of(a), Spelling::of(b));
                let distance = strsim::damerau_levenshtein(&sa.lower, &sb.lower);
                assert!(sa.letters.lower_bound(&sb.letters) <= distance, "{a} {b}");
            }
        }
    }

    #[test]
    fn skips_the_excepted_candidate_and_remembers_answers() {
        let mut by_length = ByLength::default();
        for word in ["/a/page", "/a/pages"] {
            by_length.add(word, word);
        }
        assert_eq!(by_length.closest("/a/pag", None), Some("/a/page"));
        assert_eq!(
            by_length.closest("/a/pag", Some("/a/page")),
            Some("/a/pages")
        );

        let index = NearIndex::default();
        let calls = std::cell::Cell::new(0);
        let search = |except: Option<&str>| {
            calls.set(calls.get() + 1);
            by_length.closest("/a/pag", except).map(str::to_owned)
        };
        assert_eq!(
            index
                .remembered("near", "/a/pag", false, None, search)
                .as_deref(),
            Some("/a/page")
        );
        assert_eq!(
            index
                .remembered("near", "/a/pag", false, None, search)
                .as_deref(),
            Some("/a/page")
        );
        assert_eq!(calls.get(), 1);
        // Asked from the page it would propose: that page is left out.
        assert_eq!(
            index
                .remembered("near", "/a/pag", false, Some("/a/page"), search)
                .as_deref(),
            Some("/a/pages")
        );
    }
}
