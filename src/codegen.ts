// Optional per-type JavaScript, generated once per message type where the page allows
// `new Function` (Node, and browsers without a strict Content-Security-Policy). It does what
// the generic code in plan.ts/decode.ts/encode.ts does, with the property names written into
// the code: V8 then sees one object shape and one property per access site (monomorphic)
// instead of a lookup by a variable name per field. Where code generation is refused, or
// switched off, the generic code runs: both give the same results, and the tests run both.

import {
  D_BOOL, D_BYTES, D_CLOSED_ENUM, D_DOUBLE, D_FLOAT, D_INT32, D_LIST, D_MAP, D_MESSAGE, D_ONEOF_SCALAR, D_SCALAR, D_STRING, D_UINT32,
  INIT_CONSTANT, INIT_LIST, INIT_MAP, LOCAL_MESSAGE, type FieldPlan, type MessagePlan,
} from "./plan.js";
import {
  isWide, valueWords, VK_BOOL, VK_BYTES, VK_DOUBLE, VK_ENUM, VK_FIXED32, VK_FLOAT, VK_FIXED64, VK_INT32, VK_INT64, VK_MESSAGE, VK_SFIXED32, VK_SFIXED64, VK_SINT32,
  VK_SINT64, VK_STRING, VK_UINT32, VK_UINT64,
} from "./wasm/layout.js";
import { getBackend } from "./wasm/instance.js";
import { SMALL_BIGINTS, smallBigints } from "./int64.js";

type Msg = Record<string, any>;

let enabled: boolean | undefined;

/** Whether per-type code is generated (tested once; `PROTOWASM_NO_CODEGEN=1` turns it off). */
export function codegenEnabled(): boolean {
  // The JavaScript backend is for pages that forbid eval: it never generates code.
  if (getBackend() === "js") return false;
  if (enabled === undefined) {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
    if (env?.PROTOWASM_NO_CODEGEN === "1") {
      enabled = false;
    } else {
      try {
        enabled = new Function("return 1")() === 1;
      } catch {
        enabled = false; // CSP without 'unsafe-eval'
      }
    }
  }
  return enabled;
}

/** Internal, for tests: force generated code on or off (plans compiled before keep theirs). */
export function setCodegen(on: boolean): void {
  enabled = on;
}

// A type's code is generated on its GENERATE_AFTER-th use (counted apart for reads, writes
// and creations; a nested message is a use of its type), the generic code serving before. To
// generate and compile a type's code costs 0.1-0.3 ms, the price of hundreds of small messages
// on the generic path: a type used a few times (a config read once at start-up) is never
// compiled, a busy one is after its first messages.
const GENERATE_AFTER = 16;
export let generateAfter = GENERATE_AFTER;

/** Internal, for tests: generate a type's code on its n-th use (1: at once). */
export function setGenerateAfter(n: number = GENERATE_AFTER): void {
  generateAfter = Math.max(1, n | 0);
}

/**
 * Whether a type whose code of some kind has been used `uses` times (this use included) waits
 * on the generic path. Where generation is known to be off it does not wait (the plan gets null
 * at once); whether `new Function` works is only probed once code is due.
 */
export function generateLater(uses: number): boolean {
  return uses < generateAfter && enabled !== false;
}

// Property names go into the code as string literals; "__proto__" in an object literal
// would set the prototype, so a type with that name stays on the generic path.
export function safe(names: string[]): boolean {
  return !names.includes("__proto__");
}

export const q = JSON.stringify;

/** The property names a type's generated code writes: its fields' and its oneofs'. */
export function propertyNames(plan: MessagePlan): string[] {
  return plan.fields.flatMap((f) => (f.oneof === undefined ? [f.localName] : [f.localName, f.oneof]));
}

/** A function that creates an empty message of the plan's type, or undefined. */
export function compileFactory(plan: MessagePlan): (() => Msg) | undefined {
  if (!codegenEnabled() || !safe(plan.init.map((p) => p.name))) return undefined;
  const constants: unknown[] = [];
  const value = (kind: number, constant: unknown): string => {
    switch (kind) {
      case INIT_CONSTANT:
        constants.push(constant);
        return `C[${constants.length - 1}]`;
      case INIT_LIST:
        return "[]";
      case INIT_MAP:
        return "{}";
      default:
        return "{ case: undefined }";
    }
  };
  let body: string;
  if (plan.prototype === undefined) {
    const props = [`$typeName: T`, ...plan.init.map((p) => `${q(p.name)}: ${value(p.kind, p.constant)}`)];
    body = `return function create() { return { ${props.join(", ")} }; };`;
  } else {
    // A constructor whose prototype holds the defaults: \`new\` allocates the object with its
    // fields in place, faster than Object.create(P) and then adding them. The result is the
    // same: own properties as create() sets them, P as prototype, Object as constructor.
    const sets = plan.init.map((p) => `this[${q(p.name)}] = ${value(p.kind, p.constant)};`);
    body = `function Message() { this.$typeName = T; ${sets.join(" ")} }
Message.prototype = P;
return function create() { return new Message(); };`;
  }
  return new Function("T", "C", "P", body)(plan.typeName, constants, plan.prototype) as () => Msg;
}

