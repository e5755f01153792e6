// fromBinary / mergeFromBinary: the WebAssembly scanner validates the input (seen through a
// window of linear memory) and writes the tape, in one call per message unless it asks for
// more of the input; then JS walks the tape with the type's plan and builds message objects
// exactly as @bufbuild/protobuf's reader does. Nothing is set on the target before the
// whole input has been validated.

import {
  ERR_GROUP, ERR_RECURSION, ERR_FIELD_TOO_LARGE, ERR_TOO_MANY, ERR_STACK_FULL, ERR_TAG, ERR_TAPE_FULL, ERR_TRUNCATED, ERR_UTF8,
  ERR_VARINT, ERR_WIRE_TYPE, ERR_NEED_INPUT, FLAG_KEEP_UNKNOWN, SHAPE_LIST, SHAPE_MAP, SHAPE_SINGULAR, STR_ASCII, STR_INVALID, TAPE_END,
  TAPE_UNKNOWN, VK_BOOL, VK_BYTES, VK_DOUBLE, VK_ENUM, VK_FIXED32, VK_FIXED64, VK_FLOAT,
  VK_GROUP, VK_INT32, VK_INT64, VK_MESSAGE, VK_SFIXED32, VK_SFIXED64, VK_SINT32, VK_SINT64,
  VK_STRING, VK_UINT32, VK_UINT64, isWide, valueWords,
} from "./wasm/layout.js";
import {
  align, core, ensureMemory, f32, f64, i32, i64, INTERN_COUNT_AT, MAX_INTERNED, onBackendChange, scanErrorPos, scanNeedLength,
  scanNeedOffset, scanTapeUsed, scratchBase, u8, u64,
} from "./wasm/instance.js";
import {
  compiledFactory, D_BOOL, D_BYTES, D_CLOSED_ENUM, D_DOUBLE, D_FLOAT, D_INT32, D_LIST, D_MESSAGE, D_ONEOF_SCALAR,
  D_SCALAR, D_STRING, D_UINT32, LOCAL_STRUCT, LOCAL_WRAPPER, maxFieldCount, newMessage, scalarZero, type FieldPlan,
  type MessagePlan,
} from "./plan.js";
import { protoInt64 } from "@bufbuild/protobuf";
import { compileReader, generateLater, type ReadHelpers, type TapeViews } from "./codegen.js";
import { bigintOk, makeSmallBigint, SMALL_BIGINTS, smallBigints } from "./int64.js";
import { setOwn, structFromJson, structToJson } from "./struct.js";
import { DecodeError, type DecodeErrorCode } from "./errors.js";
import { asciiLong, asciiShort, validUtf8 } from "./text.js";
import type { BinaryReadOptions } from "./options.js";

type Msg = Record<string, any>;

// Walk state, module-level so that the hot functions take no extra arguments.
let t: Int32Array = i32; // the tape (a view of linear memory); tpos indexes it in words
let tpos = 0;
let fl: Float32Array = f32;
let fd: Float64Array = f64; // 64-bit values are 8-byte aligned on the tape: index tpos >> 1
let bi: BigInt64Array = i64;
let bu: BigUint64Array = u64;
// The same views for generated readers, set together with the variables above.
const views: TapeViews = { t: i32, fl: f32, fd: f64, bi: i64, bu: u64 };

function takeViews(): void {
  // The views change together, only when memory grows or the backend changes.
  if (t === i32) return;
  views.t = t = i32;
  views.fl = fl = f32;
  views.fd = fd = f64;
  views.bi = bi = i64;
  views.bu = bu = u64;
}
let input: Uint8Array = new Uint8Array(0); // the caller's bytes: the tape's offsets point here
// For a plain Uint8Array input, bytes fields are made with the constructor (about twice as
// fast as subarray(), which looks up the species); other inputs (a Node Buffer) go through
// subarray(), so that their fields have the input's class, as @bufbuild/protobuf's do.
// Looked up on the first view of each input (reading .buffer costs, and most inputs need none).
let plainInput = false;
let inputBuffer: ArrayBufferLike | undefined;
let inputOffset = 0;

let firstView = true;

function setInput(bytes: Uint8Array): void {
  input = bytes;
  inputBuffer = undefined;
  firstView = true;
}

/** A view of input[addr, addr + len). */
function view(addr: number, len: number): Uint8Array {
  if (inputBuffer === undefined) {
    // The first view by subarray(): about 32 ns, against 45 to look the buffer and offset up
    // and make the view (which the next views then make for about 12).
    if (firstView) {
      firstView = false;
      return input.subarray(addr, addr + len);
    }
    lookUpInput();
  }
  return plainInput ? new Uint8Array(inputBuffer!, inputOffset + addr, len) : input.subarray(addr, addr + len);
}

