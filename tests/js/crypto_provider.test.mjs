// The crypto provider of the npm package: node:crypto (the default in Node) and the pure-Rust
// path give identical results on every webhook vector and on random round trips; a custom
// provider works; a provider that throws or returns the wrong bytes becomes a typed error
// (with the provider's exception as `cause`), never a wasm trap; and the package never imports
// node:crypto in a way a browser bundler would follow.
import assert from "node:assert/strict";
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { test } from "node:test";
import * as wxopen from "wxopen";
import { VECTORS } from "./helpers.mjs";

const DOC = JSON.parse(readFileSync(join(VECTORS, "webhook.json"), "utf8"));
const P = DOC.platform;
const options = (extra = {}) => ({ token: P.token, encodingAesKey: P.encoding_aes_key, componentAppid: P.component_appid, ...extra });

/** The result of `fn` as data: the value, or the error's class, code and message. */
function outcome(fn) {
  try {
    return { ok: fn() };
  } catch (e) {
    assert.ok(e instanceof wxopen.WxOpenError, `not a wxopen error: ${e?.stack ?? e}`);
    return { error: { cls: e.constructor.name, code: e.code, message: e.message } };
  }
}

// The natural provider shape, built on node:crypto independently of the package's own.
const customProvider = {
  sha1: (data) => createHash("sha1").update(data).digest(),
  aes256Cbc: (key) => ({
    decrypt: (iv, data) => createDecipheriv("aes-256-cbc", key, iv).setAutoPadding(false).update(data),
    encrypt: (iv, data) => createCipheriv("aes-256-cbc", key, iv).setAutoPadding(false).update(data),
  }),
};

const KINDS = ["node", "pure", customProvider];

test("Node uses node:crypto by default", () => {
  assert.equal(new wxopen.Webhook(options()).crypto, "node");
  assert.equal(new wxopen.Webhook(options({ crypto: "auto" })).crypto, "node");
  assert.equal(new wxopen.Webhook(options({ crypto: "pure" })).crypto, "pure");
  assert.equal(new wxopen.Webhook(options({ crypto: customProvider })).crypto, "custom");
  for (const bad of ["openssl", 1, null, true]) {
    assert.throws(() => new wxopen.Webhook(options({ crypto: bad })), TypeError, String(bad));
  }
  assert.throws(() => new wxopen.Webhook(options({ crypto: { sha1() {} } })), /aes256Cbc/);
});

test("every push vector: identical results on every provider", () => {
  for (const c of DOC.push_cases) {
    for (const form of ["object", "null-prototype object", "string", "URLSearchParams"]) {
      const query = form === "object" ? c.query
        : form === "null-prototype object" ? Object.assign(Object.create(null), c.query)
        : form === "string" ? c.query_string : new URLSearchParams(c.query_string);
      const results = KINDS.map((crypto) => {
        const hook = new wxopen.Webhook(options({ crypto, ...(c.max_body_bytes ? { maxBodyBytes: c.max_body_bytes } : {}) }));
        return [outcome(() => hook.parse(query, c.body, { now: c.now })), outcome(() => hook.decrypt(query, c.body, { now: c.now }))];
      });
      assert.deepEqual(results[1], results[0], `${c.name} (${form}): pure vs node`);
      assert.deepEqual(results[2], results[0], `${c.name} (${form}): custom vs node`);
      assert.equal("error" in results[0][0], Boolean(c.error), c.name);
    }
  }
});

