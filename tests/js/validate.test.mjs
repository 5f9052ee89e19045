// validate(op, args): the core's rules without a token and without sending, checked against
// every request vector (the same input is refused by validate exactly when a Client call
// refuses it, and the request it shows is the vector's with the credentials masked).
import assert from "node:assert/strict";
import { test } from "node:test";
import { AuthorizerToken, Client, InvalidArgument, isSecretField, redactUrl, validate } from "wxopen";
import { apiCases, camelDeep } from "./helpers.mjs";

/** The vector's body with every secret field's value "***" (the core's rule, isSecretField). */
function masked(value) {
  if (Array.isArray(value)) return value.map(masked);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === "string" && v !== "" && isSecretField(k) ? "***" : masked(v)]));
}

for (const [name, c] of apiCases()) {
  if (c.error?.code === "wrong_token") continue; // validate stands in the right kind of token
  const args = camelDeep(c.input);
  // The one rule validate cannot check: an authorizer call's appid must be the token's account.
  const sameAccount = c.token.kind === "authorizer" && c.error?.field === "appid" && typeof c.input?.appid === "string" && c.input.appid.trim() !== "";
  test(`validate: ${name}`, () => {
    const v = validate(c.operation, args);
    if (c.error) {
      if (v.ok && sameAccount) {
        // Refused only because the vector's token is another account's: with a token of the
        // input's own account the client accepts it too.
        new Client().buildRequest(c.operation, new AuthorizerToken(c.input.appid, "AAT"), args);
        return;
      }
      assert.equal(v.ok, false, `expected ${c.error.field} to be refused`);
      assert.ok(v.error instanceof InvalidArgument);
      assert.equal(v.wireField, c.error.field);
      assert.equal(v.field, v.error.field);
      assert.equal(v.rule, v.error.rule);
      assert.equal(v.message, v.error.message);
      return;
    }
    assert.equal(v.ok, true, v.message);
    assert.equal(v.method, c.request.method);
    assert.equal(v.url, redactUrl(c.request.url));
    assert.ok(!/access_token=(?!\*\*\*)/.test(v.url), v.url);
    if (c.request.method === "GET") {
      assert.equal(v.body, "");
      return;
    }
    const expected = masked(JSON.parse(c.request.body));
    if (c.token.kind === "authorizer" && c.input?.appid === undefined && expected.appid === c.token.appid) {
      expected.appid = "wx_authorizer_appid"; // the stand-in account, documented
    }
    assert.deepEqual(JSON.parse(v.body), expected);
    if (JSON.stringify(expected) === c.request.body) assert.equal(v.body, c.request.body, "the exact bytes");
  });
}

test("validate refuses what the client refuses, with the same error", () => {
  const client = new Client();
  const args = { name: "Acme", codeType: 1, code: "9144030", legalPersonaOpenid: "o_legal", legalPersonaName: "Li" };
  const v = validate("register.enterprise", args);
  let thrown;
  try {
    client.buildRequest("register.enterprise", null, args);
  } catch (e) {
    thrown = e;
  }
  // buildRequest without a token is a WrongTokenError: validate needs none.
  assert.equal(thrown?.code, "wrong_token");
  assert.equal(v.ok, false);
  assert.equal(v.field, "code");
  assert.match(v.rule, /18 letters or digits/);
  const fixed = validate("register.enterprise", { ...args, code: "91440300MA5FXXXX1X" });
  assert.equal(fixed.ok, true);
  assert.equal(fixed.body, '{"name":"Acme","code":"91440300MA5FXXXX1X","code_type":1,"legal_persona_openid":"o_legal","legal_persona_name":"Li","new_version":true}');
});

test("validate names nested fields in camelCase and keeps WeChat's name", () => {
  const v = validate("register.beta_verify", { verifyInfo: { enterpriseName: "Acme", code: "91440300MA5FXXXX1X", codeType: 9 } });
  assert.equal(v.ok, false);
  assert.equal(v.field, "verifyInfo.codeType");
  assert.equal(v.wireField, "verify_info.code_type");
});

test("validate never shows a credential", () => {
  const v = validate("component.api_component_token", { componentAppid: "wxc0ffee0000000001", componentAppsecret: "APPSECRET_S3CR3T", componentVerifyTicket: "ticket@@@S3CR3T" });
  assert.equal(v.ok, true);
  const shown = JSON.stringify(v);
  assert.ok(!shown.includes("S3CR3T"), shown);
  const page = validate("page.bind_component", { componentAppid: "wxc0ffee0000000001", preAuthCode: "preauthcode@@@S3CR3T", redirectUri: "https://p.example.com/cb" });
  assert.equal(page.ok, true);
  assert.ok(!page.url.includes("S3CR3T") && page.url.includes("pre_auth_code=***"), page.url);
  // A refused secret is named, never quoted.
  const refused = validate("component.api_component_token", { componentAppid: "wxc", componentAppsecret: 42, componentVerifyTicket: "ticket@@@S3CR3T" });
  assert.equal(refused.ok, false);
  assert.ok(!JSON.stringify({ ...refused, error: refused.error.message }).includes("S3CR3T"));
});

test("an unknown operation or arguments that are not an object throw", () => {
  assert.throws(() => validate("register.nope", {}), (e) => e instanceof InvalidArgument && e.field === "operation");
  assert.throws(() => validate("register.beta", "name"), TypeError);
  assert.throws(() => validate(42, {}), TypeError);
  // No arguments: every required field is reported, one at a time, by the core.
  assert.equal(validate("register.beta").field, "name");
});
