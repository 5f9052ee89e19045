// wxopen/lite — what a browser page or a push handler needs, on the smaller wasm module (no
// platform driver): Webhook, WebhookRouter, messages and replies, the Client (requests built,
// responses parsed; tokens passed explicitly), validate, URL builders, the errcode explainer.
// Everything here is the same as in `wxopen`; Platform, Authorizer, the stores, tasks and
// `driver` are only in `wxopen` (docs: README "wxopen/lite").
export { Client, DEFAULT_API_BASE, DEFAULT_MP_BASE, DEFAULT_OPEN_BASE, describeStatus, explainErrcode, operations, redactUrl, validate } from "./client.mjs";
export * from "./push.mjs";
