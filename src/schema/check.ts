// Breaking-change detection between two versions of a schema. Elements are matched by full name
// (messages, enums, services), fields and enum values by number (then by name, to tell a renumbered
// field from a deleted one). Every rule has a level: "wire" rules catch what breaks the binary form,
// "wire-json" adds what breaks ProtoJSON, "source" adds what breaks generated code and package
// consumers. Checking at a level reports the rules of that level and below.
import type { DescEnum, DescField, DescFile, DescMessage, DescService } from "@bufbuild/protobuf";
import { typeChange } from "./compat.js";
import { allEnums, allMessages } from "./hash.js";
import type { Schema } from "./load.js";
import { fieldShape, typeLabel } from "./shape.js";
import { FILE_PACKAGE_PATH, lineOf, locationAt, type SchemaElement } from "./source.js";

/** The rule sets, each including the ones before it. */
export const RULE_SETS = ["wire", "wire-json", "source"] as const;
/** A rule set: "wire", "wire-json" or "source". */
export type RuleSet = (typeof RULE_SETS)[number];

/** Every rule id with the lowest rule set it belongs to. */
export const RULES = {
  FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED: "wire",
  FIELD_SAME_NUMBER: "wire",
  FIELD_WIRE_COMPATIBLE_TYPE: "wire",
  FIELD_WIRE_COMPATIBLE_CARDINALITY: "wire",
  FIELD_SAME_ONEOF: "wire",
  FIELD_SAME_DEFAULT: "wire",
  ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED: "wire",
  RESERVED_NUMBER_REUSED: "wire",
  RESERVED_NUMBER_NO_DELETE: "wire",
  FILE_SAME_PACKAGE: "wire",
  RPC_SAME_STREAMING: "wire",
  FIELD_NO_DELETE_UNLESS_NAME_RESERVED: "wire-json",
  FIELD_SAME_NAME: "wire-json",
  FIELD_SAME_JSON_NAME: "wire-json",
  FIELD_WIRE_JSON_COMPATIBLE_TYPE: "wire-json",
  ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED: "wire-json",
  ENUM_VALUE_SAME_NAME: "wire-json",
  RESERVED_NAME_REUSED: "wire-json",
  RESERVED_NAME_NO_DELETE: "wire-json",
  MESSAGE_NO_DELETE: "source",
  ENUM_NO_DELETE: "source",
  ENUM_VALUE_NO_DELETE: "source",
  FIELD_NO_DELETE: "source",
  ONEOF_NO_DELETE: "source",
  FIELD_SAME_TYPE: "source",
  FIELD_SAME_CARDINALITY: "source",
  FIELD_SAME_PRESENCE: "source",
  FIELD_SAME_PACKED: "source",
  SERVICE_NO_DELETE: "source",
  RPC_NO_DELETE: "source",
  RPC_SAME_REQUEST_TYPE: "source",
  RPC_SAME_RESPONSE_TYPE: "source",
} as const satisfies Record<string, RuleSet>;
/** A rule id. */
export type RuleId = keyof typeof RULES;

/** One breaking change. */
export interface Finding {
  readonly rule: RuleId;
  /** The lowest rule set that reports this rule. */
  readonly set: RuleSet;
  /** Full name of the element: `pkg.Message`, `pkg.Message.field`, `pkg.Enum.VALUE`, `pkg.Service.Method`, or the file name. */
  readonly element: string;
  /** The .proto file, in the new schema for changes and in the old one for deletions. */
  readonly file: string;
  /** 1-based line from the source info, 0 when the schema has none. */
  readonly line: number;
  /** Whether file:line points into the old or the new schema. */
  readonly side: "old" | "new";
  readonly message: string;
}

type Report = (rule: RuleId, element: string, at: { file: DescFile; line?: number } | SchemaElement, side: "old" | "new", message: string) => void;

function fileOfElement(desc: SchemaElement): DescFile {
  return desc.kind === "field" || desc.kind === "oneof" || desc.kind === "enum_value" || desc.kind === "rpc" ? desc.parent.file : desc.file;
}

interface Reserved {
  ranges: { start: number; end: number }[]; // end exclusive
  names: string[];
}

