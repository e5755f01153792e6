// Compiles a DescMessage once into a MessagePlan: a flat, number-indexed description of its
// fields that the decoder and the encoder walk, plus a type record in linear memory that the
// WebAssembly scanner reads. Every message type reachable from the root is compiled in the
// same step, so a scan never meets a type without a record. Plans are cached per descriptor.

import type { DescField, DescMessage } from "@bufbuild/protobuf";
import { protoInt64 } from "@bufbuild/protobuf";
import {
  DENSE_BYTES, FIELD_BYTES, SHAPE_LIST, SHAPE_MAP, SHAPE_SINGULAR, TYPE_BYTES, VK_BYTES, VK_DOUBLE, VK_ENUM,
  VK_FIXED32, VK_FIXED64, VK_FLOAT, VK_GROUP, VK_MESSAGE, VK_SFIXED32, VK_SFIXED64, VK_STRING,
  VK_INT32, VK_SINT32, VK_UINT32, VK_BOOL, VK_INT64, VK_UINT64, VK_SINT64,
} from "./wasm/layout.js";
import { allocPlan, i32, onBackendChange } from "./wasm/instance.js";
import { compileFactory, generateLater } from "./codegen.js";

/** How a message-typed value is held in a message object. */
export const LOCAL_MESSAGE = 0; // the message itself
export const LOCAL_WRAPPER = 1; // singular wrapper field outside a oneof: the bare scalar
export const LOCAL_STRUCT = 2; //  google.protobuf.Struct outside Value: a JsonObject

const IMPLICIT = 2;
const LEGACY_REQUIRED = 3;

export interface FieldPlan {
  readonly index: number;
  readonly no: number;
  readonly name: string; // "pkg.Msg.field", for errors
  readonly localName: string;
  readonly oneof: string | undefined; // local name of the oneof
  readonly shape: number; // SHAPE_*
  /** Value kind (VK_*): of the field, the list element or the map value. */
  readonly vk: number;
  readonly mapKey: number; // VK_* of the map key, or 0
  readonly longAsString: boolean;
  readonly strictUtf8: boolean;
  /** Closed enums: the known values; undefined for open enums and everything else. */
  readonly closedValues: Set<number> | undefined;
  readonly enumZero: number;
  readonly local: number; // LOCAL_*
  child: MessagePlan | undefined; // message, group, map value message
  /** What the decoder does with an entry of this field (D_*), picked once here. */
  readonly dop: number;
  // Encoding
  readonly presence: number; // 0 implicit, 1 explicit, 2 required
  readonly packed: boolean;
  readonly tag: number; // tag of one value (unsigned: a field number of 2^28 or more makes it >= 2^31)
  readonly tagLen: number; // tag with wire type 2 (packed runs, messages, map entries)
  readonly tagGroupEnd: number;
  readonly field: DescField;
}

export interface InitProp {
  readonly name: string;
  readonly kind: number; // 0 implicit scalar constant, 1 list, 2 map, 3 oneof
  readonly constant: unknown;
}

export interface MessagePlan {
  readonly desc: DescMessage;
  readonly typeName: string;
  readonly fields: FieldPlan[]; // sorted by number; index = position
  readonly init: InitProp[];
  readonly prototype: object | undefined;
  /** Address of the type record in linear memory. */
  readonly record: number;
  /** Generated code (codegen.ts), made once the type is in use; null where it is not available. */
  factory: (() => Record<string, unknown>) | null | undefined;
  reader: ((msg: Record<string, any>, p: number) => number) | null | undefined;
  /** Where reader is null: the generic walk behind the same signature (decode.ts). */
  genericReader?: (msg: Record<string, any>, p: number) => number;
  /** What generated readers call for a type without a generated factory (decode.ts factoryOf). */
  genericFactory?: () => Record<string, unknown>;
  /** What generated writers call for a type without a generated writer (encode.ts writerOf). */
  genericWriter?: (msg: Record<string, any>) => void;
  writer: ((msg: Record<string, any>) => void) | null | undefined;
  /** Uses of the generic code while reader, writer and factory are not generated yet. */
  readUses: number;
  writeUses: number;
  makeUses: number;
  /** The direct JavaScript decoder (direct.ts), once generated; null where there is none. */
  direct: ((msg: Record<string, any>, b: Uint8Array, p: number, end: number, depth: number) => number) | null | undefined;
  /** Direct decodes tried (before generation: uses) and given up (bails) by this type as the root. */
  directUses: number;
  directBails: number;
  /** Inputs sent to the scanner for their size (see directMaxBytes). */
  directSkips: number;
  /** Inputs of this many bytes or more go straight to the scanner (one ran out of the direct decoder's budget). */
  directMaxBytes: number;
}

