// Registration tasks through the driver glue and the reference host loop (wxopen `driver`
// namespace): register, pushes, get, list, reconcile, wait — the entry points the JS
// `platform.tasks` builds on. Scripted WeChat, Map store, manual clock.
import assert from "node:assert/strict";
import test from "node:test";
import * as wxopen from "wxopen";

const { driver } = wxopen;
const CID = "wxcomponent0000001";
const SECRET = "platform_appsecret_0001";
const TOKEN = "msgtoken";
const AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const T0 = 1_700_000_000_000;
const CAT_PATH = "/cgi-bin/component/api_component_token";
const BETA_PATH = "/wxa/component/fastregisterbetaweapp";
const PERSONAL_PATH = "/wxa/component/fastregisterpersonalweapp";
const QUERY_AUTH = "/cgi-bin/component/api_query_auth";
const NEW_APP = "wxnewapp00000001";
const DAY = 86_400_000;

async function ready() {
  const h = {
    now: T0,
    store: new wxopen.MemoryStore(),
    events: [],
    sent: [],
    script: new Map(),
    driver: driver.createDriver({ componentAppid: CID, componentAppsecret: SECRET, token: TOKEN, encodingAesKey: AES_KEY, seed: 7 }),
  };
  h.on = (path, ...replies) => {
    h.script.set(path, [...(h.script.get(path) ?? []), ...replies]);
    return h;
  };
  h.fetch = async (url, init) => {
    h.sent.push({ url, ...init });
    const path = new URL(url).pathname;
    const next = h.script.get(path)?.shift();
    if (next === undefined) throw new Error(`unscripted request to ${path}`);
    return new Response(JSON.stringify(next), { status: 200 });
  };
  h.run = (call) =>
    driver.run(call, {
      fetch: h.fetch,
      store: h.store,
      clock: () => h.now,
      sleep: async (ms) => { h.now += ms; },
      onEvent: (e) => h.events.push(e),
    });
  h.push = (xml) => {
    const ts = String(Math.floor(h.now / 1000));
    const hook = new wxopen.Webhook({ token: TOKEN, encodingAesKey: AES_KEY, componentAppid: CID });
    const { encrypt, msgSignature } = hook.encrypt(xml, { timestamp: ts, nonce: "42" });
    const body = `<xml><AppId>${CID}</AppId><Encrypt>${encrypt}</Encrypt></xml>`;
    return h.run(driver.handlePush(h.driver, { timestamp: ts, nonce: "42", msg_signature: msgSignature }, body));
  };
  assert.equal(await h.run(h.driver.storeTicket("ticket@@@latest", T0 / 1000)), true);
  h.on(CAT_PATH, { component_access_token: "CAT1", expires_in: 7200 });
  return h;
}

const betaPush = (now, uniqueId, status, appid) =>
  `<xml><AppId>${CID}</AppId><CreateTime>${Math.floor(now / 1000)}</CreateTime><InfoType>notify_third_fastregisterbetaapp</InfoType>` +
  `${appid ? `<appid>${appid}</appid>` : ""}<status>${status}</status><msg>m</msg><info><unique_id>${uniqueId}</unique_id><name>咖啡体验店</name></info></xml>`;

const authorizedPush = (now, appid, code) =>
  `<xml><AppId>${CID}</AppId><CreateTime>${Math.floor(now / 1000)}</CreateTime><InfoType>authorized</InfoType>` +
  `<AuthorizerAppid>${appid}</AuthorizerAppid><AuthorizationCode>${code}</AuthorizationCode>` +
  `<AuthorizationCodeExpiredTime>${Math.floor(now / 1000) + 600}</AuthorizationCodeExpiredTime></xml>`;

