//! A page's `eleventyNavigation` as Eleventy's deep merge assembles it from the cascade
//! layers (`src/Util/Merge.js`): mappings merge key by key, a higher layer's value wins,
//! except that a non-mapping never replaces a mapping; `override:eleventyNavigation`
//! replaces outright. `eleventyComputed.eleventyNavigation.*` then sets single fields.

use super::Field;
use crate::parse::yaml::{Value, YamlNode};
use crate::site::LayerSource;
use crate::site::model::Layer;

const NAME: &str = "eleventyNavigation";
const OVERRIDE: &str = "override:eleventyNavigation";

/// What the cascade makes of `eleventyNavigation`.
#[derive(Debug, Default)]
pub(super) struct Merged {
    /// The value that decides: the highest mapping, or the highest scalar when no layer
    /// has a mapping. `None` when no layer sets it.
    pub declared: Option<Field>,
    /// The mapping's fields, each from the layer that wins it.
    pub fields: Vec<(String, Field)>,
    /// A higher layer's non-mapping value (`false`, `null` …) that the merge ignored.
    pub ignored: Option<Field>,
    /// `eleventyComputed.eleventyNavigation` that is not a mapping: a template or function
    /// vigie does not evaluate.
    pub computed_whole: Option<Field>,
}

impl Merged {
    pub(super) fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, f)| f)
    }
}

/// Merges the layers, lowest priority first as Eleventy does.
pub(super) fn merge(layers: &[Layer]) -> Merged {
    let mut merged = Merged::default();
    for layer in layers.iter().rev() {
        let Value::Map(entries) = &layer.data.value else {
            continue;
        };
        for (name, value) in entries {
            match name.as_str() {
                Some(OVERRIDE) => {
                    merged.fields.clear();
                    merged.ignored = None;
                    merged.declared = None;
                    apply(&mut merged, name, value, layer.origin);
                }
                Some(NAME) => apply(&mut merged, name, value, layer.origin),
                _ => {}
            }
        }
    }
    apply_computed(&mut merged, layers);
    merged
}

fn field(name: &YamlNode, value: &YamlNode, origin: LayerSource, computed: bool) -> Field {
    Field {
        name: name.span.clone(),
        value: value.clone(),
        origin,
        computed,
    }
}

/// Merges one layer's `eleventyNavigation` into what the lower layers built.
fn apply(merged: &mut Merged, name: &YamlNode, value: &YamlNode, origin: LayerSource) {
    let has_mapping = merged.declared.as_ref().is_some_and(|d| d.value.is_map());
    let Value::Map(entries) = &value.value else {
        if has_mapping {
            merged.ignored = Some(field(name, value, origin, false));
        } else {
            merged.declared = Some(field(name, value, origin, false));
        }
        return;
    };
    if !has_mapping {
        merged.fields.clear();
    }
    merged.ignored = None;
    merged.declared = Some(field(name, value, origin, false));
    for (key, item) in entries {
        let Some(key_name) = key.as_key() else {
            continue;
        };
        set_field(
            &mut merged.fields,
            key_name,
            field(key, item, origin, false),
        );
    }
}

/// A higher layer's field wins, except a non-mapping over a mapping.
fn set_field(fields: &mut Vec<(String, Field)>, name: String, new: Field) {
    match fields.iter_mut().find(|(n, _)| *n == name) {
        Some((_, old)) if old.value.is_map() && !new.value.is_map() => {}
        Some((_, old)) => *old = new,
        None => fields.push((name, new)),
    }
}

/// `eleventyComputed: { eleventyNavigation: { key: "{{ title }}" } }` sets each field after
/// the merge; the highest layer's computed value wins.
fn apply_computed(merged: &mut Merged, layers: &[Layer]) {
    let mut computed: Vec<(String, Field)> = Vec::new();
    for layer in layers.iter().rev() {
        let Some((name, value)) = layer
            .data
            .get("eleventyComputed")
            .and_then(|c| c.entry(NAME))
        else {
            continue;
        };
        let Value::Map(entries) = &value.value else {
            merged.computed_whole = Some(field(name, value, layer.origin, true));
            continue;
        };
        for (key, item) in entries {
            if let Some(key_name) = key.as_key() {
                set_field(
                    &mut computed,
                    key_name,
                    field(key, item, layer.origin, true),
                );
            }
        }
        if merged.declared.as_ref().is_none_or(|d| !d.value.is_map()) {
            // Computed fields create the mapping when the data had none.
            merged.declared = Some(field(name, value, layer.origin, true));
        }
    }
    for (name, new) in computed {
        match merged.fields.iter_mut().find(|(n, _)| *n == name) {
            Some((_, old)) => *old = new,
            None => merged.fields.push((name, new)),
        }
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::parse::yaml::{Flavor, parse};

    fn layer(yaml: &str, origin: LayerSource) -> Layer {
        Layer {
            origin,
            data: parse(yaml, 0, Flavor::JsYaml3).unwrap().root.unwrap(),
        }
    }

    fn text(merged: &Merged, name: &str) -> Option<String> {
        merged.field(name).map(|f| f.value.display())
    }

    #[test]
    fn fields_merge_across_layers_and_higher_wins() {
        let merged = merge(&[
            layer(
                "eleventyNavigation: {key: Page, order: 2}\n",
                LayerSource::FrontMatter,
            ),
            layer(
                "eleventyNavigation: {parent: Blog, order: 9}\n",
                LayerSource::DataFile(0),
            ),
        ]);
        assert_eq!(text(&merged, "key").as_deref(), Some("Page"));
        assert_eq!(text(&merged, "parent").as_deref(), Some("Blog"));
        assert_eq!(text(&merged, "order").as_deref(), Some("2"));
        assert_eq!(
            merged.field("parent").map(|f| f.origin),
            Some(LayerSource::DataFile(0))
        );
        assert!(merged.ignored.is_none());
    }

    #[test]
    fn false_does_not_remove_a_lower_mapping_but_override_does() {
        let folder = layer(
            "eleventyNavigation: {key: Blog}\n",
            LayerSource::DataFile(0),
        );
        let merged = merge(&[
            layer("eleventyNavigation: false\n", LayerSource::FrontMatter),
            folder.clone(),
        ]);
        assert!(merged.declared.as_ref().is_some_and(|d| d.value.is_map()));
        assert!(merged.ignored.is_some());
        let merged = merge(&[
            layer(
                "override:eleventyNavigation: false\n",
                LayerSource::FrontMatter,
            ),
            folder,
        ]);
        assert!(
            merged
                .declared
                .as_ref()
                .is_some_and(|d| !d.value.is_truthy())
        );
        assert!(merged.fields.is_empty());
    }

    #[test]
    fn computed_fields_win_and_are_marked() {
        let merged = merge(&[layer(
            "eleventyNavigation: {key: A}\neleventyComputed:\n  eleventyNavigation:\n    key: \"{{ title }}\"\n",
            LayerSource::FrontMatter,
        )]);
        assert!(merged.field("key").is_some_and(|f| f.computed));
    }
}
