// The direct decoder (direct.ts) interpreted from the plan, for a type's first uses, before its
// code is generated (codegen.ts: generateLater), and for good where no code can be generated. It reads the wire format in place with the
// same helpers and the same rules as the code codegen-direct.ts generates, and takes the same
// fields. Its point is the start of a process: a first decode of a small message then needs
// neither `new Function` nor WebAssembly's compile of the scanner (V8 compiles WebAssembly
// functions on their first call): 0.85 ms against 1.27 after import. Slower per field than
// the generated code (keyed stores, a switch on the kind), which only a type's first few
// messages pay (in a warm process, a new small type's first decode ~12 us more).

import {
  D_CLOSED_ENUM, D_LIST, D_MAP, D_MESSAGE,
  LOCAL_MESSAGE, scalarZero, wireTypeOf, type FieldPlan, type MessagePlan,
} from "./plan.js";
import {
  VK_BOOL, VK_BYTES, VK_DOUBLE, VK_ENUM, VK_FIXED32, VK_FIXED64, VK_FLOAT, VK_GROUP, VK_INT32, VK_INT64, VK_MESSAGE, VK_SFIXED32,
  VK_SFIXED64, VK_SINT32, VK_SINT64, VK_STRING, VK_UINT32, VK_UINT64,
} from "./wasm/layout.js";
import type { DirectHelpers } from "./codegen-direct.js";

type Msg = Record<string, any>;
type Interpret = (plan: MessagePlan, msg: Msg, b: Uint8Array, p: number, end: number, depth: number) => number;

/**
 * An interpreter over helpers H: (plan, msg, b, p, end, depth) => the position after the body
 * (end), or -1 (bail), as a generated direct decoder returns.
 */
export function makeInterpreter(H: DirectHelpers): Interpret {
  const S = H.S;

  function bail(): undefined {
    S.p = -1;
    return undefined;
  }

  // One value of kind vk at p, before end; S.p after it, -1 to bail.
  function scalar(vk: number, longAsString: boolean, b: Uint8Array, p: number, end: number): any {
    let v: any;
    switch (vk) {
      case VK_INT32:
      case VK_ENUM:
        return H.varint32(b, p, end);
      case VK_UINT32:
        return H.varint32(b, p, end) >>> 0;
      case VK_SINT32:
        v = H.varint32(b, p, end);
        return (v >>> 1) ^ -(v & 1);
      case VK_BOOL:
        H.varint64(b, p, end);
        return (S.lo | S.hi) !== 0;
      case VK_INT64:
      case VK_UINT64:
      case VK_SINT64:
        H.varint64(b, p, end);
        if (S.p < 0) return undefined;
        v = vk === VK_INT64 ? H.int64() : vk === VK_UINT64 ? H.uint64() : H.sint64();
        return longAsString ? String(v) : v;
      case VK_FIXED64:
      case VK_SFIXED64:
        if (p + 8 > end) return bail();
        H.fixed64(b, p);
        S.p = p + 8;
        v = vk === VK_SFIXED64 ? H.int64() : H.uint64();
        return longAsString ? String(v) : v;
      case VK_DOUBLE:
        if (p + 8 > end) return bail();
        S.p = p + 8;
        return H.float64(b, p);
      case VK_FIXED32:
      case VK_SFIXED32:
        if (p + 4 > end) return bail();
        S.p = p + 4;
        v = b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24);
        return vk === VK_FIXED32 ? v >>> 0 : v;
      case VK_FLOAT:
        if (p + 4 > end) return bail();
        S.p = p + 4;
        return H.float32(b, p);
      case VK_STRING:
      case VK_BYTES: {
        const n = lengthAt(b, p, end);
        if (n < 0) return undefined;
        p = S.p;
        v = vk === VK_STRING ? H.str(b, p, n) : H.view(b, p, n);
        S.p = v === undefined ? -1 : p + n;
        return v;
      }
    }
    return bail();
  }

  // A length at p that fits before end and under maxFieldBytes; S.p after it. -1 to bail.
  function lengthAt(b: Uint8Array, p: number, end: number): number {
    const n = H.length(b, p, end);
    p = S.p;
    if (p < 0 || !(n <= end - p) || n > S.maxField) {
      S.p = -1;
      return -1;
    }
    return n;
  }

  // A child message of type C in b[p, p + n) into m (its generated decoder if it has one).
  function child(C: MessagePlan, m: Msg, b: Uint8Array, p: number, n: number, depth: number): number {
    if (depth >= S.maxDepth || C.direct === null) return -1;
    return C.direct !== undefined ? C.direct(m, b, p, p + n, depth + 1) : interpret(C, m, b, p, p + n, depth + 1);
  }

  function interpret(plan: MessagePlan, msg: Msg, b: Uint8Array, p: number, end: number, depth: number): number {
    const fields = tableOf(plan);
    if (fields === null) return -1;
    while (p < end) {
      if (--S.left < 0) return -1;
      const h = H.length(b, p, end);
      p = S.p;
      if (p < 0) return -1;
      const f = fields.get(h);
      if (f === undefined) return -1;
      const name = f.localName;
      if (f.dop <= D_CLOSED_ENUM) {
        // The singular scalars (plan.ts numbers their ops first).
        const v = scalar(f.vk, f.longAsString, b, p, end);
        p = S.p;
        if (p < 0) return -1;
        // A closed enum's unknown number goes to $unknown: the scanner's job.
        if (f.dop === D_CLOSED_ENUM && !f.closedValues!.has(v)) return -1;
        if (f.oneof === undefined) msg[name] = v;
        else msg[f.oneof] = { case: name, value: v };
        continue;
      }
      switch (f.dop) {
        case D_MESSAGE: {
          const n = lengthAt(b, p, end);
          if (n < 0) return -1;
          p = S.p;
          const C = f.child!;
          let m: Msg;
          if (f.oneof === undefined) {
            m = msg[name] ?? H.make(C);
          } else {
            // A oneof member merges into the message already there for the same case.
            const o = msg[f.oneof];
            m = o.case === name ? o.value : H.make(C);
          }
          const q = child(C, m, b, p, n, depth);
          if (q < 0) return -1;
          p = q;
          if (f.oneof === undefined) msg[name] = m;
          else msg[f.oneof] = { case: name, value: m };
          break;
        }
        case D_LIST: {
          const list = msg[name];
          if (f.vk === VK_MESSAGE) {
            const n = lengthAt(b, p, end);
            if (n < 0) return -1;
            p = S.p;
            const m = H.make(f.child!);
            const q = child(f.child!, m, b, p, n, depth);
            if (q < 0) return -1;
            p = q;
            list.push(m);
          } else if ((h & 7) === 2 && f.vk !== VK_STRING && f.vk !== VK_BYTES) {
            // A packed run: its bytes count against the budget (16 to a tag).
            const n = lengthAt(b, p, end);
            if (n < 0) return -1;
            p = S.p;
            const e = p + n;
            S.left -= n >> 4;
            while (p < e) {
              const v = scalar(f.vk, f.longAsString, b, p, e);
              p = S.p;
              if (p < 0 || v !== v) return -1; // a NaN in a list: see codegen-direct.ts
              list.push(v);
            }
            if (p !== e) return -1;
          } else {
            const v = scalar(f.vk, f.longAsString, b, p, end);
            p = S.p;
            if (p < 0 || v !== v) return -1;
            list.push(v);
          }
          break;
        }
        case D_MAP:
          p = mapEntry(f, msg[name], b, p, end, depth);
          if (p < 0) return -1;
          break;
        default:
          return -1;
      }
    }
    return p === end ? p : -1;
  }

  // A map entry at p into map: key (field 1) and value (field 2) in either order, each
  // optional, a value message seen twice merged. The position after it, or -1.
  function mapEntry(f: FieldPlan, map: Msg, b: Uint8Array, p: number, end: number, depth: number): number {
    const n = lengthAt(b, p, end);
    if (n < 0) return -1;
    p = S.p;
    const e = p + n;
    S.left -= 2;
    const keyTag = (1 << 3) | wireTypeOf(f.mapKey);
    const isMessage = f.vk === VK_MESSAGE;
    const valueTag = (2 << 3) | (isMessage ? 2 : wireTypeOf(f.vk));
    let k: any = scalarZero(f.mapKey, false);
    let x: any = undefined;
    while (p < e) {
      const t = b[p++];
      if (t === keyTag) {
        if (f.mapKey === VK_STRING) {
          // Through H.key: the same key's JS string again, already a property name.
          const m = lengthAt(b, p, e);
          if (m < 0) return -1;
          p = S.p;
          k = H.key(b, p, m);
          if (k === undefined) return -1;
          p += m;
        } else {
          k = scalar(f.mapKey, false, b, p, e);
          p = S.p;
          if (p < 0) return -1;
        }
      } else if (t === valueTag) {
        if (isMessage) {
          const m = lengthAt(b, p, e);
          if (m < 0) return -1;
          p = S.p;
          const v = x ?? H.make(f.child!);
          const q = child(f.child!, v, b, p, m, depth);
          if (q < 0) return -1;
          p = q;
          x = v;
        } else {
          x = scalar(f.vk, false, b, p, e);
          p = S.p;
          if (p < 0) return -1;
        }
      } else {
        return -1;
      }
    }
    if (p !== e) return -1;
    // (Enum values: open ones, whose zero is 0; closed ones are the scanner's.)
    if (x === undefined) x = isMessage ? H.make(f.child!) : scalarZero(f.vk, false);
    if (k === "__proto__") H.setOwn(map, k, x);
    else map[k] = x;
    return p;
  }

  return interpret;
}


