// Shared by the JS tests: vector loading and a recording fake fetch.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

export const VECTORS = process.env.WXOPEN_VECTORS;
if (!VECTORS) throw new Error("WXOPEN_VECTORS must point at tests/vectors (tests/js/run.sh sets it)");

export function apiCases() {
  const out = [];
  for (const file of readdirSync(VECTORS).filter((f) => /^api_.*\.json$/.test(f)).sort()) {
    const doc = JSON.parse(readFileSync(join(VECTORS, file), "utf8"));
    doc.cases.forEach((c, i) => out.push([`${file}[${i}] ${c.operation}: ${c.name}`, c]));
  }
  if (out.length === 0) throw new Error("no vectors");
  return out;
}

export const snakeToCamel = (k) => k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
/** Deep snake_case -> camelCase of keys, except under `fields` (WeChat's own element names),
 * with `null` fields left out (absent fields read as `undefined` in JS). */
export function camelDeep(v, camel = true) {
  if (Array.isArray(v)) return v.map((x) => camelDeep(x, camel));
  if (v === null || typeof v !== "object") return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([, x]) => x !== null)
      .map(([k, x]) => [camel ? snakeToCamel(k) : k, camelDeep(x, camel && k !== "fields")]),
  );
}

/** A fetch that records calls and answers with canned {status, body}s in order. */
export function fakeFetch(...responses) {
  const calls = [];
  const fn = async (url, init = {}) => {
    calls.push({ url, ...init });
    const next = responses.shift();
    if (!next) throw new Error(`unexpected fetch ${url}`);
    return new Response(next.body, { status: next.status });
  };
  fn.calls = calls;
  return fn;
}
