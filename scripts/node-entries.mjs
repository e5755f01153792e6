// The entries of dist/node (index.js for import, index.cjs for require) and the V8 code cache
// they start from. Both entries carry main.cjs's code (the Node build, scripts/node-split.mjs)
// as a string and compile it with node:vm, handing V8 the code cache this build made for it:
// V8 then skips parsing the code and compiling the functions a first decode runs. Measured on
// the 2-core reference machine (medians of 11 alternated process pairs), import + first decode
// of a new type: 5.73 ms as a plain module, 5.05 this way; the first decode 1.31 -> 0.78 ms,
// the import about the same (reading and taking the cache cost about what parsing did).
//
// A Node whose V8 differs from the build's (another version, other V8 flags) rejects the cache
// and compiles the code as usual. V8 checks a cache against the source's length only, so the
// cache's file name carries a hash of the code: an entry only ever reads the cache made for its
// own code. Without process.getBuiltinModule (Node before 20.16; node:vm or node:fs imported by
// a module costs 0.3-1.3 ms of every import), index.js compiles the code with `new Function`,
// as both entries do in a node:vm context of their own (see loadMain).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// The code is compiled as this function, by the entries and by the cache's maker alike: the
// text must be the same to the byte for V8 to take the cache.
const WRAP_START = "(function (exports, require, module, __filename, __dirname) {";
const WRAP_END = "\n})";
const STATUS = "protowasm.nodeCodeCache"; // Symbol.for key: how each entry compiled (tests read it)

// Runs in a child process (the Node that runs the tests and benchmarks): compiles main.cjs as
// the entries do, decodes messages of a few shapes so that what a first decode compiles is in
// the cache, writes the cache and prints the module's export names.
const MAKER = `
const { readFileSync, writeFileSync } = require("node:fs");
const vm = require("node:vm");
const [main, cache] = process.argv.slice(1);
const source = readFileSync(main, "utf8");
const script = new vm.Script(${JSON.stringify(WRAP_START)} + source + ${JSON.stringify(WRAP_END)}, { filename: main });
const module = { exports: {} };
script.runInThisContext()(module.exports, require, module, main, require("node:path").dirname(main));
const pw = module.exports;
const { create, toBinary } = require("@bufbuild/protobuf");
const wkt = require("@bufbuild/protobuf/wkt");
const samples = [
  [wkt.TimestampSchema, create(wkt.TimestampSchema, { seconds: 1n, nanos: 2 })],
  [wkt.StructSchema, create(wkt.StructSchema, { fields: { a: { kind: { case: "stringValue", value: "b" } } } })],
  [wkt.FieldMaskSchema, create(wkt.FieldMaskSchema, { paths: ["a.b", "c"] })],
  [wkt.FileDescriptorProtoSchema, create(wkt.FileDescriptorProtoSchema, { name: "a.proto", messageType: [{ name: "M", field: [{ name: "f", number: 1 }] }] })],
];
for (const [schema, message] of samples) {
  const bytes = toBinary(schema, message);
  pw.fromBinary(schema, bytes);
  pw.fromBinary(schema, bytes);
}
writeFileSync(cache, script.createCachedData());
console.log(JSON.stringify(Object.keys(pw)));
`;

// Runs the code (SOURCE) as the module main.cjs and returns its exports; notes how it was
// compiled under Symbol.for(STATUS). getModule: a synchronous builtin loader, or undefined;
// cache: the cache's path, if known; require: what the code's require() does.
const LOAD = `
function loadMain(getModule, cache, dirname, require, entry) {
  const filename = dirname + "main.cjs";
  const module = { exports: {} };
  let status;
  if (typeof getModule !== "function") {
    status = "no node:vm";
    new Function("exports", "require", "module", "__filename", "__dirname", SOURCE)(module.exports, require, module, filename, dirname);
  } else if (globalThis.process?.sourceMapsEnabled === true && getModule("node:vm").runInThisContext("Function") === Function) {
    // Node maps stack traces (--enable-source-maps) of code its module loader compiled, not of
    // code compiled by node:vm: here the loader compiles it, without the cache.
    status = "source maps";
    const Module = getModule("node:module");
    const m = new Module(filename);
    m.filename = filename;
    m.paths = Module._nodeModulePaths(dirname);
    m.require = require;
    m._compile(SOURCE, filename);
    return record(entry, status, m.exports);
  } else {
    let cachedData;
    try {
      if (cache !== undefined) cachedData = getModule("node:fs").readFileSync(cache);
    } catch {
      // no cache beside the entry (a bundler took the entry alone): compile as usual
    }
    const script = new (getModule("node:vm").Script)(${JSON.stringify(WRAP_START)} + SOURCE + ${JSON.stringify(WRAP_END)}, { filename, cachedData });
    status = cachedData === undefined ? "missing" : script.cachedDataRejected ? "rejected" : "accepted";
    let made = script.runInThisContext();
    if (!(made instanceof Function)) {
      // This entry runs in a context of node:vm's own (Jest's module sandbox, say), and
      // runInThisContext compiled for Node's main one: the code would make that realm's
      // objects (Uint8Array, Error). Compiled here instead, if code generation is allowed.
      try {
        made = new Function("exports", "require", "module", "__filename", "__dirname", SOURCE);
        status = "other context";
      } catch {
        status = "other context, main's objects";
      }
    }
    made(module.exports, require, module, filename, dirname);
  }
  return record(entry, status, module.exports);
}
function record(entry, status, exports) {
  (globalThis[Symbol.for(${JSON.stringify(STATUS)})] ??= {})[entry] = status;
  return exports;
}
`;

