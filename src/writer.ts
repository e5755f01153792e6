// The bytes of toBinary: one growing Uint8Array that encode.ts and the generated writers fill
// field by field (tags, varints, fixed-width values, UTF-8 strings, length-delimited parts),
// and the copy of it that a call returns.
//
// A length-delimited part whose size is not known up front (a message, a map entry, a packed
// varint run) gets one byte for its length when it opens; if it turns out to be 128 bytes or
// longer, close() moves it right by the extra length bytes. Most parts are short, so a
// message is written in one pass, without a sizing walk. Writing straight from the JS walk
// beat writing an op stream for WebAssembly to turn into bytes (encode time 0.79-0.98 of
// that design's on most workloads); only packed 64-bit varint runs still go to WebAssembly.

import { checkInt32, checkUint32 } from "./value-checks.js";

const INITIAL_BYTES = 64 * 1024;
// A buffer grown past this by one big message is dropped after its call (not kept for life).
const KEEP_BYTES = 4 * 1024 * 1024;

// Allocated by the first encode (an app that only decodes never makes it).
let buf = new Uint8Array(0);
let pos = 0;

const encoder = new TextEncoder();
const scratchF64 = new Float64Array(1);
const scratchF32 = new Float32Array(scratchF64.buffer, 0, 1);
const scratchI32 = new Int32Array(scratchF64.buffer);

/** Starts a new output. */
export function reset(): void {
  pos = 0;
}

/** An output in progress, put aside while a nested call writes its own (see encode.ts). */
export interface Suspended {
  readonly buf: Uint8Array<ArrayBuffer>;
  readonly pos: number;
}

/** Puts the output in progress aside; the next writes go to a buffer of their own. */
export function suspend(): Suspended {
  const s = { buf, pos };
  buf = new Uint8Array(0);
  pos = 0;
  return s;
}

/** Takes back an output that suspend() put aside. */
export function resume(s: Suspended): void {
  buf = s.buf;
  pos = s.pos;
}

/** The current write position (bytes written so far). */
export function position(): number {
  return pos;
}

function grow(n: number): void {
  let size = Math.max(buf.length * 2, INITIAL_BYTES);
  while (size < pos + n) size *= 2;
  const bigger = new Uint8Array(size);
  bigger.set(buf.subarray(0, pos));
  buf = bigger;
}

// Room for n more bytes; callers then write without checks.
function room(n: number): void {
  if (pos + n > buf.length) grow(n);
}

/** A copy of the bytes written since reset(). */
export function finish(): Uint8Array<ArrayBuffer> {
  const out = buf.slice(0, pos);
  if (buf.length > KEEP_BYTES) buf = new Uint8Array(0);
  return out;
}

/** The bytes written since reset(), copied into `to` at `at` (the pooled option's slab). */
export function finishInto(to: Uint8Array, at: number): void {
  to.set(buf.subarray(0, pos), at);
}

// An unsigned 32-bit varint at p; returns the position after it. One- and two-byte varints
// first (a Uint8Array store keeps the low 8 bits).
function putVarint32(b: Uint8Array, p: number, u: number): number {
  if (u < 0x80) {
    b[p] = u;
    return p + 1;
  }
  if (u < 0x4000) {
    b[p] = u | 0x80;
    b[p + 1] = u >>> 7;
    return p + 2;
  }
  while (u > 127) {
    b[p++] = (u & 127) | 128;
    u >>>= 7;
  }
  b[p] = u;
  return p + 1;
}

// A 64-bit varint from its halves (two's complement: a negative value takes ten bytes).
function putVarint64(b: Uint8Array, p: number, lo: number, hi: number): number {
  if (hi === 0) return putVarint32(b, p, lo >>> 0);
  while (hi !== 0 || lo >>> 0 > 127) {
    b[p++] = (lo & 127) | 128;
    lo = (lo >>> 7) | (hi << 25);
    hi >>>= 7;
  }
  b[p] = lo;
  return p + 1;
}

// An int32 as protobuf writes it: a negative value sign-extended to 64 bits.
function putInt32(b: Uint8Array, p: number, v: number): number {
  return v >= 0 ? putVarint32(b, p, v) : putVarint64(b, p, v, -1);
}

// sint32's zigzag form: 0, -1, 1, -2... as 0, 1, 2, 3...
function zigzag32(v: number): number {
  return ((v << 1) ^ (v >> 31)) >>> 0;
}

// A sint64 from the halves of its value, zigzagged, as a varint.
function putZigzag64(b: Uint8Array, p: number, lo: number, hi: number): number {
  const sign = hi >> 31;
  return putVarint64(b, p, (lo << 1) ^ sign, ((hi << 1) | (lo >>> 31)) ^ sign);
}

function putFixed32(b: Uint8Array, p: number, v: number): number {
  b[p] = v;
  b[p + 1] = v >>> 8;
  b[p + 2] = v >>> 16;
  b[p + 3] = v >>> 24;
  return p + 4;
}

function varintSize(u: number): number {
  return u < 0x80 ? 1 : u < 0x4000 ? 2 : u < 0x200000 ? 3 : u < 0x10000000 ? 4 : 5;
}

