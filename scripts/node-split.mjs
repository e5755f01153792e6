// The Node builds (dist/node) in parts, because Node parses a module's whole text at import:
// index.js holds what decoding needs as code; the encoder, streams, batches and metrics (the
// cold part) are in it as a string, compiled the first time one of them is called (and as a
// file, cold.cjs, for where that is refused); the JavaScript core is a file, js-core.cjs,
// required the first time it is wanted. With the cold part as code, import + first decode took
// 6.0 ms on the 2-core reference machine; this way 5.2-5.6 in the same alternated runs.
//
// The parts share one instance of every module: the cold part contains the cold modules (and
// copies of COPIED_MODULES); their imports of any other module of src/ or of a package are
// bridged to index.js's own, which index.js lends as objects of getters while the cold part runs
// its top level. Getters are live, so values that change (the memory views of
// wasm/instance.ts, the observer) read the same in both parts. In index.js a cold module is a
// stub of its functions that load the cold part and forward the call; so a cold module may
// export only functions to the rest of src/ (a class or constant imported from one fails the
// build with esbuild's "No matching export").
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { build } from "esbuild";

/** Modules of src/ in the cold part, by file name. */
export const COLD_MODULES = [
  "encode", "codegen-write", "writer", "value-checks", "map-order", "delimited", "batch", "decode-framed", "stream",
  "message-iterator", "metrics", "metrics-prom",
];

/**
 * Modules with no state that matters, of which cold.cjs has a copy of its own rather than
 * a bridge: constants must be constants there (a bridged one is a getter call at each use:
 * encoding through bridges measured 10% slower), and int64.ts's halves are scratch space
 * read right after the call that fills them, its bigints immutable.
 */
export const COPIED_MODULES = ["wasm/layout", "int64"];

const HOST = "protowasm.nodeColdHost"; // Symbol.for key under which index.js lends its modules

const key = (name) => name.replace(/-(\w)/g, (_, c) => c.toUpperCase()); // decode-framed -> decodeFramed

// src's imports name the compiled file ("./plan.js"); the source is plan.ts.
const source = (resolveDir, path) => join(resolveDir, path).replace(/\.js$/, ".ts");
// How the hand-over names a module of src/: "./plan", "./wasm/instance" (packages: their name).
const hostKey = (src, file) => `./${relative(src, file).replace(/\.ts$/, "")}`;

/**
 * A synchronous require() for index.js, for the two files it may load: the JavaScript core
 * (where WebAssembly is unavailable) and cold.cjs (where code generation from strings is
 * refused). For ESM, node:module comes from process.getBuiltinModule (Node >= 20.16) when first
 * wanted: importing it at load cost ~0.3 ms of every import, and a top-level await (how older
 * Nodes got it) makes the module impossible to bundle to CommonJS (esbuild --format=cjs).
 * `nodeRequireOwn` leaves no entry in require's cache: the caller gets an instance of its own.
 */
function requireSource(format) {
  const make = format === "esm"
    ? "const make = () => {\n" +
        "  const getModule = globalThis.process?.getBuiltinModule;\n" +
        '  if (typeof getModule !== "function") throw new Error("protowasm: loading its JavaScript core or cold.cjs needs Node 20.16 or later (process.getBuiltinModule)");\n' +
        '  return getModule("node:module").createRequire(import.meta.url);\n' +
        "};\n"
    : "const make = () => require;\n";
  return make + "export const nodeRequire = (path) => make()(path);\n" +
    "export function nodeRequireOwn(path) {\n  const r = make();\n  try {\n    return r(path);\n  } finally {\n    delete r.cache[r.resolve(path)];\n  }\n}\n";
}

/**
 * Plugin for index.js / index.cjs: the JavaScript core from ./js-core.cjs on first use, and
 * the cold modules as stubs over the cold part. `cold` is what buildCold returned.
 */
