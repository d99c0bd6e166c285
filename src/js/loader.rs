//! ES module resolution and loading for the engine, from the site's files only. Site files
//! are `/site/<path>`; ES modules load as they are, CommonJS and JSON through vigie's
//! `require` (so that `import x from "./data.cjs"` works as in Node), and packages
//! (`@11ty/eleventy`, `markdown-it`, anything else) through vigie's stand-ins.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;
use std::sync::LazyLock;

use regex::Regex;
use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::Declared;
use rquickjs::{Ctx, Function, Module, Object};

use super::Files;

/// Where the site's root appears to its JavaScript (`process.cwd()`, `__dirname`).
pub(super) const ROOT: &str = "/site";
const PACKAGE: &str = "vigie:package/";

/// Named imports seen in ES modules, by the module they import from: a stand-in or a
/// CommonJS file must export each name a module asks for.
#[derive(Default)]
struct Wanted {
    /// Module name → `(specifier, names)` of its `import { … } from` statements.
    by_importer: HashMap<String, Vec<(String, Vec<String>)>>,
    /// Resolved module name → names asked of it.
    by_module: HashMap<String, BTreeSet<String>>,
}

pub(super) struct SiteResolver {
    files: Rc<Files>,
    wanted: Rc<RefCell<Wanted>>,
}

pub(super) struct SiteLoader {
    files: Rc<Files>,
    wanted: Rc<RefCell<Wanted>>,
    /// `"type": "module"` in the root's package.json: `.js` files are ES modules.
    esm_by_default: bool,
}

/// The resolver and loader, sharing what they learn of named imports.
pub(super) fn pair(files: Rc<Files>) -> (SiteResolver, SiteLoader) {
    let wanted = Rc::new(RefCell::new(Wanted::default()));
    let esm_by_default = files
        .texts
        .get("package.json")
        .and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok())
        .is_some_and(|json| json.get("type").and_then(|t| t.as_str()) == Some("module"));
    (
        SiteResolver {
            files: files.clone(),
            wanted: wanted.clone(),
        },
        SiteLoader {
            files,
            wanted,
            esm_by_default,
        },
    )
}

impl Resolver for SiteResolver {
    fn resolve<'js>(
        &mut self,
        _ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<String> {
        let resolved = if name.starts_with('.') || name.starts_with('/') {
            let dir = base.rsplit_once('/').map_or(ROOT, |(dir, _)| dir);
            let joined = if name.starts_with('/') {
                normalize(name)
            } else {
                normalize(&format!("{dir}/{name}"))
            };
            let Some(rel) = joined
                .strip_prefix(ROOT)
                .and_then(|r| r.strip_prefix('/'))
                .and_then(|rel| existing(&self.files, rel))
            else {
                return Err(rquickjs::Error::new_resolving_message(
                    base,
                    name,
                    "no such file in the site",
                ));
            };
            format!("{ROOT}/{rel}")
        } else {
            let bare = name.strip_prefix("node:").unwrap_or(name);
            format!("{PACKAGE}{bare}")
        };
        let mut wanted = self.wanted.borrow_mut();
        let names: Vec<String> = wanted
            .by_importer
            .get(base)
            .into_iter()
            .flatten()
            .filter(|(spec, _)| spec == name)
            .flat_map(|(_, names)| names.iter().cloned())
            .collect();
        wanted
            .by_module
            .entry(resolved.clone())
            .or_default()
            .extend(names);
        Ok(resolved)
    }
}

impl Loader for SiteLoader {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<Module<'js, Declared>> {
        if let Some(package) = name.strip_prefix(PACKAGE) {
            let model: Object = ctx.globals().get("__vigie")?;
            let keys: Function = model.get("packageKeys")?;
            let own: Vec<String> = keys.call((package.to_owned(),))?;
            let source = bridge("pkg", package, own, self.asked(name));
            return Module::declare(ctx.clone(), name, source);
        }
        let rel = name
            .strip_prefix(ROOT)
            .and_then(|r| r.strip_prefix('/'))
            .unwrap_or(name);
        let Some(text) = self.files.texts.get(rel) else {
            return Err(rquickjs::Error::new_loading_message(
                name,
                "not in the site",
            ));
        };
        if self.is_esm(rel, text) {
            self.wanted
                .borrow_mut()
                .by_importer
                .insert(name.to_owned(), named_imports(text));
            let module = Module::declare(ctx.clone(), name, text.as_bytes().to_vec())?;
            // `import.meta.url`, as Node gives it (configs find their folder with it).
            module.meta()?.set("url", format!("file://{name}"))?;
            return Ok(module);
        }
        let source = bridge("requirePath", rel, Vec::new(), self.asked(name));
        Module::declare(ctx.clone(), name, source)
    }
}