test("every crypto and URL-verification vector: identical results on every provider", () => {
  let n = 0;
  for (const c of DOC.crypto_cases) {
    const run = (crypto) => {
      const make = () => new wxopen.Webhook({ token: c.token, encodingAesKey: c.encoding_aes_key ?? P.encoding_aes_key, componentAppid: c.appid ?? "wx", crypto });
      if (c.op === "new") return outcome(make);
      if (c.op === "encrypt") return outcome(() => make().encrypt(c.msg, { timestamp: c.timestamp, nonce: c.nonce, random: new TextEncoder().encode(c.random) }));
      if (c.op === "decrypt") {
        const query = { timestamp: c.timestamp, nonce: c.nonce, msg_signature: c.msg_signature };
        return outcome(() => make().decrypt(query, `<xml><Encrypt><![CDATA[${c.encrypt}]]></Encrypt></xml>`, { now: Number(c.timestamp) }));
      }
      if (c.op === "signature") return outcome(() => make().verifyUrl({ timestamp: c.timestamp, nonce: c.nonce, signature: c.expect.signature, echostr: "e" }, { now: Number(c.timestamp) }));
      throw new Error(`unknown op ${c.op}`);
    };
    const [a, ...others] = KINDS.map(run);
    for (const b of others) assert.deepEqual(b, a, c.name);
    n++;
  }
  for (const c of DOC.url_verification_cases) {
    const [a, ...others] = KINDS.map((crypto) =>
      outcome(() => new wxopen.Webhook({ token: c.token, encodingAesKey: c.encoding_aes_key, componentAppid: c.appid, crypto }).verifyUrl(c.query, { now: c.now })));
    for (const b of others) assert.deepEqual(b, a, c.name);
    n++;
  }
  assert.ok(n >= 20, String(n));
});

function randomText(len) {
  const alphabet = ["a", "Z", "0", " ", "<", "&", "\n", "中", "文", "😀", "é", "]]>"];
  let s = "";
  while (s.length < len) s += alphabet[randomInt(alphabet.length)];
  return s;
}

