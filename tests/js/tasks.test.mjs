// `platform.tasks` and the registrations' `task` on the JS Platform, against a scripted WeChat
// on a manual clock (platform_helpers.mjs): register → pushes → get/list/wait; personal queries
// through reconcile and wait (progress callback, terminal lines); timeouts; the Task object
// (camelCase fields, masked display forms); argument errors.
import assert from "node:assert/strict";
import { test } from "node:test";
import { inspect } from "node:util";
import { Client, ComponentToken, InvalidArgument, Result, Task, Tasks } from "wxopen";
import { CID, PATHS, T0, cat, push, world } from "./platform_helpers.mjs";

const NEW_APP = "wxnewapp00000001";
const OPENID = "oTrialUser0000000000000000001";
const LEGACY = "/cgi-bin/component/fastregisterweapp";
const VERIFY = "/wxa/verifybetaweapp";

async function ready() {
  const w = world();
  const platform = w.platform();
  assert.equal(await platform.storeTicket("ticket@@@latest", T0 / 1000), true);
  w.on(PATHS.cat, cat("CAT1"));
  return { w, platform };
}

const betaPush = (secs, uniqueId, status, appid) =>
  `<xml><AppId>${CID}</AppId><CreateTime>${secs}</CreateTime><InfoType>notify_third_fastregisterbetaapp</InfoType>${appid ? `<appid>${appid}</appid>` : ""}<status>${status}</status><msg>m</msg><info><unique_id>${uniqueId}</unique_id><name>咖啡体验店</name></info></xml>`;
const authorizedPush = (secs, appid, code) =>
  `<xml><AppId>${CID}</AppId><CreateTime>${secs}</CreateTime><InfoType>authorized</InfoType><AuthorizerAppid>${appid}</AuthorizerAppid><AuthorizationCode>${code}</AuthorizationCode><AuthorizationCodeExpiredTime>${secs + 600}</AuthorizationCodeExpiredTime></xml>`;
const queryAuth = (appid) => ({
  authorization_info: { authorizer_appid: appid, authorizer_access_token: "AAT_NEW", expires_in: 7200, authorizer_refresh_token: "refreshtoken@@@N", func_info: [{ funcscope_category: { id: 17 } }] },
});
const personal = (status) => ({ errcode: 0, taskid: "p1", authorize_url: "https://wx/p1", status });

test("a trial registration returns its task, which settles from the pushes", async () => {
  const { w, platform } = await ready();
  w.on(PATHS.beta, { errcode: 0, unique_id: "u1", authorize_url: "https://beta/u1" });
  const reg = await platform.registerBeta({ name: "咖啡体验店", openid: OPENID });
  assert.equal(reg.uniqueId, "u1"); // the usual result
  assert.ok(reg instanceof Result && reg.task instanceof Task);
  const { task } = reg;
  assert.deepEqual([task.id, task.kind, task.state, task.waitingFor], ["beta:u1", "beta", "waiting", "user"]);
  assert.equal(task.authorizeUrl, "https://beta/u1");
  assert.equal(task.settled, false);
  assert.equal(task.status, undefined);
  assert.equal(task.expiresAtMs, T0 + 86_400_000);
  assert.ok(task.nextStep.includes("authorize_url") && task.nextStepZh);
  assert.equal(typeof reg.raw, "string");

  await platform.handle(...push(betaPush(T0 / 1000, "u1", 0, NEW_APP), w.now));
  const got = await platform.tasks.get("beta:u1");
  assert.deepEqual([got.state, got.appid, got.authorized, got.settled, got.status, got.statusKind], ["succeeded", NEW_APP, false, false, 0, "enterprise"]);
  w.on(PATHS.queryAuth, queryAuth(NEW_APP));
  await platform.handle(...push(authorizedPush(T0 / 1000, NEW_APP, "queryauthcode@@@t"), w.now));
  const before = w.now;
  const done = await platform.tasks.wait("beta:u1", { timeoutMs: 60_000 });
  assert.deepEqual([done.state, done.appid, done.authorized, done.settled], ["succeeded", NEW_APP, true, true]);
  assert.equal(w.now, before, "a settled task is returned without a pause");
  assert.equal(await platform.authorizerStatus(NEW_APP), "authorized");
  assert.equal(await platform.tasks.get("beta:none"), undefined);
  assert.ok(platform.tasks instanceof Tasks);
});

