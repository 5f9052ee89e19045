// The browser page (examples/browser) in headless Chromium (Debian's), driven by playwright-core:
// served by examples/browser/serve.mjs on 127.0.0.1 with the packed npm package, every request
// to another host refused. What the page shows is compared with what the same package says in
// Node — the page must add no rule of its own. tests/browser/page/run.sh sets the paths.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const PAGE_DIR = process.env.WXOPEN_PAGE_DIR;
const PACKAGE_DIR = process.env.WXOPEN_PACKAGE_DIR;
const ARTIFACTS = process.env.WXOPEN_ARTIFACTS;
if (!PAGE_DIR || !PACKAGE_DIR || !ARTIFACTS) throw new Error("run through tests/browser/page/run.sh");
const wxopen = await import(pathToFileURL(join(PACKAGE_DIR, "dist", "index.mjs")).href);
const client = new wxopen.Client();

const USCC = "91440300MA5FXXXX1X";
const PRE_AUTH = "preauthcode@@@S3CR3T_pre";
const API_KEY = "KEY_S3CR3T_backend";

let server;
let browser;
let page;
let origin;
const problems = []; // console errors and warnings, page errors, failed requests
const offsite = []; // requests to anything but the page's own server

before(async () => {
  server = spawn(process.execPath, [join(PAGE_DIR, "serve.mjs"), "--port", "0", "--package", PACKAGE_DIR], { stdio: ["ignore", "pipe", "inherit"] });
  origin = await new Promise((resolve, reject) => {
    server.once("exit", (code) => reject(new Error(`serve.mjs exited with ${code}`)));
    server.stdout.once("data", (chunk) => resolve(/serving (http:\/\/127\.0\.0\.1:\d+)\//.exec(String(chunk))[1]));
  });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.origin === origin || url.protocol === "data:") return route.continue();
    offsite.push(url.href);
    return route.abort();
  });
  page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(`${origin}/`);
  await page.waitForSelector("html[data-ready='1']", { timeout: 20000 });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

const text = (selector) => page.locator(selector).innerText();
/** What the page writes under a field for the core's error (`wireField → rule`). */
const fieldMessage = (error) => `${error.wireField} → ${error.rule}`;
/** The core's error of a page-URL builder in Node, or undefined when it builds. */
function urlError(build) {
  try {
    build();
    return undefined;
  } catch (e) {
    assert.ok(e instanceof wxopen.InvalidArgument, String(e));
    return e;
  }
}

test("loads from the static server: the core is running in the page", async () => {
  assert.match(await text("#core-status"), new RegExp(`core is loaded \\(${wxopen.operations().length} operations\\)`));
  // The import map is what the page imports "wxopen/lite" (the smaller wasm module) through.
  assert.equal(await page.evaluate(() => JSON.parse(document.querySelector('script[type="importmap"]').textContent).imports["wxopen/lite"]), "./node_modules/wxopen/dist/lite.mjs");
});

test("enterprise: a bad unified social credit code shows the core's message and keeps submit disabled", async () => {
  await page.fill("#ent-name", "深圳市某某科技有限公司");
  await page.selectOption("#ent-code-type", "1");
  await page.fill("#ent-openid", "o_legal_person_01");
  await page.fill("#ent-person", "张三");
  await page.locator("#ent-code").pressSequentially(USCC.slice(0, 17));
  const args = { name: "深圳市某某科技有限公司", codeType: "1", code: USCC.slice(0, 17), legalPersonaOpenid: "o_legal_person_01", legalPersonaName: "张三" };
  const expected = wxopen.validate("register.enterprise", args);
  assert.equal(expected.ok, false);
  assert.equal(expected.wireField, "code");
  assert.equal(await text("#ent-code-msg"), fieldMessage(expected));
  assert.match(await text("#ent-code-msg"), /18 letters or digits/);
  assert.equal(await page.getAttribute("#ent-code", "aria-invalid"), "true");
  assert.equal(await page.isDisabled("#form-enterprise .submit"), true);
  assert.equal(await page.isVisible("#form-enterprise .preview"), false);
  assert.equal(await text("#form-enterprise .verdict"), `Refused by the core: ${expected.message}`);
  await page.screenshot({ path: join(ARTIFACTS, "page-refused.png"), fullPage: true });
});

test("enterprise: fixing the code enables submit and shows the exact request body", async () => {
  await page.locator("#ent-code").pressSequentially(USCC.slice(17));
  const args = { name: "深圳市某某科技有限公司", codeType: "1", code: USCC, legalPersonaOpenid: "o_legal_person_01", legalPersonaName: "张三" };
  const expected = wxopen.validate("register.enterprise", args);
  assert.equal(expected.ok, true);
  assert.equal(await text("#ent-code-msg"), "");
  assert.equal(await page.getAttribute("#ent-code", "aria-invalid"), "false");
  assert.equal(await page.isEnabled("#form-enterprise .submit"), true);
  assert.equal(await page.locator("#form-enterprise .request-body").textContent(), expected.body);
  assert.equal(await text("#form-enterprise .request-line"), `POST ${expected.url}`);
  assert.equal(expected.url, "https://api.weixin.qq.com/wxa/component/fastregisterenterpriseweapp?access_token=***");
  assert.match(expected.body, /"code_type":1,.*"new_version":true\}$/);
  // Another kind of code makes the same text wrong again.
  await page.selectOption("#ent-code-type", "2");
  const org = wxopen.validate("register.enterprise", { ...args, codeType: "2" });
  assert.equal(await text("#ent-code-msg"), fieldMessage(org));
  assert.equal(await page.isDisabled("#form-enterprise .submit"), true);
  await page.selectOption("#ent-code-type", "1");
  // A blank optional phone is refused (omit it instead), and clearing it is accepted again.
  await page.fill("#ent-phone", " ");
  const phone = wxopen.validate("register.enterprise", { ...args, componentPhone: " " });
  assert.equal(await text("#ent-phone-msg"), fieldMessage(phone));
  await page.fill("#ent-phone", "");
  assert.equal(await page.isEnabled("#form-enterprise .submit"), true);
});

