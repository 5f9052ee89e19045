// wxopen/push — what a push handler needs, on the smallest wasm module (no platform driver, no
// Client): Webhook, WebhookRouter, messages and replies, the release check, the error classes,
// the token classes. Everything here is the same as in `wxopen`; the Client (requests and
// responses, validate, operations, the errcode and status explainers) is in `wxopen/lite` and
// `wxopen`, Platform and the rest of the driver only in `wxopen` (docs: README "wxopen/push").
export * from "./errors.mjs";
export { Result, isSecretField } from "./result.mjs";
export { AuthorizerToken, ComponentToken } from "./tokens.mjs";
export { DEFAULT_MAX_AGE, DEFAULT_MAX_BODY_BYTES, QUERY_KEYS, RELEASE_TEST_ACCOUNTS, SUCCESS, Webhook, WebhookRouter, signature, textReply } from "./webhook.mjs";
export { ReleaseCheck, ReleaseFollowUp } from "./release.mjs";
