// The JS Platform's warm call (token from the process-local cache, one HTTP step, the result)
// against the same operation on the explicit-token Client, both through the same in-process
// fetch that answers at once — so the difference is what managing the token costs: the driver's
// steps crossing the wasm boundary and the host loop. Run via scripts/bench.sh.
import { performance } from "node:perf_hooks";
import { AuthorizerToken, Client, MemoryStore, Platform } from "wxopen";

const CID = "wxcomponent0000001";
const MERCHANT = "wxminiprog00000001";
const BODY = new TextEncoder().encode('{"errcode":0,"open_appid":"wxopen0123456789"}');
const TOKENS = {
  "/cgi-bin/component/api_component_token": '{"component_access_token":"CAT","expires_in":7200}',
  "/cgi-bin/component/api_authorizer_token": '{"authorizer_access_token":"AAT","expires_in":7200,"authorizer_refresh_token":"refreshtoken@@@R"}',
};
// A minimal Response: what fetch gives, without the cost of constructing a real one each time.
const answer = { status: 200, type: "basic", arrayBuffer: async () => BODY.buffer.slice(0) };
const fetch = async (url) => {
  const token = TOKENS[new URL(url).pathname];
  return token === undefined ? answer : new Response(token);
};

const client = new Client({ fetch });
const token = new AuthorizerToken(MERCHANT, "AAT");
const platform = new Platform({ componentAppid: CID, componentAppsecret: "secret", token: "t", encodingAesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", store: new MemoryStore(), fetch });
await platform.storeTicket("ticket@@@bench", Math.floor(Date.now() / 1000));
await platform.importAuthorizer(MERCHANT, "refreshtoken@@@R");
const merchant = platform.authorizer(MERCHANT);
// The same platform's store, without a timeout of the host's (a fetch that brings its own).
const untimed = new Platform({ componentAppid: CID, componentAppsecret: "secret", token: "t", encodingAesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", store: platform.store, fetch, timeoutMs: null }).authorizer(MERCHANT);
for (const r of [await merchant.openGet(), await untimed.openGet()]) {
  if (r.openAppid !== (await client.openGet(token)).openAppid) throw new Error("results differ");
}

async function perCallUs(fn, n) {
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return ((performance.now() - start) / n) * 1000;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const c = [];
const p = [];
const u = [];
for (let round = 0; round < 9; round++) {
  c.push(await perCallUs(() => client.openGet(token), 20000));
  p.push(await perCallUs(() => merchant.openGet(), 20000));
  u.push(await perCallUs(() => untimed.openGet(), 20000));
}
const [clientUs, platformUs, untimedUs] = [median(c), median(p), median(u)];
const vs = (us) => `${(us - clientUs >= 0 ? "+" : "")}${(us - clientUs).toFixed(2)} µs (${(us / clientUs).toFixed(2)}x)`;
console.log(`Node ${process.versions.node}; open.get, medians of 9 interleaved rounds of 20000 calls`);
console.log(`  Client.openGet(token)                              ${clientUs.toFixed(2).padStart(7)} µs/call`);
console.log(`  platform.authorizer(appid).openGet()               ${platformUs.toFixed(2).padStart(7)} µs/call   ${vs(platformUs)}`);
console.log(`  the same, timeoutMs: null (no AbortController)     ${untimedUs.toFixed(2).padStart(7)} µs/call   ${vs(untimedUs)}`);
