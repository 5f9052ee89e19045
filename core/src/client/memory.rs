//! [`MemoryStore`]: the driver's in-memory store behind a mutex, for one process.

use std::sync::{Mutex, PoisonError};

use super::{MaybeSend, Store};
use crate::driver;
use crate::error::Result;

/// A store in this process's memory (tokens are lost when it exits; tickets and refresh
/// tokens too — use a durable store in production).
#[derive(Debug, Default)]
pub struct MemoryStore {
    inner: Mutex<driver::MemoryStore>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn with<T>(&self, f: impl FnOnce(&mut driver::MemoryStore) -> T) -> T {
        f(&mut self.inner.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// The live keys, sorted (for inspection and tests).
    pub fn keys(&self, now_ms: u64) -> Vec<String> {
        self.with(|s| s.keys(now_ms).into_iter().map(str::to_owned).collect())
    }
}

fn ready<T>(value: T) -> impl Future<Output = T> + MaybeSend
where
    T: MaybeSend,
{
    std::future::ready(value)
}

use std::future::Future;

impl Store for MemoryStore {
    fn get(
        &self,
        key: &str,
        now_ms: u64,
    ) -> impl Future<Output = Result<Option<String>>> + MaybeSend {
        ready(Ok(self.with(|s| s.get(key, now_ms).map(str::to_owned))))
    }

    fn put(
        &self,
        key: &str,
        value: &str,
        ttl_ms: Option<u64>,
        now_ms: u64,
    ) -> impl Future<Output = Result<()>> + MaybeSend {
        self.with(|s| s.put(key, value, ttl_ms, now_ms));
        ready(Ok(()))
    }

    fn compare_and_set(
        &self,
        key: &str,
        expected: Option<&str>,
        new: Option<&str>,
        ttl_ms: Option<u64>,
        now_ms: u64,
    ) -> impl Future<Output = Result<bool>> + MaybeSend {
        ready(Ok(self.with(|s| {
            s.compare_and_set(key, expected, new, ttl_ms, now_ms)
        })))
    }

    fn lock(
        &self,
        key: &str,
        owner: &str,
        lease_ms: u64,
        now_ms: u64,
    ) -> impl Future<Output = Result<bool>> + MaybeSend {
        ready(Ok(self.with(|s| s.lock(key, owner, lease_ms, now_ms))))
    }

    fn unlock(
        &self,
        key: &str,
        owner: &str,
        now_ms: u64,
    ) -> impl Future<Output = Result<()>> + MaybeSend {
        self.with(|s| s.unlock(key, owner, now_ms));
        ready(Ok(()))
    }
}