/** What generated readers call into (decode.ts implements it over its tape). */
export interface ReadHelpers {
  /** Sets / gets decode.ts's tape position, around calls to the helpers below. */
  at(p: number): void;
  pos(): number;
  unknown(list: unknown[] | undefined): unknown[];
  /** The string at addr (input offset), len bytes, with the flags and intern id of the tape. */
  str(addr: number, len: number, flags: number): string;
  /** The shared bigint of 0 <= v < SMALL_BIGINTS (made on first use). */
  small(v: number): bigint;
  /** A view of the input's bytes [addr, addr + len). */
  view(addr: number, len: number): Uint8Array;
  scalar(vk: number, longAsString: boolean): unknown;
  field(index: number, plan: MessagePlan, msg: Msg, wireType: number): void;
  /** A closed enum's value that is not one of its numbers: to msg.$unknown, as the generic reader does. */
  closedUnknown(f: FieldPlan, msg: Msg, wireType: number, v: number): void;
  /** Values into a list of scalars; returns the list or a new one to put in its place. */
  list(f: FieldPlan, list: unknown[], wireType: number): unknown[];
  /** Appends a NaN, or a value after one, to a list of single floating-point values (decode.ts). */
  pushWithNaN(list: unknown[], v: unknown): unknown[];
  /** The list pushWithNaN last made. */
  nanList: { last: unknown[] | undefined };
  /** The function that makes an empty message of the plan's type: generated, or the generic one. */
  factoryOf(plan: MessagePlan): () => Msg;
  /** The function that reads a body of the plan's type: generated, or the generic one. */
  readerOf(plan: MessagePlan): (msg: Msg, p: number) => number;
  /** Sets an own property, "__proto__" included. */
  setOwn(obj: Msg, key: unknown, value: unknown): void;
}

/** The tape and its views, as decode.ts last set them (memory does not grow during a walk). */
export interface TapeViews {
  t: Int32Array;
  fl: Float32Array;
  fd: Float64Array;
  bi: BigInt64Array;
  bu: BigUint64Array;
}

// The expression that reads one scalar off the tape at p and moves p past it, or undefined
// for the kinds left to the helpers (64-bit integers as strings, or without BigInt). 64-bit
// values are 8-byte aligned; small ones come from the shared cache (int64.ts smallBigints),
// tested on the halves.
function valueExpr(vk: number, longAsString: boolean, str: string, bigints: boolean): string | undefined {
  switch (vk) {
    case VK_INT32:
    case VK_SINT32:
    case VK_SFIXED32:
    case VK_ENUM:
      return "t[p++]";
    case VK_UINT32:
    case VK_FIXED32:
      return "t[p++] >>> 0";
    case VK_BOOL:
      return "t[p++] !== 0";
    case VK_STRING:
      return str;
    case VK_BYTES:
      return "(p += 2, H.view(t[p - 2], t[p - 1]))";
    case VK_FLOAT:
      return "V.fl[p++]";
    case VK_DOUBLE:
      return "(p += (p & 1) + 2, V.fd[(p - 2) >> 1])";
    case VK_INT64:
    case VK_SINT64:
    case VK_SFIXED64:
    case VK_UINT64:
    case VK_FIXED64: {
      if (!bigints || longAsString) return undefined;
      const view = vk === VK_UINT64 || vk === VK_FIXED64 ? "V.bu" : "V.bi";
      return `(p += (p & 1) + 2, lo = t[p - 2], t[p - 1] === 0 && lo >>> 0 < ${SMALL_BIGINTS} ? (SB[lo] ?? H.small(lo)) : ${view}[(p - 2) >> 1])`;
    }
  }
  return undefined;
}

// A new message of child plan C, and the function that reads its body: the child's own,
// called directly (V8 can inline them), made on first use by the helpers.
const MAKE = "(C.factory || H.factoryOf(C))()";
const READ = "(C.reader || H.readerOf(C))";

