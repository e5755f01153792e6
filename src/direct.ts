// The direct decoder: for messages with few fields (a small message, or a few fields around
// a large blob), JavaScript generated per type (interpreted from the plan for a type's first
// uses: direct-interp.ts) reads the input in place and builds the message, skipping the
// scanner's fixed cost per call (copy into linear memory, scan, tape walk). It takes only what it is sure of: a field it does not handle (unknown fields,
// groups, wrappers, Struct, a closed enum's unknown number), invalid UTF-8, malformed input,
// a limit the input comes near, or a message past its BUDGET (many fields or strings) makes
// it give up ("bail"), and fromBinary decodes the input again through the scanner, which has
// the last word on every rule and error. The half-built message of a bail is dropped.

import { newMessage, type MessagePlan } from "./plan.js";
import { generateLater } from "./codegen.js";
import { compileDirect, type DirectHelpers } from "./codegen-direct.js";
import { canInterpret, makeInterpreter } from "./direct-interp.js";
import { bigintOk, makeSmallBigint, SMALL_BIGINTS, smallBigints } from "./int64.js";
import { asciiLong, asciiShort, validUtf8 } from "./text.js";
import { setOwn } from "./struct.js";
import type { BinaryReadOptions } from "./options.js";

type Msg = Record<string, any>;
type Direct = NonNullable<MessagePlan["direct"]>;

// The budget of one decode, in units of about what a tag costs here: each tag takes 1; a
// string 11 more, and a long one a share of its bytes (the scanner hashes strings and reuses
// the JS string of bytes it has seen before, 2-5 ns against 20-50 to make one here); a map
// entry 2 more; a bytes field of over 256 bytes gives 40 back (the scanner steps over it in
// windows, each a call into WebAssembly; this reader makes the view at once). Past the budget
// the scanner is faster. Measured, one message at a time: small tensors 75 ns here against
// 138 through the scanner, stream events 154 against 195, blob envelopes 8-11% faster, user
// records (6 strings, a map entry and a child in 14 fields) 470 against 340. A type whose
// input of n bytes ran out of budget sends inputs of n bytes or more to the scanner.
const BUDGET = 48;

// Bails (other than the budget) a root type may take before it stops trying: a quarter of
// its tries, after the first MISSES_ALLOWED.
const MISSES_ALLOWED = 16;

// Inputs over the size limit a root type may see before the share of them counts, and between
// two times the limit is forgotten (below).
const SKIPS_ALLOWED = 256;

// Bails (other than the budget) after which a type's first inputs are no longer interpreted.
const INTERPRETED_MISSES = 2;

// Deepest nesting tried here; deeper input goes to the scanner, which enforces the limit.
const MAX_DEPTH = 32;

/** What the generated code shares with the helpers: p after a helper's read (-1: bail), and the budget. */
const S = { p: 0, lo: 0, hi: 0, left: 0, maxField: 0, maxDepth: 0 };

/**
 * Decodes bytes[start, end) as a new message of plan's type, or returns undefined where the
 * scanner must (see the header). Nothing exists before the message it returns: not for
 * merging into a message.
 */
