// The catalogue of message types under test, each available twice: from the
// generated code in test/gen (GenMessage) and from a registry built at run time
// from test/gen/descriptors.binpb (createFileRegistry of a FileDescriptorSet).
// The two are distinct DescMessage objects for the same schema.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createFileRegistry, fromBinary as refFromBinary } from "@bufbuild/protobuf";
import type { DescExtension, DescFile, DescMessage, FileRegistry } from "@bufbuild/protobuf";
import {
  AnySchema,
  DurationSchema,
  FileDescriptorSetSchema,
  FileDescriptorProtoSchema,
  Int64ValueSchema,
  ListValueSchema,
  StructSchema,
  TimestampSchema,
  ValueSchema,
} from "@bufbuild/protobuf/wkt";
import * as api from "../gen/api_pb.js";
import * as ed2023 from "../gen/editions2023_pb.js";
import * as ed2024 from "../gen/editions2024_pb.js";
import * as eddelim from "../gen/editions_delimited_pb.js";
import * as golden from "../gen/golden_pb.js";
import * as p2 from "../gen/proto2_pb.js";
import * as p3 from "../gen/proto3_pb.js";
import * as seed from "../gen/seed_pb.js";
import * as wkt from "../gen/wkt_pb.js";

export type Source = "gen" | "registry" | "wkt";

export interface SchemaType {
  /** Unique id: "<typeName>@<source>". */
  id: string;
  desc: DescMessage;
  source: Source;
  /** The .proto file the type comes from. */
  file: string;
  /** Relative share of the differential cases. */
  weight: number;
  /** Message nesting for generated values. */
  maxDepth: number;
  extensionsOf: (desc: DescMessage) => readonly DescExtension[];
}

const DESCRIPTORS = fileURLToPath(new URL("../gen/descriptors.binpb", import.meta.url));

let registry: FileRegistry | undefined;
/** The registry of all test schemas (and the well-known types they import), built from descriptors.binpb. */
export function testRegistry(): FileRegistry {
  registry ??= createFileRegistry(refFromBinary(FileDescriptorSetSchema, readFileSync(DESCRIPTORS)));
  return registry;
}

function collectExtensions(files: Iterable<DescFile>): Map<string, DescExtension[]> {
  const byExtendee = new Map<string, DescExtension[]>();
  const add = (ext: DescExtension) => {
    const list = byExtendee.get(ext.extendee.typeName) ?? [];
    list.push(ext);
    byExtendee.set(ext.extendee.typeName, list);
  };
  const walk = (messages: readonly DescMessage[]) => {
    for (const m of messages) {
      m.nestedExtensions.forEach(add);
      walk(m.nestedMessages);
    }
  };
  for (const f of files) {
    f.extensions.forEach(add);
    walk(f.messages);
  }
  return byExtendee;
}

const GEN_FILES: DescFile[] = [
  api.file_api,
  ed2023.file_editions2023,
  ed2024.file_editions2024,
  eddelim.file_editions_delimited,
  golden.file_golden,
  p2.file_proto2,
  p3.file_proto3,
  seed.file_seed,
  wkt.file_wkt,
];

/** [generated schema, weight, maxDepth] of the root types. */
const ROOTS: [DescMessage, number, number][] = [
  [p2.TestAllTypesProto2Schema, 6, 3],
  [p2.Defaults2Schema, 2, 1],
  [p2.Required2Schema, 2, 3],
  [p2.TreeASchema, 1.5, 6],
  [p3.TestAllTypesProto3Schema, 6, 3],
  [p3.NodeSchema, 1.5, 6],
  [p3.CollectionsSchema, 1, 2],
  [p3.EmptyMessageSchema, 0.5, 1],
  [wkt.WellKnownTypesSchema, 4, 4],
  [ed2023.EditionsMessageSchema, 4, 4],
  [ed2023.RequiredEditionsSchema, 1.5, 3],
  [ed2023.ImplicitOnlySchema, 1, 3],
  [eddelim.DelimitedFileSchema, 2, 4],
  [ed2024.Entry2024Schema, 2, 4],
  [seed.UserSchema, 1.5, 2],
  [seed.ListUsersResponseSchema, 1.5, 2],
  [api.OrderSchema, 1.5, 4],
  [golden.OuterSchema, 0.5, 2],
];

/** Well-known types from @bufbuild/protobuf/wkt as roots. */
const WKT_ROOTS: [DescMessage, number, number][] = [
  [FileDescriptorProtoSchema, 2, 5],
  [StructSchema, 1, 5],
  [ValueSchema, 1, 5],
  [ListValueSchema, 0.5, 5],
  [AnySchema, 0.3, 1],
  [TimestampSchema, 0.3, 1],
  [DurationSchema, 0.3, 1],
  [Int64ValueSchema, 0.3, 1],
];

let catalogue: SchemaType[] | undefined;

export function schemaTypes(): SchemaType[] {
  if (catalogue) return catalogue;
  const genExt = collectExtensions(GEN_FILES);
  const reg = testRegistry();
  const regFiles: DescFile[] = [];
  for (const f of reg.files) regFiles.push(f);
  const regExt = collectExtensions(regFiles);
  const none = () => [];
  const out: SchemaType[] = [];
  for (const [desc, weight, maxDepth] of ROOTS) {
    out.push({
      id: `${desc.typeName}@gen`,
      desc,
      source: "gen",
      file: desc.file.name + ".proto",
      weight,
      maxDepth,
      extensionsOf: (d) => genExt.get(d.typeName) ?? [],
    });
    const regDesc = reg.getMessage(desc.typeName);
    if (!regDesc) throw new Error(`registry lacks ${desc.typeName}`);
    out.push({
      id: `${desc.typeName}@registry`,
      desc: regDesc,
      source: "registry",
      file: regDesc.file.name + ".proto",
      weight: weight / 2,
      maxDepth,
      extensionsOf: (d) => regExt.get(d.typeName) ?? [],
    });
  }
  for (const [desc, weight, maxDepth] of WKT_ROOTS) {
    out.push({
      id: `${desc.typeName}@wkt`,
      desc,
      source: "wkt",
      file: desc.file.name + ".proto",
      weight,
      maxDepth,
      extensionsOf: none,
    });
  }
  catalogue = out;
  return out;
}
