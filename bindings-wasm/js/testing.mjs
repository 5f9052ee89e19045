// `wxopen/testing` (Node only): starts the wxopen-sandbox binary — a local WeChat third-party
// platform — on a free loopback port for `node --test`, and receives its pushes on loopback.
//
//   import { Sandbox } from "wxopen/testing";
//   const sb = await Sandbox.start();            // manual clock, seed 1
//   after(() => sb.stop());
//   const client = sb.client();                  // wxopen Client pointed at the sandbox
//   const hook = await sb.receiver();            // becomes the platform's push URLs
//
// The binary comes from `pip install wxopen-sandbox` (on the PATH), `cargo install`, or
// WXOPEN_SANDBOX_BIN.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import { delimiter, join } from "node:path";
import { createInterface } from "node:readline";
import { Client, Webhook } from "./index.mjs";

const READY = /listening on (http:\/\/\S+)/;

/** A refused control call or a sandbox that would not start. */
export class SandboxError extends Error {
  constructor(message, status) {
    super(message);
    this.name = "SandboxError";
    this.status = status;
  }
}

/** The wxopen-sandbox executable: $WXOPEN_SANDBOX_BIN, else the first on the PATH. */
export function findBinary() {
  if (process.env.WXOPEN_SANDBOX_BIN) return process.env.WXOPEN_SANDBOX_BIN;
  const name = process.platform === "win32" ? "wxopen-sandbox.exe" : "wxopen-sandbox";
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  throw new SandboxError("wxopen-sandbox not found: `pip install wxopen-sandbox` or set WXOPEN_SANDBOX_BIN");
}

/** A running wxopen-sandbox process and its control API. */
export class Sandbox {
  #child;
  #receivers = [];

