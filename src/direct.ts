// The direct decoder: for messages with few fields (a small message, or a few fields around
// a large blob), JavaScript generated per type reads the input in place and builds the
// message, skipping the scanner's fixed cost per call (copy into linear memory, scan, tape
// walk). It takes only what it is sure of: any field it does not handle (unknown fields,
// groups, wrappers, Struct, non-ASCII strings, a closed enum's unknown value, large negative
// 64-bit values...), malformed input, or a message with more than BUDGET tags makes it give
// up ("bail"), and fromBinary decodes the input again through the scanner, which has the
// last word on every rule and error. The half-built message of a bail is dropped.

import { newMessage, type MessagePlan } from "./plan.js";
import { generateLater } from "./codegen.js";
import { compileDirect, type DirectHelpers } from "./codegen-direct.js";
import { makeSmallBigint, SMALL_BIGINTS, smallBigints } from "./int64.js";
import { asciiLong, asciiShort } from "./text.js";
import { setOwn } from "./struct.js";
import type { BinaryReadOptions } from "./options.js";

type Msg = Record<string, any>;

// Tags (plus a share of string bytes) one decode may read before it gives up: past this,
// the scanner's cost per call is small against the message's, and its string interning
// and bulk loops win. A type whose input of n bytes ran out of budget sends inputs of n
// bytes or more to the scanner from then on.
const BUDGET = 64;

// Bails (other than the budget) a root type may take before it stops trying: a quarter of
// its tries, after the first MISSES_ALLOWED.
const MISSES_ALLOWED = 16;

// Deepest nesting tried here; deeper input goes to the scanner, which enforces the limit.
const MAX_DEPTH = 32;

/** What the generated code shares with the helpers: p after a helper's read (-1: bail), and the budget. */
const S = { p: 0, lo: 0, hi: 0, left: 0, maxField: 0, maxDepth: 0 };

/**
 * Decodes bytes as a new message of plan's type, or returns undefined where the scanner
 * must (see the header). Only for fromBinary: nothing exists before the message it returns.
 */
export function decodeDirect(plan: MessagePlan, bytes: Uint8Array, opts: BinaryReadOptions): Msg | undefined {
  if (mode === MODE_OFF) return undefined;
  let fn = plan.direct;
  if (fn === undefined) {
    if (generateLater(++plan.directUses)) return undefined;
    fn = directOf(plan);
  }
  const n = bytes.length;
  if (fn === null || n >= plan.directMaxBytes || n > opts.maxMessageBytes || opts.maxRepeated < 0x7fffffff) return undefined;
  plan.directUses++;
  S.left = BUDGET;
  S.maxField = opts.maxFieldBytes;
  S.maxDepth = Math.min(opts.recursionLimit, MAX_DEPTH) - 2; // short of the limit, whatever its counting
  const msg = newMessage(plan);
  if (fn(msg, bytes, 0, n, 0) === n) return msg;
  if (mode === MODE_ALWAYS) return undefined;
  if (S.left < 0) {
    plan.directMaxBytes = n;
  } else if (++plan.directBails > MISSES_ALLOWED && plan.directBails * 4 > plan.directUses) {
    plan.direct = null; // most inputs of this type need the scanner
  }
  return undefined;
}

const MODE_ADAPTIVE = 0;
const MODE_ALWAYS = 1;
const MODE_OFF = 2;
let mode = MODE_ADAPTIVE;

/**
 * Internal, for tests: "adaptive" (the default) stops trying types and sizes that bail;
 * "always" tries every input (a type's decoder still generated on its usual use); "off"
 * sends every input to the scanner.
 */
export function setDirectMode(m: "adaptive" | "always" | "off"): void {
  mode = m === "always" ? MODE_ALWAYS : m === "off" ? MODE_OFF : MODE_ADAPTIVE;
}

/** Internal, for tests: forgets a type's direct decoder and its record of tries. */
export function resetDirect(plan: MessagePlan): void {
  plan.direct = undefined;
  plan.directUses = plan.directBails = 0;
  plan.directMaxBytes = Infinity;
}

/** Internal, for tests: how the last decodes of a type went. */
export function directStats(plan: MessagePlan): { on: boolean; uses: number; bails: number; maxBytes: number } {
  return { on: typeof plan.direct === "function", uses: plan.directUses, bails: plan.directBails, maxBytes: plan.directMaxBytes };
}

// A type's direct decoder, generated on first need; one that always bails where there is none.
function directOf(plan: MessagePlan): NonNullable<MessagePlan["direct"]> {
  if (plan.direct === undefined) plan.direct = compileDirect(plan, helpers) ?? null;
  return plan.direct ?? bail;
}

const bail = (): number => -1;

// The varint at p, up to 10 bytes, as its low 32 bits; S.p after it (-1: truncated or too long).
function varint32(b: Uint8Array, p: number, end: number): number {
  let v = 0;
  for (let shift = 0; shift < 70; shift += 7) {
    if (p >= end) break;
    const c = b[p++];
    if (shift < 32) v |= (c & 0x7f) << shift;
    if (c < 0x80) {
      if (shift === 63 && c > 1) break; // bits past the 64th
      S.p = p;
      return v;
    }
  }
  S.p = -1;
  return 0;
}

