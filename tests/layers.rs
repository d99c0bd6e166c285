//! The layers of the crate, held against the code: each top-level module's `//!` says what
//! it may import (`May import `a`, `b`.` or `May import nothing.`), and this test fails when
//! an import of its non-test code breaks that, when the declarations make a cycle, or when
//! the pure core reaches the file system, a process, the network or the environment.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Modules that may do I/O: the edges.
const EDGES: [&str; 4] = ["source", "http", "report", "cli"];

/// What only an edge may name.
const IO: [&str; 8] = [
    "std::fs",
    "std::process",
    "std::net",
    "std::env",
    "tokio::net",
    "reqwest::",
    "File::open",
    "Command::new",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level modules (`src/x.rs` or `src/x/mod.rs`), but the test support.
fn modules() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(src())
        .unwrap()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() {
                Some(name)
            } else {
                name.strip_suffix(".rs").map(str::to_owned)
            }
        })
        .filter(|name| !matches!(name.as_str(), "lib" | "main" | "testing"))
        .collect();
    names.sort();
    names
}

fn root_file(module: &str) -> PathBuf {
    let dir = src().join(module);
    if dir.is_dir() {
        dir.join("mod.rs")
    } else {
        src().join(format!("{module}.rs"))
    }
}

/// Every file of `module` that is not a test file, as code (see `code`) without its test
/// modules.
fn sources(module: &str) -> Vec<(PathBuf, String)> {
    let dir = src().join(module);
    let mut files = Vec::new();
    if dir.is_dir() {
        let mut pending = vec![dir];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
    } else {
        files.push(root_file(module));
    }
    let test_files: BTreeSet<PathBuf> = files.iter().flat_map(|path| test_modules(path)).collect();
    files
        .into_iter()
        .filter(|path| !test_files.contains(path))
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (path, without_tests(&code(&text)))
        })
        .collect()
}

/// The files of the `#[cfg(test)] mod name;` declarations of the file at `path`.
fn test_modules(path: &Path) -> Vec<PathBuf> {
    let text = std::fs::read_to_string(path).unwrap();
    let dir = if path.file_name().is_some_and(|n| n == "mod.rs") {
        path.parent().unwrap().to_path_buf()
    } else {
        path.with_extension("")
    };
    let lines: Vec<&str> = text.lines().collect();
    lines
        .windows(2)
        .filter(|pair| pair[0].trim() == "#[cfg(test)]")
        .filter_map(|pair| {
            let line = pair[1].trim();
            let name = line
                .trim_start_matches("pub(crate) ")
                .strip_prefix("mod ")?
                .strip_suffix(';')?;
            Some([
                dir.join(format!("{name}.rs")),
                dir.join(name).join("mod.rs"),
            ])
        })
        .flatten()
        .collect()
}

/// `text` with its comments and its string and char literals blanked, newlines kept: what
/// is left is code, and its lines are the file's.
fn code(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let end = literal_end(&chars, i).min(chars.len());
        if end == i {
            out.push(chars[i]);
            i += 1;
        } else {
            out.extend(
                chars[i..end]
                    .iter()
                    .map(|&c| if c == '\n' { c } else { ' ' }),
            );
            i = end;
        }
    }
    out
}

/// Where the comment or literal that starts at `i` ends (`i` itself when none starts there):
/// `// …`, nested `/* … */`, `"…"`, raw `r#"…"#`, and `'c'` but not a lifetime `'a`.
fn literal_end(c: &[char], i: usize) -> usize {
    let at = |k: usize| c.get(k).copied().unwrap_or('\0');
    let next = |from: usize, target: char| (from..c.len()).find(|&k| c[k] == target);
    match (c[i], at(i + 1)) {
        ('/', '/') => next(i, '\n').unwrap_or(c.len()),
        ('/', '*') => {
            let (mut depth, mut k) = (0, i);
            while k < c.len() {
                match (c[k], at(k + 1)) {
                    ('/', '*') => (depth, k) = (depth + 1, k + 2),
                    ('*', '/') if depth == 1 => return k + 2,
                    ('*', '/') => (depth, k) = (depth - 1, k + 2),
                    _ => k += 1,
                }
            }
            c.len()
        }
        ('"', _) => {
            let mut k = i + 1;
            while k < c.len() && c[k] != '"' {
                k += if c[k] == '\\' { 2 } else { 1 };
            }
            k + 1
        }
        ('r', '#' | '"') => {
            let hashes = c[i + 1..].iter().take_while(|&&h| h == '#').count();
            if at(i + 1 + hashes) != '"' {
                return i; // a raw identifier, `r#type`
            }
            (i + 2 + hashes..c.len())
                .find(|&k| c[k] == '"' && (1..=hashes).all(|h| at(k + h) == '#'))
                .map_or(c.len(), |k| k + 1 + hashes)
        }
        ('\'', '\\') => next(i + 3, '\'').map_or(c.len(), |k| k + 1),
        ('\'', _) if at(i + 2) == '\'' => i + 3,
        _ => i,
    }
}

