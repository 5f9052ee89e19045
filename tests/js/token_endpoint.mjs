// A scripted WeChat on loopback for the concurrency tests: short-lived tokens (seconds), every
// mint recorded with its time and the language of the process that asked (by User-Agent:
// Python's urllib or Node's fetch), every token checked on use, and one forced 40001 (the
// `forceAt`-th open.get finds its token revoked, as if another system had replaced it).
import assert from "node:assert/strict";
import { createServer } from "node:http";

/** The language of a request's sender: "python" (urllib) or "node" (fetch). */
const languageOf = (req) => (/python/i.test(req.headers["user-agent"] ?? "") ? "python" : "node");

/**
 * `{server, state}`: `state.cats` / `state.aats` — the mints `{value, at, by}` in order;
 * `state.usedBy` — token → the languages that called with it; `state.refusals` by errcode;
 * `state.forcedAt` — when the forced 40001 happened; `state.opens` — open.get calls served.
 */
export function wechat({ lifeS, forceAt, ticket }) {
  const tokens = new Map(); // token -> expiry (ms)
  const revoked = new Set();
  const state = { cats: [], aats: [], opens: 0, forcedAt: undefined, refusals: { 40001: 0, 42001: 0 }, usedBy: new Map() };
  const check = (token, by) => {
    if (token) state.usedBy.set(token, (state.usedBy.get(token) ?? new Set()).add(by));
    const expiry = tokens.get(token);
    if (expiry === undefined || revoked.has(token)) return 40001;
    return Date.now() >= expiry ? 42001 : 0;
  };
  const mint = (kind, list, by) => {
    const value = `${kind}${list.length + 1}`;
    tokens.set(value, Date.now() + lifeS * 1000);
    list.push({ value, at: Date.now(), by });
    return value;
  };
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = JSON.parse(Buffer.concat(chunks).toString() || "{}");
    const url = new URL(req.url, "http://127.0.0.1");
    const by = languageOf(req);
    const send = (obj) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(obj));
    const refuse = (code) => {
      state.refusals[code] = (state.refusals[code] ?? 0) + 1;
      send({ errcode: code, errmsg: code === 42001 ? "access_token expired" : "invalid credential" });
    };
    switch (url.pathname) {
      case "/cgi-bin/component/api_component_token":
        assert.equal(body.component_verify_ticket, ticket);
        return send({ component_access_token: mint("CAT", state.cats, by), expires_in: lifeS });
      case "/cgi-bin/component/api_authorizer_token": {
        const code = check(url.searchParams.get("component_access_token"), by);
        if (code) return refuse(code);
        return send({ authorizer_access_token: mint("AAT", state.aats, by), expires_in: lifeS, authorizer_refresh_token: "refreshtoken@@@stable" });
      }
      case "/cgi-bin/component/api_create_preauthcode": {
        const code = check(url.searchParams.get("component_access_token"), by);
        return code ? refuse(code) : send({ pre_auth_code: "preauthcode@@@x", expires_in: 1800 });
      }
      case "/cgi-bin/open/get": {
        const token = url.searchParams.get("access_token");
        state.opens += 1;
        if (state.opens === forceAt) {
          revoked.add(token);
          state.forcedAt = Date.now();
        }
        const code = check(token, by);
        return code ? refuse(code) : send({ errcode: 0, open_appid: "wxopen0123456789" });
      }
      default:
        res.writeHead(404).end();
    }
  });
  return { server, state };
}

/** Gaps between consecutive mints (ms). */
export const gaps = (mints) => mints.slice(1).map((m, i) => m.at - mints[i].at);

/** Stops the server (keep-alive connections too). */
export function close(server) {
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeAllConnections();
  return closed;
}
