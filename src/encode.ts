// toBinary: walk the message with its plan and write its bytes as the walk goes
// (writer.ts: a length-delimited part gets one byte for its length and is moved right when
// it ends up longer). Field order, presence rules, value checks and map key handling are
// those of @bufbuild/protobuf's writer, so the bytes are identical.

import {
  SHAPE_LIST, SHAPE_MAP, VK_BOOL, VK_BYTES, VK_DOUBLE, VK_ENUM, VK_FIXED32, VK_FIXED64, VK_FLOAT, VK_GROUP, VK_INT32,
  VK_INT64, VK_MESSAGE, VK_SFIXED32, VK_SFIXED64, VK_SINT32, VK_SINT64, VK_STRING, VK_UINT32, VK_UINT64,
} from "./wasm/layout.js";
import { LOCAL_STRUCT, LOCAL_WRAPPER, newMessage, wireTypeOf, type FieldPlan, type MessagePlan } from "./plan.js";
import { bigintOk, hi, lo, toHalves, toHalvesUnsigned } from "./int64.js";
import { structFromJson } from "./struct.js";
import { EncodeError } from "./errors.js";
import { sortMapKeys } from "./map-order.js";
import { generateLater } from "./codegen.js";
import { compileWriter, type WriteHelpers } from "./codegen-write.js";
import { checkFloat32, checkInt32, checkUint32 } from "./value-checks.js";
import {
  close, close32, fieldBytes, fieldDouble, fieldFixed32, fieldFixed64, fieldFloat, fieldInt32, fieldSint32, fieldSint64,
  fieldString, fieldUint32, fieldVarint64, finish, finishInto, open, open32, openUntagged, packedBool, packedInt32,
  packedSint32, packedUint32, packedVarint64, position, reset, resume, suspend, writeRaw, writeTag,
} from "./writer.js";
import { align, core, ensureMemory, getBackend, i32 as memI32, i64 as memI64, scratchBase, u64 as memU64, u8 as memU8 } from "./wasm/instance.js";
import type { BinaryWriteOptions } from "./options.js";
import { protoInt64 } from "@bufbuild/protobuf";

type Msg = Record<string, any>;

let writeUnknown = true;
let deterministic = false;
let current: FieldPlan | undefined; // the field being written, for error messages

// User code can run in the middle of an encode (String() of a list element that is not a
// string, valueOf of a 64-bit value given as an object) and may call toBinary itself. Such a
// nested call puts the outer output and state aside and writes to a buffer of its own; it
// leaves linear memory alone (its packed 64-bit runs are written in JS), where the outer call
// may be filling slots for WebAssembly.
let active = false;
let nested = 0;

function encodeNested<T>(run: () => T): T {
  const out = suspend();
  const state = { writeUnknown, deterministic, current };
  active = false;
  nested++;
  try {
    return run();
  } finally {
    nested--;
    active = true;
    resume(out);
    ({ writeUnknown, deterministic, current } = state);
  }
}

/**
 * Encodes message (of plan's type) to a new Uint8Array; with `delimited`, its size (a varint)
 * goes first.
 */
export function encodeMessage(plan: MessagePlan, message: Msg, opts: BinaryWriteOptions, delimited = false): Uint8Array<ArrayBuffer> {
  if (active) return encodeNested(() => encodeMessage(plan, message, opts, delimited));
  begin(opts);
  active = true;
  try {
    if (delimited) {
      const at = openUntagged();
      writeMessage(plan, message);
      close(at);
    } else {
      writeMessage(plan, message);
    }
  } catch (e) {
    throw asEncodeError(e, plan);
  } finally {
    active = false;
  }
  return output(opts.pooled === true);
}

/**
 * Encodes messages (of plan's type) into one Uint8Array, each behind a length prefix: a
 * varint (protobuf's size-delimited format) or, with `be32`, 4 bytes big-endian.
 */
export function encodeFramed(plan: MessagePlan, messages: readonly Msg[], opts: BinaryWriteOptions, be32: boolean): Uint8Array<ArrayBuffer> {
  if (active) return encodeNested(() => encodeFramed(plan, messages, opts, be32));
  begin(opts);
  active = true;
  let i = 0;
  try {
    for (; i < messages.length; i++) {
      if (be32) {
        const at = open32();
        writeMessage(plan, messages[i]);
        close32(at);
      } else {
        const at = openUntagged();
        writeMessage(plan, messages[i]);
        close(at);
      }
    }
  } catch (e) {
    const err = asEncodeError(e, plan);
    if (err instanceof EncodeError) err.message = `message ${i}: ${err.message}`;
    throw err;
  } finally {
    active = false;
  }
  return output(opts.pooled === true);
}

