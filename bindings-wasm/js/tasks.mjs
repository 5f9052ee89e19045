// Registration tasks on a platform: `platform.tasks` (docs/tasks.md). The driver keeps one task
// per registration in the store and updates it from create answers, query answers and pushes;
// this module reads, lists, reconciles and waits for them, and shows a wait's progress. The
// waiting policy (pauses, when WeChat's query API is asked) is the core's: a wait is one driver
// call whose `task_waiting` events are the progress.
import * as check from "./check.mjs";
import { toCamel } from "./case.mjs";
import { callNative } from "./client.mjs";
import { Result, present, withRaw } from "./result.mjs";

/** `wait`'s timeout when none is given, ms. */
export const DEFAULT_WAIT_TIMEOUT_MS = 300_000;
// The core's largest whole number from JS: "no limit".
const FOREVER_MS = Number.MAX_SAFE_INTEGER;

/**
 * A registration task as the driver hands it out (docs/tasks.md §4), with camelCase fields:
 * `id`, `kind`, `state`, `settled`, `status`, `statusKind`, `source`, `msg`, `meaning`,
 * `meaningZh`, `waitingFor`, `nextStep`, `nextStepZh`, `authorizeUrl`, `appid`, `authorized`,
 * `authorizationErrcode`, `canQuery`, `attempt`, `createdAtMs`, `updatedAtMs`, `expiresAtMs`,
 * `details`. Absent fields (`status` of a trial task, `appid` before the result) are
 * `undefined`. A task never carries a credential; like every Result, a field whose name says
 * token/ticket/code/secret/key would show as `***` in `console.log` and `JSON.stringify`.
 * `String(task)` is one line for logs.
 */
export class Task extends Result {
  toString() {
    return summary(this);
  }
}

/** The core's task JSON (wire names) as a Task; `null` stays `undefined`. */
export function taskOf(json) {
  if (json === null || json === undefined) return undefined;
  return present(json, true, Task);
}

/** One line about a task: its id, state, and what matters for that state. */
export function summary(task) {
  const parts = [`task ${task.id} ${task.state}`];
  const { state, status } = task;
  if (state === "waiting") {
    if (task.waitingFor !== undefined) parts.push(`for ${task.waitingFor}`);
    if (status !== undefined) parts.push(`(status ${status})`);
  } else if (state === "succeeded") {
    if (task.appid !== undefined) parts.push(`appid ${task.appid}`);
    parts.push(task.authorized ? "authorized" : "not yet authorized");
  } else if (state === "failed" || state === "expired") {
    if (status !== undefined) parts.push(`status ${status}:`);
    parts.push(task.meaning);
  }
  let text = parts.join(" ");
  if (!task.settled || state === "failed" || state === "expired") text += ` — ${task.nextStep}`;
  return text;
}

/**
 * The Done value of the driver's `register` as the operation's result with `task`: the usual
 * result object (an empty Result for an operation WeChat only acknowledges), `raw` the body.
 */
export function registered(value, raw) {
  const result = value.output === null || value.output === undefined ? new Result() : present(value.output);
  withRaw(result, raw);
  const task = taskOf(value.task);
  if (task !== undefined) result.task = task;
  return result;
}

// ----- progress -------------------------------------------------------------------------------

const secs = (ms) => (typeof ms !== "number" ? "?" : ms >= 10_000 ? `${(ms / 1000).toFixed(0)}s` : `${(ms / 1000).toFixed(1)}s`);

function waitingLine(event) {
  let text = `wxopen: task ${event.taskId} ${event.state}`;
  if (event.waitingFor !== undefined) text += ` for ${event.waitingFor}`;
  if (event.status !== undefined) text += ` (status ${event.status})`;
  return text;
}

/**
 * `progress: true`: a line per change of state, status or who must act — on Node's stderr (on
 * a terminal the last line is rewritten with the time waited), elsewhere `console.info`.
 */
function terminal() {
  const stderr = globalThis.process?.stderr;
  const write = typeof stderr?.write === "function" ? (text) => stderr.write(text) : undefined;
  const tty = write !== undefined && stderr.isTTY === true;
  let last;
  let pending = false;
  const line = (text, final) => {
    if (write === undefined) return console.info(text);
    if (tty) {
      write(`\r\x1b[2K${text}${final ? "\n" : ""}`);
      pending = !final;
    } else {
      write(`${text}\n`);
    }
  };
  return {
    event(event) {
      const key = `${event.state}|${event.status}|${event.waitingFor}`;
      const text = waitingLine(event);
      if (key !== last) {
        if (pending) write("\n");
        pending = false;
        last = key;
        line(`${text} — next check in ${secs(event.nextCheckMs)}`, !tty);
      } else if (tty) {
        line(`${text} — waited ${secs(event.waitedMs)}, next check in ${secs(event.nextCheckMs)}`, false);
      }
    },
    done(task, waitedMs) {
      if (pending) write("\n");
      pending = false;
      line(`wxopen: ${summary(task)}${task.settled ? "" : ` (still unsettled after ${secs(waitedMs)})`}`, true);
    },
  };
}

