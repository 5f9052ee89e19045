// The full-network-release (全网发布) check rehearsed against the sandbox, end to end: the
// Platform of examples/node/release_rehearsal.mjs serves both push URLs on loopback, the sandbox
// plays WeChat's check (POST /sandbox/release-check) and every case passes; handlers that do not
// answer, or answer the wrong text, are reported failed with the reason.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { RELEASE_TEST_ACCOUNTS, SUCCESS } from "wxopen";
import { Sandbox } from "wxopen/testing";
import { rehearse } from "./examples/release_rehearsal.mjs";

const caseOf = (report, name) => report.cases.find((c) => c.case === name);

async function withSandbox(fn) {
  const sb = await Sandbox.start();
  try {
    return await fn(sb);
  } finally {
    await sb.stop();
  }
}

for (const group of [1, 3]) {
  test(`every case passes for a Platform built on the library (group ${group})`, () => withSandbox(async (sb) => {
    const { report, platform, server } = await rehearse(sb, { group });
    await server.close();
    assert.equal(report.passed, true, JSON.stringify(report, null, 1));
    assert.deepEqual(report.cases.map((c) => c.case), ["ticket", "text", "query_auth_code"]);
    assert.equal(report.authorized_push.state, "delivered");
    assert.deepEqual(server.errors, []);
    // The test account of the group, with its real ids (spec §13.5).
    const [appid, username] = RELEASE_TEST_ACCOUNTS[2 * (group - 1)];
    assert.deepEqual([report.appid, report.user_name], [appid, username]);
    // The push stored the test account's tokens; the follow-up sent `<code>_from_api` to the
    // tester as the test account, and found the code already exchanged (one exchange).
    assert.equal(await platform.authorizerStatus(appid), "authorized");
    const [sent, ...more] = await sb.messages({ appid });
    assert.equal(more.length, 0);
    assert.equal(sent.touser, report.tester);
    const code = sent.content.replace(/_from_api$/, "");
    assert.ok(code.length > 0 && code !== sent.content);
    assert.ok(!JSON.stringify(report).includes(code), "the report never shows the code");
    assert.equal((await platform.getApiQuota({ cgiPath: "/cgi-bin/component/api_query_auth" })).quota.used, 1);
  }));
}

test("a mini program of the check passes its QUERY_AUTH_CODE case", () => withSandbox(async (sb) => {
  const { report, server } = await rehearse(sb, { group: 2, account: "mini_program" });
  await server.close();
  assert.equal(report.passed, true, JSON.stringify(report));
  assert.equal(report.appid, RELEASE_TEST_ACCOUNTS[3][0]);
  assert.deepEqual(report.cases.map((c) => c.case), ["ticket", "query_auth_code"]);
}));

test("a handler that does not answer is reported failed with the reason", () => withSandbox(async (sb) => {
  const silent = async (platform, appid, query, body) => {
    await platform.handleMessage(appid, query, body);
    return { body: SUCCESS, later: null };
  };
  const { report, server } = await rehearse(sb, { handler: silent });
  await server.close();
  assert.equal(report.passed, false);
  assert.equal(caseOf(report, "ticket").passed, true);
  const text = caseOf(report, "text");
  assert.equal(text.passed, false);
  assert.match(text.reason, /encrypted reply envelope.*"success"/);
  const api = caseOf(report, "query_auth_code");
  assert.equal(api.passed, false);
  assert.match(api.reason, /\*\*\*_from_api/);
  assert.match(api.reason, /got no message/);
}));

test("a wrong reply text is reported expected against got", () => withSandbox(async (sb) => {
  const wrong = async (platform, appid, query, body) => {
    const message = await platform.handleMessage(appid, query, body);
    return { body: await platform.replyText(message, "hello", { nonce: new URLSearchParams(query).get("nonce") }), later: null };
  };
  const { report, server } = await rehearse(sb, { handler: wrong, cases: ["text", "query_auth_code"] });
  await server.close();
  assert.equal(caseOf(report, "text").reason, 'expected Content "TESTCOMPONENT_MSG_TYPE_TEXT_callback" in the decrypted reply, got "hello"');
  assert.match(caseOf(report, "query_auth_code").reason, /^expected an empty answer, got "<xml>/);
  assert.ok(!JSON.stringify(report).includes("queryauthcode@@@"));
}));

test("release_rehearsal.mjs runs as a script and every case passes", () => {
  const out = execFileSync(process.execPath, ["release_rehearsal.mjs"], {
    cwd: fileURLToPath(new URL("./examples/", import.meta.url)), encoding: "utf8", timeout: 60_000,
  });
  const lines = out.trimEnd().split("\n");
  assert.deepEqual(lines.slice(0, 3).map((l) => l.split(":")[0]), ["PASS ticket", "PASS text", "PASS query_auth_code"], out);
  assert.deepEqual(JSON.parse(lines.at(-1)), { passed: true, appid: "wx570bc396a51b8ff8" });
});
