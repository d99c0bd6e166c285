//! Rules about inline suppression comments (`<!-- vigie-disable-next-line CODE -->`). Their
//! findings come from `crate::suppress`, which runs after every other rule; these files
//! hold their documentation and wording.

pub mod unknown_rule;
pub mod unused;
