// The Node examples run (as a user would run them, importing the installed "wxopen") and print
// what they promise. tests/js/run.sh copies examples/node/*.mjs into ./examples next to the
// installed package.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

const EXAMPLES = fileURLToPath(new URL("./examples/", import.meta.url));

function run(name) {
  return execFileSync(process.execPath, [name], { cwd: EXAMPLES, encoding: "utf8", timeout: 60_000 });
}

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