// A tag or a length: at most 5 bytes and 2^31 - 1; S.p after it (-1: anything else).
function length(b: Uint8Array, p: number, end: number): number {
  let v = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    if (p >= end) break;
    const c = b[p++];
    v += (c & 0x7f) * 2 ** shift;
    if (c < 0x80) {
      if (v > 0x7fffffff) break;
      S.p = p;
      return v;
    }
  }
  S.p = -1;
  return 0;
}

// The varint at p as 64 bits in S.lo / S.hi; S.p after it (-1: truncated or too long).
function varint64(b: Uint8Array, p: number, end: number): void {
  let lo = 0;
  let hi = 0;
  let c = 0;
  for (let shift = 0; shift < 28; shift += 7) {
    if (p >= end) return fail();
    c = b[p++];
    lo |= (c & 0x7f) << shift;
    if (c < 0x80) return done(p, lo, 0);
  }
  if (p >= end) return fail();
  c = b[p++];
  lo |= (c & 0x0f) << 28;
  hi = (c & 0x7f) >> 4;
  if (c < 0x80) return done(p, lo, hi);
  for (let shift = 3; shift < 32; shift += 7) {
    if (p >= end) return fail();
    c = b[p++];
    hi |= (c & 0x7f) << shift;
    if (c < 0x80) return shift === 31 && c > 1 ? fail() : done(p, lo, hi);
  }
  fail();
}

function done(p: number, lo: number, hi: number): void {
  S.p = p;
  S.lo = lo;
  S.hi = hi;
}

function fail(): void {
  S.p = -1;
}

// Bigints from S.lo / S.hi as the tape path makes them: small ones shared, others read from
// a BigInt64Array (about 8 ns; BigInt(number) took 27).
const halves = new Int32Array(2);
const asInt64 = new BigInt64Array(halves.buffer);
const asUint64 = new BigUint64Array(halves.buffer);

function int64(): bigint {
  return signed(S.lo, S.hi);
}

function signed(lo: number, hi: number): bigint {
  if (hi === 0 && lo >>> 0 < SMALL_BIGINTS) return smallBigints[lo] ?? makeSmallBigint(lo);
  halves[0] = lo;
  halves[1] = hi;
  return asInt64[0];
}

function uint64(): bigint {
  const lo = S.lo;
  const hi = S.hi;
  if (hi === 0 && lo >>> 0 < SMALL_BIGINTS) return smallBigints[lo] ?? makeSmallBigint(lo);
  halves[0] = lo;
  halves[1] = hi;
  return asUint64[0];
}

function sint64(): bigint {
  const lo = S.lo;
  const hi = S.hi;
  let l = (lo >>> 1) | (hi << 31);
  let h = hi >>> 1;
  if ((lo & 1) !== 0) {
    l = ~l;
    h = ~h;
  }
  return signed(l | 0, h | 0);
}

// Fixed 64-bit values at p (the caller checked that 8 bytes are there).
function fixed64(b: Uint8Array, p: number): void {
  S.lo = b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24);
  S.hi = b[p + 4] | (b[p + 5] << 8) | (b[p + 6] << 16) | (b[p + 7] << 24);
}

// Floats through a scratch buffer: bit for bit, NaN payloads included.
const scratch = new Float64Array(1);
const scratchBytes = new Uint8Array(scratch.buffer);
const scratch32 = new Float32Array(scratch.buffer, 0, 1);

function float64(b: Uint8Array, p: number): number {
  const s = scratchBytes;
  for (let i = 0; i < 8; i++) s[i] = b[p + i];
  return scratch[0];
}

function float32(b: Uint8Array, p: number): number {
  const s = scratchBytes;
  for (let i = 0; i < 4; i++) s[i] = b[p + i];
  return scratch32[0];
}

// An ASCII string (valid in every UTF-8 mode); undefined for anything else, which the
// scanner validates and decodes.
function ascii(b: Uint8Array, p: number, n: number): string | undefined {
  for (let i = p, e = p + n; i < e; i++) if (b[i] > 0x7f) return undefined;
  if (n > 32) S.left -= n >> 5;
  return n <= 16 ? asciiShort(b, p, n) : asciiLong(b, p, n);
}

// A view of b[p, p + n), of b's class as decode.ts makes them (see view there).
function view(b: Uint8Array, p: number, n: number): Uint8Array {
  return b.constructor === Uint8Array ? new Uint8Array(b.buffer, b.byteOffset + p, n) : b.subarray(p, p + n);
}

// Before a NaN goes into a list (see decode.ts keepNaN).
function keepNaN(list: unknown[]): void {
  list.push(undefined);
  list.pop();
}

const helpers: DirectHelpers = {
  S, varint32, length, varint64, int64, uint64, sint64, fixed64, float64, float32, ascii, view, keepNaN,
  make: newMessage, directOf, smallBigints, makeSmallBigint, setOwn,
};