let plans = new WeakMap<DescMessage, MessagePlan>();
// Type records live in the backend's memory: a new backend needs new plans.
onBackendChange(() => {
  plans = new WeakMap();
  lastDesc = undefined;
  lastPlan = undefined;
});

// The last type asked for: calls in a row mostly ask for the same one, and this comparison
// costs less than the WeakMap lookup.
let lastDesc: DescMessage | undefined;
let lastPlan: MessagePlan | undefined;

/** The plan of a message type, compiled on first use. */
export function getPlan(desc: DescMessage): MessagePlan {
  if (desc === lastDesc) return lastPlan!;
  const plan = plans.get(desc) ?? compile(desc);
  lastDesc = desc;
  lastPlan = plan;
  return plan;
}

function compile(root: DescMessage): MessagePlan {
  // Collect every message type reachable from root that has no plan yet.
  const pending: DescMessage[] = [];
  const seen = new Set<DescMessage>();
  const visit = (d: DescMessage) => {
    if (seen.has(d) || plans.has(d)) return;
    seen.add(d);
    pending.push(d);
  };
  visit(root);
  for (let i = 0; i < pending.length; i++) {
    for (const f of pending[i].fields) {
      if (f.message) visit(f.message);
    }
  }
  // Records first (children may be anywhere in the list), then fields that point to them.
  const created: MessagePlan[] = [];
  for (const desc of pending) {
    const plan = createPlan(desc);
    plans.set(desc, plan);
    created.push(plan);
  }
  for (const plan of created) {
    for (const f of plan.fields) {
      if (f.field.message) f.child = plans.get(f.field.message);
    }
    writeRecord(plan);
  }
  return plans.get(root)!;
}

/** The most fields of any type planned so far (sizes the scanner's element-count rows). */
export let maxFieldCount = 1;

// Field numbers 0 to denseLength - 1 have a slot in the type record's dense table (the fields
// are sorted by number); larger ones are found by search.
function denseLength(fields: FieldPlan[]): number {
  const maxNo = fields.length ? fields[fields.length - 1].no : 0;
  return Math.min(maxNo + 1, 512);
}

function createPlan(desc: DescMessage): MessagePlan {
  const sorted = desc.fields.concat().sort((a, b) => a.number - b.number);
  const fields = sorted.map((f, index) => fieldPlan(f, index));
  if (fields.length > maxFieldCount) maxFieldCount = fields.length;
  const bytes = TYPE_BYTES + denseLength(fields) * DENSE_BYTES + fields.length * FIELD_BYTES;
  const { init, prototype } = initPlan(desc);
  return {
    desc, typeName: desc.typeName, fields, init, prototype, record: allocPlan(bytes),
    factory: undefined, reader: undefined, writer: undefined, readUses: 0, writeUses: 0, makeUses: 0,
    direct: undefined, directUses: 0, directBails: 0, directSkips: 0, directMaxBytes: Infinity,
  };
}

// The wrapper types (google/protobuf/wrappers.proto), which generated code holds as their
// value. Tested as @bufbuild/protobuf's isWrapperDesc does, written here: importing it from
// "@bufbuild/protobuf/wkt" loads and builds every well-known type's descriptor at import
// time, several milliseconds of start-up.
const WRAPPERS = new Set([
  "google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value",
  "google.protobuf.UInt64Value", "google.protobuf.Int32Value", "google.protobuf.UInt32Value",
  "google.protobuf.BoolValue", "google.protobuf.StringValue", "google.protobuf.BytesValue",
]);

function isWrapperDesc(desc: DescMessage): boolean {
  const f = desc.fields[0];
  return WRAPPERS.has(desc.typeName) && f !== undefined && f.fieldKind === "scalar" && f.name === "value" && f.number === 1;
}

/**
 * The zero value of a scalar kind, as @bufbuild/protobuf's scalarZeroValue gives it (written
 * here: importing "@bufbuild/protobuf/reflect" costs milliseconds of start-up).
 */
export function scalarZero(vk: number, longAsString: boolean): unknown {
  switch (vk) {
    case VK_STRING:
      return "";
    case VK_BOOL:
      return false;
    case VK_BYTES:
      return new Uint8Array(0);
    case VK_INT64:
    case VK_UINT64:
    case VK_SINT64:
    case VK_FIXED64:
    case VK_SFIXED64:
      return longAsString ? "0" : protoInt64.zero;
    default:
      return 0; // the 32-bit integers, float and double
  }
}

