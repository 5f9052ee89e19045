// The store contract of the platform driver (docs/driver.md §3), as one function every store
// implementation runs in its tests: `await checkStore(store, clock, advance)`.
// `clock()` is the time passed to the store (unix ms); `advance(ms)` lets that much time pass
// (a fake clock moves; a real store waits). Store methods may return promises.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";

export async function checkStore(store, clock, advance) {
  const k = `contract:${randomUUID()}:`;
  const now = clock;

  assert.equal(await store.get(k + "absent", now()), null);
  const value = '{"v":1,"access_token":"tok\\"en","name":"试用"}';
  await store.put(k + "durable", value, null, now());
  assert.equal(await store.get(k + "durable", now()), value);
  await store.put(k + "ttl", "x", 200, now());
  assert.equal(await store.get(k + "ttl", now()), "x");
  await store.put(k + "ttl", "y", 200, now());
  assert.equal(await store.get(k + "ttl", now()), "y");

  assert.equal(await store.compareAndSet(k + "cas", null, "a", null, now()), true);
  assert.equal(await store.compareAndSet(k + "cas", null, "b", null, now()), false);
  assert.equal(await store.compareAndSet(k + "cas", "A", "b", null, now()), false, "exact, case-sensitive");
  assert.equal(await store.compareAndSet(k + "cas", "a", "b", 200, now()), true);
  assert.equal(await store.get(k + "cas", now()), "b");
  assert.equal(await store.compareAndSet(k + "cas", "b", null, null, now()), true);
  assert.equal(await store.get(k + "cas", now()), null);
  assert.equal(await store.compareAndSet(k + "cas", "b", null, null, now()), false);

  assert.equal(await store.lock(k + "lock", "owner-1", 200, now()), true);
  assert.equal(await store.lock(k + "lock", "owner-2", 200, now()), false);
  await store.unlock(k + "lock", "owner-2", now());
  assert.equal(await store.lock(k + "lock", "owner-2", 200, now()), false, "not released by another owner");
  await store.unlock(k + "lock", "owner-1", now());
  assert.equal(await store.lock(k + "lock", "owner-2", 200, now()), true);
  assert.equal(await store.lock(k + "lease", "owner-1", 200, now()), true);

  await store.compareAndSet(k + "cas-ttl", null, "z", 200, now());
  await advance(400);
  assert.equal(await store.get(k + "ttl", now()), null);
  assert.equal(await store.get(k + "cas-ttl", now()), null);
  assert.equal(await store.get(k + "durable", now()), value);
  assert.equal(await store.compareAndSet(k + "ttl", null, "again", null, now()), true, "an expired key counts as absent");
  assert.equal(await store.lock(k + "lease", "owner-3", 200, now()), true, "an ended lease frees the lock");
}
