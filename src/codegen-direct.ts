// Generates a type's direct decoder (see direct.ts): one function per message type that reads
// the wire format in place, a `switch` on the whole tag, with the property names written into
// the code as codegen.ts does for the tape readers. Every field it cannot take for sure has
// no case, so its tag, like an unknown field's, makes the function return -1 (bail).
//
// The function: (msg, b, p, end, depth) => the position after the body (end), or -1.

import {
  D_BOOL, D_BYTES, D_CLOSED_ENUM, D_DOUBLE, D_FLOAT, D_INT32, D_LIST, D_MAP, D_MESSAGE, D_ONEOF_SCALAR, D_SCALAR, D_STRING, D_UINT32,
  LOCAL_MESSAGE, wireTypeOf, type FieldPlan, type MessagePlan,
} from "./plan.js";
import {
  VK_BOOL, VK_BYTES, VK_DOUBLE, VK_ENUM, VK_FIXED32, VK_FIXED64, VK_FLOAT, VK_INT32, VK_INT64, VK_MESSAGE, VK_SFIXED32,
  VK_SFIXED64, VK_SINT32, VK_SINT64, VK_STRING, VK_UINT32, VK_UINT64,
} from "./wasm/layout.js";
import { codegenEnabled, knownNumber, propertyNames, q, safe, zero } from "./codegen.js";
import { bigintOk } from "./int64.js";

type Msg = Record<string, any>;
type Direct = (msg: Msg, b: Uint8Array, p: number, end: number, depth: number) => number;

/** What generated direct decoders call (direct.ts implements it). */
export interface DirectHelpers {
  /** p after a helper's read (-1: bail), the halves of a 64-bit value, the budget and limits. */
  S: { p: number; lo: number; hi: number; left: number; maxField: number; maxDepth: number };
  varint32(b: Uint8Array, p: number, end: number): number;
  length(b: Uint8Array, p: number, end: number): number;
  varint64(b: Uint8Array, p: number, end: number): void;
  /** S.lo / S.hi as a bigint: signed, unsigned, zigzag. */
  int64(): bigint;
  uint64(): bigint;
  sint64(): bigint;
  fixed64(b: Uint8Array, p: number): void;
  float64(b: Uint8Array, p: number): number;
  float32(b: Uint8Array, p: number): number;
  /** A string: valid UTF-8 decoded, or undefined (bail). */
  str(b: Uint8Array, p: number, n: number): string | undefined;
  /** A map's string key: as str, from a cache of keys seen before. */
  key(b: Uint8Array, p: number, n: number): string | undefined;
  view(b: Uint8Array, p: number, n: number): Uint8Array;
  make(plan: MessagePlan): Msg;
  directOf(plan: MessagePlan): Direct;
  smallBigints: bigint[];
  makeSmallBigint(v: number): bigint;
  /** Sets an own property, "__proto__" included. */
  setOwn(obj: Msg, key: unknown, value: unknown): void;
}

// Reads a varint's low 32 bits into v (one byte inline).
const varint32 = (end: string) =>
  `let v = b[p++]; if (v > 127) { v = V32(b, p - 1, ${end}); p = S.p; if (p < 0) return -1; }`;

// Reads a length into n and checks it against the room left and maxFieldBytes. (A read past
// the input gives undefined, which the negated test also refuses.)
const lengthOf = (end: string) =>
  `let n = b[p++]; if (n > 127) { n = LEN(b, p - 1, ${end}); p = S.p; if (p < 0) return -1; } ` +
  `if (!(n <= ${end} - p) || n > S.maxField) return -1;`;

