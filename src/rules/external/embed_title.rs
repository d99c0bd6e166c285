use super::{checked_links, report_link};
use crate::rules::{Check, PageContext, declare_rule};
use crate::site::external::is_iframe;

declare_rule! {
    /// ## What it does
    /// Compares the `title` of an `<iframe>` embedding a deck (Speaker Deck …) with the
    /// deck's real title, given by the provider's oEmbed endpoint. Opt-in: the titles are
    /// fetched only with `[external] embed-titles = true` or `--embed-titles`.
    ///
    /// ## Why is this bad?
    /// Screen reader users choose a frame by its title (RGAA 2.2). A title copied from
    /// another embed announces one talk and plays another.
    ///
    /// ## Example
    /// ```html
    /// <iframe title="Le projet Dynare" src="https://speakerdeck.com/player/5787f247aad545a48dcf028570822427"></iframe>
    /// ```
    /// Use instead (the deck is « Le projet Celluloid »):
    /// ```html
    /// <iframe title="Le projet Celluloid" src="https://speakerdeck.com/player/5787f247aad545a48dcf028570822427"></iframe>
    /// ```
    ///
    /// ## References
    /// - https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#2.2
    /// - https://oembed.com/
    pub struct EmbedTitle {
        code: "external/embed-title",
        severity: Warning,
        scope: Page,
        url: "https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#2.2",
        fix: Always,
        views: true,
    }
}

/// Lowercase words, punctuation and spacing ignored: « Le projet  Dynare ! » = "le projet dynare".
fn words(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` as an HTML attribute value, quoted with `"` or `'`.
fn escape_attribute(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            c => escaped.push(c),
        }
    }
    escaped
}

impl Check for EmbedTitle {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        let page = cx.page;
        let site = cx.site;
        let titles = &site.external.embed_titles;
        for (link, url, _) in checked_links(page, site) {
            let Some(real) = titles.get(url.as_str()).filter(|_| is_iframe(link)) else {
                continue;
            };
            // The iframe whose `src` this link is.
            let Some(frame) = cx.markup.elements.iter().find(|e| {
                e.name == "iframe" && e.span.start <= link.span.start && link.span.end <= e.span.end
            }) else {
                continue;
            };
            let Some(title) = frame.attribute("title").filter(|t| !t.dynamic) else {
                continue;
            };
            let written = title.value.as_deref().unwrap_or("");
            let (said, is) = (words(written), words(real));
            // A title that names the deck, even with more words around it, is fine.
            if said.is_empty() || said.contains(&is) || is.contains(&said) {
                continue;
            }
            let message =
                format!("this frame's title « {written} » is not the deck's title « {real} »");
            let mut diagnostic = report_link(cx, link, message)
                .with_label("another title")
                .with_help(format!("title the frame « {real} », as the deck is called"));
            diagnostic.span = title.value_span.clone();
            // The title comes from the provider: escaped, it stays text inside the attribute.
            let quoted = page
                .file
                .text
                .get(..title.value_span.start)
                .is_some_and(|before| before.ends_with(['"', '\'']));
            let escaped = escape_attribute(real);
            let replacement = if quoted {
                escaped
            } else {
                format!("\"{escaped}\"")
            };
            diagnostic.with_fix(title.value_span.clone(), replacement);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::site::verdict::Verdict;
    use crate::testing::RuleTest;

    const DYNARE: &str = "https://speakerdeck.com/player/5787f247aad545a48dcf028570822427";
    const ORFEO: &str = "https://speakerdeck.com/player/184fde211099417d98e0a47fb2ad847e";
    /// A deck whose provider gives a title that would break out of the attribute.
    const HOSTILE: &str = "https://speakerdeck.com/player/eb46084c2d324ca0bd7d2dac776da8dd";

    #[test]
    fn cases() {
        let ok = || Verdict::Ok { status: 200 };
        RuleTest::new(super::EmbedTitle)
            .verdicts(&[(DYNARE, ok()), (ORFEO, ok()), (HOSTILE, ok())])
            .embed_titles(&[
                (DYNARE, "Le projet Dynare"),
                (ORFEO, "Projet Orfeo ToolBox"),
                (
                    HOSTILE,
                    "Dynare' onload='alert(1)\" <script>x</script> & co",
                ),
            ])
            .pass(&format!(
                "<iframe title=\"Présentation : projet Orfeo ToolBox\" src=\"{ORFEO}\"></iframe>\n"
            ))
            .pass(&format!(
                "<iframe title=\"Le projet Dynare\" src=\"{DYNARE}\"></iframe>\n"
            ))
            .fail(&format!(
                "<iframe title=\"Le projet Celluloid\" src=\"{DYNARE}\"></iframe>\n"
            ))
            // The provider's title is escaped in the fix, and quoted when the title was not.
            .fail(&format!(
                "<iframe title='Le projet Celluloid' src=\"{HOSTILE}\"></iframe>\n"
            ))
            .fail(&format!(
                "<iframe title=Celluloid src=\"{ORFEO}\"></iframe>\n"
            ))
            .run();
    }
}
