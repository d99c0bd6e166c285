//! `vigie pages`: every page vigie found, with the URL Eleventy will give it. Useful to see
//! what vigie understood of a site, and to compare with a real Eleventy build.

use serde_json::json;

use super::{NavFormat, Outcome, PagesArgs, write};
use crate::error::Result;
use crate::site::Output;

pub fn run(args: &PagesArgs, out: &mut dyn std::io::Write) -> Result<Outcome> {
    let (site, _) = crate::load(&args.root, args.source.snapshot().as_ref())?;
    let url = |output: &Output| match output {
        Output::Url { url, .. } => json!(url),
        Output::Disabled => json!(false),
        Output::Unknown { .. } | Output::Invalid => serde_json::Value::Null,
    };
    match args.format {
        NavFormat::Json => {
            let pages: Vec<_> = site
                .pages
                .iter()
                .map(|page| {
                    let output_path = match &page.output {
                        Output::Url { path, .. } => json!(path),
                        _ => serde_json::Value::Null,
                    };
                    json!({ "file": page.file.rel, "url": url(&page.output), "output_path": output_path })
                })
                .collect();
            let text = serde_json::to_string_pretty(&pages).unwrap_or_default();
            write(out, &format!("{text}\n"))?;
        }
        NavFormat::Text => {
            let mut text = String::new();
            for page in &site.pages {
                let shown = match &page.output {
                    Output::Url { url, .. } => url.clone(),
                    Output::Disabled => "(permalink: false, not written)".into(),
                    Output::Unknown { reason } => format!("(unknown: {reason})"),
                    Output::Invalid => "(invalid permalink)".into(),
                };
                text.push_str(&format!("{:<50} {shown}\n", page.file.rel));
            }
            write(out, &crate::report::human::inert(&text))?;
        }
    }
    Ok(Outcome::Clean)
}
