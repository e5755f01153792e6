// Reads schema inputs into descriptors with their source info: .proto files or directories are
// compiled with the buf binary of the npm package @bufbuild/buf (or protoc when buf is missing),
// FileDescriptorSet files (.binpb/.pb) are parsed as they are. Source info is always kept: the
// file:line of every check finding and the comments of the docs come from it.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, relative, resolve } from "node:path";
import { createFileRegistry, fromBinary, type DescFile, type FileRegistry } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema, type FileDescriptorSet } from "@bufbuild/protobuf/wkt";
import { SchemaError } from "./errors.js";

/** A loaded schema: the files it names (its own, not the imports) and the registry resolving them. */
export interface Schema {
  /** The files of the input, sorted by name; imported files (google/protobuf/*, dependencies) are left out. */
  readonly files: readonly DescFile[];
  /** Every file, imports included. */
  readonly registry: FileRegistry;
  /** What the schema was loaded from, for messages. */
  readonly source: string;
}

/** Where to find the compilers; defaults: ./node_modules/.bin and PATH. */
export interface LoadOptions {
  /** Path of the buf executable; `false` to never use buf. */
  buf?: string | false;
  /** Path of the protoc executable; `false` to never use protoc. */
  protoc?: string | false;
}

function findExecutable(name: string): string | undefined {
  const names = process.platform === "win32" ? [name + ".exe", name + ".cmd"] : [name];
  const dirs = [join(process.cwd(), "node_modules", ".bin"), ...(process.env.PATH ?? "").split(delimiter).filter(Boolean)];
  for (const dir of dirs) for (const n of names) if (existsSync(join(dir, n))) return join(dir, n);
  return undefined;
}

/** Splits "file.proto:12:3:message" (buf and protoc both print this) into its parts. */
function compilerError(tool: string, input: string, stderr: string): SchemaError {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const first = lines[0] ?? `${tool} failed`;
  const m = /^(.+?\.proto):(\d+):(\d+):\s*(.*)$/.exec(first);
  const text = `${input} does not compile (${tool}): ${lines.join("; ")}`;
  return m ? new SchemaError(text, { file: m[1], line: Number(m[2]), column: Number(m[3]) }) : new SchemaError(text);
}

function run(tool: string, exe: string, args: string[], input: string, cwd?: string): Buffer {
  try {
    return execFileSync(exe, args, { cwd, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 30, shell: exe.endsWith(".cmd") });
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString() ?? (e instanceof Error ? e.message : String(e));
    throw compilerError(tool, input, stderr);
  }
}

/** Compiles a .proto file or a directory of them to a FileDescriptorSet with imports and source info. */
function compile(input: string, options: LoadOptions): Uint8Array {
  const buf = options.buf === false ? undefined : (options.buf ?? findExecutable("buf"));
  if (buf) return run("buf", buf, ["build", input, "--as-file-descriptor-set", "-o", "-"], input);
  const protoc = options.protoc === false ? undefined : (options.protoc ?? findExecutable("protoc"));
  if (!protoc) {
    throw new SchemaError(`${input}: compiling .proto files needs buf (npm install @bufbuild/buf) or protoc on PATH; or pass a FileDescriptorSet (buf build -o set.binpb)`);
  }
  const root = statSync(input).isDirectory() ? input : dirname(input);
  const files = statSync(input).isDirectory() ? listProtos(input).map((f) => relative(root, f)) : [relative(root, input)];
  const tmp = mkdtempSync(join(tmpdir(), "protowasm-schema-"));
  try {
    const out = join(tmp, "set.binpb");
    run("protoc", protoc, ["-I", root, "--include_imports", "--include_source_info", "-o", out, ...files], input);
    return readFileSync(out);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function listProtos(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSorted(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...listProtos(p));
    else if (p.endsWith(".proto")) out.push(p);
  }
  return out;
}

function readdirSorted(dir: string): string[] {
  return readdirSync(dir).sort();
}

function parseSet(input: string, bytes: Uint8Array): FileDescriptorSet {
  let set: FileDescriptorSet;
  try {
    set = fromBinary(FileDescriptorSetSchema, bytes);
  } catch (e) {
    throw new SchemaError(`${input} is not a FileDescriptorSet (${e instanceof Error ? e.message : String(e)})`);
  }
  if (set.file.length === 0 || set.file.some((f) => !f.name)) {
    throw new SchemaError(`${input} is not a FileDescriptorSet (${set.file.length === 0 ? "no files in it" : "a file without a name"})`);
  }
  return set;
}

/** Imports that are not part of the user's schema: the well-known types and other google/protobuf files. */
function isImportOnly(name: string): boolean {
  return name.startsWith("google/protobuf/");
}

/**
 * Loads a schema from a .proto file, a directory of .proto files (compiled with buf, or protoc when buf
 * is not installed) or a FileDescriptorSet file (anything else, e.g. `buf build -o set.binpb`).
 * @throws SchemaError when the input is missing, does not compile (with the compiler's file:line), or does not resolve
 */
export function loadSchema(input: string, options: LoadOptions = {}): Schema {
  if (!existsSync(input)) throw new SchemaError(`schema input not found: ${input}`);
  const isSource = statSync(input).isDirectory() || input.endsWith(".proto");
  const set = parseSet(input, isSource ? compile(resolve(input), options) : readFileSync(input));
  return fromDescriptorSet(set, input);
}

/**
 * A schema from a parsed FileDescriptorSet.
 * @throws SchemaError when a file's imports are missing from the set
 */
export function fromDescriptorSet(set: FileDescriptorSet, source = "FileDescriptorSet"): Schema {
  let registry: FileRegistry;
  try {
    registry = createFileRegistry(set);
  } catch (e) {
    throw new SchemaError(`${source}: ${e instanceof Error ? e.message : String(e)} (a FileDescriptorSet must include the imports of its files: buf build does, protoc needs --include_imports)`);
  }
  const all = set.file.map((f) => registry.getFile(f.name)).filter((f): f is DescFile => f !== undefined);
  const own = all.filter((f) => !isImportOnly(f.proto.name));
  const files = (own.length > 0 ? own : all).sort((a, b) => (a.proto.name < b.proto.name ? -1 : a.proto.name > b.proto.name ? 1 : 0));
  return { files, registry, source };
}
