// Compiled by `tsc --noEmit` in the test command: the declarations must type real usage, and
// the lines marked @ts-expect-error must stay errors (wrong token kind, missing field).
import {
  ApiError,
  AuthorizerToken,
  Client,
  ComponentToken,
  InvalidArgument,
  explainErrcode,
  type OpenAccount,
} from "../js/index.js";

async function usage(): Promise<void> {
  const client = new Client({ apiBase: "http://127.0.0.1:8080" });
  const token = new AuthorizerToken("wxmerchant0000001", "AAT");
  const account: OpenAccount = await client.openGet(token);
  const appid: string = account.openAppid;
  await client.openBind(token, { openAppid: appid });
  // @ts-expect-error: openBind takes an authorizer token
  await client.openBind(new ComponentToken("CAT"), { openAppid: appid });
  // @ts-expect-error: openAppid is required
  await client.openBind(token, {});
  try {
    await client.openHave(token);
  } catch (e) {
    if (e instanceof ApiError) console.log(e.errcode, e.category, e.hint);
    if (e instanceof InvalidArgument) console.log(e.field, e.rule);
  }
  const explained = explainErrcode(89002);
  console.log(explained.meaningZh);
}
void usage;

import { Webhook, type WebhookEvent } from "../js/index.js";

export function handle(query: URLSearchParams, body: Uint8Array): string {
  const hook = new Webhook({ token: "t", encodingAesKey: "k".repeat(43), componentAppid: "wx1" });
  const event: WebhookEvent = hook.parse(query, body);
  switch (event.type) {
    case "component_verify_ticket":
      return event.ticket;
    case "authorized":
    case "update_authorized":
      return event.authorizationCode;
    case "fast_register":
      return event.info?.form === "task" ? event.info.taskid : String(event.status);
    case "other":
      return event.fields["InfoType"] ?? "";
    default:
      return event.componentAppid;
  }
}
