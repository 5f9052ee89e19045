// The onboarding story of examples/node/onboarding.mjs end to end: a Platform against the
// sandbox (real HTTP both ways: the sandbox pushes to the story's endpoint on loopback, whose
// handler is `platform.handle`), every flow of spec §1 to §5 — ticket, component token,
// authorization, trial registration, rename, verification, 2026 enterprise registration, open
// account, link, admin rebind. Here the sandbox runs in manual mode and the test plays the
// people through the control API (the demo lets the auto mode play them); then each flow's end
// state is checked through the control API, and the platform's store agrees. The demo itself
// (auto mode) runs in examples.test.mjs.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ApiError, MemoryStore, Platform, RedisStore } from "wxopen";
import { Sandbox } from "wxopen/testing";
import { Endpoint, NEW_NAME, SUBJECT, follow, runStory } from "./examples/onboarding.mjs";
import { closeRedis, redisClient, uniquePrefix } from "./platform_helpers.mjs";

const NEW_ADMIN = { wechat: "wangwu_newadmin", name: "王五", phone: "13900000002", idcard: "110101199001010033" };

/** The people, played through the control API at once: a page is opened and confirmed (the
 * rebind page with a new admin), and every person a task waits for approves. */
class ManualPeople {
  constructor(sandbox) {
    this.sandbox = sandbox;
    this.acted = [];
  }

  openPage(url, confirm = {}) {
    const fields = url.includes("/wxopen/componentrebindadmin") ? { newAdmin: NEW_ADMIN, ...confirm } : confirm;
    return this.sandbox.confirmPage(url, { appid: fields.appid, new_admin: fields.newAdmin });
  }

  // A verification waits for the legal person, then the admin; a link for the official
  // account's admin, then the mini program's: approve until nobody is waited for.
  async act(kind, key) {
    for (;;) {
      const pending = (await this.sandbox.control("GET", `/sandbox/tasks?kind=${kind}&state=pending`)).filter((t) => t.id === key || t.appid === key);
      if (pending.length === 0) return;
      this.acted.push([kind, pending[0].waiting_for]);
      await this.sandbox.act(pending[0].id, "approve");
    }
  }
}

const platformOn = (sb, store, keyPrefix, options = {}) =>
  new Platform({ componentAppid: sb.appid, componentAppsecret: sb.secret, token: sb.token, encodingAesKey: sb.encodingAesKey, store, keyPrefix, apiBase: sb.baseUrl, mpBase: sb.baseUrl, openBase: sb.baseUrl, ...options });