// A map entry off the tape into the record `to`, or undefined where the helper reads it: the
// value ([count, bodies] for messages, else [set, value]), then [set, key]. A value or key
// that is not set is still on the tape (zero words), and reads as its kind's zero.
function mapEntry(f: FieldPlan, to: string, str: string, bigints: boolean): string | undefined {
  const key = valueExpr(f.mapKey, false, str, bigints);
  if (key === undefined) return undefined;
  let value: string;
  if (f.vk === VK_MESSAGE) {
    if (f.local !== LOCAL_MESSAGE) return undefined;
    // A value seen twice in one entry merges into the first.
    value = `const C = K[${f.index}]; let v; for (let n = t[p++]; n > 0; n--) { if (v === undefined) v = ${MAKE}; ` +
      `p = ${READ}(v, p); } if (v === undefined) v = ${MAKE};`;
  } else {
    const expr = valueExpr(f.vk, false, str, bigints);
    if (expr === undefined) return undefined;
    value = `const v = t[p++] !== 0 ? ${expr} : (${skip(f.vk)}, ${zero(f.vk, f.enumZero)});`;
  }
  const k = `const k = t[p++] !== 0 ? ${key} : (${skip(f.mapKey)}, ${zero(f.mapKey, 0)});`;
  const set = f.mapKey === VK_STRING ? `if (k === "__proto__") H.setOwn(${to}, k, v); else ${to}[k] = v;` : `${to}[k] = v;`;
  return `{ ${value} ${k} ${set} }`;
}

// Moves p past a value of kind vk that is not set (see skipValue in decode.ts).
function skip(vk: number): string {
  return isWide(vk) ? "p += (p & 1) + 2" : `p += ${valueWords(vk)}`;
}

/**
 * Whether v is one of a closed enum field's numbers, as an expression: a range where they are
 * contiguous, else the plan's set (PLAN in the generated code).
 */
export function knownNumber(f: FieldPlan): string {
  const known = [...f.closedValues!];
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  return hi - lo + 1 === known.length ? `v >= ${lo} && v <= ${hi}` : `PLAN.fields[${f.index}].closedValues.has(v)`;
}

// The zero of a scalar kind as an expression (64-bit integers as bigints: mapEntry runs only
// where they are; so does codegen-direct.ts's).
export function zero(vk: number, enumZero: number): string {
  switch (vk) {
    case VK_STRING:
      return `""`;
    case VK_BOOL:
      return "false";
    case VK_BYTES:
      return "new Uint8Array(0)";
    case VK_ENUM:
      return String(enumZero);
    default:
      return isWide(vk) && vk !== VK_DOUBLE ? "0n" : "0";
  }
}

/**
 * A function that reads a message body from the tape at word p into msg and returns the
 * position after its end marker, or undefined. Scalars and strings are read in place, with
 * the position in a local; other fields go through the helpers, the position handed over.
 */
