// Random message generator driven by a DescMessage, so it works for any schema
// (generated code or a registry built at run time). It builds messages in the
// local representation of @bufbuild/protobuf 2.17: create() defaults, oneof
// ADTs, bigint or string 64-bit integers, unwrapped singular wrapper fields,
// JsonObject for google.protobuf.Struct fields, string map keys, extensions set
// with setExtension(), and optional random $unknown records. Values come from
// values.ts (edge values mixed with random ones); the size is bounded by a
// budget and a maximum depth.
import { ScalarType, create, setExtension } from "@bufbuild/protobuf";
import type { DescEnum, DescExtension, DescField, DescMessage, JsonObject, JsonValue, Message } from "@bufbuild/protobuf";
import type { Rng } from "./rng.js";
import { type IllTypedMode, illTyped, illTypedMapKey, mapKey, scalar, string as randomString, INT32_EDGES, double } from "./values.js";
import { MAX_FIELD_NO, randomFieldNo, randomRecordData, WT } from "./wire.js";

const IMPLICIT = 2;
const LEGACY_REQUIRED = 3;

const WRAPPERS = new Set([
  "google.protobuf.DoubleValue",
  "google.protobuf.FloatValue",
  "google.protobuf.Int64Value",
  "google.protobuf.UInt64Value",
  "google.protobuf.Int32Value",
  "google.protobuf.UInt32Value",
  "google.protobuf.BoolValue",
  "google.protobuf.StringValue",
  "google.protobuf.BytesValue",
]);

export interface GenConfig {
  /** Message nesting below the root (the root is depth 0). */
  maxDepth: number;
  /** Rough limit on the number of values in one message tree. */
  budget: number;
  /** Probability that a field of the root message is set (less deeper down). */
  fieldProb: number;
  /** Probability that a message gets random $unknown records. */
  unknownProb: number;
  /** Allow large strings, bytes and collections. */
  allowLarge: boolean;
  /** Force a chain of nested messages down to this depth when the schema allows. */
  chainDepth?: number;
  /** Inject ill-typed scalar values at this rate. */
  illTyped?: { mode: IllTypedMode; rate: number };
  /** Extensions that extend a message type (set with setExtension). */
  extensionsOf?: (desc: DescMessage) => readonly DescExtension[];
}

export const DEFAULT_GEN: GenConfig = {
  maxDepth: 4,
  budget: 400,
  fieldProb: 0.45,
  unknownProb: 0.04,
  allowLarge: true,
};

/** Object.assign-like set that also makes "__proto__" an own property. */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

export function isWrapper(desc: DescMessage): boolean {
  return WRAPPERS.has(desc.typeName);
}

/** Does @bufbuild/protobuf store this message-typed field as a JsonObject? */
export function usesJson(field: { message?: DescMessage; parent?: DescMessage }): boolean {
  return field.message?.typeName === "google.protobuf.Struct" && field.parent?.typeName !== "google.protobuf.Value";
}

export class MessageGenerator {
  private budget: number;

  constructor(
    private readonly rng: Rng,
    private readonly cfg: GenConfig = DEFAULT_GEN,
  ) {
    this.budget = cfg.budget;
  }

  message(desc: DescMessage, depth = 0): Message {
    const rng = this.rng;
    const msg = create(desc) as unknown as Record<string, unknown>;
    this.budget--;
    const p = this.cfg.fieldProb / (1 + depth);
    for (const member of desc.members) {
      if (member.kind === "oneof") {
        if (this.cfg.illTyped?.mode === "coerce" && rng.chance(this.cfg.illTyped.rate)) {
          // A case name that is not a member: @bufbuild/protobuf writes nothing for it.
          msg[member.localName] = { case: "notAMember", value: 1 };
          continue;
        }
        if (this.budget > 0 && rng.chance(p)) {
          const f = rng.pick(member.fields);
          if (f.fieldKind === "message" && depth >= this.cfg.maxDepth) continue;
          msg[member.localName] = { case: f.localName, value: this.singular(f, depth) };
        }
        continue;
      }
      const f = member;
      const required = f.presence === LEGACY_REQUIRED;
      if (!required && (this.budget <= 0 || !rng.chance(p))) {
        // Clearing an explicit-presence field by assigning undefined is legal and leaves it unset.
        if (f.presence !== IMPLICIT && f.fieldKind !== "list" && f.fieldKind !== "map" && rng.chance(0.02)) {
          msg[f.localName] = undefined;
        }
        continue;
      }
      if ((f.fieldKind === "scalar" || f.fieldKind === "enum") && f.presence !== IMPLICIT && rng.chance(0.1)) {
        // An explicitly set default value is written.
        const dflt = f.getDefaultValue();
        if (dflt !== undefined) {
          msg[f.localName] = f.fieldKind === "scalar" && f.longAsString ? String(dflt) : dflt;
          continue;
        }
      }
      this.setField(msg, f, depth, required);
    }
    if (this.cfg.chainDepth !== undefined && depth < this.cfg.chainDepth) {
      this.chain(msg, desc, depth);
    }
    const exts = this.cfg.extensionsOf?.(desc) ?? [];
    for (const ext of exts) {
      if (this.budget > 0 && rng.chance(p)) {
        const value = this.extensionValue(ext, depth);
        if (value !== undefined) setExtension(msg as unknown as Message, ext, value);
      }
    }
    if (rng.chance(0.01)) msg.$unknown = [];
    if (rng.chance(this.cfg.unknownProb)) {
      const known = new Set(desc.fields.map((f) => f.number));
      const unknown = ((msg.$unknown as unknown[] | undefined) ?? []).slice();
      const n = rng.int(1, 3);
      for (let i = 0; i < n; i++) {
        const no = randomFieldNo(rng, known);
        const wireType = rng.pick([WT.VARINT, WT.I64, WT.LEN, WT.SGROUP, WT.I32]);
        unknown.push({ no, wireType, data: randomRecordData(rng, no, wireType, 1) });
      }
      msg.$unknown = unknown;
    }
    return msg as unknown as Message;
  }