function writeRecord(plan: MessagePlan): void {
  const rec = plan.record;
  const n = plan.fields.length;
  const denseLen = denseLength(plan.fields);
  const denseAt = rec + TYPE_BYTES;
  const fieldsAt = denseAt + denseLen * DENSE_BYTES;
  const w = i32; // no allocation happens below, so the view stays valid
  w[rec >> 2] = n;
  w[(rec >> 2) + 1] = fieldsAt;
  w[(rec >> 2) + 2] = denseLen;
  w[(rec >> 2) + 3] = 0; // unused: the dense table is at rec + TYPE_BYTES
  for (let i = 0; i < denseLen * 2; i++) w[(denseAt >> 2) + i] = 0;
  for (const f of plan.fields) {
    const at = (fieldsAt >> 2) + f.index * 4;
    const word = f.vk | (f.shape << 8) | ((f.strictUtf8 ? 1 : 0) << 10) | (f.mapKey << 16);
    w[at] = word;
    w[at + 1] = f.child ? f.child.record : 0;
    w[at + 2] = f.no;
    w[at + 3] = 0;
    if (f.no < denseLen) {
      w[(denseAt >> 2) + 2 * f.no] = f.index + 1;
      w[(denseAt >> 2) + 2 * f.no + 1] = word;
    }
  }
}

function fieldPlan(field: DescField, index: number): FieldPlan {
  let shape = SHAPE_SINGULAR;
  let vk: number;
  let mapKey = 0;
  let longAsString = false;
  let closedValues: Set<number> | undefined;
  let enumZero = 0;
  let local = LOCAL_MESSAGE;
  const usesStruct = (m: DescMessage) =>
    m.typeName == "google.protobuf.Struct" && field.parent.typeName != "google.protobuf.Value";
  switch (field.fieldKind) {
    case "scalar":
      vk = field.scalar;
      longAsString = field.longAsString;
      break;
    case "enum":
      vk = VK_ENUM;
      enumZero = field.enum.values[0].number;
      if (!field.enum.open) closedValues = new Set(field.enum.values.map((v) => v.number));
      break;
    case "message":
      vk = field.delimitedEncoding ? VK_GROUP : VK_MESSAGE;
      if (usesStruct(field.message)) local = LOCAL_STRUCT;
      else if (!field.oneof && isWrapperDesc(field.message)) local = LOCAL_WRAPPER;
      break;
    case "list":
      shape = SHAPE_LIST;
      switch (field.listKind) {
        case "scalar":
          vk = field.scalar;
          longAsString = field.longAsString;
          break;
        case "enum":
          vk = VK_ENUM;
          enumZero = field.enum.values[0].number;
          break;
        case "message":
          vk = field.delimitedEncoding ? VK_GROUP : VK_MESSAGE;
          if (usesStruct(field.message)) local = LOCAL_STRUCT;
          break;
      }
      break;
    case "map":
      shape = SHAPE_MAP;
      mapKey = field.mapKey;
      switch (field.mapKind) {
        case "scalar":
          vk = field.scalar;
          break;
        case "enum":
          vk = VK_ENUM;
          enumZero = field.enum.values[0].number;
          break;
        case "message":
          vk = VK_MESSAGE; // map values are always length-prefixed
          if (usesStruct(field.message)) local = LOCAL_STRUCT;
          break;
      }
      break;
  }
  const no = field.number;
  const presence =
    field.fieldKind == "list" || field.fieldKind == "map"
      ? 0
      : field.presence == IMPLICIT
        ? 0
        : field.presence == LEGACY_REQUIRED
          ? 2
          : 1;
  const oneof = field.oneof?.localName;
  return {
    index,
    no,
    dop: decodeOp(shape, vk!, oneof, closedValues),
    name: `${field.parent.typeName}.${field.name}`,
    localName: field.localName,
    oneof,
    shape,
    vk: vk!,
    mapKey,
    longAsString,
    strictUtf8: field.utf8Validation,
    closedValues,
    enumZero,
    local,
    child: undefined,
    presence,
    packed: field.fieldKind == "list" ? field.packed : false,
    tag: ((no << 3) | wireTypeOf(vk!)) >>> 0,
    tagLen: ((no << 3) | 2) >>> 0,
    tagGroupEnd: ((no << 3) | 4) >>> 0,
    field,
  };
}

// Decoder ops: the common singular scalars get their own, so that the tape walker's switch
// does the whole job inline. The singular scalar ops come first (D_INT32 to D_CLOSED_ENUM):
// direct-interp.ts tests them as one range.
export const D_INT32 = 0; // int32, sint32, sfixed32, open enum
export const D_UINT32 = 1; // uint32, fixed32
export const D_BOOL = 2;
export const D_STRING = 3;
export const D_BYTES = 4;
export const D_DOUBLE = 5;
export const D_FLOAT = 6;
export const D_SCALAR = 7; // 64-bit integers
export const D_ONEOF_SCALAR = 8;
export const D_CLOSED_ENUM = 9;
export const D_MESSAGE = 10;
export const D_LIST = 11;
export const D_MAP = 12;

