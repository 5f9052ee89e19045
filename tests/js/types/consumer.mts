// An ES-module TypeScript consumer of the installed package: `import` must find dist/index.d.ts.
import { AuthorizerToken, Client, Webhook, type OpenAccount } from "wxopen";

const hook = new Webhook({ token: "t", encodingAesKey: "k".repeat(43), componentAppid: "wx1" });
export async function run(): Promise<string> {
  const account: OpenAccount = await new Client().openGet(new AuthorizerToken("wx1", "AAT"));
  return account.openAppid + hook.componentAppid;
}
