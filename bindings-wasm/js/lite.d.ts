// wxopen/lite: the declarations of `wxopen` for what js/lite.mjs exports (the same classes and
// functions; the types of every operation's arguments and outputs come along).
// Everything of wxopen/push, and the Client's part.
export * from "./push.js";
export {
  Client,
  DEFAULT_API_BASE,
  DEFAULT_MP_BASE,
  DEFAULT_OPEN_BASE,
  describeStatus,
  explainErrcode,
  operations,
  redactUrl,
  validate,
} from "./index.js";
