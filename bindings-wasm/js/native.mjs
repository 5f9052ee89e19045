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

glue.initSync({ module: decodeBase64(wasmBase64) });

export const native = glue;
