// The host's SHA-1 and AES-256-CBC for push handling (the core's `CryptoProvider`). In Node the
// package uses `node:crypto` (OpenSSL with the CPU's SHA and AES instructions, which wasm lacks);
// elsewhere the pure-Rust primitives run inside the wasm module (WebCrypto is async, and push
// handling is sync). Only primitives cross: which bytes are signed, the signature comparison,
// Base64, padding, the receive id and the error codes stay in the core.
//
// The core calls objects of this "wire" shape (byte arguments are views into wasm memory, valid
// during the call only; see bindings-wasm/src/provider.rs):
//   sha1(data, out) -> bytes written        aes256Cbc(key) -> cipher
//   cipher.decrypt(iv, blocks) -> bytes written, in place, no padding (same for encrypt)

// `process.getBuiltinModule` (Node >= 20.16 / 22.3) keeps `node:crypto` out of browser bundles:
// no bundler sees an import. Older Node versions and browsers take the pure path.
const nodeCrypto = globalThis.process?.getBuiltinModule?.("node:crypto") ?? null;

// The last exception a provider threw; the failing call attaches it as the error's `cause`.
let failure;

/** The exception behind the last provider failure (once), or undefined. */
export function takeProviderFailure() {
  const thrown = failure;
  failure = undefined;
  return thrown;
}

function recorded(fn) {
  try {
    return fn();
  } catch (thrown) {
    failure = thrown;
    throw thrown;
  }
}

function nodeProvider(c) {
  // A latin1 string result is cheaper than a Buffer (no ArrayBuffer allocated by C++).
  const sha1 = typeof c.hash === "function"
    ? (data) => c.hash("sha1", data, "latin1")
    : (data) => c.createHash("sha1").update(data).digest("latin1");
  return {
    sha1(data, out) {
      return recorded(() => {
        const digest = sha1(data);
        const n = digest.length;
        if (n === out.length) for (let i = 0; i < n; i++) out[i] = digest.charCodeAt(i);
        return n;
      });
    },
    aes256Cbc(key) {
      return recorded(() => new NodeAes(c, Uint8Array.from(key)));
    },
  };
}

const ZERO_IV = new Uint8Array(16);

// One long-lived CBC decipher per key: creating an OpenSSL context per push costs more than the
// decryption. Between calls the context's chaining value is the previous input's last block;
// CBC decrypts block 0 as D(C0) ^ chain, so XOR-ing (chain ^ iv) into the first output block
// gives exactly the plaintext for `iv`.
class NodeAes {
  #c;
  #key;
  #decipher = null;
  #chain = new Uint8Array(16);
  #next = new Uint8Array(16);

  constructor(c, key) {
    if (key.length !== 32) throw new RangeError("AES-256 key must be 32 bytes");
    this.#c = c;
    this.#key = key;
  }

  decrypt(iv, blocks) {
    return recorded(() => {
      const n = blocks.length;
      if (this.#decipher === null) {
        this.#decipher = this.#c.createDecipheriv("aes-256-cbc", this.#key, ZERO_IV).setAutoPadding(false);
        this.#chain.fill(0);
      }
      const next = this.#next;
      for (let i = 0; i < 16; i++) next[i] = blocks[n - 16 + i];
      let plain;
      try {
        plain = this.#decipher.update(blocks);
      } catch (thrown) {
        this.#decipher = null;
        throw thrown;
      }
      if (plain.length !== n) {
        this.#decipher = null;
        return plain.length;
      }
      const chain = this.#chain;
      for (let i = 0; i < 16; i++) plain[i] ^= chain[i] ^ iv[i];
      this.#next = chain;
      this.#chain = next;
      blocks.set(plain);
      return n;
    });
  }

  encrypt(iv, blocks) {
    return recorded(() => {
      const cipher = this.#c.createCipheriv("aes-256-cbc", this.#key, iv).setAutoPadding(false);
      const out = cipher.update(blocks);
      if (out.length === blocks.length) blocks.set(out);
      return out.length;
    });
  }

  toString() { return "NodeAes(key=***)"; }
  [Symbol.for("nodejs.util.inspect.custom")]() { return this.toString(); }
}

// A user's provider has the natural shape (inputs in, bytes out); wrap it to the wire shape.
// It gets copies, so it may keep what it is given.
function wrapProvider(p) {
  for (const name of ["sha1", "aes256Cbc"]) {
    if (typeof p[name] !== "function") throw new TypeError(`crypto provider: ${name} must be a function`);
  }
  const put = (what, result, out) => {
    if (!(result instanceof Uint8Array)) throw new TypeError(`crypto provider: ${what} must return a Uint8Array`);
    if (result.length === out.length) out.set(result);
    return result.length;
  };
  return {
    sha1: (data, out) => recorded(() => put("sha1", p.sha1(data.slice()), out)),
    aes256Cbc(key) {
      return recorded(() => {
        const cipher = p.aes256Cbc(key.slice());
        for (const name of ["decrypt", "encrypt"]) {
          if (typeof cipher?.[name] !== "function") throw new TypeError(`crypto provider: aes256Cbc(key).${name} must be a function`);
        }
        return {
          decrypt: (iv, blocks) => recorded(() => put("decrypt", cipher.decrypt(iv.slice(), blocks.slice()), blocks)),
          encrypt: (iv, blocks) => recorded(() => put("encrypt", cipher.encrypt(iv.slice(), blocks.slice()), blocks)),
        };
      });
    },
  };
}

const nodeWire = nodeCrypto === null ? null : nodeProvider(nodeCrypto);

/** Which provider runs by default here: "node" (node:crypto available) or "pure". */
export const DEFAULT_CRYPTO = nodeWire === null ? "pure" : "node";

/**
 * Resolves the `crypto` option of a Webhook: "auto" (default), "node", "pure" or a provider
 * object. Returns [kind, wire object or undefined for the pure path].
 */
export function resolveCrypto(option = "auto") {
  if (option === "auto") return nodeWire === null ? ["pure", undefined] : ["node", nodeWire];
  if (option === "pure") return ["pure", undefined];
  if (option === "node") {
    if (nodeWire === null) throw new TypeError('Webhook: crypto "node" needs Node >= 20.16 (process.getBuiltinModule)');
    return ["node", nodeWire];
  }
  if (option !== null && typeof option === "object") return ["custom", wrapProvider(option)];
  throw new TypeError('Webhook: crypto must be "auto", "node", "pure" or a provider object');
}
