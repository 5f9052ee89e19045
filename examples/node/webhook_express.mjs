// The platform's 授权事件接收URL in Express: verify, decrypt and parse every push with wxopen.
//
//   npm install express wxopen
//   WX_TOKEN=... WX_AES_KEY=... WX_COMPONENT_APPID=... PORT=8080 node webhook_express.mjs
import express from "express";
import { pathToFileURL } from "node:url";
import { ComponentToken, Webhook, WxOpenError } from "wxopen";

/** The app: `onEvent(event)` gets every verified push. */
export function createApp(hook, onEvent) {
  const app = express();
  // WeChat posts XML; keep the raw bytes — the signature covers them exactly.
  app.post("/wechat/component", express.raw({ type: () => true, limit: "64kb" }), (req, res) => {
    let event;
    try {
      event = hook.parse(req.query, req.body);
    } catch (e) {
      if (!(e instanceof WxOpenError)) throw e;
      res.status(400).type("text/plain").send(`refused: ${e.code}`);
      return;
    }
    onEvent(event);
    res.type("text/plain").send("success");
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
  const app = createApp(hook, (event) => {
    if (event.type === "component_verify_ticket") ticket = event.ticket; // store it for tokens
    console.log(event.type, ticket ? String(new ComponentToken(ticket)) : "");
  });
  app.listen(Number(process.env.PORT ?? 8080), "127.0.0.1");
}
