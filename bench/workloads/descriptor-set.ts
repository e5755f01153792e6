// Workload 7: a FileDescriptorSet (proto2, optional fields, many short strings): the bench
// schemas from bench/gen/bench.binpb (with source info) plus @bufbuild/protobuf's WKT files.
import { readFileSync } from "node:fs";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import * as wkt from "@bufbuild/protobuf/wkt";
import { FileDescriptorSetSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import type { Workload } from "./types.js";

export function descriptorSetWorkload(): Workload {
  const benchSet = fromBinary(FileDescriptorSetSchema, readFileSync(new URL("../gen/bench.binpb", import.meta.url)));
  const files = new Map<string, FileDescriptorProto>();
  for (const file of benchSet.file) files.set(file.name, file);
  for (const value of Object.values(wkt)) {
    if (typeof value === "object" && value !== null && "kind" in value && value.kind === "file" && !files.has(value.name + ".proto")) {
      files.set(value.proto.name, value.proto);
    }
  }
  const set = create(FileDescriptorSetSchema, { file: [...files.values()] });
  return {
    name: "descriptor-set",
    description: `a FileDescriptorSet of ${files.size} files: bench/proto with source info, plus @bufbuild/protobuf's well-known types`,
    schema: FileDescriptorSetSchema,
    payloads: [toBinary(FileDescriptorSetSchema, set)],
  };
}
