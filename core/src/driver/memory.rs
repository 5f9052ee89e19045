//! A store in process memory that answers store steps with exactly the semantics
//! `docs/driver.md` specifies. Pure: the caller passes the time. The reference for host
//! stores, and the store of tests.

use std::collections::BTreeMap;
use std::fmt;

use super::step::{Input, Step};

/// Keys to values with optional expiry (unix ms). `Debug` shows keys only: values hold tokens.
#[derive(Clone, Default)]
pub struct MemoryStore {
    entries: BTreeMap<String, (String, Option<u64>)>,
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryStore")
            .field("keys", &self.entries.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// The answer to a store step ([`Step::Get`] … [`Step::Unlock`]) after applying it at
    /// `now_ms`; `None` for the other steps (HTTP, sleep, event, done).
    pub fn answer<T>(&mut self, step: &Step<T>, now_ms: u64) -> Option<Input> {
        Some(match step {
            Step::Get { key } => Input::Value(self.get(key, now_ms).map(str::to_owned)),
            Step::Put { key, value, ttl_ms } => {
                self.put(key, value, *ttl_ms, now_ms);
                Input::Ack
            }
            Step::CompareAndSet {
                key,
                expected,
                new,
                ttl_ms,
            } => Input::Flag(self.compare_and_set(
                key,
                expected.as_deref(),
                new.as_deref(),
                *ttl_ms,
                now_ms,
            )),
            Step::Lock {
                key,
                owner,
                lease_ms,
            } => Input::Flag(self.lock(key, owner, *lease_ms, now_ms)),
            Step::Unlock { key, owner } => {
                self.unlock(key, owner, now_ms);
                Input::Ack
            }
            _ => return None,
        })
    }

    /// The live value of `key`.
    pub fn get(&self, key: &str, now_ms: u64) -> Option<&str> {
        match self.entries.get(key) {
            Some((value, expiry)) if expiry.is_none_or(|at| now_ms < at) => Some(value),
            _ => None,
        }
    }

    /// Writes `value` (expiring `ttl_ms` after `now_ms`, or durable).
    pub fn put(&mut self, key: &str, value: &str, ttl_ms: Option<u64>, now_ms: u64) {
        let expiry = ttl_ms.map(|t| now_ms.saturating_add(t));
        self.entries
            .insert(key.to_owned(), (value.to_owned(), expiry));
    }

    /// Replaces the value iff it is exactly `expected` (`None` = absent); `new` `None`
    /// deletes. Returns whether it swapped.
    pub fn compare_and_set(
        &mut self,
        key: &str,
        expected: Option<&str>,
        new: Option<&str>,
        ttl_ms: Option<u64>,
        now_ms: u64,
    ) -> bool {
        if self.get(key, now_ms) != expected {
            return false;
        }
        match new {
            Some(v) => self.put(key, v, ttl_ms, now_ms),
            None => {
                self.entries.remove(key);
            }
        }
        true
    }

    /// Takes the lock iff it is free or its lease ended.
    pub fn lock(&mut self, key: &str, owner: &str, lease_ms: u64, now_ms: u64) -> bool {
        if self.get(key, now_ms).is_some() {
            return false;
        }
        self.put(key, owner, Some(lease_ms), now_ms);
        true
    }

    /// Releases the lock iff `owner` holds it.
    pub fn unlock(&mut self, key: &str, owner: &str, now_ms: u64) {
        if self.get(key, now_ms) == Some(owner) {
            self.entries.remove(key);
        }
    }

    /// The live keys, sorted.
    pub fn keys(&self, now_ms: u64) -> Vec<&str> {
        self.entries
            .iter()
            .filter(|(_, (_, e))| e.is_none_or(|at| now_ms < at))
            .map(|(k, _)| k.as_str())
            .collect()
    }
}
