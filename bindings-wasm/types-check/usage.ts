// Compiled by `tsc --noEmit` in the test command: the declarations must type real usage, and
// the lines marked @ts-expect-error must stay errors (wrong token kind, missing field).
import {
  ApiError,
  AuthorizerToken,
  Client,
  ComponentToken,
  InvalidArgument,
  explainErrcode,
  type OpenAccount,
} from "../js/index.js";

async function usage(): Promise<void> {
  const client = new Client({ apiBase: "http://127.0.0.1:8080" });
  const token = new AuthorizerToken("wxmerchant0000001", "AAT");
  const account: OpenAccount = await client.openGet(token);
  const appid: string = account.openAppid;
  await client.openBind(token, { openAppid: appid });
  // @ts-expect-error: openBind takes an authorizer token
  await client.openBind(new ComponentToken("CAT"), { openAppid: appid });
  // @ts-expect-error: openAppid is required
  await client.openBind(token, {});
  try {
    await client.openHave(token);
  } catch (e) {
    if (e instanceof ApiError) console.log(e.errcode, e.category, e.hint);
    if (e instanceof InvalidArgument) console.log(e.field, e.rule);
  }
  const explained = explainErrcode(89002);
  console.log(explained.meaningZh);
}
void usage;

import { Webhook, type CryptoProvider, type WebhookEvent } from "../js/index.js";

export function handle(query: URLSearchParams, body: Uint8Array, provider?: CryptoProvider): string {
  const hook = new Webhook({ token: "t", encodingAesKey: "k".repeat(43), componentAppid: "wx1", crypto: provider ?? "auto" });
  const where: "node" | "pure" | "custom" = hook.crypto;
  void where;
  const event: WebhookEvent = hook.parse(query, body);
  switch (event.type) {
    case "component_verify_ticket":
      return event.ticket;
    case "authorized":
    case "update_authorized":
      return event.authorizationCode;
    case "fast_register":
      return event.info?.form === "task" ? event.info.taskid : String(event.status);
    case "other": {
      const infoType = event.fields["InfoType"];
      return typeof infoType === "string" ? infoType : "";
    }
    default:
      return event.componentAppid;
  }
}

import {
  type ComponentTokenGrant,
  type RegistrationTask,
  type Status,
  describeStatus,
  operations,
  redactUrl,
} from "../js/index.js";

export async function registration(): Promise<string[]> {
  const client = new Client();
  const grant: ComponentTokenGrant = await client.componentToken({
    componentAppid: "wxcomponent0000001",
    componentAppsecret: "secret",
    componentVerifyTicket: "ticket@@@x",
  });
  const cat = new ComponentToken(grant.componentAccessToken);
  const task: RegistrationTask = await client.registerEnterprise(cat, {
    name: "深圳市示例科技有限公司",
    code: "91440300MA5G8XXX1B",
    codeType: 1,
    legalPersonaOpenid: "oLegalPerson0000000000000001",
    legalPersonaName: "张三",
  });
  const status: Status | undefined = task.status;
  // @ts-expect-error: registerEnterprise takes a component token
  await client.registerEnterprise(new AuthorizerToken("wxa", "AAT"), { name: "n", code: "c", codeType: 1, legalPersonaOpenid: "o", legalPersonaName: "p" });
  // @ts-expect-error: legalPersonaOpenid is required
  await client.registerEnterprise(cat, { name: "n", code: "c", codeType: 1, legalPersonaName: "p" });
  // @ts-expect-error: codeType is 1, 2 or 3
  await client.registerEnterprise(cat, { name: "n", code: "c", codeType: 4, legalPersonaOpenid: "o", legalPersonaName: "p" });
  const pageUrl: string = client.fastregisterAuthUrl({
    appid: "wxofficial00000001",
    componentAppid: "wxcomponent0000001",
    copyWxVerify: true,
    redirectUri: "https://platform.example.com/cb",
  });
  const loginUrl: string = client.componentLoginUrl({
    componentAppid: "wxcomponent0000001",
    preAuthCode: "preauthcode@@@x",
    redirectUri: "https://platform.example.com/cb",
    authType: 2,
    categoryIdList: [17, 18],
  });
  const auth = await client.queryAuth(cat, { componentAppid: "wxcomponent0000001", authorizationCode: "code" });
  const aat = new AuthorizerToken(auth.authorizationInfo.authorizerAppid, auth.authorizationInfo.authorizerAccessToken);
  const links = await client.linkGet(aat);
  const linked: string[] = (links.wxopens?.items ?? []).filter((m) => m.status === 1).map((m) => m.appid ?? "");
  await client.link(aat, { appid: "wxminiprog00000001", notifyUsers: true, showProfile: 0 });
  // @ts-expect-error: link takes the official account's authorizer token
  await client.link(cat, { appid: "wxminiprog00000001", notifyUsers: true, showProfile: 0 });
  await client.verifyBeta(aat, {
    verifyInfo: {
      enterpriseName: "深圳市示例科技有限公司",
      code: "91440300MA5G8XXX1B",
      codeType: 1,
      legalPersonaWechat: "zhangsan_wx",
      legalPersonaName: "张三",
      legalPersonaIdcard: "440301199001011234",
      componentPhone: "13800000000",
    },
  });
  // @ts-expect-error: startPushTicket takes no token
  await client.startPushTicket(cat, { componentAppid: "wx", componentSecret: "s" });
  const request = client.buildRequest("register.enterprise", cat, { name: "n" });
  const pages = operations().filter((op) => op.kind === "page").map((op) => op.js);
  const meaning = status === undefined ? "" : describeStatus("task", status).meaningZh;
  // Unmodelled fields are reachable, typed unknown.
  const unmodelled: unknown = grant["newField"];
  return [meaning, String(unmodelled), pageUrl, loginUrl, ...linked, redactUrl(request.url), ...pages, grant.toObject().componentAccessToken];
}

