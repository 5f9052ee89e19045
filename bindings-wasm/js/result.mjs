// Results and push events as JS objects: camelCase keys (WeChat's own names under `fields`),
// absent fields left out (they read as `undefined`), credentials hidden from every display form.
//
// Which fields are credentials is the core's rule (`isSecretField`: known names, and any name
// ending in token, ticket, code, secret or key). Such a field is a non-enumerable getter: it
// reads as usual (`grant.componentAccessToken`), but `console.log`/`util.inspect` and
// `JSON.stringify` show `***`, object spread and `Object.keys` skip it, and a browser console
// shows it only as `(...)` until clicked. `toObject()` gives a plain copy with every value.
import { native } from "./native.mjs";

const INSPECT = Symbol.for("nodejs.util.inspect.custom");
const toCamelKey = (k) => k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

const secretCache = new Map();
/** Whether the field `name` (its wire name) holds a credential: the core's rule. */
export function isSecretField(name) {
  let secret = secretCache.get(name);
  if (secret === undefined) {
    secret = native.isSecretField(String(name));
    if (secretCache.size < 4096) secretCache.set(name, secret);
  }
  return secret;
}

/** A decoded result, event or nested object. */
export class Result {
  /** A plain deep copy with every value, credentials included: data, not a display form. */
  toObject() {
    return plain(this, false);
  }

  /** The JSON form, as shown in logs: credentials are `***` (use `toObject()` for the data). */
  toJSON() {
    return plain(this, true);
  }

  [INSPECT](depth, options, inspect) {
    const shown = plain(this, true);
    return typeof inspect === "function" ? inspect(shown, options) : shown;
  }
}

function plain(value, mask) {
  if (Array.isArray(value)) return value.map((v) => plain(v, mask));
  if (!(value instanceof Result)) return value;
  const out = {};
  for (const key of Object.getOwnPropertyNames(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key);
    if (d.get) {
      Object.defineProperty(out, key, { value: mask ? "***" : plain(d.get.call(value), false), enumerable: true, writable: true, configurable: true });
    } else if (d.enumerable) {
      Object.defineProperty(out, key, { value: plain(d.value, mask), enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}

function define(target, key, value, secret) {
  if (secret) {
    Object.defineProperty(target, key, { get: () => value, enumerable: false, configurable: true });
  } else if (key === "__proto__") {
    // A `__proto__` key from a response stays a plain field (assignment would set the prototype).
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/**
 * The core's JSON output as Result objects. `camel`: convert keys (not below `fields`, whose keys
 * are WeChat's element names). `null` fields are left out. `Class`: the top object's class (a
 * Result subclass such as Task; nested objects are Results).
 */
export function present(value, camel = true, Class = Result) {
  if (Array.isArray(value)) return value.map((v) => present(v, camel));
  if (value === null || typeof value !== "object") return value;
  const out = new Class();
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    define(out, camel ? toCamelKey(k) : k, present(v, camel && k !== "fields"), isSecretField(k));
  }
  return out;
}

/** Adds the response body as a non-enumerable `raw`. */
export function withRaw(result, raw) {
  Object.defineProperty(result, "raw", { value: raw, enumerable: false });
  return result;
}