/**
 * Whether the interpreter takes any input of the type: not with a field named "__proto__" (a
 * keyed store would set the prototype).
 */
export function canInterpret(plan: MessagePlan): boolean {
  return tableOf(plan) !== null;
}

// Each type's fields by the tags the generated code has cases for (codegen-direct.ts: cases);
// null where canInterpret is false.
const tables = new WeakMap<MessagePlan, Map<number, FieldPlan> | null>();

function tableOf(plan: MessagePlan): Map<number, FieldPlan> | null {
  let t = tables.get(plan);
  if (t !== undefined) return t;
  t = new Map();
  for (const f of plan.fields) {
    if (f.localName === "__proto__" || f.oneof === "__proto__") {
      t = null;
      break;
    }
    if (f.vk === VK_MESSAGE && f.local !== LOCAL_MESSAGE) continue; // wrappers, Struct...
    if ((f.dop === D_MESSAGE || f.dop === D_LIST) && f.vk === VK_GROUP) continue; // groups
    const d = f.field;
    if (f.dop === D_MAP) {
      if (d.fieldKind === "map" && d.mapKind === "enum" && !d.enum.open) continue; // closed enum values
      t.set(f.tagLen, f);
      continue;
    }
    if (f.dop === D_LIST) {
      if (d.fieldKind === "list" && d.listKind === "enum" && !d.enum.open) continue; // closed enum lists
      t.set(f.tag, f);
      if (f.vk !== VK_MESSAGE && f.vk !== VK_STRING && f.vk !== VK_BYTES) t.set(f.tagLen, f);
      continue;
    }
    if (f.dop <= D_CLOSED_ENUM || f.dop === D_MESSAGE) t.set(f.tag, f);
  }
  tables.set(plan, t);
  return t;
}
