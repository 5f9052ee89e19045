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

// wxopen/lite: the same declarations for what it exports (dist/lite.d.ts).
import { Client as LiteClient, Webhook as LiteWebhook, validate, type LinkArgs, type Validation } from "wxopen/lite";

export function lite(args: LinkArgs): string {
  const checked: Validation = validate("link.link", { ...args });
  const hook = new LiteWebhook({ token: "t", encodingAesKey: "k".repeat(43), componentAppid: "wx1" });
  return String(checked.ok) + hook.componentAppid + String(new LiteClient());
}

// wxopen/push: the same declarations for what it exports (dist/push.d.ts); a push handler's
// types (events, messages) come along.
import { ReleaseCheck, Webhook as PushWebhook, type WebhookMessage } from "wxopen/push";

export function onMessage(message: WebhookMessage): string {
  const hook = new PushWebhook({ token: "t", encodingAesKey: "k".repeat(43), componentAppid: "wx1" });
  const check: ReleaseCheck | null = hook.releaseCheck(message, { nonce: "1" });
  return hook.componentAppid + String(check?.body);
}
