// Builds a protobufjs Type at run time from the same descriptors as the @bufbuild/protobuf schema:
// the schema's file and its imports, as a FileDescriptorSet, through protobufjs/ext/descriptor.
// protobufjs is loaded with a dynamic import, so code bundled from here (the protowasm CLI) runs
// without it installed and only the protobufjs candidate fails.
import { create, toBinary, type DescFile, type DescMessage } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import type protobuf from "protobufjs";

let loaded: Promise<typeof protobuf> | undefined;

/** The protobufjs module with its descriptor extension; rejects when protobufjs is not installed. */
export function loadProtobufjs(): Promise<typeof protobuf> {
  loaded ??= (async () => {
    const { default: pb } = await import("protobufjs");
    await import("protobufjs/ext/descriptor.js");
    return pb;
  })();
  return loaded;
}

export function fileDescriptorSet(schema: DescMessage): Uint8Array {
  const files: FileDescriptorProto[] = [];
  const seen = new Set<DescFile>();
  const visit = (file: DescFile) => {
    if (seen.has(file)) return;
    seen.add(file);
    file.dependencies.forEach(visit);
    files.push(file.proto);
  };
  visit(schema.file);
  return toBinary(FileDescriptorSetSchema, create(FileDescriptorSetSchema, { file: files }));
}

export async function protobufjsType(schema: DescMessage): Promise<protobuf.Type> {
  const pb = await loadProtobufjs();
  const root = pb.Root.fromDescriptor(fileDescriptorSet(schema));
  root.resolveAll();
  return root.lookupType(schema.typeName);
}
