// Regenerates the code and descriptors of the test schemas (test/proto/*.proto):
// protoc-gen-es (TypeScript) into test/gen/*_pb.ts, and a FileDescriptorSet with
// all imports into test/gen/descriptors.binpb. The output is committed, so a
// fresh clone does not need to run this. Usage: node scripts/gen-test-protos.mjs
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "node_modules", ".bin");
const buf = join(bin, "buf");
if (!existsSync(buf)) {
  throw new Error("node_modules/.bin/buf not found: run npm install first");
}
const env = { ...process.env, PATH: bin + delimiter + (process.env.PATH ?? "") };
const run = (args) => execFileSync(buf, args, { cwd: root, env, stdio: "inherit" });

const out = join(root, "test", "gen");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

run(["generate", "test/proto", "--template", "test/proto/buf.gen.yaml"]);
run(["build", "test/proto", "--as-file-descriptor-set", "-o", "test/gen/descriptors.binpb"]);

const files = readdirSync(out).sort();
console.log(`gen-test-protos: wrote ${files.length} files to test/gen: ${files.join(", ")}`);
