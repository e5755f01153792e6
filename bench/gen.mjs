// Regenerates bench/gen/ from bench/proto/*.proto: TypeScript code with buf + protoc-gen-es,
// and the FileDescriptorSet bench/gen/bench.binpb (with imports and source info).
// Run from anywhere: node bench/gen.mjs
import { execFileSync } from "node:child_process";
import { rmSync, mkdirSync } from "node:fs";
import { dirname, join, delimiter } from "node:path";
import { fileURLToPath } from "node:url";

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = join(benchDir, "..");
const bin = join(root, "node_modules/.bin");
const env = { ...process.env, PATH: bin + delimiter + process.env.PATH };
const buf = (...args) => execFileSync(join(bin, "buf"), args, { cwd: root, env, stdio: "inherit" });

const template = {
  version: "v2",
  plugins: [{ local: "protoc-gen-es", out: "bench/gen", opt: ["target=ts", "import_extension=js"] }],
};

rmSync(join(benchDir, "gen"), { recursive: true, force: true });
mkdirSync(join(benchDir, "gen"), { recursive: true });
buf("generate", "bench/proto", "--template", JSON.stringify(template));
buf("build", "bench/proto", "--as-file-descriptor-set", "-o", "bench/gen/bench.binpb");
console.log("gen: bench/gen/*_pb.ts, bench/gen/bench.binpb");