function begin(opts: BinaryWriteOptions): void {
  reset();
  writeUnknown = opts.writeUnknownFields;
  deterministic = opts.deterministic === true;
  current = undefined;
}

// The `pooled` write option: outputs of 65 to POOLED_MAX bytes are carved out of a shared
// slab, 8-byte aligned, and a full slab is left to the outputs that hold it. A view costs a
// small object; an ArrayBuffer of its own costs an allocation outside the JS heap (0.4-2 µs
// here), which dominates the encode of a small message. Up to 64 bytes V8 makes an array
// on the JS heap, cheaper than a view into the slab.
const SLAB_BYTES = 64 * 1024;
const POOLED_MAX = 4 * 1024;
let slab = new ArrayBuffer(0);
let slabBytes = new Uint8Array(slab);
let slabAt = 0;

function output(pooled: boolean): Uint8Array<ArrayBuffer> {
  const size = position();
  if (!pooled || size <= 64 || size > POOLED_MAX) return finish();
  if (slabAt + size > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabBytes = new Uint8Array(slab);
    slabAt = 0;
  }
  const at = slabAt;
  finishInto(slabBytes, at);
  slabAt = (at + size + 7) & ~7;
  return new Uint8Array(slab, at, size);
}

function asEncodeError(e: unknown, plan: MessagePlan, f = current): unknown {
  if (e instanceof EncodeError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  if (f === undefined) return new EncodeError(plan.typeName, `cannot encode ${plan.typeName} to binary: ${detail}`);
  return new EncodeError(f.name, `cannot encode field ${f.name} to binary: ${detail}`);
}

// A plan's generated writer, compiled once the type is in use (codegen.ts: generateLater); null
// until then and where there is none.
function compiledWriter(plan: MessagePlan): Exclude<MessagePlan["writer"], undefined> {
  let writer = plan.writer;
  if (writer === undefined) {
    if (generateLater(++plan.writeUses)) return null;
    writer = plan.writer = compileWriter(plan, helpers) ?? null;
  }
  return writer;
}

// A plan's generated writer, or an adapter to the generic walk (kept on the plan too). Generated
// writers call their children's writers straight, so V8 can inline them.
function writerOf(plan: MessagePlan): (msg: Msg) => void {
  return compiledWriter(plan) ?? (plan.genericWriter ??= (msg: Msg) => writeMessage(plan, msg));
}

function writeMessage(plan: MessagePlan, msg: Msg): void {
  const writer = compiledWriter(plan);
  if (writer !== null) {
    writer(msg);
    return;
  }
  const fields = plan.fields;
  if (msg.$typeName !== plan.typeName && fields.length > 0) foreign(plan, msg);
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    current = f;
    if (f.shape === SHAPE_LIST) {
      writeList(f, msg[f.localName]);
    } else if (f.shape === SHAPE_MAP) {
      writeMap(f, msg[f.localName]);
    } else if (f.oneof !== undefined) {
      const o = msg[f.oneof];
      if (o.case === f.localName) writeSingular(f, o.value);
    } else if (f.presence !== 0) {
      const v = msg[f.localName];
      if (v !== undefined && Object.prototype.hasOwnProperty.call(msg, f.localName)) {
        writeSingular(f, v);
      } else if (f.presence === 2) {
        required(f);
      }
    } else {
      const v = msg[f.localName];
      // The commonest implicit-presence kinds inline; the rest through writeSingular.
      if (f.vk === VK_STRING && typeof v === "string") {
        if (v !== "") fieldString(f.tag, v);
      } else if ((f.vk === VK_INT32 || f.vk === VK_ENUM) && typeof v === "number" && (v | 0) === v) {
        if (v !== (f.vk === VK_ENUM ? f.enumZero : 0)) fieldInt32(f.tag, v);
      } else if (f.vk === VK_BOOL && typeof v === "boolean") {
        if (v) fieldUint32(f.tag, 1);
      } else {
        writeImplicit(f, v);
      }
    }
  }
  writeUnknownFields(msg.$unknown);
}

function foreign(plan: MessagePlan, msg: Msg): never {
  const f = plan.fields[0];
  throw new EncodeError(f.name, `cannot use field ${f.name} with message ${msg.$typeName}`);
}

function required(f: FieldPlan): never {
  throw new EncodeError(f.name, `cannot encode field ${f.name} to binary: required field not set`);
}

function writeImplicit(f: FieldPlan, v: unknown): void {
  if (!isImplicitZero(f, v)) writeSingular(f, v);
}

