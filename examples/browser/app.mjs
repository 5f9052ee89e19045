// The browser page on the npm package `wxopen`. Every check is the core's (WebAssembly, in
// this page): `validate(op, args)` for the registration forms, the Client's page-URL builders
// for the links, `explainErrcode` for codes. The page only reads the controls (an empty one is
// "not given"), shows what the core says and, when a back end is set, posts the form to it.
// It imports `wxopen/lite`, the entry on the smaller wasm module (no platform driver: a page
// needs none). With a bundler, `import … from "wxopen/lite"` works as is; here index.html's
// import map points "wxopen/lite" at node_modules/wxopen/dist/lite.mjs.
import { Client, InvalidArgument, explainErrcode, isSecretField, operations, redactUrl, validate } from "wxopen/lite";

// Builds page URLs only (the default WeChat hosts); this page never calls WeChat.
const client = new Client();
const touched = new WeakSet();

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/** A control's value as an argument: an empty one is not given (`undefined`). */
function valueOf(control) {
  if (control.type === "checkbox") return control.checked;
  return control.value === "" ? undefined : control.value;
}

/** The arguments of `fields` (argument name -> control), without the ones not given. */
function argsOf(fields, convert = {}) {
  const args = {};
  for (const [name, control] of Object.entries(fields)) {
    const value = valueOf(control);
    if (value !== undefined) args[name] = convert[name] ? convert[name](value) : value;
  }
  return args;
}

/** The argument an error names: `categoryIdList[1]` -> `categoryIdList`. */
const topField = (field) => field.split(/[.[]/)[0];

/** Writes "field → rule" (or nothing) under `control`, marked pending while it is untouched. */
function showMessage(control, error) {
  const box = document.getElementById(`${control.id}-msg`);
  box.replaceChildren();
  const refused = error !== undefined;
  const pending = refused && !touched.has(control);
  control.setAttribute("aria-invalid", String(refused && !pending));
  box.classList.toggle("pending", pending);
  if (!refused) return;
  const name = document.createElement("code");
  name.textContent = error.wireField || error.field;
  box.append(name, ` → ${error.rule}`);
}

/** A verdict line: accepted, the core's message, or — while the field it names is untouched —
 * what to fill in next. */
function showVerdict(node, error, okText, control) {
  const pending = error !== undefined && control !== undefined && !touched.has(control);
  node.classList.toggle("refused", error !== undefined && !pending);
  node.classList.toggle("pending", pending);
  node.classList.toggle("accepted", error === undefined);
  if (error === undefined) node.textContent = okText;
  else if (pending) node.textContent = `Next: ${error.wireField || error.field} → ${error.rule}`;
  else node.textContent = `Refused by the core: ${error.message}`;
}

// ---------- registration forms ----------

function registrationFields(form) {
  return Object.fromEntries($$("[data-wire]", form).map((control) => [control.name, control]));
}

function checkRegistration(form) {
  const fields = registrationFields(form);
  const result = validate(form.dataset.op, argsOf(fields));
  const error = result.ok ? undefined : result;
  for (const [name, control] of Object.entries(fields)) {
    showMessage(control, error && topField(error.field) === name ? error : undefined);
  }
  showVerdict($(".verdict", form), error, "The core accepts this input.", error && fields[topField(error.field)]);
  const preview = $(".preview", form);
  preview.hidden = !result.ok;
  $(".request-line", form).textContent = result.ok ? `${result.method} ${result.url}` : "";
  $(".request-body", form).textContent = result.ok ? result.body : "";
  $(".submit", form).disabled = !result.ok;
  if (!result.ok) $(".answer", form).replaceChildren();
  return result;
}

/** A copy of `value` with every secret field's value masked (the core's rule). */
function masked(value) {
  if (Array.isArray(value)) return value.map(masked);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === "string" && isSecretField(k) ? "***" : masked(v)]));
}

async function submitRegistration(form) {
  const answer = $(".answer", form);
  const result = checkRegistration(form);
  if (!result.ok) return;
  const base = $("#backend-url").value.trim();
  if (base === "") {
    answer.textContent = "No back end is set: the request above is what your back end sends to WeChat for this input. Set one under “Back end” to submit it.";
    return;
  }
  let target;
  try {
    target = new URL(`api/miniprogram/register/${form.dataset.route}`, base.endsWith("/") ? base : `${base}/`);
  } catch {
    answer.textContent = "The back-end URL is not a URL.";
    return;
  }
  // The form's fields by WeChat's names, as the core accepted them.
  const fields = registrationFields(form);
  const body = Object.fromEntries(
    Object.entries(argsOf(fields)).map(([name, value]) => [fields[name].dataset.wire, value]),
  );
  const key = $("#backend-key").value;
  const headers = { "content-type": "application/json", ...(key ? { "x-api-key": key } : {}) };
  const button = $(".submit", form);
  button.disabled = true;
  answer.textContent = "Sending…";
  try {
    const response = await fetch(target, { method: "POST", headers, body: JSON.stringify(body) });
    const text = await response.text();
    showAnswer(answer, response.status, text, form.dataset.op);
  } catch (e) {
    answer.textContent = `The back end could not be reached (${e.name}).`;
  } finally {
    button.disabled = !checkRegistration(form).ok;
  }
}

/** The back end's answer: status, its JSON (secrets masked), the authorize_url as a link, and
 * the core's explanation of an errcode. */