test("random round trips agree across providers (encrypt with one, decrypt with another)", () => {
  const hooks = KINDS.map((crypto) => new wxopen.Webhook(options({ crypto, maxAge: null })));
  for (let i = 0; i < 300; i++) {
    const msg = randomText(randomInt(0, 2500));
    const random = randomBytes(16);
    const timestamp = String(randomInt(1_000_000_000, 2_000_000_000));
    const nonce = String(randomInt(1, 1e9));
    const sealed = hooks.map((h) => h.encrypt(msg, { timestamp, nonce, random }));
    assert.deepEqual(sealed[1], sealed[0]);
    assert.deepEqual(sealed[2], sealed[0]);
    const { encrypt, msgSignature } = sealed[randomInt(3)];
    const body = `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
    const query = { timestamp, nonce, msg_signature: msgSignature };
    for (const h of hooks) assert.equal(h.decrypt(query, body), msg);
    // A flipped ciphertext character fails the same way everywhere.
    const j = randomInt(encrypt.length);
    const flipped = encrypt.slice(0, j) + (encrypt[j] === "A" ? "B" : "A") + encrypt.slice(j + 1);
    const bad = `<xml><Encrypt><![CDATA[${flipped}]]></Encrypt></xml>`;
    const outcomes = hooks.map((h) => outcome(() => h.decrypt(query, bad)));
    assert.deepEqual(outcomes[1], outcomes[0]);
    assert.deepEqual(outcomes[2], outcomes[0]);
    // Replies decrypt everywhere too (their random prefix differs, the text does not).
    const reply = hooks[randomInt(3)].encryptReply(msg, { nonce, timestamp: Number(timestamp) });
    const field = (name) => reply.match(new RegExp(`<${name}>(?:<!\\[CDATA\\[)?([^<\\]]*)`))[1];
    const replyQuery = { timestamp: field("TimeStamp"), nonce: field("Nonce"), msg_signature: field("MsgSignature") };
    for (const h of hooks) assert.equal(h.decrypt(replyQuery, reply), msg);
  }
});

test("interleaved platforms and failures do not disturb node:crypto's reused decipher", () => {
  const other = { token: "t2", encodingAesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", componentAppid: "wx0000000000000002" };
  const a = new wxopen.Webhook(options({ maxAge: null }));
  const b = new wxopen.Webhook({ ...other, maxAge: null });
  const seal = (hook, msg) => {
    const { encrypt, msgSignature } = hook.encrypt(msg, { timestamp: "1", nonce: "2", random: randomBytes(16) });
    return [{ timestamp: "1", nonce: "2", msg_signature: msgSignature }, `<xml><Encrypt>${encrypt}</Encrypt></xml>`];
  };
  for (let i = 0; i < 200; i++) {
    const hook = i % 2 ? a : b;
    const msg = randomText(randomInt(0, 200));
    if (i % 7 === 0) {
      // Encrypted for the other platform: its signature is checked with the wrong token.
      assert.throws(() => hook.decrypt(...seal(i % 2 ? b : a, msg)), wxopen.SignatureError);
    }
    assert.equal(hook.decrypt(...seal(hook, msg)), msg);
  }
});

test("element names that are JS-special stay plain own properties (tape reader)", () => {
  const hook = new wxopen.Webhook(options({ maxAge: null }));
  const xml = `<xml><AppId>${P.component_appid}</AppId><CreateTime>1</CreateTime><InfoType>x_new_kind</InfoType>`
    + "<__proto__>leaf</__proto__><constructor><polluted>yes</polluted></constructor><a_b>1</a_b></xml>";
  const { encrypt, msgSignature } = hook.encrypt(xml, { timestamp: "1", nonce: "2" });
  for (const crypto of ["node", "pure"]) {
    const event = new wxopen.Webhook(options({ maxAge: null, crypto })).parse({ timestamp: "1", nonce: "2", msg_signature: msgSignature }, `<xml><Encrypt>${encrypt}</Encrypt></xml>`);
    assert.equal(event.type, "other");
    assert.equal(event.infoType, "x_new_kind");
    assert.ok(event.fields instanceof wxopen.Result);
    const own = Object.getOwnPropertyDescriptor(event.fields, "__proto__");
    assert.ok(own && own.enumerable, JSON.stringify(Object.keys(event.fields)));
    assert.equal(own.value, "leaf");
    const ctor = Object.getOwnPropertyDescriptor(event.fields, "constructor");
    assert.ok(ctor && ctor.enumerable, "nested element named constructor is an own property");
    assert.equal(ctor.value.polluted, "yes");
    assert.equal(event.fields.a_b, "1", "keys under fields are kept as sent");
    assert.equal({}.polluted, undefined);
  }
});

/** A provider that does `fault` and is otherwise correct. */
function faulty(fault) {
  return {
    sha1(data) {
      if (fault === "sha1 throws") throw new RangeError("no SHA-1 today");
      if (fault === "sha1 short") return customProvider.sha1(data).subarray(0, 19);
      if (fault === "sha1 long") return Buffer.concat([customProvider.sha1(data), Buffer.alloc(1)]);
      if (fault === "sha1 not bytes") return "0123456789abcdef0123";
      return customProvider.sha1(data);
    },
    aes256Cbc(key) {
      if (fault === "key throws") throw new Error("key refused");
      if (fault === "key not a cipher") return 42;
      const inner = customProvider.aes256Cbc(key);
      return {
        decrypt(iv, data) {
          if (fault === "decrypt throws") throw new Error("bad decrypt");
          if (fault === "decrypt short") return inner.decrypt(iv, data).subarray(16);
          if (fault === "decrypt garbage") return new Uint8Array(data.length).fill(0xff);
          return inner.decrypt(iv, data);
        },
        encrypt(iv, data) {
          if (fault === "encrypt throws") throw new Error("bad encrypt");
          if (fault === "encrypt long") return Buffer.concat([inner.encrypt(iv, data), Buffer.alloc(16)]);
          return inner.encrypt(iv, data);
        },
      };
    },
  };
}

test("a failing provider is a typed error with its exception as cause, never a trap", () => {
  const c = DOC.push_cases.find((p) => p.name === "component_verify_ticket");
  const good = new wxopen.Webhook(options());
  const expected = good.parse(c.query, c.body, { now: c.now });
  const cases = [
    ["sha1 throws", "compute_signature", RangeError],
    ["sha1 short", "compute_signature", undefined],
    ["sha1 long", "compute_signature", undefined],
    ["sha1 not bytes", "compute_signature", TypeError],
    ["decrypt throws", "decrypt_failed", Error],
    ["decrypt short", "decrypt_failed", undefined],
    ["decrypt garbage", "illegal_buffer", undefined],
  ];
  for (const [fault, code, cause] of cases) {
    const hook = new wxopen.Webhook(options({ crypto: faulty(fault) }));
    assert.throws(() => hook.parse(c.query, c.body, { now: c.now }), (e) => {
      assert.ok(e instanceof wxopen.CryptoError, `${fault}: ${e?.stack ?? e}`);
      assert.equal(e.code, code, `${fault}: ${e.message}`);
      assert.ok(!e.message.includes(P.token) && !e.message.includes(P.encoding_aes_key), e.message);
      if (cause) assert.ok(e.cause instanceof cause, `${fault}: cause ${e.cause}`);
      else assert.equal(e.cause, undefined, fault);
      return true;
    });
    // The module is still alive and the next push is fine.
    assert.deepEqual(good.parse(c.query, c.body, { now: c.now }), expected);
  }
  for (const [fault, cause] of [["key throws", Error], ["key not a cipher", TypeError]]) {
    assert.throws(() => new wxopen.Webhook(options({ crypto: faulty(fault) })), (e) => {
      assert.ok(e instanceof wxopen.InvalidAesKeyError, `${fault}: ${e}`);
      assert.ok(e.cause instanceof cause, `${fault}: cause ${e.cause}`);
      return true;
    });
  }
  for (const fault of ["encrypt throws", "encrypt long"]) {
    const hook = new wxopen.Webhook(options({ crypto: faulty(fault) }));
    assert.throws(() => hook.encrypt("x", { timestamp: "1", nonce: "2" }), (e) => e instanceof wxopen.CryptoError && e.code === "encrypt_failed");
  }
  assert.deepEqual(good.parse(c.query, c.body, { now: c.now }), expected);
});

test("a browser bundle of the package builds without node:crypto (esbuild, platform browser)", async () => {
  const root = process.env.WXOPEN_ROOT;
  assert.ok(root, "WXOPEN_ROOT must point at the repository (tests/js/run.sh sets it)");
  const { build } = createRequire(join(root, "bindings-wasm", "package.json"))("esbuild");
  const out = await build({
    stdin: { contents: 'import { Webhook } from "wxopen"; export const crypto = new Webhook({ token: "t", encodingAesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", componentAppid: "wx" }).crypto;', resolveDir: process.cwd() },
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    logLevel: "silent",
  });
  assert.equal(out.errors.length, 0);
  const code = out.outputFiles[0].text;
  assert.doesNotMatch(code, /(?:from|import|require)\s*\(?\s*["'](?:node:)?crypto["']/);
});

test("a provider that re-enters the package gets results or typed errors, never a trap", () => {
  const c = DOC.push_cases.find((p) => p.name === "component_verify_ticket");
  const other = new wxopen.Webhook(options());
  const expected = other.parse(c.query, c.body, { now: c.now });
  const seen = [];
  const reentrant = {
    sha1(data) {
      // Parse another push, and build Webhooks (one with a provider of its own), mid-call.
      seen.push(other.parse(c.query, c.body, { now: c.now }));
      new wxopen.Webhook(options({ crypto: "pure" }));
      try {
        new wxopen.Webhook(options({ crypto: customProvider }));
      } catch (e) {
        seen.push(e);
      }
      return customProvider.sha1(data);
    },
    aes256Cbc: customProvider.aes256Cbc,
  };
  const hook = new wxopen.Webhook(options({ crypto: reentrant }));
  assert.deepEqual(hook.parse(c.query, c.body, { now: c.now }), expected);
  assert.deepEqual(seen[0], expected);
  for (const e of seen.slice(1)) assert.ok(e instanceof wxopen.WxOpenError, String(e));
  assert.deepEqual(other.parse(c.query, c.body, { now: c.now }), expected);
});

test("the bundles reach node:crypto only through process.getBuiltinModule", () => {
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve("wxopen"));
  for (const file of ["index.mjs", "index.cjs"]) {
    const code = readFileSync(join(dist, file), "utf8");
    assert.doesNotMatch(code, /(?:from|import|require)\s*\(?\s*["'](?:node:)?crypto["']/, file);
    assert.match(code, /getBuiltinModule\?\.\("node:crypto"\)/, file);
  }
});