// Statements that read one value of kind vk (wire type as the kind has it) into v, and the
// expression of the value; undefined for kinds left to the scanner.
function value(vk: number, longAsString: boolean, end: string): [string, string] | undefined {
  const str = (e: string) => (longAsString ? `String(${e})` : e);
  switch (vk) {
    case VK_INT32:
    case VK_ENUM:
      return [varint32(end), "v"];
    case VK_UINT32:
      return [varint32(end), "v >>> 0"];
    case VK_SINT32:
      return [varint32(end), "(v >>> 1) ^ -(v & 1)"];
    case VK_BOOL:
      return [`let v = b[p++]; if (v > 127) { V64(b, p - 1, ${end}); p = S.p; if (p < 0) return -1; v = (S.lo | S.hi) !== 0 ? 1 : 0; }`, "v !== 0"];
    case VK_INT64:
    case VK_UINT64:
      // One byte: a shared small bigint.
      return [`let v; const c = b[p]; if (c < 128) { p++; v = SB[c] ?? MSB(c); } ` +
        `else { V64(b, p, ${end}); p = S.p; if (p < 0) return -1; v = ${vk === VK_INT64 ? "I64()" : "U64()"}; }`, str("v")];
    case VK_SINT64:
      return [`V64(b, p, ${end}); p = S.p; if (p < 0) return -1; const v = Z64();`, str("v")];
    case VK_FIXED64:
    case VK_SFIXED64:
      return [`if (p + 8 > ${end}) return -1; FX64(b, p); p += 8; const v = ${vk === VK_SFIXED64 ? "I64()" : "U64()"};`, str("v")];
    case VK_DOUBLE:
      return [`if (p + 8 > ${end}) return -1; const v = F64(b, p); p += 8;`, "v"];
    case VK_FIXED32:
    case VK_SFIXED32:
      return [`if (p + 4 > ${end}) return -1; const v = b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24); p += 4;`,
        vk === VK_FIXED32 ? "v >>> 0" : "v"];
    case VK_FLOAT:
      return [`if (p + 4 > ${end}) return -1; const v = F32(b, p); p += 4;`, "v"];
    case VK_STRING:
      return [`${lengthOf(end)} const v = STR(b, p, n); if (v === undefined) return -1; p += n;`, "v"];
    case VK_BYTES:
      return [`${lengthOf(end)} const v = VIEW(b, p, n); p += n;`, "v"];
  }
  return undefined;
}

// A child message of plan C = K[index]: enter sets C (before m is made or found), then read
// reads its n bytes at p into m.
const enter = (index: number) => `if (depth >= S.maxDepth) return -1; const C = K[${index}];`;
const read = "const q = (C.direct || DF(C))(m, b, p, p + n, depth + 1); if (q < 0) return -1; p = q;";
const MAKE = "(C.factory ? C.factory() : MK(C))";

// The cases of one field (tag: statements), or none.
function cases(f: FieldPlan): [number, string][] {
  const to = `msg[${q(f.localName)}]`;
  const isMessage = f.vk === VK_MESSAGE;
  if (isMessage && f.local !== LOCAL_MESSAGE) return [];
  switch (f.dop) {
    case D_INT32:
    case D_UINT32:
    case D_BOOL:
    case D_STRING:
    case D_BYTES:
    case D_DOUBLE:
    case D_FLOAT:
    case D_SCALAR:
    case D_ONEOF_SCALAR: {
      const r = value(f.vk, f.longAsString, "end");
      if (r === undefined) return [];
      const set = f.oneof === undefined ? `${to} = ${r[1]};` : `msg[${q(f.oneof)}] = { case: ${q(f.localName)}, value: ${r[1]} };`;
      return [[f.tag, `${r[0]} ${set}`]];
    }
    case D_CLOSED_ENUM: {
      // A number the enum does not have goes to $unknown: the scanner's job.
      const set = f.oneof === undefined ? `${to} = v;` : `msg[${q(f.oneof)}] = { case: ${q(f.localName)}, value: v };`;
      return [[f.tag, `${varint32("end")} if (!(${knownNumber(f)})) return -1; ${set}`]];
    }
    case D_MESSAGE: {
      if (!isMessage) return []; // groups
      if (f.oneof === undefined) {
        return [[f.tag, `${lengthOf("end")} ${enter(f.index)} const m = ${to} ?? ${MAKE}; ${read} ${to} = m;`]];
      }
      // A oneof member merges into the message already there for the same case.
      const o = `msg[${q(f.oneof)}]`;
      return [[f.tag, `${lengthOf("end")} ${enter(f.index)} const o = ${o}; const m = o.case === ${q(f.localName)} ? o.value : ${MAKE}; ` +
        `${read} ${o} = { case: ${q(f.localName)}, value: m };`]];
    }
    case D_LIST: {
      if (closedEnum(f)) return [];
      if (isMessage) return [[f.tag, `${lengthOf("end")} ${enter(f.index)} const m = ${MAKE}; ${read} ${to}.push(m);`]];
      const r = value(f.vk, f.longAsString, "end");
      if (r === undefined) return [];
      const floating = f.vk === VK_FLOAT || f.vk === VK_DOUBLE;
      // A NaN in a list gives up: the list would have to hold boxed numbers to keep its bits
      // (decode.ts keepNaN), and this push, having met such a list, would make every later
      // list of the field one (V8 turns a fresh array into the most general kind a push
      // site has met). The scanner's reader keeps NaN lists apart from its hot loops.
      const push = (list: string) => (floating ? `{ const x = ${r[1]}; if (x !== x) return -1; ${list}.push(x); }` : `${list}.push(${r[1]});`);
      const one: [number, string] = [f.tag, `${r[0]} ${push(to)}`];
      if (f.vk === VK_STRING || f.vk === VK_BYTES) return [one];
      // A packed run: its bytes count against the budget (16 to a tag).
      const e = value(f.vk, f.longAsString, "e")!;
      const packed = `${lengthOf("end")} const e = p + n; S.left -= n >> 4; const l = ${to}; ` +
        `while (p < e) { ${e[0]} ${push("l")} } if (p !== e) return -1;`;
      return [one, [f.tagLen, packed]];
    }
    case D_MAP:
      return mapEntry(f, to);
  }
  return [];
}

