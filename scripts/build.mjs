// Builds the package: wasm (embedded), then ESM and CJS bundles of src/ with esbuild, .d.ts files
// with tsc, and the `protowasm` command (src/cli/main.ts, with the bench code and tinybench bundled)
// as dist/cli.js. @bufbuild/protobuf stays external (peer dependency), protobufjs too (optional, the
// CLI imports it dynamically).
import { execFileSync } from "node:child_process";
import { chmodSync, readFileSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
execFileSync(process.execPath, [join(root, "scripts/build-wasm.mjs")], { cwd: root, stdio: "inherit" });

rmSync(join(root, "dist"), { recursive: true, force: true });
const common = {
  entryPoints: [join(root, "src/index.ts")],
  bundle: true,
  platform: "neutral",
  target: "es2022",
  external: ["@bufbuild/protobuf", "@bufbuild/protobuf/*"],
  sourcemap: true,
  logLevel: "warning",
};
await build({ ...common, format: "esm", outfile: join(root, "dist/esm/index.js") });
await build({ ...common, format: "cjs", outfile: join(root, "dist/cjs/index.cjs") });
// protowasm/schema (src/schema): the schema tools, for Node (they run buf or protoc).
// Node builds: the JavaScript core (for when WebAssembly is unavailable, e.g. --jitless)
// stays in its own file, required on first use. Compiling its 128 KB as part of the module
// cost about 4 ms of every import; browsers need it inline (no synchronous loading there).
const lazyJsCore = (format) => ({
  name: "lazy-js-core",
  setup(b) {
    b.onResolve({ filter: /js-core\.generated\.js$/ }, () => ({ path: "js-core-lazy", namespace: "protowasm" }));
    b.onLoad({ filter: /.*/, namespace: "protowasm" }, () => ({
      loader: "js",
      contents: (format === "esm"
        ? // node:module is not imported up front: loading it cost ~0.3 ms of every import.
          // process.getBuiltinModule (Node >= 20.16) gets it when the JS core is first wanted;
          // older Nodes import it at load (top-level await), as before.
          'const getModule = globalThis.process?.getBuiltinModule;\n' +
          'const nodeModule = typeof getModule === "function" ? undefined : await import("node:module");\n' +
          'const load = () => (nodeModule ?? getModule("node:module")).createRequire(import.meta.url)("./js-core.cjs");\n'
        : 'const load = () => require("./js-core.cjs");\n') +
        "let made;\nexport function instantiateJsCore() {\n  made ??= load().instantiateJsCore;\n  return made();\n}\n",
    }));
  },
});
// Minified: Node parses the whole module at every import, and this halves that (import 4.7 ->
// 4.0 ms on the 2-core reference machine). The source map beside each file maps stack traces
// back to src/ under `node --enable-source-maps`.
const node = { ...common, platform: "node", target: "node20", minify: true, external: [...common.external, "./js-core.cjs"] };
await build({ ...node, format: "esm", outfile: join(root, "dist/node/index.js"), plugins: [lazyJsCore("esm")] });
await build({ ...node, format: "cjs", outfile: join(root, "dist/node/index.cjs"), plugins: [lazyJsCore("cjs")] });
await build({
  ...node, entryPoints: [join(root, "src/wasm/js-core.generated.ts")], format: "cjs", sourcemap: false, outfile: join(root, "dist/node/js-core.cjs"),
});
const schema = { ...common, entryPoints: [join(root, "src/schema/index.ts")], platform: "node" };
await build({ ...schema, format: "esm", outfile: join(root, "dist/esm/schema.js") });
await build({ ...schema, format: "cjs", outfile: join(root, "dist/cjs/schema.cjs") });
mkdirSync(join(root, "dist/cjs"), { recursive: true });
writeFileSync(join(root, "dist/cjs/package.json"), '{ "type": "commonjs" }\n');
// The standalone browser files: everything bundled (@bufbuild/protobuf included), for a
// <script type="module"> without an import map or a bundler.
const browser = { ...common, external: [], platform: "browser", format: "esm", sourcemap: false };
await build({ ...browser, outfile: join(root, "dist/browser/protowasm.js") });
await build({ ...browser, minify: true, outfile: join(root, "dist/browser/protowasm.min.js") });
execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json", "--emitDeclarationOnly"], {
  cwd: root,
  stdio: "inherit",
});

// The commit the CLI is built from (as the bench reports it), or "unknown" outside a git checkout.
function gitCommit() {
  try {
    const git = (...args) => execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return git("rev-parse", "--short", "HEAD") + (git("status", "--porcelain", "--", "src", "assembly") ? "+dirty" : "");
  } catch {
    return "unknown";
  }
}
const packageVersion = (dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;
const cli = join(root, "dist/cli.js");
await build({
  entryPoints: [join(root, "src/cli/main.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["@bufbuild/protobuf", "@bufbuild/protobuf/*", "protobufjs", "protobufjs/*"],
  banner: { js: "#!/usr/bin/env node" },
  define: {
    PROTOWASM_BUILD: JSON.stringify({
      version: packageVersion(root),
      commit: gitCommit(),
      tinybench: packageVersion(join(root, "node_modules/tinybench")),
    }),
  },
  logLevel: "warning",
  outfile: cli,
});
chmodSync(cli, 0o755);
console.log("build: dist/esm, dist/cjs, dist/node, dist/browser, dist/types, dist/cli.js");