import { AppidConflictError, ERROR_CODES, QUERY_KEYS, Result, isSecretField } from "../js/index.js";

export function oneRuleOnePlace(e: unknown): string[] {
  if (e instanceof AppidConflictError) return [e.code];
  const codes: string[] = ERROR_CODES.map((c) => c.code);
  const secret: boolean = isSecretField("AuthorizationCode");
  const r: Result | null = null;
  return [...codes, ...QUERY_KEYS, String(secret), String(r)];
}

import { SUCCESS, type ReleaseCheck, type WebhookMessage, textReply } from "../js/index.js";

/** The message URL: `/wechat/:appid/callback`. */
export async function messagePush(appid: string, query: URLSearchParams, body: Uint8Array, client: Client, cat: ComponentToken): Promise<string> {
  const hook = new Webhook({ token: "t", encodingAesKey: "k".repeat(43), componentAppid: "wx1" });
  const message: WebhookMessage = hook.parseMessage(appid, query, body);
  const key: string = message.dedupKey;
  const id: string | undefined = message.msgId;
  void key;
  void id;
  const check: ReleaseCheck | null = hook.releaseCheck(message, { nonce: "1" });
  if (check !== null) {
    if (check.followUp) await check.followUp.run(client, cat);
    return check.body;
  }
  switch (message.type) {
    case "text":
      return hook.replyText(message, `got ${message.content ?? ""}`, { nonce: "1" });
    case "weapp_audit_fail":
      return message.reason ?? "";
    case "component_event":
      return message.componentEvent.type === "icp_filing_result" ? String(message.componentEvent.beianStatus) : "";
    case "other":
      return Object.keys(message.fields).join();
    default:
      return textReply(message, "x").length > 0 ? SUCCESS : "";
  }
}

/** The message URL on a Platform: its keys and clock, the release check run on its tokens. */
export async function platformMessagePush(platform: Platform, appid: string, query: URLSearchParams, body: Uint8Array): Promise<string> {
  const message: WebhookMessage = await platform.handleMessage(appid, query, body);
  const check: ReleaseCheck | null = await platform.releaseCheck(message, { nonce: "1", anyAccount: false });
  if (check !== null) {
    if (check.followUp) await check.followUp.run(platform);
    return check.body;
  }
  // The nonce is optional on a Platform (drawn at random), its type still checked.
  await platform.replyText(message, "hi");
  // @ts-expect-error: a nonce is a string
  await platform.replyText(message, "hi", { nonce: 1 });
  return platform.replyText(message, "hi", { nonce: "1" });
}

