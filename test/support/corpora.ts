// Access to the shared real-world corpora (../shared/corpora from the repo root,
// or PROTOWASM_CORPORA): reads workloads.json and compiles each schema with buf
// into a FileDescriptorSet cached under node_modules/.cache/protowasm-corpora
// (keyed by a hash of the .proto file). Corpus files are only read, never copied.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createFileRegistry, fromBinary, type DescMessage } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const CORPORA_DIR = process.env.PROTOWASM_CORPORA || join(REPO_ROOT, "..", "shared", "corpora");
const CACHE_DIR = join(REPO_ROOT, "node_modules", ".cache", "protowasm-corpora");

export interface Workload {
  name: string;
  schema: string;
  type: string;
  payloads: string[];
  canonical: boolean;
}

export function corporaAvailable(): boolean {
  return existsSync(join(CORPORA_DIR, "workloads.json"));
}

export function readWorkloads(): Workload[] {
  return JSON.parse(readFileSync(join(CORPORA_DIR, "workloads.json"), "utf8")) as Workload[];
}

/** The payload as a plain Uint8Array (not a Buffer). */
export function readPayload(path: string): Uint8Array {
  return new Uint8Array(readFileSync(join(CORPORA_DIR, path)));
}

/** Compiles schemas/X.proto with buf (cached) and returns the message type. */
export function messageType(w: Workload): DescMessage {
  if (w.schema === "wkt:google.protobuf.FileDescriptorSet") {
    if (w.type !== "google.protobuf.FileDescriptorSet") throw new Error(`unexpected type ${w.type}`);
    return FileDescriptorSetSchema;
  }
  const protoPath = join(CORPORA_DIR, w.schema);
  const hash = createHash("sha256").update(readFileSync(protoPath)).digest("hex").slice(0, 16);
  const out = join(CACHE_DIR, `${w.schema.replace(/[^\w.-]/g, "_")}-${hash}.binpb`);
  if (!existsSync(out)) {
    mkdirSync(CACHE_DIR, { recursive: true });
    const buf = join(REPO_ROOT, "node_modules", ".bin", "buf");
    const tmp = `${out}.${process.pid}.tmp`;
    // As in the corpora README: buf build schemas --path schemas/X.proto, from the corpora folder.
    execFileSync(buf, ["build", dirname(w.schema), "--path", w.schema, "--as-file-descriptor-set", "-o", tmp], {
      cwd: CORPORA_DIR,
      stdio: ["ignore", "ignore", "pipe"],
    });
    renameSync(tmp, out);
  }
  const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(out)));
  const desc = registry.getMessage(w.type);
  if (!desc) throw new Error(`${w.schema} has no message ${w.type}`);
  return desc;
}

