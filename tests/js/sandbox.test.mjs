// The sandbox (wxopen-sandbox from its wheel, on the PATH) driven by the wxopen Client over
// real HTTP, with pushes received by `wxopen/testing`'s PushReceiver; and node `wechat-crypto`,
// unchanged, decrypting a sandbox push.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import WXBizMsgCrypt from "wechat-crypto";
import { ApiError, AuthorizerToken, ComponentToken } from "wxopen";
import { Sandbox, SandboxError, findBinary } from "wxopen/testing";

const OA = "wxa11ce0000000000a";
let sb;
before(async () => { sb = await Sandbox.start({ startTime: 1790000000, seed: 5 }); });
after(async () => { await sb?.stop(); });

async function componentToken(client, hook) {
  await client.startPushTicket({ componentAppid: sb.appid, componentSecret: sb.secret });
  const { ticket } = await hook.waitFor("component_verify_ticket", hook.of("component_verify_ticket").length + 1);
  const grant = await client.componentToken({ componentAppid: sb.appid, componentAppsecret: sb.secret, componentVerifyTicket: ticket });
  assert.equal(grant.expiresIn, 7200);
  return new ComponentToken(grant.componentAccessToken);
}

test("component token from a pushed ticket, then the authorization flow", async () => {
  const client = sb.client();
  const hook = await sb.receiver();
  const cat = await componentToken(client, hook);
  const { preAuthCode } = await client.createPreauthcode(cat, { componentAppid: sb.appid });
  const url = client.componentLoginUrl({ componentAppid: sb.appid, preAuthCode, redirectUri: "http://127.0.0.1/authorized" });
  assert.ok(url.startsWith(`${sb.baseUrl}/cgi-bin/componentloginpage?`), url);
  const redirect = await sb.confirmPage(url, { appid: OA });
  const code = new URL(redirect).searchParams.get("auth_code");
  const pushed = await hook.waitFor("authorized");
  assert.equal(pushed.authorizerAppid, OA);
  assert.equal(pushed.authorizationCode, code);

  const { authorizationInfo: auth } = await client.queryAuth(cat, { componentAppid: sb.appid, authorizationCode: code });
  const token = new AuthorizerToken(auth.authorizerAppid, auth.authorizerAccessToken);
  assert.equal((await client.openHave(token)).haveOpen, false);
  await assert.rejects(client.queryAuth(cat, { componentAppid: sb.appid, authorizationCode: code }), (e) => e instanceof ApiError && e.errcode === 61009);

  await sb.revoke(OA);
  assert.equal((await hook.waitFor("unauthorized")).authorizerAppid, OA);
  await assert.rejects(client.openHave(token), (e) => e instanceof ApiError && e.errcode === 61003);
});

test("a trial registration and its push", async () => {
  const client = sb.client();
  const hook = await sb.receiver();
  const cat = await componentToken(client, hook);
  const reg = await client.registerBeta(cat, { name: "咖啡体验店", openid: "oTrialUser0000000000000000002" });
  await sb.act(reg.uniqueId);
  const result = await hook.waitFor("fast_register_beta");
  assert.equal(result.status, 0);
  assert.equal(result.info.uniqueId, reg.uniqueId);
  const auth = hook.of("authorized").find((a) => a.authorizerAppid === result.appid)
    ?? await hook.waitFor("authorized");
  assert.equal(auth.authorizerAppid, result.appid);
  const { authorizationInfo } = await client.queryAuth(cat, { componentAppid: sb.appid, authorizationCode: auth.authorizationCode });
  const trial = new AuthorizerToken(authorizationInfo.authorizerAppid, authorizationInfo.authorizerAccessToken);
  await client.renameBeta(trial, { name: "新咖啡体验店" });
  await assert.rejects(client.renameBeta(trial, { name: "微信咖啡店" }), (e) => e.errcode === 86011);
});

test("the manual clock expires tokens; control errors are SandboxError", async () => {
  const client = sb.client();
  const hook = await sb.receiver();
  const cat = await componentToken(client, hook);
  const before = await sb.now();
  assert.equal(await sb.advance(7200), before + 7200);
  await assert.rejects(client.createPreauthcode(cat, { componentAppid: sb.appid }), (e) => e.errcode === 42001);
  await assert.rejects(sb.act("no-such-task"), (e) => e instanceof SandboxError && e.status === 404);
  assert.ok(findBinary().endsWith("wxopen-sandbox"));
});

test("node wechat-crypto decrypts a sandbox push", async () => {
  const hook = await sb.receiver();
  await sb.control("POST", `/sandbox/platforms/${sb.appid}/ticket`);
  await hook.waitFor("component_verify_ticket", hook.of("component_verify_ticket").length + 1);
  const push = (await sb.pushes({ kind: "component_verify_ticket" })).at(-1);
  const q = new URLSearchParams(push.query);
  const encrypt = /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(push.body)[1];
  const crypto = new WXBizMsgCrypt(sb.token, sb.encodingAesKey, sb.appid);
  assert.equal(crypto.getSignature(q.get("timestamp"), q.get("nonce"), encrypt), q.get("msg_signature"));
  const { message, id } = crypto.decrypt(encrypt);
  assert.equal(id, sb.appid);
  const { ticket } = await sb.control("GET", `/sandbox/platforms/${sb.appid}`);
  assert.ok(message.includes(`<ComponentVerifyTicket><![CDATA[${ticket}]]></ComponentVerifyTicket>`), message);
});
