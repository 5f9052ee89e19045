// Onboarding a merchant, end to end, against wxopen-sandbox — the Node half of the README's
// first command (scripts/demo.sh); examples/python/onboarding.py is the same story in Python.
//
// A third-party platform onboards the coffee chain Acme 咖啡有限公司 the way it would on
// WeChat, every step through `Platform` (tokens handled by the driver):
//
//  1. ticket              the platform asks for a component_verify_ticket; the push reaches its
//                         endpoint, whose handler is `platform.handle`, which stores it
//  2. component token     minted from the stored ticket
//  3. authorization URL   a pre-auth code and the page the merchant's admin opens
//  4. merchant authorizes the official account Acme 咖啡 confirms: the `authorized` push and
//                         the browser's redirect race to the platform; the code is exchanged once
//  5. trial registered    a trial mini program for the shop's owner (the owner confirms; the
//                         notify_third_fastregisterbetaapp and `authorized` pushes arrive)
//  6. renamed             while still a trial (a formal app may not use this API: 91020)
//  7. verified            the legal person passes the face check, the admin confirms: formal
//  8. enterprise          a second mini program by the 2026 enterprise API (the legal person
//                         approves; notify_third_fasteregister carries its authorization)
//  9. open account        created by the new mini program, then the other two accounts bound
// 10. linked              the official account links the new mini program (both admins agree)
// 11. admin rebound       the rebind page, its `taskid` on the redirect, `rebindAdmin`
//
// then a table of what was created, read back from the sandbox's control API.
//
// Everything runs on 127.0.0.1: the sandbox (a local WeChat) in auto mode — the people in the
// flows act by themselves after a short delay — and this script's endpoint for the pushes and
// the browser redirects. No secret is printed (tokens, tickets and codes stay in the driver).
//
// Run: scripts/demo.sh; or, with `npm install wxopen` and `pip install wxopen-sandbox`
// (the binary on the PATH, or WXOPEN_SANDBOX_BIN), `node onboarding.mjs [--delay-ms 1000]`.
// The tests run `runStory` against a manual sandbox whose people they play themselves
// (tests/js/onboarding.test.mjs).
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { MemoryStore, Platform, redactUrl } from "wxopen";
import { Sandbox } from "wxopen/testing";

// The sandbox's default merchant: one verified enterprise with an official account, and its
// legal person (a person the sandbox knows: WeChat ID, openid, ID card).
export const SUBJECT = "Acme 咖啡有限公司";
export const OFFICIAL_ACCOUNT = "wxa11ce0000000000a";
const CREDIT_CODE = "91440300MA5ACME001"; // unified social credit code (codeType 1): 18 characters
const LEGAL_PERSON = { wechat: "zhangsan_acme", openid: "oSandboxZhangSan000000000001", name: "张三", idcard: "110101199003070011" };
const SHOP_OWNER_OPENID = "oAcmeShopOwner00000000000001"; // the trial app's future admin
const TRIAL_NAME = "Acme 咖啡试营业";
export const NEW_NAME = "Acme 咖啡外卖";
const PHONE = "0755-86000000";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ----- the platform's web endpoints ------------------------------------------------------------

/**
 * The platform's HTTP endpoint on 127.0.0.1 (a real server; the sandbox and the "browser" call
 * it): `POST /wechat/component` — the 授权事件接收URL: `platform.handle(query, body)`, answered
 * `success` (an error makes the sandbox redeliver, as WeChat does); `GET /wechat/authorized` —
 * the authorization redirect: `platform.authorize(authCode)`; `GET /wechat/rebound` — the rebind
 * page's redirect: `platform.authorizer(appid).rebindAdmin({taskid})`. Every push handled is kept
 * (`events`) for the story to wait on.
 */
export class Endpoint {
  #server;
  #waiters = new Set();