  private setField(msg: Record<string, unknown>, f: DescField, depth: number, required: boolean): void {
    switch (f.fieldKind) {
      case "scalar":
      case "enum":
        msg[f.localName] = this.singular(f, depth);
        return;
      case "message":
        if (depth >= this.cfg.maxDepth && !required) return;
        msg[f.localName] = this.singular(f, depth);
        return;
      case "list":
        msg[f.localName] = this.list(f, depth);
        return;
      case "map":
        msg[f.localName] = this.map(f, depth);
        return;
    }
  }

  /** Forces one message-typed field, so that nesting reaches chainDepth. */
  private chain(msg: Record<string, unknown>, desc: DescMessage, depth: number): void {
    const rng = this.rng;
    const candidates = desc.fields.filter(
      (f) =>
        (f.fieldKind === "message" || (f.fieldKind === "list" && f.listKind === "message") || (f.fieldKind === "map" && f.mapKind === "message")) &&
        !usesJson(f) &&
        !(f.fieldKind === "message" && !f.oneof && isWrapper(f.message)) &&
        f.message!.fields.some((g) => g.fieldKind === "message" || g.fieldKind === "list" || g.fieldKind === "map"),
    );
    if (candidates.length === 0) return;
    const f = rng.pick(candidates);
    const child = this.message(f.message!, depth + 1);
    if (f.fieldKind === "message") {
      if (f.oneof) msg[f.oneof.localName] = { case: f.localName, value: child };
      else msg[f.localName] = child;
    } else if (f.fieldKind === "list") {
      msg[f.localName] = [...((msg[f.localName] as unknown[]) ?? []), child];
    } else if (f.fieldKind === "map") {
      const m = { ...((msg[f.localName] as Record<string, unknown>) ?? {}) };
      setOwn(m, mapKey(rng, f.mapKey), child);
      msg[f.localName] = m;
    }
  }

  private length(depth: number): number {
    const rng = this.rng;
    const r = rng.float();
    if (r < 0.35) return 0;
    if (r < 0.75) return rng.int(1, 3);
    if (r < 0.95) return rng.int(4, 12);
    if (this.cfg.allowLarge && depth === 0 && this.budget > 200 && r < 0.965) return rng.int(40, 300);
    return rng.int(1, 6);
  }

  private scalarValue(type: ScalarType, longAsString: boolean): unknown {
    const ill = this.cfg.illTyped;
    if (ill && this.rng.chance(ill.rate)) {
      const v = illTyped(this.rng, type, ill.mode);
      if (v !== undefined) return v;
    }
    const v = scalar(this.rng, type, longAsString, this.cfg.allowLarge && this.budget > 100);
    if (typeof v === "string") this.budget -= v.length >> 5;
    else if (v instanceof Uint8Array) this.budget -= v.length >> 6;
    this.budget--;
    return v;
  }

  enumValue(e: DescEnum): number {
    const rng = this.rng;
    const ill = this.cfg.illTyped;
    if (ill && rng.chance(ill.rate)) {
      const v = illTyped(rng, ScalarType.INT32, ill.mode);
      if (v !== undefined) return v as number;
    }
    this.budget--;
    if (rng.chance(e.open ? 0.85 : 0.9)) return rng.pick(e.values).number;
    const known = new Set(e.values.map((v) => v.number));
    for (let i = 0; i < 5; i++) {
      const v = rng.chance(0.5) ? rng.pick(INT32_EDGES) : rng.int(-5, 120);
      if (!known.has(v)) return v;
    }
    return rng.pick(e.values).number;
  }

