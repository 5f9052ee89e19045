// Sending one request the core built, with the injected `fetch`: shared by the Client (explicit
// tokens) and the Platform's step loop, so both send exactly the same way.
import { TransportError } from "./errors.mjs";
import { native } from "./native.mjs";

/** `error` (thrown by fetch for `request`) with every credential of the request replaced by
 * `***`, its `cause` chain too: kept as the TransportError's `cause`. */
function redactedError(error, request, depth = 0) {
  const redact = (text) => native.redact(request.url, request.body ?? "", String(text));
  if (error === null || typeof error !== "object") return new Error(redact(String(error)));
  const copy = new Error(redact(error.message ?? String(error)));
  copy.name = typeof error.name === "string" ? error.name : "Error";
  if (typeof error.stack === "string") copy.stack = redact(error.stack);
  for (const key of ["code", "errno", "syscall", "type"]) {
    const v = error[key];
    if (typeof v === "string" || typeof v === "number") copy[key] = typeof v === "string" ? redact(v) : v;
  }
  if (error.cause !== undefined && depth < 4) {
    Object.defineProperty(copy, "cause", { value: redactedError(error.cause, request, depth + 1), enumerable: false, writable: true, configurable: true });
  }
  return copy;
}

/**
 * Sends `request` ({method, url, headers, body}) and reads the whole answer:
 * `{status, type, body: Uint8Array}`. Nothing came back (network, DNS, timeout, a fetch that
 * is not one) → TransportError whose message names the redacted URL and whose `cause` is the
 * original error with the request's credentials replaced by `***`. `timeoutMs`: abort after it.
 */
export async function exchange(fetchFn, request, timeoutMs = undefined) {
  if (typeof fetchFn !== "function") throw new TypeError("no fetch: pass { fetch } (Node >= 18 and browsers have globalThis.fetch)");
  let timer;
  try {
    const init = {
      method: request.method,
      headers: Object.fromEntries(request.headers),
      body: request.method === "GET" ? undefined : request.body,
      // WeChat answers every call itself: a 3xx is an error, never followed (following a 302
      // turns a POST into a bodyless GET whose answer looks like success).
      redirect: "manual",
    };
    if (timeoutMs !== undefined) {
      // A controller and a timer cleared on completion: AbortSignal.timeout would cost ~10 µs
      // a call and leave every timer pending until it fires.
      const controller = new AbortController();
      init.signal = controller.signal;
      timer = setTimeout(() => controller.abort(new DOMException(`no response within ${timeoutMs} ms`, "TimeoutError")), timeoutMs);
    }
    // Called as a plain function: browsers refuse window.fetch with another receiver.
    const response = await fetchFn(request.url, init);
    const body = new Uint8Array(await response.arrayBuffer());
    return { status: response.status, type: response.type, body };
  } catch (e) {
    const cause = redactedError(e, request);
    throw new TransportError(`${request.method} ${native.redactUrl(request.url)} failed: ${cause.name}: ${cause.message}`, {}, { cause });
  } finally {
    clearTimeout(timer);
  }
}

const keepBom = new TextDecoder("utf-8", { ignoreBOM: true });
/** The body as received, as text (a byte-order mark is kept). */
export const bodyText = (body) => keepBom.decode(body);
