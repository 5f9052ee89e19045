// A static server for the browser page, on 127.0.0.1 only (Node, no dependencies):
//
//   node examples/browser/serve.mjs [--port 8000] [--package DIR]
//
// serves this folder and the npm package `wxopen` under /node_modules/wxopen/ — from DIR (an
// unpacked `npm pack` tarball), or by default from ./node_modules/wxopen (after
// `npm install <tarball or wxopen>` here). Any static server does as well, given that layout.
// Port 0 picks a free port; the first line printed is "serving http://127.0.0.1:PORT/".
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { port: { type: "string", default: "8000" }, package: { type: "string" } } });
const packageDir = resolve(values.package ?? join(here, "node_modules", "wxopen"));
if (!existsSync(join(packageDir, "dist", "lite.mjs"))) {
  console.error(`no wxopen package at ${packageDir}: build it (scripts/test.sh, or source scripts/lib.sh; build_js), then\n  cd examples/browser && npm install --no-save ../../target/npm/wxopen-*.tgz\nor pass --package DIR (an unpacked tarball)`);
  process.exit(1);
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
};
const MOUNT = "/node_modules/wxopen/";

/** The file for a URL path, or undefined (nothing outside the two roots, no dot files). */
function fileFor(pathname) {
  let root = here;
  let rest = pathname;
  if (pathname.startsWith(MOUNT)) {
    root = packageDir;
    rest = pathname.slice(MOUNT.length);
  } else if (pathname.startsWith("/node_modules/")) {
    return undefined;
  }
  if (rest === "/" || rest === "") rest = "index.html";
  const file = normalize(join(root, rest));
  if (file !== root && !file.startsWith(root + sep)) return undefined;
  if (file.split(sep).some((part) => part.startsWith("."))) return undefined;
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

const server = createServer((req, res) => {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD" }).end();
    return;
  }
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  const file = fileFor(pathname);
  if (!file || !TYPES[extname(file)]) {
    res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    return;
  }
  res.writeHead(200, { "content-type": TYPES[extname(file)], "cache-control": "no-cache", "x-content-type-options": "nosniff" });
  if (req.method === "HEAD") res.end();
  else createReadStream(file).pipe(res);
});
server.listen(Number(values.port), "127.0.0.1", () => {
  console.log(`serving http://127.0.0.1:${server.address().port}/`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
