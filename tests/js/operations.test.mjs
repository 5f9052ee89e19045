// The §1, §3–§5 methods beyond the vectors: page URLs are synchronous strings, results are
// camelCase with statuses as numbers (describeStatus gives the meaning), redactUrl hides tokens.
import assert from "node:assert/strict";
import { test } from "node:test";
import { AuthorizerToken, Client, ComponentToken, InvalidArgument, describeStatus, redactUrl } from "wxopen";
import { fakeFetch } from "./helpers.mjs";

const CAT = new ComponentToken("CAT_S3CR3T_do_not_print");

test("page URLs are built synchronously, never fetched, and refused input throws at once", () => {
  const fetch = fakeFetch();
  const client = new Client({ fetch, mpBase: "http://127.0.0.1:9" });
  const url = client.rebindAdminUrl({ appid: "wxminiprog00000001", componentAppid: "wxcomponent0000001", redirectUri: "https://p.example.com/cb" });
  assert.equal(url, "http://127.0.0.1:9/wxopen/componentrebindadmin?appid=wxminiprog00000001&component_appid=wxcomponent0000001&redirect_uri=https%3A%2F%2Fp.example.com%2Fcb");
  assert.throws(() => client.fastregisterAuthUrl({ appid: "wxofficial00000001", componentAppid: "wxcomponent0000001", redirectUri: "https://p.example.com/cb" }), (e) => e instanceof InvalidArgument && e.field === "copyWxVerify");
  assert.equal(fetch.calls.length, 0);
});

test("registration results carry the status number; describeStatus gives its meaning", async () => {
  const body = '{"errcode":0,"taskid":"task_p_0001","authorize_url":"https://x","status":"12"}';
  const task = await new Client({ fetch: fakeFetch({ status: 200, body }) }).queryPersonal(CAT, { taskid: "task_p_0001" });
  assert.equal(task.status, 12);
  assert.deepEqual(describeStatus("task", task.status), { code: 12, kind: "task", name: "creation_succeeded", meaning: "creation succeeded", meaningZh: "创建成功", known: true });
  assert.equal(task.raw, body);
});

test("no-token operations take only their arguments", async () => {
  const fetch = fakeFetch({ status: 200, body: '{"component_access_token":"61_CAT","expires_in":7200}' });
  const grant = await new Client({ fetch }).componentToken({ componentAppid: "wxcomponent0000001", componentAppsecret: "s", componentVerifyTicket: "t" });
  assert.deepEqual({ ...grant }, { expiresIn: 7200 }, "the token is not enumerable");
  assert.deepEqual(grant.toObject(), { componentAccessToken: "61_CAT", expiresIn: 7200 });
  assert.equal(fetch.calls[0].url, "https://api.weixin.qq.com/cgi-bin/component/api_component_token");
});

test("redactUrl hides token values in URLs buildRequest returns", () => {
  const request = new Client().buildRequest("link.get", new AuthorizerToken("wxofficial00000001", "AAT_S3CR3T"), {});
  assert.ok(request.url.includes("AAT_S3CR3T"));
  assert.equal(redactUrl(request.url), "https://api.weixin.qq.com/cgi-bin/wxopen/wxamplinkget?access_token=***");
  const pre = new Client().buildRequest("component.preauthcode", CAT, { componentAppid: "wxcomponent0000001" });
  assert.ok(!redactUrl(pre.url).includes("S3CR3T"));
});
