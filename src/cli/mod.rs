//! The command line: clap arguments and one module per subcommand. The only module, with
//! `main.rs`, that writes to the terminal.
//!
//! May import every module.

pub mod baseline;
pub mod check;
pub mod explain;
pub mod fix;
pub mod init;
pub mod nav;
pub mod pages;
pub mod root;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::error::Result;

/// Checks the content of an Eleventy site before it is built.
#[derive(Debug, Parser)]
#[command(name = "vigie", version, about)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the site's pages and report every problem at its place.
    Check(CheckArgs),
    /// Print the navigation menu exactly as eleventy-navigation will render it.
    Nav(NavArgs),
    /// List every page with the URL Eleventy will give it.
    Pages(PagesArgs),
    /// Print the documentation of a rule.
    Explain {
        /// A rule code, such as `front-matter/missing-layout`.
        code: String,
    },
    /// List every rule with its code, default severity, fix, whether it needs the network,
    /// and summary.
    Rules,
    /// Print the completion script of a shell (`vigie completions bash > …`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print vigie's man page (roff: `vigie man | man -l -`).
    Man,
    /// Write a `vigie.toml` showing what vigie detected, every setting commented out.
    Init {
        #[arg(default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The site's root, or files and folders of a site: their findings are reported, with
    /// the whole site as context. The root is found upward from them, as git finds `.git`.
    #[arg(default_value = ".", value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Say what was detected about the site, and from where.
    #[arg(long, short)]
    pub verbose: bool,
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Exit 1 on findings of this severity or worse (default: errors).
    #[arg(long, value_enum, value_name = "SEVERITY", default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Print the findings only: no summary line, no notes on stderr.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print how many findings each rule has instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Report only the findings that the baseline FILE does not hold (and say how many it
    /// hid): adopt vigie on a site without fixing everything first.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Report only what the change since REV introduced: the findings of the site at the
    /// merge-base of REV and the checked state (read from git, no checkout) are left out,
    /// wherever the change broke things (links into a page it moved, in files it did not
    /// touch, are new).
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
    /// Record today's findings in FILE, for `--baseline`; the check then passes.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub external: ExternalArgs,
    #[command(flatten)]
    pub fixes: FixArgs,
}

/// Which fixes `--fix` applies, and whether it writes them.
#[derive(Debug, Default, clap::Args)]
#[command(next_help_heading = "Fixes")]
pub struct FixArgs {
    /// Apply the fixes findings carry that keep what the page means (an absolute link to the
    /// site made root-relative, a known move, a bare domain given its scheme …), then check
    /// again. Without it, vigie never writes a file.
    #[arg(long, conflicts_with_all = ["staged", "rev", "changed_since"])]
    pub fix: bool,
    /// With `--fix`: print the fixes as a unified diff, write nothing.
    #[arg(long, requires = "fix")]
    pub diff: bool,
    /// With `--fix`: apply the other fixes too (a renamed key, an added `alt` …).
    #[arg(long, requires = "fix")]
    pub unsafe_fixes: bool,
}

/// The least severity that fails a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

/// Which state of the site is read: the files on disk, git's index or a commit.
#[derive(Debug, Default, clap::Args)]
pub struct SourceArgs {
    /// Read what is staged in git's index (the next commit), not the files on disk.
    #[arg(long, conflicts_with = "rev")]
    pub staged: bool,
    /// Read the site as commit REV holds it (a SHA, a branch, `HEAD~1`), without checking
    /// it out.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
}

impl SourceArgs {
    /// The state of the repository to check; `None`: the files on disk.
    pub fn snapshot(&self) -> Option<crate::source::git::Snapshot> {
        use crate::source::git::Snapshot;
        match (&self.rev, self.staged) {
            (Some(rev), _) => Some(Snapshot::Commit(rev.clone())),
            (None, true) => Some(Snapshot::Index),
            (None, false) => None,
        }
    }
}

