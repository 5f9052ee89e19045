// The platform's 授权事件接收URL with Node's own http module: verify, decrypt and parse every
// push with wxopen, answer "success".
//
//   WX_TOKEN=... WX_AES_KEY=... WX_COMPONENT_APPID=... PORT=8080 node webhook_http.mjs
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { Webhook, WxOpenError } from "wxopen";

const MAX_BODY = 64 * 1024;

/** A request handler: `onEvent(event)` gets every verified push (store the ticket, etc.). */
export function createHandler(hook, onEvent) {
  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method !== "POST" || url.pathname !== "/wechat/component") {
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
      let event;
      try {
        event = hook.parse(url.searchParams, Buffer.concat(chunks));
      } catch (e) {
        if (!(e instanceof WxOpenError)) throw e;
        console.warn(`push refused: ${e.code}`); // messages never hold secrets
        res.writeHead(400, { "content-type": "text/plain" }).end("refused");
        return;
      }
      onEvent(event);
      res.writeHead(200, { "content-type": "text/plain" }).end("success");
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
  createServer(createHandler(hook, (event) => console.log(event.type, event.componentAppid)))
    .listen(port, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${port}/wechat/component`));
}