export const quietPlatform = (store: Store): Platform =>
  new Platform({ componentAppid: "wx1", componentAppsecret: "s", token: "t", encodingAesKey: "k".repeat(43), store, webhookMaxAge: null });

export async function customMessage(client: Client, aat: AuthorizerToken): Promise<void> {
  await client.sendCustomMessage(aat, { touser: "o1", msgtype: "text", text: { content: "hi" } });
  // @ts-expect-error: touser is required
  await client.sendCustomMessage(aat, { msgtype: "text", text: { content: "hi" } });
  // @ts-expect-error: the customer-service API takes the account's authorizer token
  await client.sendCustomMessage(new ComponentToken("CAT"), { touser: "o1", msgtype: "text" });
}

import { Authorizer, MemoryStore, Platform, type PlatformEvent, type Store } from "../js/index.js";

export async function managed(query: URLSearchParams, body: Uint8Array): Promise<string[]> {
  const events: PlatformEvent[] = [];
  const store: Store = new MemoryStore();
  const platform = new Platform({
    componentAppid: "wxcomponent0000001",
    componentAppsecret: "secret",
    token: "t",
    encodingAesKey: "k".repeat(43),
    store,
    readOnly: false,
    policy: { refreshMarginMs: 300_000 },
    onEvent: (e) => {
      events.push(e);
      if (e.kind === "authorizer_token_refreshed") console.log(e.authorizerAppid, e.refreshTokenRotated);
    },
  });
  const event = await platform.handle(query, body);
  const { authorizerAppid, exchanged } = await platform.authorize("queryauthcode@@@x");
  const beta = await platform.registerBeta({ name: "Trial shop", openid: "o_abc" });
  const pre = await platform.createPreauthcode();
  const url: string = platform.componentLoginUrl({ preAuthCode: pre.preAuthCode, redirectUri: "https://platform.example.com/cb" });
  const merchant: Authorizer = platform.authorizer(authorizerAppid);
  await merchant.openBind({ openAppid: "wxopen123" });
  const token = await merchant.accessToken();
  const expires: number | undefined = token.expiresAtMs;
  // @ts-expect-error: the platform obtains the token itself
  await merchant.openBind(token, { openAppid: "wxopen123" });
  // @ts-expect-error: authorizer operations are on platform.authorizer(appid)
  await platform.openBind({ openAppid: "wxopen123" });
  // @ts-expect-error: component operations are on the platform
  await merchant.registerBeta({ name: "Trial shop", openid: "o_abc" });
  // @ts-expect-error: the driver exchanges codes itself (platform.authorize)
  await platform.queryAuth({ authorizationCode: "x" });
  // @ts-expect-error: name is required
  await platform.registerBeta({ openid: "o_abc" });
  const status = await platform.authorizerStatus(authorizerAppid);
  return [event.type, String(exchanged), beta.uniqueId, url, String(expires), status ?? "unknown", String(events.length)];
}

import * as wx from "../js/index.js";

