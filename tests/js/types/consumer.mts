// An ES-module TypeScript consumer of the installed package: `import` must find dist/index.d.ts.
import { AuthorizerToken, Client, Webhook, type OpenAccount } from "wxopen";

const hook = new Webhook({ token: "t", encodingAesKey: "k".repeat(43), componentAppid: "wx1" });
export async function run(): Promise<string> {
  const account: OpenAccount = await new Client().openGet(new AuthorizerToken("wx1", "AAT"));
  return account.openAppid + hook.componentAppid;
}

// RedisStore takes node-redis's client as `createClient` types it.
import { createClient } from "redis";
import { MemoryStore, Platform, RedisStore, type Store } from "wxopen";

export async function platform(url: string | undefined): Promise<Platform> {
  const store: Store = url ? new RedisStore(await createClient({ url }).connect()) : new MemoryStore();
  return new Platform({ componentAppid: "wx1", componentAppsecret: "s", token: "t", encodingAesKey: "k".repeat(43), store });
}
