//! `vigie check`: run every rule and report.

use std::io::IsTerminal;

use super::{CheckArgs, Color, Format, Outcome, write};
use crate::error::Result;
use crate::report;

pub fn run(args: &CheckArgs, out: &mut dyn std::io::Write) -> Result<Outcome> {
    let report = crate::check(&args.root)?;
    if args.verbose {
        let mut text = String::from("vigie: detected settings\n");
        let mut provenance: Vec<_> = report.site.settings.provenance.iter().collect();
        provenance.sort_by(|a, b| a.setting.cmp(&b.setting));
        for p in provenance {
            text.push_str(&format!(
                "  {:<34} {}  ({})\n",
                p.setting, p.value, p.source
            ));
        }
        for note in &report.site.settings.notes {
            text.push_str(&format!("  note: {note}\n"));
        }
        // Detection goes to stderr so that `--format json` stays parseable.
        eprint_text(&text);
    }
    match args.format {
        Format::Json => {
            let value =
                report::json::to_value(&report.diagnostics, &report.sources, &report.summary);
            let text = serde_json::to_string_pretty(&value).unwrap_or_default();
            write(out, &format!("{text}\n"))?;
        }
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            let width = terminal_width();
            let text = report::human::render(&report.diagnostics, &report.sources, color, width);
            write(out, &text)?;
            write(
                out,
                &format!("{}\n", report::human::summary_line(&report.summary)),
            )?;
        }
    }
    Ok(if report.has_errors() {
        Outcome::Errors
    } else {
        Outcome::Clean
    })
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}

#[allow(clippy::print_stderr)]
fn eprint_text(text: &str) {
    eprint!("{text}");
}
