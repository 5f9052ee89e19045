// A third-party platform server with Node's http module and the wxopen Platform (managed
// tokens): WeChat's pushes, the merchant's authorization, and an operation on its behalf. The
// Platform keeps the ticket, mints and refreshes every token and exchanges each authorization
// code exactly once; with Redis, any number of these processes share that work.
//
//   WX_COMPONENT_APPID=... WX_COMPONENT_SECRET=... WX_TOKEN=... WX_AES_KEY=... \
//   REDIS_URL=redis://127.0.0.1:6379/0 PUBLIC_URL=https://platform.example.com PORT=8080 \
//   node platform_http.mjs
//
//   POST /wechat/component             授权事件接收URL: pushes verified, parsed and applied -> "success"
//   GET  /authorize                    a pre-auth code, then the merchant's admin goes to WeChat's page
//   GET  /wechat/authorized?auth_code= WeChat's redirect back: the code exchanged (once, racing the push)
//   GET  /merchants/{appid}/open       an operation with the merchant's token (refreshed as needed)
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { AuthorizerError, CryptoError, MemoryStore, Platform, RedisStore, WebhookError, WxOpenError } from "wxopen";

const MAX_BODY = 64 * 1024;

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy(new Error("body too large")); // the core refuses it too
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const json = (res, status, value) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));

/** An error as an HTTP answer: messages never hold secrets, but the code is enough here. */
function failure(res, e) {
  if (!(e instanceof WxOpenError)) throw e;
  const status = e instanceof AuthorizerError ? 410 : e.code === "invalid_argument" ? 400 : 502;
  json(res, status, { error: e.code, errcode: e.errcode });
}

/**
 * The request listener. `publicUrl`: where WeChat redirects the merchant's browser back to
 * (its host must be the platform's 登录授权的发起页域名).
 */
export function createHandler(platform, { publicUrl }) {
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    try {
      if (req.method === "POST" && url.pathname === "/wechat/component") {
        try {
          await platform.handle(url.searchParams, await readBody(req));
        } catch (e) {
          if (!(e instanceof WxOpenError)) throw e;
          // A forged or stale push: refused. A side effect that failed (store, network): an
          // error, so WeChat delivers it again — which the Platform makes safe.
          console.warn(`push not applied: ${e.code}`);
          res.writeHead(e instanceof CryptoError || e instanceof WebhookError ? 400 : 500).end();
          return;
        }
        res.writeHead(200, { "content-type": "text/plain" }).end("success");
        return;
      }
      if (req.method === "GET" && url.pathname === "/authorize") {
        const { preAuthCode } = await platform.createPreauthcode();
        const page = platform.componentLoginUrl({ preAuthCode, redirectUri: `${publicUrl}/wechat/authorized` });
        res.writeHead(302, { location: page }).end();
        return;
      }
      if (req.method === "GET" && url.pathname === "/wechat/authorized") {
        const { authorizerAppid, funcInfo, exchanged } = await platform.authorize(url.searchParams.get("auth_code") ?? "");
        json(res, 200, { authorizerAppid, funcInfo, exchanged });
        return;
      }
      const merchant = /^\/merchants\/([A-Za-z0-9_]+)\/open$/.exec(url.pathname);
      if (req.method === "GET" && merchant) {
        const { haveOpen } = await platform.authorizer(merchant[1]).openHave();
        json(res, 200, { haveOpen });
        return;
      }
      res.writeHead(404).end();
    } catch (e) {
      failure(res, e);
    }
  };
}

/** The platform from the environment: Redis when REDIS_URL is set (shared by every process). */
export async function platformFromEnv(env = process.env) {
  let store;
  if (env.REDIS_URL) {
    const { createClient } = await import("redis"); // npm install redis (an optional peer of wxopen)
    store = new RedisStore(await createClient({ url: env.REDIS_URL }).connect());
  } else {
    console.warn("no REDIS_URL: tokens live in this process only (a restart loses the refresh tokens)");
    store = new MemoryStore();
  }
  return new Platform({
    componentAppid: env.WX_COMPONENT_APPID,
    componentAppsecret: env.WX_COMPONENT_SECRET,
    token: env.WX_TOKEN,
    encodingAesKey: env.WX_AES_KEY,
    store,
    ...(env.WX_KEY_PREFIX ? { keyPrefix: env.WX_KEY_PREFIX } : {}),
    ...(env.WX_API_BASE ? { apiBase: env.WX_API_BASE, mpBase: env.WX_API_BASE, openBase: env.WX_API_BASE } : {}),
    onEvent: (event) => console.log(JSON.stringify(event)), // mints, refreshes, retries: never a secret
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const platform = await platformFromEnv();
  const server = createServer();
  server.listen(Number(process.env.PORT ?? 8080), "127.0.0.1", () => {
    const local = `http://127.0.0.1:${server.address().port}`;
    server.on("request", createHandler(platform, { publicUrl: process.env.PUBLIC_URL ?? local }));
    console.log(`listening on ${local}`);
  });
}