/// `code` with its inline `#[cfg(test)] mod … { … }` blanked: the module's braces counted,
/// the code after it kept.
fn without_tests(code: &str) -> String {
    let mut out = code.to_owned();
    let mut from = 0;
    while let Some(at) = out[from..].find("#[cfg(test)]").map(|at| at + from) {
        from = at + 1;
        let item = &out[at..];
        let Some(open) = item
            .find(['{', ';'])
            .filter(|&o| item[o..].starts_with('{'))
        else {
            continue;
        };
        if !item[..open].split_whitespace().any(|word| word == "mod") {
            continue;
        }
        let mut depth = 0;
        let close = item[open..].find(|c| {
            depth += match c {
                '{' => 1,
                '}' => -1,
                _ => 0,
            };
            depth == 0
        });
        let end = close.map_or(out.len(), |close| at + open + close + 1);
        let blank: String = out[at..end]
            .chars()
            .map(|c| if c == '\n' { c } else { ' ' })
            .collect();
        out.replace_range(at..end, &blank);
        from = at + blank.len();
    }
    out
}

/// Names the crate root re-exports (`pub use diagnostic::{Diagnostic, Severity};`), by the
/// module they come from.
fn reexports() -> BTreeMap<String, String> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let mut names = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line.strip_prefix("pub use ") else {
            continue;
        };
        let Some((module, items)) = rest.split_once("::") else {
            continue;
        };
        for item in items.trim_matches(|c| "{};".contains(c)).split(',') {
            names.insert(item.trim().to_owned(), module.to_owned());
        }
    }
    names
}

/// The top-level modules a text names through `crate::` (the crate root itself: `lib`).
fn imports(
    text: &str,
    modules: &[String],
    reexports: &BTreeMap<String, String>,
) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut name = |ident: &str| {
        let module = if modules.iter().any(|m| m == ident) {
            ident.to_owned()
        } else {
            reexports
                .get(ident)
                .cloned()
                .unwrap_or_else(|| "lib".to_owned())
        };
        found.insert(module);
    };
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a::x, b::{y, z}}`: the first segment of each item at depth 0.
            let mut depth = 0;
            let mut item_start = true;
            let mut ident = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_alphanumeric() || c == '_') => ident.push(c),
                    _ if item_start && !ident.is_empty() => {
                        name(&ident);
                        ident.clear();
                        item_start = false;
                    }
                    _ => {}
                }
            }
            if !ident.is_empty() {
                name(&ident);
            }
            continue;
        }
        let ident: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !ident.is_empty() {
            name(&ident);
        }
    }
    found
}

/// What the module's `//!` allows: `May import `a`, `b`.`, `May import nothing.` or
/// `May import every module.`
fn declared(module: &str, modules: &[String]) -> Result<BTreeSet<String>, String> {
    let text = std::fs::read_to_string(root_file(module)).unwrap();
    let docs: Vec<&str> = text
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| l.trim_start_matches("//!").trim())
        .collect();
    let docs = docs.join(" ");
    let Some(at) = docs.find("May import ") else {
        return Err(format!(
            "{module}: its `//!` does not say what it may import"
        ));
    };
    let sentence = &docs[at + "May import ".len()..];
    let sentence = sentence.split(". ").next().unwrap_or(sentence);
    if sentence.starts_with("nothing") {
        return Ok(BTreeSet::new());
    }
    if sentence.starts_with("every module") {
        let mut all: BTreeSet<String> = modules.iter().cloned().collect();
        all.insert("lib".into());
        return Ok(all);
    }
    let names: BTreeSet<String> = sentence
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|n| n.split("::").next().unwrap_or(n).to_owned())
        .collect();
    for name in &names {
        if !modules.contains(name) {
            return Err(format!(
                "{module}: declares `{name}`, which is no top-level module"
            ));
        }
    }
    Ok(names)
}

