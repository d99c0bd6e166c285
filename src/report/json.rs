//! `--format json`, version 1 (DESIGN.md §4): every diagnostic with its file, 1-based
//! line/column (columns in characters), byte range, and a summary.

use rayon::prelude::*;
use serde_json::{Map, Value, json};

use super::Summary;
use crate::diagnostic::Diagnostic;
use crate::source::Sources;
use crate::source::file::Lines;

/// The whole report as a JSON value.
pub fn to_value(diagnostics: &[Diagnostic], sources: &Sources, summary: &Summary) -> Value {
    // In parallel, a chunk at a time, each with its own line indexes: findings are sorted
    // by file, so a chunk indexes a file or two.
    let items: Vec<Value> = diagnostics
        .par_chunks(64)
        .flat_map_iter(|chunk| {
            let lines = Lines::new(sources);
            chunk
                .iter()
                .map(|d| diagnostic(d, &lines))
                .collect::<Vec<_>>()
        })
        .collect();
    json!({
        "version": 1,
        "tool": { "name": "vigie", "version": env!("CARGO_PKG_VERSION") },
        "diagnostics": items,
        "summary": {
            "files": summary.files,
            "pages": summary.pages,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
        },
    })
}

fn diagnostic(d: &Diagnostic, lines: &Lines<'_>) -> Value {
    let (line, column) = lines.line_column(&d.file, d.span.start);
    let (end_line, end_column) = lines.line_column(&d.file, d.span.end);
    let mut object = Map::new();
    object.insert("code".into(), d.code.clone().into());
    object.insert("severity".into(), d.severity.as_str().into());
    object.insert("message".into(), d.message.clone().into());
    object.insert(
        "help".into(),
        d.help.clone().map_or(Value::Null, Value::from),
    );
    object.insert("file".into(), d.file.clone().into());
    object.insert("line".into(), line.into());
    object.insert("column".into(), column.into());
    object.insert("end_line".into(), end_line.into());
    object.insert("end_column".into(), end_column.into());
    object.insert("byte_start".into(), d.span.start.into());
    object.insert("byte_end".into(), d.span.end.into());
    if let Some(link) = &d.link {
        object.insert("link".into(), link.clone().into());
    }
    if let Some(url) = &d.url {
        object.insert("url".into(), url.clone().into());
    }
    if let Some(fix) = &d.fix {
        object.insert(
            "fix".into(),
            json!({ "byte_start": fix.span.start, "byte_end": fix.span.end, "replacement": fix.replacement }),
        );
    }
    if !d.related.is_empty() {
        let related: Vec<Value> = d
            .related
            .iter()
            .map(|r| {
                let (line, column) = lines.line_column(&r.file, r.span.start);
                json!({ "file": r.file, "line": line, "column": column,
                        "byte_start": r.span.start, "byte_end": r.span.end, "message": r.label })
            })
            .collect();
        object.insert("related".into(), related.into());
    }
    Value::Object(object)
}
