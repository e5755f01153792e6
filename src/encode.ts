// toBinary: walk the message with its plan and write an op stream (numbers in a JS
// Int32Array; string and bytes contents straight into linear memory), then one WebAssembly
// call writes the bytes in one pass (assembly/write.ts: a length-delimited part gets one byte
// for its length and is moved right at its end when longer). Field order, presence rules,
// value checks and map key handling are those of @bufbuild/protobuf's writer, so the bytes
// are identical.

import {
  OP_BEGIN, OP_BYTES, OP_END, OP_FIXED32, OP_FIXED64, OP_INT32, OP_PACKED, OP_RAW, OP_SINT32, OP_SINT64,
  PK_SINT64, PK_UINT64,
  OP_TAG, OP_VARINT32, OP_FRAME32, OP_END32, OP_VARINT64, SHAPE_LIST, SHAPE_MAP, VK_BOOL, VK_BYTES, VK_DOUBLE, VK_ENUM,
  VK_FIXED32, VK_FIXED64, VK_FLOAT, VK_GROUP, VK_INT32, VK_INT64, VK_MESSAGE, VK_SFIXED32,
  VK_SFIXED64, VK_SINT32, VK_SINT64, VK_STRING, VK_UINT32, VK_UINT64,
} from "./wasm/layout.js";
import { align, core, ensureMemory, f32, f64, i32, i64, scratchBase, u64, u8 } from "./wasm/instance.js";
import { LOCAL_STRUCT, LOCAL_WRAPPER, newMessage, wireTypeOf, type FieldPlan, type MessagePlan } from "./plan.js";
import { bigintOk, hi, lo, toHalves, toHalvesUnsigned } from "./int64.js";
import { structFromJson } from "./struct.js";
import { EncodeError } from "./errors.js";
import { sortMapKeys } from "./map-order.js";
import { compileWriter, generateLater, type WriteHelpers } from "./codegen.js";
import type { BinaryWriteOptions } from "./options.js";
import { protoInt64 } from "@bufbuild/protobuf";

type Msg = Record<string, any>;


let ops = new Int32Array(4096);
let on = 0; // words used in ops
let ap = 0; // next free byte of the arena in linear memory
let extra = 0; // output bytes beyond the usual bound (see encodeMessage)
let writeUnknown = true;
let deterministic = false;
let pooled = false;
let current: FieldPlan | undefined; // the field being written, for error messages

const encoder = new TextEncoder();
const scratchF64 = new Float64Array(1);
const scratchF32 = new Float32Array(scratchF64.buffer, 0, 1);
const scratchI32 = new Int32Array(scratchF64.buffer);

/**
 * Encodes message (of plan's type) to a new Uint8Array; with `delimited`, its size (a varint)
 * goes first.
 */
export function encodeMessage(plan: MessagePlan, message: Msg, opts: BinaryWriteOptions, delimited = false): Uint8Array<ArrayBuffer> {
  for (;;) {
    begin(opts);
    if (delimited) {
      // A bracket with no tag: just the length prefix.
      emit2(OP_BEGIN, 0);
    }
    try {
      writeMessage(plan, message);
    } catch (e) {
      throw asEncodeError(e, plan);
    }
    if (delimited) emit1(OP_END);
    if (placePending()) return finish();
  }
}

/**
 * Encodes messages (of plan's type) into one Uint8Array, each behind a length prefix: a
 * varint (protobuf's size-delimited format) or, with `be32`, 4 bytes big-endian. All
 * messages go through one op stream and one WebAssembly call.
 */
export function encodeFramed(plan: MessagePlan, messages: readonly Msg[], opts: BinaryWriteOptions, be32: boolean): Uint8Array<ArrayBuffer> {
  const open = be32 ? OP_FRAME32 : OP_BEGIN;
  const close = be32 ? OP_END32 : OP_END;
  for (;;) {
    begin(opts);
    let i = 0;
    try {
      for (; i < messages.length; i++) {
        emit2(open, 0);
        writeMessage(plan, messages[i]);
        emit1(close);
      }
    } catch (e) {
      const err = asEncodeError(e, plan);
      if (err instanceof EncodeError) err.message = `message ${i}: ${err.message}`;
      throw err;
    }
    if (placePending()) return finish();
  }
}