  static async listen(platform) {
    const endpoint = new Endpoint(platform);
    await new Promise((resolve) => endpoint.#server.listen(0, "127.0.0.1", resolve));
    endpoint.url = `http://127.0.0.1:${endpoint.#server.address().port}`;
    return endpoint;
  }

  constructor(platform) {
    this.events = [];
    this.errors = [];
    this.#server = createServer(async (req, res) => {
      const url = new URL(req.url, "http://127.0.0.1");
      const chunks = [];
      for await (const c of req) chunks.push(c);
      const answer = (status, body, type = "text/plain") => res.writeHead(status, { "content-type": type }).end(body);
      try {
        if (req.method === "POST" && url.pathname === "/wechat/component") {
          let event;
          try {
            event = await platform.handle(url.search.slice(1), Buffer.concat(chunks));
          } catch (e) {
            this.errors.push(`${e.name}: ${e.message}`);
            return answer(500, "error");
          }
          this.events.push(event);
          for (const wake of this.#waiters) wake();
          return answer(200, "success");
        }
        let out;
        if (url.pathname === "/wechat/authorized") {
          const done = await platform.authorize(url.searchParams.get("auth_code") ?? "");
          out = { authorizerAppid: done.authorizerAppid, exchanged: done.exchanged, funcInfo: done.funcInfo };
        } else if (url.pathname === "/wechat/rebound") {
          const appid = url.searchParams.get("appid") ?? "";
          await platform.authorizer(appid).rebindAdmin({ taskid: url.searchParams.get("taskid") ?? "" });
          out = { appid, rebound: true };
        } else {
          return answer(404, "not found");
        }
        return answer(200, JSON.stringify(out), "application/json");
      } catch (e) {
        return answer(400, JSON.stringify({ error: `${e.name}: ${e.message}` }), "application/json");
      }
    });
  }

