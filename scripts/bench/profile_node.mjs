// Where a push's time goes in Node, per stage: runs Webhook.parse on push.xml under the V8
// sampling profiler (node:inspector) and charges each sample to the innermost stack frame that
// names a stage. Needs a build with wasm function names (scripts/bench/profile_node.sh makes
// one); without names every wasm frame lands in "wasm (unnamed)".
//
//   node scripts/bench/profile_node.mjs [path/to/dist/index.mjs]
import { readFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const entry = process.argv[2] ? pathToFileURL(process.argv[2]).href : "wxopen";
const { Webhook } = await import(entry);

const APPID = "wx7e3c9f0a1b2d4c68";
const options = { token: "wxopenVectorToken2026", encodingAesKey: "WxOpenVectorKey2026abcdefghijklmnopqrstuvwx", componentAppid: APPID };
const plaintext = readFileSync(new URL("./push.xml", import.meta.url), "utf8");
const sealer = new Webhook({ ...options, crypto: "pure" });
const { encrypt, msgSignature } = sealer.encrypt(plaintext, { timestamp: "1767225605", nonce: "1320562132", random: new TextEncoder().encode("0123456789abcdef") });
const body = Buffer.from(`<xml><AppId><![CDATA[${APPID}]]></AppId><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`);
const query = { timestamp: "1767225605", nonce: "1320562132", msg_signature: msgSignature };
const now = 1767225605;

// [stage, test on a call frame]; the innermost matching frame of a sample wins.
const wasmFn = (re) => (f) => f.url.includes(".wasm") && re.test(f.functionName);
const inBundle = (names) => (f) => /index\.mjs$/.test(f.url) && names.includes(f.functionName);
const STAGES = [
  ["SHA-1, node:crypto (crypto.hash)", (f) => f.url === "node:internal/crypto/hash"],
  ["AES-256-CBC, node:crypto (decipher.update)", (f) => f.url === "node:internal/crypto/cipher"],
  ["host crypto adapter (crypto.mjs: views, copies, chaining)", inBundle(["sha1", "decrypt", "recorded", "aes256Cbc"])],
  ["crossing to the host (provider.rs: concat, table, checks)", wasmFn(/wxopen_wasm::provider::/)],
  ["SHA-1, pure Rust in wasm", wasmFn(/(^|<|as )sha1::|wxopen::crypto::provider::sha1::|RustCrypto as /)],
  ["AES-256-CBC, pure Rust in wasm", wasmFn(/(^|<|as )(aes|cbc)::|RustCryptoAes as /)],
  ["Base64 decode (wasm)", wasmFn(/\bbase64::/)],
  ["envelope XML parse (wasm)", wasmFn(/webhook::Envelope::parse/)],
  ["event XML parse -> Event (wasm)", wasmFn(/event::Event::from_xml/)],
  ["signature: sort, compare; unpad, receive id (wasm)", wasmFn(/crypto::MsgCrypt::|crypto::check_signature|subtle::/)],
  ["Event -> tape, then dropped (wasm)", wasmFn(/event_tape::|webhook::store_event|Serialize for wxopen::event::/)],
  ["tape -> JS object (event_tape.mjs, UTF-16 text)", inBundle(["readTape", "value", "object", "array", "take", "set", "utf16At"])],
  ["garbage collection", (f) => f.functionName === "(garbage collector)"],
  ["wasm (unnamed)", (f) => /^wasm-function\[/.test(f.functionName)],
];
const REST = "boundary and wrappers (glue, arguments, malloc, Webhook.parse)";

async function profile(hook, rounds) {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 20 });
  await session.post("Profiler.start");
  for (let i = 0; i < rounds; i++) hook.parse(query, body, { now });
  const { profile: p } = await session.post("Profiler.stop");
  session.disconnect();
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stageOf = new Map();
  const classify = (id) => {
    if (stageOf.has(id)) return stageOf.get(id);
    const f = byId.get(id).callFrame;
    let stage = STAGES.find(([, test]) => test(f))?.[0];
    if (stage === undefined) {
      const up = parent.get(id);
      stage = up === undefined || ["(root)", "(program)", "(idle)"].includes(f.functionName) ? null : classify(up);
      if (stage === null && !["(root)", "(program)", "(idle)"].includes(f.functionName)) stage = REST;
    }
    stageOf.set(id, stage);
    return stage;
  };
  const time = new Map();
  let total = 0;
  p.samples.forEach((id, i) => {
    const stage = classify(id);
    if (stage === null) return;
    const dt = p.timeDeltas[i] ?? 0;
    time.set(stage, (time.get(stage) ?? 0) + dt);
    total += dt;
  });
  return { time, total };
}

function perCallUs(hook, n) {
  const start = performance.now();
  for (let i = 0; i < n; i++) hook.parse(query, body, { now });
  return ((performance.now() - start) / n) * 1000;
}

for (const crypto of ["node", "pure"]) {
  const hook = new Webhook({ ...options, crypto });
  perCallUs(hook, 20000);
  const us = [0, 1, 2, 3, 4].map(() => perCallUs(hook, 20000)).sort((a, b) => a - b)[2];
  const { time, total } = await profile(hook, crypto === "node" ? 200000 : 100000);
  console.log(`\nWebhook.parse, crypto: "${crypto}": ${us.toFixed(2)} µs/push (push.xml, Node ${process.versions.node}); by stage:`);
  for (const [stage, t] of [...time].sort((a, b) => b[1] - a[1])) {
    const share = t / total;
    console.log(`  ${(share * us).toFixed(2).padStart(6)} µs  ${(share * 100).toFixed(1).padStart(5)}%  ${stage}`);
  }
}