test("list filters by kind and state, newest first", async () => {
  const { w, platform } = await ready();
  for (let i = 0; i < 3; i++) {
    w.on(PATHS.beta, { errcode: 0, unique_id: `u${i}`, authorize_url: "https://b" });
    await platform.registerBeta({ name: "咖啡体验店", openid: OPENID });
    w.now += 1000;
  }
  w.on(PATHS.personal, personal(0));
  await platform.registerPersonal({ idname: "李四", wxuser: "lisi_wx" });
  w.now += 1000;
  await platform.handle(...push(betaPush(w.now / 1000, "u1", 100001), w.now));

  const every = await platform.tasks.list();
  assert.deepEqual(every.map((t) => t.id), ["task:p1", "beta:u2", "beta:u1", "beta:u0"]);
  assert.deepEqual(every.map((t) => t.state), ["waiting", "waiting", "expired", "waiting"]);
  assert.ok(every.every((t) => t instanceof Task));
  assert.deepEqual((await platform.tasks.list({ kind: "beta", state: "waiting" })).map((t) => t.id), ["beta:u2", "beta:u0"]);
  assert.deepEqual((await platform.tasks.list({ state: "expired" })).map((t) => t.id), ["beta:u1"]);
  assert.deepEqual((await platform.tasks.list({ limit: 1 })).map((t) => t.id), ["task:p1"]);
  assert.deepEqual(await platform.tasks.list({ kind: "enterprise" }), []);

  await assert.rejects(platform.tasks.list({ kind: "trial" }), (e) => e instanceof InvalidArgument && e.field === "kind");
  await assert.rejects(platform.tasks.list({ state: "done" }), (e) => e instanceof InvalidArgument && e.field === "state");
  await assert.rejects(platform.tasks.list({ limit: -1 }), (e) => e instanceof InvalidArgument && e.field === "limit");
  await assert.rejects(platform.tasks.list({ limit: 1.5 }), (e) => e instanceof InvalidArgument && e.field === "limit");
  await assert.rejects(platform.tasks.list({ limit: "1" }), TypeError);
  await assert.rejects(platform.tasks.list({ kind: 1 }), TypeError);
});

test("personal: reconcile and wait report the failure, the progress callback gets every change", async () => {
  const { w, platform } = await ready();
  w.on(PATHS.personal, personal(0), personal(7), personal(7), personal(5));
  const reg = await platform.registerPersonal({ idname: "李四", wxuser: "lisi_wx" });
  assert.equal(reg.taskid, "p1");
  assert.deepEqual([reg.task.id, reg.task.canQuery, reg.task.status, reg.task.statusKind], ["task:p1", true, 0, "task"]);

  const task = await platform.tasks.reconcile("task:p1");
  assert.deepEqual([task.state, task.status, task.waitingFor], ["waiting", 7, "user"]);
  assert.ok(task.nextStep.includes("SMS"));

  const seen = [];
  const start = w.now;
  const done = await platform.tasks.wait("task:p1", { timeoutMs: 3_600_000, progress: (x) => seen.push(x) });
  assert.deepEqual([done.state, done.status, done.settled], ["failed", 5, true]);
  assert.ok(done.meaning && /face/i.test(done.nextStep) && done.nextStepZh);
  const waiting = seen.filter((s) => !(s instanceof Task));
  assert.ok(waiting.length > 0 && waiting.every((e) => e.kind === "task_waiting" && e.taskId === "task:p1"));
  assert.equal(waiting.reduce((sum, e) => sum + e.nextCheckMs, 0), w.now - start);
  assert.equal(seen.at(-1), done);
  // create, reconcile, then the wait's queries: at once (7 again) and after the query interval.
  assert.equal(w.to(PATHS.personal).length, 4);
  assert.ok(w.now - start >= platform.policy.taskQueryIntervalMs);

  await assert.rejects(platform.tasks.reconcile("task:unknown"), (e) => e instanceof InvalidArgument && e.field === "taskId");
  await assert.rejects(platform.tasks.wait("has space", { timeoutMs: 1 }), (e) => e instanceof InvalidArgument && e.field === "taskId");
  await assert.rejects(platform.tasks.get(42), TypeError);
});