#[test]
fn every_module_imports_only_what_its_docs_allow() {
    let modules = modules();
    let reexports = reexports();
    let mut problems = Vec::new();
    for module in &modules {
        let allowed = match declared(module, &modules) {
            Ok(allowed) => allowed,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        for (path, text) in sources(module) {
            let used = imports(&text, &modules, &reexports);
            for import in used
                .iter()
                .filter(|u| *u != module && !allowed.contains(*u))
            {
                let rel = path.strip_prefix(src()).unwrap().display();
                problems.push(format!(
                    "src/{rel} imports `{import}`, which `{module}` may not"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_declared_layers_have_no_cycle() {
    let modules = modules();
    let graph: BTreeMap<String, BTreeSet<String>> = modules
        .iter()
        .map(|m| (m.clone(), declared(m, &modules).unwrap_or_default()))
        .filter(|(m, _)| m != "cli")
        .collect();
    // Peel off modules that import nothing left; what remains is on a cycle.
    let mut left = graph.clone();
    loop {
        let free: Vec<String> = left
            .iter()
            .filter(|(_, deps)| deps.iter().all(|d| !left.contains_key(d)))
            .map(|(m, _)| m.clone())
            .collect();
        if free.is_empty() {
            break;
        }
        for module in free {
            left.remove(&module);
        }
    }
    assert!(
        left.is_empty(),
        "modules on an import cycle: {:?}",
        left.keys()
    );
}

#[test]
fn the_pure_core_does_no_io() {
    let mut problems = Vec::new();
    for module in modules().iter().filter(|m| !EDGES.contains(&m.as_str())) {
        for (path, text) in sources(module) {
            for needle in IO.iter().filter(|n| text.contains(*n)) {
                let rel = path.strip_prefix(src()).unwrap().display();
                problems.push(format!(
                    "src/{rel} uses `{needle}`: I/O belongs to {EDGES:?}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The checks above are only as good as their reading of imports.
#[test]
fn imports_are_read_from_paths_groups_and_reexports() {
    let modules: Vec<String> = ["config", "parse", "site"].map(String::from).to_vec();
    let reexports = BTreeMap::from([("Severity".to_owned(), "diagnostic".to_owned())]);
    let text = "use crate::config::Eleventy;\nuse crate::{parse::{a, b}, site};\nlet s = crate::Severity::Error;\ncrate::check(x)";
    let found = imports(text, &modules, &reexports);
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        ["config", "diagnostic", "lib", "parse", "site"]
    );
}

/// Comments and literals are no code, and a test module ends at its own closing brace,
/// whatever braces its strings, chars and comments hold: the code after it is read.
#[test]
fn test_modules_are_cut_by_their_braces_and_the_code_after_them_kept() {
    let text = r###"use crate::site; // use crate::cli;
#[cfg(test)]
mod tests {
    use crate::parse;
    const A: &str = "}}{{ \" }";
    const B: &str = r#"}" }"#;
    const C: [char; 3] = ['}', '\'', '"'];
    fn f<'a>(x: &'a str) -> &'a str { x } // }
    /* } /* } */ } */
}
#[cfg(test)]
mod more;
/// `crate::cli` in a doc comment
pub fn g() -> &'static str { "crate::report" }
use crate::config;
"###;
    let cut = without_tests(&code(text));
    assert_eq!(cut.lines().count(), text.lines().count());
    let words: Vec<&str> = cut.split_whitespace().collect();
    assert_eq!(
        words.join(" "),
        "use crate::site; #[cfg(test)] mod more; pub fn g() -> &'static str { } use crate::config;"
    );
}
