// Type checks at the boundary: no JS value reaches the wasm glue with a type it does not take
// (a number where it wants a string traps the module). Only types are checked here; what a value
// must satisfy (ranges, URL rules) the core decides and reports as InvalidArgument.

const typeName = (v) => (v === null ? "null" : Array.isArray(v) ? "an array" : typeof v === "object" ? (v.constructor?.name ?? "an object") : typeof v);

/** `value` must be a string; `name` is the argument as the caller wrote it. */
export function string(name, value) {
  if (typeof value !== "string") throw new TypeError(`${name} must be a string, not ${typeName(value)}`);
  return value;
}

/** `undefined`, or a string. */
export function optionalString(name, value) {
  return value === undefined || value === null ? undefined : string(name, value);
}

/** A number (the core checks it is whole and in range). */
export function number(name, value) {
  if (typeof value !== "number") throw new TypeError(`${name} must be a number, not ${typeName(value)}`);
  return value;
}

/** `undefined`, or a number. */
export function optionalNumber(name, value) {
  return value === undefined ? undefined : number(name, value);
}

/** A string, or a number written as text (timestamps, nonces). */
export function text(name, value) {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return string(name, value);
}

/** A base URL: a string or a `URL` object (its `href`). */
export function url(name, value) {
  if (typeof URL === "function" && value instanceof URL) return value.href;
  return string(name, value);
}

/** An options object (or `undefined`). */
export function options(name, value) {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new TypeError(`${name} must be an object of options, not ${typeName(value)}`);
  return value;
}

const encoder = new TextEncoder();

/** Raw bytes: a string (UTF-8), a Uint8Array/Buffer, another ArrayBuffer view or an ArrayBuffer. */
export function bytes(name, value, hint = "") {
  if (typeof value === "string") return encoder.encode(value);
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw new TypeError(`${name} must be a string, a Uint8Array/Buffer or an ArrayBuffer, not ${typeName(value)}${hint}`);
}

export { typeName };