function esmEntry(source, cacheName, names, bufbuildNames) {
  return `// protowasm for Node (import): main.cjs's code, compiled with the code cache ${cacheName}
// (scripts/node-entries.mjs). @bufbuild/protobuf is this module's own import; other files
// (the JavaScript core, cold.cjs) are required on first use through node:module.
import { ${bufbuildNames.map((n) => `${n} as b_${n}`).join(", ")} } from "@bufbuild/protobuf";
const bufbuild = { ${bufbuildNames.map((n) => `${n}: b_${n}`).join(", ")} };
const SOURCE = ${JSON.stringify(source)};
const getModule = globalThis.process?.getBuiltinModule;
let nodeRequire;
function realRequire() {
  if (typeof getModule !== "function") throw new Error("protowasm: loading its JavaScript core or cold.cjs needs Node 20.16 or later (process.getBuiltinModule)");
  return (nodeRequire ??= getModule("node:module").createRequire(import.meta.url));
}
function require(id) {
  return id === "@bufbuild/protobuf" ? bufbuild : realRequire()(id);
}
require.resolve = (id) => realRequire().resolve(id);
Object.defineProperty(require, "cache", { get: () => realRequire().cache });
${LOAD}
// This file's directory: import.meta.dirname (Node >= 20.11; fileURLToPath cost ~0.3 ms of the
// import, its first use), or none in a bundle made as CommonJS (import.meta is empty there).
const base = import.meta.url;
const here = import.meta.dirname !== undefined ? import.meta.dirname + "/" :
  typeof getModule === "function" && typeof base === "string" ? getModule("node:url").fileURLToPath(new URL(".", base)) : undefined;
export const { ${names.join(", ")} } = loadMain(getModule, here && here + ${JSON.stringify(cacheName)}, here ?? "", require, "import");
`;
}

function cjsEntry(source, cacheName) {
  return `"use strict";
// protowasm for Node (require): main.cjs's code, compiled with the code cache ${cacheName}
// (scripts/node-entries.mjs).
const SOURCE = ${JSON.stringify(source)};
${LOAD}
module.exports = loadMain(require, __dirname + ${JSON.stringify(`/${cacheName}`)}, __dirname + "/", require, "require");
`;
}

// The names src/ takes from @bufbuild/protobuf (imports and re-exports of values), which
// index.js imports by name: `import * as` it took 0.8 ms of every import (its namespace object
// resolves every name the package exports).
function bufbuildValueNames(root) {
  const names = new Set();
  const visit = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const file = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== "cli" && e.name !== "schema") visit(file);
        continue;
      }
      if (!e.name.endsWith(".ts")) continue;
      const text = readFileSync(file, "utf8");
      if (/^import \* as \w+ from "@bufbuild\/protobuf";$/m.test(text)) {
        throw new Error(`node-entries: ${file} imports @bufbuild/protobuf as a namespace: import names`);
      }
      for (const [, typeOnly, list] of text.matchAll(/^(?:import|export) (type )?\{([^}]*)\} from "@bufbuild\/protobuf";$/gm)) {
        if (typeOnly) continue;
        for (const item of list.split(",").map((x) => x.trim())) {
          if (item !== "" && !item.startsWith("type ")) names.add(item.split(/\s+as\s+/)[0]);
        }
      }
    }
  };
  visit(join(root, "src"));
  return [...names].sort();
}

/** Writes dist/node/index.js, index.cjs and the code cache for dist/node/main.cjs. */
export function writeNodeEntries(root) {
  const dir = join(root, "dist/node");
  const main = join(dir, "main.cjs");
  const source = readFileSync(main, "utf8");
  const hash = createHash("sha256").update(WRAP_START + source + WRAP_END).digest("hex").slice(0, 16);
  const cacheName = `main-${hash}.v8cache`;
  const out = execFileSync(process.execPath, ["-e", MAKER, main, join(dir, cacheName)], { cwd: root, encoding: "utf8" });
  const names = JSON.parse(out.trim().split("\n").pop());
  writeFileSync(join(dir, "index.js"), esmEntry(source, cacheName, names, bufbuildValueNames(root)));
  writeFileSync(join(dir, "index.cjs"), cjsEntry(source, cacheName));
}