// Past the first DEFER_AFTER strings of a call, short strings are not written one by one
// (the one encodeInto call below has a fixed cost of about 200 ns, more than a few strings
// cost written one by one): each is appended to one pending string, its op
// holding its offset and length there in UTF-16 units, and the whole pending string is
// written by one TextEncoder.encodeInto after the walk, behind the arena; the ops are then
// pointed at its bytes (relocs: where those ops sit in the stream). A per-string loop of
// charCodeAt and stores into linear memory cost about twice as much. When the text is all
// ASCII, units are bytes; else WebAssembly counts each string's bytes along the UTF-8.
// Encoded apart, a string ending in a lone high surrogate and one starting with a lone low
// surrogate give two replacement characters; together they would give one pair. That case
// walks the message again writing every string at once, as do the next DEFER_PAUSE calls.
const DEFER_AFTER = 32;
const DEFER_MAX_LENGTH = 256;
const DEFER_MAX_PENDING = 1 << 24;
const DEFER_PAUSE = 256;
let pending = "";
let relocs = new Int32Array(1024);
let nRelocs = 0;
let deferPause = 0;
let directLeft = 0; // strings this call still writes at once before deferring

function deferString(tag: number, s: string): void {
  const o = on;
  emit4(OP_BYTES, tag, pending.length, s.length);
  pending += s;
  if (nRelocs === relocs.length) {
    const bigger = new Int32Array(relocs.length * 2);
    bigger.set(relocs);
    relocs = bigger;
  }
  relocs[nRelocs++] = o + 2;
}

// Writes the pending string behind the arena and points its ops there; false where that
// cannot be done (the caller walks the message again, strings written at once).
function placePending(): boolean {
  const n = pending.length;
  if (n === 0) return true;
  // Room for the bytes (3 per unit at most), then for the strings' lengths if not ASCII.
  arena(n * 3 + nRelocs * 4 + 32);
  const at = ap;
  const written = encoder.encodeInto(pending, u8.subarray(at, at + n * 3)).written;
  pending = "";
  const w = ops;
  if (written === n) {
    for (let i = 0; i < nRelocs; i++) w[relocs[i]] += at;
  } else {
    // Not all ASCII: WebAssembly counts each string's bytes along the UTF-8.
    const lensAt = align(at + written + 8, 4);
    const lens = i32;
    const base = lensAt >> 2;
    for (let i = 0; i < nRelocs; i++) lens[base + i] = w[relocs[i] + 1];
    if (!core.utf8Spans(at, lensAt, nRelocs)) {
      deferPause = DEFER_PAUSE + 1; // begin() counts this walk's retry
      return false;
    }
    let p = at;
    for (let i = 0; i < nRelocs; i++) {
      const r = relocs[i];
      const len = lens[base + i];
      w[r] = p;
      w[r + 1] = len;
      p += len;
    }
  }
  ap = at + written;
  return true;
}

function begin(opts: BinaryWriteOptions): void {
  on = 0;
  ap = scratchBase();
  extra = 0;
  pending = "";
  nRelocs = 0;
  directLeft = DEFER_AFTER;
  if (deferPause > 0) deferPause--;
  writeUnknown = opts.writeUnknownFields;
  deterministic = opts.deterministic === true;
  pooled = opts.pooled === true;
  current = undefined;
}

