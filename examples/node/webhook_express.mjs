// The platform's two push URLs in Express, with wxopen verifying, decrypting and parsing every
// push:
//   POST /wechat/component       the 授权事件接收URL (tickets, authorizations, registration results)
//   POST /wechat/:appid/callback the 消息与事件接收URL, configured as
//                                https://your.host/wechat/$APPID$/callback (WeChat puts the
//                                authorized account's appid in the path)
//
//   npm install express wxopen
//   WX_TOKEN=... WX_AES_KEY=... WX_COMPONENT_APPID=... PORT=8080 node webhook_express.mjs
import express from "express";
import { pathToFileURL } from "node:url";
import { ComponentToken, SUCCESS, Webhook, WxOpenError } from "wxopen";

/** Runs a job after the answer was sent (the release check's follow-up calls). */
const inBackground = (job) => job().catch((e) => console.error("follow-up failed:", e.code ?? e.name, e.message));

/**
 * The app: `onEvent(event)` gets every verified component push; `onMessage(message)` every new
 * message-URL push and may return a text to reply with. `client` + `componentToken()` (your
 * token source, async) run the full-network-release check's follow-up through `afterAnswer`.
 * `seen` holds the dedup keys of handled messages (use a store with expiry in production).
 */
export function createApp(hook, onEvent, { onMessage, client, componentToken, afterAnswer = inBackground, seen = new Set() } = {}) {
  const app = express();
  // WeChat posts XML; keep the raw bytes — the signature covers them exactly.
  const raw = express.raw({ type: () => true, limit: "64kb" });
  const refuse = (res, e) => {
    if (!(e instanceof WxOpenError)) throw e;
    res.status(400).type("text/plain").send(`refused: ${e.code}`);
  };

  app.post("/wechat/component", raw, (req, res) => {
    let event;
    try {
      event = hook.parse(req.query, req.body);
    } catch (e) {
      refuse(res, e);
      return;
    }
    onEvent(event);
    res.type("text/plain").send(SUCCESS);
  });

  app.post("/wechat/:appid/callback", raw, (req, res) => {
    let message;
    try {
      message = hook.parseMessage(req.params.appid, req.query, req.body);
    } catch (e) {
      refuse(res, e);
      return;
    }
    res.type("text/plain");
    if (seen.has(message.dedupKey)) return void res.send(SUCCESS); // WeChat retried
    seen.add(message.dedupKey);
    const nonce = String(req.query.nonce ?? "");
    const check = hook.releaseCheck(message, { nonce });
    if (check !== null) {
      res.send(check.body); // an encrypted reply, or "" at once
      const { followUp } = check;
      if (followUp && client && componentToken) afterAnswer(async () => followUp.run(client, await componentToken()));
      return;
    }
    const reply = onMessage?.(message);
    res.send(typeof reply === "string" ? hook.replyText(message, reply, { nonce }) : SUCCESS);
  });
  return app;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const hook = new Webhook({
    token: process.env.WX_TOKEN,
    encodingAesKey: process.env.WX_AES_KEY,
    componentAppid: process.env.WX_COMPONENT_APPID,
  });
  let ticket;
  const app = createApp(
    hook,
    (event) => {
      if (event.type === "component_verify_ticket") ticket = event.ticket; // store it for tokens
      console.log(event.type, ticket ? String(new ComponentToken(ticket)) : "");
    },
    { onMessage: (m) => (m.type === "text" ? `received: ${m.content}` : undefined) },
  );
  app.listen(Number(process.env.PORT ?? 8080), "127.0.0.1");
}
