// Key-case conversion at the boundary: JavaScript callers use camelCase, WeChat's wire names
// (and the core) use snake_case. Values are untouched.

const toSnakeKey = (k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camelCase = (k) => k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

// The core's output keys are a small fixed set, converted once each (the regex costs ~0.3 µs a
// key; a push event has a dozen). Bounded, since a response may carry keys of its own.
const camelKeys = new Map();
function toCamelKey(k) {
  let camel = camelKeys.get(k);
  if (camel === undefined) {
    camel = camelCase(k);
    if (camelKeys.size < 4096) camelKeys.set(k, camel);
  }
  return camel;
}

function convert(value, key, keep) {
  if (value === null || typeof value !== "object" || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map((v) => convert(v, key, keep));
  const out = {};
  for (const k of Object.keys(value)) {
    const v = value[k];
    if (v === undefined) continue;
    out[key(k)] = keep !== undefined && keep.has(k) ? v : convert(v, key, keep);
  }
  return out;
}

/** `{openAppid: x}` -> `{open_appid: x}` (deep). */
export const toSnake = (value) => convert(value, toSnakeKey);
/** `{open_appid: x}` -> `{openAppid: x}` (deep). Keys named in `keep` have their values left
 * as they are (e.g. an event's `fields`, whose keys are WeChat's own element names). */
export const toCamel = (value, keep) => convert(value, toCamelKey, keep);
/** `verify_info.code_type` -> `verifyInfo.codeType`. */
export const camelPath = (path) => path.split(".").map(toCamelKey).join(".");