  /**
   * Starts the binary and waits until it listens.
   * @param {{binary?: string, config?: string, mode?: "manual"|"auto", seed?: number,
   *   startTime?: number, autoDelayMs?: number, args?: string[], timeoutMs?: number}} [options]
   */
  static async start({ binary, config, mode = "manual", seed = 1, startTime, autoDelayMs, args = [], timeoutMs = 15000 } = {}) {
    const argv = ["--port", "0", "--mode", mode, "--seed", String(seed)];
    if (config !== undefined) argv.push("--config", String(config));
    if (startTime !== undefined) argv.push("--start-time", String(startTime));
    if (autoDelayMs !== undefined) argv.push("--auto-delay-ms", String(autoDelayMs));
    argv.push(...args);
    const child = spawn(binary ?? findBinary(), argv, { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => { stderr += d; });
    const baseUrl = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new SandboxError(`wxopen-sandbox did not listen within ${timeoutMs} ms`)), timeoutMs);
      const lines = createInterface({ input: child.stdout });
      lines.once("line", (line) => {
        clearTimeout(timer);
        const m = READY.exec(line);
        if (m) resolve(m[1]);
        else reject(new SandboxError(`wxopen-sandbox: unexpected first line ${JSON.stringify(line)}`));
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new SandboxError(`wxopen-sandbox exited (${code}): ${stderr.trim()}`));
      });
      child.once("error", (e) => { clearTimeout(timer); reject(new SandboxError(e.message)); });
    }).catch((e) => {
      child.kill();
      throw e;
    });
    const sb = new Sandbox(child, baseUrl);
    [sb.platform] = await sb.control("GET", "/sandbox/platforms");
    return sb;
  }

  constructor(child, baseUrl) {
    this.#child = child;
    /** `http://127.0.0.1:PORT`: the API base and the page bases. */
    this.baseUrl = baseUrl;
    /** The (first) platform: appid, secret, token, encoding_aes_key, URLs, latest ticket. */
    this.platform = {};
  }

  get appid() { return this.platform.appid; }
  get secret() { return this.platform.secret; }
  get token() { return this.platform.token; }
  get encodingAesKey() { return this.platform.encoding_aes_key; }

  /** A wxopen Client whose API and page bases are the sandbox. */
  client(options = {}) {
    return new Client({ apiBase: this.baseUrl, mpBase: this.baseUrl, openBase: this.baseUrl, ...options });
  }

  /** A wxopen Webhook for the platform's pushes. */
  webhook() {
    return new Webhook({ token: this.token, encodingAesKey: this.encodingAesKey, componentAppid: this.appid });
  }

  /** Calls the control API; throws SandboxError on a 4xx answer. */
  async control(method, path, body) {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new SandboxError(`${method} ${path}: ${res.status} ${text}`, res.status);
    return text ? JSON.parse(text) : null;
  }

  /** Sandbox time, unix seconds. */
  async now() { return (await this.control("GET", "/sandbox/clock")).now; }

  /** Waits for pushes in flight, then moves the clock; returns the new time. */
  async advance(seconds) {
    await this.waitPushes();
    return (await this.control("POST", "/sandbox/clock/advance", { seconds })).now;
  }

  /** Waits until no push is pending. */
  async waitPushes(timeoutMs = 20000) { await this.control("POST", "/sandbox/pushes/wait", { timeout_ms: timeoutMs }); }

  /** Pushes; filters: component, kind, state, target. */
  async pushes(filters = {}) {
    const q = new URLSearchParams(filters).toString();
    return this.control("GET", `/sandbox/pushes${q ? `?${q}` : ""}`);
  }

  /** Tasks, newest first (kind: enterprise, enterprise_legacy, personal, beta, beta_verify, link, rebind). */
  async tasks(kind) { return this.control("GET", `/sandbox/tasks${kind ? `?kind=${kind}` : ""}`); }

  /** The person a task waits for acts: approve ({stop_at}), reject, fail_face, fail ({status, msg}), expire. */
  async act(taskId, action = "approve", fields = {}) { return this.control("POST", `/sandbox/tasks/${taskId}/${action}`, fields); }

  /** A person opens a page URL and confirms ({appid, category_ids, new_admin}); returns the redirect URL. */
  async confirmPage(url, fields = {}) { return (await this.control("POST", "/sandbox/pages/confirm", { url, ...fields })).redirect; }

  /** The merchant revokes its authorization (an `unauthorized` push follows). */
  async revoke(appid) { await this.control("POST", "/sandbox/authorizations/revoke", { appid }); }

  /**
   * Rehearses the full-network-release (全网发布) check against the platform's URLs: the test
   * account of `group` (1–5; `account` "official_account" or "mini_program") authorizes the
   * platform, then the cases ("ticket", "text", "query_auth_code") are pushed and their
   * answers read. Resolves to the report: `passed`, and per case `passed` and `reason`.
   */
  async releaseCheck({ group = 1, account = "official_account", cases } = {}) {
    return this.control("POST", "/sandbox/release-check", { group, account, ...(cases ? { cases } : {}) });
  }

  /** Messages sent through custom/send; filters: component, appid, touser, msgtype. */
  async messages(filters = {}) {
    const q = new URLSearchParams(filters).toString();
    return this.control("GET", `/sandbox/messages${q ? `?${q}` : ""}`);
  }

  /** Sets the platform's push URLs. */
  async setUrls({ authEventUrl = null, messageUrl = null } = {}) {
    await this.control("PATCH", `/sandbox/platforms/${this.appid}`, { auth_event_url: authEventUrl, message_url: messageUrl });
  }

  /** Starts a PushReceiver and makes it the platform's push URLs. */
  async receiver() {
    const r = await PushReceiver.listen(this);
    this.#receivers.push(r);
    await this.setUrls({ authEventUrl: `${r.url}/component`, messageUrl: `${r.url}/message/$APPID$` });
    return r;
  }

  /** Stops the receivers and the process. */
  async stop() {
    await Promise.all(this.#receivers.map((r) => r.close()));
    this.#receivers = [];
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      const exited = new Promise((resolve) => this.#child.once("exit", resolve));
      this.#child.kill("SIGTERM");
      const timer = setTimeout(() => this.#child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    }
  }
}

/**
 * A loopback endpoint for the sandbox's pushes: each is verified and parsed with wxopen's
 * Webhook against the sandbox clock and answered `success` (400 when it does not verify, so
 * the sandbox retries).
 */
export class PushReceiver {
  #server;
  #waiters = new Set();

  static async listen(sandbox) {
    const r = new PushReceiver(sandbox);
    await new Promise((resolve) => r.#server.listen(0, "127.0.0.1", resolve));
    r.url = `http://127.0.0.1:${r.#server.address().port}`;
    return r;
  }

  constructor(sandbox) {
    /** Parsed events of the 授权事件接收URL, in arrival order. */
    this.events = [];
    /** Decrypted XML of the 消息与事件接收URL: {appid, xml}. */
    this.messages = [];
    /** Pushes that did not verify. */
    this.errors = [];
    const hook = sandbox.webhook();
    this.#server = createServer(async (req, res) => {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      const body = Buffer.concat(chunks);
      const url = new URL(req.url, "http://127.0.0.1");
      try {
        const now = await sandbox.now();
        if (url.pathname.startsWith("/message/")) {
          this.messages.push({ appid: url.pathname.split("/").pop(), xml: hook.decrypt(url.searchParams, body, { now }) });
        } else {
          this.events.push(hook.parse(url.searchParams, body, { now }));
        }
        res.writeHead(200, { "content-type": "text/plain" }).end("success");
      } catch (e) {
        this.errors.push(String(e));
        res.writeHead(400, { "content-type": "text/plain" }).end("invalid push");
      }
      for (const w of this.#waiters) w();
    });
  }

  /** Events of one type (component_verify_ticket, authorized, fast_register_beta, …). */
  of(type) { return this.events.filter((e) => e.type === type); }

  /** Waits until `count` events of `type` arrived; resolves with the last of them. */
  waitFor(type, count = 1, timeoutMs = 10000) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const got = this.of(type);
        if (got.length < count) return false;
        this.#waiters.delete(check);
        clearTimeout(timer);
        resolve(got[count - 1]);
        return true;
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`${count} x ${type} not received; events ${JSON.stringify(this.events.map((e) => e.type))}, errors ${JSON.stringify(this.errors)}`));
      }, timeoutMs);
      if (!check()) this.#waiters.add(check);
    });
  }

  /** Stops the endpoint (the sandbox keeps its connections alive: they are closed too). */
  close() {
    const closed = new Promise((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    return closed;
  }
}