test("wait times out with the task as it stands; null waits out the window", async () => {
  const { w, platform } = await ready();
  w.on(PATHS.beta, { errcode: 0, unique_id: "u2", authorize_url: "https://b" });
  await platform.registerBeta({ name: "咖啡体验店", openid: OPENID });
  const start = w.now;
  const task = await platform.tasks.wait("beta:u2", { timeoutMs: 10_000 });
  assert.deepEqual([task.state, task.settled], ["waiting", false]);
  assert.equal(w.now - start, 10_000);
  for (const bad of [-1, 1.5, Number.NaN, Infinity]) {
    await assert.rejects(platform.tasks.wait("beta:u2", { timeoutMs: bad }), (e) => e instanceof InvalidArgument && e.field === "timeoutMs");
  }
  await assert.rejects(platform.tasks.wait("beta:u2", { timeoutMs: "10" }), TypeError);
  await assert.rejects(platform.tasks.wait("beta:u2", { progress: "yes" }), TypeError);
  const expired = await platform.tasks.wait("beta:u2", { timeoutMs: null });
  assert.deepEqual([expired.state, expired.source, expired.settled], ["expired", "clock", true]);
});

test("a failing or async progress callback never ends the wait", async () => {
  const { w, platform } = await ready();
  w.on(PATHS.beta, { errcode: 0, unique_id: "u3", authorize_url: "https://b" });
  await platform.registerBeta({ name: "咖啡体验店", openid: OPENID });
  const warn = console.warn;
  const warned = [];
  console.warn = (...args) => warned.push(args);
  try {
    const task = await platform.tasks.wait("beta:u3", { timeoutMs: 5000, progress: () => { throw new Error("display broke"); } });
    assert.equal(task.state, "waiting");
    const seen = [];
    const again = await platform.tasks.wait("beta:u3", { timeoutMs: 5000, progress: async (x) => { seen.push(x); throw new Error("later"); } });
    assert.equal(seen.at(-1), again);
  } finally {
    console.warn = warn;
  }
  assert.ok(warned.length >= 2);
});

test("progress: true writes a line per change to stderr (not a terminal)", async () => {
  const { w, platform } = await ready();
  w.on(PATHS.personal, personal(0), personal(4), personal(7), personal(12));
  await platform.registerPersonal({ idname: "李四", wxuser: "lisi_wx" });
  const events = [];
  const stderr = process.stderr;
  let text = "";
  const fake = { isTTY: false, write: (s) => { text += s; return true; } };
  Object.defineProperty(process, "stderr", { value: fake, configurable: true });
  let task;
  try {
    task = await platform.tasks.wait("task:p1", { timeoutMs: 3_600_000, progress: true });
  } finally {
    Object.defineProperty(process, "stderr", { value: stderr, configurable: true });
  }
  assert.equal(task.state, "succeeded");
  const lines = text.trimEnd().split("\n");
  assert.equal(lines.length, 3, text);
  assert.ok(lines[0].startsWith("wxopen: task task:p1 waiting for user (status 4)"), lines[0]);
  assert.ok(lines[1].includes("(status 7)"));
  assert.ok(lines[2].startsWith("wxopen: task task:p1 succeeded"));
  assert.ok(!text.includes("\r"));
  events.push(...w.events.filter((e) => e.kind === "task_waiting"));
  assert.ok(events.length > lines.length);
});

test("progress: true on a terminal rewrites its line", async () => {
  const { w, platform } = await ready();
  w.on(PATHS.beta, { errcode: 0, unique_id: "u5", authorize_url: "https://b" });
  await platform.registerBeta({ name: "咖啡体验店", openid: OPENID });
  const stderr = process.stderr;
  let text = "";
  Object.defineProperty(process, "stderr", { value: { isTTY: true, write: (s) => { text += s; return true; } }, configurable: true });
  try {
    await platform.tasks.wait("beta:u5", { timeoutMs: 20_000, progress: true });
  } finally {
    Object.defineProperty(process, "stderr", { value: stderr, configurable: true });
  }
  assert.ok(text.includes("\r\x1b[2K") && text.endsWith("\n"), JSON.stringify(text));
  assert.ok(text.includes("waited ") && text.includes("still unsettled after 20s"), JSON.stringify(text));
});

