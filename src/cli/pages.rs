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
            // One entry per output: a paginated template once per page it writes.
            let mut pages = Vec::new();
            for page in &site.pages {
                let paginated = !page.pagination.is_empty();
                for (number, output) in page.outputs().iter().enumerate() {
                    let output_path = match output {
                        Output::Url { path, .. } => json!(path),
                        _ => serde_json::Value::Null,
                    };
                    let page_number = if paginated {
                        json!(number)
                    } else {
                        serde_json::Value::Null
                    };
                    pages.push(json!({
                        "file": page.file.rel,
                        "url": url(output),
                        "output_path": output_path,
                        "page_number": page_number,
                    }));
                }
            }
            // Templates the config adds (the RSS plugin's feeds), named as Eleventy names them.
            let eleventy = &site.settings.eleventy;
            for (path, permalink) in &eleventy.virtual_outputs {
                let output = crate::site::url::from_permalink(permalink, eleventy.version);
                let output_path = match &output {
                    Output::Url { path, .. } => json!(path),
                    _ => serde_json::Value::Null,
                };
                pages.push(json!({
                    "file": crate::config::eleventy::join_dirs(&eleventy.input, path),
                    "url": url(&output),
                    "output_path": output_path,
                    "page_number": serde_json::Value::Null,
                    "virtual": true,
                }));
            }
            let text = serde_json::to_string_pretty(&pages).unwrap_or_default();
            write(out, &format!("{text}\n"))?;
        }
        NavFormat::Text => {
            let mut text = String::new();
            for page in &site.pages {
                let paginated = !page.pagination.is_empty();
                for (number, output) in page.outputs().iter().enumerate() {
                    let shown = match output {
                        Output::Url { url, .. } => url.clone(),
                        Output::Disabled => "(permalink: false, not written)".into(),
                        Output::Unknown { reason } => format!("(unknown: {reason})"),
                        Output::Invalid => "(invalid permalink)".into(),
                    };
                    let name = if paginated {
                        format!("{} [page {number}]", page.file.rel)
                    } else {
                        page.file.rel.clone()
                    };
                    text.push_str(&format!("{name:<50} {shown}\n"));
                }
            }
            write(out, &crate::report::human::inert(&text))?;
        }
    }
    Ok(Outcome::Clean)
}