function lookUpInput(): void {
  plainInput = input.constructor === Uint8Array;
  inputBuffer = input.buffer;
  inputOffset = input.byteOffset;
}

/**
 * Copies input[from, from + len) to linear memory at `at`, through a view made by the
 * constructor (subarray() costs twice as much, and a window is copied per scan call).
 */
function copyWindow(from: number, len: number, at: number): void {
  if (inputBuffer === undefined) lookUpInput();
  u8.set(new Uint8Array(inputBuffer!, inputOffset + from, len), at);
}

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

// Strings by intern id (see assembly/intern.ts); emptied together with the table. Always the
// same array: generated readers hold it.
const interned: string[] = [];

// The scanner reads the input through a window: the first WINDOW bytes, then (when it asks
// for more) windows twice as large each time, up to MAX_WINDOW. Blobs that the scanner only
// skips are never copied, and a small message is copied whole.
let WINDOW = 2 * 1024;
const MAX_WINDOW = 1 << 20;
const LARGE_FIRST_WINDOW = 512;

/**
 * The next window's length after the scanner stopped for more input at offset (lastOffset:
 * where it stopped before, -1 at first): larger windows as the input goes on; and at least as
 * large as the item that did not fit, when its length is known (else doubling until it fits).
 */
export function nextWindowLength(winLen: number, offset: number, lastOffset: number): number {
  if (offset === lastOffset || winLen < MAX_WINDOW) winLen *= 2;
  return Math.max(winLen, scanNeedLength());
}

/** Internal, for tests: the window size (at least 1). */
export function setWindowSize(bytes: number): void {
  WINDOW = Math.max(1, bytes | 0);
}

/** Decodes bytes into target (a message of plan's type). */
export function decodeInto(plan: MessagePlan, target: Msg, bytes: Uint8Array, opts: BinaryReadOptions): void {
  const n = bytes.length;
  const limit = opts.recursionLimit;
  if (n > opts.maxMessageBytes) {
    throw new DecodeError("message_too_large", 0, plan.desc.name, `message size ${n} is larger than maxMessageBytes ${opts.maxMessageBytes}`);
  }
  // Nesting cannot exceed the recursion limit nor one level per two input bytes; map
  // entries add a frame per level.
  const depthBound = Math.min(Math.max(limit, 0), (n >> 1) + 1);
  let frames = 2 * depthBound + 4;
  let tapeBytes = align(Math.min(Math.max(4096, n * 4 + 256), 64 << 20), 16);
  const tapeAt = scratchBase();
  resetInternIfFull();
  setInput(bytes);
  // The window copies read the input through setInput's state; from here on, an error too
  // drops the reference to the caller's bytes.
  try {
    let code = 0;
    for (;;) {
      const stackAt = tapeAt + tapeBytes;
      const groupAt = stackAt + frames * 64;
      const countsAt = align(groupAt + frames * 4, 16);
      const winAt = align(countsAt + applyLimits(opts, countsAt, depthBound + 2), 16);
      // An input larger than the window starts with a small one: messages that size are
      // often mostly a blob that is never copied, and dense ones grow the window fast.
      let winLen = n <= WINDOW ? n : Math.min(WINDOW, LARGE_FIRST_WINDOW);
      // 16 spare bytes after the window: the scanner reads whole 8-byte words.
      ensureMemory(winAt + winLen + 16);
      if (n <= 8 && winLen === n) {
        // A loop beats set() for a few bytes (no call into the runtime), not for more: a
        // byte costs the loop about 0.8 ns, and 28 bytes took 22 ns by loop, 14 by set().
        const mem = u8;
        for (let i = 0; i < n; i++) mem[winAt + i] = bytes[i];
      } else if (winLen === n) {
        u8.set(bytes, winAt);
      } else {
        copyWindow(0, winLen, winAt);
      }
      code = core.scanStart(
        plan.record, winAt, winLen, n, tapeAt, tapeBytes, stackAt, frames * 64, groupAt,
        opts.readUnknownFields ? FLAG_KEEP_UNKNOWN : 0, limit,
      );
      let lastOffset = -1;
      while (code === ERR_NEED_INPUT) {
        const offset = scanNeedOffset();
        winLen = nextWindowLength(winLen, offset, lastOffset);
        lastOffset = offset;
        const len = Math.min(winLen, n - offset);
        ensureMemory(winAt + len + 16);
        copyWindow(offset, len, winAt);
        code = core.scanResume(winAt, offset, len);
      }
      if (code === ERR_TAPE_FULL) tapeBytes *= 2;
      else if (code === ERR_STACK_FULL) frames *= 2;
      else break;
    }
    takeViews();
    if (code < 0) throw decodeError(plan, code, tapeAt >> 2, limit);
    if (opts.maxRepeated < 0x7fffffff) checkRepeated(plan, opts.maxRepeated, tapeAt >> 2);
    tpos = tapeAt >> 2;
    keepUnknown = opts.readUnknownFields;
    readRoot(plan, target, limit);
  } finally {
    setInput(EMPTY);
  }
}