function showAnswer(node, status, text, op) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  const head = document.createElement("p");
  head.textContent = `The back end answered HTTP ${status}.`;
  const pre = document.createElement("pre");
  pre.tabIndex = 0;
  pre.textContent = data === undefined ? text.slice(0, 2000) : JSON.stringify(masked(data), null, 2);
  node.replaceChildren(head, pre);
  const url = data?.authorize_url ?? data?.authorizeUrl;
  if (typeof url === "string" && /^https?:\/\//i.test(url)) {
    const link = document.createElement("a");
    link.href = url;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.textContent = "The page the person must open (authorize_url)";
    node.append(link);
  }
  const errcode = data?.errcode;
  if (Number.isSafeInteger(errcode) && errcode !== 0) {
    const x = explainErrcode(errcode, op);
    const p = document.createElement("p");
    p.textContent = `errcode ${errcode}: ${x.meaning} (${x.meaningZh}). ${x.hint}`;
    node.append(p);
  }
}

// ---------- page links ----------

const categoryList = (text) => text.split(/[|,\s]+/).filter((id) => id !== "");
const AUTH_FIELDS = {
  componentAppid: "#page-component",
  preAuthCode: "#auth-code",
  redirectUri: "#auth-redirect",
  authType: "#auth-type",
  bizAppid: "#auth-biz",
  categoryIdList: "#auth-categories",
};
const LINKS = [
  { box: "#link-pc", fields: AUTH_FIELDS, build: (args) => client.componentLoginUrl(args) },
  { box: "#link-mobile", fields: AUTH_FIELDS, build: (args) => client.bindComponentUrl(args) },
  {
    box: "#link-reuse",
    fields: { componentAppid: "#page-component", appid: "#oa-appid", copyWxVerify: "#oa-verify", redirectUri: "#oa-redirect" },
    build: (args) => client.fastregisterAuthUrl(args),
  },
];

function checkLinks() {
  const errors = new Map(); // control -> the first error naming it
  for (const link of LINKS) {
    const fields = Object.fromEntries(Object.entries(link.fields).map(([name, selector]) => [name, $(selector)]));
    const box = $(link.box);
    let url;
    let error;
    let control;
    try {
      url = link.build(argsOf(fields, { categoryIdList: categoryList }));
    } catch (e) {
      if (!(e instanceof InvalidArgument)) throw e;
      error = e;
      control = fields[topField(e.field)];
      if (control && !errors.has(control)) errors.set(control, e);
    }
    showVerdict($(".verdict", box), error, "Built by the core:", control);
    $(".url code", box).textContent = url === undefined ? "" : redactUrl(url);
    const open = $("a.open", box);
    const copy = $("button.copy", box);
    open.hidden = copy.hidden = url === undefined;
    if (url === undefined) open.removeAttribute("href");
    else open.href = url;
    copy.dataset.ready = url === undefined ? "" : "1";
    link.url = url;
  }
  for (const control of $$("#form-pages input, #form-pages select")) showMessage(control, errors.get(control));
}

async function copyLink(button) {
  const link = LINKS.find((l) => $(l.box).contains(button));
  if (!link?.url) return;
  try {
    await navigator.clipboard.writeText(link.url);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Copy refused by the browser";
  }
  setTimeout(() => (button.textContent = "Copy link"), 2000);
}

// ---------- errcode explainer ----------

function explain() {
  const form = $("#form-errcode");
  const input = $("#errcode");
  const list = $(".explanation", form);
  const message = $("#errcode-msg");
  message.textContent = "";
  input.setAttribute("aria-invalid", "false");
  if (input.value.trim() === "") {
    list.hidden = true;
    return;
  }
  let x;
  try {
    x = explainErrcode(input.value, $("#errcode-op").value || undefined);
  } catch (e) {
    list.hidden = true;
    input.setAttribute("aria-invalid", "true");
    message.textContent = e.message;
    return;
  }
  for (const dd of $$("dd", list)) {
    const value = x[dd.dataset.key];
    dd.textContent = typeof value === "boolean" ? (value ? "yes" : "no") : String(value ?? "");
  }
  list.dataset.known = String(x.known);
  list.hidden = false;
}

// ---------- tabs (WAI-ARIA tabs pattern) ----------

function selectTab(tab) {
  for (const other of $$('[role="tab"]')) {
    const selected = other === tab;
    other.setAttribute("aria-selected", String(selected));
    other.tabIndex = selected ? 0 : -1;
    document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
  }
}

function onTabKey(event) {
  const tabs = $$('[role="tab"]');
  const at = tabs.indexOf(event.target);
  const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
  if (next === undefined) return;
  event.preventDefault();
  const tab = tabs[(next + tabs.length) % tabs.length];
  selectTab(tab);
  tab.focus();
}

// ---------- wiring ----------

function markTouched(event) {
  if (event.target.matches("input, select")) touched.add(event.target);
}

for (const form of $$("form[data-op]")) {
  const update = (event) => {
    markTouched(event);
    checkRegistration(form);
  };
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitRegistration(form);
  });
  checkRegistration(form);
}
for (const eventName of ["input", "change"]) {
  $("#form-pages").addEventListener(eventName, (event) => {
    markTouched(event);
    checkLinks();
  });
  $("#form-errcode").addEventListener(eventName, explain);
}
$("#form-pages").addEventListener("submit", (event) => event.preventDefault());
$("#form-errcode").addEventListener("submit", (event) => event.preventDefault());
$("#form-backend").addEventListener("submit", (event) => event.preventDefault());
for (const button of $$("button.copy")) button.addEventListener("click", () => copyLink(button));
for (const tab of $$('[role="tab"]')) {
  tab.addEventListener("click", () => selectTab(tab));
  tab.addEventListener("keydown", onTabKey);
}
const select = $("#errcode-op");
for (const op of operations()) select.append(new Option(`${op.name} (§${op.section})`, op.name));
checkLinks();
explain();

const status = $("#core-status");
status.textContent = `The wxopen core is loaded (${operations().length} operations); every check below runs in this page.`;
status.classList.add("accepted");
document.documentElement.dataset.ready = "1";
