// Loads the wasm module synchronously from the inlined bytes and re-exports the glue.
import * as glue from "../pkg/wxopen_wasm.js";
import wasmBase64 from "../pkg/wasm_bytes.mjs";

function decodeBase64(text) {
  if (typeof Buffer === "function") return new Uint8Array(Buffer.from(text, "base64"));
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const exports = glue.initSync({ module: decodeBase64(wasmBase64) });

export const native = glue;
/** The module's memory (for values it leaves there, see utf16At and event_tape.mjs). */
export const memory = exports.memory;

// UTF-16 text the module left in its memory (an event's strings), as a string. Node copies it
// with Buffer (no decoding step); elsewhere TextDecoder does. A memory growth replaces
// `memory.buffer`, so the Buffer over it is rebuilt when that happens.
let memoryBuffer = null;
const utf16Decoder = typeof Buffer === "function" ? null : new TextDecoder("utf-16le");

/** The string of `units` UTF-16 code units at byte offset `ptr` of wasm memory. */
export function utf16At(ptr, units) {
  const buffer = exports.memory.buffer;
  if (utf16Decoder !== null) return utf16Decoder.decode(new Uint8Array(buffer, ptr, units * 2));
  if (memoryBuffer === null || memoryBuffer.buffer !== buffer) memoryBuffer = Buffer.from(buffer);
  return memoryBuffer.toString("utf16le", ptr, ptr + units * 2);
}