function readRoot(plan: MessagePlan, target: Msg, limit: number): void {
  try {
    readBody(plan, target);
  } catch (e) {
    // Only with a recursionLimit far above the default can nesting outgrow the JS stack.
    if (e instanceof RangeError && limit > 1000) throw new DecodeError("recursion_limit", 0, plan.desc.name, `nesting too deep for the JS stack (recursionLimit ${limit})`);
    throw e;
  }
}

// The limits last given to the scanner; calls are skipped while they stay the same.
let limitField = -1;
let limitRepeated = -1;

onBackendChange(() => {
  interned.length = 0;
  limitField = -1;
  limitRepeated = -1;
  if (internMode !== 0) core.setInternMode(internMode);
});

let internMode = 0;

/**
 * Internal, for tests: which short strings the scanner interns. "adaptive" (the default)
 * leaves it to each field's record of hits; "always" and "never" force either path.
 */
export function setInternMode(mode: "adaptive" | "always" | "never"): void {
  internMode = mode === "always" ? 1 : mode === "never" ? 2 : 0;
  core.setInternMode(internMode);
}

/**
 * Gives the scanner the field-size and element-count limits of opts; returns the bytes of
 * the element-count table at countsAt (one row of maxFieldCount words per depth), if any.
 */
export function applyLimits(opts: BinaryReadOptions, countsAt: number, rows: number): number {
  const field = opts.maxFieldBytes >= 0xffffffff ? 0xffffffff : opts.maxFieldBytes;
  const repeated = opts.maxRepeated >= 0x7fffffff ? 0 : opts.maxRepeated;
  if (repeated === 0) {
    if (field !== limitField || limitRepeated !== 0) {
      core.setLimits(field >>> 0 | 0, 0, 0, 0);
      limitField = field;
      limitRepeated = 0;
    }
    return 0;
  }
  const stride = maxFieldCount * 4;
  ensureMemory(countsAt + rows * stride + 16);
  core.setLimits(field >>> 0 | 0, repeated, countsAt, stride);
  limitField = field;
  limitRepeated = repeated;
  return rows * stride;
}

const EMPTY = new Uint8Array(0);

/** Empties the string intern table (wasm and JS sides together) when it is full. */
export function resetInternIfFull(): void {
  if (i32[INTERN_COUNT_AT >> 2] >= MAX_INTERNED) {
    core.internReset();
    interned.length = 0;
  }
}

/**
 * Builds the messages on a batch scan's tape (words tapeWord to endWord, each message's
 * entries closed by TAPE_END) and appends them to out. The tape's offsets point into bytes.
 */
export function readTapeMessages(
  plan: MessagePlan, bytes: Uint8Array, tapeWord: number, endWord: number, keep: boolean, out: Msg[], maxRepeated = Infinity,
): void {
  takeViews();
  keepUnknown = keep;
  tpos = tapeWord;
  if (maxRepeated < 0x7fffffff) {
    // Every message's merged counts first: nothing is built from a batch over the limit.
    while (tpos < endWord) {
      checkRepeated(plan, maxRepeated, tpos);
      pathAt(plan, plan.desc.name, Infinity); // steps over the body
    }
    tpos = tapeWord;
  }
  setInput(bytes);
  try {
    while (tpos < endWord) {
      const message = newMessage(plan);
      readBody(plan, message);
      out.push(message);
    }
  } finally {
    setInput(EMPTY); // as in decodeInto: also after an error
  }
}

// 64-bit values: skip the padding word, if any, then read through the typed views.
function readDouble(): number {
  if ((tpos & 1) !== 0) tpos++;
  const v = fd[tpos >> 1];
  tpos += 2;
  return v;
}

function readInt64(signed: boolean, asString: boolean): bigint | string {
  if ((tpos & 1) !== 0) tpos++;
  const at = tpos >> 1;
  tpos += 2;
  if (!bigintOk) {
    return (signed ? protoInt64.dec(t[2 * at], t[2 * at + 1]) : protoInt64.uDec(t[2 * at], t[2 * at + 1])) as unknown as string;
  }
  const lo = t[2 * at];
  const v = t[2 * at + 1] === 0 && lo >>> 0 < SMALL_BIGINTS ? (smallBigints[lo] ?? makeSmallBigint(lo)) : signed ? bi[at] : bu[at];
  return asString ? String(v) : v;
}

/** Steps over a value on the tape without reading it. */
function skipValue(vk: number): void {
  if (isWide(vk) && (tpos & 1) !== 0) tpos++;
  tpos += valueWords(vk);
}

let keepUnknown = true;

