// The full-network-release (全网发布) automatic check (spec §13.5): `Webhook.releaseCheck`
// asks the core what a message of the check calls for; these classes carry the answer.
//
//   const check = hook.releaseCheck(message, { nonce });
//   if (check) {
//     res.send(check.body);                                  // encrypted reply, or "" (empty)
//     if (check.followUp) await check.followUp.run(client, componentToken);  // after answering
//   }
// A Platform is told apart by the PLATFORM mark platform.mjs puts on its class, not by
// importing it: this module is part of `wxopen/lite` and `wxopen/push`, which carry no
// platform driver.
import { AuthorizerToken } from "./tokens.mjs";

/** The mark of a Platform (set by platform.mjs); a global symbol, so a Platform of `wxopen` is
 * recognized by the copy of this module in `wxopen/push` or `wxopen/lite`. */
export const PLATFORM = Symbol.for("wxopen.Platform");

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** The QUERY_AUTH_CODE case's calls: exchange the code, then send the text with the
 * authorizer token the exchange returns. Display forms hide the code (also in `content`). */
export class ReleaseFollowUp {
  #code;
  #content;
  #queryAuth;
  #customSend;

  /** @internal (made by Webhook.releaseCheck from the core's answer) */
  constructor(data) {
    this.componentAppid = data.component_appid;
    this.authorizerAppid = data.authorizer_appid;
    this.touser = data.touser;
    this.#code = data.authorization_code;
    this.#content = data.content;
    this.#queryAuth = data.query_auth;
    this.#customSend = data.custom_send;
  }

  /** The code to exchange (a credential: not enumerable, never shown). */
  get authorizationCode() { return this.#code; }
  /** `<code>_from_api`, the text to send. */
  get content() { return this.#content; }

  /**
   * Runs the two calls. With a `Client`, pass the component token. With a `Platform`, its own
   * tokens are used: the code goes through `platform.authorize` (the test account's tokens are
   * stored) and the text through `platform.authorizer(appid).sendCustomMessage`. Resolves to
   * `undefined`.
   */
  async run(client, componentToken) {
    if (client?.[PLATFORM] === true) {
      const granted = await client.authorize(this.#code);
      await client.authorizer(granted.authorizerAppid).sendCustomMessage(this.#customSend);
      return;
    }
    if (componentToken === undefined) throw new TypeError("a Client needs the component token: followUp.run(client, componentToken)");
    const grant = await client.queryAuth(componentToken, this.#queryAuth);
    const info = grant.authorizationInfo;
    const token = new AuthorizerToken(info.authorizerAppid, info.authorizerAccessToken);
    await client.sendCustomMessage(token, this.#customSend);
  }

  toString() { return `ReleaseFollowUp(${this.authorizerAppid}, touser=${this.touser}, authorizationCode=***)`; }
  toJSON() { return { componentAppid: this.componentAppid, authorizerAppid: this.authorizerAppid, touser: this.touser, authorizationCode: "***", content: "***_from_api" }; }
  [INSPECT]() { return this.toString(); }
}

/** The answer to a message of the check: `body` (answer the push with it now) and `followUp`
 * (a ReleaseFollowUp for QUERY_AUTH_CODE, else null). `action`: `reply_text` or
 * `query_auth_code`. */
export class ReleaseCheck {
  /** @internal */
  constructor(data) {
    this.action = data.action;
    this.body = data.body;
    this.followUp = data.follow_up ? new ReleaseFollowUp(data.follow_up) : null;
  }

  toString() { return `ReleaseCheck(${this.action}, followUp=${this.followUp})`; }
  toJSON() { return { action: this.action, body: this.body, followUp: this.followUp?.toJSON() ?? null }; }
  [INSPECT]() { return this.toString(); }
}