  /** The first push handled that `match` accepts (waits for it). */
  waitFor(what, match, timeoutMs = 30000) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const event = this.events.find(match);
        if (event === undefined) return false;
        this.#waiters.delete(check);
        clearTimeout(timer);
        resolve(event);
        return true;
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`no ${what} push within ${timeoutMs} ms (got ${this.events.map((e) => e.type)}, ${this.errors})`));
      }, timeoutMs);
      if (!check()) this.#waiters.add(check);
    });
  }

  close() {
    const closed = new Promise((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    return closed;
  }
}

// ----- the people in the flows -----------------------------------------------------------------

/** The sandbox's auto mode plays every person (after its delay): a page only needs opening; a
 * person waited for acts by themselves. */
export class AutoPeople {
  constructor(sandbox) {
    this.sandbox = sandbox;
  }

  /** A person opens `url` (authorization, rebind page) and confirms; resolves to where the
   * browser goes next (the redirect, with `auth_code` or `taskid`). */
  async openPage(url) {
    const session = await this.sandbox.control("POST", "/sandbox/pages/open", { url });
    for (;;) {
      const page = await this.sandbox.control("GET", `/sandbox/pages/${session.id}`);
      if (page.redirect) return page.redirect;
      if (page.state !== "open") throw new Error(`the page was ${page.state}, not confirmed`);
      await sleep(100);
    }
  }

  /** The person the sandbox task (`kind`, id or appid `key`) waits for acts. */
  async act() {}
}

/** The browser follows a redirect to the platform's endpoint; its JSON answer. */
export async function follow(redirect) {
  const res = await fetch(redirect);
  const body = await res.json();
  if (!res.ok) throw new Error(`${redirect}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

async function waitUntil(ok, { timeoutMs = 60000, pollMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error("gave up waiting");
    await sleep(pollMs);
  }
}

const is = (kind, appid) => (e) => e.type === kind && e.authorizerAppid === appid;

// ----- the story -------------------------------------------------------------------------------

/** The onboarding steps, each printed on one line (`say`); `created` collects the ids. */
export class Story {
  #n = 0;
  #t0 = Date.now();
  #t = this.#t0;

  constructor({ platform, sandbox, endpoint, people, events, say = console.log }) {
    Object.assign(this, { platform, sandbox, endpoint, people, events, say });
    this.created = {};
  }

  step(title, text) {
    this.#n += 1;
    const now = Date.now();
    this.say(`${String(this.#n).padStart(2)}. ${title.padEnd(20)} ${text}  (${((now - this.#t) / 1000).toFixed(1)} s)`);
    this.#t = now;
  }

  async run() {
    await this.ticket();
    await this.componentToken();
    const url = await this.authorizationUrl();
    await this.merchantAuthorizes(url);
    const trial = await this.trialRegistered();
    await this.renamed(trial);
    await this.verified(trial);
    const mini = await this.enterpriseRegistered();
    await this.openAccount(mini, [trial, OFFICIAL_ACCOUNT]);
    await this.linked(OFFICIAL_ACCOUNT, mini);
    await this.adminRebound(mini);
    this.created.seconds = ((Date.now() - this.#t0) / 1000).toFixed(1);
    return this.created;
  }

  async ticket() {
    await this.platform.startPushTicket();
    const push = await this.endpoint.waitFor("component_verify_ticket", (e) => e.type === "component_verify_ticket");
    this.step("ticket", `component_verify_ticket pushed and stored (CreateTime ${push.createTime})`);
  }

  async componentToken() {
    const token = await this.platform.componentAccessToken();
    const minted = this.events.findLast((e) => e.kind === "component_token_minted");
    const left = Math.round((token.expiresAtMs - Date.now()) / 1000);
    this.step("component token", `minted from a ticket ${minted.ticketAgeMs} ms old, valid ${left} s (${token})`);
  }

  async authorizationUrl() {
    const pre = await this.platform.createPreauthcode();
    const url = this.platform.componentLoginUrl({
      preAuthCode: pre.preAuthCode,
      redirectUri: `${this.endpoint.url}/wechat/authorized`,
      authType: 1, // official accounts
      bizAppid: OFFICIAL_ACCOUNT,
    });
    this.step("authorization URL", `pre-auth code valid ${pre.expiresIn} s → ${redactUrl(url)}`);
    return url;
  }

  async merchantAuthorizes(url) {
    const redirect = await this.people.openPage(url, { appid: OFFICIAL_ACCOUNT });
    const back = await follow(redirect); // the browser comes back with the auth_code
    await this.endpoint.waitFor("authorized", is("authorized", OFFICIAL_ACCOUNT));
    if ((await this.platform.authorizerStatus(OFFICIAL_ACCOUNT)) !== "authorized") throw new Error("not authorized");
    const how = back.exchanged ? "by the redirect" : "by the push; the redirect reused it";
    this.created.officialAccount = OFFICIAL_ACCOUNT;
    this.step("merchant authorizes", `${OFFICIAL_ACCOUNT} granted ${back.funcInfo.length} permission sets; code exchanged once (${how})`);
  }

  async trialRegistered() {
    const reg = await this.platform.registerBeta({ name: TRIAL_NAME, openid: SHOP_OWNER_OPENID });
    await this.people.act("beta", reg.uniqueId);
    const result = await this.endpoint.waitFor(
      "notify_third_fastregisterbetaapp",
      (e) => e.type === "fast_register_beta" && e.info?.uniqueId === reg.uniqueId,
      60000,
    );
    if (result.status !== 0 || !result.appid) throw new Error(`trial registration failed: ${result.status} ${result.msg}`);
    const appid = result.appid;
    await this.endpoint.waitFor("authorized", is("authorized", appid));
    Object.assign(this.created, { trial: appid, trialTask: reg.uniqueId });
    this.step("trial registered", `unique_id ${reg.uniqueId}: the owner confirmed → ${appid}, authorized (push)`);
    return appid;
  }

  async renamed(appid) {
    await this.platform.authorizer(appid).renameBeta({ name: NEW_NAME });
    const { nick_name: nick } = await this.sandbox.control("GET", `/sandbox/accounts/${appid}`);
    this.step("renamed", `${appid} is now “${nick}” (before verification: a formal app gets 91020)`);
  }

  async verified(appid) {
    await this.platform.authorizer(appid).verifyBeta({
      verifyInfo: {
        enterpriseName: SUBJECT,
        code: CREDIT_CODE,
        codeType: 1,
        legalPersonaWechat: LEGAL_PERSON.wechat,
        legalPersonaName: LEGAL_PERSON.name,
        legalPersonaIdcard: LEGAL_PERSON.idcard,
        componentPhone: PHONE,
      },
    });
    await this.people.act("beta_verify", appid);
    const result = await this.endpoint.waitFor("notify_third_fastverifybetaapp", (e) => e.type === "fast_verify_beta" && e.appid === appid, 60000);
    if (result.status !== 0) throw new Error(`verification failed: ${result.status} ${result.msg}`);
    this.step("verified", `${appid}: legal person and admin confirmed → a formal mini program of ${SUBJECT}`);
  }

  async enterpriseRegistered() {
    const reg = await this.platform.registerEnterprise({
      name: SUBJECT,
      code: CREDIT_CODE,
      codeType: 1,
      legalPersonaOpenid: LEGAL_PERSON.openid,
      legalPersonaName: LEGAL_PERSON.name,
      componentPhone: PHONE,
    });
    await this.people.act("enterprise", reg.taskid);
    const result = await this.endpoint.waitFor(
      "notify_third_fasteregister",
      (e) => e.type === "fast_register" && e.info?.taskid === reg.taskid,
      60000,
    );
    if (result.status !== 0 || !result.appid) throw new Error(`enterprise registration failed: ${result.status} ${result.msg}`);
    const appid = result.appid;
    await waitUntil(async () => (await this.platform.authorizerStatus(appid)) === "authorized");
    Object.assign(this.created, { enterprise: appid, enterpriseTask: reg.taskid });
    this.step("enterprise (2026)", `taskid ${reg.taskid}: the legal person approved → ${appid}, authorized (push)`);
    return appid;
  }

  async openAccount(creator, others) {
    const { openAppid } = await this.platform.authorizer(creator).openCreate();
    for (const appid of others) await this.platform.authorizer(appid).openBind({ openAppid });
    for (const appid of [creator, ...others]) {
      const bound = (await this.platform.authorizer(appid).openGet()).openAppid;
      if (bound !== openAppid) throw new Error(`${appid} is bound to ${bound}`);
    }
    this.created.openAccount = openAppid;
    this.step("open account", `${openAppid} created by ${creator}; bound ${others.join(", ")}`);
  }

  async linked(oa, mini) {
    const account = this.platform.authorizer(oa);
    await account.link({ appid: mini, notifyUsers: 1, showProfile: 1 });
    await this.people.act("link", mini);
    const status = async () => (await account.linkGet()).wxopens?.items?.find((i) => i.appid === mini)?.status;
    await waitUntil(async () => (await status()) === 1, { pollMs: 250 });
    this.created.link = [oa, mini];
    this.step("linked", `${oa} ↔ ${mini}: both admins agreed (link status 1)`);
  }

  async adminRebound(mini) {
    const url = this.platform.rebindAdminUrl({ appid: mini, redirectUri: `${this.endpoint.url}/wechat/rebound?appid=${mini}` });
    const redirect = await this.people.openPage(url);
    const taskid = new URL(redirect).searchParams.get("taskid");
    await follow(redirect); // the endpoint calls rebindAdmin with the taskid
    const { admin } = await this.sandbox.control("GET", `/sandbox/accounts/${mini}`);
    this.created.rebindTask = taskid;
    this.step("admin rebound", `${mini}: page → taskid ${taskid} → rebindAdmin; admin now ${admin}`);
  }
}

// ----- the summary -----------------------------------------------------------------------------

/** What was created, as the sandbox (WeChat) and the platform's store see it: rows of
 * [what, id, state]. */
export async function summary(sandbox, platform, created) {
  const account = (appid) => sandbox.control("GET", `/sandbox/accounts/${appid}`);
  const auth = async (appid) => (await platform.authorizerStatus(appid)) ?? "unknown";
  const rows = [];
  const oa = await account(created.officialAccount);
  rows.push(["official account", oa.appid, `${await auth(oa.appid)} · “${oa.nick_name}”`]);
  for (const [key, what] of [["trial", "mini program (trial → formal)"], ["enterprise", "mini program (2026 API)"]]) {
    const a = await account(created[key]);
    rows.push([what, a.appid, `${await auth(a.appid)} · ${a.beta ? "trial" : "formal"} · “${a.nick_name || "(unnamed)"}” · admin ${a.admin}`]);
  }
  const mine = (await sandbox.control("GET", "/sandbox/open_accounts")).find((o) => o.open_appid === created.openAccount);
  rows.push(["open account", created.openAccount, `${mine.bound.length} accounts bound · ${mine.principal_name}`]);
  const [oaAppid, mini] = created.link;
  const link = (await sandbox.control("GET", "/sandbox/links")).find((x) => x.oa === oaAppid && x.appid === mini);
  rows.push(["link", `${oaAppid} → ${mini}`, `status ${link.status} (linked)`]);
  for (const task of await sandbox.control("GET", "/sandbox/tasks")) rows.push([`task: ${task.kind}`, task.id, task.state]);
  return rows;
}

/** Columns a string takes in a terminal (CJK characters take two). */
const width = (text) => [...text].reduce((n, c) => n + (c.codePointAt(0) >= 0x1100 && !(c.codePointAt(0) >= 0x2000 && c.codePointAt(0) < 0x3000) ? 2 : 1), 0);

export function printTable(rows, say = console.log) {
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => width(r[i]))));
  for (const r of rows) say(`  ${r.slice(0, 2).map((c, i) => c + " ".repeat(widths[i] - width(c))).join("  ")}  ${r[2]}`);
}

// ----- main ------------------------------------------------------------------------------------

/**
 * The whole story against `sandbox`: a Platform on `store` (more Platform options in
 * `platformOptions`), its endpoint on loopback set as the platform's push URL, the steps, and
 * the summary rows: `{created, rows}`.
 */
export async function runStory(sandbox, store, people, say = console.log, platformOptions = {}) {
  const events = []; // the driver's events: mints, refreshes, … (no secrets)
  const platform = new Platform({
    componentAppid: sandbox.appid,
    componentAppsecret: sandbox.secret,
    token: sandbox.token,
    encodingAesKey: sandbox.encodingAesKey,
    store,
    apiBase: sandbox.baseUrl,
    mpBase: sandbox.baseUrl,
    openBase: sandbox.baseUrl,
    onEvent: (e) => events.push(e),
    ...platformOptions,
  });
  const endpoint = await Endpoint.listen(platform);
  try {
    await sandbox.setUrls({ authEventUrl: `${endpoint.url}/wechat/component` });
    const created = await new Story({ platform, sandbox, endpoint, people, events, say }).run();
    if (endpoint.errors.length > 0) throw new Error(`pushes refused: ${endpoint.errors}`);
    return { created, rows: await summary(sandbox, platform, created) };
  } finally {
    await endpoint.close();
  }
}

async function main() {
  const at = process.argv.indexOf("--delay-ms");
  const delayMs = at > 0 ? Number(process.argv[at + 1]) : 1000;
  if (!Number.isInteger(delayMs) || delayMs < 0) throw new TypeError("--delay-ms takes a whole number of milliseconds");
  const { version } = (await import("wxopen/package.json", { with: { type: "json" } })).default;
  console.log(`wxopen ${version} (Node ${process.versions.node}) — onboarding against wxopen-sandbox in auto mode (people act after ${delayMs} ms)`);
  const sb = await Sandbox.start({ mode: "auto", autoDelayMs: delayMs });
  try {
    const store = new MemoryStore();
    console.log(`    sandbox ${sb.baseUrl} · platform ${sb.appid} · store ${store}`);
    const { created, rows } = await runStory(sb, store, new AutoPeople(sb));
    console.log(`\nCreated in ${created.seconds} s:`);
    printTable(rows);
  } finally {
    await sb.stop();
  }
  console.log("onboarding finished");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
