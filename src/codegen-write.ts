// Per-type writers generated with `new Function` (see codegen.ts for why and when): the
// fields of one message type written in order, with the property names in the code. What
// they call is encode.ts's WriteHelpers, over writer.ts. A module of its own because only
// encoding needs it (in the Node build it loads with the encoder, not at import).

import { LOCAL_MESSAGE, type FieldPlan, type MessagePlan } from "./plan.js";
import {
  SHAPE_LIST, SHAPE_MAP, VK_BOOL, VK_BYTES, VK_DOUBLE, VK_ENUM, VK_FLOAT, VK_GROUP, VK_FIXED32, VK_FIXED64, VK_INT32, VK_INT64, VK_MESSAGE,
  VK_SFIXED32, VK_SFIXED64, VK_SINT32, VK_SINT64, VK_STRING, VK_UINT32, VK_UINT64,
} from "./wasm/layout.js";
import { codegenEnabled, propertyNames, q, safe } from "./codegen.js";

type Msg = Record<string, any>;

// The function that writes a message of child plan C (generated writers).
const WRITE = "(C.writer || W.writerOf(C))";

/** What generated writers call into (encode.ts implements it over writer.ts). */
export interface WriteHelpers {
  /** Turns an error thrown while writing field f (or the message, f undefined) into an EncodeError. */
  fail(error: unknown, plan: MessagePlan, f: FieldPlan | undefined): never;
  foreign(plan: MessagePlan, msg: Msg): never;
  required(f: FieldPlan): never;
  list(f: FieldPlan, items: any[]): void;
  map(f: FieldPlan, record: Msg): void;
  singular(f: FieldPlan, value: unknown): void;
  /** One value of an unpacked list, by the generic writer (which converts or throws). */
  item(f: FieldPlan, value: unknown): void;
  implicit(f: FieldPlan, value: unknown): void;
  str(tag: number, value: string): void;
  /** int32 or enum. */
  i32(tag: number, value: number): void;
  /** uint32 (or a bool as 0/1), already known to be in range. */
  u32(tag: number, value: number): void;
  /** sint32, already known to be in range. */
  s32(tag: number, value: number): void;
  /** fixed32 or sfixed32, already known to be in range. */
  fx32(tag: number, value: number): void;
  /** A bigint of each 64-bit kind; with skipZero, nothing is written for 0. */
  int64(tag: number, value: bigint, skipZero: boolean): void;
  sint64(tag: number, value: bigint, skipZero: boolean): void;
  sfixed64(tag: number, value: bigint, skipZero: boolean): void;
  uint64(tag: number, value: bigint, skipZero: boolean): void;
  fixed64(tag: number, value: bigint, skipZero: boolean): void;
  f64(tag: number, value: number): void;
  /** A float: any number (one out of float32's range throws, as the generic writer does). */
  f32(tag: number, value: number): void;
  bytes(tag: number, value: Uint8Array): void;
  /** A tag alone (a group's start or end). */
  tag(tag: number): void;
  /** Opens a length-delimited child (tagLen: its tag with wire type 2); close() ends it. */
  open(tagLen: number): number;
  close(at: number): void;
  /** The function that writes a message of the plan's type: generated, or the generic one. */
  writerOf(plan: MessagePlan): (msg: Msg) => void;
  /** A new message of f's type (what a missing list element is written as). */
  empty(f: FieldPlan): Msg;
  /** A packed list of at least one value (tagLen: the tag with wire type 2). */
  packed(tagLen: number, vk: number, items: any[]): void;
  unknown(list: any): void;
}

// The helper of each 64-bit kind, indexed by value kind.
const INT64_HELPERS: Record<number, string> = {
  [VK_INT64]: "int64", [VK_UINT64]: "uint64", [VK_SINT64]: "sint64", [VK_SFIXED64]: "sfixed64", [VK_FIXED64]: "fixed64",
};

