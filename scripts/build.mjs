// Builds the package: wasm (embedded), then ESM and CJS bundles of src/ with esbuild and
// .d.ts files with tsc. @bufbuild/protobuf stays external (peer dependency).
import { execFileSync } from "node:child_process";
import { writeFileSync, mkdirSync, rmSync } from "node:fs";
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
mkdirSync(join(root, "dist/cjs"), { recursive: true });
writeFileSync(join(root, "dist/cjs/package.json"), '{ "type": "commonjs" }\n');
execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json", "--emitDeclarationOnly"], {
  cwd: root,
  stdio: "inherit",
});
console.log("build: dist/esm, dist/cjs, dist/types");
