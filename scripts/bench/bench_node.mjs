// wxopen (wasm) vs wechat-crypto + fast-xml-parser on the same ~1 KB
// notify_third_fasteregister push, in one run. Both verify msg_signature, decrypt and parse:
// - wxopen: Webhook.parse(query, body, { now })
// - peer:   fast-xml-parser (envelope) -> WXBizMsgCrypt.getSignature + decrypt -> fast-xml-parser
// Run via scripts/bench.sh (it installs the packed wxopen tarball and the peers here).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { XMLParser } from "fast-xml-parser";
import { Webhook } from "wxopen";

const require = createRequire(import.meta.url);
const WXBizMsgCrypt = require("wechat-crypto");

const TOKEN = "wxopenVectorToken2026";
const KEY = "WxOpenVectorKey2026abcdefghijklmnopqrstuvwx";
const APPID = "wx7e3c9f0a1b2d4c68";
const TIMESTAMP = "1767225605";
const NONCE = "1320562132";

const plaintext = readFileSync(new URL("./push.xml", import.meta.url), "utf8");
const hook = new Webhook({ token: TOKEN, encodingAesKey: KEY, componentAppid: APPID });
const { encrypt, msgSignature } = hook.encrypt(plaintext, { timestamp: TIMESTAMP, nonce: NONCE, random: new TextEncoder().encode("0123456789abcdef") });
const body = Buffer.from(`<xml><AppId><![CDATA[${APPID}]]></AppId><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`);
const query = { timestamp: TIMESTAMP, nonce: NONCE, msg_signature: msgSignature };
const now = Number(TIMESTAMP);

const peer = new WXBizMsgCrypt(TOKEN, KEY, APPID);
const xml = new XMLParser({ parseTagValue: false, trimValues: true });
function peerParse(q, raw) {
  const envelope = xml.parse(raw.toString("utf8")).xml;
  if (peer.getSignature(q.timestamp, q.nonce, envelope.Encrypt) !== q.msg_signature) throw new Error("signature");
  const { message, id } = peer.decrypt(envelope.Encrypt);
  if (id !== APPID) throw new Error("appid");
  return xml.parse(message).xml;
}

const ours = hook.parse(query, body, { now });
const theirs = peerParse(query, body);
if (ours.appid !== theirs.appid || ours.info.legalPersonaName !== theirs.info.legal_persona_name) {
  throw new Error(`results differ: ${JSON.stringify(ours)} vs ${JSON.stringify(theirs)}`);
}

function perCallUs(fn, n) {
  const start = performance.now();
  for (let i = 0; i < n; i++) fn();
  return ((performance.now() - start) / n) * 1000;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const a = [];
const b = [];
for (let round = 0; round < 7; round++) {
  a.push(perCallUs(() => hook.parse(query, body, { now }), 20000));
  b.push(perCallUs(() => peerParse(query, body), 5000));
}
const oursUs = median(a);
const theirsUs = median(b);
console.log(`push: ${body.length} bytes on the wire, ${Buffer.byteLength(plaintext)} bytes decrypted`);
console.log(`wxopen (wasm, Node ${process.versions.node})  Webhook.parse            ${oursUs.toFixed(2).padStart(8)} µs/push`);
console.log(`wechat-crypto 0.0.2 + fast-xml-parser 5      ${theirsUs.toFixed(2).padStart(8)} µs/push`);
console.log(`ratio: wxopen is ${(theirsUs / oursUs).toFixed(1)}x faster than the JS peer (target >= 5x)`);
