import { create, createFileRegistry } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { readFileSync } from "node:fs";
import { fromBinary, toBinary } from "protowasm";

// A FileDescriptorSet, e.g. from `buf build --as-file-descriptor-set -o user.binpb`.
const set = fromBinary(FileDescriptorSetSchema, readFileSync("examples/user.binpb"));
const registry = createFileRegistry(set);
const User = registry.getMessage("example.v1.User")!;

const bytes = toBinary(User, create(User, { id: 7n, name: "Grace", tags: ["navy"] }));
const user = fromBinary(User, bytes);
console.log(bytes.length, user.name, user.tags);
