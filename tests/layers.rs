//! The layers of the crate, held against the code: each top-level module's `//!` says what
//! it may import (`May import `a`, `b`.` or `May import nothing.`), and this test fails when
//! an import of its non-test code breaks that, when the declarations make a cycle, or when
//! the pure core reaches the file system, a process, the network, the environment or the
//! terminal, or names the readers of `source`. A plain text scan of the code, its comments
//! and literals blanked: use groups are spread out, `super::` climbs from the file's module.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a failing test"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::iter::Peekable;
use std::path::{Path, PathBuf};
use std::str::Chars;

/// Modules that may do I/O: the edges.
const EDGES: [&str; 4] = ["source", "http", "report", "cli"];

/// Modules and functions of `std` (and their `tokio` twins) only an edge may name, however
/// they are imported: `std::fs::read(…)`, `use std::{fs, process}`, `use std::io::{stdout}`.
const IO_MODULES: [&str; 7] = [
    "fs",
    "process",
    "net",
    "env",
    "io::stdin",
    "io::stdout",
    "io::stderr",
];

/// Other spellings of I/O, found as words: crates and types, the macros that print, and
/// what asks the file system about a path (`inputs.is_dir(&path)` takes an argument: no I/O).
const IO_WORDS: [&str; 24] = [
    "reqwest::",
    "File::open",
    "Command::new",
    "io::stdin",
    "io::stdout",
    "io::stderr",
    "print!",
    "println!",
    "eprint!",
    "eprintln!",
    "dbg!",
    "canonicalize(",
    "read_dir(",
    ".exists()",
    "try_exists(",
    ".is_dir()",
    ".is_file()",
    ".metadata()",
    "Path::exists",
    "Path::is_dir",
    "Path::is_file",
    // The `ignore` crate walks and reads the file system; the core builds from lines.
    "WalkBuilder",
    "Gitignore::new",
    "GitignoreBuilder::add(",
];

