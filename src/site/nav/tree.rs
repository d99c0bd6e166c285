//! `findNavigationEntries` of eleventy-navigation, both versions: which entries sit at a
//! level, in which order, and where the plugin's recursion would never end or throw.

use std::collections::HashMap;

use super::js::{Prim, array_index, strict_equals, to_number, truthy, v8_sort};
use super::{Entry, Item, Stop};
use crate::parse::yaml::{Value, YamlNode};

/// Deeper than this, vigie stops expanding (Node.js would have overflowed its stack long
/// before on a real site).
const MAX_DEPTH: usize = 256;

/// What identifies a level for the recursion: the same identity gives the same children.
#[derive(Debug, Clone, PartialEq)]
enum Identity {
    /// 0.3: `nav.parent === key`.
    Value(Prim),
    /// 1.x: the set of comma-separated keys.
    Keys(Vec<String>),
}

/// The entries and an index of them by `parent`, in `collections.all` order.
pub(super) struct Tree<'a> {
    entries: Vec<&'a Entry>,
    version: u8,
    /// 0.3: by the parent's value.
    by_parent: HashMap<Prim, Vec<usize>>,
    /// 1.x: by the parent's text, for string parents.
    by_text: HashMap<&'a str, Vec<usize>>,
    roots: Vec<usize>,
}

impl<'a> Tree<'a> {
    pub(super) fn new(entries: &'a [Entry], version: u8) -> Self {
        Self::of(entries.iter().collect(), version)
    }

    /// The tree of a collection: `members` (indexes into `entries`), whose positions are
    /// the tree's entry indexes.
    pub(super) fn of_members(entries: &'a [Entry], members: &[usize], version: u8) -> Self {
        Self::of(
            members.iter().filter_map(|&i| entries.get(i)).collect(),
            version,
        )
    }

    fn of(entries: Vec<&'a Entry>, version: u8) -> Self {
        let mut by_parent: HashMap<Prim, Vec<usize>> = HashMap::new();
        let mut by_text: HashMap<&'a str, Vec<usize>> = HashMap::new();
        let mut roots = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            let parent = entry.parent.as_ref().map(|f| &f.value);
            if version != 0
                && let Some(Value::String { text, .. }) = parent.map(|p| &p.value)
            {
                by_text.entry(text.as_str()).or_default().push(i);
            }
            if !truthy(parent) {
                roots.push(i);
            } else if version == 0
                && let Some(prim) = parent.and_then(Prim::of)
            {
                by_parent.entry(prim).or_default().push(i);
            }
        }
        Self {
            entries,
            version,
            by_parent,
            by_text,
            roots,
        }
    }

    /// The rendered forest.
    pub(super) fn build(&self) -> Vec<Item> {
        let mut path = Vec::new();
        self.sorted(self.roots.clone())
            .into_iter()
            .map(|i| self.expand(i, &mut path))
            .collect()
    }

    /// The forest `findNavigationEntries(collection, key)` returns: the children of `key`
    /// (no page need have that key), sorted, each expanded.
    pub(super) fn build_from(&self, key: &YamlNode) -> Vec<Item> {
        let (Ok(children), Some(identity)) = (self.children_of(key), self.identity(key)) else {
            return Vec::new();
        };
        let mut path = vec![identity];
        self.sorted(children)
            .into_iter()
            .map(|i| self.expand(i, &mut path))
            .collect()
    }

    /// Entries whose `parent` matches `key`, in the order the plugin groups them (before
    /// sorting), or an error when the plugin throws on this key.
    pub(super) fn children_of(&self, key: &YamlNode) -> Result<Vec<usize>, Stop> {
        if self.version == 0 {
            return Ok(Prim::of(key)
                .and_then(|k| self.by_parent.get(&k).cloned())
                .unwrap_or_default());
        }
        // 1.x: `key.split(",")` (a TypeError on anything but a string), children grouped
        // per parent key in `Object.values` order: array indexes first, ascending.
        let Value::String { text, .. } = &key.value else {
            return Err(Stop::KeyNotAString);
        };
        let mut keys: Vec<&str> = text.split(',').filter(|k| !k.is_empty()).collect();
        keys.sort_unstable();
        keys.dedup();
        // Groups come in the order of their first entry.
        let mut groups: Vec<(&str, Vec<usize>)> = keys
            .into_iter()
            .filter_map(|k| Some((k, self.by_text.get(k)?.clone())))
            .collect();
        groups.sort_by_key(|(_, group)| group.first().copied());
        let (mut indexed, named): (Vec<_>, Vec<_>) = groups
            .into_iter()
            .partition(|(k, _)| array_index(k).is_some());
        indexed.sort_by_key(|(k, _)| array_index(k));
        Ok(indexed
            .into_iter()
            .chain(named)
            .flat_map(|(_, group)| group)
            .collect())
    }

    fn expand(&self, index: usize, path: &mut Vec<Identity>) -> Item {
        let leaf = |stop| Item {
            entry: index,
            children: Vec::new(),
            stop,
        };
        // Children are only looked up for a truthy key.
        let Some(key) = self
            .entries
            .get(index)
            .and_then(|entry| entry.key.as_ref())
            .map(|f| &f.value)
            .filter(|k| k.is_truthy())
        else {
            return leaf(None);
        };
        let children = match self.children_of(key) {
            Ok(children) => children,
            Err(stop) => return leaf(Some(stop)),
        };
        let Some(identity) = self.identity(key) else {
            return leaf(None);
        };
        if path.contains(&identity) {
            return leaf(Some(Stop::Cycle));
        }
        if path.len() >= MAX_DEPTH {
            return leaf(Some(Stop::TooDeep));
        }
        path.push(identity);
        let children = self
            .sorted(children)
            .into_iter()
            .map(|i| self.expand(i, path))
            .collect();
        path.pop();
        Item {
            entry: index,
            children,
            stop: None,
        }
    }

    fn identity(&self, key: &YamlNode) -> Option<Identity> {
        if self.version == 0 {
            return Prim::of(key).map(Identity::Value);
        }
        let text = key.as_str()?;
        let mut keys: Vec<String> = text
            .split(',')
            .filter(|k| !k.is_empty())
            .map(str::to_owned)
            .collect();
        keys.sort();
        keys.dedup();
        Some(Identity::Keys(keys))
    }

    /// Sorts one level with the plugin's comparator, through V8's sort.
    pub(super) fn sorted(&self, level: Vec<usize>) -> Vec<usize> {
        let mut level: Vec<(usize, &Entry)> = level
            .into_iter()
            .filter_map(|i| Some((i, *self.entries.get(i)?)))
            .collect();
        if self.version == 0 {
            v8_sort(&mut level, |(_, a), (_, b)| {
                order_or_zero(a) - order_or_zero(b)
            });
        } else {
            v8_sort(&mut level, |(_, a), (_, b)| compare_v1(a, b));
        }
        level.into_iter().map(|(i, _)| i).collect()
    }
}

