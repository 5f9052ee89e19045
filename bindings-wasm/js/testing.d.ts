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
  receiver(): Promise<PushReceiver>;
  stop(): Promise<void>;
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