/// What the core may not name in `source`, though it may import `source` (for `Inputs`,
/// `SourceFile`, `History`): the readers, which do I/O, and a glob that would bring them in.
const READERS: [&str; 6] = [
    "source::worktree",
    "source::git",
    "GitHistory",
    "WorkingTree",
    "GitTree",
    "source::*",
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

/// The module a file of the crate is: `src/site/nav/tree.rs` is `site::nav::tree`,
/// `src/site/mod.rs` is `site`.
fn module_of(file: &Path) -> String {
    let rel = file.strip_prefix(src()).unwrap().with_extension("");
    let parts: Vec<_> = rel.iter().map(|part| part.to_string_lossy()).collect();
    let module = parts.join("::");
    module.strip_suffix("::mod").unwrap_or(&module).to_owned()
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

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn line(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// The lines on which `word` stands in `text` as a whole, not inside a longer name.
fn lines_of(text: &str, word: &str) -> Vec<usize> {
    text.match_indices(word)
        .filter(|(at, _)| !(word.starts_with(is_ident) && text[..*at].ends_with(is_ident)))
        .filter(|(at, _)| {
            !(word.ends_with(is_ident) && text[at + word.len()..].starts_with(is_ident))
        })
        .map(|(at, _)| line(text, at))
        .collect()
}

/// The paths `text` spells from `root::` (`crate`, `super`, `std`, `tokio`), each with its
/// line, use groups spread out: `std::{fs, io::{self, Write}}` gives `fs`, `io`, `io::Write`.
fn paths(text: &str, root: &str) -> Vec<(usize, String)> {
    let start = format!("{root}::");
    let mut found = Vec::new();
    for (at, _) in text.match_indices(&start) {
        // `root` begins the path: not `xstd::`, nor a later segment (`super::super::`).
        let before = &text[..at];
        if before
            .strip_suffix("::")
            .unwrap_or(before)
            .ends_with(is_ident)
        {
            continue;
        }
        let mut spelled = Vec::new();
        use_tree(
            &mut text[at + start.len()..].chars().peekable(),
            String::new(),
            &mut spelled,
        );
        found.extend(spelled.into_iter().map(|path| (line(text, at), path)));
    }
    found
}

/// Reads one use tree (`a::b`, `a::{b, c::{self, d as e}}`, `a::*`) and adds each path it
/// names below `path` to `out`.
fn use_tree(chars: &mut Peekable<Chars>, mut path: String, out: &mut Vec<String>) {
    loop {
        if chars.next_if_eq(&'{').is_some() {
            loop {
                while chars.next_if(|c| c.is_whitespace()).is_some() {}
                if chars.peek().is_none() || chars.next_if_eq(&'}').is_some() {
                    return;
                }
                use_tree(chars, path.clone(), out);
                while chars.next_if(|c| !matches!(c, ',' | '}')).is_some() {} // ` as name`
                chars.next_if_eq(&',');
            }
        }
        let mut segment = String::new();
        while let Some(c) = chars.next_if(|&c| is_ident(c) || c == '*' && segment.is_empty()) {
            segment.push(c);
        }
        match segment.as_str() {
            "" => break,
            "self" => {}
            _ if path.is_empty() => path = segment,
            _ => path = format!("{path}::{segment}"),
        }
        if chars.next_if_eq(&':').is_none() || chars.next_if_eq(&':').is_none() {
            break;
        }
    }
    if !path.is_empty() {
        out.push(path);
    }
}

/// The crate paths `code` names, each with its line: `crate::a::b`, and `super::…` climbed
/// from `module`, the file's (`site::nav`). In an inline module, `super` climbs less than
/// read here: the check is stricter there, never laxer.
fn crate_paths(code: &str, module: &str) -> Vec<(usize, String)> {
    let mut found = paths(code, "crate");
    for (line, path) in paths(code, "super") {
        let mut resolved: Vec<&str> = module.split("::").collect();
        resolved.pop();
        let mut rest = path.split("::").peekable();
        while rest.next_if_eq(&"super").is_some() {
            resolved.pop();
        }
        resolved.extend(rest);
        found.push((line, resolved.join("::")));
    }
    found
}

/// The top-level modules the code of `module` names, each with its line (the crate root
/// itself, or a name it does not re-export from a module: `lib`).
fn imports(
    code: &str,
    module: &str,
    modules: &[String],
    reexports: &BTreeMap<String, String>,
) -> BTreeSet<(usize, String)> {
    let top = |path: &str| {
        let first = path.split("::").next().unwrap_or(path);
        if modules.iter().any(|m| m == first) {
            first.to_owned()
        } else {
            reexports
                .get(first)
                .cloned()
                .unwrap_or_else(|| "lib".to_owned())
        }
    };
    crate_paths(code, module)
        .into_iter()
        .map(|(line, path)| (line, top(&path)))
        .collect()
}

/// Where the code of `module` does I/O: each line, with what it names there.
fn io_uses(code: &str, module: &str) -> BTreeSet<(usize, String)> {
    let mut found = BTreeSet::new();
    for root in ["std", "tokio"] {
        for (line, path) in paths(code, root) {
            for io in IO_MODULES {
                if format!("{path}::").starts_with(&format!("{io}::")) {
                    found.insert((line, format!("{root}::{io}")));
                }
            }
        }
    }
    // A word in the code, or in a path it spells out (`use crate::source::{git, Inputs}`).
    let crate_paths = crate_paths(code, module);
    for word in IO_WORDS.into_iter().chain(READERS) {
        let named = crate_paths
            .iter()
            .filter(|(_, path)| !lines_of(path, word).is_empty());
        let lines = lines_of(code, word)
            .into_iter()
            .chain(named.map(|(line, _)| *line));
        found.extend(lines.map(|line| (line, word.to_owned())));
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
        // Every other module: a module is no import of its own, nor a cycle with itself.
        let mut all: BTreeSet<String> = modules.iter().filter(|m| *m != module).cloned().collect();
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
        for (path, code) in sources(module) {
            let rel = path.strip_prefix(src()).unwrap().display();
            for (line, import) in imports(&code, &module_of(&path), &modules, &reexports) {
                if import != *module && !allowed.contains(&import) {
                    problems.push(format!(
                        "src/{rel}:{line} imports `{import}`, which `{module}` may not"
                    ));
                }
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
        for (path, code) in sources(module) {
            let rel = path.strip_prefix(src()).unwrap().display();
            for (line, what) in io_uses(&code, &module_of(&path)) {
                problems.push(format!(
                    "src/{rel}:{line} uses `{what}`: I/O belongs to {EDGES:?}"
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
    let found = imports(text, "site::nav", &modules, &reexports);
    assert_eq!(
        Vec::from_iter(found),
        [
            (1, "config"),
            (2, "parse"),
            (2, "site"),
            (3, "diagnostic"),
            (4, "lib")
        ]
        .map(|(line, module)| (line, module.to_owned()))
    );
    let tree = "use crate::{\n    a::{self, b as c, d::*},\n    e,\n};\n";
    let spread: Vec<String> = paths(tree, "crate").into_iter().map(|(_, p)| p).collect();
    assert_eq!(spread, ["a", "a::b", "a::d::*", "e"]);
}

/// `super` climbs from the file's module: to another top-level module, or to the crate root.
#[test]
fn super_paths_climb_from_the_files_module() {
    let modules: Vec<String> = ["config", "site", "source"].map(String::from).to_vec();
    let text = "use super::Page;\nuse super::super::config::Settings;\nuse super::super::super::config::Settings;\nuse super::super::super::{source::Inputs, check};\n";
    let found = imports(text, "site::nav::tree", &modules, &BTreeMap::new());
    assert_eq!(
        Vec::from_iter(found),
        [
            (1, "site"),
            (2, "site"),
            (3, "config"),
            (4, "lib"),
            (4, "source")
        ]
        .map(|(line, module)| (line, module.to_owned()))
    );
    let found = imports("use super::config;", "site", &modules, &BTreeMap::new());
    assert_eq!(Vec::from_iter(found), [(1, "config".to_owned())]);
    assert_eq!(
        module_of(&src().join("site/nav/tree.rs")),
        "site::nav::tree"
    );
    assert_eq!(module_of(&src().join("site/mod.rs")), "site");
}

/// What `io_uses` finds in `text`, in a file of `site::nav`.
fn io_in(text: &str) -> String {
    let found: Vec<String> = io_uses(&code(text), "site::nav")
        .into_iter()
        .map(|(_, what)| what)
        .collect();
    found.join(" ")
}

/// However the core spells I/O, it is found; what only looks like I/O is not.
#[test]
fn io_is_found_however_it_is_spelled() {
    let io = [
        ("use std::{fs, process};", "std::fs std::process"),
        (
            "use std::{\n    collections::HashMap,\n    io::{self, stdout, Write},\n};",
            "std::io::stdout",
        ),
        (
            "let err = ::std::io::stderr();",
            "io::stderr std::io::stderr",
        ),
        ("use std::io;\nlet input = io::stdin();", "io::stdin"),
        ("let home = std::env::var(\"HOME\");", "std::env"),
        ("use tokio::net::TcpStream;", "tokio::net"),
        ("let found = path.exists();", ".exists()"),
        ("if root.join(dir).is_dir() {}", ".is_dir()"),
        ("if entry.path().is_file() {}", ".is_file()"),
        ("paths.filter(|p| p.try_exists().is_ok())", "try_exists("),
        ("paths.filter(Path::exists)", "Path::exists"),
        ("let real = path.canonicalize()?;", "canonicalize("),
        ("for entry in fs::read_dir(dir)? {}", "read_dir("),
        ("println!(\"{x}\");", "println!"),
        ("eprintln!(\"{x}\");", "eprintln!"),
        ("print!(\"{x}\");", "print!"),
        ("eprint!(\"{x}\");", "eprint!"),
        ("dbg!(&site);", "dbg!"),
        ("let size = entry.metadata()?.len();", ".metadata()"),
        ("let file = File::open(path)?;", "File::open"),
    ];
    for (text, what) in io {
        assert_eq!(io_in(text), what, "in {text:?}");
    }
    let pure = [
        "use std::{collections::BTreeMap, sync::Arc};",
        "use std::io::{Read, Write};\nwriter.write_all(b\"x\")?;",
        "std::thread::spawn(move || work());",
        "if !inputs.is_dir(&base) && inputs.exists(path) {}",
        "pub fn is_file(&self, path: &str) -> bool { true }",
        "let s = \"std::fs::read println!()\"; // path.exists()",
        "let p = std::path::Path::new(dir).join(name);",
        "let fsx = mystd::fs::x; reprint!(x); my_dbg!(y);",
    ];
    for text in pure {
        assert_eq!(io_in(text), "", "in {text:?}");
    }
}

/// The core may import `source`, but not name its readers, however it reaches them.
#[test]
fn the_core_names_no_reader_of_source() {
    let readers = [
        (
            "use crate::source::worktree::WorkingTree;",
            "WorkingTree source::worktree",
        ),
        ("use crate::source::{Inputs, git};", "source::git"),
        (
            "let tree = crate::source::git::GitTree::open(root, snapshot)?;",
            "GitTree source::git",
        ),
        ("let history = GitHistory::new(root, rev);", "GitHistory"),
        (
            "use super::super::source::{self, worktree};",
            "source::worktree",
        ),
        ("use crate::source::*;", "source::*"),
    ];
    for (text, what) in readers {
        assert_eq!(io_in(text), what, "in {text:?}");
    }
    let pure = [
        "use crate::source::{Inputs, SourceFile, history::{History, KnownRenames}};",
        "use crate::source::file::floor_char_boundary;",
        "let ignored = source::gitignore(&inputs); // source::git",
        "struct MyGitTree; let s = \"WorkingTree\";",
    ];
    for text in pure {
        assert_eq!(io_in(text), "", "in {text:?}");
    }
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