export function nodeMainPlugin(root, format, cold) {
  const src = join(root, "src");
  const coldFiles = new Map(COLD_MODULES.map((m) => [join(src, `${m}.ts`), m]));
  return {
    name: "protowasm-node-main",
    setup(b) {
      b.onResolve({ filter: /js-core\.generated\.js$/ }, () => ({ path: "js-core", namespace: "pw-node" }));
      b.onResolve({ filter: /^pw-node-(require|cold)$/ }, (args) => ({ path: args.path, namespace: "pw-node" }));
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.namespace !== "file") return undefined;
        const m = coldFiles.get(source(args.resolveDir, args.path));
        return m === undefined ? undefined : { path: `stub:${m}`, namespace: "pw-node" };
      });
      b.onLoad({ filter: /.*/, namespace: "pw-node" }, (args) => {
        let contents;
        if (args.path === "pw-node-require") {
          contents = requireSource(format);
        } else if (args.path === "js-core") {
          contents = 'import { nodeRequire } from "pw-node-require";\nlet made;\n' +
            'export function instantiateJsCore() {\n  made ??= nodeRequire("./js-core.cjs").instantiateJsCore;\n  return made();\n}\n';
        } else if (args.path === "pw-node-cold") {
          contents = coldLoaderSource(cold);
        } else {
          const m = args.path.slice("stub:".length);
          contents = stubSource(m, readFileSync(join(src, `${m}.ts`), "utf8"));
        }
        return { loader: "js", contents, resolveDir: src };
      });
    },
  };
}

// index.js's side of the hand-over: for each module the cold part imports, an object of
// getters for the names it imports (live, as a namespace's properties are), made in
// loadCold() and lent under a global symbol while the cold part runs its top level. (Module
// namespaces would do, but esbuild builds them at import: 0.3 ms.)
//
// The cold part's code is in index.js as a string, compiled by `new Function` on first use: a
// string literal costs the import little more than its scanning, and a bundler that packs an
// app for Node (esbuild --platform=node, webpack's node targets) takes the string along, where
// it would not see a file loaded by createRequire. Where code generation from strings is
// refused (node --disallow-code-generation-from-strings), the same code comes from cold.cjs,
// taken out of require's cache afterwards, so that index.js and index.cjs each get their own.
function coldLoaderSource({ hostImports, code }) {
  const imports = [];
  const entries = [];
  [...hostImports].forEach(([k, names], i) => {
    const from = JSON.stringify(k.startsWith("./") ? `${k}.ts` : k);
    imports.push(`import { ${names.map((n) => `${n} as h${i}_${n}`).join(", ")} } from ${from};`);
    entries.push(`${JSON.stringify(k)}: { ${names.map((n) => `get ${n}() { return h${i}_${n}; }`).join(", ")} }`);
  });
  return `${imports.join("\n")}
import { nodeRequireOwn } from "pw-node-require";
const COLD = ${JSON.stringify(code + "//# sourceURL=protowasm/dist/node/cold.cjs\n")};
let cold;
export function loadCold() {
  if (cold === undefined) {
    const key = Symbol.for(${JSON.stringify(HOST)});
    globalThis[key] = {
      ${entries.join(",\n      ")}
    };
    try {
      cold = evaluateCold();
    } finally {
      delete globalThis[key];
    }
  }
  return cold;
}
function evaluateCold() {
  let run;
  try {
    run = new Function("module", "exports", COLD);
  } catch {
    return nodeRequireOwn("./cold.cjs").load();
  }
  const module = { exports: {} };
  run(module, module.exports);
  return module.exports.load();
}
`;
}

// A cold module in index.js: each exported function loads cold.cjs on its first call and from
// then on forwards to the real one.
function stubSource(m, text) {
  const names = [...text.matchAll(/^export (?:async )?function\*? ?(\w+)/gm)].map((x) => x[1]);
  return 'import { loadCold } from "pw-node-cold";\n' + names.map((n) =>
    `let f_${n};\nexport function ${n}(...args) {\n  return (f_${n} ??= loadCold().${key(m)}.${n})(...args);\n}\n`).join("");
}