// A plan's generated reader, compiled once the type is in use (codegen.ts: generateLater); null
// until then and where there is none.
function compiledReader(plan: MessagePlan): MessagePlan["reader"] {
  let reader = plan.reader;
  if (reader === undefined) {
    if (generateLater(++plan.readUses)) return null;
    reader = plan.reader = compileReader(plan, helpers, views, interned, bigintOk) ?? null;
  }
  return reader;
}

function readBody(plan: MessagePlan, msg: Msg): void {
  const reader = compiledReader(plan);
  if (reader) {
    tpos = reader(msg, tpos);
    return;
  }
  const fields = plan.fields;
  let unknown: unknown[] | undefined = msg.$unknown;
  for (;;) {
    const h = t[tpos++];
    if (h < 0) {
      if (h === TAPE_END) break;
      unknown = readUnknown(unknown);
      continue;
    }
    const f = fields[h >>> 3];
    switch (f.dop) {
      case D_INT32:
        msg[f.localName] = nextInt32();
        break;
      case D_UINT32:
        msg[f.localName] = nextUint32();
        break;
      case D_BOOL:
        msg[f.localName] = nextBool();
        break;
      case D_STRING:
        msg[f.localName] = nextString();
        break;
      case D_BYTES:
        msg[f.localName] = nextBytes();
        break;
      case D_DOUBLE:
        msg[f.localName] = readDouble();
        break;
      case D_FLOAT:
        msg[f.localName] = nextFloat();
        break;
      case D_SCALAR:
        msg[f.localName] = readScalar(f.vk, f.longAsString);
        break;
      default:
        readField(f, msg, h & 7);
    }
  }
  if (unknown !== undefined && unknown.length > 0) msg.$unknown = unknown;
}

// TAPE_UNKNOWN's payload: field number, wire type, offset and length of the data.
function readUnknown(unknown: unknown[] | undefined): unknown[] {
  const addr = t[tpos + 2];
  (unknown ??= []).push({
    no: t[tpos],
    wireType: t[tpos + 1],
    data: view(addr, t[tpos + 3]),
  });
  tpos += 4;
  return unknown;
}

// The field kinds that take more than a value: oneofs, closed enums, messages, lists, maps.
function readField(f: FieldPlan, msg: Msg, wireType: number): void {
  switch (f.dop) {
    case D_ONEOF_SCALAR:
      msg[f.oneof!] = { case: f.localName, value: readScalar(f.vk, f.longAsString) };
      return;
    case D_CLOSED_ENUM:
      readClosedEnum(f, msg, wireType);
      return;
    case D_MESSAGE:
      readMessageField(f, msg);
      return;
    case D_LIST: {
      const list = msg[f.localName];
      const out = readListItems(f, list, wireType);
      if (out !== list) msg[f.localName] = out;
      return;
    }
    default:
      readMapEntry(f, msg[f.localName]);
  }
}

// One value each, off the tape.
const nextInt32 = (): number => t[tpos++];
const nextUint32 = (): number => t[tpos++] >>> 0;
const nextBool = (): boolean => t[tpos++] !== 0;
const nextFloat = (): number => fl[tpos++];

function nextString(): string {
  const s = readString(t[tpos], t[tpos + 1], t[tpos + 2]);
  tpos += 3;
  return s;
}

function nextBytes(): Uint8Array {
  const addr = t[tpos];
  const b = view(addr, t[tpos + 1]);
  tpos += 2;
  return b;
}

// A message body into current (merging), or into a new message when there is none.
function readChild(child: MessagePlan, current: Msg | undefined): Msg {
  const m = current ?? newMessage(child);
  readBody(child, m);
  return m;
}

// A google.protobuf.Struct held as JSON: read into the message form of json, back to JSON.
function readStruct(child: MessagePlan, json: unknown): Msg {
  const m = structFromJson(json);
  readBody(child, m);
  return structToJson(m);
}

/** The list restWithNaN or pushWithNaN last made hold boxed numbers (its later values take their path too). */
export const nanList: { last: unknown[] | undefined } = { last: undefined };

// What generated readers (codegen.ts) call: the same steps as readBody's.
const helpers: ReadHelpers = {
  at(p) {
    tpos = p;
  },
  pos: () => tpos,
  unknown: readUnknown,
  str: readString,
  small: makeSmallBigint,
  view,
  scalar: readScalar,
  field: (index, plan, msg, wireType) => readField(plan.fields[index], msg, wireType),
  closedUnknown,
  list: readListItems,
  pushWithNaN,
  nanList,
  factoryOf,
  readerOf,
  setOwn,
};

// A plan's generated factory; where there is none, an adapter to newMessage (kept on the plan).
// Generated readers call it straight, so V8 can inline the allocation.
function factoryOf(plan: MessagePlan): () => Msg {
  return compiledFactory(plan) ?? (plan.genericFactory ??= () => newMessage(plan));
}

