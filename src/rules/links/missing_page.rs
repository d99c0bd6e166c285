use super::report_missing;
use crate::rules::{Check, PageContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a link to a page the built site does not have. The link is resolved as the
    /// site serves it: relative links against the page's output URL (`a/b.md` is served at
    /// `/a/b/`), percent-encoding and Unicode normalisation ignored
    /// (`/accessibilit%C3%A9/` is `/accessibilité/`), `/x` as good as `/x/`, absolute URLs
    /// on the site's own domain included. The help names the closest existing page, or where
    /// the page went when git history shows it was renamed.
    ///
    /// ## Why is this bad?
    /// The reader lands on the 404 page. Pages move and are renamed; links to them stay.
    /// A link written as a source path (`./autre-page.md`) is not rewritten by Eleventy 1–2.
    ///
    /// ## Example
    /// ```markdown
    /// Voir [les ateliers](/ateliers-bluehats/).
    /// ```
    /// Use instead:
    /// ```markdown
    /// Voir [les ateliers](/bluehats/ateliers/).
    /// ```
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/permalinks/
    pub struct MissingPage {
        code: "links/missing-page",
        severity: Error,
        scope: Page,
        url: "https://www.11ty.dev/docs/permalinks/",
        views: true,
    }
}

impl Check for MissingPage {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        report_missing(cx, false);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{RuleTest, build_site, git, run_rule};

    /// Links from `a/b.md` that resolve as the built site serves them.
    const RESOLVED: [&str; 10] = [
        "../c/",
        "/accessibilit%C3%A9/",
        "/accessibilite\u{301}/",
        "/a-propos",
        "/a-propos/index.html",
        "/feed/feed.xml",
        "https://communs.example.fr/a-propos/",
        "opendata.example.org",
        "#haut",
        "/img/x.png",
    ];

    /// Links from `a/b.md` to no page, each with its own help.
    const MISSING: [&str; 5] = [
        "../../c/",
        "/accessibilte/",
        "https://communs.example.fr/equipe/",
        "../c.md",
        "/bluehats/ateliers/rust/",
    ];

    /// A site at `https://communs.example.fr/` whose page `a/b.md` is `page`.
    fn site(page: &str) -> [(&str, &str); 10] {
        [
            (
                "_data/metadata.json",
                r#"{ "url": "https://communs.example.fr/" }"#,
            ),
            (
                ".eleventy.js",
                "module.exports = c => { c.addPassthroughCopy('img'); };",
            ),
            ("a/b.md", page),
            ("a/c.md", "C"),
            ("accessibilité/index.md", "Accessibilité"),
            ("a-propos/index.md", "À propos"),
            ("bluehats/index.md", "BlueHats"),
            (
                "feed/feed.njk",
                "---\npermalink: \"{{ metadata.feed }}\"\n---\n",
            ),
            ("_data/metadata/feed.json", "\"/feed/feed.xml\""),
            ("img/x.png", "png"),
        ]
    }

    #[test]
    fn cases() {
        let resolved = RESOLVED.map(|l| format!("[lien]({l})")).join("\n");
        let mut test = RuleTest::new(super::MissingPage)
            .pass_site(&site(&resolved))
            // A template whose permalink uses a plugin's filter writes `/agenda/*.ics`.
            .pass_site(&[
                (
                    ".eleventy.js",
                    "module.exports = (c) => { c.addPlugin(require('eleventy-plugin-agenda')); };",
                ),
                (
                    "event.njk",
                    "---\npagination:\n  data: collections.events\n  size: 1\npermalink: \"agenda/{{ pagination.items[0] | slugifyEvent }}.ics\"\n---\n",
                ),
                ("rencontre.md", "---\ntags: events\n---\n[ics](/agenda/rencontre.ics)\n"),
            ]);
        for link in MISSING {
            test = test.fail_site(&site(&format!("[lien]({link})\n")));
        }
        test.fail_site(&[
            ("permalien.md", "---\npermalink: /autre/adresse/\n---\n"),
            ("brouillon.md", "---\npermalink: false\n---\n"),
            ("index.md", "[a](/permalien/) [b](/brouillon/)\n"),
        ])
        // A page whose URL vigie cannot compute may be the target: a warning, not an error.
        .fail_site(&[
            (
                "fr/fr.11tydata.js",
                "const slug = require('some-slug');\nmodule.exports = { permalink: (d) => `/fr/${slug(d.slug)}/` };",
            ),
            ("fr/apropos.md", "---\nslug: a-propos\n---\n"),
            ("fr/contact.md", "---\nslug: contact\n---\n"),
            (
                "index.md",
                "[À propos](/fr/a-propos/)\n[Ailleurs](/en/about/)\n[Contact](/fr/contact/)\n",
            ),
        ])
        .run();
    }

    #[test]
    fn names_the_new_place_of_a_page_renamed_in_git() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("ateliers")).unwrap();
        let catala = "# Catala\n\nUn atelier sur Catala, le langage.\n";
        std::fs::write(root.join("ateliers/catala.md"), catala).unwrap();
        std::fs::write(root.join("index.md"), "[Catala](/ateliers/catala/)\n").unwrap();
        let steps: [&[&str]; 5] = [
            &["init", "-q"],
            &["add", "."],
            &["commit", "-q", "-m", "first"],
            &["mv", "ateliers", "rencontres"],
            &["commit", "-q", "-m", "moved"],
        ];
        if !steps.iter().all(|args| git(root, args)) {
            // git is missing or unusable here: nothing to test.
            return;
        }
        let mut reader = crate::source::worktree::WorkingTree::new(root).unwrap();
        let site = build_site(&crate::read_inputs(&mut reader).unwrap());
        let found = run_rule(&super::MissingPage, &site);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            found[0].help.as_deref(),
            Some(
                "this page moved to `/rencontres/catala/` (`ateliers/catala.md` was renamed `rencontres/catala.md` in git history)"
            )
        );
    }
}
