//! Hostile inputs that `tests/hostile.rs` checks and `benches/hostile.rs` times, written once.

/// Front matter of nine aliases, each a list of nine of the one before: expanded, it would
/// hold 9⁹ (387 million) strings.
pub(crate) fn yaml_alias_bomb() -> String {
    let mut bomb = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        let items = vec![format!("*{previous}"); 9].join(",");
        bomb.push_str(&format!("{name}: &{name} [{items}]\n"));
    }
    bomb.push_str("title: T\n---\n");
    bomb
}
