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

  // Values are kept byte for byte; the empty string is a value, not absence.
  for (const [i, v] of ["", " ", "line\nbreak\r\n", "emoji 🐼 and 中文", "x".repeat(20_000), "nul\u0000byte"].entries()) {
    await store.put(`${k}bytes:${i}`, v, null, now());
    assert.equal(await store.get(`${k}bytes:${i}`, now()), v, `value ${i} round-trips`);
  }
  assert.equal(await store.compareAndSet(k + "bytes:0", null, "x", null, now()), false, "an empty value is present");
  assert.equal(await store.compareAndSet(k + "bytes:0", "", "x", null, now()), true, "and compares equal to the empty string");
  assert.equal(await store.compareAndSet(k + "absent2", null, null, null, now()), true, "absent -> delete: equal, nothing to do");
  assert.equal(await store.get(k + "absent2", now()), null);
  await store.put(`${k}键:wx:1`, "v", null, now());
  assert.equal(await store.get(`${k}键:wx:1`, now()), "v", "keys with colons and non-ASCII");

  // A write replaces the expiry too: durable over a TTL, a TTL over durable.
  await store.put(k + "to-durable", "a", 200, now());
  await store.put(k + "to-durable", "b", null, now());
  await store.put(k + "to-ttl", "a", null, now());
  await store.put(k + "to-ttl", "b", 200, now());
  await store.compareAndSet(k + "cas-durable", null, "a", 200, now());
  assert.equal(await store.compareAndSet(k + "cas-durable", "a", "b", null, now()), true);
  await store.put(k + "zero-ttl", "gone", 0, now());
  assert.equal(await store.get(k + "zero-ttl", now()), null, "a zero TTL has expired at once");

  // Only one of many concurrent claims wins (compare-and-set from absent, lock).
  const claims = await Promise.all(Array.from({ length: 16 }, (_, i) => store.compareAndSet(k + "race", null, `claim-${i}`, null, now())));
  assert.equal(claims.filter(Boolean).length, 1, "exactly one compare-and-set from absent wins");
  const winner = claims.indexOf(true);
  assert.equal(await store.get(k + "race", now()), `claim-${winner}`);
  const locks = await Promise.all(Array.from({ length: 16 }, (_, i) => store.lock(k + "race-lock", `owner-${i}`, 60_000, now())));
  assert.equal(locks.filter(Boolean).length, 1, "exactly one lock wins");

  await store.compareAndSet(k + "cas-ttl", null, "z", 200, now());
  await advance(400);
  assert.equal(await store.get(k + "ttl", now()), null);
  assert.equal(await store.get(k + "cas-ttl", now()), null);
  assert.equal(await store.get(k + "durable", now()), value);
  assert.equal(await store.compareAndSet(k + "ttl", null, "again", null, now()), true, "an expired key counts as absent");
  assert.equal(await store.lock(k + "lease", "owner-3", 200, now()), true, "an ended lease frees the lock");
  await store.unlock(k + "lease", "owner-1", now());
  assert.equal(await store.lock(k + "lease", "owner-4", 200, now()), false, "a former owner cannot release the new owner's lock");
  assert.equal(await store.get(k + "to-durable", now()), "b", "a durable write drops the old TTL");
  assert.equal(await store.get(k + "to-ttl", now()), null, "a TTL write replaces durability");
  assert.equal(await store.get(k + "cas-durable", now()), "b", "a durable compare-and-set drops the old TTL");
}
