// The documentation of a schema as plain data: what the Markdown and HTML renderers print, built
// once from the descriptors so both pages list the same elements with the same comments.
import type { DescEnum, DescFile, DescMessage, DescService } from "@bufbuild/protobuf";
import { allEnums, allMessages } from "./hash.js";
import type { Schema } from "./load.js";
import { fieldShape } from "./shape.js";
import { commentOf, FILE_PACKAGE_PATH, sourcePath } from "./source.js";

/** A reference to a type: its name, and whether it is documented on the page (so it can be linked). */
export interface TypeRef {
  readonly name: string;
  readonly linked: boolean;
}

export interface DocField {
  readonly name: string;
  readonly number: number;
  readonly jsonName: string;
  /** "", "optional", "required", "repeated" or "map<key, …>" prefix. */
  readonly label: string;
  readonly type: TypeRef;
  readonly oneof: string;
  readonly comment: string;
  readonly deprecated: boolean;
}

export interface DocMessage {
  readonly name: string;
  readonly comment: string;
  readonly deprecated: boolean;
  readonly fields: readonly DocField[];
  readonly reserved: string;
}

export interface DocEnum {
  readonly name: string;
  readonly comment: string;
  readonly deprecated: boolean;
  readonly values: readonly { name: string; number: number; comment: string; deprecated: boolean }[];
  readonly reserved: string;
}

export interface DocMethod {
  readonly name: string;
  readonly request: TypeRef;
  readonly response: TypeRef;
  readonly clientStreaming: boolean;
  readonly serverStreaming: boolean;
  readonly comment: string;
  readonly deprecated: boolean;
}

export interface DocService {
  readonly name: string;
  readonly comment: string;
  readonly deprecated: boolean;
  readonly methods: readonly DocMethod[];
}

export interface DocFile {
  readonly name: string;
  readonly package: string;
  readonly comment: string;
  readonly deprecated: boolean;
  readonly messages: readonly DocMessage[];
  readonly enums: readonly DocEnum[];
  readonly services: readonly DocService[];
}

/** The text of reserved ranges and names: "2, 9 to 11; names: foo, bar". */
function reservedText(ranges: { start: number; end: number }[], names: string[], endInclusive: boolean): string {
  const r = ranges.map((x) => {
    const last = endInclusive ? x.end : x.end - 1;
    return last === x.start ? String(x.start) : last >= 536870911 ? `${x.start} to max` : `${x.start} to ${last}`;
  });
  return [r.join(", "), names.length ? `names: ${names.join(", ")}` : ""].filter(Boolean).join("; ");
}

function messageDoc(m: DescMessage, documented: Set<string>): DocMessage {
  const ref = (name: string): TypeRef => ({ name, linked: documented.has(name) });
  const fields = m.fields.map((f): DocField => {
    const s = fieldShape(f);
    const type = s.typeName ? ref(s.typeName) : { name: s.type, linked: false };
    // "optional" is written only where the source says it: not for message fields or oneof members.
    const implicitOptional = s.cardinality === "optional" && (s.oneof !== "" || f.fieldKind === "message");
    const label = s.cardinality === "map" ? `map<${s.mapKey}, …>` : s.cardinality === "singular" || implicitOptional ? "" : s.cardinality;
    return { name: f.name, number: f.number, jsonName: f.jsonName, label, type, oneof: s.oneof, comment: commentOf(m.file, sourcePath(f)), deprecated: f.deprecated };
  });
  return { name: m.typeName, comment: commentOf(m.file, sourcePath(m)), deprecated: m.deprecated, fields, reserved: reservedText(m.proto.reservedRange, m.proto.reservedName, false) };
}

function enumDoc(e: DescEnum): DocEnum {
  const values = e.values.map((v) => ({ name: v.name, number: v.number, comment: commentOf(e.file, sourcePath(v)), deprecated: v.deprecated }));
  return { name: e.typeName, comment: commentOf(e.file, sourcePath(e)), deprecated: e.deprecated, values, reserved: reservedText(e.proto.reservedRange, e.proto.reservedName, true) };
}

function serviceDoc(s: DescService, documented: Set<string>): DocService {
  const ref = (name: string): TypeRef => ({ name, linked: documented.has(name) });
  const methods = s.methods.map((m) => ({
    name: m.name,
    request: ref(m.input.typeName),
    response: ref(m.output.typeName),
    clientStreaming: m.methodKind === "client_streaming" || m.methodKind === "bidi_streaming",
    serverStreaming: m.methodKind === "server_streaming" || m.methodKind === "bidi_streaming",
    comment: commentOf(s.file, sourcePath(m)),
    deprecated: m.deprecated,
  }));
  return { name: s.typeName, comment: commentOf(s.file, sourcePath(s)), deprecated: s.deprecated, methods };
}

function fileDoc(f: DescFile, documented: Set<string>): DocFile {
  return {
    name: f.proto.name,
    package: f.proto.package,
    comment: commentOf(f, FILE_PACKAGE_PATH),
    deprecated: f.deprecated,
    messages: allMessages(f).map((m) => messageDoc(m, documented)),
    enums: allEnums(f).map(enumDoc),
    services: f.services.map((s) => serviceDoc(s, documented)),
  };
}

/** The documentation model of every file of a schema, in file-name order, elements in declaration order. */
export function docModel(schema: Schema): DocFile[] {
  const documented = new Set<string>();
  for (const f of schema.files) {
    for (const m of allMessages(f)) documented.add(m.typeName);
    for (const e of allEnums(f)) documented.add(e.typeName);
  }
  return schema.files.map((f) => fileDoc(f, documented));
}
