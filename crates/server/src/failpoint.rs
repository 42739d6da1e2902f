//! Crash points for the crash-consistency tests, never set in production.
//!
//! When the environment variable [`ENV_VAR`] is set at start-up to `NAME` (or `NAME#N`),
//! the process aborts (`std::process::abort`: no destructor, no flush, no answer; the
//! same as `kill -9` for the database) the first (or `N`th) time it reaches the point
//! `NAME`. Unset, each point costs one atomic load. The points:
//!
//! | name | where |
//! |---|---|
//! | `bootstrap:before-commit` | `organization_bootstrap`, writes done, transaction not committed |
//! | `bootstrap:after-commit` | `organization_bootstrap`, committed, before the answer |
//! | `user_create:before-commit` / `user_create:after-commit` | the same for `user_create` |
//! | `greeting_step:before-commit` / `greeting_step:after-commit` | the same for a stored greeting step (either side) |

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

/// The environment variable naming the crash point (tests only).
pub const ENV_VAR: &str = "_PARSEC_TEST_ABORT_AT";

struct Armed {
    name: String,
    nth: u32,
    hits: AtomicU32,
}

static ARMED: OnceLock<Option<Armed>> = OnceLock::new();

/// Reads [`ENV_VAR`]; call once at start-up (later calls change nothing).
pub fn init_from_env() {
    ARMED.get_or_init(|| {
        let value = std::env::var(ENV_VAR).ok().filter(|v| !v.is_empty())?;
        let (name, nth) = match value.split_once('#') {
            Some((name, n)) => (name.to_owned(), n.parse().unwrap_or(1)),
            None => (value, 1),
        };
        tracing::warn!(point = %name, nth, "test crash point armed: this server will abort");
        Some(Armed {
            name,
            nth,
            hits: AtomicU32::new(0),
        })
    });
}

/// Aborts the process if `name` is the armed point and this is its `N`th hit.
pub fn hit(name: &str) {
    if let Some(Some(armed)) = ARMED.get() {
        if armed.name == name && armed.hits.fetch_add(1, Ordering::SeqCst) + 1 == armed.nth {
            std::process::abort();
        }
    }
}