test("bare acknowledgements resolve to a Result with the task; a Client result has none", async () => {
  const { w, platform } = await ready();
  w.on(LEGACY, { errcode: 0, errmsg: "ok" }, { errcode: 89251, errmsg: "x" });
  const reg = await platform.registerEnterpriseLegacy({
    name: "某某科技有限公司", code: "91110000000000000X", codeType: 1, legalPersonaWechat: "zhangsan_wx", legalPersonaName: "张三",
  });
  assert.ok(reg instanceof Result && !(reg instanceof Task));
  assert.deepEqual(Object.keys(reg), ["task"]);
  assert.equal(reg.task.kind, "enterprise_legacy");
  assert.ok(reg.task.id.startsWith("legacy:") && !reg.task.id.includes("zhangsan_wx"));
  const searched = await platform.tasks.reconcile(reg.task.id);
  assert.deepEqual([searched.status, searched.statusKind, searched.waitingFor], [89251, "errcode", "legal_person"]);

  await platform.importAuthorizer(NEW_APP, "refreshtoken@@@B");
  w.on(PATHS.aat, { authorizer_access_token: "AAT", expires_in: 7200, authorizer_refresh_token: "refreshtoken@@@B" });
  w.on(VERIFY, { errcode: 0, errmsg: "ok" });
  const verify = await platform.authorizer(NEW_APP).verifyBeta({
    verifyInfo: {
      enterpriseName: "某某科技有限公司", code: "91110000000000000X", codeType: 1, legalPersonaWechat: "zhangsan_wx",
      legalPersonaName: "张三", legalPersonaIdcard: "110101199001011234", componentPhone: "13800000000",
    },
  });
  assert.deepEqual([verify.task.id, verify.task.kind], [`beta_verify:${NEW_APP}`, "beta_verify"]);
  const shown = inspect(verify, { depth: 5 }) + JSON.stringify(verify) + String(verify.task);
  for (const secret of ["110101199001011234", "13800000000"]) assert.ok(!shown.includes(secret), secret);

  const client = new Client({ fetch: async () => new Response(JSON.stringify({ errcode: 0, unique_id: "u1", authorize_url: "https://b" })) });
  const plain = await client.registerBeta(new ComponentToken("CAT"), { name: "咖啡体验店", openid: OPENID });
  assert.equal(plain.task, undefined);
});

test("the Task object: camelCase fields, masked display forms, one line for logs", async () => {
  const { w, platform } = await ready();
  w.on(PATHS.beta, { errcode: 0, unique_id: "u6", authorize_url: "https://mp.weixin.qq.com/very/long?id=1" });
  const { task } = await platform.registerBeta({ name: "咖啡体验店", openid: OPENID });
  assert.deepEqual(Object.keys(task).sort(), [
    "attempt", "authorizeUrl", "authorized", "canQuery", "createdAtMs", "details", "expiresAtMs", "id", "kind", "meaning",
    "meaningZh", "nextStep", "nextStepZh", "settled", "source", "state", "updatedAtMs", "waitingFor",
  ]);
  assert.deepEqual(task.details.toObject(), { name: "咖啡体验店", openid: OPENID, uniqueId: "u6" });
  assert.equal(String(task), `task beta:u6 waiting for user — ${task.nextStep}`);
  assert.ok(inspect(task).includes("authorizeUrl: 'https://mp.weixin.qq.com/very/long?id=1'"));
  assert.equal(JSON.parse(JSON.stringify(task)).id, "beta:u6");
  assert.ok(task instanceof Result);
});

test("a reuse-OA registration is settled at once and shows no code", async () => {
  const { w, platform } = await ready();
  const OA = "wxofficial0000001";
  await platform.importAuthorizer(OA, "refreshtoken@@@OA");
  w.on(PATHS.aat, { authorizer_access_token: "AAT_OA", expires_in: 7200, authorizer_refresh_token: "refreshtoken@@@OA" });
  w.on("/cgi-bin/account/fastregister", { errcode: 0, appid: NEW_APP, authorization_code: "authcode@@@R", is_link_succ: true });
  w.on(PATHS.queryAuth, queryAuth(NEW_APP));
  const reg = await platform.authorizer(OA).registerByReuseOa({ ticket: "scanticket@@@secret" });
  assert.equal(reg.appid, NEW_APP);
  assert.deepEqual([reg.task.id, reg.task.state, reg.task.authorized, reg.task.settled], [`reuse_oa:${NEW_APP}`, "succeeded", true, true]);
  const shown = inspect(reg, { depth: 5 }) + JSON.stringify(reg) + String(reg.task);
  for (const secret of ["authcode@@@R", "scanticket", "AAT_NEW", "refreshtoken"]) assert.ok(!shown.includes(secret), secret);
  assert.equal(await platform.authorizerStatus(NEW_APP), "authorized");
});