// Runs the wasm pass over the op stream and returns a copy of the output.
function finish(): Uint8Array<ArrayBuffer> {
  const opsAt = align(ap, 16);
  const stackAt = opsAt + on * 4;
  // One stack slot per open part: each OP_BEGIN (with its OP_END) takes at least 3 words.
  const outAt = align(stackAt + Math.ceil(on / 3) * 4 + 16, 16);
  // The output's bound, which write.ts relies on (it writes in one pass, without checking):
  // every op writes at most 5 bytes per word it takes (an OP_BEGIN's tag and the length of
  // its part, 2 words: at most 10), plus the bytes it points to in the arena; packed runs can
  // take more (a negative int32: 10 bytes from a 4-byte slot), counted in `extra`.
  const outCap = ap - scratchBase() + on * 5 + extra + 16;
  ensureMemory(outAt + outCap + 16); // 16 spare bytes: write.ts moves short strings by words
  if (on <= 256) {
    // A loop beats subarray() + set() for short streams (no view object to make).
    const w = i32;
    const base = opsAt >> 2;
    for (let i = 0; i < on; i++) w[base + i] = ops[i];
  } else {
    i32.set(on === ops.length ? ops : ops.subarray(0, on), opsAt >> 2);
  }
  const size = core.encode(opsAt, opsAt + on * 4, stackAt, outAt);
  // Up to 64 bytes V8 makes the array on the JS heap, cheaper than a view into the pool.
  if (pooled && size > 64 && size <= POOLED_MAX) return pooledCopy(outAt, size);
  return u8.slice(outAt, outAt + size);
}

// The `pooled` write option: outputs of 65 to POOLED_MAX bytes are carved out of a shared
// slab, 8-byte aligned, and a full slab is left to the outputs that hold it. A view costs a
// small object; an ArrayBuffer of its own costs an allocation outside the JS heap (0.4-2 µs
// here), which dominates the encode of a small message.
const SLAB_BYTES = 64 * 1024;
const POOLED_MAX = 4 * 1024;
let slab = new ArrayBuffer(0);
let slabBytes = new Uint8Array(slab);
let slabAt = 0;

function pooledCopy(from: number, size: number): Uint8Array<ArrayBuffer> {
  if (slabAt + size > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabBytes = new Uint8Array(slab);
    slabAt = 0;
  }
  const at = slabAt;
  slabBytes.set(u8.subarray(from, from + size), at);
  slabAt = (at + size + 7) & ~7;
  return new Uint8Array(slab, at, size);
}