/** A tag (or any unsigned 32-bit varint) on its own: group starts and ends, unknown fields. */
export function writeTag(tag: number): void {
  room(5);
  pos = putVarint32(buf, pos, tag);
}

/** Bytes as they are (an unknown field's data). */
export function writeRaw(data: Uint8Array): void {
  room(data.length);
  buf.set(data, pos);
  pos += data.length;
}

/** An int32 or enum field (tag and value). */
export function fieldInt32(tag: number, v: number): void {
  room(15);
  const b = buf;
  pos = putInt32(b, putVarint32(b, pos, tag), v);
}

/** A uint32 field, or a bool as 0/1 (u: an unsigned 32-bit value). */
export function fieldUint32(tag: number, u: number): void {
  room(10);
  const b = buf;
  pos = putVarint32(b, putVarint32(b, pos, tag), u >>> 0);
}

/** A sint32 field (zigzag). */
export function fieldSint32(tag: number, v: number): void {
  room(10);
  const b = buf;
  pos = putVarint32(b, putVarint32(b, pos, tag), zigzag32(v));
}

/** A fixed32 or sfixed32 field (v: the 32 bits). */
export function fieldFixed32(tag: number, v: number): void {
  room(9);
  const b = buf;
  pos = putFixed32(b, putVarint32(b, pos, tag), v);
}

/** A float field; v is rounded to single precision. */
export function fieldFloat(tag: number, v: number): void {
  scratchF32[0] = v;
  fieldFixed32(tag, scratchI32[0]);
}

/** A double field; any value other than a number goes through ToNumber (a bigint throws, as a DataView's setFloat64). */
export function fieldDouble(tag: number, v: number): void {
  scratchF64[0] = v;
  fieldFixed64(tag, scratchI32[0], scratchI32[1]);
}

/** An int64 or uint64 field from the halves of its value. */
export function fieldVarint64(tag: number, lo: number, hi: number): void {
  room(15);
  const b = buf;
  pos = putVarint64(b, putVarint32(b, pos, tag), lo, hi);
}

/** A sint64 field from the halves of its value (zigzag). */
export function fieldSint64(tag: number, lo: number, hi: number): void {
  room(15);
  const b = buf;
  pos = putZigzag64(b, putVarint32(b, pos, tag), lo, hi);
}

/** A fixed64 or sfixed64 field (or a double's bits) from its halves. */
export function fieldFixed64(tag: number, lo: number, hi: number): void {
  room(13);
  const b = buf;
  pos = putFixed32(b, putFixed32(b, putVarint32(b, pos, tag), lo), hi);
}

// Strings up to this many UTF-16 units are tried as ASCII by a loop of charCodeAt, with a
// one-byte length. TextEncoder.encodeInto costs 75-100 ns a call whatever the length; the
// loop ~1.7 ns a character on strings made for a test, which puts the break-even near 45
// characters; but on the workloads a limit of 127 measured even or better than 40
// (otlp-logs 0.96-1.0, otlp-traces 0.98-1.0), so the loop takes every string of one-byte length.
const ASCII_LOOP_MAX = 127;
// Short strings that are not all ASCII go on by a loop too (UTF-8): at most 3 bytes a unit,
// so their length still fits in the one byte kept for it.
const UTF8_LOOP_MAX = 42;

/** A string field: tag, length, UTF-8 (unpaired surrogates as U+FFFD, as TextEncoder writes them). */
export function fieldString(tag: number, s: string): void {
  const n = s.length;
  room(n * 3 + 10);
  const b = buf;
  const at = putVarint32(b, pos, tag);
  if (n <= ASCII_LOOP_MAX) {
    // If all ASCII, the length is n (one byte: ASCII_LOOP_MAX < 128) and the characters follow it.
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      b[at + 1 + i] = c;
    }
    if (i === n) {
      b[at] = n;
      pos = at + 1 + n;
      return;
    }
    if (n <= UTF8_LOOP_MAX) {
      pos = utf8Short(s, i, b, at);
      return;
    }
  }
  // Longer strings: TextEncoder behind room for the longest length, moved left when
  // the length is shorter.
  const max = n * 3;
  const lenRoom = varintSize(max);
  const written = encoder.encodeInto(s, b.subarray(at + lenRoom, at + lenRoom + max)).written;
  const lenBytes = varintSize(written);
  if (lenBytes < lenRoom) b.copyWithin(at + lenBytes, at + lenRoom, at + lenRoom + written);
  putVarint32(b, at, written);
  pos = at + lenBytes + written;
}

