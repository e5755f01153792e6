// Fingerprints of a schema: a SHA-256 over a canonical text of the descriptors that keeps only what
// decides the wire and JSON forms. Comments, whitespace, options without effect on encoding, file
// order and declaration order are not in the text (everything is sorted by number or name), so they
// cannot change a hash; a message's hash also covers every type its fields reach, because those
// decide its encoding too.
import { createHash } from "node:crypto";
import type { DescEnum, DescFile, DescMessage, DescService } from "@bufbuild/protobuf";
import type { Schema } from "./load.js";
import { fieldShape, typeLabel } from "./shape.js";

/** The fingerprints of one file and of each message it declares (nested ones included). */
export interface FileHash {
  readonly file: string;
  readonly hash: string;
  /** Message full name to hash, sorted by name. */
  readonly messages: Readonly<Record<string, string>>;
}

/** Fingerprints of a whole schema. */
export interface SchemaHash {
  /** Over every file of the schema. */
  readonly hash: string;
  readonly files: readonly FileHash[];
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sha256(lines: Iterable<string>): string {
  const h = createHash("sha256");
  for (const line of lines) h.update(line + "\n");
  return "sha256:" + h.digest("hex");
}

/** The canonical text of a message: its fields by number with everything that decides their encoding. */
export function canonicalMessage(message: DescMessage): string {
  const fields = [...message.fields].sort((a, b) => a.number - b.number).map((f) => {
    const s = fieldShape(f);
    const parts = [`  ${f.number} ${f.name} json=${f.jsonName} ${s.cardinality} ${typeLabel(s)}`];
    if (s.type === "group") parts.push("delimited");
    if (s.packed) parts.push("packed");
    if (s.oneof) parts.push(`oneof=${s.oneof}`);
    if (s.defaultValue) parts.push(`default=${JSON.stringify(s.defaultValue)}`);
    return parts.join(" ");
  });
  const head = `message ${message.typeName}${message.proto.options?.messageSetWireFormat ? " message_set" : ""} {`;
  return [head, ...fields, "}"].join("\n");
}

/** The canonical text of an enum: open or closed, and its values by number then name. */
export function canonicalEnum(e: DescEnum): string {
  const values = [...e.values].sort((a, b) => a.number - b.number || byName(a.name, b.name)).map((v) => `  ${v.number} ${v.name}`);
  return [`enum ${e.typeName} ${e.open ? "open" : "closed"} {`, ...values, "}"].join("\n");
}

/** The canonical text of a service: its methods by name with their types and streaming. */
export function canonicalService(s: DescService): string {
  const methods = [...s.methods]
    .sort((a, b) => byName(a.name, b.name))
    .map((m) => `  ${m.name} ${m.methodKind} ${m.input.typeName} ${m.output.typeName}`);
  return [`service ${s.typeName} {`, ...methods, "}"].join("\n");
}

/** Adds the canonical texts of `message` and of every message and enum its fields reach. */
function collect(message: DescMessage, into: Map<string, string>): void {
  if (into.has(message.typeName)) return;
  into.set(message.typeName, canonicalMessage(message));
  for (const f of message.fields) {
    if (f.message) collect(f.message, into);
    if (f.enum && !into.has(f.enum.typeName)) into.set(f.enum.typeName, canonicalEnum(f.enum));
  }
}

function hashOf(texts: Map<string, string>, extra: string[] = []): string {
  const keys = [...texts.keys()].sort(byName);
  return sha256([...extra, ...keys.map((k) => texts.get(k)!)]);
}

/** Every message declared in a file, nested ones included, map entries left out. */
export function allMessages(file: DescFile): DescMessage[] {
  const out: DescMessage[] = [];
  const walk = (m: DescMessage) => {
    if (m.proto.options?.mapEntry) return;
    out.push(m);
    m.nestedMessages.forEach(walk);
  };
  file.messages.forEach(walk);
  return out;
}

/** Every enum declared in a file, nested ones included. */
export function allEnums(file: DescFile): DescEnum[] {
  return [...file.enums, ...allMessages(file).flatMap((m) => m.nestedEnums)];
}

/** The fingerprint of one message: it and every type it reaches. */
export function hashMessage(message: DescMessage): string {
  const texts = new Map<string, string>();
  collect(message, texts);
  return hashOf(texts);
}

function fileTexts(file: DescFile, into: Map<string, string>): void {
  for (const m of allMessages(file)) collect(m, into);
  for (const e of allEnums(file)) into.set(e.typeName, canonicalEnum(e));
  for (const s of file.services) {
    into.set(s.typeName, canonicalService(s));
    for (const m of s.methods) {
      collect(m.input, into);
      collect(m.output, into);
    }
  }
}

/** The fingerprint of one file: its package, messages, enums and services, and the types they reach. */
export function hashFile(file: DescFile): FileHash {
  const texts = new Map<string, string>();
  fileTexts(file, texts);
  const messages: Record<string, string> = {};
  for (const m of allMessages(file).sort((a, b) => byName(a.typeName, b.typeName))) messages[m.typeName] = hashMessage(m);
  return { file: file.proto.name, hash: hashOf(texts, [`package ${file.proto.package}`]), messages };
}

/** The fingerprints of a schema: one over all its files, and one per file and message. */
export function hashSchema(schema: Schema): SchemaHash {
  const texts = new Map<string, string>();
  for (const f of schema.files) fileTexts(f, texts);
  const packages = [...new Set(schema.files.map((f) => `package ${f.proto.package}`))].sort(byName);
  return { hash: hashOf(texts, packages), files: schema.files.map(hashFile) };
}