function writeUnknownFields(unknown: { no: number; wireType: number; data: Uint8Array }[] | undefined): void {
  if (unknown === undefined || !writeUnknown) return;
  current = undefined;
  for (let i = 0; i < unknown.length; i++) {
    const { no, wireType, data } = unknown[i];
    writeTag(checkUint32(((no << 3) | wireType) >>> 0));
    writeRaw(data);
  }
}

// What generated writers (codegen.ts) call: the same steps as writeMessage's.
const helpers: WriteHelpers = {
  fail(e, plan, f) {
    throw asEncodeError(e, plan, f);
  },
  foreign,
  required,
  list: writeList,
  map: writeMap,
  singular: writeSingular,
  item: (f, v) => writeScalar(f.vk, f.tag, v),
  implicit: writeImplicit,
  str: fieldString,
  i32: fieldInt32,
  u32: fieldUint32,
  s32: fieldSint32,
  fx32: fieldFixed32,
  // One helper per 64-bit kind, written out rather than made by a factory: each call site
  // then has a single target that V8 can inline.
  int64(tag, v, skipZero) {
    toHalves(v);
    if (!skipZero || (lo | hi) !== 0) fieldVarint64(tag, lo, hi);
  },
  sint64(tag, v, skipZero) {
    toHalves(v);
    if (!skipZero || (lo | hi) !== 0) fieldSint64(tag, lo, hi);
  },
  sfixed64(tag, v, skipZero) {
    toHalves(v);
    if (!skipZero || (lo | hi) !== 0) fieldFixed64(tag, lo, hi);
  },
  uint64(tag, v, skipZero) {
    toHalvesUnsigned(v);
    if (!skipZero || (lo | hi) !== 0) fieldVarint64(tag, lo, hi);
  },
  fixed64(tag, v, skipZero) {
    toHalvesUnsigned(v);
    if (!skipZero || (lo | hi) !== 0) fieldFixed64(tag, lo, hi);
  },
  f64: fieldDouble,
  tag: writeTag,
  f32: (tag, v) => fieldFloat(tag, checkFloat32(v)),
  bytes: fieldBytes,
  open,
  close,
  writerOf,
  empty: (f) => newMessage(f.child!),
  packed: (tagLen, vk, items) => writePackedRun(tagLen, vk, items, items.length),
  unknown: writeUnknownFields,
};

function isImplicitZero(f: FieldPlan, v: any): boolean {
  switch (f.vk) {
    case VK_ENUM:
      return v === f.enumZero;
    case VK_BOOL:
      return v === false;
    case VK_STRING:
      return v === "";
    case VK_BYTES:
      return v instanceof Uint8Array && v.byteLength === 0;
    case VK_DOUBLE:
    case VK_FLOAT:
      return Object.is(v, 0);
    default:
      return v == 0;
  }
}

function writeSingular(f: FieldPlan, v: any): void {
  if (f.vk === VK_MESSAGE || f.vk === VK_GROUP) {
    writeChild(f, toMessage(f, v));
  } else {
    writeScalar(f.vk, f.tag, v);
  }
}

function toMessage(f: FieldPlan, v: any): Msg {
  switch (f.local) {
    case LOCAL_WRAPPER: {
      const m = newMessage(f.child!);
      if (v !== undefined) m[f.child!.fields[0].localName] = v;
      return m;
    }
    case LOCAL_STRUCT:
      return structFromJson(v);
  }
  return v === undefined ? newMessage(f.child!) : v;
}

function writeChild(f: FieldPlan, m: Msg): void {
  if (f.vk === VK_GROUP) {
    writeTag(f.tag);
    writeMessage(f.child!, m);
    writeTag(f.tagGroupEnd);
  } else {
    const at = open(f.tagLen);
    writeMessage(f.child!, m);
    close(at);
  }
  current = f;
}

function writeList(f: FieldPlan, items: any[]): void {
  const n = items.length;
  if (n === 0) return;
  if (f.vk === VK_MESSAGE || f.vk === VK_GROUP) {
    for (let i = 0; i < n; i++) writeChild(f, toMessage(f, items[i]));
    return;
  }
  if (f.packed) {
    writePackedRun(f.tagLen, f.vk, items, n);
    return;
  }
  if (f.vk === VK_STRING) {
    for (let i = 0; i < n; i++) {
      const v = items[i];
      fieldString(f.tag, typeof v === "string" ? v : String(v));
    }
    return;
  }
  for (let i = 0; i < n; i++) writeScalar(f.vk, f.tag, items[i]);
}

