// Builds a protobufjs Type at run time from the same descriptors as the @bufbuild/protobuf schema:
// the schema's file and its imports, as a FileDescriptorSet, through protobufjs/ext/descriptor.
import { create, toBinary, type DescFile, type DescMessage } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import protobuf from "protobufjs";
import "protobufjs/ext/descriptor.js";

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

export function protobufjsType(schema: DescMessage): protobuf.Type {
  const root = protobuf.Root.fromDescriptor(fileDescriptorSet(schema));
  root.resolveAll();
  return root.lookupType(schema.typeName);
}