test("enterprise: without a back end, Register shows what would be sent; with one, it posts the form", async () => {
  await page.click("#form-enterprise .submit");
  assert.match(await text("#form-enterprise .answer"), /No back end is set/);

  const received = [];
  await page.route(`${origin}/backend/**`, async (route) => {
    const request = route.request();
    received.push({ url: request.url(), method: request.method(), headers: request.headers(), body: request.postData() });
    const answer = received.length === 1 ? { errcode: 0, taskid: "task_e_0001", authorize_url: "https://mp.weixin.qq.com/wxopen/authorize?task=1", status: 0, component_access_token: "CAT_S3CR3T_leaked" } : { errcode: 89249, errmsg: "task running" };
    // (An error status would be fine for the page, but Chromium logs every one as a console
    // error, which the last test forbids.)
    await route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(answer) });
  });
  await page.click("details.backend summary");
  await page.fill("#backend-url", `${origin}/backend`);
  await page.fill("#backend-key", API_KEY);
  await page.click("#form-enterprise .submit");
  await page.waitForSelector("#form-enterprise .answer a");
  assert.equal(received.length, 1);
  assert.equal(received[0].method, "POST");
  assert.equal(new URL(received[0].url).pathname, "/backend/api/miniprogram/register/enterprise");
  assert.equal(received[0].headers["x-api-key"], API_KEY);
  assert.deepEqual(JSON.parse(received[0].body), { name: "深圳市某某科技有限公司", code_type: "1", code: USCC, legal_persona_openid: "o_legal_person_01", legal_persona_name: "张三" });
  const answer = await text("#form-enterprise .answer");
  assert.match(answer, /HTTP 200/);
  assert.match(answer, /task_e_0001/);
  assert.ok(!answer.includes("CAT_S3CR3T"), "a credential in the answer is masked");
  assert.equal(await page.getAttribute("#form-enterprise .answer a", "href"), "https://mp.weixin.qq.com/wxopen/authorize?task=1");

  await page.click("#form-enterprise .submit");
  await page.waitForFunction(() => /89249/.test(document.querySelector("#form-enterprise .answer").innerText) && !/Sending/.test(document.querySelector("#form-enterprise .answer").innerText));
  const explained = wxopen.explainErrcode(89249, "register.enterprise");
  assert.match(await text("#form-enterprise .answer"), new RegExp(`errcode 89249: ${explained.meaning.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  assert.ok((await text("#form-enterprise .answer")).includes(explained.meaningZh));
  await page.unroute(`${origin}/backend/**`);
  await page.fill("#backend-url", "");
  await page.click("details.backend summary");
});

test("trial: the core's name rules (4–30 characters, counted as characters)", async () => {
  // Keyboard: the tabs follow the WAI-ARIA pattern.
  await page.focus("#tab-enterprise");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.getAttribute("#tab-trial", "aria-selected"), "true");
  assert.equal(await page.evaluate(() => document.activeElement.id), "tab-trial");
  assert.equal(await page.isVisible("#form-trial"), true);
  assert.equal(await page.isVisible("#form-enterprise"), false);

  await page.fill("#tri-openid", "o_admin_0001");
  for (const name of ["abc", "试用小店", "体验小程序名称超长".repeat(4).slice(0, 31), "x".repeat(30), "   "]) {
    await page.fill("#tri-name", name);
    const expected = wxopen.validate("register.beta", { name, openid: "o_admin_0001" });
    assert.equal(await page.isEnabled("#form-trial .submit"), expected.ok, name);
    if (expected.ok) {
      assert.equal(await text("#tri-name-msg"), "");
      assert.equal(await page.locator("#form-trial .request-body").textContent(), expected.body);
      assert.equal(JSON.parse(expected.body).name, name);
    } else {
      assert.equal(expected.wireField, "name");
      assert.equal(await text("#tri-name-msg"), fieldMessage(expected));
    }
  }
  assert.match(wxopen.validate("register.beta", { name: "abc", openid: "o" }).rule, /4–30 characters \(got 3\)/);
  assert.equal(wxopen.validate("register.beta", { name: "试用小店", openid: "o" }).ok, true);
  await page.fill("#tri-name", "试用小店");
});

test("personal: the 2026 flag and a WeChat ID with a space", async () => {
  await page.click("#tab-personal");
  await page.fill("#per-idname", "李四");
  await page.fill("#per-wxuser", "li si");
  const spaced = wxopen.validate("register.personal", { idname: "李四", wxuser: "li si", newVersion: true });
  assert.equal(spaced.wireField, "wxuser");
  assert.equal(await text("#per-wxuser-msg"), fieldMessage(spaced));
  await page.fill("#per-wxuser", "lisi_wx");
  const fresh = wxopen.validate("register.personal", { idname: "李四", wxuser: "lisi_wx", newVersion: true });
  assert.equal(await page.locator("#form-personal .request-body").textContent(), fresh.body);
  assert.match(fresh.body, /"new_version":true/);
  await page.uncheck("#per-new");
  const legacy = wxopen.validate("register.personal", { idname: "李四", wxuser: "lisi_wx", newVersion: false });
  assert.equal(await page.locator("#form-personal .request-body").textContent(), legacy.body);
  assert.ok(!legacy.body.includes("new_version"));
  assert.equal(await text("#form-personal .request-line"), `POST ${legacy.url}`);
  await page.check("#per-new");
  await page.click("#tab-enterprise");
});

test("the authorization links update as you type and are exactly what the core builds", async () => {
  const args = { componentAppid: "wxc0ffee0000000001", preAuthCode: PRE_AUTH };
  await page.fill("#page-component", args.componentAppid);
  await page.fill("#auth-code", PRE_AUTH);
  const check = async (expectedArgs) => {
    const pcError = urlError(() => client.componentLoginUrl(expectedArgs));
    if (pcError) {
      assert.equal(await page.isVisible("#link-pc a.open"), false);
      assert.equal(await text("#link-pc .verdict"), `Refused by the core: ${pcError.message}`);
      return pcError;
    }
    const pc = client.componentLoginUrl(expectedArgs);
    const mobile = client.bindComponentUrl(expectedArgs);
    assert.equal(await page.getAttribute("#link-pc a.open", "href"), pc);
    assert.equal(await page.getAttribute("#link-mobile a.open", "href"), mobile);
    assert.equal(await text("#link-pc .url code"), wxopen.redactUrl(pc));
    assert.equal(await text("#link-mobile .url code"), wxopen.redactUrl(mobile));
    assert.ok(!(await text("#link-pc .url code")).includes("S3CR3T"));
    return undefined;
  };
  // Keystroke by keystroke: refused while the URL has no host, built once it has one.
  await page.locator("#auth-redirect").pressSequentially("https://");
  const noHost = await check({ ...args, redirectUri: "https://" });
  assert.equal(noHost?.wireField, "redirect_uri");
  assert.equal(await text("#auth-redirect-msg"), fieldMessage(noHost));
  await page.locator("#auth-redirect").pressSequentially("p");
  assert.equal(await check({ ...args, redirectUri: "https://p" }), undefined);
  await page.locator("#auth-redirect").pressSequentially(".example.com/cb?from=page");
  const full = { ...args, redirectUri: "https://p.example.com/cb?from=page" };
  assert.equal(await check(full), undefined);
  assert.equal(await text("#auth-redirect-msg"), "");

  await page.selectOption("#auth-type", "2");
  await page.fill("#auth-biz", "wxa11ce0000000000b");
  await page.fill("#auth-categories", "17|18, 19");
  const all = { ...full, authType: "2", bizAppid: "wxa11ce0000000000b", categoryIdList: ["17", "18", "19"] };
  assert.equal(await check(all), undefined);
  assert.match(client.componentLoginUrl(all), /auth_type=2&biz_appid=wxa11ce0000000000b&category_id_list=17%7C18%7C19$/);
  // A permission-set id the core refuses names the element.
  await page.fill("#auth-categories", "17|0");
  const zero = await check({ ...all, categoryIdList: ["17", "0"] });
  assert.equal(zero.wireField, "category_id_list[1]");
  assert.equal(await text("#auth-categories-msg"), fieldMessage(zero));
  await page.fill("#auth-categories", "17|18");
  await page.fill("#auth-redirect", "ftp://p.example.com/cb");
  const ftp = await check({ ...all, categoryIdList: ["17", "18"], redirectUri: "ftp://p.example.com/cb" });
  assert.equal(await text("#auth-redirect-msg"), fieldMessage(ftp));
  assert.equal(await page.getAttribute("#auth-redirect", "aria-invalid"), "true");
  await page.fill("#auth-redirect", full.redirectUri);
  assert.equal(await check({ ...all, categoryIdList: ["17", "18"] }), undefined);
});

test("the reuse-OA page URL is built as you type", async () => {
  await page.fill("#oa-appid", "wxa11ce0000000000a");
  await page.fill("#oa-redirect", "https://p.example.com/reuse");
  const base = { componentAppid: "wxc0ffee0000000001", appid: "wxa11ce0000000000a", redirectUri: "https://p.example.com/reuse" };
  const missing = urlError(() => client.fastregisterAuthUrl(base));
  assert.equal(missing.wireField, "copy_wx_verify");
  assert.equal(await text("#oa-verify-msg"), `${fieldMessage(missing)}`);
  await page.selectOption("#oa-verify", "1");
  const url = client.fastregisterAuthUrl({ ...base, copyWxVerify: "1" });
  assert.equal(await page.getAttribute("#link-reuse a.open", "href"), url);
  assert.equal(await text("#link-reuse .url code"), url);
  assert.equal(await text("#oa-verify-msg"), "");
});

test("errcode explainer: meaning in English and Chinese, category, retryable, hint", async () => {
  for (const [code, op] of [["89249", ""], ["61004", "component.api_component_token"], ["-1", ""], ["99999999", ""]]) {
    await page.selectOption("#errcode-op", op);
    await page.fill("#errcode", code);
    const x = wxopen.explainErrcode(code, op || undefined);
    assert.equal(await text('dd[data-key="meaning"]'), x.meaning);
    assert.equal(await page.getAttribute(".explanation", "data-known"), String(x.known));
    assert.equal(await text('dd[data-key="meaningZh"]'), x.meaningZh);
    assert.equal(await text('dd[data-key="category"]'), x.category);
    assert.equal(await text('dd[data-key="retryable"]'), x.retryable ? "yes" : "no");
    assert.equal(await text('dd[data-key="hint"]'), x.hint);
  }
  assert.equal(wxopen.explainErrcode(89249).known, true);
  assert.equal(wxopen.explainErrcode(61004).known, true);
  await page.fill("#errcode", "abc");
  assert.equal(await page.isVisible(".explanation"), false);
  let thrown;
  try {
    wxopen.explainErrcode("abc");
  } catch (e) {
    thrown = e;
  }
  assert.equal(await text("#errcode-msg"), thrown.message);
  await page.selectOption("#errcode-op", "");
  await page.fill("#errcode", "89249");
});

test("secrets are never displayed; every control has a label", async () => {
  const shown = await page.evaluate(() => document.body.innerText);
  assert.ok(!shown.includes("S3CR3T"), "no credential in the page's text");
  assert.equal(await page.getAttribute("#auth-code", "type"), "password");
  assert.equal(await page.getAttribute("#backend-key", "type"), "password");
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll("input, select")].filter((c) => c.labels.length === 0).map((c) => c.id));
  assert.deepEqual(unlabelled, []);
  const dangling = await page.evaluate(() =>
    [...document.querySelectorAll("[aria-describedby]")].flatMap((c) => c.getAttribute("aria-describedby").split(" ").filter((id) => !document.getElementById(id))),
  );
  assert.deepEqual(dangling, []);
  await page.screenshot({ path: join(ARTIFACTS, "page.png"), fullPage: true });
});

test("no console error, no page error, no request off 127.0.0.1", () => {
  assert.deepEqual(problems, []);
  assert.deepEqual(offsite, []);
});