// Fixed-width and 64-bit packed values are checked and laid out here first (as their wire
// bytes, or as 64-bit halves for the varint kinds); the 32-bit varint kinds go straight to
// writer.ts, which checks them in its loop.
let scratch = new ArrayBuffer(8 * 1024);
let scratchU8 = new Uint8Array(scratch);
let scratchI32 = new Int32Array(scratch);
let scratchF32 = new Float32Array(scratch);
let scratchF64 = new Float64Array(scratch);
let scratchI64 = new BigInt64Array(scratch);
let scratchU64 = new BigUint64Array(scratch);

function scratchFor(bytes: number): void {
  if (bytes <= scratch.byteLength) return;
  scratch = new ArrayBuffer(Math.max(bytes, scratch.byteLength * 2));
  scratchU8 = new Uint8Array(scratch);
  scratchI32 = new Int32Array(scratch);
  scratchF32 = new Float32Array(scratch);
  scratchF64 = new Float64Array(scratch);
  scratchI64 = new BigInt64Array(scratch);
  scratchU64 = new BigUint64Array(scratch);
}

// A packed field (tagLen: its tag with wire type 2) of n > 0 values.
function writePackedRun(tagLen: number, vk: number, items: any[], n: number): void {
  switch (vk) {
    case VK_INT32:
    case VK_ENUM:
      packedInt32(tagLen, items, n);
      return;
    case VK_SINT32:
      packedSint32(tagLen, items, n);
      return;
    case VK_UINT32:
      packedUint32(tagLen, items, n);
      return;
    case VK_BOOL:
      packedBool(tagLen, items, n);
      return;
    case VK_SFIXED32: {
      scratchFor(n * 4);
      const w = scratchI32;
      for (let i = 0; i < n; i++) w[i] = checkInt32(items[i]);
      break;
    }
    case VK_FIXED32: {
      scratchFor(n * 4);
      const w = scratchI32;
      for (let i = 0; i < n; i++) w[i] = checkUint32(items[i]);
      break;
    }
    case VK_FLOAT: {
      scratchFor(n * 4);
      const w = scratchF32;
      for (let i = 0; i < n; i++) w[i] = checkFloat32(items[i]);
      break;
    }
    case VK_DOUBLE: {
      scratchFor(n * 8);
      const w = scratchF64;
      for (let i = 0; i < n; i++) w[i] = items[i]; // ToNumber, as DataView: a bigint throws
      break;
    }
    case VK_INT64:
    case VK_SINT64:
    case VK_UINT64:
      if (n >= WASM_PACKED64_MIN && nested === 0 && getBackend() === "wasm") {
        wasmPackedVarint64(tagLen, items, n, vk !== VK_UINT64, vk === VK_SINT64);
        return;
      }
      scratchFor(n * 8);
      int64Halves(items, n, vk !== VK_UINT64, scratchI64, scratchU64, scratchI32, 0);
      packedVarint64(tagLen, scratchI32, n, vk === VK_SINT64);
      return;
    case VK_SFIXED64:
    case VK_FIXED64:
      scratchFor(n * 8);
      int64Halves(items, n, vk === VK_SFIXED64, scratchI64, scratchU64, scratchI32, 0);
      break;
  }
  const wide = vk === VK_DOUBLE || vk === VK_SFIXED64 || vk === VK_FIXED64;
  fieldBytes(tagLen, scratchU8.subarray(0, n * (wide ? 8 : 4)));
}

// 64-bit values into 8-byte slots from slot `base` on (of views over one buffer): bigints in
// range straight through the typed views, anything else (numbers, strings) through the checks
// of toHalves.
function int64Halves(
  items: any[], n: number, signed: boolean, s64: BigInt64Array, u64: BigUint64Array, w: Int32Array, base: number,
): void {
  for (let i = 0; i < n; i++) {
    const v = items[i];
    // In range: the same check as toHalves (asIntN/asUintN return the value unchanged).
    if (bigintOk && typeof v === "bigint" && (signed ? BigInt.asIntN(64, v) : BigInt.asUintN(64, v)) === v) {
      if (signed) s64[base + i] = v;
      else u64[base + i] = v;
    } else {
      if (signed) toHalves(v);
      else toHalvesUnsigned(v);
      w[2 * (base + i)] = lo;
      w[2 * (base + i) + 1] = hi;
    }
  }
}

// Runs of 64-bit varints from this many values on are written by WebAssembly (write.ts), whose
// 64-bit arithmetic beats JS's halves; shorter ones are not worth the call. On the JS backend
// (the same function translated to JS, with 64-bit values emulated) the JS loop is faster:
// timeseries encode 0.86, osm-dense-nodes 0.94 of the time.
const WASM_PACKED64_MIN = 16;