/**
 * Builds dist/node/cold.cjs; returns its code and what it imports from index.js (`hostImports`:
 * names by module, see hostKey; a package by its name).
 */
export async function buildCold(root, options) {
  const src = join(root, "src");
  const cold = new Set([...COLD_MODULES, ...COPIED_MODULES].map((m) => join(src, `${m}.ts`)));
  const hostImports = new Map(); // key -> names imported from it by cold modules
  for (const m of [...COLD_MODULES, ...COPIED_MODULES]) {
    const dir = join(src, m, "..");
    for (const [from, names] of importsOf(join(src, `${m}.ts`))) {
      const file = from.startsWith(".") ? source(dir, from) : from;
      if (cold.has(file)) continue;
      const k = from.startsWith(".") ? hostKey(src, file) : from;
      hostImports.set(k, [...new Set([...(hostImports.get(k) ?? []), ...names])].sort());
    }
  }
  const plugin = {
    name: "protowasm-node-cold",
    setup(b) {
      b.onResolve({ filter: /^pw-cold-entry$/ }, () => ({ path: "entry", namespace: "pw-cold" }));
      b.onLoad({ filter: /.*/, namespace: "pw-cold" }, () => ({
        loader: "js",
        resolveDir: src,
        // load() rather than the namespaces themselves: module.exports of an ESM bundle is a
        // copy made once, and this keeps cold.cjs to one export.
        contents: COLD_MODULES.map((m) => `import * as ${key(m)} from "./${m}.ts";`).join("\n") +
          `\nconst modules = { ${COLD_MODULES.map(key).join(", ")} };\nexport function load() { return modules; }\n`,
      }));
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === "entry-point") return undefined;
        if (!args.path.startsWith(".")) {
          return hostImports.has(args.path) ? { path: args.path, namespace: "pw-host" } : undefined;
        }
        const file = source(args.resolveDir, args.path);
        if (cold.has(file)) return { path: file };
        const k = hostKey(src, file);
        if (!hostImports.has(k)) throw new Error(`node-split: ${args.importer} imports ${args.path} in a form importsOf() does not read`);
        return { path: k, namespace: "pw-host" };
      });
      b.onLoad({ filter: /.*/, namespace: "pw-host" }, (args) => ({
        loader: "js",
        contents: `const host = globalThis[Symbol.for(${JSON.stringify(HOST)})];\n` +
          'if (host === undefined) throw new Error("protowasm: cold.cjs is part of dist/node/index.js and cannot be loaded on its own");\n' +
          `module.exports = host[${JSON.stringify(args.path)}];\n`,
      }));
    },
  };
  const outfile = join(root, "dist/node/cold.cjs");
  // Strict, as the modules are (esbuild adds no directive for a virtual entry).
  const banner = { js: '"use strict";' };
  await build({ ...options, entryPoints: ["pw-cold-entry"], format: "cjs", outfile, plugins: [plugin], banner });
  const code = readFileSync(outfile, "utf8").replace(/\n\/\/# sourceMappingURL=.*\n?$/, "\n");
  return { hostImports, code };
}

// The names a module imports, by source: `import { a, b as c, type T } from "x"` statements.
// Any other form of import in a cold module fails the build, so that none goes unbridged.
function importsOf(file) {
  const text = readFileSync(file, "utf8");
  const out = [];
  let count = 0;
  for (const [, typeOnly, list, from] of text.matchAll(/^import (type )?\{([^}]*)\} from "([^"]+)";$/gm)) {
    count++;
    if (typeOnly) continue;
    const names = list.split(",").map((x) => x.trim()).filter((x) => x !== "" && !x.startsWith("type "))
      .map((x) => x.split(/\s+as\s+/)[0]);
    if (names.length > 0) out.push([from, names]);
  }
  if (count !== (text.match(/^import\b/gm) ?? []).length) {
    throw new Error(`node-split: ${file} has an import that is not \`import { ... } from "..."\``);
  }
  return out;
}