test("trial: register, result push, authorized push; get and list", async () => {
  const h = await ready();
  h.on(BETA_PATH, { errcode: 0, unique_id: "u1", authorize_url: "https://beta/page" });
  const done = await h.run(driver.registerOperation(h.driver, "register.beta", { name: "咖啡体验店", openid: "oTrialUser0000000000000000001" }));
  assert.equal(done.output.unique_id, "u1");
  assert.equal(done.task.id, "beta:u1");
  assert.deepEqual([done.task.kind, done.task.state, done.task.waiting_for], ["beta", "waiting", "user"]);
  assert.equal(done.task.expires_at_ms, T0 + DAY);
  assert.ok(done.task.next_step.length > 0 && done.task.next_step_zh.length > 0);

  const event = driver.toEvent(await h.push(betaPush(h.now, "u1", 0, NEW_APP)));
  assert.equal(event.type, "fast_register_beta");
  let task = await h.run(h.driver.task("beta:u1"));
  assert.deepEqual([task.state, task.appid, task.authorized, task.settled], ["succeeded", NEW_APP, false, false]);

  h.on(QUERY_AUTH, { authorization_info: { authorizer_appid: NEW_APP, authorizer_access_token: "AAT_NEW", expires_in: 7200, authorizer_refresh_token: "refreshtoken@@@N", func_info: [] } });
  await h.push(authorizedPush(h.now, NEW_APP, "queryauthcode@@@t"));
  task = await h.run(h.driver.task("beta:u1"));
  assert.ok(task.authorized && task.settled);
  assert.deepEqual(h.events.filter((e) => e.kind === "task_updated").map((e) => e.origin), ["create", "push", "authorization"]);

  assert.deepEqual((await h.run(driver.listTasks(h.driver))).map((t) => t.id), ["beta:u1"]);
  assert.equal((await h.run(driver.listTasks(h.driver, { kind: "beta", state: "succeeded", limit: 1 }))).length, 1);
  assert.deepEqual(await h.run(driver.listTasks(h.driver, { kind: "personal" })), []);
  assert.equal(await h.run(h.driver.task("beta:none")), null);
  assert.throws(() => driver.listTasks(h.driver, { state: "done" }), (e) => e instanceof wxopen.InvalidArgument && e.field === "state");
  assert.throws(() => h.driver.tasks(undefined, undefined, -1), (e) => e.code === "invalid_argument");
  await assert.rejects(h.run(driver.registerOperation(h.driver, "open.get", {})), (e) => e instanceof wxopen.InvalidArgument && e.field === "operation");
});

test("personal: reconcile through the query API, then wait with the core's policy", async () => {
  const h = await ready();
  const policy = driver.defaultPolicy();
  const answer = (status) => ({ errcode: 0, taskid: "p1", authorize_url: "https://p", status });
  h.on(PERSONAL_PATH, answer(0), answer(7), answer(9), answer(12));
  const { task: created } = await h.run(driver.registerOperation(h.driver, "register.personal", { idname: "李四", wxuser: "lisi_wx" }));
  assert.deepEqual([created.id, created.can_query], ["task:p1", true]);
  let task = await h.run(h.driver.reconcileTask("task:p1"));
  assert.deepEqual([task.state, task.status], ["waiting", 7]);
  assert.match(task.next_step, /SMS/);
  const start = h.now;
  task = await h.run(h.driver.waitTask("task:p1", 3_600_000));
  assert.deepEqual([task.state, task.settled], ["succeeded", true]);
  const waiting = h.events.filter((e) => e.kind === "task_waiting");
  assert.ok(waiting.length > 0 && waiting[0].task_id === "task:p1");
  assert.equal(waiting.reduce((s, e) => s + e.next_check_ms, 0), h.now - start);
  assert.ok(waiting[0].next_check_ms <= (policy.task_poll_min_ms * 5) / 4);
  await assert.rejects(h.run(h.driver.reconcileTask("task:unknown")), (e) => e instanceof wxopen.InvalidArgument && e.field === "taskId");
  assert.throws(() => h.driver.waitTask("task:p1", Number.NaN), (e) => e.code === "invalid_argument" && e.field === "timeout_ms");
});

test("wait returns the task as it stands at the timeout; the window expires it", async () => {
  const h = await ready();
  h.on(BETA_PATH, { errcode: 0, unique_id: "u2", authorize_url: "https://b" });
  await h.run(driver.callOperation(h.driver, "register.beta", { name: "咖啡体验店", openid: "oTrialUser0000000000000000001" }));
  const start = h.now;
  let task = await h.run(h.driver.waitTask("beta:u2", 10_000));
  assert.deepEqual([task.state, task.settled], ["waiting", false]);
  assert.equal(h.now - start, 10_000);
  h.now += DAY + policyGrace();
  task = await h.run(h.driver.task("beta:u2"));
  assert.deepEqual([task.state, task.source, task.settled], ["expired", "clock", true]);
  // A late success still counts.
  await h.push(betaPush(h.now, "u2", 0, NEW_APP));
  assert.equal((await h.run(h.driver.task("beta:u2"))).state, "succeeded");
  assert.ok(!JSON.stringify(h.events).includes("ticket@@@"));
});

function policyGrace() {
  return driver.defaultPolicy().task_expiry_grace_ms;
}