// Units from i on of a short string (the ASCII before i already written) as UTF-8, as
// TextEncoder does: surrogate pairs as 4 bytes, unpaired surrogates as U+FFFD. Writes the
// length byte at `at` and returns the position after the text.
function utf8Short(s: string, i: number, b: Uint8Array, at: number): number {
  const n = s.length;
  let p = at + 1 + i;
  for (; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      b[p++] = c;
    } else if (c < 0x800) {
      b[p++] = 0xc0 | (c >> 6);
      b[p++] = 0x80 | (c & 63);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          b[p++] = 0xf0 | (cp >> 18);
          b[p++] = 0x80 | ((cp >> 12) & 63);
          b[p++] = 0x80 | ((cp >> 6) & 63);
          b[p++] = 0x80 | (cp & 63);
          i++;
          continue;
        }
        c = 0xfffd;
      }
      b[p++] = 0xe0 | (c >> 12);
      b[p++] = 0x80 | ((c >> 6) & 63);
      b[p++] = 0x80 | (c & 63);
    }
  }
  b[at] = p - at - 1;
  return p;
}

/** A bytes field: tag, length, the bytes (also a packed run already in wire form). */
export function fieldBytes(tag: number, v: Uint8Array): void {
  const n = v.length;
  room(n + 10);
  const b = buf;
  const p = putVarint32(b, putVarint32(b, pos, tag), n);
  if (n <= 16) {
    // A loop beats set() for a few bytes.
    for (let i = 0; i < n; i++) b[p + i] = v[i];
  } else {
    b.set(v, p);
  }
  pos = p + n;
}

/**
 * Opens a length-delimited part (tagLen: its tag with wire type 2) and returns where its
 * length goes; close() ends it.
 */
export function open(tagLen: number): number {
  room(6);
  const at = putVarint32(buf, pos, tagLen);
  pos = at + 1;
  return at;
}

/** Opens a part with no tag (the size prefix of a delimited message); close() ends it. */
export function openUntagged(): number {
  room(1);
  const at = pos;
  pos = at + 1;
  return at;
}

/** Ends the part that open() returned `at` for: writes its length, moving it right if needed. */
export function close(at: number): void {
  const len = pos - at - 1;
  if (len < 128) {
    buf[at] = len;
    return;
  }
  const extra = varintSize(len) - 1;
  room(extra);
  const b = buf;
  b.copyWithin(at + 1 + extra, at + 1, pos);
  putVarint32(b, at, len);
  pos += extra;
}

/** Opens a part behind a 4-byte big-endian length (a uint32be frame); close32() ends it. */
export function open32(): number {
  room(4);
  const at = pos;
  pos = at + 4;
  return at;
}

export function close32(at: number): void {
  const len = pos - at - 4;
  const b = buf;
  b[at] = len >>> 24;
  b[at + 1] = len >>> 16;
  b[at + 2] = len >>> 8;
  b[at + 3] = len;
}

// Packed runs: tag, length and values. The 32-bit varint kinds check their values in the
// loop that writes them; the others get them checked and laid out by encode.ts (fixed-width
// ones as their wire bytes, which fieldBytes writes). One loop per kind, written out: the hot
// path of numeric encodes stays a tight monomorphic loop.

/** Packed int32/enum. */
export function packedInt32(tagLen: number, items: readonly any[], n: number): void {
  room(n * 10 + 10);
  const at = open(tagLen);
  const b = buf;
  let p = pos;
  for (let i = 0; i < n; i++) {
    let v = items[i];
    if (typeof v !== "number" || (v | 0) !== v) v = checkInt32(v);
    p = putInt32(b, p, v);
  }
  pos = p;
  close(at);
}

/** Packed sint32. */
export function packedSint32(tagLen: number, items: readonly any[], n: number): void {
  room(n * 5 + 10);
  const at = open(tagLen);
  const b = buf;
  let p = pos;
  for (let i = 0; i < n; i++) {
    let v = items[i];
    if (typeof v !== "number" || (v | 0) !== v) v = checkInt32(v);
    p = putVarint32(b, p, zigzag32(v));
  }
  pos = p;
  close(at);
}

/** Packed uint32. */
export function packedUint32(tagLen: number, items: readonly any[], n: number): void {
  room(n * 5 + 10);
  const at = open(tagLen);
  const b = buf;
  let p = pos;
  for (let i = 0; i < n; i++) {
    let u = items[i];
    if (typeof u !== "number" || u >>> 0 !== u) u = checkUint32(u);
    p = putVarint32(b, p, u);
  }
  pos = p;
  close(at);
}

/** Packed bool (any values, by truthiness). */
export function packedBool(tagLen: number, items: ArrayLike<unknown>, n: number): void {
  room(n + 10);
  const b = buf;
  let p = putVarint32(b, putVarint32(b, pos, tagLen), n);
  for (let i = 0; i < n; i++) b[p++] = items[i] ? 1 : 0;
  pos = p;
}

/** Packed int64/uint64 (zigzag false) or sint64 (zigzag true) from the halves of n values (lo, hi pairs). */
export function packedVarint64(tagLen: number, halves: Int32Array, n: number, zigzag: boolean): void {
  room(n * 10 + 10);
  const at = open(tagLen);
  const b = buf;
  let p = pos;
  if (zigzag) {
    for (let i = 0; i < 2 * n; i += 2) p = putZigzag64(b, p, halves[i], halves[i + 1]);
  } else {
    for (let i = 0; i < 2 * n; i += 2) p = putVarint64(b, p, halves[i], halves[i + 1]);
  }
  pos = p;
  close(at);
}
