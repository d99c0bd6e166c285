//! Failures of the tool itself (bad config, unreadable root): typed, rendered by miette,
//! exit code 2. Findings about the site are never errors: they are `Diagnostic`s.
//!
//! May import nothing.

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

#[derive(Debug, Error, Diagnostic)]
pub enum Error {
    #[error("cannot check `{path}`: {reason}")]
    #[diagnostic(
        code(vigie::root),
        help("pass the root of an Eleventy site: `vigie check path/to/site`")
    )]
    Root { path: String, reason: String },

    #[error("`{path}` is not an Eleventy site: no template under `{input}`")]
    #[diagnostic(
        code(vigie::not_a_site),
        help(
            "vigie looked for {formats} files under `{input}` (the input directory), outside the output, includes and data folders and what .gitignore and .eleventyignore leave out: pass the site's root (where its package.json or .eleventy.js lives)"
        )
    )]
    NotASite {
        path: String,
        input: String,
        formats: String,
    },

    #[error("cannot check `{path}`: {reason}")]
    #[diagnostic(
        code(vigie::git),
        help(
            "`--staged` and `--rev` read git's index and commits: run vigie in the site's repository, or without them to check the files on disk"
        )
    )]
    Git { path: String, reason: String },

    #[error("cannot check revision `{rev}`: {reason}")]
    #[diagnostic(
        code(vigie::rev),
        help("pass a commit git knows: a SHA, a branch or tag name, `HEAD~1`")
    )]
    Rev { rev: String, reason: String },

    #[error("invalid vigie.toml: {message}")]
    #[diagnostic(
        code(vigie::config),
        help("the README's `vigie.toml` section lists every option it accepts")
    )]
    Config {
        message: String,
        #[source_code]
        source_code: NamedSource<String>,
        #[label("here")]
        span: Option<SourceSpan>,
    },

    #[error("cannot read `{path}`: {source}")]
    #[diagnostic(code(vigie::io))]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot use the baseline `{path}`: {reason}")]
    #[diagnostic(
        code(vigie::baseline),
        help("write one with `vigie check --write-baseline {path}`")
    )]
    Baseline { path: String, reason: String },

    #[error("unknown rule `{code}`{hint}")]
    #[diagnostic(code(vigie::unknown_rule), help("`vigie rules` lists every rule code"))]
    UnknownRule { code: String, hint: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