function progressOf(progress) {
  if (progress === undefined || progress === null || progress === false) return undefined;
  if (progress === true) return terminal();
  if (typeof progress === "function") return { event: progress, done: (task) => progress(task) };
  throw new TypeError(`progress must be true (a line per change), false, or a function receiving each task_waiting event and the final Task, not ${check.typeName(progress)}`);
}

function reportProgressError(error) {
  console.warn("wxopen: task progress callback failed:", error);
}

/** Calls a progress callback; a throw or rejection is reported, never ends the wait. */
async function safely(fn) {
  try {
    await fn();
  } catch (e) {
    reportProgressError(e);
  }
}

// ----- the handle -----------------------------------------------------------------------------

const KEY = Symbol("wxopen.Tasks");

/** @internal The Platform's way to make its `tasks`. */
export function tasksOf(port) {
  return new Tasks(KEY, port);
}

function optionalName(name, value) {
  if (value === undefined || value === null) return undefined;
  return check.string(name, value);
}

/**
 * `platform.tasks`: read, list, reconcile and wait for the platform's registration tasks. Every
 * method returns a Promise.
 */
export class Tasks {
  #port;

  /** @internal Use `platform.tasks`. */
  constructor(key, port) {
    if (key !== KEY) throw new TypeError("Tasks come from platform.tasks");
    this.#port = port;
  }

  /** The task `taskId` as of now (an expiry derived from its window included), or `undefined`
   * when the store has none. Sends nothing to WeChat. */
  async get(taskId) {
    const { driver, run } = this.#port;
    const call = callNative(() => driver.task(check.string("taskId", taskId)));
    return taskOf((await run(call)).value);
  }

  /**
   * The newest tasks first, only of `kind` (`enterprise`, `enterprise_legacy`, `personal`,
   * `beta`, `beta_verify`, `reuse_oa`) and/or in `state` (as of now), at most `limit`. An unknown
   * name is an InvalidArgument naming it.
   */
  async list(filter = {}) {
    const { kind, state, limit } = check.options("filter", filter ?? {});
    const k = optionalName("kind", kind);
    const s = optionalName("state", state);
    const l = limit === undefined || limit === null ? undefined : check.number("limit", limit);
    const { driver, run } = this.#port;
    const call = callNative(() => driver.tasks(k, s, l));
    return (await run(call)).value.map((t) => taskOf(t));
  }

  /** Asks WeChat's query API about the task where there is one (personal, legacy enterprise),
   * and resolves to the task; other flows: as stored. An unknown id is InvalidArgument. */
  async reconcile(taskId) {
    const { driver, run } = this.#port;
    const call = callNative(() => driver.reconcileTask(check.string("taskId", taskId)));
    return taskOf((await run(call)).value);
  }

  /**
   * Waits until the task is settled or `timeoutMs` passed (default 300 000; `null`: no limit but
   * the task's own window) and resolves to it — settled, or as it stood (check `task.settled`).
   * `progress`: `true` — a line per change (Node: stderr, rewritten on a terminal; elsewhere
   * `console.info`); a function — receives each `task_waiting` event (`{kind, taskId, taskKind,
   * state, status, waitingFor, waitedMs, nextCheckMs}`) and at the end the Task. A callback
   * that throws or rejects is reported, never ends the wait.
   */
  async wait(taskId, options = {}) {
    const { timeoutMs = DEFAULT_WAIT_TIMEOUT_MS, progress } = check.options("options", options ?? {});
    check.string("taskId", taskId);
    const timeout = timeoutMs === null ? FOREVER_MS : check.number("timeoutMs", timeoutMs);
    const shown = progressOf(progress);
    const { driver, run, clock } = this.#port;
    const call = callNative(() => driver.waitTask(taskId, timeout));
    if (shown === undefined) return taskOf((await run(call)).value);
    const started = clock();
    const observe = (raw) => {
      if (raw.kind !== "task_waiting" || raw.task_id !== taskId) return undefined;
      const event = {};
      for (const [k, v] of Object.entries(toCamel(raw))) if (v !== null) event[k] = v;
      return safely(() => shown.event(event));
    };
    const task = taskOf((await run(call, observe)).value);
    await safely(() => shown.done(task, Math.max(0, clock() - started)));
    return task;
  }

  toString() { return "Tasks"; }
  [Symbol.for("nodejs.util.inspect.custom")]() { return this.toString(); }
}