export function decodeDirect(plan: MessagePlan, bytes: Uint8Array, start: number, end: number, opts: BinaryReadOptions): Msg | undefined {
  if (mode === MODE_OFF) return undefined;
  let fn = plan.direct;
  const n = end - start;
  if (fn === undefined) {
    if (generateLater(plan.directUses + 1)) {
      // Before the type's code is generated: the same decoder interpreted (direct-interp.ts).
      plan.directUses++;
      if (n > opts.maxMessageBytes || opts.maxRepeated < 0x7fffffff || !bigintOk || !canInterpret(plan)) return undefined;
      if (mode !== MODE_ALWAYS && (n >= plan.directMaxBytes || plan.directBails > INTERPRETED_MISSES)) return undefined;
      const msg = run(plan, undefined, bytes, start, end, opts);
      if (msg === undefined && mode !== MODE_ALWAYS) {
        if (S.left < 0) plan.directMaxBytes = n;
        else plan.directBails++;
      }
      return msg;
    }
    fn = directOf(plan);
  }
  if (fn === null || n > opts.maxMessageBytes || opts.maxRepeated < 0x7fffffff) return undefined;
  if (n >= plan.directMaxBytes) {
    const skips = ++plan.directSkips;
    if (skips % SKIPS_ALLOWED === 0) {
      // Now and then the size limit is forgotten: one dense input must not keep every later
      // input of its size (blobs, say) from the direct decoder for good.
      plan.directMaxBytes = Infinity;
    } else if (skips > SKIPS_ALLOWED && skips > 4 * plan.directUses && mode !== MODE_ALWAYS) {
      // Where most inputs are too large, the few small ones are not worth running two decoders
      // side by side (measured: user records, 8% of them small, 4% slower in all).
      plan.direct = null;
    }
    return undefined;
  }
  plan.directUses++;
  const msg = run(plan, fn, bytes, start, end, opts);
  if (msg !== undefined || mode === MODE_ALWAYS) return msg;
  if (S.left < 0) {
    plan.directMaxBytes = n;
  } else if (++plan.directBails > MISSES_ALLOWED && plan.directBails * 4 > plan.directUses) {
    plan.direct = null; // most inputs of this type need the scanner
  }
  return undefined;
}

// One try of the type's generated decoder fn (undefined: interpreted) on bytes[start, end):
// the message, or undefined (bail; S.left < 0 if the budget ran out).
function run(plan: MessagePlan, fn: Direct | undefined, bytes: Uint8Array, start: number, end: number, opts: BinaryReadOptions): Msg | undefined {
  S.left = BUDGET;
  S.maxField = opts.maxFieldBytes;
  S.maxDepth = Math.min(opts.recursionLimit, MAX_DEPTH) - 2; // short of the limit, whatever its counting
  const msg = newMessage(plan);
  const at = fn !== undefined ? fn(msg, bytes, start, end, 0) : interpret(plan, msg, bytes, start, end, 0);
  if (viewInput !== undefined) viewInput = viewBuffer = undefined;
  return at === end ? msg : undefined;
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
  plan.directUses = plan.directBails = plan.directSkips = 0;
  plan.directMaxBytes = Infinity;
}

/** Internal, for tests: how the last decodes of a type went. */
export function directStats(plan: MessagePlan): { on: boolean; uses: number; bails: number; maxBytes: number } {
  return { on: typeof plan.direct === "function", uses: plan.directUses, bails: plan.directBails, maxBytes: plan.directMaxBytes };
}

