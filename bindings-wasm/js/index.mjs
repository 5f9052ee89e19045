// wxopen — WeChat third-party platform SDK (Rust core compiled to WebAssembly).
export { Client, DEFAULT_API_BASE, DEFAULT_MP_BASE, DEFAULT_OPEN_BASE, describeStatus, explainErrcode, operations, redactUrl, validate } from "./client.mjs";
export * from "./errors.mjs";
export { Authorizer, Platform } from "./platform.mjs";
export { Result, isSecretField } from "./result.mjs";
export { MemoryStore, RedisStore } from "./stores.mjs";
export { Task, Tasks } from "./tasks.mjs";
export { AuthorizerToken, ComponentToken } from "./tokens.mjs";
export { DEFAULT_MAX_AGE, DEFAULT_MAX_BODY_BYTES, QUERY_KEYS, RELEASE_TEST_ACCOUNTS, SUCCESS, Webhook, WebhookRouter, signature, textReply } from "./webhook.mjs";
export { ReleaseCheck, ReleaseFollowUp } from "./release.mjs";
/** The platform driver's low-level pieces (the host loop the Platform runs, the native driver). */
export * as driver from "./driver.mjs";
