//! `vigie nav`: the navigation menus exactly as eleventy-navigation will render them, each
//! where a template renders it (file, line, root key, language), as indented trees or as
//! JSON, then the entries that will not appear and why. A site whose templates call the
//! plugin nowhere vigie can find gets the one tree of `collections.all`.

use serde_json::{Value as Json, json};

use super::{NavArgs, NavFormat, Outcome, write};
use crate::error::Result;
use crate::parse::yaml::{Value, YamlNode};
use crate::site::Site;
use crate::site::nav::{Entry, Item, Menu, NavUrl, Navigation, Stop};

pub fn run(args: &NavArgs, out: &mut dyn std::io::Write) -> Result<Outcome> {
    let (site, _) = crate::load(&args.root, args.source.snapshot().as_ref())?;
    let nav = Navigation::build(&site);
    let text = match args.format {
        NavFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&menus_json(&nav, &site)).unwrap_or_default()
        ),
        NavFormat::Text => to_text(&nav, &site),
    };
    write(out, &crate::report::human::inert(&text))?;
    Ok(Outcome::Clean)
}

/// Every rendered menu: `{"menus": [{template, line, root, lang, entries}]}`, and the calls
/// vigie could not evaluate for some pages: `"unsure": [{template, line, pages, reason}]`.
pub fn menus_json(nav: &Navigation, site: &Site) -> Json {
    let menus: Vec<Json> = nav
        .rendered_menus()
        .map(|menu| {
            let call = menu.call.and_then(|c| nav.calls.get(c));
            json!({
                "template": call.map(|c| c.file.as_str()),
                "line": call.map(|c| c.line),
                "root": menu.root.as_ref().map_or(Json::Null, node_json),
                "lang": menu.lang,
                "entries": to_json(nav, &menu.roots),
            })
        })
        .collect();
    let unsure: Vec<Json> = nav
        .unsure
        .iter()
        .filter_map(|u| Some((u, nav.calls.get(u.call)?)))
        .filter(|(_, call)| call.raw.kind == crate::site::nav::CallKind::Menu)
        .map(|(u, call)| {
            json!({
                "template": call.file,
                "line": call.line,
                "pages": u.pages.iter().map(|&p| rel(site, p)).collect::<Vec<_>>(),
                "reason": u.reason,
            })
        })
        .collect();
    let mut out = serde_json::Map::new();
    out.insert("menus".into(), Json::Array(menus));
    if !unsure.is_empty() {
        out.insert("unsure".into(), Json::Array(unsure));
    }
    Json::Object(out)
}

/// The file of page `page`, relative to the root.
fn rel(site: &Site, page: usize) -> &str {
    site.pages.get(page).map_or("", |p| &p.file.rel)
}

/// The menu as JSON: `[{ key, title, url, order, children }]` in rendered order.
pub fn to_json(nav: &Navigation, items: &[Item]) -> Json {
    let items = items
        .iter()
        .filter_map(|item| {
            let entry = nav.entries.get(item.entry)?;
            let field = |f: &Option<crate::site::nav::Field>| {
                f.as_ref().map_or(Json::Null, |f| node_json(&f.value))
            };
            Some(json!({
                "key": field(&entry.key),
                "title": entry.shown_title().map_or(Json::Null, node_json),
                "url": entry.link.as_str().map_or(Json::Null, |u| json!(u)),
                "order": field(&entry.order),
                "children": to_json(nav, &item.children),
            }))
        })
        .collect();
    Json::Array(items)
}

/// A YAML value as JSON, as written: numbers stay numbers, strings stay strings.
fn node_json(node: &YamlNode) -> Json {
    match &node.value {
        Value::Null => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Int(i) => json!(i),
        Value::Float(f) if f.is_finite() => json!(f),
        Value::String { text, .. } => json!(text),
        _ => json!(node.display()),
    }
}

/// Where a menu is rendered, for its heading: `_includes/nav.njk:2, root `Guides`, lang fr, 3 pages`.
fn menu_heading(nav: &Navigation, menu: &Menu) -> Option<String> {
    let call = nav.calls.get(menu.call?)?;
    let root = menu.root.as_ref().map_or("root entries".to_owned(), |r| {
        format!("children of `{}`", r.display())
    });
    let lang = menu
        .lang
        .as_ref()
        .map_or(String::new(), |l| format!(", lang {l}"));
    let pages = match menu.pages.len() {
        1 => "1 page".to_owned(),
        n => format!("{n} pages"),
    };
    Some(format!(
        "{}:{}: {root}{lang} ({pages})",
        call.file, call.line
    ))
}

