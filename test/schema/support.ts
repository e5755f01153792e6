// Shared by the schema tests: the schema pairs under test/fixtures/schema/pairs, compiled with the
// buf binary of @bufbuild/buf (in parallel, a few at a time, since each call starts a process), and
// `buf breaking` run on the same pairs for the agreement report.
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { fromDescriptorSet, type Schema } from "../../src/schema/index.js";

export const root = join(import.meta.dirname, "..", "..");
export const BUF = join(root, "node_modules", ".bin", "buf");
export const PAIRS = join(root, "test", "fixtures", "schema", "pairs");

/** The names of the schema pairs, sorted. */
export function pairNames(): string[] {
  return readdirSync(PAIRS).sort();
}

interface Exec {
  code: number;
  stdout: Buffer;
  stderr: string;
}

function exec(args: string[], cwd: string): Promise<Exec> {
  return new Promise((resolve) => {
    execFile(BUF, args, { cwd, encoding: "buffer", maxBuffer: 1 << 28 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr: stderr.toString() });
    });
  });
}

/** Runs `fn` over `items`, `limit` at a time, keeping the order. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** A directory of .proto files compiled with buf (source info kept), as loadSchema would. */
export async function compileDir(dir: string): Promise<Schema> {
  const r = await exec(["build", ".", "--as-file-descriptor-set", "-o", "-"], dir);
  if (r.code !== 0) throw new Error(`buf build ${dir}: ${r.stderr}`);
  return fromDescriptorSet(fromBinary(FileDescriptorSetSchema, r.stdout), dir);
}

/** The .proto files of a directory and their text, as one string: equal strings compile alike. */
function contentKey(dir: string, prefix = ""): string {
  return readdirSync(dir)
    .sort()
    .map((e) => (statSync(join(dir, e)).isDirectory() ? contentKey(join(dir, e), `${prefix}${e}/`) : `${prefix}${e}\n${readFileSync(join(dir, e), "utf8")}`))
    .join("\n");
}

/** Both sides of every pair, compiled; sides with the same files (most pairs share their old side) once. */
export async function compilePairs(): Promise<Map<string, { old: Schema; new: Schema }>> {
  const names = pairNames();
  const dirs = names.flatMap((n) => [join(PAIRS, n, "old"), join(PAIRS, n, "new")]);
  const keys = dirs.map((d) => contentKey(d));
  const unique = [...new Map(keys.map((k, i) => [k, dirs[i]])).entries()];
  const compiled = await pool(unique, 4, ([, dir]) => compileDir(dir));
  const byKey = new Map(unique.map(([k], i) => [k, compiled[i]]));
  return new Map(names.map((n, i) => [n, { old: byKey.get(keys[2 * i])!, new: byKey.get(keys[2 * i + 1])! }]));
}

/** buf's breaking rules with the categories each belongs to (WIRE, WIRE_JSON, PACKAGE, FILE, ...). */
export async function bufRuleCategories(): Promise<Map<string, string[]>> {
  const r = await exec(["config", "ls-breaking-rules", "--configured-only=false", "--format", "json", "--version", "v2"], root);
  if (r.code !== 0) throw new Error(`buf config ls-breaking-rules: ${r.stderr}`);
  const rules = r.stdout.toString().split("\n").filter(Boolean).map((l) => JSON.parse(l) as { id: string; categories: string[] });
  return new Map(rules.map((x) => [x.id, x.categories]));
}

/**
 * The rule ids `buf breaking` reports for a pair with the rules of all `categories` on (one buf call;
 * which category a finding belongs to comes from {@link bufRuleCategories}).
 */
export async function bufBreaking(pair: string, categories: string[]): Promise<string[]> {
  const config = JSON.stringify({ version: "v2", breaking: { use: categories } });
  const r = await exec(["breaking", ".", "--against", "../old", "--config", config, "--against-config", config, "--error-format", "json"], join(PAIRS, pair, "new"));
  if (r.code !== 0 && r.code !== 100) throw new Error(`buf breaking ${pair}: ${r.stderr}`);
  return r.stdout
    .toString()
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { type: string }).type)
    .sort();
}