// A prototype default as a literal to compare with (===), or undefined: objects (bytes) are
// not identical across prototypes, and NaN is not equal to itself.
function defaultLiteral(d: unknown): string | undefined {
  switch (typeof d) {
    case "number":
      return Number.isFinite(d) ? String(d) : undefined;
    case "string":
      return q(d);
    case "boolean":
      return String(d);
    case "bigint":
      return `${d}n`;
  }
  return undefined;
}

// How generated writers write a scalar value v of field f straight to its writer: the test
// that v is a plain value of the kind (anything else goes through the generic writer, which
// converts or throws), the write, and the test that v is not the kind's zero (for implicit
// presence; absent where the write skips zero itself). implicit: whether zero is skipped.
function fastWrite(f: FieldPlan, implicit: boolean): { test: string; write: string; nonZero?: string } | undefined {
  const int32 = `typeof v === "number" && (v | 0) === v`;
  const uint32 = `typeof v === "number" && (v >>> 0) === v`;
  switch (f.vk) {
    case VK_STRING:
      return { test: `typeof v === "string"`, write: `W.str(${f.tag}, v);`, nonZero: `v !== ""` };
    case VK_INT32:
    case VK_ENUM:
      return { test: int32, write: `W.i32(${f.tag}, v);`, nonZero: `v !== ${f.vk === VK_ENUM ? f.enumZero : 0}` };
    case VK_UINT32:
      return { test: uint32, write: `W.u32(${f.tag}, v);`, nonZero: "v !== 0" };
    case VK_SINT32:
      return { test: int32, write: `W.s32(${f.tag}, v);`, nonZero: "v !== 0" };
    case VK_FIXED32:
      return { test: uint32, write: `W.fx32(${f.tag}, v);`, nonZero: "v !== 0" };
    case VK_SFIXED32:
      return { test: int32, write: `W.fx32(${f.tag}, v);`, nonZero: "v !== 0" };
    case VK_BOOL:
      return { test: `typeof v === "boolean"`, write: `W.u32(${f.tag}, v ? 1 : 0);`, nonZero: "v" };
    // Doubles and floats: -0 is written (only +0 is the default), as @bufbuild/protobuf does.
    case VK_DOUBLE:
      return { test: `typeof v === "number"`, write: `W.f64(${f.tag}, v);`, nonZero: "v !== 0 || 1 / v < 0" };
    case VK_FLOAT:
      return { test: `typeof v === "number"`, write: `W.f32(${f.tag}, v);`, nonZero: "v !== 0 || 1 / v < 0" };
    case VK_BYTES:
      return { test: "v instanceof Uint8Array", write: `W.bytes(${f.tag}, v);`, nonZero: "v.byteLength !== 0" };
  }
  const helper = INT64_HELPERS[f.vk];
  if (helper !== undefined) {
    // Zero is known after the split into halves: no comparison of bigints.
    return { test: `typeof v === "bigint"`, write: `W.${helper}(${f.tag}, v, ${implicit});` };
  }
  return undefined;
}

// Whether field f (singular or a list) holds message objects that go to their type's writer.
function isChild(f: FieldPlan): boolean {
  return (f.vk === VK_MESSAGE || f.vk === VK_GROUP) && f.local === LOCAL_MESSAGE;
}

// Writes the message m of child plan C: length-delimited, or a group between its start and end tags.
function childWrite(f: FieldPlan, m: string): string {
  return f.vk === VK_GROUP
    ? `W.tag(${f.tag}); ${WRITE}(${m}); W.tag(${f.tagGroupEnd});`
    : `const pt = W.open(${f.tagLen}); ${WRITE}(${m}); W.close(pt);`;
}

// Writes v, the value of field i (set: a oneof's case, or a field with explicit presence).
function explicitWrite(f: FieldPlan, i: number): string {
  if (isChild(f)) return `const C = K[${i}]; ${childWrite(f, "v")}`;
  const other = `W.singular(F[${i}], v);`;
  const w = fastWrite(f, false);
  return w === undefined ? other : `if (${w.test}) ${w.write} else ${other}`;
}