// A type's direct decoder, generated on first need; where code cannot be generated (a CSP,
// the JavaScript backend) the interpreter stands in (on the JavaScript backend, ONNX tensors
// decode in 0.47 us instead of 0.70 through the scanner); one that always bails where there is
// neither.
function directOf(plan: MessagePlan): NonNullable<MessagePlan["direct"]> {
  if (plan.direct === undefined) {
    plan.direct = compileDirect(plan, helpers) ?? (bigintOk && canInterpret(plan) ? (msg, b, p, end, depth) => interpret(plan, msg, b, p, end, depth) : null);
  }
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

// A tag or a length: at most 5 bytes and 2^31 - 1; S.p after it (-1: anything else). Shifts,
// not multiplications by 2 ** shift, which cost 80 ns a call here.
function length(b: Uint8Array, p: number, end: number): number {
  let v = 0;
  for (let shift = 0; shift < 28; shift += 7) {
    if (p >= end) return fail32();
    const c = b[p++];
    v |= (c & 0x7f) << shift;
    if (c < 0x80) {
      S.p = p;
      return v;
    }
  }
  if (p >= end) return fail32();
  const c = b[p++];
  if (c > 7) return fail32(); // 2^31 or more, or longer than 5 bytes
  S.p = p;
  return v | (c << 28);
}

function fail32(): number {
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

// A string field's value: ASCII (valid in every UTF-8 mode) made from its bytes, other text
// by utf8(). (A cache of short strings by a hash of their bytes was slower: 47-70 ns a hit
// against 18-23 to make the string again.)
function str(b: Uint8Array, p: number, n: number): string | undefined {
  S.left -= 11;
  for (let i = p, e = p + n; i < e; i++) if (b[i] > 0x7f) return utf8(b, p, n);
  if (n <= 16) return asciiShort(b, p, n);
  S.left -= n >> 3;
  return asciiLong(b, p, n);
}

// A map's string key. Map keys repeat, and a JS string used as a property name is first made
// an internalized (unique) string, a hash table look-up that a fresh string pays on each store
// (about 150 ns of a 1-entry map here, against 60 on the tape, whose strings are reused): keys
// come from a table by a hash of their bytes, and an entry found is compared with the bytes.
const KEY_BITS = 10;
const keys: (string | undefined)[] = new Array(1 << KEY_BITS).fill(undefined);

function key(b: Uint8Array, p: number, n: number): string | undefined {
  if (n > 32) return str(b, p, n);
  let h = n;
  for (let i = p, e = p + n; i < e; i++) {
    const c = b[i];
    if (c > 0x7f) return str(b, p, n);
    h = (Math.imul(h, 31) + c) | 0;
  }
  const slot = (h ^ (h >>> KEY_BITS)) & ((1 << KEY_BITS) - 1);
  const s = keys[slot];
  if (s !== undefined && s.length === n) {
    let i = 0;
    while (i < n && s.charCodeAt(i) === b[p + i]) i++;
    if (i === n) return s;
  }
  const made = n <= 16 ? asciiShort(b, p, n) : asciiLong(b, p, n);
  keys[slot] = made;
  return made;
}

// A string that is not all ASCII: valid UTF-8 is decoded (by Node's native call where there
// is one); anything else goes to the scanner, which knows whether the field validates.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

function utf8(b: Uint8Array, p: number, n: number): string | undefined {
  if (!validUtf8At(b, p, p + n)) return undefined;
  S.left -= n >> 4;
  return validUtf8(b, p, n) ?? decoder.decode(b.subarray(p, p + n));
}

// Whether b[p, e) is well-formed UTF-8 (Unicode's table 3-7: no overlong forms, no
// surrogates, nothing past U+10FFFF, no sequence cut short).
function validUtf8At(b: Uint8Array, p: number, e: number): boolean {
  let i = p;
  while (i < e) {
    const c = b[i];
    if (c < 0x80) {
      i++;
    } else if (c < 0xc2) {
      return false;
    } else if (c < 0xe0) {
      if (i + 1 >= e || (b[i + 1] & 0xc0) !== 0x80) return false;
      i += 2;
    } else if (c < 0xf0) {
      if (i + 2 >= e) return false;
      const c1 = b[i + 1];
      if ((c1 & 0xc0) !== 0x80 || (b[i + 2] & 0xc0) !== 0x80) return false;
      if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f)) return false;
      i += 3;
    } else if (c < 0xf5) {
      if (i + 3 >= e) return false;
      const c1 = b[i + 1];
      if ((c1 & 0xc0) !== 0x80 || (b[i + 2] & 0xc0) !== 0x80 || (b[i + 3] & 0xc0) !== 0x80) return false;
      if ((c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return false;
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

// A view of b[p, p + n), of b's class as decode.ts makes them (see view there). The input's
// buffer and offset are looked up once per input; decodeDirect lets go of it when done.
let viewInput: Uint8Array | undefined;
let viewBuffer: ArrayBufferLike | undefined;
let viewOffset = 0;
let viewPlain = false;

function view(b: Uint8Array, p: number, n: number): Uint8Array {
  if (n > 256) S.left += 40;
  if (b !== viewInput) {
    viewInput = b;
    viewPlain = b.constructor === Uint8Array;
    viewBuffer = b.buffer;
    viewOffset = b.byteOffset;
  }
  return viewPlain ? new Uint8Array(viewBuffer!, viewOffset + p, n) : b.subarray(p, p + n);
}

const helpers: DirectHelpers = {
  S, varint32, length, varint64, int64, uint64, sint64, fixed64, float64, float32, str, key, view,
  make: newMessage, directOf, smallBigints, makeSmallBigint, setOwn,
};

const interpret = makeInterpreter(helpers);