/// Each menu as an indented tree, `Title  (order 1)  /url/`, then what is left out.
pub fn to_text(nav: &Navigation, site: &Site) -> String {
    let mut text = String::new();
    let menus: Vec<&Menu> = nav.rendered_menus().collect();
    if menus.is_empty() {
        text.push_str("(no menu rendered)\n");
    }
    for (i, menu) in menus.iter().enumerate() {
        if let Some(heading) = menu_heading(nav, menu) {
            if i > 0 {
                text.push('\n');
            }
            text.push_str(&format!("Menu at {heading}\n"));
        }
        if menu.roots.is_empty() {
            text.push_str("(no navigation entries)\n");
        }
        write_items(nav, &menu.roots, 0, &mut text);
    }
    let cycles = nav.cycles();
    let missing: Vec<String> = (nav.entries.iter().enumerate())
        .filter(|&(i, _)| !nav.is_rendered(i))
        .map(|(i, entry)| {
            let why = if cycles.iter().any(|c| c.contains(&i)) {
                "its parents go round in a cycle".to_owned()
            } else {
                why_absent(nav, entry)
            };
            format!("  {}  {}  ({why})\n", title(entry), rel(site, entry.page))
        })
        .chain(nav.excluded.iter().map(|excluded| {
            format!(
                "  {}  {}  (eleventyExcludeFromCollections)\n",
                title(&excluded.entry),
                rel(site, excluded.entry.page)
            )
        }))
        .collect();
    if !missing.is_empty() {
        text.push_str("\nNot in the menu:\n");
        text.extend(missing);
    }
    let unsure: Vec<String> = nav
        .unsure
        .iter()
        .filter_map(|u| Some((u, nav.calls.get(u.call)?)))
        .map(|(u, call)| {
            let pages = match u.pages.as_slice() {
                [one] => rel(site, *one).to_owned(),
                many => format!("{} pages", many.len()),
            };
            format!("  {}:{} on {pages}  ({})\n", call.file, call.line, u.reason)
        })
        .collect();
    if !unsure.is_empty() {
        text.push_str("\nNot evaluated (what these calls render is unknown):\n");
        text.extend(unsure);
    }
    if !nav.opaque.is_empty() {
        text.push_str("\nNot evaluated (the menu may differ):\n");
        for (page, reason) in &nav.opaque {
            text.push_str(&format!("  {}  ({reason})\n", rel(site, *page)));
        }
    }
    text
}

fn write_items(nav: &Navigation, items: &[Item], depth: usize, text: &mut String) {
    for item in items {
        let Some(entry) = nav.entries.get(item.entry) else {
            continue;
        };
        let order = entry.order.as_ref().map_or("no order".to_owned(), |o| {
            format!("order {}", o.value.display())
        });
        let url = match &entry.link {
            NavUrl::Url(url) => url.clone(),
            NavUrl::None => "(no URL)".into(),
            NavUrl::Unknown(reason) => format!("(URL unknown: {reason})"),
        };
        let indent = "  ".repeat(depth);
        text.push_str(&format!("{indent}{}  ({order})  {url}", title(entry)));
        match item.stop {
            Some(Stop::Cycle) => text.push_str("  ⟲ cycle: Eleventy recurses here forever"),
            Some(Stop::KeyNotAString) => {
                text.push_str("  ✗ key is not a string: eleventy-navigation 1.x throws here");
            }
            Some(Stop::TooDeep) => text.push_str("  … (deeper levels not shown)"),
            None => {}
        }
        text.push('\n');
        write_items(nav, &item.children, depth + 1, text);
    }
}

/// What the menu shows for the entry.
fn title(entry: &Entry) -> String {
    entry
        .shown_title()
        .map_or("undefined".into(), |t| t.display())
}

fn why_absent(nav: &Navigation, entry: &Entry) -> String {
    let Some(parent) = entry.parent_node() else {
        return "not reached".into();
    };
    let parents = nav.parents_of(parent);
    if parents.is_empty() {
        format!("parent `{}` matches no key", parent.display())
    } else if parents.iter().any(|&p| nav.is_rendered(p)) {
        "below an entry whose children are not built".into()
    } else {
        format!("parent `{}` is not in the menu", parent.display())
    }
}