// A plan's generated reader; where there is none, an adapter to the generic walk (kept on
// the plan too).
function readerOf(plan: MessagePlan): (msg: Msg, p: number) => number {
  const reader = compiledReader(plan);
  if (reader) return reader;
  return (plan.genericReader ??= (msg: Msg, p: number) => {
    tpos = p;
    readBody(plan, msg);
    return tpos;
  });
}

function readScalar(vk: number, longAsString: boolean): unknown {
  switch (vk) {
    case VK_INT32:
    case VK_ENUM:
    case VK_SINT32:
    case VK_SFIXED32:
      return nextInt32();
    case VK_UINT32:
    case VK_FIXED32:
      return nextUint32();
    case VK_BOOL:
      return nextBool();
    case VK_STRING:
      return nextString();
    case VK_BYTES:
      return nextBytes();
    case VK_DOUBLE:
      return readDouble();
    case VK_FLOAT:
      return nextFloat();
    case VK_INT64:
    case VK_SINT64:
    case VK_SFIXED64:
      return readInt64(true, longAsString);
    case VK_UINT64:
    case VK_FIXED64:
      return readInt64(false, longAsString);
  }
  throw new Error(`protowasm: bad value kind ${vk}`);
}

function readString(addr: number, len: number, flags: number): string {
  const id = (flags >> 4) - 1;
  if (id < 0) return makeString(addr, len, flags);
  // A hit can come before the entry that made it (map values precede keys on the tape).
  const s = interned[id];
  if (s !== undefined) return s;
  return (interned[id] = makeString(addr, len, flags));
}

// See text.ts; TextDecoder where it has no faster way.
function makeString(addr: number, len: number, flags: number): string {
  if ((flags & STR_ASCII) !== 0) {
    if (len <= 16) return asciiShort(input, addr, len);
    const s = asciiLong(input, addr, len);
    if (s !== undefined) return s;
  } else if ((flags & STR_INVALID) === 0) {
    const s = validUtf8(input, addr, len);
    if (s !== undefined) return s;
  }
  // Invalid UTF-8 only gets here where the schema does not ask for validation: the
  // decoder substitutes U+FFFD, as @bufbuild/protobuf does.
  return utf8.decode(view(addr, len));
}

function readClosedEnum(f: FieldPlan, msg: Msg, wireType: number): void {
  const v = t[tpos++];
  if (f.closedValues!.has(v)) {
    if (f.oneof !== undefined) msg[f.oneof] = { case: f.localName, value: v };
    else msg[f.localName] = v;
  } else {
    closedUnknown(f, msg, wireType, v);
  }
}

function closedUnknown(f: FieldPlan, msg: Msg, wireType: number, v: number): void {
  if (keepUnknown) {
    // As @bufbuild/protobuf: the value, re-encoded as a varint, goes to $unknown at once.
    const u: unknown[] = msg.$unknown ?? [];
    u.push({ no: f.no, wireType, data: varint32Bytes(v) });
    msg.$unknown = u;
  }
}

