// The Platform through `require` (CommonJS): managed tokens with a MemoryStore and a scripted
// fetch, the same operation functions as the Client, and RedisStore needing no `redis` import.
const assert = require("node:assert/strict");
const { test } = require("node:test");
const { Client, MemoryStore, Platform, RedisStore, NoTicketError } = require("wxopen");

test("cjs: a Platform mints, refreshes and calls; its methods are the Client's", async () => {
  const sent = [];
  const replies = {
    "/cgi-bin/component/api_component_token": { component_access_token: "CAT", expires_in: 7200 },
    "/cgi-bin/component/api_authorizer_token": { authorizer_access_token: "AAT", expires_in: 7200, authorizer_refresh_token: "refreshtoken@@@R" },
    "/cgi-bin/open/have": { errcode: 0, have_open: true },
  };
  const fetch = async (url) => {
    const path = new URL(url).pathname;
    sent.push(path);
    return new Response(JSON.stringify(replies[path]), { status: 200 });
  };
  let now = 1_700_000_000_000;
  const platform = new Platform({ componentAppid: "wxcomponent0000001", componentAppsecret: "s", token: "t", encodingAesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", store: new MemoryStore(), fetch, clock: () => now });
  await assert.rejects(platform.componentAccessToken(), NoTicketError);
  await platform.storeTicket("ticket@@@cjs", now / 1000);
  await platform.importAuthorizer("wxminiprog00000001", "refreshtoken@@@R");
  assert.equal((await platform.authorizer("wxminiprog00000001").openHave()).haveOpen, true);
  assert.deepEqual(sent, ["/cgi-bin/component/api_component_token", "/cgi-bin/component/api_authorizer_token", "/cgi-bin/open/have"]);
  assert.equal(Object.getPrototypeOf(platform).registerBeta, Client.prototype.registerBeta);
  assert.throws(() => new RedisStore(null), TypeError);
});
