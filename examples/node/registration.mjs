// Registering mini programs for merchants (spec §1.5, §3.0, §3.2), offline.
//
// 1. The 2026 enterprise registration (`registerEnterprise`): the request the core builds,
//    shown through a fake `fetch` that answers like WeChat, and the parsed task.
// 2. The reuse-official-account page (`fastregisterAuthUrl`, spec §3.2 step 1).
// 3. The PC authorization page (`componentLoginUrl`, spec §1.5).
// 4. What two registration errcodes mean (`explainErrcode`).
//
// Nothing goes over the network and no token value is printed: request URLs are shown redacted.
//
// Run: in a project with the package installed (`npm install wxopen`), copy this file there and
// `node registration.mjs`. The tests (tests/js/run.sh) run it that way against the packed tarball.
import { Client, ComponentToken, describeStatus, explainErrcode, redactUrl } from "wxopen";

const COMPONENT_APPID = "wxcomponent0000001";

// What WeChat answers to fastregisterenterpriseweapp (spec §3.0): a task and the page the legal
// person must open.
const CANNED_TASK = {
  errcode: 0,
  errmsg: "ok",
  taskid: "task_ent_0001",
  authorize_url: "https://mp.weixin.qq.com/wxawap/fastregistertp?action=show&taskid=task_ent_0001",
  status: 0,
};

/** A fetch that prints each request (token redacted) and answers with a canned response. */
function recordingFetch(reply) {
  return async (url, init) => {
    console.log(`   -> ${init.method} ${redactUrl(url)}`);
    console.log(`   -> body ${init.body}`);
    return new Response(JSON.stringify(reply), { status: 200 });
  };
}

async function enterpriseRegistration() {
  console.log("1. enterprise registration, 2026 flow (spec §3.0)");
  const client = new Client({ fetch: recordingFetch(CANNED_TASK) });
  // In production: new ComponentToken((await client.componentToken({...})).componentAccessToken).
  const token = new ComponentToken("CAT-example-value");
  const task = await client.registerEnterprise(token, {
    name: "深圳市示例科技有限公司",
    code: "91440300MA5G8XXX1B",
    codeType: 1, // unified social credit code: 18 characters
    legalPersonaOpenid: "oLegalPerson0000000000000001", // an openid, not a WeChat ID
    legalPersonaName: "张三",
    componentPhone: "13800000000",
  });
  console.log(`   taskid: ${task.taskid}`);
  console.log(`   authorizeUrl: ${task.authorizeUrl}`);
  const status = describeStatus("task", task.status); // the status is a number; this is its meaning
  console.log(`   status: ${status.code} ${status.name} (${status.meaning} / ${status.meaningZh})`);
  console.log("   show authorizeUrl to the legal person (valid 24 h); the result arrives by the");
  console.log("   notify_third_fasteregister push, matched by taskid");
}

function reuseOaPage(client) {
  console.log("2. reuse an official account's subject: page for the OA admin (spec §3.2)");
  const url = client.fastregisterAuthUrl({
    appid: "wxofficial00000001",
    componentAppid: COMPONENT_APPID,
    copyWxVerify: true,
    redirectUri: "https://platform.example.com/wx/fastregister/callback?merchant=42",
  });
  console.log(`   ${url}`);
  console.log("   the redirect carries ticket=... (single-use); pass it to registerByReuseOa");
}

function pcAuthorizationPage(client) {
  console.log("3. PC authorization page (spec §1.5)");
  const url = client.componentLoginUrl({
    componentAppid: COMPONENT_APPID,
    preAuthCode: "preauthcode@@@example", // from createPreauthcode, single-use
    redirectUri: "https://platform.example.com/wx/auth/callback",
    authType: 2, // mini programs only
    categoryIdList: [17, 18],
  });
  console.log(`   ${url}`);
  console.log("   the redirect carries auth_code=...; exchange it with queryAuth");
}

function explain() {
  console.log("4. errcodes explained");
  for (const [errcode, operation] of [[89249, "register.enterprise_legacy"], [61058, "register.reuse_oa"]]) {
    const e = explainErrcode(errcode, operation);
    console.log(`   ${errcode} (${operation}): ${e.meaning} / ${e.meaningZh}`);
    console.log(`      category ${e.category}, retryable ${e.retryable}; hint: ${e.hint}`);
  }
}

await enterpriseRegistration();
const pages = new Client({ fetch: recordingFetch({}) }); // page URLs are built, never fetched
reuseOaPage(pages);
pcAuthorizationPage(pages);
explain();
console.log("registration example finished");