// Lists and maps of a closed enum: a number the enum does not have goes to $unknown (with its
// entry, for maps); left to the scanner.
function closedEnum(f: FieldPlan): boolean {
  const d = f.field;
  return (d.fieldKind === "list" && d.listKind === "enum" && !d.enum.open) || (d.fieldKind === "map" && d.mapKind === "enum" && !d.enum.open);
}

// A map entry: key (field 1) and value (field 2) in either order, each optional, a value
// message seen twice merged; then set on the record (jstype does not apply to map fields).
function mapEntry(f: FieldPlan, to: string): [number, string][] {
  if (closedEnum(f) || (f.vk === VK_MESSAGE && f.local !== LOCAL_MESSAGE)) return [];
  // String keys through KEY: the same key's JS string again, already a property name.
  const key = f.mapKey === VK_STRING
    ? [`${lengthOf("e")} const v = KEY(b, p, n); if (v === undefined) return -1; p += n;`, "v"]
    : value(f.mapKey, false, "e");
  if (key === undefined) return [];
  const keyTag = (1 << 3) | wireTypeOf(f.mapKey);
  let readValue: string;
  let valueTag: number;
  let missing: string;
  if (f.vk === VK_MESSAGE) {
    valueTag = (2 << 3) | 2;
    readValue = `${lengthOf("e")} ${enter(f.index)} const m = x ?? ${MAKE}; ${read} x = m;`;
    missing = `if (x === undefined) { const C = K[${f.index}]; x = ${MAKE}; }`;
  } else {
    const r = value(f.vk, false, "e");
    if (r === undefined) return [];
    valueTag = (2 << 3) | wireTypeOf(f.vk);
    readValue = `${r[0]} x = ${r[1]};`;
    missing = `if (x === undefined) x = ${zero(f.vk, f.enumZero)};`;
  }
  const set = f.mapKey === VK_STRING ? `if (k === "__proto__") OWN(${to}, k, x); else ${to}[k] = x;` : `${to}[k] = x;`;
  return [[f.tagLen, `${lengthOf("end")} const e = p + n; S.left -= 2; let k = ${zero(f.mapKey, 0)}, x; ` +
    `while (p < e) { const t = b[p++]; ` +
    `if (t === ${keyTag}) { ${key[0]} k = ${key[1]}; } else if (t === ${valueTag}) { ${readValue} } else return -1; } ` +
    `if (p !== e) return -1; ${missing} ${set}`]];
}

/** A type's direct decoder, or undefined where code is not generated. */
export function compileDirect(plan: MessagePlan, H: DirectHelpers): Direct | undefined {
  if (!codegenEnabled() || !bigintOk || !safe(propertyNames(plan))) return undefined;
  const all = plan.fields.flatMap(cases).map(([tag, stmt]) => `case ${tag}: { ${stmt} break; }`);
  const body = `return function direct(msg, b, p, end, depth) {
  while (p < end) {
    if (--S.left < 0) return -1;
    let h = b[p++];
    if (h > 127) { h = LEN(b, p - 1, end); p = S.p; if (p < 0) return -1; }
    switch (h) {
      ${all.join("\n      ")}
      default: return -1;
    }
  }
  return p === end ? p : -1;
};`;
  const K = plan.fields.map((f) => f.child);
  return new Function(
    "S", "V32", "LEN", "V64", "I64", "U64", "Z64", "FX64", "F64", "F32", "STR", "KEY", "VIEW", "MK", "DF", "SB", "MSB", "OWN", "K", "PLAN",
    body,
  )(
    H.S, H.varint32, H.length, H.varint64, H.int64, H.uint64, H.sint64, H.fixed64, H.float64, H.float32, H.str, H.key, H.view,
    H.make, H.directOf, H.smallBigints, H.makeSmallBigint, H.setOwn, K, plan,
  ) as Direct;
}
