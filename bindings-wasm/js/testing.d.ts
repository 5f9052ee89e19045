// Types of `wxopen/testing` (Node only): the wxopen-sandbox process for integration tests.
import type { Client, Webhook } from "./index.js";

export declare class SandboxError extends Error {
  /** HTTP status of a refused control call. */
  status?: number;
}

/** The wxopen-sandbox executable: $WXOPEN_SANDBOX_BIN, else the first on the PATH. */
export declare function findBinary(): string;

export interface SandboxOptions {
  binary?: string;
  /** A TOML configuration file. */
  config?: string;
  /** `manual` (tests, the default) or `auto` (demos). */
  mode?: "manual" | "auto";
  seed?: number;
  /** Manual mode: the clock's start, unix seconds. */
  startTime?: number;
  /** Auto mode: milliseconds each human step takes. */
  autoDelayMs?: number;
  args?: string[];
  timeoutMs?: number;
}

/** A running wxopen-sandbox process and its control API. */
export declare class Sandbox {
  static start(options?: SandboxOptions): Promise<Sandbox>;
  readonly baseUrl: string;
  readonly platform: Record<string, unknown>;
  readonly appid: string;
  readonly secret: string;
  readonly token: string;
  readonly encodingAesKey: string;
  client(options?: { fetch?: typeof fetch }): Client;
  webhook(): Webhook;
  control(method: string, path: string, body?: unknown): Promise<any>;
  now(): Promise<number>;
  advance(seconds: number): Promise<number>;
  waitPushes(timeoutMs?: number): Promise<void>;
  pushes(filters?: Record<string, string>): Promise<any[]>;
  tasks(kind?: string): Promise<any[]>;
  act(taskId: string, action?: "approve" | "reject" | "fail_face" | "fail" | "expire", fields?: Record<string, unknown>): Promise<any>;
  confirmPage(url: string, fields?: Record<string, unknown>): Promise<string>;
  revoke(appid: string): Promise<void>;
  setUrls(urls?: { authEventUrl?: string | null; messageUrl?: string | null }): Promise<void>;
  /** Rehearses the 全网发布 check (POST /sandbox/release-check); resolves to its report. */
  releaseCheck(options?: { group?: number; account?: "official_account" | "mini_program"; cases?: ("ticket" | "text" | "query_auth_code")[] }): Promise<ReleaseReport>;
  /** Messages sent through custom/send (GET /sandbox/messages). */
  messages(filters?: { component?: string; appid?: string; touser?: string; msgtype?: string }): Promise<any[]>;
  receiver(): Promise<PushReceiver>;
  stop(): Promise<void>;
}

/** The report of `Sandbox.releaseCheck`: per case `passed`, `expected`, and `got` or `reason`. */
export interface ReleaseReport {
  passed: boolean;
  component: string;
  group: number;
  account: "official_account" | "mini_program";
  appid: string;
  user_name: string;
  tester: string;
  authorized_push: { id: number; state: string } | null;
  cases: { case: "ticket" | "text" | "query_auth_code"; passed: boolean; push: number | null; expected: string; got?: string; reason?: string }[];
}

/** A loopback endpoint that verifies and parses the sandbox's pushes. */
export declare class PushReceiver {
  readonly url: string;
  readonly events: any[];
  readonly messages: { appid: string; xml: string }[];
  readonly errors: string[];
  of(type: string): any[];
  waitFor(type: string, count?: number, timeoutMs?: number): Promise<any>;
  close(): Promise<void>;
}
