//! `Memo`: values worked out once per distinct key, shared by the threads that check pages.
//! What many pages ask of the same few keys (the URL a written address parses to, the
//! layouts a layout key renders through) is computed on its first request only.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Values by key, each computed once.
#[derive(Debug)]
pub struct Memo<V>(Mutex<HashMap<String, V>>);

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Self(Mutex::default())
    }
}

impl<V: Clone> Memo<V> {
    /// The value of `key`, computed by `compute` on its first request.
    pub fn get(&self, key: &str, compute: impl FnOnce() -> V) -> V {
        if let Some(value) = self.lock().get(key) {
            return value.clone();
        }
        // Computed outside the lock, so that other threads do not wait on it; a key two
        // threads compute at once keeps the first value (both are the same).
        let value = compute();
        self.lock().entry(key.to_owned()).or_insert(value).clone()
    }

    /// A panic elsewhere cannot leave the map half-written: entries are inserted whole.
    fn lock(&self) -> MutexGuard<'_, HashMap<String, V>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_is_computed_once() {
        let memo = Memo::default();
        let mut calls = 0;
        assert_eq!(
            memo.get("a", || {
                calls += 1;
                1
            }),
            1
        );
        assert_eq!(
            memo.get("a", || {
                calls += 1;
                2
            }),
            1
        );
        assert_eq!(
            memo.get("b", || {
                calls += 1;
                3
            }),
            3
        );
        assert_eq!(calls, 2);
    }
}