  /** The local value of a singular (or oneof member) field. */
  private singular(f: DescField, depth: number): unknown {
    switch (f.fieldKind) {
      case "scalar":
        return this.scalarValue(f.scalar, f.longAsString);
      case "enum":
        return this.enumValue(f.enum);
      case "message":
        if (!f.oneof && isWrapper(f.message)) {
          const inner = f.message.fields[0];
          return this.scalarValue(inner.scalar!, false);
        }
        if (usesJson(f)) return this.jsonObject(depth + 1);
        return this.message(f.message, depth + 1);
      default:
        throw new Error(`not singular: ${f.fieldKind}`);
    }
  }

  private list(f: DescField & { fieldKind: "list" }, depth: number): unknown[] {
    const n = f.listKind === "message" && depth >= this.cfg.maxDepth ? 0 : this.length(depth);
    const out: unknown[] = [];
    for (let i = 0; i < n && (i === 0 || this.budget > 0); i++) {
      switch (f.listKind) {
        case "scalar":
          out.push(this.scalarValue(f.scalar, f.longAsString));
          break;
        case "enum":
          out.push(this.enumValue(f.enum));
          break;
        case "message":
          out.push(usesJson(f) ? this.jsonObject(depth + 1) : this.message(f.message, depth + 1));
          break;
      }
    }
    return out;
  }

  private map(f: DescField & { fieldKind: "map" }, depth: number): Record<string, unknown> {
    const n = f.mapKind === "message" && depth >= this.cfg.maxDepth ? 0 : this.length(depth);
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n && (i === 0 || this.budget > 0); i++) {
      const ill = this.cfg.illTyped;
      const key = (ill && this.rng.chance(ill.rate) ? illTypedMapKey(this.rng, f.mapKey, ill.mode) : undefined) ?? mapKey(this.rng, f.mapKey);
      let value: unknown;
      switch (f.mapKind) {
        case "scalar":
          value = this.scalarValue(f.scalar, false);
          break;
        case "enum":
          value = this.enumValue(f.enum);
          break;
        case "message":
          value = usesJson(f) ? this.jsonObject(depth + 1) : this.message(f.message, depth + 1);
          break;
      }
      setOwn(out, key, value);
    }
    return out;
  }

  private extensionValue(ext: DescExtension, depth: number): unknown {
    const saved = this.cfg.illTyped;
    (this.cfg as { illTyped?: unknown }).illTyped = undefined; // setExtension() would throw
    try {
      switch (ext.fieldKind) {
        case "scalar":
          return this.scalarValue(ext.scalar, ext.longAsString);
        case "enum":
          return this.enumValue(ext.enum);
        case "message":
          return depth >= this.cfg.maxDepth ? undefined : this.message(ext.message, depth + 1);
        case "list": {
          const n = this.length(depth);
          const out: unknown[] = [];
          for (let i = 0; i < n; i++) {
            if (ext.listKind === "scalar") out.push(this.scalarValue(ext.scalar, ext.longAsString));
            else if (ext.listKind === "enum") out.push(this.enumValue(ext.enum));
            else if (depth < this.cfg.maxDepth) out.push(this.message(ext.message, depth + 1));
          }
          return out;
        }
      }
    } finally {
      (this.cfg as { illTyped?: unknown }).illTyped = saved;
    }
    return undefined;
  }

  jsonObject(depth: number): JsonObject {
    const rng = this.rng;
    const out: Record<string, unknown> = {};
    const n = depth > 5 ? 0 : rng.int(0, 4);
    for (let i = 0; i < n; i++) {
      const key = rng.chance(0.2) ? rng.pick(["", "__proto__", "constructor", "1", "0", "a.b", "😀"]) : randomString(rng, 8);
      setOwn(out, key, this.json(depth + 1));
    }
    return out as JsonObject;
  }

  private json(depth: number): JsonValue {
    const rng = this.rng;
    this.budget--;
    const r = rng.float();
    if (r < 0.15) return null;
    if (r < 0.3) return rng.chance(0.5);
    if (r < 0.55) return double(rng);
    if (r < 0.8 || depth > 5) return randomString(rng, 20);
    if (r < 0.9) {
      const n = rng.int(0, 3);
      const arr: JsonValue[] = [];
      for (let i = 0; i < n; i++) arr.push(this.json(depth + 1));
      return arr;
    }
    return this.jsonObject(depth + 1);
  }
}

/** Random unknown records (no, wireType, data) for field numbers that `desc` does not declare. */
export function randomUnknownRecords(rng: Rng, desc: DescMessage, count: number): { no: number; wireType: number; data: Uint8Array }[] {
  const known = new Set(desc.fields.map((f) => f.number));
  const out: { no: number; wireType: number; data: Uint8Array }[] = [];
  for (let i = 0; i < count; i++) {
    const no = rng.chance(0.05) ? MAX_FIELD_NO : randomFieldNo(rng, known);
    if (known.has(no)) continue;
    const wireType = rng.pick([WT.VARINT, WT.I64, WT.LEN, WT.SGROUP, WT.I32]);
    out.push({ no, wireType, data: randomRecordData(rng, no, wireType, 0) });
  }
  return out;
}
