// Optional per-type JavaScript, generated once per message type where the page allows
// `new Function` (Node, and browsers without a strict Content-Security-Policy). It does what
// the generic code in plan.ts/decode.ts/encode.ts does, with the property names written into
// the code: V8 then sees one object shape and one property per access site (monomorphic)
// instead of a lookup by a variable name per field. Where code generation is refused, or
// switched off, the generic code runs: both give the same results, and the tests run both.

import {
  D_BOOL, D_BYTES, D_DOUBLE, D_FLOAT, D_INT32, D_LIST, D_MESSAGE, D_SCALAR, D_STRING, D_UINT32,
  INIT_CONSTANT, INIT_LIST, INIT_MAP, LOCAL_MESSAGE, type FieldPlan, type MessagePlan,
} from "./plan.js";
import { SHAPE_LIST, SHAPE_MAP, VK_BOOL, VK_ENUM, VK_INT32, VK_STRING } from "./wasm/layout.js";
import { getBackend } from "./wasm/instance.js";

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

// Property names go into the code as string literals; "__proto__" in an object literal
// would set the prototype, so a type with that name stays on the generic path.
function safe(names: string[]): boolean {
  return !names.includes("__proto__");
}

const q = JSON.stringify;

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
  next(): number;
  unknown(list: unknown[] | undefined): unknown[];
  i32(): number;
  u32(): number;
  bool(): boolean;
  str(): string;
  bytes(): Uint8Array;
  dbl(): number;
  flt(): number;
  scalar(vk: number, longAsString: boolean): unknown;
  field(index: number, plan: MessagePlan, msg: Msg, wireType: number): void;
  /** Values into a list of scalars; returns the list or a new one to put in its place. */
  list(f: FieldPlan, list: unknown[], wireType: number): unknown[];
  /** A message into a list of messages (held as messages, not JSON). */
  listMessage(child: MessagePlan, list: Msg[]): void;
  /** A singular message field outside a oneof, held as a message: merges into one present. */
  message(child: MessagePlan, current: Msg | undefined): Msg;
}

/** A function that reads a message body from the tape into msg, or undefined. */
export function compileReader(plan: MessagePlan, H: ReadHelpers): ((msg: Msg) => void) | undefined {
  if (!codegenEnabled() || !safe(plan.fields.map((f) => f.localName))) return undefined;
  const cases = plan.fields.map((f) => {
    const to = `msg[${q(f.localName)}]`;
    let stmt: string;
    switch (f.dop) {
      case D_INT32:
        stmt = `${to} = H.i32();`;
        break;
      case D_UINT32:
        stmt = `${to} = H.u32();`;
        break;
      case D_BOOL:
        stmt = `${to} = H.bool();`;
        break;
      case D_STRING:
        stmt = `${to} = H.str();`;
        break;
      case D_BYTES:
        stmt = `${to} = H.bytes();`;
        break;
      case D_DOUBLE:
        stmt = `${to} = H.dbl();`;
        break;
      case D_FLOAT:
        stmt = `${to} = H.flt();`;
        break;
      case D_SCALAR:
        stmt = `${to} = H.scalar(${f.vk}, ${f.longAsString});`;
        break;
      default:
        if (f.dop === D_LIST && f.vk === VK_STRING) {
          stmt = `${to}.push(H.str());`; // strings are never packed
        } else if (f.dop === D_LIST && f.child === undefined) {
          stmt = `{ const l = ${to}; const o = H.list(PLAN.fields[${f.index}], l, h & 7); if (o !== l) ${to} = o; }`;
        } else if (f.dop === D_LIST && f.child !== undefined && f.local === LOCAL_MESSAGE) {
          stmt = `H.listMessage(PLAN.fields[${f.index}].child, ${to});`;
        } else if (f.dop === D_MESSAGE && f.oneof === undefined && f.local === LOCAL_MESSAGE) {
          stmt = `${to} = H.message(PLAN.fields[${f.index}].child, ${to});`;
        } else {
          stmt = `H.field(${f.index}, PLAN, msg, h & 7);`;
        }
    }
    return `case ${f.index}: ${stmt} break;`;
  });
  const body = `return function read(msg) {
  let unknown = msg.$unknown;
  for (;;) {
    const h = H.next();
    if (h < 0) {
      if (h === -1) break;
      unknown = H.unknown(unknown);
      continue;
    }
    switch (h >>> 3) {
      ${cases.join("\n      ")}
    }
  }
  if (unknown !== undefined && unknown.length > 0) msg.$unknown = unknown;
};`;
  return new Function("H", "PLAN", body)(H, plan) as (msg: Msg) => void;
}

/** What generated writers call into (encode.ts implements it over its op stream). */
export interface WriteHelpers {
  /** Turns an error thrown while writing field f (or the message, f undefined) into an EncodeError. */
  fail(error: unknown, plan: MessagePlan, f: FieldPlan | undefined): never;
  foreign(plan: MessagePlan, msg: Msg): never;
  required(f: FieldPlan): never;
  list(f: FieldPlan, items: any[]): void;
  map(f: FieldPlan, record: Msg): void;
  singular(f: FieldPlan, value: unknown): void;
  implicit(f: FieldPlan, value: unknown): void;
  str(tag: number, value: string): void;
  i32(tag: number, value: number): void;
  boolTrue(tag: number): void;
  unknown(list: any): void;
}

/** A function that writes a message's ops (fields in number order, then unknown fields). */
export function compileWriter(plan: MessagePlan, W: WriteHelpers): ((msg: Msg) => void) | undefined {
  const names = plan.fields.flatMap((f) => (f.oneof !== undefined ? [f.localName, f.oneof] : [f.localName]));
  if (!codegenEnabled() || !safe(names)) return undefined;
  const lines = plan.fields.map((f, i) => {
    const F = `F[${i}]`;
    const get = `msg[${q(f.localName)}]`;
    let stmt: string;
    if (f.shape === SHAPE_LIST) {
      stmt = `W.list(${F}, ${get});`;
    } else if (f.shape === SHAPE_MAP) {
      stmt = `W.map(${F}, ${get});`;
    } else if (f.oneof !== undefined) {
      stmt = `{ const o = msg[${q(f.oneof)}]; if (o.case === ${q(f.localName)}) W.singular(${F}, o.value); }`;
    } else if (f.presence !== 0) {
      const otherwise = f.presence === 2 ? ` else W.required(${F});` : "";
      stmt = `{ const v = ${get}; if (v !== undefined && hasOwn.call(msg, ${q(f.localName)})) W.singular(${F}, v);${otherwise} }`;
    } else if (f.vk === VK_STRING) {
      stmt = `{ const v = ${get}; if (typeof v === "string") { if (v !== "") W.str(${f.tag}, v); } else W.implicit(${F}, v); }`;
    } else if (f.vk === VK_INT32 || f.vk === VK_ENUM) {
      const zero = f.vk === VK_ENUM ? f.enumZero : 0;
      stmt = `{ const v = ${get}; if (typeof v === "number" && (v | 0) === v) { if (v !== ${zero}) W.i32(${f.tag}, v); } else W.implicit(${F}, v); }`;
    } else if (f.vk === VK_BOOL) {
      stmt = `{ const v = ${get}; if (v === true) W.boolTrue(${f.tag}); else if (v !== false) W.implicit(${F}, v); }`;
    } else {
      stmt = `W.implicit(${F}, ${get});`;
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
  return new Function("W", "F", "PLAN", body)(W, plan.fields, plan) as (msg: Msg) => void;
}