function reservedOf(proto: { reservedRange: { start: number; end: number }[]; reservedName: string[] }, endInclusive: boolean): Reserved {
  return { ranges: proto.reservedRange.map((r) => ({ start: r.start, end: endInclusive ? r.end + 1 : r.end })), names: proto.reservedName };
}

const inRanges = (ranges: Reserved["ranges"], n: number) => ranges.some((r) => n >= r.start && n < r.end);

function checkReserved(kind: string, element: string, oldR: Reserved, newR: Reserved, usedNumbers: Set<number>, usedNames: Set<string>, at: SchemaElement, report: Report): void {
  for (const r of oldR.ranges) {
    for (let n = r.start; n < r.end && n < r.start + 1_000_000; n++) {
      if (inRanges(newR.ranges, n)) continue;
      if (usedNumbers.has(n)) {
        report("RESERVED_NUMBER_REUSED", element, at, "new", `${kind} number ${n} was reserved and is used again`);
      } else {
        report("RESERVED_NUMBER_NO_DELETE", element, at, "new", `reserved ${kind} number ${n} is no longer reserved`);
      }
      break; // one finding per range
    }
  }
  for (const name of oldR.names) {
    if (newR.names.includes(name)) continue;
    if (usedNames.has(name)) report("RESERVED_NAME_REUSED", element, at, "new", `${kind} name "${name}" was reserved and is used again`);
    else report("RESERVED_NAME_NO_DELETE", element, at, "new", `reserved ${kind} name "${name}" is no longer reserved`);
  }
}

function checkField(a: DescField, b: DescField, report: Report): void {
  const name = `${b.parent.typeName}.${b.name}`;
  const sa = fieldShape(a), sb = fieldShape(b);
  if (a.name !== b.name) report("FIELD_SAME_NAME", name, b, "new", `field ${a.number} was renamed from "${a.name}" to "${b.name}"`);
  else if (a.jsonName !== b.jsonName) report("FIELD_SAME_JSON_NAME", name, b, "new", `field ${a.number} changed its JSON name from "${a.jsonName}" to "${b.jsonName}"`);
  const repeatedA = sa.cardinality === "repeated" || sa.cardinality === "map", repeatedB = sb.cardinality === "repeated" || sb.cardinality === "map";
  if (sa.cardinality !== sb.cardinality) {
    const msg = `field ${a.number} changed from ${sa.cardinality} to ${sb.cardinality}`;
    if (repeatedA !== repeatedB || sa.cardinality === "required" || sb.cardinality === "required") report("FIELD_WIRE_COMPATIBLE_CARDINALITY", name, b, "new", msg);
    else if (sa.cardinality === "map" || sb.cardinality === "map") report("FIELD_WIRE_COMPATIBLE_CARDINALITY", name, b, "new", msg);
    else report("FIELD_SAME_PRESENCE", name, b, "new", msg + " (field presence changed)");
  }
  const severity = typeChange(sa, sb);
  if (severity !== "none") {
    const rule = severity === "wire" ? "FIELD_WIRE_COMPATIBLE_TYPE" : severity === "json" ? "FIELD_WIRE_JSON_COMPATIBLE_TYPE" : "FIELD_SAME_TYPE";
    report(rule, name, b, "new", `field ${a.number} changed type from ${typeLabel(sa)} to ${typeLabel(sb)}`);
  }
  if (sa.oneof !== sb.oneof) {
    const what = !sa.oneof ? `moved into oneof ${sb.oneof}` : !sb.oneof ? `moved out of oneof ${sa.oneof}` : `moved from oneof ${sa.oneof} to ${sb.oneof}`;
    report("FIELD_SAME_ONEOF", name, b, "new", `field ${a.number} ${what}`);
  }
  if (repeatedA && repeatedB && sa.packed !== sb.packed) {
    report("FIELD_SAME_PACKED", name, b, "new", `field ${a.number} changed from ${sa.packed ? "packed" : "unpacked"} to ${sb.packed ? "packed" : "unpacked"}`);
  }
  if (sa.defaultValue !== sb.defaultValue) {
    report("FIELD_SAME_DEFAULT", name, b, "new", `field ${a.number} changed its default from ${JSON.stringify(sa.defaultValue)} to ${JSON.stringify(sb.defaultValue)}`);
  }
}

