//! Not written yet.

use crate::target::{Figures, Target};

/// Attacks `target` and reports what it cost.
pub fn run(_target: &Target) -> anyhow::Result<Figures> {
    anyhow::bail!("this probe is not written yet")
}