/// `entry.order || 0` as a number.
fn order_or_zero(entry: &Entry) -> f64 {
    match entry.order.as_ref().map(|f| &f.value) {
        Some(order) if order.is_truthy() => to_number(order),
        _ => 0.0,
    }
}

/// The 1.x comparator: pinned entries first, then entries with an `order`, then the rest.
fn compare_v1(a: &Entry, b: &Entry) -> f64 {
    let pinned = |e: &Entry| truthy(e.pinned.as_ref().map(|f| &f.value));
    if pinned(a) && pinned(b) {
        return order_or_zero(a) - order_or_zero(b);
    }
    // `undefined` is an absent order; `null` is an order (of 0).
    let order = |e: &Entry| -> Option<f64> {
        if pinned(e) {
            Some(f64::NEG_INFINITY)
        } else {
            e.order.as_ref().map(|f| to_number(&f.value))
        }
    };
    match (order(a), order(b)) {
        (None, None) => 0.0,
        (Some(_), None) => -1.0,
        (None, Some(_)) => 1.0,
        (Some(x), Some(y)) => x - y,
    }
}

/// The position class two entries tie on, or `None` when the comparator is not consistent
/// for it (an order that is NaN).
pub(super) fn tie_class(entry: &Entry, version: u8) -> Option<(u8, u64)> {
    let bits = |n: f64| (!n.is_nan()).then(|| if n == 0.0 { 0.0 } else { n }.to_bits());
    if version == 0 {
        return bits(order_or_zero(entry)).map(|b| (0, b));
    }
    if truthy(entry.pinned.as_ref().map(|f| &f.value)) {
        return bits(order_or_zero(entry)).map(|b| (0, b));
    }
    match &entry.order {
        None => Some((2, 0)),
        Some(order) => bits(to_number(&order.value)).map(|b| (1, b)),
    }
}

/// Whether `parent` names `key` for this version (`===`, or 1.x's comma list).
pub(super) fn parent_matches(parent: &YamlNode, key: &YamlNode, version: u8) -> bool {
    if !parent.is_truthy() || !key.is_truthy() {
        return false;
    }
    if version == 0 {
        return strict_equals(parent, key);
    }
    match (parent.as_str(), key.as_str()) {
        (Some(parent), Some(key)) => key.split(',').any(|k| k == parent),
        _ => false,
    }
}

/// Strongly connected components with a cycle, in a graph given by its successors
/// (Tarjan's algorithm, iterative).
#[allow(
    clippy::indexing_slicing,
    reason = "Tarjan's algorithm on vectors of `n` nodes, indexed by nodes below `n` (the successors are filtered so)"
)]
pub(super) fn cycles(n: usize, successors: &dyn Fn(usize) -> Vec<usize>) -> Vec<Vec<usize>> {
    let successors = |v: usize| {
        let mut next = successors(v);
        next.retain(|&w| w < n);
        next
    };
    const UNSEEN: usize = usize::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut found = Vec::new();
    for start in 0..n {
        if index[start] != UNSEEN {
            continue;
        }
        let mut calls: Vec<(usize, Vec<usize>, usize)> = vec![(start, successors(start), 0)];
        index[start] = next;
        low[start] = next;
        next += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some((v, succ, pos)) = calls.last_mut() {
            let v = *v;
            if let Some(&w) = succ.get(*pos) {
                *pos += 1;
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, successors(w), 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            let self_loop = succ.contains(&v);
            calls.pop();
            if let Some((parent, _, _)) = calls.last() {
                low[*parent] = low[*parent].min(low[v]);
            }
            if low[v] != index[v] {
                continue;
            }
            let mut component = Vec::new();
            while let Some(w) = stack.pop() {
                on_stack[w] = false;
                component.push(w);
                if w == v {
                    break;
                }
            }
            if component.len() > 1 || self_loop {
                component.sort_unstable();
                found.push(component);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::cycles;

    #[test]
    fn finds_cycles_and_self_loops_only() {
        let graph: Vec<Vec<usize>> = vec![vec![1], vec![2], vec![0], vec![3], vec![0], vec![]];
        let found = cycles(graph.len(), &|v| graph[v].clone());
        assert_eq!(found, vec![vec![0, 1, 2], vec![3]]);
    }
}
