// Builds the package: wasm (embedded), then ESM and CJS bundles of src/ with esbuild, .d.ts files
// with tsc, and the `protowasm` command (src/cli/main.ts, with the bench code and tinybench bundled)
// as dist/cli.js. @bufbuild/protobuf stays external (peer dependency), protobufjs too (optional, the
// CLI imports it dynamically).
import { execFileSync } from "node:child_process";
import { chmodSync, readFileSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { buildCold, nodeMainPlugin } from "./node-split.mjs";

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
// Node builds (dist/node): index.js with what decoding needs as code, and the encoder,
// streams, batches and metrics as a string compiled on first use (also written as cold.cjs);
// the JavaScript core (for when WebAssembly is unavailable, e.g. --jitless; 128 KB that cost
// about 4 ms of every import) in js-core.cjs, required on first use (scripts/node-split.mjs).
// Browsers get everything in one file (no synchronous loading).
// Minified: Node parses a module's whole text at every import, and minifying halved that
// (import 5.3 -> 4.6 ms). The source maps beside the files map stack traces back to src/
// under `node --enable-source-maps`.
const node = { ...common, platform: "node", target: "node20", minify: true };
const cold = await buildCold(root, node);
await build({ ...node, format: "esm", outfile: join(root, "dist/node/index.js"), plugins: [nodeMainPlugin(root, "esm", cold)] });
await build({ ...node, format: "cjs", outfile: join(root, "dist/node/index.cjs"), plugins: [nodeMainPlugin(root, "cjs", cold)] });
await build({
  ...node, entryPoints: [join(root, "src/wasm/js-core.generated.ts")], format: "cjs", sourcemap: false, outfile: join(root, "dist/node/js-core.cjs"),
});
// protowasm/schema (src/schema): the schema tools, for Node (they run buf or protoc).
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
