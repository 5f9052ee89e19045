// The platform's two push URLs with Node's own http module: wxopen verifies, decrypts and parses
// every push.
//   POST /wechat/component       the 授权事件接收URL: answer "success"
//   POST /wechat/{appid}/callback the 消息与事件接收URL (configured as .../wechat/$APPID$/callback):
//                                dedup, passive replies, the full-network-release check
//
//   WX_TOKEN=... WX_AES_KEY=... WX_COMPONENT_APPID=... PORT=8080 node webhook_http.mjs
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { SUCCESS, Webhook, WxOpenError } from "wxopen";

const MAX_BODY = 64 * 1024;
const MESSAGE_PATH = /^\/wechat\/([^/]+)\/callback$/;

/** Runs a job after the answer was sent (the release check's follow-up calls). */
const inBackground = (job) => job().catch((e) => console.error("follow-up failed:", e.code ?? e.name, e.message));

/**
 * A request handler: `onEvent(event)` gets every verified component push, `onMessage(message)`
 * every new message-URL push (return a text to reply with). `client` + `componentToken()` run
 * the release check's follow-up through `afterAnswer`; `seen` holds handled dedup keys.
 */
export function createHandler(hook, onEvent, { onMessage, client, componentToken, afterAnswer = inBackground, seen = new Set() } = {}) {
  const answer = (res, status, body) => res.writeHead(status, { "content-type": "text/plain" }).end(body);

  function message(appid, url, body, res) {
    let msg;
    try {
      msg = hook.parseMessage(appid, url.searchParams, body);
    } catch (e) {
      if (!(e instanceof WxOpenError)) throw e;
      console.warn(`message refused: ${e.code}`);
      return answer(res, 400, "refused");
    }
    if (seen.has(msg.dedupKey)) return answer(res, 200, SUCCESS); // WeChat retried
    seen.add(msg.dedupKey);
    const nonce = url.searchParams.get("nonce") ?? "";
    const check = hook.releaseCheck(msg, { nonce });
    if (check !== null) {
      answer(res, 200, check.body);
      const { followUp } = check;
      if (followUp && client && componentToken) afterAnswer(async () => followUp.run(client, await componentToken()));
      return;
    }
    const reply = onMessage?.(msg);
    answer(res, 200, typeof reply === "string" ? hook.replyText(msg, reply, { nonce }) : SUCCESS);
  }

  function component(url, body, res) {
    let event;
    try {
      event = hook.parse(url.searchParams, body);
    } catch (e) {
      if (!(e instanceof WxOpenError)) throw e;
      console.warn(`push refused: ${e.code}`); // messages never hold secrets
      return answer(res, 400, "refused");
    }
    onEvent(event);
    answer(res, 200, SUCCESS);
  }

  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const route = url.pathname === "/wechat/component" ? "component" : MESSAGE_PATH.exec(url.pathname);
    if (req.method !== "POST" || route === null) {
      res.writeHead(404).end();
      return;
    }
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy(); // the core refuses oversized bodies too
      else chunks.push(chunk);
    });
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (route === "component") return component(url, body, res);
      let appid;
      try {
        appid = decodeURIComponent(route[1]);
      } catch {
        return answer(res, 400, "refused");
      }
      message(appid, url, body, res);
    });
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const hook = new Webhook({
    token: process.env.WX_TOKEN,
    encodingAesKey: process.env.WX_AES_KEY,
    componentAppid: process.env.WX_COMPONENT_APPID,
  });
  const port = Number(process.env.PORT ?? 8080);
  const handler = createHandler(hook, (event) => console.log(event.type, event.componentAppid), {
    onMessage: (m) => (m.type === "text" ? `received: ${m.content}` : undefined),
  });
  createServer(handler).listen(port, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${port}/wechat/component and /wechat/{appid}/callback`));
}
