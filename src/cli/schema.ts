// Reads --schema into a FileRegistry: a FileDescriptorSet file (what `buf build -o set.binpb` or
// `protoc --include_imports -o set.binpb` write), or a .proto file compiled with buf when buf is installed.
import { existsSync, readFileSync, statSync } from "node:fs";
import { createFileRegistry, fromBinary, type FileRegistry } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema, type FileDescriptorSet } from "@bufbuild/protobuf/wkt";
import { compileWithBuf, findBuf } from "./buf.js";
import { CliError } from "./cli-error.js";

const HOW_TO_BUILD = "build one with `buf build -o set.binpb` or `protoc --include_imports -o set.binpb <files>.proto`";

function readDescriptorSet(path: string): FileDescriptorSet {
  if (!path.endsWith(".proto")) return parse(path, readFileSync(path));
  const buf = findBuf();
  if (!buf) {
    throw new CliError(`${path} is a .proto file and buf is not installed to compile it: --schema needs a FileDescriptorSet (.binpb); ${HOW_TO_BUILD}, or install buf (npm install @bufbuild/buf)`);
  }
  return parse(path, compileWithBuf(buf, path));
}

function parse(path: string, bytes: Uint8Array): FileDescriptorSet {
  let set: FileDescriptorSet;
  try {
    set = fromBinary(FileDescriptorSetSchema, bytes);
  } catch (e) {
    throw new CliError(`schema ${path} is not a FileDescriptorSet (${e instanceof Error ? e.message : String(e)}); ${HOW_TO_BUILD}`);
  }
  // Other protobuf messages can decode as a FileDescriptorSet; real ones name every file.
  if (set.file.length === 0 || set.file.some((f) => !f.name)) {
    throw new CliError(`schema ${path} is not a FileDescriptorSet (${set.file.length === 0 ? "no files in it" : "a file without a name"}); ${HOW_TO_BUILD}`);
  }
  return set;
}

/**
 * The registry of every file in the schema at `path`.
 * @throws CliError when the file is missing, is not a FileDescriptorSet, lacks imports, or a .proto cannot be compiled
 */
export function loadSchema(path: string): FileRegistry {
  if (!existsSync(path)) throw new CliError(`schema file not found: ${path}`);
  if (statSync(path).isDirectory()) throw new CliError(`schema ${path} is a directory; --schema takes a FileDescriptorSet file; ${HOW_TO_BUILD}`);
  const set = readDescriptorSet(path);
  try {
    return createFileRegistry(set);
  } catch (e) {
    throw new CliError(`schema ${path}: ${e instanceof Error ? e.message : String(e)} (the set must include the imports of its files: buf build does, protoc needs --include_imports)`);
  }
}