// The values go into 8-byte slots in the scratch area of linear memory, WebAssembly writes
// their varints behind them, and the bytes are copied to the output.
function wasmPackedVarint64(tagLen: number, items: any[], n: number, signed: boolean, zigzag: boolean): void {
  const src = align(scratchBase(), 8);
  const dst = src + n * 8;
  ensureMemory(dst + n * 10);
  int64Halves(items, n, signed, memI64, memU64, memI32, src >> 3);
  const end = core.packVarint64(src, n, dst, zigzag);
  fieldBytes(tagLen, memU8.subarray(dst, end));
}

// Map entries' key (field 1) and value (field 2) tags with wire type 2.
const KEY_STRING_TAG = (1 << 3) | 2;
const VALUE_DELIMITED_TAG = (2 << 3) | 2;

// Map entries: key (field 1) and value (field 2) in a length-delimited entry.
function writeMap(f: FieldPlan, record: Msg): void {
  const keys = Object.keys(record);
  if (deterministic) sortMapKeys(f.mapKey, keys);
  if (f.mapKey === VK_STRING && f.vk === VK_STRING) {
    // The commonest map, string to string, without the generic value dispatch.
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const v = record[key];
      const at = open(f.tagLen);
      fieldString(KEY_STRING_TAG, key);
      fieldString(VALUE_DELIMITED_TAG, typeof v === "string" ? v : String(v));
      close(at);
    }
    return;
  }
  const keyTag = (1 << 3) | wireTypeOf(f.mapKey);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const at = open(f.tagLen);
    writeScalar(f.mapKey, keyTag, convertKey(f.mapKey, key));
    const v = record[key];
    if (f.vk === VK_MESSAGE) {
      const valueAt = open(VALUE_DELIMITED_TAG);
      writeMessage(f.child!, toMessage(f, v));
      current = f;
      close(valueAt);
    } else {
      writeScalar(f.vk, (2 << 3) | wireTypeOf(f.vk), v);
    }
    close(at);
  }
}

// Map keys are strings in JS objects: convert back to the key type the way
// @bufbuild/protobuf does, passing invalid keys on so that the value check rejects them.
function convertKey(vk: number, key: string): unknown {
  switch (vk) {
    case VK_STRING:
      return key;
    case VK_BOOL:
      return key === "true" ? true : key === "false" ? false : key;
    case VK_UINT64:
    case VK_FIXED64:
      try {
        return protoInt64.uParse(key);
      } catch {
        return key;
      }
    case VK_INT64:
    case VK_SFIXED64:
    case VK_SINT64:
      try {
        return protoInt64.parse(key);
      } catch {
        return key;
      }
    default: {
      const n = Number.parseInt(key);
      return Number.isFinite(n) ? n : key;
    }
  }
}

// One value of kind vk behind its tag.
function writeScalar(vk: number, tag: number, v: any): void {
  switch (vk) {
    case VK_INT32:
    case VK_ENUM:
      fieldInt32(tag, checkInt32(v));
      return;
    case VK_SINT32:
      fieldSint32(tag, checkInt32(v));
      return;
    case VK_UINT32:
      fieldUint32(tag, checkUint32(v));
      return;
    case VK_SFIXED32:
      fieldFixed32(tag, checkInt32(v));
      return;
    case VK_FIXED32:
      fieldFixed32(tag, checkUint32(v));
      return;
    case VK_BOOL:
      fieldUint32(tag, v ? 1 : 0);
      return;
    case VK_FLOAT:
      fieldFloat(tag, checkFloat32(v));
      return;
    case VK_DOUBLE:
      fieldDouble(tag, v);
      return;
    case VK_INT64:
    case VK_SINT64:
    case VK_SFIXED64:
      toHalves(v);
      if (vk === VK_INT64) fieldVarint64(tag, lo, hi);
      else if (vk === VK_SINT64) fieldSint64(tag, lo, hi);
      else fieldFixed64(tag, lo, hi);
      return;
    case VK_UINT64:
    case VK_FIXED64:
      toHalvesUnsigned(v);
      if (vk === VK_UINT64) fieldVarint64(tag, lo, hi);
      else fieldFixed64(tag, lo, hi);
      return;
    case VK_STRING:
      fieldString(tag, typeof v === "string" ? v : String(v));
      return;
    case VK_BYTES:
      // @bufbuild/protobuf's check: anything without a byteLength in range is rejected. Other
      // objects with a byteLength are written as that many zeros (as its writer's set() does).
      fieldBytes(tag, v instanceof Uint8Array ? v : new Uint8Array(checkUint32(v.byteLength)));
      return;
  }
  throw new Error(`protowasm: bad value kind ${vk}`);
}
