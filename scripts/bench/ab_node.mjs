// A/B of two builds of the npm package in one process: Webhook.parse (node:crypto) on the same
// pushes as bench_node.mjs, 15 interleaved rounds, the median per-round time ratio B/A (a load
// change between rounds cancels out). For size work: unpack each build's package as
// node_modules/<name> here, then `node ab_node.mjs <nameA> <nameB>` (a subpath such as
// `<name>/lite` works too). Run it both ways round: the module loaded first can be favoured.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
const [na, nb] = process.argv.slice(2);
const A = (await import(na)).Webhook, B = (await import(nb)).Webhook;
const TOKEN = "wxopenVectorToken2026", KEY = "WxOpenVectorKey2026abcdefghijklmnopqrstuvwx", APPID = "wx7e3c9f0a1b2d4c68", TS = "1767225605", NONCE = "1320562132";
const options = { token: TOKEN, encodingAesKey: KEY, componentAppid: APPID };
const a = new A(options), b = new B(options);
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
function us(fn, n) { const s = performance.now(); for (let i = 0; i < n; i++) fn(); return ((performance.now() - s) / n) * 1000; }
for (const file of ["push.xml", "push_600.xml"]) {
  const plaintext = readFileSync(new URL(`./${file}`, import.meta.url), "utf8");
  const { encrypt, msgSignature } = a.encrypt(plaintext, { timestamp: TS, nonce: NONCE, random: new TextEncoder().encode("0123456789abcdef") });
  const body = Buffer.from(`<xml><AppId><![CDATA[${APPID}]]></AppId><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`);
  const query = { timestamp: TS, nonce: NONCE, msg_signature: msgSignature };
  const now = Number(TS);
  if (JSON.stringify(a.parse(query, body, { now })) !== JSON.stringify(b.parse(query, body, { now }))) throw new Error("differ");
  const ra = [], rb = [], ratio = [];
  for (let r = 0; r < 15; r++) {
    const x = us(() => a.parse(query, body, { now }), 10000);
    const y = us(() => b.parse(query, body, { now }), 10000);
    ra.push(x); rb.push(y); ratio.push(y / x);
  }
  console.log(`${file}: A ${median(ra).toFixed(2)} µs, B ${median(rb).toFixed(2)} µs, median B/A per round ${median(ratio).toFixed(3)}`);
}