// The platform: the client's operations without a token (the driver obtains it); the fields
// the driver fills with the platform's identity are optional.
export async function platformUsage(options: wx.PlatformOptions): Promise<string[]> {
  const platform = new wx.Platform(options);
  const preauth = await platform.createPreauthcode();
  const loginUrl: string = platform.componentLoginUrl({
    preAuthCode: preauth.preAuthCode,
    redirectUri: "https://platform.example.com/cb",
  });
  const beta = await platform.registerBeta({ name: "Trial shop", openid: "oUser0001" });
  const info = await platform.getAuthorizerInfo({ authorizerAppid: "wxmerchant0000001" });
  await platform.clearQuotaV2();
  await platform.clearQuota({});
  const quota = await platform.getApiQuota({ cgiPath: "/cgi-bin/component/api_component_token" });
  const remain: number = quota.quota.remain;
  const merchant: wx.Authorizer = platform.authorizer("wxmerchant0000001");
  await merchant.openBind({ openAppid: "wxopen123" });
  const account = await merchant.openGet();
  const links = await merchant.linkGet();
  const task = await merchant.registerByReuseOa({ ticket: "ticket" });
  // @ts-expect-error: openAppid is a string
  await merchant.openBind({ openAppid: 123 });
  // @ts-expect-error: openAppid is required
  await merchant.openBind({});
  // @ts-expect-error: registerBeta needs openid
  await platform.registerBeta({ name: "Trial shop" });
  // @ts-expect-error: codeType is 1, 2 or 3
  await platform.registerEnterprise({ name: "n", code: "c", codeType: 4, legalPersonaOpenid: "o", legalPersonaName: "p" });
  // @ts-expect-error: no token argument on the platform
  await platform.createPreauthcode(new ComponentToken("CAT"));
  // @ts-expect-error: the driver mints the component token itself
  await platform.componentToken({ componentAppid: "wx", componentAppsecret: "s", componentVerifyTicket: "t" });
  // @ts-expect-error: authorization codes go through the platform's own intake
  await platform.queryAuth({ authorizationCode: "code" });
  // @ts-expect-error: authorizer operations are on platform.authorizer(appid)
  await platform.openGet();
  // @ts-expect-error: no token argument on an authorizer
  await merchant.openBind(new AuthorizerToken("wxmerchant0000001", "AAT"), { openAppid: "wxopen123" });
  // @ts-expect-error: a page URL is a string, not a promise
  const notPromise: Promise<string> = platform.rebindAdminUrl({ appid: "wxmini", componentAppid: "wxcomponent0000001", redirectUri: "https://platform.example.com/cb" });
  return [loginUrl, beta.uniqueId, info.authorizerInfo.nickName ?? "", String(remain), account.openAppid, String(links.wxopens?.items?.length ?? 0), task.appid, String(notPromise)];
}

import { validate, type Validation } from "../js/index.js";

export function check(name: string): string {
  const v: Validation = validate("register.beta", { name, openid: "o_admin" });
  if (v.ok) {
    const method: "GET" | "POST" = v.method;
    return `${method} ${v.url} ${v.body}`;
  }
  const error: InvalidArgument = v.error;
  // @ts-expect-error: a refused input has no body
  void v.body;
  return `${v.field} (${v.wireField}): ${v.rule} ${error.message}`;
}

// Registration tasks: the registrations' `task`, and `platform.tasks`.
export async function tasksUsage(platform: wx.Platform): Promise<string[]> {
  const reg = await platform.registerBeta({ name: "Trial shop", openid: "oUser0001" });
  const uniqueId: string = reg.uniqueId;
  const task: wx.Task | undefined = reg.task;
  const legacy = await platform.registerEnterpriseLegacy({
    name: "某某科技有限公司",
    code: "91110000000000000X",
    codeType: 1,
    legalPersonaWechat: "zhangsan_wx",
    legalPersonaName: "张三",
  });
  const legacyId: string | undefined = legacy.task?.id;
  const updates: (wx.TaskWaitingEvent | wx.Task)[] = [];
  const done = await platform.tasks.wait(task?.id ?? "", { timeoutMs: 60_000, progress: (u) => { updates.push(u); } });
  await platform.tasks.wait(done.id, { timeoutMs: null, progress: true });
  const state: wx.TaskState = done.state;
  const status: number | undefined = done.status;
  const meaning = done.statusKind && done.statusKind !== "errcode" && status !== undefined ? wx.describeStatus(done.statusKind, status).meaning : done.meaning;
  const listed: wx.Task[] = await platform.tasks.list({ kind: "beta", state: "succeeded", limit: 10 });
  const maybe: wx.Task | undefined = await platform.tasks.get("beta:u1");
  const again: wx.Task = await platform.tasks.reconcile("task:p1");
  // @ts-expect-error: not a task state
  await platform.tasks.list({ state: "done" });
  return [uniqueId, legacyId ?? "", state, meaning, String(listed.length), String(maybe?.settled), again.nextStep, String(done)];
}

/** Rehearsing 全网发布 against the sandbox (wxopen/testing): the report's cases are typed. */
export async function rehearseRelease(sb: import("../js/testing.js").Sandbox): Promise<string[]> {
  const report: import("../js/testing.js").ReleaseReport = await sb.releaseCheck({ group: 1, account: "mini_program", cases: ["ticket", "query_auth_code"] });
  const sent: unknown[] = await sb.messages({ appid: report.appid });
  // @ts-expect-error: not a case of the check
  await sb.releaseCheck({ cases: ["event"] });
  return [String(report.passed), String(sent.length), ...report.cases.map((c) => c.reason ?? c.got ?? c.expected)];
}
