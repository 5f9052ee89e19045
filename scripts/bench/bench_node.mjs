// wxopen (wasm) vs wechat-crypto + fast-xml-parser on the same notify_third_fasteregister push,
// in one run. Both verify msg_signature, decrypt and parse:
// - wxopen: Webhook.parse(query, body, { now }), with SHA-1 and AES from node:crypto (the
//   default in Node) and with the pure-Rust code inside the wasm module (`crypto: "pure"`, what
//   browsers run, and what Node ran before the crypto provider);
// - wxopen/lite: the same call on the lite module (no platform driver; what a browser page or a
//   push handler loads), with node:crypto;
// - peer:   fast-xml-parser (envelope) -> WXBizMsgCrypt.getSignature + decrypt -> fast-xml-parser.
// Two pushes: push.xml (~1 KB decrypted, pretty-printed, long company name and auth code; the
// historical benchmark) and push_600.xml (~600 B, compact, the same fields with shorter values).
// Run via scripts/bench.sh (it installs the packed wxopen tarball and the peers here).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { XMLParser } from "fast-xml-parser";
import { Webhook } from "wxopen";
import { Webhook as LiteWebhook } from "wxopen/lite";

const require = createRequire(import.meta.url);
const WXBizMsgCrypt = require("wechat-crypto");

const TOKEN = "wxopenVectorToken2026";
const KEY = "WxOpenVectorKey2026abcdefghijklmnopqrstuvwx";
const APPID = "wx7e3c9f0a1b2d4c68";
const TIMESTAMP = "1767225605";
const NONCE = "1320562132";

const read = (file) => readFileSync(new URL(file, import.meta.url), "utf8");

const options = { token: TOKEN, encodingAesKey: KEY, componentAppid: APPID };
const withNode = new Webhook(options);
const pure = new Webhook({ ...options, crypto: "pure" });
const lite = new LiteWebhook(options);
if (withNode.crypto !== "node") throw new Error(`expected node:crypto, got ${withNode.crypto}`);

const peer = new WXBizMsgCrypt(TOKEN, KEY, APPID);
const xml = new XMLParser({ parseTagValue: false, trimValues: true });
function peerParse(q, raw) {
  const envelope = xml.parse(raw.toString("utf8")).xml;
  if (peer.getSignature(q.timestamp, q.nonce, envelope.Encrypt) !== q.msg_signature) throw new Error("signature");
  const { message, id } = peer.decrypt(envelope.Encrypt);
  if (id !== APPID) throw new Error("appid");
  return xml.parse(message).xml;
}

function perCallUs(fn, n) {
  const start = performance.now();
  for (let i = 0; i < n; i++) fn();
  return ((performance.now() - start) / n) * 1000;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`Node ${process.versions.node}; medians of 7 interleaved rounds`);
for (const file of ["push.xml", "push_600.xml"]) {
  const plaintext = read(`./${file}`);
  const { encrypt, msgSignature } = pure.encrypt(plaintext, { timestamp: TIMESTAMP, nonce: NONCE, random: new TextEncoder().encode("0123456789abcdef") });
  const body = Buffer.from(`<xml><AppId><![CDATA[${APPID}]]></AppId><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`);
  const query = { timestamp: TIMESTAMP, nonce: NONCE, msg_signature: msgSignature };
  const now = Number(TIMESTAMP);

  const ours = withNode.parse(query, body, { now });
  const theirs = peerParse(query, body);
  if (JSON.stringify(pure.parse(query, body, { now })) !== JSON.stringify(ours)) throw new Error("node:crypto and pure paths differ");
  if (JSON.stringify(lite.parse(query, body, { now })) !== JSON.stringify(ours)) throw new Error("wxopen and wxopen/lite differ");
  if (ours.appid !== theirs.appid || ours.info.legalPersonaName !== theirs.info.legal_persona_name || ours.info.name !== theirs.info.name) {
    throw new Error(`results differ: ${JSON.stringify(ours)} vs ${JSON.stringify(theirs)}`);
  }

  const a = [];
  const p = [];
  const b = [];
  const l = [];
  for (let round = 0; round < 7; round++) {
    a.push(perCallUs(() => withNode.parse(query, body, { now }), 20000));
    p.push(perCallUs(() => pure.parse(query, body, { now }), 10000));
    b.push(perCallUs(() => peerParse(query, body), 5000));
    l.push(perCallUs(() => lite.parse(query, body, { now }), 20000));
  }
  const [nodeUs, pureUs, peerUs, liteUs] = [median(a), median(p), median(b), median(l)];
  console.log(`\n${file}: ${body.length} bytes on the wire, ${Buffer.byteLength(plaintext)} bytes decrypted`);
  console.log(`  wxopen Webhook.parse, node:crypto       ${nodeUs.toFixed(2).padStart(8)} µs/push   ${(peerUs / nodeUs).toFixed(1)}x the peer (target >= 5x)`);
  console.log(`  wxopen Webhook.parse, crypto: "pure"    ${pureUs.toFixed(2).padStart(8)} µs/push   ${(peerUs / pureUs).toFixed(1)}x the peer`);
  console.log(`  wxopen/lite Webhook.parse, node:crypto  ${liteUs.toFixed(2).padStart(8)} µs/push   ${(peerUs / liteUs).toFixed(1)}x the peer`);
  console.log(`  wechat-crypto 0.0.2 + fast-xml-parser 5 ${peerUs.toFixed(2).padStart(8)} µs/push`);
}