export function compileReader(
  plan: MessagePlan, H: ReadHelpers, V: TapeViews, interned: string[], bigints: boolean,
): ((msg: Msg, p: number) => number) | undefined {
  if (!codegenEnabled() || !safe(plan.fields.map((f) => f.localName))) return undefined;
  // A string off the tape: an interned one already made, else made (and kept) by the helper.
  const str = `(f = t[p + 2], i = (f >> 4) - 1, p += 3, i >= 0 && (s = I[i]) !== undefined ? s : H.str(t[p - 3], t[p - 2], f))`;
  const viaHelper = (stmt: string) => `H.at(p); ${stmt} p = H.pos();`;
  const one = (f: FieldPlan) => valueExpr(f.vk, f.longAsString, str, bigints);
  const cases = plan.fields.map((f) => {
    const to = `msg[${q(f.localName)}]`;
    let stmt: string;
    switch (f.dop) {
      case D_INT32:
      case D_UINT32:
      case D_BOOL:
      case D_STRING:
      case D_BYTES:
      case D_DOUBLE:
      case D_FLOAT:
      case D_SCALAR: {
        const v = one(f);
        stmt = v !== undefined ? `${to} = ${v};` : viaHelper(`${to} = H.scalar(${f.vk}, ${f.longAsString});`);
        break;
      }
      case D_CLOSED_ENUM: {
        const set = f.oneof === undefined ? `${to} = v;` : `msg[${q(f.oneof)}] = { case: ${q(f.localName)}, value: v };`;
        stmt = `{ const v = t[p++]; if (${knownNumber(f)}) ${set} else H.closedUnknown(PLAN.fields[${f.index}], msg, h & 7, v); }`;
        break;
      }
      case D_ONEOF_SCALAR: {
        const value = one(f);
        const set = (v: string) => `msg[${q(f.oneof!)}] = { case: ${q(f.localName)}, value: ${v} };`;
        stmt = value !== undefined ? set(value) : viaHelper(set(`H.scalar(${f.vk}, ${f.longAsString})`));
        break;
      }
      default:
        if (f.dop === D_MAP) {
          stmt = mapEntry(f, to, str, bigints) ?? viaHelper(`H.field(${f.index}, PLAN, msg, h & 7);`);
        } else if (f.dop === D_LIST && (f.vk === VK_STRING || f.vk === VK_BYTES)) {
          stmt = `${to}.push(${one(f)});`; // never packed
        } else if (f.dop === D_LIST && (f.vk === VK_INT32 || f.vk === VK_SINT32 || f.vk === VK_SFIXED32 || f.vk === VK_ENUM || f.vk === VK_UINT32 || f.vk === VK_FIXED32)) {
          // 32-bit integers, packed ([count, values]) or one value. A packed run into an empty
          // list becomes a new array of its length (faster than pushing), as readListItems does.
          const v = f.vk === VK_UINT32 || f.vk === VK_FIXED32 ? "t[p + j] >>> 0" : "t[p + j]";
          stmt = `if ((h & 7) === 2) { const n = t[p++]; const l = ${to}; ` +
            `if (l.length === 0 && n > 1) { const a = new Array(n); for (let j = 0; j < n; j++) a[j] = ${v}; ${to} = a; } ` +
            `else { for (let j = 0; j < n; j++) l.push(${v}); } p += n; } ` +
            `else ${to}.push(${one(f)});`;
        } else if (f.dop === D_LIST && f.child === undefined && one(f) !== undefined) {
          // Packed runs through the helper; one value in place, a NaN and the values after it
          // in its list through pushWithNaN (as readListItems does).
          const single = f.vk === VK_FLOAT || f.vk === VK_DOUBLE
            ? `{ const v = ${one(f)}; const l = ${to}; if (v !== v || l === NL.last) ${to} = H.pushWithNaN(l, v); else l.push(v); }`
            : `${to}.push(${one(f)});`;
          stmt = `if ((h & 7) === 2) { ${viaHelper(`{ const l = ${to}; const o = H.list(PLAN.fields[${f.index}], l, 2); if (o !== l) ${to} = o; }`)} } ` +
            `else ${single}`;
        } else if (f.dop === D_LIST && f.child === undefined) {
          stmt = viaHelper(`{ const l = ${to}; const o = H.list(PLAN.fields[${f.index}], l, h & 7); if (o !== l) ${to} = o; }`);
        } else if (f.dop === D_LIST && f.child !== undefined && f.local === LOCAL_MESSAGE) {
          // Child bodies straight through their readers: no helper, no handing over of p.
          stmt = `{ const C = K[${f.index}]; const m = ${MAKE}; p = ${READ}(m, p); ${to}.push(m); }`;
        } else if (f.dop === D_MESSAGE && f.oneof === undefined && f.local === LOCAL_MESSAGE) {
          stmt = `{ const C = K[${f.index}]; const m = ${to} ?? ${MAKE}; p = ${READ}(m, p); ${to} = m; }`;
        } else if (f.dop === D_MESSAGE && f.local === LOCAL_MESSAGE) {
          // A oneof member merges into the message already there for the same case.
          const o = `msg[${q(f.oneof!)}]`;
          stmt = `{ const C = K[${f.index}]; const o = ${o}; const m = o.case === ${q(f.localName)} ? o.value : ${MAKE}; ` +
            `p = ${READ}(m, p); ${o} = { case: ${q(f.localName)}, value: m }; }`;
        } else {
          stmt = viaHelper(`H.field(${f.index}, PLAN, msg, h & 7);`);
        }
    }
    return `case ${f.index}: ${stmt} break;`;
  });
  const body = `return function read(msg, p) {
  const t = V.t;
  let unknown = msg.$unknown;
  let f = 0, i = 0, s = "", lo = 0;
  for (;;) {
    const h = t[p++];
    if (h < 0) {
      if (h === -1) break;
      H.at(p); unknown = H.unknown(unknown); p = H.pos();
      continue;
    }
    switch (h >>> 3) {
      ${cases.join("\n      ")}
    }
  }
  if (unknown !== undefined && unknown.length > 0) msg.$unknown = unknown;
  return p;
};`;
  const K = plan.fields.map((f) => f.child);
  return new Function("H", "PLAN", "V", "I", "K", "SB", "NL", body)(H, plan, V, interned, K, smallBigints, H.nanList) as (msg: Msg, p: number) => number;
}
