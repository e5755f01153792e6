// Real-file workloads from a corpora folder (e.g. ../shared/corpora): workloads.json lists
// [{ name, schema, type, payloads, canonical }]. A schema "schemas/X.proto" is compiled with buf to a
// FileDescriptorSet cached under node_modules/.cache/protowasm-bench; "wkt:..." uses @bufbuild/protobuf's
// built-in descriptor types. Files are read in place, never copied.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createFileRegistry, createRegistry, fromBinary, type DescMessage } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema, file_google_protobuf_descriptor } from "@bufbuild/protobuf/wkt";
import type { Workload } from "./types.js";
import { builtinWorkload } from "./index.js";

interface CorpusEntry {
  name: string;
  schema: string;
  type: string;
  payloads: string[];
  canonical?: boolean;
}

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

function compile(corpora: string, proto: string): Uint8Array {
  const source = readFileSync(join(corpora, proto));
  const hash = createHash("sha256").update(proto).update(source).digest("hex").slice(0, 16);
  const cacheDir = join(root, "node_modules/.cache/protowasm-bench");
  const out = join(cacheDir, `${proto.replace(/[^A-Za-z0-9_.-]/g, "_")}-${hash}.binpb`);
  if (!existsSync(out)) {
    mkdirSync(cacheDir, { recursive: true });
    const buf = join(root, "node_modules/.bin/buf");
    execFileSync(buf, ["build", dirname(proto), "--path", proto, "--as-file-descriptor-set", "-o", out], { cwd: corpora, stdio: "inherit" });
  }
  return readFileSync(out);
}

function schemaFor(corpora: string, entry: CorpusEntry): DescMessage {
  const registry = entry.schema.startsWith("wkt:")
    ? createRegistry(file_google_protobuf_descriptor)
    : createFileRegistry(fromBinary(FileDescriptorSetSchema, compile(corpora, entry.schema)));
  const schema = registry.getMessage(entry.type);
  if (!schema) throw new Error(`corpora workload ${entry.name}: no message ${entry.type} in ${entry.schema}`);
  return schema;
}

function entries(dir: string): CorpusEntry[] {
  return JSON.parse(readFileSync(join(resolve(dir), "workloads.json"), "utf8")) as CorpusEntry[];
}

export function corporaNames(dir: string): string[] {
  return entries(dir).map((e) => e.name);
}

export function corporaWorkload(dir: string, name: string): Workload {
  const corpora = resolve(dir);
  const entry = entries(dir).find((e) => e.name === name);
  if (!entry) throw new Error(`no workload named ${name} in ${join(corpora, "workloads.json")}`);
  const payloads = entry.payloads.map((p) => new Uint8Array(readFileSync(join(corpora, p))));
  const bytes = payloads.reduce((n, p) => n + p.length, 0);
  return {
    name: entry.name,
    description: `${payloads.length} files of ${entry.type} (${entry.schema}), ${bytes} bytes${entry.canonical === false ? ", not canonical" : ""}`,
    schema: schemaFor(corpora, entry),
    payloads,
  };
}

/** A built-in workload by name, or with `c:<name>` one of the corpora folder's (the bench tools' naming). */
export function namedWorkload(name: string, corpora: string): Workload {
  return name.startsWith("c:") ? corporaWorkload(corpora, name.slice(2)) : builtinWorkload(name);
}
