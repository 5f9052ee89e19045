// The Node examples run (as a user would run them, importing the installed "wxopen") and print
// what they promise. tests/js/run.sh copies examples/node/*.mjs into ./examples next to the
// installed package.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

const EXAMPLES = fileURLToPath(new URL("./examples/", import.meta.url));

function run(name, ...args) {
  return execFileSync(process.execPath, [name, ...args], { cwd: EXAMPLES, encoding: "utf8", timeout: 60_000 });
}

test("onboarding.mjs (the demo) runs the story against its own sandbox in auto mode", () => {
  // wxopen-sandbox from the PATH (tests/js/run.sh puts the venv's, from the wheel, first).
  const out = run("onboarding.mjs", "--delay-ms", "100");
  const lines = out.split("\n");
  assert.match(lines[0], /^wxopen \S+ \(Node [\d.]+\) — onboarding against wxopen-sandbox in auto mode \(people act after 100 ms\)$/);
  const steps = lines.filter((l) => /^[ 1]\d\. /.test(l));
  assert.deepEqual(steps.map((l) => Number(l.slice(0, 2))), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], out);
  assert.ok(steps[3].startsWith(" 4. merchant authorizes  wxa11ce0000000000a granted ") && steps[3].includes("code exchanged once"), steps[3]);
  assert.ok(steps[4].includes("the owner confirmed → wx"), steps[4]);
  assert.ok(steps[5].includes("“Acme 咖啡外卖的体验小程序”"), steps[5]);
  assert.ok(steps[6].includes("a formal mini program of Acme 咖啡有限公司"), steps[6]);
  assert.ok(steps[7].includes("the legal person approved → wx"), steps[7]);
  assert.ok(steps[9].includes("(link status 1)"), steps[9]);
  assert.ok(steps[10].includes("admin now newadmin_"), steps[10]);
  const table = lines.slice(lines.findIndex((l) => l.startsWith("Created in")) + 1);
  assert.deepEqual(table[0].trim().split(/\s+/).slice(0, 3), ["official", "account", "wxa11ce0000000000a"]);
  assert.ok(table.some((r) => r.trim().startsWith("open account") && r.includes("3 accounts bound")));
  assert.equal(table.filter((r) => r.trim().startsWith("task: ") && r.endsWith("succeeded")).length, 5);
  assert.match(out, /pre_auth_code=\*\*\*/);
  assert.ok(!out.includes("@@@") && !out.includes("5ba0db0c5ba0db0c"), "no credential is printed");
  assert.equal(out.trimEnd().split("\n").at(-1), "onboarding finished");
});

test("registration.mjs builds the enterprise request, the pages and explains errcodes", () => {
  const out = run("registration.mjs");
  const lines = out.split("\n");
  assert.ok(lines.includes("   -> POST https://api.weixin.qq.com/wxa/component/fastregisterenterpriseweapp?access_token=***"), out);
  assert.match(out, /"new_version":true/);
  assert.ok(lines.includes("   taskid: task_ent_0001"), out);
  assert.ok(lines.includes("   status: 0 task_generated (task generated / 任务已生成)"), out);
  assert.ok(lines.some((l) => l.startsWith("   authorizeUrl: https://mp.weixin.qq.com/wxawap/fastregistertp?")), out);
  assert.ok(lines.some((l) => l.startsWith("   https://mp.weixin.qq.com/cgi-bin/fastregisterauth?appid=wxofficial") && l.includes("copy_wx_verify=1")), out);
  assert.ok(lines.some((l) => l.startsWith("   https://mp.weixin.qq.com/cgi-bin/componentloginpage?") && l.endsWith("&auth_type=2&category_id_list=17%7C18")), out);
  assert.ok(lines.some((l) => l.startsWith("   89249 (register.enterprise_legacy): ")), out);
  assert.ok(lines.some((l) => l.startsWith("   61058 (register.reuse_oa): ")), out);
  assert.ok(!out.includes("CAT-example-value"), "tokens must not be printed");
  assert.equal(out.trimEnd().split("\n").at(-1), "registration example finished");
});
