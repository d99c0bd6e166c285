//! `vigie nav`: the navigation menu as it will render.

use super::{NavArgs, Outcome};
use crate::error::Result;

pub fn run(_args: &NavArgs, _out: &mut dyn std::io::Write) -> Result<Outcome> {
    Ok(Outcome::Clean)
}