/// How external links are checked over HTTP (they win over `[external]` of vigie.toml).
#[derive(Debug, Default, clap::Args)]
#[command(next_help_heading = "External links")]
pub struct ExternalArgs {
    /// Do not check external links over the network: no socket is opened at all.
    #[arg(long)]
    pub offline: bool,
    /// Seconds to wait for each answer.
    #[arg(long, value_name = "SECS", value_parser = seconds)]
    pub timeout: Option<std::time::Duration>,
    /// Requests in flight at once, over all hosts.
    #[arg(long, value_name = "N")]
    pub max_concurrency: Option<usize>,
    /// Rewrite URLs before requesting them: 'REGEX REPLACEMENT' (`$1` groups); repeatable.
    #[arg(long, value_name = "'REGEX REPLACEMENT'", value_parser = crate::config::settings::Remap::parse)]
    pub remap: Vec<crate::config::settings::Remap>,
    /// Where successes are remembered between runs (default: `~/.cache/vigie/`).
    #[arg(long, value_name = "PATH")]
    pub cache_file: Option<std::path::PathBuf>,
    /// Check every URL again, and remember nothing.
    #[arg(long)]
    pub no_cache: bool,
    /// Also connect to loopback, private and link-local addresses.
    #[arg(long)]
    pub allow_private: bool,
    /// Compare embedded decks' iframe titles with their real titles (oEmbed).
    #[arg(long)]
    pub embed_titles: bool,
}

/// A positive number of seconds, as a duration.
fn seconds(text: &str) -> std::result::Result<std::time::Duration, String> {
    match text.parse::<f64>() {
        Ok(secs) if secs.is_finite() && secs > 0.0 => Ok(std::time::Duration::from_secs_f64(secs)),
        _ => Err(format!("`{text}` is not a positive number of seconds")),
    }
}

#[derive(Debug, clap::Args)]
pub struct NavArgs {
    #[arg(default_value = ".")]
    pub root: PathBuf,
    #[arg(long, value_enum, default_value_t = NavFormat::Text)]
    pub format: NavFormat,
    #[command(flatten)]
    pub source: SourceArgs,
}

#[derive(Debug, clap::Args)]
pub struct PagesArgs {
    #[arg(default_value = ".")]
    pub root: PathBuf,
    #[arg(long, value_enum, default_value_t = NavFormat::Text)]
    pub format: NavFormat,
    #[command(flatten)]
    pub source: SourceArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Findings with their source lines, for people.
    #[value(alias = "text")]
    Human,
    /// vigie's JSON, version 1.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions annotations (workflow commands).
    Github,
    /// GitLab Code Quality.
    Gitlab,
    /// JUnit XML.
    Junit,
    /// reviewdog's rdjsonl (Gitea, Forgejo … through reviewdog).
    Rdjsonl,
    /// One self-contained HTML page, for people (a CI artifact).
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NavFormat {
    #[value(alias = "human")]
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// What the process should exit with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// No errors (warnings allowed): exit 0.
    Clean,
    /// Errors found: exit 1.
    Errors,
}

/// Runs a parsed command, writing its output to `out`.
pub fn run(args: Args, out: &mut dyn std::io::Write) -> Result<Outcome> {
    match args.command {
        Command::Check(check) => check::run(&check, out),
        Command::Nav(nav) => nav::run(&nav, out),
        Command::Pages(pages) => pages::run(&pages, out),
        Command::Explain { code } => explain::explain(&code, out),
        Command::Rules => explain::list(out),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Args as clap::CommandFactory>::command(),
                "vigie",
                &mut script,
            );
            write(out, &String::from_utf8_lossy(&script))?;
            Ok(Outcome::Clean)
        }
        Command::Init { root } => init::run(&root, out),
        Command::Man => {
            let mut page = Vec::new();
            clap_mangen::Man::new(<Args as clap::CommandFactory>::command())
                .render(&mut page)
                .map_err(|source| crate::error::Error::Io {
                    path: "<stdout>".into(),
                    source,
                })?;
            write(out, &String::from_utf8_lossy(&page))?;
            Ok(Outcome::Clean)
        }
    }
}

/// Writes to the output, mapping I/O failures (a closed pipe) to a tool error.
pub(crate) fn write(out: &mut dyn std::io::Write, text: &str) -> Result<()> {
    out.write_all(text.as_bytes())
        .map_err(|source| crate::error::Error::Io {
            path: "<stdout>".into(),
            source,
        })
}
