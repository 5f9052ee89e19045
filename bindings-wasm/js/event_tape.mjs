// Reads an event the wasm module left in its memory as a "tape" (layout: bindings-wasm/src/
// event_tape.rs) into the same Result objects `present` (result.mjs) makes of the core's JSON:
// keys in camelCase except under `fields` (WeChat's own element names, kept as sent), `null`
// fields left out, credentials (the core's name rule) as non-enumerable getters.
import { toCamelKey } from "./case.mjs";
import { Result, isSecretField } from "./result.mjs";

// Keys whose values keep their own keys verbatim.
const KEEP = new Set(["fields"]);

// Interned keys by id, as the module defines them: the key as sent, camelCase, whether its value
// keeps its keys, whether it needs defineProperty ("__proto__" must become an own property, as
// JSON.parse makes it, not set the prototype).
const raw = [];
const camel = [];
const keeps = [];
const special = [];
const secret = [];

// Views of the whole memory, rebuilt when it grows (a growth replaces `memory.buffer`): cheaper
// than three new views per event.
let words = new Uint32Array(0);
let nums = new Float64Array(0);
let text; // string
let w; // next word (index into `words`)
let t; // next text unit
let n; // next number (index into `nums`)

/** The value whose tape header is at byte offset `ptr` of `memory`; `utf16At` reads text. */
export function readTape(memory, ptr, utf16At) {
  const buffer = memory.buffer;
  if (words.buffer !== buffer) {
    words = new Uint32Array(buffer);
    nums = new Float64Array(buffer, 0, buffer.byteLength >>> 3);
  }
  const head = ptr >>> 2;
  text = words[head + 2] === 0 ? "" : utf16At(words[head + 1], words[head + 2]);
  w = head + 5;
  t = 0;
  n = words[head + 3] >>> 3;
  const result = value(false);
  text = undefined;
  return result;
}

function take(units) {
  const s = text.slice(t, t + units);
  t += units;
  return s;
}

function value(verbatim) {
  const word = words[w++];
  const payload = word >>> 3;
  switch (word & 7) {
    case 3: return take(payload); // STR
    case 5: return payload; // INT
    case 4: return nums[n++]; // NUM
    case 7: return take(words[w++]); // STR_LONG
    case 0: // MARK
      switch (payload) {
        case 0: return object(verbatim);
        case 2: return array(verbatim);
        case 4: return null;
        case 5: return true;
        case 6: return false;
      }
  }
  throw new Error(`wxopen: corrupt event tape (word ${word} at ${w - 1})`);
}

function array(verbatim) {
  const out = [];
  while (words[w] !== 3 << 3) out.push(value(verbatim)); // until ARRAY_END
  w++;
  return out;
}

function object(verbatim) {
  const out = new Result();
  for (;;) {
    const word = words[w++];
    const tag = word & 7;
    let id = word >>> 3;
    if (tag === 0) return out; // OBJECT_END
    if (tag === 2) { // KEY_NEW
      const key = take(words[w++]);
      raw[id] = key;
      camel[id] = toCamelKey(key);
      keeps[id] = KEEP.has(key);
      special[id] = key === "__proto__" || toCamelKey(key) === "__proto__";
      secret[id] = isSecretField(key);
    } else if (tag === 6) { // KEY_INLINE
      const key = take(words[w++]);
      const v = value(verbatim || KEEP.has(key));
      if (v !== null) set(out, verbatim ? key : toCamelKey(key), v, isSecretField(key));
      continue;
    } else if (tag !== 1) {
      throw new Error(`wxopen: corrupt event tape (key word ${word} at ${w - 1})`);
    }
    const v = value(verbatim || keeps[id]);
    if (v === null) continue;
    if (special[id] || secret[id]) set(out, verbatim ? raw[id] : camel[id], v, secret[id]);
    else out[verbatim ? raw[id] : camel[id]] = v;
  }
}

function set(out, key, v, isSecret) {
  if (isSecret) Object.defineProperty(out, key, { get: () => v, enumerable: false, configurable: true });
  else if (key === "__proto__") Object.defineProperty(out, key, { value: v, writable: true, enumerable: true, configurable: true });
  else out[key] = v;
}