function checkMessage(a: DescMessage, b: DescMessage, report: Report): void {
  const newByNumber = new Map(b.fields.map((f) => [f.number, f]));
  const newByName = new Map(b.fields.map((f) => [f.name, f]));
  const newReserved = reservedOf(b.proto, false);
  for (const fa of a.fields) {
    const fb = newByNumber.get(fa.number);
    const name = `${a.typeName}.${fa.name}`;
    if (fb) {
      checkField(fa, fb, report);
      continue;
    }
    const moved = newByName.get(fa.name);
    if (moved) {
      report("FIELD_SAME_NUMBER", name, moved, "new", `field "${fa.name}" changed its number from ${fa.number} to ${moved.number}`);
      continue;
    }
    report("FIELD_NO_DELETE", name, fa, "old", `field ${fa.number} "${fa.name}" was deleted`);
    if (!inRanges(newReserved.ranges, fa.number)) report("FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", name, fa, "old", `field ${fa.number} "${fa.name}" was deleted without reserving its number`);
    if (!newReserved.names.includes(fa.name)) report("FIELD_NO_DELETE_UNLESS_NAME_RESERVED", name, fa, "old", `field ${fa.number} "${fa.name}" was deleted without reserving its name`);
  }
  const newOneofs = new Set(b.oneofs.map((o) => o.name));
  for (const o of a.oneofs) {
    if (!newOneofs.has(o.name)) report("ONEOF_NO_DELETE", `${a.typeName}.${o.name}`, o, "old", `oneof "${o.name}" was deleted`);
  }
  const oldNumbers = new Set(a.fields.map((f) => f.number)), oldNames = new Set(a.fields.map((f) => f.name));
  const reusedNumbers = new Set(b.fields.map((f) => f.number).filter((n) => !oldNumbers.has(n)));
  const reusedNames = new Set(b.fields.map((f) => f.name).filter((n) => !oldNames.has(n)));
  checkReserved("field", b.typeName, reservedOf(a.proto, false), newReserved, reusedNumbers, reusedNames, b, report);
}

function checkEnum(a: DescEnum, b: DescEnum, report: Report): void {
  const newReserved = reservedOf(b.proto, true);
  for (const va of a.values) {
    const name = `${a.typeName}.${va.name}`;
    const same = b.values.filter((v) => v.number === va.number);
    if (same.length === 0) {
      report("ENUM_VALUE_NO_DELETE", name, va, "old", `enum value ${va.number} ${va.name} was deleted`);
      if (!inRanges(newReserved.ranges, va.number)) report("ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", name, va, "old", `enum value ${va.number} ${va.name} was deleted without reserving its number`);
      if (!newReserved.names.includes(va.name)) report("ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED", name, va, "old", `enum value ${va.number} ${va.name} was deleted without reserving its name`);
    } else if (!same.some((v) => v.name === va.name)) {
      report("ENUM_VALUE_SAME_NAME", `${b.typeName}.${same[0].name}`, same[0], "new", `enum value ${va.number} was renamed from ${va.name} to ${same.map((v) => v.name).join("/")}`);
    }
  }
  const oldNumbers = new Set(a.values.map((v) => v.number)), oldNames = new Set(a.values.map((v) => v.name));
  checkReserved(
    "enum value", b.typeName, reservedOf(a.proto, true), newReserved,
    new Set(b.values.map((v) => v.number).filter((n) => !oldNumbers.has(n))),
    new Set(b.values.map((v) => v.name).filter((n) => !oldNames.has(n))),
    b, report,
  );
}

