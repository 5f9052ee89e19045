// A CommonJS TypeScript consumer of the installed package: `require` must find dist/index.d.cts.
import wxopen = require("wxopen");

const hook = new wxopen.Webhook({ token: "t", encodingAesKey: "k".repeat(43), componentAppid: "wx1" });
const token = new wxopen.AuthorizerToken("wx1", "AAT");
export async function run(): Promise<string> {
  const account: wxopen.OpenAccount = await new wxopen.Client().openGet(token);
  return account.openAppid + hook.componentAppid;
}

export function platform(): wxopen.Platform {
  return new wxopen.Platform({ componentAppid: "wx1", componentAppsecret: "s", token: "t", encodingAesKey: "k".repeat(43), store: new wxopen.MemoryStore() });
}

// wxopen/lite through require: dist/lite.d.cts.
import lite = require("wxopen/lite");

export function liteHook(): lite.Webhook {
  return new lite.Webhook({ token: "t", encodingAesKey: "k".repeat(43), componentAppid: "wx1" });
}

// wxopen/push through require: dist/push.d.cts.
import push = require("wxopen/push");

export function pushHook(): push.Webhook {
  return new push.Webhook({ token: "t", encodingAesKey: "k".repeat(43), componentAppid: "wx1" });
}
