//! Where Markdown code is — fenced blocks and `code` spans — so that text patterns do not
//! report examples. A light scan, not a Markdown parser: enough to keep offsets exact.

use std::borrow::Cow;
use std::ops::Range;

/// `text` with its code replaced by spaces (line breaks kept), byte for byte.
pub(super) fn blank(text: &str) -> Cow<'_, str> {
    let ranges = ranges(text);
    if ranges.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    for range in ranges {
        for byte in &mut bytes[range] {
            if *byte != b'\n' && *byte != b'\r' {
                *byte = b' ';
            }
        }
    }
    // Ranges start and end on ASCII delimiters, so whole characters become spaces.
    match String::from_utf8(bytes) {
        Ok(blanked) => Cow::Owned(blanked),
        Err(_) => Cow::Borrowed(text),
    }
}

/// The byte ranges of fenced code blocks (fences included) and inline code spans.
pub(super) fn ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    // The open fence: its character, its length and where its line starts.
    let mut fence: Option<(u8, usize, usize)> = None;
    let mut paragraph = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start_matches(' ');
        let indented = line.len() - trimmed.len() > 3;
        if let Some((marker, len, open)) = fence {
            if !indented && closes(trimmed, marker, len) {
                ranges.push(open..offset);
                fence = None;
                paragraph = offset;
            }
            continue;
        }
        if !indented && let Some((marker, len)) = opens(trimmed) {
            code_spans(text, paragraph..start, &mut ranges);
            fence = Some((marker, len, start));
            continue;
        }
        if line.trim().is_empty() {
            code_spans(text, paragraph..start, &mut ranges);
            paragraph = offset;
        }
    }
    match fence {
        // An unclosed fence runs to the end of the document.
        Some((_, _, open)) => ranges.push(open..text.len()),
        None => code_spans(text, paragraph..text.len(), &mut ranges),
    }
    ranges.sort_by_key(|r| r.start);
    ranges
}

/// A fence opening: three or more backticks (no backtick in the info string) or tildes.
fn opens(line: &str) -> Option<(u8, usize)> {
    let marker = *line.as_bytes().first()?;
    if marker != b'`' && marker != b'~' {
        return None;
    }
    let len = line.bytes().take_while(|&b| b == marker).count();
    let info = &line[len..];
    (len >= 3 && !(marker == b'`' && info.contains('`'))).then_some((marker, len))
}

fn closes(line: &str, marker: u8, len: usize) -> bool {
    let run = line.bytes().take_while(|&b| b == marker).count();
    run >= len && line[run..].trim().is_empty()
}

/// Code spans of one paragraph: a run of backticks closed by a run of the same length.
fn code_spans(text: &str, paragraph: Range<usize>, ranges: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let mut at = paragraph.start;
    while at < paragraph.end {
        if bytes[at] != b'`' {
            at += 1;
            continue;
        }
        let run = bytes[at..paragraph.end]
            .iter()
            .take_while(|&&b| b == b'`')
            .count();
        let mut close = at + run;
        let mut end = None;
        while close < paragraph.end {
            if bytes[close] != b'`' {
                close += 1;
                continue;
            }
            let other = bytes[close..paragraph.end]
                .iter()
                .take_while(|&&b| b == b'`')
                .count();
            if other == run {
                end = Some(close + other);
                break;
            }
            close += other;
        }
        match end {
            Some(end) => {
                ranges.push(at..end);
                at = end;
            }
            None => at += run,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Vec<&str> {
        ranges(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_fenced_blocks_and_spans() {
        let text =
            "Run `npm start` then\n\n```sh\ncurl http://localhost\n```\nand ``a ` b`` here\n";
        assert_eq!(
            code(text),
            [
                "`npm start`",
                "```sh\ncurl http://localhost\n```\n",
                "``a ` b``"
            ]
        );
    }

    #[test]
    fn spans_do_not_cross_paragraphs_and_unclosed_runs_are_text() {
        assert_eq!(code("a `b\n\nc` d"), Vec::<&str>::new());
        assert_eq!(code("`>>` [x](y)"), ["`>>`"]);
    }

    #[test]
    fn unclosed_fence_runs_to_the_end() {
        assert_eq!(code("a\n~~~\nb\n"), ["~~~\nb\n"]);
    }

    #[test]
    fn blank_keeps_offsets_and_lines() {
        let text = "é `ça` x\n";
        let blanked = blank(text);
        assert_eq!(blanked.len(), text.len());
        assert_eq!(blanked, "é       x\n");
    }
}
