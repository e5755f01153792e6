// Bundle sizes (minified, and gzipped) of protowasm beside @bufbuild/protobuf and protobufjs,
// each built the same way by esbuild for the browser, and cold start in Node (import to first
// decode of a new type). Usage: node scripts/sizes.mjs (after npm run build)
import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dir = mkdtempSync(join(tmpdir(), "protowasm-sizes-"));
const apps = {
  "protowasm: standalone file (dist/browser/protowasm.min.js)": null,
  "protowasm: app importing only fromBinary": `import { fromBinary } from "protowasm"; globalThis.f = fromBinary;`,
  "protowasm: app importing toBinary + fromBinary": `import { fromBinary, toBinary } from "protowasm"; globalThis.f = [fromBinary, toBinary];`,
  "@bufbuild/protobuf: app importing only fromBinary": `import { fromBinary } from "@bufbuild/protobuf"; globalThis.f = fromBinary;`,
  "@bufbuild/protobuf: app importing toBinary + fromBinary": `import { fromBinary, toBinary } from "@bufbuild/protobuf"; globalThis.f = [fromBinary, toBinary];`,
  "protobufjs/light (reflection, no parser)": `import pb from "protobufjs/light.js"; globalThis.f = pb;`,
  "protobufjs (full, with the .proto parser)": `import pb from "protobufjs"; globalThis.f = pb;`,
};
const rows = [];
for (const [name, code] of Object.entries(apps)) {
  let bytes;
  if (code === null) {
    bytes = readFileSync(join(root, "dist/browser/protowasm.min.js"));
  } else {
    const entry = join(dir, "entry.mjs");
    writeFileSync(entry, code);
    const out = await build({
      entryPoints: [entry], bundle: true, minify: true, format: "esm", platform: "browser", write: false,
      alias: { protowasm: root }, nodePaths: [join(root, "node_modules")], logLevel: "silent",
    });
    bytes = out.outputFiles[0].contents;
  }
  rows.push([name, bytes.length, gzipSync(bytes, { level: 9 }).length]);
}
console.log("| bundle | minified | gzipped |\n| --- | ---: | ---: |");
for (const [name, min, gz] of rows) console.log(`| ${name} | ${(min / 1024).toFixed(1)} KB | ${(gz / 1024).toFixed(1)} KB |`);

// Cold start in Node: a fresh process, time from before the import to after the first decode.
const probe = join(root, "build", "cold-start-probe.mjs"); // inside the project: resolves its node_modules
writeFileSync(probe, `
const t0 = performance.now();
const { create, toBinary } = await import("@bufbuild/protobuf");
const t1 = performance.now();
const pw = await import(${JSON.stringify(join(root, "dist/node/index.js"))});
const t2 = performance.now();
const { TimestampSchema } = await import("@bufbuild/protobuf/wkt");
const bytes = toBinary(TimestampSchema, create(TimestampSchema, { seconds: 1n }));
const t3 = performance.now();
pw.fromBinary(TimestampSchema, bytes);
const t4 = performance.now();
console.log(JSON.stringify({ bufbuild: t1 - t0, protowasm: t2 - t1, firstDecode: t4 - t3 }));
`);
const runs = [];
for (let i = 0; i < 7; i++) runs.push(JSON.parse(execFileSync(process.execPath, [probe], { cwd: root, encoding: "utf8" })));
const med = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[3];
console.log(`\nNode ${process.version} cold start (median of 7 processes): import @bufbuild/protobuf ${med("bufbuild").toFixed(1)} ms, then import protowasm ${med("protowasm").toFixed(1)} ms, first decode of a new type ${med("firstDecode").toFixed(2)} ms`);
