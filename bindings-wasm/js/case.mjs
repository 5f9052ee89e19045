// Key-case conversion at the boundary: JavaScript callers use camelCase, WeChat's wire names
// (and the core) use snake_case. Values are untouched.

const toSnakeKey = (k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** `open_appid` -> `openAppid` (one key). */
export const toCamelKey = (k) => k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

function convert(value, key, keep) {
  if (Array.isArray(value)) return value.map((v) => convert(v, key, keep));
  if (value === null || typeof value !== "object" || value instanceof Uint8Array) return value;
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    out[key(k)] = keep?.has(k) ? v : convert(v, key, keep);
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
