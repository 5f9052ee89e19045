// Rehearse the full-network-release (全网发布) check against wxopen-sandbox, before pressing the
// button on open.weixin.qq.com; examples/python/release_rehearsal.py is the same in Python.
//
// A platform's two push URLs on 127.0.0.1 (a real HTTP server, as in production):
//   POST /wechat/component         the 授权事件接收URL: `platform.handle` (tickets, the test
//                                  account's authorization), answered `success`;
//   POST /wechat/:appid/callback   the 消息与事件接收URL ($APPID$ in the configured URL):
//                                  `platform.handleMessage`, then `platform.releaseCheck` answers
//                                  the check's messages — the encrypted
//                                  TESTCOMPONENT_MSG_TYPE_TEXT_callback reply, or an empty answer
//                                  to QUERY_AUTH_CODE:<code> whose follow-up (exchange the code,
//                                  send <code>_from_api through custom/send as the test account)
//                                  runs right *after* the answer is written.
// Then the sandbox plays WeChat's check (`sandbox.releaseCheck({ group: 1 })`) and reports each
// case.
//
// Run: `node release_rehearsal.mjs` with `npm install wxopen` and `pip install wxopen-sandbox`
// (the binary on the PATH, or WXOPEN_SANDBOX_BIN). tests/js/release_rehearsal.test.mjs runs it.
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { MemoryStore, Platform, SUCCESS } from "wxopen";
import { Sandbox } from "wxopen/testing";

/** The message URL's answer: `{ body, later }` (later: what to run after answering, or null). */
export async function onMessage(platform, appid, query, body) {
  const message = await platform.handleMessage(appid, query, body);
  const check = await platform.releaseCheck(message);
  if (!check) return { body: SUCCESS, later: null }; // your own handling of the message goes here
  return { body: check.body, later: check.followUp ? () => check.followUp.run(platform) : null };
}

/** Serves both push URLs of `platform` on 127.0.0.1; `handler` answers the message URL. */
export async function serve(platform, handler = onMessage) {
  const errors = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    const query = url.search.slice(1);
    const parts = url.pathname.split("/").filter(Boolean);
    try {
      if (parts.join("/") === "wechat/component") {
        await platform.handle(query, body);
        return res.writeHead(200, { "content-type": "text/plain" }).end(SUCCESS);
      }
      if (parts.length === 3 && parts[0] === "wechat" && parts[2] === "callback") {
        const answer = await handler(platform, parts[1], query, body);
        res.writeHead(200, { "content-type": "text/plain" }).end(answer.body);
        if (answer.later) await answer.later(); // after the answer: WeChat wants it within 5 s
        return;
      }
      res.writeHead(404).end("not found");
    } catch (e) {
      errors.push(`${e.name}: ${e.message}`);
      if (!res.headersSent) res.writeHead(500).end("error");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { url: base, errors, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Serves a Platform on `sandbox`, points the sandbox's two URLs at it and runs the check:
 * `{ report, platform, server }`. */
export async function rehearse(sandbox, { handler = onMessage, ...check } = {}) {
  const platform = new Platform({
    componentAppid: sandbox.appid, componentAppsecret: sandbox.secret, token: sandbox.token,
    encodingAesKey: sandbox.encodingAesKey, store: new MemoryStore(), apiBase: sandbox.baseUrl,
  });
  const server = await serve(platform, handler);
  await sandbox.setUrls({ authEventUrl: `${server.url}/wechat/component`, messageUrl: `${server.url}/wechat/$APPID$/callback` });
  const report = await sandbox.releaseCheck(check);
  return { report, platform, server };
}

async function main() {
  const sandbox = await Sandbox.start();
  try {
    const { report, server } = await rehearse(sandbox, { group: 1 });
    await server.close();
    for (const c of report.cases) console.log(`${c.passed ? "PASS" : "FAIL"} ${c.case}: ${c.got ?? c.reason}`);
    console.log(JSON.stringify({ passed: report.passed, appid: report.appid }));
  } finally {
    await sandbox.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