function checkService(a: DescService, b: DescService, report: Report): void {
  for (const ma of a.methods) {
    const name = `${a.typeName}.${ma.name}`;
    const mb = b.methods.find((m) => m.name === ma.name);
    if (!mb) {
      report("RPC_NO_DELETE", name, ma, "old", `method ${ma.name} was deleted`);
      continue;
    }
    if (ma.input.typeName !== mb.input.typeName) report("RPC_SAME_REQUEST_TYPE", name, mb, "new", `request type changed from ${ma.input.typeName} to ${mb.input.typeName}`);
    if (ma.output.typeName !== mb.output.typeName) report("RPC_SAME_RESPONSE_TYPE", name, mb, "new", `response type changed from ${ma.output.typeName} to ${mb.output.typeName}`);
    if (ma.methodKind !== mb.methodKind) report("RPC_SAME_STREAMING", name, mb, "new", `method changed from ${ma.methodKind} to ${mb.methodKind}`);
  }
}

function indexBy<T extends { typeName: string }>(items: T[]): Map<string, T> {
  return new Map(items.map((i) => [i.typeName, i]));
}

/** Options of {@link checkSchemas}. */
export interface CheckOptions {
  /** The rule set; default "wire-json". */
  rules?: RuleSet;
}

/**
 * The breaking changes from `older` to `newer` under a rule set, sorted by file, line and rule.
 * At the "source" level a deletion is reported once (FIELD_NO_DELETE, ENUM_VALUE_NO_DELETE), without
 * the wire and JSON variants of the same deletion.
 */
export function checkSchemas(older: Schema, newer: Schema, options: CheckOptions = {}): Finding[] {
  const level = RULE_SETS.indexOf(options.rules ?? "wire-json");
  if (level < 0) throw new Error(`unknown rule set ${String(options.rules)}: one of ${RULE_SETS.join(", ")}`);
  const all: Finding[] = [];
  const report: Report = (rule, element, at, side, message) => {
    const file = "kind" in at ? fileOfElement(at) : at.file;
    const line = "kind" in at ? lineOf(at) : at.line;
    all.push({ rule, set: RULES[rule], element, file: file.proto.name, line: line ?? 0, side, message });
  };
  const oldMessages = allMessages2(older.files), newMessages = indexBy(allMessages2(newer.files));
  for (const ma of oldMessages) {
    const mb = newMessages.get(ma.typeName);
    if (mb) checkMessage(ma, mb, report);
    else report("MESSAGE_NO_DELETE", ma.typeName, ma, "old", `message ${ma.typeName} was deleted`);
  }
  const newEnums = indexBy(newer.files.flatMap(allEnums));
  for (const ea of older.files.flatMap(allEnums)) {
    const eb = newEnums.get(ea.typeName);
    if (eb) checkEnum(ea, eb, report);
    else report("ENUM_NO_DELETE", ea.typeName, ea, "old", `enum ${ea.typeName} was deleted`);
  }
  const newServices = indexBy(newer.files.flatMap((f) => f.services));
  for (const sa of older.files.flatMap((f) => f.services)) {
    const sb = newServices.get(sa.typeName);
    if (sb) checkService(sa, sb, report);
    else report("SERVICE_NO_DELETE", sa.typeName, sa, "old", `service ${sa.typeName} was deleted`);
  }
  for (const fa of older.files) {
    const fb = newer.files.find((f) => f.proto.name === fa.proto.name);
    if (fb && fb.proto.package !== fa.proto.package) {
      const loc = locationAt(fb, FILE_PACKAGE_PATH);
      report("FILE_SAME_PACKAGE", fb.proto.name, { file: fb, line: loc ? loc.span[0] + 1 : undefined }, "new", `package changed from "${fa.proto.package}" to "${fb.proto.package}"`);
    }
  }
  const selected = all.filter((f) => RULE_SETS.indexOf(f.set) <= level);
  // At the source level the plain deletion rules cover their wire and JSON variants.
  const deleted = new Set(selected.filter((f) => f.rule === "FIELD_NO_DELETE" || f.rule === "ENUM_VALUE_NO_DELETE").map((f) => f.element));
  const findings = selected.filter((f) => !(deleted.has(f.element) && /_NO_DELETE_UNLESS_/.test(f.rule)));
  return findings.sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : 0) || x.line - y.line || (x.rule < y.rule ? -1 : x.rule > y.rule ? 1 : 0) || (x.element < y.element ? -1 : 1));
}

function allMessages2(files: readonly DescFile[]): DescMessage[] {
  return files.flatMap(allMessages);
}
