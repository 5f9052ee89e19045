// Registration tasks through the JS Platform against the sandbox (wxopen-sandbox over real
// HTTP, manual mode), pushes handled by a push endpoint on loopback that calls platform.handle:
// a trial registration approved while `tasks.wait` runs settles as succeeded with the new appid
// and its authorization exchanged; personal registrations the user rejects (no push) are
// reported failed by `reconcile` and `wait`, with the status's meaning and what to do; a wait
// times out with the task as it stood; list and filter.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { test } from "node:test";
import { MemoryStore, Platform, Task, describeStatus } from "wxopen";
import { Sandbox } from "wxopen/testing";

const OPENID = "oTrialUser0000000000000000001";
// Short pauses between looks at the store: the sandbox answers in milliseconds.
const POLICY = { taskPollMinMs: 100, taskPollMaxMs: 400, taskQueryIntervalMs: 200 };

async function endpoint(platform, clock) {
  const errors = [];
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    try {
      await clock.sync();
      await platform.handle(new URL(req.url, "http://x").search.slice(1), Buffer.concat(chunks));
      res.end("success");
    } catch (e) {
      errors.push(String(e));
      res.statusCode = 500;
      res.end("error");
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { server, errors, url: `http://127.0.0.1:${server.address().port}` };
}

test("registration tasks against the sandbox: trial succeeds, personal rejections fail, list", async () => {
  const sb = await Sandbox.start({ startTime: 1790035200 });
  let offset = 0;
  const clock = () => Date.now() + offset;
  clock.sync = async () => { offset = (await sb.now()) * 1000 - Date.now(); };
  await clock.sync();
  const platform = new Platform({
    componentAppid: sb.appid,
    componentAppsecret: sb.secret,
    token: sb.token,
    encodingAesKey: sb.encodingAesKey,
    store: new MemoryStore(),
    apiBase: sb.baseUrl,
    mpBase: sb.baseUrl,
    openBase: sb.baseUrl,
    clock,
    policy: POLICY,
  });
  const { server, errors, url } = await endpoint(platform, clock);
  try {
    await sb.setUrls({ authEventUrl: `${url}/component` });
    await platform.startPushTicket();
    await sb.waitPushes();

    // Trial registration, approved by the user while the wait runs.
    const reg = await platform.registerBeta({ name: "咖啡体验店", openid: OPENID });
    const { task } = reg;
    assert.deepEqual([task.id, task.kind, task.state, task.waitingFor], [`beta:${reg.uniqueId}`, "beta", "waiting", "user"]);
    assert.ok(task.authorizeUrl === reg.authorizeUrl && task.authorizeUrl.startsWith(sb.baseUrl));
    const seen = [];
    const approve = new Promise((r) => setTimeout(r, 300)).then(() => sb.act(reg.uniqueId, "approve"));
    const done = await platform.tasks.wait(task.id, { timeoutMs: 30_000, progress: (x) => seen.push(x) });
    await approve;
    assert.deepEqual([done.state, done.settled, done.authorized, done.source], ["succeeded", true, true, "push"]);
    assert.match(done.appid, /^wx/);
    assert.equal(seen.find((x) => !(x instanceof Task))?.state, "waiting");
    assert.equal(seen.at(-1), done);
    assert.equal(await platform.authorizerStatus(done.appid), "authorized");
    assert.equal((await platform.authorizer(done.appid).openHave()).haveOpen, false);

    // Personal registrations the user rejects: no push, only the query tells.
    const regs = [];
    for (const wxuser of ["user_aaaaaa", "user_bbbbbb"]) {
      const r = await platform.registerPersonal({ idname: "某人", wxuser });
      assert.deepEqual([r.task.kind, r.task.state, r.task.canQuery], ["personal", "waiting", true]);
      await sb.act(r.taskid, "reject");
      regs.push(r);
    }
    const rejected = await platform.tasks.reconcile(regs[0].task.id);
    assert.deepEqual([rejected.state, rejected.status, rejected.statusKind, rejected.settled, rejected.source], ["failed", 2, "task", true, "query"]);
    assert.equal(rejected.meaning, describeStatus("task", 2).meaning);
    assert.ok(rejected.nextStep.includes("declined") && rejected.nextStepZh);
    const waited = await platform.tasks.wait(regs[1].task.id, { timeoutMs: 30_000 });
    assert.deepEqual([waited.state, waited.status, waited.meaning], ["failed", 2, rejected.meaning]);

    // Nobody acts on a third one: the wait times out with it as it stands.
    const pending = await platform.registerPersonal({ idname: "某人", wxuser: "user_cccccc" });
    const still = await platform.tasks.wait(pending.task.id, { timeoutMs: 500 });
    assert.deepEqual([still.state, still.settled, still.status], ["waiting", false, 0]);

    // List and filter.
    const every = await platform.tasks.list();
    assert.deepEqual(every.map((t) => t.id), [pending.task.id, regs[1].task.id, regs[0].task.id, task.id]);
    assert.deepEqual((await platform.tasks.list({ kind: "personal", state: "failed" })).map((t) => t.id), [regs[1].task.id, regs[0].task.id]);
    assert.deepEqual((await platform.tasks.list({ state: "succeeded" })).map((t) => t.id), [task.id]);
    assert.deepEqual((await platform.tasks.get(task.id)).toObject(), done.toObject());
    assert.deepEqual(errors, []);
  } finally {
    await new Promise((r) => { server.close(r); server.closeAllConnections(); });
    await sb.stop();
  }
});