async function story(store, keyPrefix) {
  const sb = await Sandbox.start({ seed: 3 });
  try {
    const people = new ManualPeople(sb);
    const lines = [];
    const { created, rows } = await runStory(sb, store, people, (l) => lines.push(l), { keyPrefix });

    // Every step said what happened, in order, on one line each; no credential shown.
    assert.deepEqual(lines.map((l) => l.slice(4, 24).trim()), [
      "ticket", "component token", "authorization URL", "merchant authorizes", "trial registered", "renamed",
      "verified", "enterprise (2026)", "open account", "linked", "admin rebound",
    ]);
    const shown = [...lines, ...rows.map((r) => r.join(" "))].join("\n");
    assert.match(shown, /pre_auth_code=\*\*\*/);
    assert.ok(!shown.includes("@@@") && !shown.includes(sb.secret), "no credential is shown");
    assert.deepEqual(people.acted, [
      ["beta", "user"], ["beta_verify", "legal_person"], ["beta_verify", "admin"],
      ["enterprise", "legal_person"], ["link", "oa_admin"], ["link", "mini_admin"],
    ]);

    const { officialAccount: oa, trial, enterprise: mini } = created;
    // What the story left in the store, read without minting anything.
    const readOnly = platformOn(sb, store, keyPrefix, { readOnly: true });

    // Authorization: the official account, and both new mini programs through their pushes;
    // each code exchanged exactly once, one component token for the whole story.
    const auths = new Set((await sb.control("GET", "/sandbox/authorizations")).map((a) => a.appid));
    for (const appid of [oa, trial, mini]) {
      assert.ok(auths.has(appid), appid);
      assert.equal(await readOnly.authorizerStatus(appid), "authorized");
    }
    assert.equal((await readOnly.getApiQuota({ cgiPath: "/cgi-bin/component/api_query_auth" })).quota.used, 3);
    assert.equal((await readOnly.getApiQuota({ cgiPath: "/cgi-bin/component/api_component_token" })).quota.used, 1);

    // Trial → renamed → formal: the name kept the trial suffix, the subject is the enterprise;
    // a formal app may not be renamed through the trial API any more.
    let account = await sb.control("GET", `/sandbox/accounts/${trial}`);
    assert.equal(account.nick_name, `${NEW_NAME}的体验小程序`);
    assert.deepEqual([account.beta, account.register_type, account.principal_name], [false, 13, SUBJECT]);
    await assert.rejects(platformOn(sb, store, keyPrefix).authorizer(trial).renameBeta({ name: "Acme 咖啡再改名" }), (e) => e instanceof ApiError && e.errcode === 91020);

    // Enterprise (2026): a mini program of the subject, admin rebound.
    account = await sb.control("GET", `/sandbox/accounts/${mini}`);
    assert.deepEqual([account.register_type, account.principal_name, account.admin], [6, SUBJECT, NEW_ADMIN.wechat]);

    // Open account: created by the new mini program, the other two bound to it.
    const [open] = (await sb.control("GET", "/sandbox/open_accounts")).filter((o) => o.open_appid === created.openAccount);
    assert.deepEqual([...open.bound].sort(), [oa, trial, mini].sort());
    for (const appid of [oa, trial, mini]) assert.equal((await sb.control("GET", `/sandbox/accounts/${appid}`)).open_appid, created.openAccount);

    // Link: the official account ↔ the new mini program, status 1.
    const [link] = (await sb.control("GET", "/sandbox/links")).filter((x) => x.appid === mini);
    assert.deepEqual([link.oa, link.status], [oa, 1]);

    // Every task ended well; the rebind task is the one the redirect carried.
    const tasks = Object.fromEntries((await sb.tasks()).map((t) => [t.kind, t]));
    assert.deepEqual(Object.keys(tasks).sort(), ["beta", "beta_verify", "enterprise", "link", "rebind"]);
    assert.deepEqual(new Set(Object.values(tasks).map((t) => t.state)), new Set(["succeeded"]));
    assert.deepEqual([tasks.beta.id, tasks.enterprise.id, tasks.rebind.id], [created.trialTask, created.enterpriseTask, created.rebindTask]);

    // Every push was delivered and answered `success` at the first attempt.
    await sb.waitPushes();
    const pushes = (await sb.pushes()).filter((p) => p.state !== "no_url");
    assert.deepEqual(new Set(pushes.map((p) => p.state)), new Set(["delivered"]));
    assert.ok(pushes.every((p) => p.attempts.length === 1), JSON.stringify(pushes));
    for (const kind of ["component_verify_ticket", "authorized", "notify_third_fastregisterbetaapp", "notify_third_fastverifybetaapp", "notify_third_fasteregister"]) {
      assert.ok(pushes.some((p) => p.kind === kind), kind);
    }

    // The summary table names what was created.
    const table = Object.fromEntries(rows.map((r) => [r[0], r]));
    assert.equal(table["official account"][1], oa);
    assert.deepEqual(table["open account"].slice(1), [created.openAccount, `3 accounts bound · ${SUBJECT}`]);
    assert.equal(table.link[2], "status 1 (linked)");
  } finally {
    await sb.stop();
  }
}

test("onboarding: every flow against the sandbox, on a MemoryStore", async () => {
  await story(new MemoryStore());
});

test("onboarding: every flow against the sandbox, on a RedisStore", async () => {
  const redis = await redisClient();
  try {
    await story(new RedisStore(redis), uniquePrefix());
  } finally {
    await closeRedis(redis);
  }
});

test("onboarding: the rebind redirect reaches the endpoint, which refuses a taskid WeChat does not know", async () => {
  const sb = await Sandbox.start({ seed: 4 });
  const platform = platformOn(sb, new MemoryStore());
  const endpoint = await Endpoint.listen(platform);
  try {
    await sb.setUrls({ authEventUrl: `${endpoint.url}/wechat/component` });
    await platform.startPushTicket();
    await endpoint.waitFor("ticket", (e) => e.type === "component_verify_ticket");
    const mini = "wxa11ce0000000000b";
    const url = platform.componentLoginUrl({ preAuthCode: (await platform.createPreauthcode()).preAuthCode, redirectUri: `${endpoint.url}/wechat/authorized` });
    assert.equal((await follow(await sb.confirmPage(url, { appid: mini }))).authorizerAppid, mini);
    await assert.rejects(follow(`${endpoint.url}/wechat/rebound?appid=${mini}&taskid=nosuchtask`), /400 .*85060/);
  } finally {
    await endpoint.close();
    await sb.stop();
  }
});