function decodeOp(shape: number, vk: number, oneof: string | undefined, closed: Set<number> | undefined): number {
  if (shape === SHAPE_LIST) return D_LIST;
  if (shape === SHAPE_MAP) return D_MAP;
  if (vk === VK_MESSAGE || vk === VK_GROUP) return D_MESSAGE;
  if (closed !== undefined) return D_CLOSED_ENUM;
  if (oneof !== undefined) return D_ONEOF_SCALAR;
  switch (vk) {
    case VK_INT32:
    case VK_SINT32:
    case VK_SFIXED32:
    case VK_ENUM:
      return D_INT32;
    case VK_UINT32:
    case VK_FIXED32:
      return D_UINT32;
    case VK_BOOL:
      return D_BOOL;
    case VK_STRING:
      return D_STRING;
    case VK_BYTES:
      return D_BYTES;
    case VK_DOUBLE:
      return D_DOUBLE;
    case VK_FLOAT:
      return D_FLOAT;
  }
  return D_SCALAR;
}

/** Wire type of one value of a kind (groups: the start tag). */
export function wireTypeOf(vk: number): number {
  switch (vk) {
    case VK_STRING:
    case VK_BYTES:
    case VK_MESSAGE:
      return 2;
    case VK_GROUP:
      return 3;
    case VK_DOUBLE:
    case VK_FIXED64:
    case VK_SFIXED64:
      return 1;
    case VK_FLOAT:
    case VK_FIXED32:
    case VK_SFIXED32:
      return 5;
    default:
      return 0;
  }
}

// Message creation mirrors @bufbuild/protobuf's create(): the same own properties in the same
// order, and field defaults on a prototype where presence needs it.
const EDITION_PROTO3 = 999;
const EDITION_PROTO2 = 998;
export const INIT_CONSTANT = 0;
export const INIT_LIST = 1;
export const INIT_MAP = 2;
export const INIT_ONEOF = 3;

function initPlan(desc: DescMessage): { init: InitProp[]; prototype: object | undefined } {
  const init: InitProp[] = [];
  const prototype: Record<string, unknown> = {};
  let usePrototype: boolean;
  switch (desc.file.edition as number) {
    case EDITION_PROTO3:
      usePrototype = false;
      break;
    case EDITION_PROTO2:
      usePrototype = true;
      break;
    default:
      usePrototype = desc.fields.some(
        (f) => f.presence != IMPLICIT && f.fieldKind != "message" && !f.oneof,
      );
  }
  for (const member of desc.members) {
    const name = member.localName;
    if (member.kind == "oneof") {
      init.push({ name, kind: INIT_ONEOF, constant: undefined });
      continue;
    }
    switch (member.fieldKind) {
      case "message":
        break;
      case "list":
        init.push({ name, kind: INIT_LIST, constant: undefined });
        break;
      case "map":
        init.push({ name, kind: INIT_MAP, constant: undefined });
        break;
      default: {
        const zero = zeroValue(member);
        if (member.presence == IMPLICIT) init.push({ name, kind: INIT_CONSTANT, constant: zero });
        if (usePrototype) prototype[name] = zero;
      }
    }
  }
  return { init, prototype: usePrototype ? prototype : undefined };
}

function zeroValue(field: DescField & { fieldKind: "scalar" | "enum" }): unknown {
  const def = field.getDefaultValue();
  if (def !== undefined) {
    return field.fieldKind == "scalar" && field.longAsString ? def.toString() : def;
  }
  return field.fieldKind == "scalar"
    ? scalarZero(field.scalar, field.longAsString)
    : field.enum.values[0].number;
}

/** A plan's generated factory, compiled once the type is in use (null until then and where there is none). */
export function compiledFactory(plan: MessagePlan): Exclude<MessagePlan["factory"], undefined> {
  let factory = plan.factory;
  if (factory === undefined) {
    if (generateLater(++plan.makeUses)) return null;
    factory = plan.factory = compileFactory(plan) ?? null;
  }
  return factory;
}

/** A new, empty message of the plan's type, as create(schema) makes it. */
export function newMessage(plan: MessagePlan): Record<string, unknown> {
  const factory = compiledFactory(plan);
  if (factory !== null) return factory();
  let m: Record<string, unknown>;
  if (plan.prototype === undefined) {
    m = { $typeName: plan.typeName };
  } else {
    m = Object.create(plan.prototype);
    m.$typeName = plan.typeName;
  }
  const init = plan.init;
  for (let i = 0; i < init.length; i++) {
    const p = init[i];
    switch (p.kind) {
      case INIT_CONSTANT:
        m[p.name] = p.constant;
        break;
      case INIT_LIST:
        m[p.name] = [];
        break;
      case INIT_MAP:
        m[p.name] = {};
        break;
      default:
        m[p.name] = { case: undefined };
    }
  }
  return m;
}