impl SiteLoader {
    fn asked(&self, name: &str) -> BTreeSet<String> {
        self.wanted
            .borrow()
            .by_module
            .get(name)
            .cloned()
            .unwrap_or_default()
    }

    /// Node's rule: `.mjs` and `.cjs` say it, `.js` follows package.json's `type`; vigie
    /// also takes a `.js` file with top-level `import`/`export` for an ES module.
    fn is_esm(&self, rel: &str, text: &str) -> bool {
        if rel.ends_with(".mjs") {
            return true;
        }
        if rel.ends_with(".cjs") || rel.ends_with(".json") {
            return false;
        }
        self.esm_by_default || ESM_SYNTAX.is_match(text)
    }
}

// ASCII classes, not `\w`: JavaScript's `\w` is ASCII, and a Unicode one takes a regex a
// millisecond to compile.
#[allow(
    clippy::expect_used,
    reason = "a pattern literal: whether it compiles does not depend on the input"
)]
static ESM_SYNTAX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^\s*(import\s*[A-Za-z0-9_{*]|export\s)").expect("regex"));
#[allow(
    clippy::expect_used,
    reason = "a pattern literal: whether it compiles does not depend on the input"
)]
static NAMED_IMPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:import|export)\s*(?:[A-Za-z0-9_$]+\s*,\s*)?\{([^}]*)\}\s*from\s*["']([^"']+)["']"#,
    )
    .expect("regex")
});
#[allow(
    clippy::expect_used,
    reason = "a pattern literal: whether it compiles does not depend on the input"
)]
static IDENTIFIER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z_$][A-Za-z0-9_$]*$").expect("regex"));

/// `(specifier, names)` of each `import { a, b as c } from "x"` in an ES module's text.
fn named_imports(text: &str) -> Vec<(String, Vec<String>)> {
    NAMED_IMPORT
        .captures_iter(text)
        .map(|c| {
            let names = c[1]
                .split(',')
                .filter_map(|part| part.split_whitespace().next().map(str::to_owned))
                .collect();
            (c[2].to_owned(), names)
        })
        .collect()
}

/// An ES module that hands over what `__vigie[getter](key)` gives: as its default export
/// and as each named export asked for.
fn bridge(getter: &str, key: &str, own: Vec<String>, asked: BTreeSet<String>) -> Vec<u8> {
    let key = serde_json::Value::from(key).to_string();
    let mut source = format!(
        "const m = globalThis.__vigie.{getter}({key});\n\
         export default (m && m.__esModule && 'default' in m) ? m.default : m;\n"
    );
    let names: BTreeSet<String> = own
        .into_iter()
        .chain(asked)
        .filter(|n| n != "default" && IDENTIFIER.is_match(n))
        .collect();
    if !names.is_empty() {
        let list: Vec<&str> = names.iter().map(String::as_str).collect();
        source.push_str(&format!("export const {{ {} }} = m;\n", list.join(", ")));
    }
    source.into_bytes()
}

/// The file a specifier means, as Node resolves it with the extensions it tries.
fn existing(files: &Files, rel: &str) -> Option<String> {
    let candidates = [
        rel.to_owned(),
        format!("{rel}.js"),
        format!("{rel}.mjs"),
        format!("{rel}.cjs"),
        format!("{rel}.json"),
        format!("{rel}/index.js"),
        format!("{rel}/index.mjs"),
        format!("{rel}/index.cjs"),
    ];
    candidates.into_iter().find(|c| files.texts.contains_key(c))
}

/// `/site/a/../b/./c` → `/site/b/c`; never above `/`.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    format!("/{}", parts.join("/"))
}