function varint32Bytes(v: number): Uint8Array {
  const bytes: number[] = [];
  if (v >= 0) {
    while (v > 0x7f) {
      bytes.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    bytes.push(v);
  } else {
    for (let i = 0; i < 9; i++) {
      bytes.push((v & 127) | 128);
      v >>= 7;
    }
    bytes.push(1);
  }
  return new Uint8Array(bytes);
}

function readMessageField(f: FieldPlan, msg: Msg): void {
  const child = f.child!;
  if (f.oneof !== undefined) {
    const oneof = msg[f.oneof];
    const prev = oneof.case === f.localName ? oneof.value : undefined;
    let m: Msg;
    if (f.local === LOCAL_STRUCT) m = readStruct(child, prev);
    else m = readChild(child, prev);
    msg[f.oneof] = { case: f.localName, value: m };
    return;
  }
  const local = msg[f.localName];
  switch (f.local) {
    case LOCAL_WRAPPER: {
      const m = newMessage(child);
      const valueName = child.fields[0].localName;
      if (local !== undefined) m[valueName] = local;
      readBody(child, m);
      msg[f.localName] = m[valueName];
      return;
    }
    case LOCAL_STRUCT:
      msg[f.localName] = readStruct(child, local);
      return;
  }
  msg[f.localName] = readChild(child, local);
}

// Appends to a list field; returns the list, or a new one that the caller must put in its
// place (a packed run into an empty list builds a presized array).
function readListItems(f: FieldPlan, list: unknown[], wireType: number): unknown[] {
  const vk = f.vk;
  if (vk === VK_MESSAGE || vk === VK_GROUP) {
    const child = f.child!;
    list.push(f.local === LOCAL_STRUCT ? readStruct(child, undefined) : readChild(child, undefined));
    return list;
  }
  if (wireType !== 2 || vk === VK_STRING || vk === VK_BYTES) {
    const v = readScalar(vk, f.longAsString);
    if (v !== v || list === nanList.last) return pushWithNaN(list, v);
    list.push(v);
    return list;
  }
  // A packed run: a count, then the values. Into an empty list, build a new array of the
  // right length (several times faster than pushing); else append.
  const count = t[tpos++];
  const base = list.length;
  let out = list;
  if (base === 0 && count > 1) {
    // Doubles from an allocation of their own: V8 learns what kind of array each `new Array`
    // site's arrays become and makes later ones that way from the start. Shared with the
    // lists of integers and bigints, each double list began as one of small integers and was
    // converted, all n slots, on its first store (time series: 0.80-0.85 of the time without).
    out = vk === VK_DOUBLE || vk === VK_FLOAT ? newDoubles(count) : new Array(count);
  }
  let at = tpos;
  switch (vk) {
    case VK_INT32:
    case VK_SINT32:
    case VK_SFIXED32:
    case VK_ENUM:
      for (let i = 0; i < count; i++) out[base + i] = t[at + i];
      tpos += count;
      return out;
    case VK_UINT32:
    case VK_FIXED32:
      for (let i = 0; i < count; i++) out[base + i] = t[at + i] >>> 0;
      tpos += count;
      return out;
    case VK_BOOL:
      for (let i = 0; i < count; i++) out[base + i] = t[at + i] !== 0;
      tpos += count;
      return out;
    case VK_FLOAT:
      // The same steps as the doubles' below, kept apart: one helper taking either typed
      // array made its load polymorphic (time series decode 1.09-1.16 of the time).
      if (out === nanList.last) restWithNaN(out, base, 0, fl, at, count);
      else {
        for (let i = 0; i < count; i++) {
          const v = fl[at + i];
          if (v !== v) {
            restWithNaN(out, base, i, fl, at, count);
            break;
          }
          out[base + i] = v;
        }
      }
      tpos += count;
      return out;
  }
  if ((at & 1) !== 0) at++;
  tpos = at + 2 * count;
  at >>= 1;
  if (vk === VK_DOUBLE) {
    if (out === nanList.last) restWithNaN(out, base, 0, fd, at, count);
    else {
      for (let i = 0; i < count; i++) {
        const v = fd[at + i];
        if (v !== v) {
          restWithNaN(out, base, i, fd, at, count);
          break;
        }
        out[base + i] = v;
      }
    }
  } else if (!bigintOk || f.longAsString) {
    const signed = vk !== VK_UINT64 && vk !== VK_FIXED64;
    tpos = 2 * at;
    for (let i = 0; i < count; i++) out[base + i] = readInt64(signed, f.longAsString);
  } else if (allSmall64(at, count)) {
    // Every value is small: all from the shared cache (see smallBigints).
    const small = smallBigints;
    const w = t;
    for (let i = 0; i < count; i++) {
      const lo = w[2 * (at + i)];
      out[base + i] = small[lo] ?? makeSmallBigint(lo);
    }
  } else if (vk === VK_UINT64 || vk === VK_FIXED64) {
    for (let i = 0; i < count; i++) out[base + i] = bu[at + i];
  } else {
    for (let i = 0; i < count; i++) out[base + i] = bi[at + i];
  }
  return out;
}

// Not inlined by hand: the `new Array` here is its own allocation site (see readListItems).
function newDoubles(count: number): number[] {
  return new Array(count);
}

// Values from the first NaN (at i) on of a packed run of floating-point values, into a
// list made to hold any values (see keepNaN), which later values of the list follow
// (nanList). A loop of its own: had the run's loop stored into such lists, its store would
// learn to turn every new list into one (V8 makes a fresh array the most general kind its
// store has met), and all later runs would be arrays of boxed numbers (measured: one time
// series with a NaN made later decodes of time series 1.3-1.8 times as slow).
function restWithNaN(out: unknown[], base: number, i: number, values: Float32Array | Float64Array, at: number, count: number): void {
  keepNaN(out);
  nanList.last = out;
  for (; i < count; i++) out[base + i] = values[at + i];
}

// Whether the count 64-bit values at tape word pair at are all below SMALL_BIGINTS. Lists
// are cached all or nothing: a choice per value mispredicts where small and large values
// mix (coordinate deltas), and costs more than the allocations it saves.
function allSmall64(at: number, count: number): boolean {
  const w = t;
  for (let i = 0; i < count; i++) {
    if (w[2 * (at + i) + 1] !== 0 || w[2 * (at + i)] >>> 0 >= SMALL_BIGINTS) return false;
  }
  return true;
}

// Before a NaN goes into a list: V8 keeps the numbers of an array of doubles unboxed and
// quiets or canonicalizes NaNs stored there, so payloads and signalling NaNs would change.
// An array of any values holds each number boxed, bit for bit (as @bufbuild/protobuf's
// lists end up doing). Pushing a non-number makes it one; rare, so the common case stays
// a fast array of doubles.
export function keepNaN(list: unknown[]): void {
  list.push(undefined);
  list.pop();
}

/**
 * Appends v, a NaN or a value after one, to a list of single (unpacked) floating-point values;
 * returns the list to put in its place. The list is made to hold boxed numbers, and it and the
 * values after go through this push, not the caller's: had the caller's push met such a list,
 * V8 would make every later list there hold boxed numbers (see restWithNaN). An empty list is
 * replaced (as a packed run into an empty list is), so that the list the message was made
 * with does not change kind, which teaches its allocation site the same; a list with values
 * keeps its identity (mergeFromBinary appends in place, as @bufbuild/protobuf does).
 */
export function pushWithNaN(list: unknown[], v: unknown): unknown[] {
  if (list !== nanList.last) {
    if (list.length === 0) list = [];
    keepNaN(list);
    nanList.last = list;
  }
  list.push(v);
  return list;
}

function readMapEntry(f: FieldPlan, record: Msg): void {
  const vk = f.vk;
  if (vk === VK_STRING && f.mapKey === VK_STRING) {
    // The commonest map, string to string: [set, value x3], [set, key x3].
    const val = t[tpos] !== 0 ? readString(t[tpos + 1], t[tpos + 2], t[tpos + 3]) : "";
    const key = t[tpos + 4] !== 0 ? readString(t[tpos + 5], t[tpos + 6], t[tpos + 7]) : "";
    tpos += 8;
    if (key === "__proto__") setOwn(record, key, val);
    else record[key] = val;
    return;
  }
  let val: unknown;
  if (vk === VK_MESSAGE) {
    const child = f.child!;
    const count = t[tpos++];
    for (let i = 0; i < count; i++) {
      // A value seen twice in one entry merges into the first.
      val = f.local === LOCAL_STRUCT ? readStruct(child, val) : readChild(child, val as Msg | undefined);
    }
    if (val === undefined) val = f.local === LOCAL_STRUCT ? {} : newMessage(child);
  } else {
    const set = t[tpos++];
    if (set !== 0) {
      val = readScalar(vk, false);
    } else {
      skipValue(vk);
      val = vk === VK_BYTES ? new Uint8Array(0) : vk === VK_ENUM ? f.enumZero : scalarZero(vk, false);
    }
  }
  let key: unknown;
  const keySet = t[tpos++];
  if (keySet !== 0) {
    key = readScalar(f.mapKey, false);
  } else {
    skipValue(f.mapKey);
    key = scalarZero(f.mapKey, false);
  }
  setOwn(record, key, val);
}

const errorCodes: Record<number, [DecodeErrorCode, string]> = {
  [ERR_TRUNCATED]: ["truncated", "premature end of input"],
  [ERR_VARINT]: ["bad_varint", "varint longer than 10 bytes"],
  [ERR_TAG]: ["bad_tag", "illegal tag (field number 0, wire type 6 or 7, or over 32 bits)"],
  [ERR_WIRE_TYPE]: ["bad_wire_type", "unexpected end-group tag"],
  [ERR_GROUP]: ["group_mismatch", "group not closed by its own end-group tag"],
  [ERR_UTF8]: ["bad_utf8", "invalid UTF-8 in a string field"],
  [ERR_RECURSION]: ["recursion_limit", "maximum recursion depth reached"],
  [ERR_FIELD_TOO_LARGE]: ["field_too_large", "string or bytes field larger than maxFieldBytes"],
  [ERR_TOO_MANY]: ["too_many_elements", "repeated field or map with more elements than maxRepeated"],
};

function decodeError(plan: MessagePlan, code: number, tapeStart: number, limit: number): DecodeError {
  const [name, detail] = errorCodes[code] ?? ["truncated", `internal error ${code}`];
  const offset = scanErrorPos();
  tpos = tapeStart;
  const end = tapeStart + scanTapeUsed();
  const path = pathAt(plan, plan.desc.name, end) ?? plan.desc.name;
  return new DecodeError(name, offset, path, code === ERR_RECURSION ? `${detail} (limit ${limit})` : detail);
}

// maxRepeated across merges. The scanner counts the elements of each field per occurrence of
// a message; but occurrences of one singular message field (or oneof case, or map value in
// one entry) merge into one message, whose lists then hold the elements of all of them. This
// walk over the finished tape, before anything is built, counts per merged message: a
// singular message field's counts live on in its parent's counts. (A oneof counts per case,
// so A, B, A counts A's elements twice over: stricter than the merge, never laxer.)
interface Counts {
  n: Map<number, number>;
  kids: Map<number, Counts> | undefined;
}

function checkRepeated(plan: MessagePlan, max: number, from: number): void {
  tpos = from;
  try {
    countBody(plan, { n: new Map(), kids: undefined }, max, plan.desc.name);
  } catch (e) {
    if (e instanceof RangeError) throw new DecodeError("recursion_limit", 0, plan.desc.name, "nesting too deep for the JS stack");
    throw e;
  } finally {
    tpos = from;
  }
}

function countUp(c: Counts, f: FieldPlan, add: number, max: number, prefix: string): void {
  const n = (c.n.get(f.index) ?? 0) + add;
  c.n.set(f.index, n);
  if (n > max) {
    throw new DecodeError(
      "too_many_elements", 0, `${prefix}.${f.localName}[${max}]`,
      `repeated field or map over maxRepeated ${max} elements (counted across merged occurrences)`,
    );
  }
}

function countBody(plan: MessagePlan, c: Counts, max: number, prefix: string): void {
  for (;;) {
    const h = t[tpos++];
    if (h === TAPE_END) return;
    if (h === TAPE_UNKNOWN) {
      tpos += 4;
      continue;
    }
    const f = plan.fields[h >>> 3];
    if (f.shape === SHAPE_MAP) {
      countUp(c, f, 1, max, prefix);
      if (f.vk === VK_MESSAGE) {
        const n = t[tpos++];
        const inner: Counts = { n: new Map(), kids: undefined };
        for (let i = 0; i < n; i++) countBody(f.child!, inner, max, `${prefix}.${f.localName}[]`);
      } else {
        tpos++;
        skipValue(f.vk);
      }
      tpos++;
      skipValue(f.mapKey);
      continue;
    }
    if (f.vk === VK_MESSAGE || f.vk === VK_GROUP) {
      let inner: Counts;
      if (f.shape === SHAPE_LIST) {
        countUp(c, f, 1, max, prefix);
        inner = { n: new Map(), kids: undefined };
      } else {
        const kids = (c.kids ??= new Map());
        inner = kids.get(f.index) ?? { n: new Map(), kids: undefined };
        kids.set(f.index, inner);
      }
      countBody(f.child!, inner, max, `${prefix}.${f.localName}`);
      continue;
    }
    if (f.shape === SHAPE_LIST && (h & 7) === 2 && f.vk !== VK_STRING && f.vk !== VK_BYTES) {
      const n = t[tpos++];
      if (isWide(f.vk) && (tpos & 1) !== 0) tpos++;
      tpos += n * (isWide(f.vk) ? 2 : 1);
      countUp(c, f, n, max, prefix);
      continue;
    }
    if (f.shape === SHAPE_LIST) countUp(c, f, 1, max, prefix);
    skipValue(f.vk);
  }
}

// Walks the tape written before an error, without building anything, and returns the path
// of the item the tape stops in (undefined when the body is complete).
function pathAt(plan: MessagePlan, prefix: string, end: number): string | undefined {
  const counts = new Map<number, number>();
  for (;;) {
    if (tpos >= end) return prefix;
    const h = t[tpos++];
    if (h === TAPE_END) return undefined;
    if (h === TAPE_UNKNOWN) {
      tpos += 4;
      continue;
    }
    const f = plan.fields[h >>> 3];
    const name = `${prefix}.${f.localName}`;
    const index = counts.get(f.index) ?? 0;
    const at = f.shape === SHAPE_SINGULAR ? name : `${name}[${index}]`;
    if (f.shape === SHAPE_MAP) {
      counts.set(f.index, index + 1);
      if (f.vk === VK_MESSAGE) {
        if (tpos >= end) return at;
        const count = t[tpos++];
        for (let i = 0; i < count; i++) {
          const inner = pathAt(f.child!, at, end);
          if (inner !== undefined) return inner;
        }
      } else {
        if (tpos >= end) return at;
        tpos++;
        skipValue(f.vk);
      }
      if (tpos >= end) return at;
      tpos++;
      skipValue(f.mapKey);
      continue;
    }
    if (f.vk === VK_MESSAGE || f.vk === VK_GROUP) {
      counts.set(f.index, index + 1);
      const inner = pathAt(f.child!, at, end);
      if (inner !== undefined) return inner;
      continue;
    }
    if (f.shape === SHAPE_LIST && (h & 7) === 2 && f.vk !== VK_STRING && f.vk !== VK_BYTES) {
      if (tpos >= end) return `${name}[${index}]`;
      const count = t[tpos++];
      if (isWide(f.vk) && (tpos & 1) !== 0) tpos++;
      const w = isWide(f.vk) ? 2 : 1;
      if (count < 0) return `${name}[${index + Math.max(0, Math.floor((end - tpos) / w))}]`;
      counts.set(f.index, index + count);
      tpos += count * w;
      continue;
    }
    counts.set(f.index, index + 1);
    if (tpos >= end) return at;
    skipValue(f.vk);
  }
}