// Writes the value of field i with implicit presence (nothing for the kind's zero).
function implicitWrite(f: FieldPlan, i: number): string {
  const w = fastWrite(f, true);
  if (w === undefined) return `W.implicit(F[${i}], v);`;
  const write = w.nonZero === undefined ? w.write : `if (${w.nonZero}) ${w.write}`;
  return `if (${w.test}) { ${write} } else W.implicit(F[${i}], v);`;
}

/** A function that writes a message's bytes (fields in number order, then unknown fields). */
export function compileWriter(plan: MessagePlan, W: WriteHelpers): ((msg: Msg) => void) | undefined {
  if (!codegenEnabled() || !safe(propertyNames(plan))) return undefined;
  const lines = plan.fields.map((f, i) => {
    const F = `F[${i}]`;
    const get = `msg[${q(f.localName)}]`;
    let stmt: string;
    if (f.shape === SHAPE_LIST && f.packed) {
      // Packed lists, the bulk of numeric messages: straight to their writer.
      stmt = `{ const v = ${get}; if (v.length > 0) W.packed(${f.tagLen}, ${f.vk}, v); }`;
    } else if (f.shape === SHAPE_LIST && isChild(f)) {
      // Lists of messages and groups: each child straight to its writer (a missing element is
      // written as an empty message, as writeList does).
      stmt = `{ const v = ${get}; const C = K[${i}]; for (let j = 0; j < v.length; j++) { const m = v[j]; ` +
        `${childWrite(f, `m === undefined ? W.empty(${F}) : m`)} } }`;
    } else if (f.shape === SHAPE_LIST && f.vk === VK_STRING) {
      stmt = `{ const v = ${get}; for (let j = 0; j < v.length; j++) { const s = v[j]; W.str(${f.tag}, typeof s === "string" ? s : String(s)); } }`;
    } else if (f.shape === SHAPE_LIST) {
      // Unpacked scalars (proto2's default): each value as a singular one, a tag each; kinds
      // with no fast write (and Struct lists) go to the generic list writer.
      const w = fastWrite(f, false);
      stmt = w === undefined
        ? `W.list(${F}, ${get});`
        : `{ const l = ${get}; for (let j = 0; j < l.length; j++) { const v = l[j]; if (${w.test}) ${w.write} else W.item(${F}, v); } }`;
    } else if (f.shape === SHAPE_MAP) {
      stmt = `W.map(${F}, ${get});`;
    } else if (f.oneof !== undefined) {
      stmt = `{ const o = msg[${q(f.oneof)}]; if (o.case === ${q(f.localName)}) { const v = o.value; ${explicitWrite(f, i)} } }`;
    } else if (f.presence !== 0) {
      const otherwise = f.presence === 2 ? ` else W.required(${F});` : "";
      const write = `{ ${explicitWrite(f, i)} }`;
      // Where the type's prototype holds a primitive default D, a value other than D must be
      // the message's own: only D needs the (costlier) own-property test.
      const d = plan.prototype === undefined ? undefined : (plan.prototype as Msg)[f.localName];
      const own = `hasOwn.call(msg, ${q(f.localName)})`;
      const lit = defaultLiteral(d);
      const set = lit !== undefined ? `(v !== ${lit} || ${own})` : own;
      stmt = `{ const v = ${get}; if (v !== undefined && ${set}) ${write}${otherwise} }`;
    } else {
      stmt = `{ const v = ${get}; ${implicitWrite(f, i)} }`;
    }
    return `at = ${i}; ${stmt}`;
  });
  // The index of the field being written lives in a local: errors name the field without a
  // store to shared state per field.
  const body = `const hasOwn = Object.prototype.hasOwnProperty;
return function write(msg) {
  if (msg.$typeName !== ${q(plan.typeName)} && ${plan.fields.length} > 0) W.foreign(PLAN, msg);
  let at = -1;
  try {
    ${lines.join("\n    ")}
  } catch (e) {
    W.fail(e, PLAN, at < 0 ? undefined : F[at]);
  }
  W.unknown(msg.$unknown);
};`;
  const K = plan.fields.map((f) => f.child);
  return new Function("W", "F", "PLAN", "K", body)(W, plan.fields, plan, K) as (msg: Msg) => void;
}