function asEncodeError(e: unknown, plan: MessagePlan, f = current): unknown {
  if (e instanceof EncodeError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  if (f === undefined) return new EncodeError(plan.typeName, `cannot encode ${plan.typeName} to binary: ${detail}`);
  return new EncodeError(f.name, `cannot encode field ${f.name} to binary: ${detail}`);
}

function room(words: number): void {
  if (on + words > ops.length) {
    const bigger = new Int32Array(Math.max(ops.length * 2, on + words));
    bigger.set(ops);
    ops = bigger;
  }
}

// Appending ops: one read and one write of the module's `on` and `ops` per op, instead of
// one per word (module variables live in memory, not in registers).
function emit1(op: number): void {
  const o = on;
  if (o + 1 > ops.length) room(1);
  ops[o] = op;
  on = o + 1;
}

function emit2(op: number, a: number): void {
  const o = on;
  if (o + 2 > ops.length) room(2);
  ops[o] = op;
  ops[o + 1] = a;
  on = o + 2;
}

function emit3(op: number, a: number, b: number): void {
  const o = on;
  if (o + 3 > ops.length) room(3);
  const w = ops;
  w[o] = op;
  w[o + 1] = a;
  w[o + 2] = b;
  on = o + 3;
}

function emit4(op: number, a: number, b: number, c: number): void {
  const o = on;
  if (o + 4 > ops.length) room(4);
  const w = ops;
  w[o] = op;
  w[o + 1] = a;
  w[o + 2] = b;
  w[o + 3] = c;
  on = o + 4;
}

function arena(bytes: number): void {
  ensureMemory(ap + bytes);
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
        if (v !== "") writeStringField(f.tag, v);
      } else if ((f.vk === VK_INT32 || f.vk === VK_ENUM) && typeof v === "number" && (v | 0) === v) {
        if (v !== (f.vk === VK_ENUM ? f.enumZero : 0)) writeInt32Field(f.tag, v);
      } else if (f.vk === VK_BOOL && typeof v === "boolean") {
        if (v) writeBoolTrue(f.tag);
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

function writeStringField(tag: number, v: string): void {
  writeString(tag, v);
}

function writeInt32Field(tag: number, v: number): void {
  emit3(OP_INT32, tag, v);
}

function writeBoolTrue(tag: number): void {
  emit3(OP_VARINT32, tag, 1);
}

function writeImplicit(f: FieldPlan, v: unknown): void {
  if (!isImplicitZero(f, v)) writeSingular(f, v);
}

function writeUnknownFields(unknown: { no: number; wireType: number; data: Uint8Array }[] | undefined): void {
  if (unknown === undefined || !writeUnknown) return;
  current = undefined;
  for (let i = 0; i < unknown.length; i++) {
    const { no, wireType, data } = unknown[i];
    emit2(OP_TAG, checkUint32(((no << 3) | wireType) >>> 0));
    const n = data.length;
    arena(n);
    u8.set(data, ap);
    emit3(OP_RAW, ap, n);
    ap += n;
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
  implicit: writeImplicit,
  str: writeStringField,
  i32: writeInt32Field,
  u32: emit3,
  s64(op, tag, v, skipZero) {
    toHalves(v);
    if (!skipZero || (lo | hi) !== 0) emit4(op, tag, lo, hi);
  },
  u64(op, tag, v, skipZero) {
    toHalvesUnsigned(v);
    if (!skipZero || (lo | hi) !== 0) emit4(op, tag, lo, hi);
  },
  f64(tag, v) {
    scratchF64[0] = v;
    emit4(OP_FIXED64, tag, scratchI32[0], scratchI32[1]);
  },
  boolTrue: writeBoolTrue,
  bytes: writeBytes,
  begin: (tagLen) => emit2(OP_BEGIN, tagLen),
  end: () => emit1(OP_END),
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
    emit2(OP_TAG, f.tag);
    writeMessage(f.child!, m);
    emit2(OP_TAG, f.tagGroupEnd);
  } else {
    emit2(OP_BEGIN, f.tagLen);
    writeMessage(f.child!, m);
    emit1(OP_END);
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
      writeString(f.tag, typeof v === "string" ? v : String(v));
    }
    return;
  }
  for (let i = 0; i < n; i++) writeScalar(f.vk, f.tag, items[i]);
}

// A packed field (tagLen: its tag with wire type 2) of n > 0 values. The values go into the
// arena, checked one by one: as finished varints for the 32-bit varint kinds, as the wire
// bytes for fixed-width kinds (both then one OP_BYTES: the length is known here, so no
// bracket for WebAssembly to size), and as 64-bit slots in a bracket with OP_PACKED for the
// 64-bit varint kinds (WebAssembly sizes and writes the varints).
function writePackedRun(tagLen: number, vk: number, items: any[], n: number): void {
  if (vk === VK_INT32 || vk === VK_ENUM || vk === VK_SINT32 || vk === VK_UINT32 || vk === VK_BOOL) {
    writePackedVarint32(tagLen, vk, items, n);
    return;
  }
  ap = align(ap, 8);
  const wide = vk === VK_INT64 || vk === VK_UINT64 || vk === VK_SINT64 || vk === VK_FIXED64 || vk === VK_SFIXED64 || vk === VK_DOUBLE;
  const bytes = n * (wide ? 8 : 4);
  arena(bytes);
  const at = ap;
  let kind = -1; // PK_*, or -1 for fixed-width (raw bytes)
  switch (vk) {
    case VK_SFIXED32: {
      const w = i32, base = at >> 2;
      for (let i = 0; i < n; i++) w[base + i] = checkInt32(items[i]);
      break;
    }
    case VK_FIXED32: {
      const w = i32, base = at >> 2;
      for (let i = 0; i < n; i++) w[base + i] = checkUint32(items[i]);
      break;
    }
    case VK_FLOAT: {
      const w = f32, base = at >> 2;
      for (let i = 0; i < n; i++) {
        const v = items[i];
        checkFloat32(v);
        w[base + i] = v;
      }
      break;
    }
    case VK_DOUBLE: {
      const w = f64, base = at >> 3;
      for (let i = 0; i < n; i++) w[base + i] = items[i]; // ToNumber, as DataView: a bigint throws
      break;
    }
    case VK_INT64:
    case VK_SINT64:
    case VK_SFIXED64:
      writeInt64Slots(items, n, at, true);
      kind = vk === VK_INT64 ? PK_UINT64 : vk === VK_SINT64 ? PK_SINT64 : -1;
      break;
    default: // VK_UINT64, VK_FIXED64
      writeInt64Slots(items, n, at, false);
      kind = vk === VK_UINT64 ? PK_UINT64 : -1;
  }
  ap += bytes;
  if (kind >= 0) {
    extra += n * 6;
    emit2(OP_BEGIN, tagLen);
    emit4(OP_PACKED, kind, at, n);
    emit1(OP_END);
  } else {
    emit4(OP_BYTES, tagLen, at, bytes);
  }
}

// 32-bit varint kinds: the varints written here, in the loop that reads and checks the
// values, so the field is one OP_BYTES (WebAssembly only copies it) instead of slots that
// WebAssembly reads twice, to size and to write.
function writePackedVarint32(tagLen: number, vk: number, items: any[], n: number): void {
  arena(n * 10);
  const at = ap;
  let p: number;
  switch (vk) {
    case VK_SINT32:
      p = packSint32(items, n, at);
      break;
    case VK_UINT32:
      p = packUint32(items, n, at);
      break;
    case VK_BOOL:
      p = packBool(items, n, at);
      break;
    default:
      p = packInt32(items, n, at);
  }
  ap = p;
  emit4(OP_BYTES, tagLen, at, p - at);
}

// One loop per kind: the hot path of numeric encodes stays a tight loop. Values that are
// not plain numbers of the right range go through the checks (which convert or throw).
function packInt32(items: any[], n: number, p: number): number {
  const mem = u8;
  for (let i = 0; i < n; i++) {
    let v = items[i];
    if (typeof v !== "number" || (v | 0) !== v) v = checkInt32(v);
    if (v >= 0) {
      p = putVarint32(mem, p, v);
    } else {
      // Sign-extended to 64 bits: ten bytes.
      let lo = v >>> 0;
      for (let k = 0; k < 4; k++) {
        mem[p++] = (lo & 127) | 128;
        lo >>>= 7;
      }
      mem[p++] = 0xf0 | lo;
      mem[p++] = 0xff;
      mem[p++] = 0xff;
      mem[p++] = 0xff;
      mem[p++] = 0xff;
      mem[p++] = 1;
    }
  }
  return p;
}

function packSint32(items: any[], n: number, p: number): number {
  const mem = u8;
  for (let i = 0; i < n; i++) {
    let v = items[i];
    if (typeof v !== "number" || (v | 0) !== v) v = checkInt32(v);
    p = putVarint32(mem, p, ((v << 1) ^ (v >> 31)) >>> 0);
  }
  return p;
}

function packUint32(items: any[], n: number, p: number): number {
  const mem = u8;
  for (let i = 0; i < n; i++) {
    let u = items[i];
    if (typeof u !== "number" || u >>> 0 !== u) u = checkUint32(u) >>> 0;
    p = putVarint32(mem, p, u);
  }
  return p;
}

// An unsigned 32-bit varint at p; returns the position after it. One- and two-byte varints
// first (a Uint8Array store keeps the low 8 bits).
function putVarint32(mem: Uint8Array, p: number, u: number): number {
  if (u < 0x80) {
    mem[p] = u;
    return p + 1;
  }
  if (u < 0x4000) {
    mem[p] = u | 0x80;
    mem[p + 1] = u >>> 7;
    return p + 2;
  }
  while (u > 127) {
    mem[p++] = (u & 127) | 128;
    u >>>= 7;
  }
  mem[p] = u;
  return p + 1;
}

function packBool(items: any[], n: number, p: number): number {
  const mem = u8;
  for (let i = 0; i < n; i++) mem[p++] = items[i] ? 1 : 0;
  return p;
}

// 64-bit values into 8-byte slots: bigints in range straight through the typed views,
// anything else (numbers, strings) through the checks of toHalves.
function writeInt64Slots(items: any[], n: number, at: number, signed: boolean): void {
  const base = at >> 3;
  for (let i = 0; i < n; i++) {
    const v = items[i];
    // In range: the same check as toHalves (asIntN/asUintN return the value unchanged).
    if (bigintOk && typeof v === "bigint" && (signed ? BigInt.asIntN(64, v) : BigInt.asUintN(64, v)) === v) {
      if (signed) i64[base + i] = v;
      else u64[base + i] = v;
    } else {
      if (signed) toHalves(v);
      else toHalvesUnsigned(v);
      i32[2 * (base + i)] = lo;
      i32[2 * (base + i) + 1] = hi;
    }
  }
}

// Map entries: key (field 1) and value (field 2) in a length-delimited entry.
const KEY_STRING_TAG = (1 << 3) | 2;
const VALUE_STRING_TAG = (2 << 3) | 2;

// Strings of up to 42 UTF-16 units take at most 126 bytes: their length is one byte.
const SHORT_ENTRY_STRING = 42;

// A map<string, string> entry whose strings are both short: written whole into the arena
// (key tag, length, bytes, value tag, length, bytes) as the contents of one OP_BYTES, so
// WebAssembly has no bracket to size.
function writeShortStringEntry(tagLen: number, key: string, value: string): void {
  arena(4 + (key.length + value.length) * 3);
  const at = ap;
  const kn = utf8At(key, at + 2);
  const vAt = at + 2 + kn;
  const vn = utf8At(value, vAt + 2);
  const mem = u8;
  mem[at] = KEY_STRING_TAG;
  mem[at + 1] = kn;
  mem[vAt] = VALUE_STRING_TAG;
  mem[vAt + 1] = vn;
  const n = 4 + kn + vn;
  emit4(OP_BYTES, tagLen, at, n);
  ap = at + n;
}

function writeMap(f: FieldPlan, record: Msg): void {
  const keys = Object.keys(record);
  if (deterministic) sortMapKeys(f.mapKey, keys);
  if (f.mapKey === VK_STRING && f.vk === VK_STRING) {
    // The commonest map, string to string, without the generic value dispatch.
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const v = record[key];
      const value = typeof v === "string" ? v : String(v);
      if (key.length <= SHORT_ENTRY_STRING && value.length <= SHORT_ENTRY_STRING) {
        writeShortStringEntry(f.tagLen, key, value);
      } else {
        emit2(OP_BEGIN, f.tagLen);
        writeString(KEY_STRING_TAG, key);
        writeString(VALUE_STRING_TAG, value);
        emit1(OP_END);
      }
    }
    return;
  }
  const keyTag = (1 << 3) | wireTypeOf(f.mapKey);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    emit2(OP_BEGIN, f.tagLen);
    writeScalar(f.mapKey, keyTag, convertKey(f.mapKey, key));
    const v = record[key];
    if (f.vk === VK_MESSAGE) {
      emit2(OP_BEGIN, (2 << 3) | 2);
      writeMessage(f.child!, toMessage(f, v));
      current = f;
      emit1(OP_END);
    } else {
      writeScalar(f.vk, (2 << 3) | wireTypeOf(f.vk), v);
    }
    emit1(OP_END);
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

// tag 0: no tag (elements of a packed run).
function writeScalar(vk: number, tag: number, v: any): void {
  switch (vk) {
    case VK_INT32:
    case VK_ENUM:
      emit3(OP_INT32, tag, checkInt32(v));
      return;
    case VK_SINT32:
      emit3(OP_SINT32, tag, checkInt32(v));
      return;
    case VK_UINT32:
      emit3(OP_VARINT32, tag, checkUint32(v));
      return;
    case VK_SFIXED32:
      emit3(OP_FIXED32, tag, checkInt32(v));
      return;
    case VK_FIXED32:
      emit3(OP_FIXED32, tag, checkUint32(v));
      return;
    case VK_BOOL:
      emit3(OP_VARINT32, tag, v ? 1 : 0);
      return;
    case VK_FLOAT:
      checkFloat32(v);
      scratchF32[0] = v;
      emit3(OP_FIXED32, tag, scratchI32[0]);
      return;
    case VK_DOUBLE:
      scratchF64[0] = v; // ToNumber, as DataView.setFloat64: a bigint throws
      emit4(OP_FIXED64, tag, scratchI32[0], scratchI32[1]);
      return;
    case VK_INT64:
    case VK_SINT64:
    case VK_SFIXED64:
      toHalves(v);
      emit4(vk === VK_INT64 ? OP_VARINT64 : vk === VK_SINT64 ? OP_SINT64 : OP_FIXED64, tag, lo, hi);
      return;
    case VK_UINT64:
    case VK_FIXED64:
      toHalvesUnsigned(v);
      emit4(vk === VK_UINT64 ? OP_VARINT64 : OP_FIXED64, tag, lo, hi);
      return;
    case VK_STRING:
      writeString(tag, typeof v === "string" ? v : String(v));
      return;
    case VK_BYTES:
      writeBytes(tag, v);
      return;
  }
  throw new Error(`protowasm: bad value kind ${vk}`);
}

function writeString(tag: number, s: string): void {
  if (directLeft > 0) {
    directLeft--;
  } else if (s.length <= DEFER_MAX_LENGTH && deferPause === 0 && pending.length < DEFER_MAX_PENDING) {
    deferString(tag, s);
    return;
  }
  arena(s.length * 3);
  const n = utf8At(s, ap);
  emit4(OP_BYTES, tag, ap, n);
  ap += n;
}

// Writes s as UTF-8 at p in linear memory (room for 3 bytes per UTF-16 unit is the caller's
// to ensure) and returns the byte count. Short ASCII strings by a loop: encodeInto has a
// fixed cost that dominates for them.
function utf8At(s: string, p: number): number {
  const len = s.length;
  const mem = u8;
  if (len <= 64) {
    let i = 0;
    for (; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      mem[p + i] = c;
    }
    if (i === len) return len;
  }
  return encoder.encodeInto(s, mem.subarray(p, p + len * 3)).written;
}

function writeBytes(tag: number, v: Uint8Array): void {
  const n = checkUint32(v.byteLength);
  arena(n);
  u8.set(v, ap);
  emit4(OP_BYTES, tag, ap, n);
  ap += n;
}

// Value checks, with @bufbuild/protobuf's rules and messages: numbers or numeric strings.
function checkInt32(v: any): number {
  if (typeof v === "number") {
    if ((v | 0) === v) return v;
  } else if (typeof v === "string") {
    const n = Number(v);
    if (Number.isInteger(n) && n <= 0x7fffffff && n >= -0x80000000) return n;
    throw new Error("invalid int32: " + v);
  } else {
    throw new Error("invalid int32: " + typeof v);
  }
  throw new Error("invalid int32: " + v);
}

function checkUint32(v: any): number {
  if (typeof v === "number") {
    if (v >>> 0 === v) return v | 0;
  } else if (typeof v === "string") {
    const n = Number(v);
    if (Number.isInteger(n) && n <= 0xffffffff && n >= 0) return n | 0;
    throw new Error("invalid uint32: " + v);
  } else {
    throw new Error("invalid uint32: " + typeof v);
  }
  throw new Error("invalid uint32: " + v);
}

function checkFloat32(v: any): void {
  let n = v;
  if (typeof v == "string") {
    n = Number(v);
    if (Number.isNaN(n) && v !== "NaN") throw new Error("invalid float32: " + v);
  } else if (typeof v != "number") {
    throw new Error("invalid float32: " + typeof v);
  }
  if (!Number.isFinite(Math.fround(n)) && Number.isFinite(n)) throw new Error("invalid float32: " + v);
}
