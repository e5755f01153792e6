// The decoder's wire pass. scan() reads a whole message (nested messages, groups and map
// entries included) with the plan's type records, validates it, and writes a tape of i32
// words that the JS side walks to build objects. It accepts and rejects exactly what
// @bufbuild/protobuf's reader does: a known field is read as its declared type whatever its
// wire type (only lists look at the wire type, to tell packed from unpacked), a group runs to
// the end of the input, an unknown field is skipped by its wire type.
//
// Tape entries (words), after a header fieldIndex << 3 | wireType:
//   32-bit varints, fixed32, sfixed32, float, bool, enum: value
//   int64, uint64, sint64: lo, hi (zigzag already undone)
//   fixed64, sfixed64, double: the 8 bytes (8-byte aligned, as are all 64-bit values)
//   string: address, length, flags (STR_ASCII, STR_INVALID) | (intern id + 1) << 4
//   bytes: address, length
//   message, group: the child's entries, then TAPE_END
//   packed list, varint kinds: count, then count values as above
//   packed list, fixed kinds: count, then the values' bytes copied
//   map entry: [count, count message bodies] for message values, or [flag, value] for
//              others; then key flag and key value
// Unknown field: TAPE_UNKNOWN, field number, wire type, address, length (after the tag).
// Addresses on the tape are offsets in the input. The nesting is walked with an explicit
// stack, so depth costs memory, not native stack.
//
// The input need not be in linear memory all at once: scanning works on a window of it.
// Contents that are only skipped (bytes fields, unknown length-delimited fields, packed
// fixed-width runs, 64-bit fixed values: JS reads those from its own copy of the input) are
// never needed in the window. When an item (one field: tag and value) runs past the window,
// scan stops at the item's start and asks for the window to move there (ERR_NEED_INPUT);
// scanResume() goes on from that item. So a message made of large blobs is never copied.

import {
  VK_DOUBLE, VK_FLOAT, VK_INT64, VK_UINT64, VK_INT32, VK_FIXED64, VK_FIXED32, VK_BOOL,
  VK_STRING, VK_GROUP, VK_MESSAGE, VK_BYTES, VK_UINT32, VK_ENUM, VK_SFIXED32, VK_SFIXED64,
  VK_SINT32, VK_SINT64, SHAPE_LIST, SHAPE_MAP, FIELD_BYTES, TYPE_BYTES, TAPE_END, TAPE_UNKNOWN,
  STR_INVALID, STR_ASCII, FLAG_KEEP_UNKNOWN, ERR_TRUNCATED, ERR_TAG, ERR_WIRE_TYPE, ERR_GROUP, ERR_UTF8,
  ERR_RECURSION, ERR_TAPE_FULL, ERR_STACK_FULL, ERR_WINDOW, ERR_NEED_INPUT, ERR_BATCH_PAUSE,
  FLAG_FRAMED_VARINT, FLAG_FRAMED_BE32, ERR_FIELD_TOO_LARGE, ERR_TOO_MANY,
} from "./layout";
import { readVarint, varintValue, varintError, gather, lengthOf } from "./varint";
import { utf8Flags } from "./utf8";
import { intern, highBits, internFresh, internFull, internMode, MAX_INTERN_LEN } from "./intern";

// Frame kinds and layout (16 words).
const FR_MESSAGE: i32 = 0;
const FR_GROUP: i32 = 1;
const FR_MAP_ENTRY: i32 = 2;
const FR_BATCH: i32 = 3; // the bottom frame of a batch scan: length-prefixed messages
const FRAME_BYTES: usize = 64;
const F_KIND: usize = 0;
const F_END: usize = 4;
const F_TYPE: usize = 8; //       type record (message, group) or field record (map entry)
const F_GROUP_NO: usize = 12; //  field number of a group; tape address of the count (map entry)
const F_KEY_SET: usize = 20;
const F_KEY: usize = 24; //       3 words
const F_VAL_SET: usize = 36;
const F_VAL: usize = 40; //       3 words

// The value read by readValue(): up to three words.
let w0: i32 = 0;
let w1: i32 = 0;
let w2: i32 = 0;
let valueError: i32 = 0;

let bufEnd: usize = 0; // address input offset inLen would have (never loaded from)
let winEnd: usize = 0; //  end of the window: reads of contents stop here
let bias: usize = 0; //    address of input offset 0 (the window sits at bias + its offset)

// What a scan reports beside its return code, as four i32 at statusAt (JS reads memory
// faster than an exported Global, and a scan for a message with blobs reports twice):
// the offset of the item where scanning stopped for more input (or where a batch paused),
// how many bytes from there the window must hold (0: unknown, JS grows the window by
// doubling), and after an error its input offset and the tape words written before it.
const S_NEED_OFFSET: usize = 0;
const S_NEED_LENGTH: usize = 4;
const S_ERROR_POS: usize = 8;
const S_TAPE_USED: usize = 12;
let statusAt: usize = 0;

export function scanSetup(status: usize): void {
  statusAt = status;
}

let needEnd: usize = 0; // address the window must reach, when a length says so

// A read ran past the window: more input, or the real end?
@inline
function short(): i32 {
  return winEnd < bufEnd ? ERR_WINDOW : ERR_TRUNCATED;
}

// readVarint within the window; 0 on error (valueError).
@inline
function readV(p: usize): usize {
  // One-byte varints (most lengths and small numbers) without the 8-byte gather.
  if (p < winEnd) {
    const b = load<u8>(p);
    if (b < 0x80) {
      varintValue = <u64>b;
      return p + 1;
    }
  }
  const np = readVarint(p, winEnd);
  if (np == 0) valueError = varintError == ERR_TRUNCATED ? short() : varintError;
  return np;
}

// Number of tape words readValue() produces for a value kind.
@inline
function valueWords(vk: i32): i32 {
  if (vk == VK_STRING) return 3;
  if (vk == VK_BYTES || wide(vk)) return 2;
  return 1;
}

// 64-bit values sit 8-byte aligned on the tape (a padding word before them when needed), so
// that JS reads them through BigInt64Array / Float64Array views.
@inline
function wide(vk: i32): bool {
  return vk == VK_INT64 || vk == VK_UINT64 || vk == VK_SINT64 || vk == VK_FIXED64 ||
    vk == VK_SFIXED64 || vk == VK_DOUBLE;
}

// Writes the value in w0..w2 (kind vk) at tp; returns the new tape position.
@inline
function emitValue(tp: usize, vk: i32): usize {
  if (wide(vk)) {
    tp = (tp + 7) & ~(<usize>7);
    store<i32>(tp, w0, 0, 1);
    store<i32>(tp, w1, 4, 1);
    return tp + 8;
  }
  store<i32>(tp, w0, 0, 1);
  if (vk == VK_STRING) {
    store<i32>(tp, w1, 4, 1);
    store<i32>(tp, w2, 8, 1);
    return tp + 12;
  }
  if (vk == VK_BYTES) {
    store<i32>(tp, w1, 4, 1);
    return tp + 8;
  }
  return tp + 4;
}

// Limits chosen by the caller (setLimits): the largest string or bytes field, and the most
// elements of one repeated field or map in one message (0: no limit). Element counts live in
// a table of one row per nesting depth and one word per field, zeroed as messages open.
let maxFieldBytes: u64 = 0xffffffff;
let maxRepeated: i32 = 0;
let countsBase: usize = 0;
let countsStride: usize = 0;

export function setLimits(fieldBytes: u32, repeated: i32, counts: usize, stride: usize): void {
  maxFieldBytes = <u64>fieldBytes;
  maxRepeated = repeated;
  countsBase = counts;
  countsStride = stride;
}

@inline
function openCounts(depth: i32): void {
  if (maxRepeated > 0) memory.fill(countsBase + <usize>depth * countsStride, 0, countsStride);
}

// Adds k elements to field idx of the message at depth; false when over the limit.
@inline
function countElements(depth: i32, idx: i32, k: i32): bool {
  if (maxRepeated <= 0) return true;
  const at = countsBase + <usize>depth * countsStride + ((<usize>idx) << 2);
  const n = load<i32>(at, 0, 1) + k;
  store<i32>(at, n, 0, 1);
  return n <= maxRepeated;
}

// A string at p into w0..w2 (offset, length, flags and intern id). Returns the next position,
// or 0 on error. stat is the address of the string site's interning score (an i16 in its field
// record, see below).
@inline
function readString(p: usize, strict: bool, stat: usize): usize {
  p = readV(p);
  if (p == 0) return 0;
  const n = <u64>(<u32>varintValue);
  if (n > maxFieldBytes) { valueError = ERR_FIELD_TOO_LARGE; return 0; }
  if (<u64>p + n > <u64>bufEnd) { valueError = ERR_TRUNCATED; return 0; }
  if (<u64>p + n > <u64>winEnd) { needEnd = p + <usize>n; valueError = ERR_WINDOW; return 0; }
  // Short strings: interning hashes every byte and tells whether they are all ASCII, so
  // only non-ASCII ones get the UTF-8 check (one pass over the bytes, not two).
  let flags: i32 = STR_ASCII;
  let id: i32 = -1;
  if (<u32>n <= MAX_INTERN_LEN && internMode != INTERN_NEVER) {
    const score = <i32>load<i16>(stat, 0, 1);
    if (score > SCORE_OFF || internMode == INTERN_ALWAYS) {
      id = intern(p, <u32>n);
      if (highBits != 0) flags = utf8Flags(p, <usize>n);
      if (!internFresh) {
        if (score < SCORE_MAX) store<i16>(stat, <i16>min(score + SCORE_HIT, SCORE_MAX), 0, 1);
      } else if (internFull) {
        store<i16>(stat, <i16>(score - 1), 0, 1);
      }
    } else {
      flags = utf8Flags(p, <usize>n);
      store<i16>(stat, <i16>(score <= SCORE_RETRY ? 0 : score - 1), 0, 1);
    }
  } else {
    flags = utf8Flags(p, <usize>n);
  }
  if (strict && (flags & STR_INVALID) != 0) { valueError = ERR_UTF8; return 0; }
  w0 = <i32>(p - bias);
  w1 = <i32>n;
  w2 = flags | ((id + 1) << 4);
  return p + <usize>n;
}

// Interning pays only where strings repeat: a field of unique values (names, ids, emails)
// would hash and copy every value into the table, fill it, and still make every string. So
// each string site (a field; a map's keys and its values apart) keeps a score: +SCORE_HIT
// for a string found in the table, -1 for a new one once the table has ever filled up (before
// that, new strings cost little and may repeat in later calls). At SCORE_OFF (64 more new
// strings than a fifth of them found again) the site stops interning; after SCORE_RETRY -
// SCORE_OFF strings without it, it tries again from 0, in case its values have started to repeat.
const SCORE_HIT: i32 = 4;
const SCORE_MAX: i32 = 64;
const SCORE_OFF: i32 = -64;
const SCORE_RETRY: i32 = -4096;
const INTERN_ALWAYS: i32 = 1;
const INTERN_NEVER: i32 = 2;

// Reads one value of kind vk at p into w0..w2. Returns the next position, or 0 on error.
function readValue(vk: i32, strict: bool, p: usize, stat: usize): usize {
  switch (vk) {
    case VK_INT32:
    case VK_UINT32:
    case VK_ENUM: {
      p = readV(p);
      if (p == 0) return 0;
      w0 = <i32>varintValue;
      return p;
    }
    case VK_SINT32: {
      p = readV(p);
      if (p == 0) return 0;
      w0 = unzigzag32(<u32>varintValue);
      return p;
    }
    case VK_BOOL: {
      p = readV(p);
      if (p == 0) return 0;
      w0 = varintValue != 0 ? 1 : 0;
      return p;
    }
    case VK_INT64:
    case VK_UINT64: {
      p = readV(p);
      if (p == 0) return 0;
      w0 = <i32>varintValue;
      w1 = <i32>(varintValue >>> 32);
      return p;
    }
    case VK_SINT64: {
      p = readV(p);
      if (p == 0) return 0;
      const v = unzigzag64(varintValue);
      w0 = <i32>v;
      w1 = <i32>(v >>> 32);
      return p;
    }
    case VK_FIXED32:
    case VK_SFIXED32:
    case VK_FLOAT: {
      if (p + 4 > winEnd) { valueError = short(); return 0; }
      w0 = load<i32>(p, 0, 1);
      return p + 4;
    }
    case VK_FIXED64:
    case VK_SFIXED64:
    case VK_DOUBLE: {
      if (p + 8 > winEnd) { valueError = short(); return 0; }
      w0 = load<i32>(p, 0, 1);
      w1 = load<i32>(p, 4, 1);
      return p + 8;
    }
    case VK_STRING:
      return readString(p, strict, stat);
    case VK_BYTES: {
      p = readV(p);
      if (p == 0) return 0;
      const n = <u64>(<u32>varintValue);
      if (n > maxFieldBytes) { valueError = ERR_FIELD_TOO_LARGE; return 0; }
      if (<u64>p + n > <u64>bufEnd) { valueError = ERR_TRUNCATED; return 0; }
      w0 = <i32>(p - bias);
      w1 = <i32>n;
      return p + <usize>n;
    }
  }
  unreachable();
  return 0;
}

// Tag fields, set by readTag().
let tagFieldNo: u32 = 0;
let tagWireType: u32 = 0;

// Reads a tag as @bufbuild/protobuf does: a uint32 varint (at most 5 bytes), field number
// above 0, wire type 0 to 5. Returns the next position, or 0 on error (valueError).
@inline
function readTag(p: usize): usize {
  const start = p;
  p = readV(p);
  if (p == 0) return 0;
  if (p - start > 5 || (p - start == 5 && load<u8>(p - 1) > 0x0f)) { valueError = ERR_TAG; return 0; }
  const tag = <u32>varintValue;
  tagFieldNo = tag >>> 3;
  tagWireType = tag & 7;
  if (tagFieldNo == 0 || tagWireType > 5) { valueError = ERR_TAG; return 0; }
  return p;
}

// Skips the value of an unknown field. budget is the recursion budget left for groups;
// groupStack is scratch memory for the field numbers of nested groups. Returns the next
// position, or 0 on error (valueError).
function skipValue(p: usize, fieldNo: u32, wireType: u32, budget: i32, groupStack: usize): usize {
  switch (wireType) {
    case 0: {
      // Any number of continuation bytes, as @bufbuild/protobuf's skip() allows.
      while (true) {
        if (p >= winEnd) { valueError = short(); return 0; }
        const b = load<u8>(p);
        p++;
        if (b < 0x80) return p;
      }
    }
    case 1: {
      if (p + 8 > bufEnd) { valueError = ERR_TRUNCATED; return 0; }
      return p + 8;
    }
    case 5: {
      if (p + 4 > bufEnd) { valueError = ERR_TRUNCATED; return 0; }
      return p + 4;
    }
    case 2: {
      p = readV(p);
      if (p == 0) return 0;
      const n = <u64>(<u32>varintValue);
      if (<u64>p + n > <u64>bufEnd) { valueError = ERR_TRUNCATED; return 0; }
      return p + <usize>n;
    }
    case 3: {
      if (budget <= 0) { valueError = ERR_RECURSION; return 0; }
      let depth: i32 = 1;
      store<u32>(groupStack, fieldNo, 0, 1);
      while (true) {
        p = readTag(p);
        if (p == 0) return 0;
        const fn = tagFieldNo;
        const wt = tagWireType;
        if (wt == 4) {
          if (fn != load<u32>(groupStack + ((<usize>(depth - 1)) << 2), 0, 1)) { valueError = ERR_GROUP; return 0; }
          depth--;
          if (depth == 0) return p;
          continue;
        }
        if (wt == 3) {
          if (budget - depth <= 0) { valueError = ERR_RECURSION; return 0; }
          store<u32>(groupStack + ((<usize>depth) << 2), fn, 0, 1);
          depth++;
          continue;
        }
        p = skipValue(p, fn, wt, 0, 0);
        if (p == 0) return 0;
      }
    }
  }
  valueError = ERR_WIRE_TYPE;
  return 0;
}

// Index of the field with number fieldNo in a type record, or -1, by binary search over its
// field records (sorted by number): for numbers past the dense table.
function searchField(type: usize, fieldNo: u32): i32 {
  const fields = load<usize>(type, 4, 1);
  let lo: i32 = 0;
  let hi: i32 = load<i32>(type, 0, 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const no = load<u32>(fields + (<usize>mid) * FIELD_BYTES + 8, 0, 1);
    if (no == fieldNo) return mid;
    if (no < fieldNo) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

@inline
function packable(vk: i32): bool {
  return vk != VK_STRING && vk != VK_BYTES && vk != VK_MESSAGE && vk != VK_GROUP;
}

// Fixed width of a packable value kind, or 0 for varints.
@inline
function fixedWidth(vk: i32): usize {
  if (vk == VK_FIXED32 || vk == VK_SFIXED32 || vk == VK_FLOAT) return 4;
  if (vk == VK_FIXED64 || vk == VK_SFIXED64 || vk == VK_DOUBLE) return 8;
  return 0;
}

let packedTp: usize = 0;
let packedCount: i32 = 0;
let packedP: usize = 0;

// The fast loops of packed 32-bit varint runs. While 8 bytes of the run are left, one 8-byte
// load gives eight one-byte values (no continuation bit set: the common case of small numbers,
// written two per 8-byte store), or four whole varints when its stop bits say it holds four
// (their ends found in registers: the next load waits on a few bit operations, not on four
// load-to-length round trips), or else the next value. They stop before the run's last
// 8 bytes and at a varint longer than 8 bytes; packedP is where they stopped, and they
// return the tape position. The caller has checked the tape's room.
const CONT: u64 = 0x8080808080808080;

// Bytes 2k and 2k+1 of x as two i32 lanes of a u64 (two tape words in one store).
@inline
function pair(x: u64, k: u64): u64 {
  const y = x >> (k << 4);
  return (y & 0xff) | ((y << 24) & 0xff00000000);
}

// The low 32 bits of the varint of len bytes at the low bytes of x (bytes past the fifth
// only reach bits 35 and up).
@inline
function gather32(x: u64, len: u64): u32 {
  const all = (x & 0x7f) | ((x >> 1) & 0x3f80) | ((x >> 2) & 0x1fc000) | ((x >> 3) & 0xfe00000) | ((x >> 4) & 0x7f0000000);
  return <u32>(all & ((<u64>1 << (len * 7)) - 1));
}

// Zigzag decoding of two i32 lanes of values below 128.
@inline
function unzigzagPair(v: u64): u64 {
  return ((v >> 1) & 0x0000007f0000007f) ^ ((v & 0x0000000100000001) * 0xffffffff);
}

// Bytes 2k and 2k+1 of x, all below 128, as two values: zigzag decoded with zig.
@inline
function lanes(x: u64, k: u64, zig: bool): u64 {
  return zig ? unzigzagPair(pair(x, k)) : pair(x, k);
}

@inline
function unzigzag32(z: u32): i32 {
  return <i32>((z >>> 1) ^ (0 - (z & 1)));
}

@inline
function unzigzag64(z: u64): u64 {
  return (z >>> 1) ^ (0 - (z & 1));
}

// The loop for both: zig (sint32) is a constant at each of the two calls below, so each gets
// its own copy with the zigzag folded in or out (one loop testing zig at run time was three
// times slower on one-byte values).
@inline
function packedVarint32(p: usize, runEnd: usize, tp: usize, zig: bool): usize {
  while (p + 8 <= runEnd) {
    const x = load<u64>(p, 0, 1);
    const stops = ~x & CONT;
    if (stops == CONT) {
      store<u64>(tp, lanes(x, 0, zig), 0, 1);
      store<u64>(tp, lanes(x, 1, zig), 8, 1);
      store<u64>(tp, lanes(x, 2, zig), 16, 1);
      store<u64>(tp, lanes(x, 3, zig), 24, 1);
      tp += 32;
      p += 8;
      continue;
    }
    if (popcnt<u64>(stops) >= 4) {
      const cont = x & CONT;
      if ((cont & (cont << 8)) == 0) {
        // No two continuation bits in a row: the four are one or two bytes each (deltas,
        // coordinates, small ids), each gathered in a few operations instead of five groups'
        // worth (the loop is bound by operations, not by the chain between values).
        let y = x;
        for (let k = 0; k < 4; k++) {
          const c = (y >> 7) & 1;
          const z = <u32>((y & 0x7f) | ((y >> 1) & (0x3f80 & (0 - c))));
          store<i32>(tp, zig ? unzigzag32(z) : <i32>z, 0, 1);
          tp += 4;
          y >>= (c + 1) << 3;
          p += <usize>(c + 1);
        }
        continue;
      }
      let y = x;
      let st = stops;
      for (let k = 0; k < 4; k++) {
        // 64 only for the fourth value, after which y and st are not used.
        const bits = ctz<u64>(st) + 1;
        const z = gather32(y, bits >> 3);
        store<i32>(tp, zig ? unzigzag32(z) : <i32>z, 0, 1);
        tp += 4;
        y >>= bits;
        st >>= bits;
        p += <usize>(bits >> 3);
      }
      continue;
    }
    if (stops == 0) break;
    const len = (<usize>ctz<u64>(stops) + 1) >> 3;
    const z = <u32>gather(x, len);
    store<i32>(tp, zig ? unzigzag32(z) : <i32>z, 0, 1);
    tp += 4;
    p += len;
  }
  packedP = p;
  return tp;
}

function packedInt32(p: usize, runEnd: usize, tp: usize): usize {
  return packedVarint32(p, runEnd, tp, false);
}

function packedSint32(p: usize, runEnd: usize, tp: usize): usize {
  return packedVarint32(p, runEnd, tp, true);
}

// The bulk loop of 64-bit runs (int64, uint64, sint64: timestamps, ids, coordinates): one
// 8-byte load per value, its length from the first stop bit, no per-value checks (the caller
// made sure of tape room). Stops before the run's last 8 bytes and at a varint longer than 8
// bytes (negative int64s: ten), which the general loop in readPacked then takes.
@inline
function packedVarint64(p: usize, runEnd: usize, tp: usize, zig: bool): usize {
  while (p + 8 <= runEnd) {
    const x = load<u64>(p, 0, 1);
    const stops = ~x & CONT;
    if (stops == CONT) {
      // Eight one-byte values (small ids and deltas).
      for (let k: u64 = 0; k < 64; k += 8) {
        const b = (x >> k) & 0x7f;
        store<u64>(tp, zig ? unzigzag64(b) : b, 0, 1);
        tp += 8;
      }
      p += 8;
      continue;
    }
    if (stops == 0) break;
    const len = (<usize>ctz<u64>(stops) + 1) >> 3;
    const v = gather(x, len);
    store<u64>(tp, zig ? unzigzag64(v) : v, 0, 1);
    tp += 8;
    p += len;
  }
  packedP = p;
  return tp;
}

function packedInt64(p: usize, runEnd: usize, tp: usize): usize {
  return packedVarint64(p, runEnd, tp, false);
}

function packedSint64(p: usize, runEnd: usize, tp: usize): usize {
  return packedVarint64(p, runEnd, tp, true);
}

// A packed run of varints from p to runEnd, written from tp on (64-bit kinds: tp is 8-byte
// aligned). Returns the next position, or 0 on error (valueError); packedTp and packedCount
// tell where the tape ends and how many values there are. One loop per kind: this is the
// hot path of numeric messages.
function readPacked(vk: i32, p: usize, runEnd: usize, tp: usize, limit: usize): usize {
  let count: i32 = 0;
  // Where the tape has room for the worst case (a one-byte value per slot), the bulk of the
  // run goes through loops without per-value checks; the last bytes, a varint longer than
  // 8 bytes or a tight tape fall through to the general loop below.
  const narrow = vk == VK_INT32 || vk == VK_UINT32 || vk == VK_ENUM || vk == VK_SINT32;
  if (narrow && runEnd - p >= 8 && tp + ((runEnd - p) << 2) <= limit) {
    const start = tp;
    tp = vk == VK_SINT32 ? packedSint32(p, runEnd, tp) : packedInt32(p, runEnd, tp);
    count = <i32>((tp - start) >> 2);
    p = packedP;
  } else if ((vk == VK_INT64 || vk == VK_UINT64 || vk == VK_SINT64) && runEnd - p >= 8 && tp + ((runEnd - p) << 3) <= limit) {
    const start = tp;
    tp = vk == VK_SINT64 ? packedSint64(p, runEnd, tp) : packedInt64(p, runEnd, tp);
    count = <i32>((tp - start) >> 3);
    p = packedP;
  }
  const end = winEnd;
  while (p < runEnd) {
    if (tp > limit) { valueError = ERR_TAPE_FULL; return 0; }
    // Locals only on the fast path: module globals would be memory traffic per value.
    // One-byte values first: short runs (paths and spans of source info, tags) are mostly
    // those. runEnd is within the window, so the byte is there.
    let v: u64 = <u64>load<u8>(p);
    const len: usize = v < 0x80 ? 1 : p + 8 <= end ? lengthOf(load<u64>(p, 0, 1)) : 0;
    if (len == 1) {
      p++;
    } else if (len != 0) {
      v = gather(load<u64>(p, 0, 1), len);
      p += len;
    } else {
      p = readV(p);
      if (p == 0) return 0;
      v = varintValue;
    }
    switch (vk) {
      case VK_SINT32: {
        store<i32>(tp, unzigzag32(<u32>v), 0, 1);
        tp += 4;
        break;
      }
      case VK_BOOL: {
        store<i32>(tp, v != 0 ? 1 : 0, 0, 1);
        tp += 4;
        break;
      }
      case VK_SINT64: {
        store<u64>(tp, unzigzag64(v), 0, 1);
        tp += 8;
        break;
      }
      case VK_INT64:
      case VK_UINT64: {
        store<u64>(tp, v, 0, 1);
        tp += 8;
        break;
      }
      default: {
        store<i32>(tp, <i32>v, 0, 1);
        tp += 4;
      }
    }
    count++;
  }
  packedTp = tp;
  packedCount = count;
  return p;
}

// Parameters of the scan under way (kept across scanResume calls).
let tapeStart: usize = 0;
let tapeLimit: usize = 0;
let stackBase: usize = 0;
let stackLimit: usize = 0;
let groupScratch: usize = 0;
let keepUnknown = false;
let recursionLimit: i32 = 0;
// State saved when the scan stops for more input.
let savedP: usize = 0;
let savedTp: usize = 0;
let savedSp: usize = 0;
let savedDepth: i32 = 0;

// Starts a scan of a message of type rootType, inLen bytes long, whose first winLen bytes are
// at win. Returns the tape length in words, ERR_NEED_INPUT (move the window to the status's
// need offset and call scanResume), or another negative error code (the status's error
// position and tape words, and the stack frames tell where).
export function scanStart(
  rootType: usize, win: usize, winLen: usize, inLen: usize, tape: usize, tapeBytes: usize,
  stack: usize, stackBytes: usize, groupStack: usize, flags: i32, limit: i32,
): i32 {
  bias = win;
  bufEnd = win + inLen;
  winEnd = win + winLen;
  tapeStart = tape;
  tapeLimit = tape + tapeBytes - 64;
  stackBase = stack;
  stackLimit = stack + stackBytes - FRAME_BYTES;
  groupScratch = groupStack;
  keepUnknown = (flags & FLAG_KEEP_UNKNOWN) != 0;
  recursionLimit = limit;
  const batch = (flags & (FLAG_FRAMED_VARINT | FLAG_FRAMED_BE32)) != 0;
  framedBe32 = (flags & FLAG_FRAMED_BE32) != 0;
  // A batch pauses between messages once half the tape is used, so that JS can walk it and
  // scanning goes on from the tape's start: the tape stays small however long the batch.
  batchPauseAt = tape + (tapeBytes >> 1);
  store<i32>(stack, batch ? FR_BATCH : FR_MESSAGE, F_KIND, 1);
  store<i32>(stack, <i32>bufEnd, F_END, 1);
  store<i32>(stack, <i32>rootType, F_TYPE, 1);
  if (limit < 1) {
    store<i32>(statusAt, 0, S_ERROR_POS, 1);
    store<i32>(statusAt, 0, S_TAPE_USED, 1);
    return ERR_RECURSION;
  }
  if (!batch) openCounts(1);
  return run(win, tape, stack, batch ? 0 : 1);
}

let framedBe32 = false;
let batchPauseAt: usize = 0;

// Goes on with a batch scan paused by ERR_BATCH_PAUSE, writing the tape from its start again.
export function scanContinue(): i32 {
  return run(savedP, tapeStart, savedSp, savedDepth);
}

// Goes on with a scan stopped by ERR_NEED_INPUT, with input[offset, offset + winLen) at win.
export function scanResume(win: usize, offset: usize, winLen: usize): i32 {
  // Everything held as an address moves with the input's new place.
  const newBias = win - offset;
  const delta = newBias - bias;
  for (let f = stackBase; f <= savedSp; f += FRAME_BYTES) {
    store<i32>(f, load<i32>(f, F_END, 1) + <i32>delta, F_END, 1);
  }
  bias = newBias;
  bufEnd += delta;
  winEnd = win + winLen;
  return run(savedP + delta, savedTp, savedSp, savedDepth);
}

function run(p: usize, tp: usize, sp: usize, depth: i32): i32 {
  const stack = stackBase;
  const groupStack = groupScratch;
  let np: usize = 0;
  let code: i32 = 0;
  let itemP = p;
  let itemTp = tp;

  while (code == 0) {
    itemP = p;
    itemTp = tp;
    if (tp > tapeLimit) { code = ERR_TAPE_FULL; break; }
    const kind = load<i32>(sp, F_KIND, 1);
    const end = <usize>load<i32>(sp, F_END, 1);

    if (kind == FR_BATCH) {
      if (p >= end) break;
      if (tp > batchPauseAt) { code = ERR_BATCH_PAUSE; break; }
      // The next message's length prefix.
      let len: u64 = 0;
      if (framedBe32) {
        if (p + 4 > bufEnd) { code = ERR_TRUNCATED; break; }
        if (p + 4 > winEnd) { needEnd = p + 4; code = ERR_WINDOW; break; }
        len = <u64>bswap<u32>(load<u32>(p, 0, 1));
        np = p + 4;
      } else {
        np = readV(p);
        if (np == 0) { code = valueError; break; }
        len = varintValue;
      }
      if (len > <u64>(bufEnd - np)) { code = ERR_TRUNCATED; break; }
      p = np;
      depth++;
      if (depth > recursionLimit) { code = ERR_RECURSION; break; }
      if (sp >= stackLimit) { code = ERR_STACK_FULL; break; }
      openCounts(depth);
      sp += FRAME_BYTES;
      store<i32>(sp, FR_MESSAGE, F_KIND, 1);
      store<i32>(sp, <i32>(p + <usize>len), F_END, 1);
      store<i32>(sp, load<i32>(stack, F_TYPE, 1), F_TYPE, 1);
      continue;
    }

    if (kind == FR_MAP_ENTRY) {
      const field = <usize>load<i32>(sp, F_TYPE, 1);
      const w = load<i32>(field, 0, 1);
      const vk = w & 0xff;
      const strict = (w & 0x400) != 0;
      if (p >= end) {
        // Entry done: the last value (message values are on the tape already), then the key.
        if (vk != VK_MESSAGE) {
          store<i32>(tp, load<i32>(sp, F_VAL_SET, 1), 0, 1);
          w0 = load<i32>(sp, F_VAL, 1);
          w1 = load<i32>(sp, F_VAL + 4, 1);
          w2 = load<i32>(sp, F_VAL + 8, 1);
          tp = emitValue(tp + 4, vk);
        }
        store<i32>(tp, load<i32>(sp, F_KEY_SET, 1), 0, 1);
        w0 = load<i32>(sp, F_KEY, 1);
        w1 = load<i32>(sp, F_KEY + 4, 1);
        w2 = load<i32>(sp, F_KEY + 8, 1);
        tp = emitValue(tp + 4, (w >>> 16) & 0xff);
        sp -= FRAME_BYTES;
        continue;
      }
      let fn: u32 = 0;
      let wt: u32 = 0;
      const b = p < winEnd ? <u32>load<u8>(p) : 0x80;
      if (b < 0x80) {
        fn = b >>> 3;
        wt = b & 7;
        if (fn == 0 || wt > 5) { code = ERR_TAG; break; }
        p++;
      } else {
        np = readTag(p);
        if (np == 0) { code = valueError; break; }
        p = np;
        fn = tagFieldNo;
        wt = tagWireType;
      }
      if (fn == 1) {
        np = readValue((w >>> 16) & 0xff, strict, p, field + 12);
        if (np == 0) { code = valueError; break; }
        p = np;
        store<i32>(sp, 1, F_KEY_SET, 1);
        store<i32>(sp, w0, F_KEY, 1);
        store<i32>(sp, w1, F_KEY + 4, 1);
        store<i32>(sp, w2, F_KEY + 8, 1);
      } else if (fn == 2) {
        if (vk == VK_MESSAGE) {
          np = readV(p);
          if (np == 0) { code = valueError; break; }
          p = np;
          const childEnd = <u64>p + <u64>(<u32>varintValue);
          if (childEnd > <u64>bufEnd) { code = ERR_TRUNCATED; break; }
          const countAt = <usize>load<i32>(sp, F_GROUP_NO, 1);
          store<i32>(countAt, load<i32>(countAt, 0, 1) + 1, 0, 1);
          depth++;
          if (depth > recursionLimit) { code = ERR_RECURSION; break; }
          if (sp >= stackLimit) { code = ERR_STACK_FULL; break; }
          openCounts(depth);
          sp += FRAME_BYTES;
          store<i32>(sp, FR_MESSAGE, F_KIND, 1);
          store<i32>(sp, <i32>childEnd, F_END, 1);
          store<i32>(sp, load<i32>(field, 4, 1), F_TYPE, 1);
        } else {
          np = readValue(vk, strict, p, field + 14);
          if (np == 0) { code = valueError; break; }
          p = np;
          store<i32>(sp, 1, F_VAL_SET, 1);
          store<i32>(sp, w0, F_VAL, 1);
          store<i32>(sp, w1, F_VAL + 4, 1);
          store<i32>(sp, w2, F_VAL + 8, 1);
        }
      } else {
        np = skipValue(p, fn, wt, recursionLimit - depth, groupStack);
        if (np == 0) { code = valueError; break; }
        p = np;
      }
      continue;
    }

    if (p >= end) {
      if (kind == FR_GROUP) { code = ERR_GROUP; break; }
      store<i32>(tp, TAPE_END, 0, 1);
      tp += 4;
      if (sp == stack) break;
      sp -= FRAME_BYTES;
      depth--;
      continue;
    }

    // One-byte tags (field numbers 1 to 15) without the varint reader.
    let fn: u32 = 0;
    let wt: u32 = 0;
    const b = p < winEnd ? <u32>load<u8>(p) : 0x80;
    if (b < 0x80) {
      fn = b >>> 3;
      wt = b & 7;
      if (fn == 0 || wt > 5) { code = ERR_TAG; break; }
      np = p + 1;
    } else {
      np = readTag(p);
      if (np == 0) { code = valueError; break; }
      fn = tagFieldNo;
      wt = tagWireType;
    }
    if (kind == FR_GROUP && wt == 4) {
      if (fn != load<u32>(sp, F_GROUP_NO, 1)) { code = ERR_GROUP; break; }
      p = np;
      store<i32>(tp, TAPE_END, 0, 1);
      tp += 4;
      sp -= FRAME_BYTES;
      depth--;
      continue;
    }
    p = np;
    const type = <usize>load<i32>(sp, F_TYPE, 1);
    // The field's index and record word: from the dense table (one load away from the type),
    // else by search.
    let idx: i32 = -1;
    let w: i32 = 0;
    if (fn < load<u32>(type, 8, 1)) {
      const entry = type + TYPE_BYTES + ((<usize>fn) << 3);
      idx = load<i32>(entry, 0, 1) - 1;
      w = load<i32>(entry, 4, 1);
    } else {
      idx = searchField(type, fn);
      if (idx >= 0) w = load<i32>(load<usize>(type, 4, 1) + (<usize>idx) * FIELD_BYTES, 0, 1);
    }
    if (idx < 0) {
      np = skipValue(p, fn, wt, recursionLimit - depth, groupStack);
      if (np == 0) { code = valueError; break; }
      if (keepUnknown) {
        store<i32>(tp, TAPE_UNKNOWN, 0, 1);
        store<i32>(tp, <i32>fn, 4, 1);
        store<i32>(tp, <i32>wt, 8, 1);
        store<i32>(tp, <i32>(p - bias), 12, 1);
        store<i32>(tp, <i32>(np - p), 16, 1);
        tp += 20;
      }
      p = np;
      continue;
    }
    const field = load<usize>(type, 4, 1) + (<usize>idx) * FIELD_BYTES;
    const vk = w & 0xff;
    const shape = (w >>> 8) & 3;
    store<i32>(tp, (idx << 3) | <i32>wt, 0, 1);
    tp += 4;

    if (shape == SHAPE_MAP) {
      np = readV(p);
      if (np == 0) { code = valueError; break; }
      p = np;
      const entryEnd = <u64>p + <u64>(<u32>varintValue);
      if (entryEnd > <u64>bufEnd) { code = ERR_TRUNCATED; break; }
      if (sp >= stackLimit) { code = ERR_STACK_FULL; break; }
      if (!countElements(depth, idx, 1)) { code = ERR_TOO_MANY; break; }
      sp += FRAME_BYTES;
      store<i32>(sp, FR_MAP_ENTRY, F_KIND, 1);
      store<i32>(sp, <i32>entryEnd, F_END, 1);
      store<i32>(sp, <i32>field, F_TYPE, 1);
      store<i32>(sp, 0, F_KEY_SET, 1);
      store<i32>(sp, 0, F_VAL_SET, 1);
      if (vk == VK_MESSAGE) {
        store<i32>(sp, <i32>tp, F_GROUP_NO, 1);
        store<i32>(tp, 0, 0, 1);
        tp += 4;
      }
      continue;
    }

    if (vk == VK_MESSAGE || vk == VK_GROUP) {
      let childEnd = <u64>bufEnd;
      if (vk == VK_MESSAGE) {
        np = readV(p);
        if (np == 0) { code = valueError; break; }
        p = np;
        childEnd = <u64>p + <u64>(<u32>varintValue);
        // A message cannot end past the input without failing on the way: fail now.
        if (childEnd > <u64>bufEnd) { code = ERR_TRUNCATED; break; }
      }
      if (shape == SHAPE_LIST && !countElements(depth, idx, 1)) { code = ERR_TOO_MANY; break; }
      depth++;
      if (depth > recursionLimit) { code = ERR_RECURSION; break; }
      if (sp >= stackLimit) { code = ERR_STACK_FULL; break; }
      openCounts(depth);
      sp += FRAME_BYTES;
      store<i32>(sp, vk == VK_GROUP ? FR_GROUP : FR_MESSAGE, F_KIND, 1);
      store<i32>(sp, <i32>childEnd, F_END, 1);
      store<i32>(sp, load<i32>(field, 4, 1), F_TYPE, 1);
      store<i32>(sp, <i32>fn, F_GROUP_NO, 1);
      continue;
    }

    const strict = (w & 0x400) != 0;
    if (shape == SHAPE_LIST && wt == 2 && packable(vk)) {
      np = readV(p);
      if (np == 0) { code = valueError; break; }
      p = np;
      const runEnd64 = <u64>p + <u64>(<u32>varintValue);
      if (runEnd64 > <u64>bufEnd) { code = ERR_TRUNCATED; break; }
      const runEnd = <usize>runEnd64;
      const width = fixedWidth(vk);
      if (width != 0) {
        // Values may run past runEnd (as in @bufbuild/protobuf), not past the input.
        const count = (runEnd - p + width - 1) / width;
        const bytes = count * width;
        if (p + bytes > bufEnd) { code = ERR_TRUNCATED; break; }
        if (p + bytes > winEnd) { needEnd = p + bytes; code = ERR_WINDOW; break; }
        store<i32>(tp, <i32>count, 0, 1);
        tp += 4;
        if (width == 8) tp = (tp + 7) & ~(<usize>7);
        if (tp + bytes > tapeLimit) { code = ERR_TAPE_FULL; break; }
        if (!countElements(depth, idx, <i32>count)) { code = ERR_TOO_MANY; break; }
        memory.copy(tp, p, bytes);
        tp += bytes;
        p += bytes;
        continue;
      }
      if (runEnd > winEnd) {
        // The last varint may end past runEnd.
        needEnd = runEnd + 10 < bufEnd ? runEnd + 10 : bufEnd;
        code = ERR_WINDOW;
        break;
      }
      const countAt = tp;
      store<i32>(countAt, -1, 0, 1); // stays -1 if the run fails: tells the error path it is open
      tp += 4;
      if (wide(vk)) tp = (tp + 7) & ~(<usize>7);
      np = readPacked(vk, p, runEnd, tp, tapeLimit);
      if (np == 0) { code = valueError; break; }
      if (!countElements(depth, idx, packedCount)) { code = ERR_TOO_MANY; break; }
      p = np;
      tp = packedTp;
      store<i32>(countAt, packedCount, 0, 1);
      continue;
    }

    // The commonest kinds inline; the rest through readValue's switch.
    if (vk == VK_STRING) {
      np = readString(p, strict, field + 12);
      if (np == 0) { code = valueError; break; }
      store<i32>(tp, w0, 0, 1);
      store<i32>(tp, w1, 4, 1);
      store<i32>(tp, w2, 8, 1);
      tp += 12;
    } else if (vk == VK_INT32 || vk == VK_UINT32 || vk == VK_ENUM) {
      np = readV(p);
      if (np == 0) { code = valueError; break; }
      store<i32>(tp, <i32>varintValue, 0, 1);
      tp += 4;
    } else if (vk == VK_INT64 || vk == VK_UINT64) {
      // Ids, sizes and timestamps: common enough to skip readValue's call and switch.
      np = readV(p);
      if (np == 0) { code = valueError; break; }
      tp = (tp + 7) & ~(<usize>7);
      store<u64>(tp, varintValue, 0, 1);
      tp += 8;
    } else if (vk == VK_FIXED64 || vk == VK_DOUBLE || vk == VK_SFIXED64) {
      if (p + 8 > winEnd) { code = short(); break; }
      np = p + 8;
      tp = (tp + 7) & ~(<usize>7);
      store<u64>(tp, load<u64>(p, 0, 1), 0, 1);
      tp += 8;
    } else {
      np = readValue(vk, strict, p, field + 12);
      if (np == 0) { code = valueError; break; }
      tp = emitValue(tp, vk);
    }
    if (shape == SHAPE_LIST && !countElements(depth, idx, 1)) {
      tp = itemTp + 4; // the tape stops inside this element: the error path names it
      code = ERR_TOO_MANY;
      break;
    }
    p = np;
  }

  if (code == ERR_BATCH_PAUSE) {
    savedP = p;
    savedSp = sp;
    savedDepth = depth;
    store<i32>(statusAt, <i32>(p - bias), S_NEED_OFFSET, 1);
    store<i32>(statusAt, <i32>((tp - tapeStart) >> 2), S_TAPE_USED, 1);
    return code;
  }
  if (code == ERR_WINDOW) {
    savedP = itemP;
    savedTp = itemTp;
    savedSp = sp;
    savedDepth = depth;
    store<i32>(statusAt, <i32>(itemP - bias), S_NEED_OFFSET, 1);
    store<i32>(statusAt, needEnd > itemP ? <i32>(needEnd - itemP) : 0, S_NEED_LENGTH, 1);
    needEnd = 0;
    return ERR_NEED_INPUT;
  }
  if (code != 0) {
    store<i32>(statusAt, <i32>(p - bias), S_ERROR_POS, 1);
    store<i32>(statusAt, <i32>((tp - tapeStart) >> 2), S_TAPE_USED, 1);
    return code;
  }
  return <i32>((tp - tapeStart) >> 2);
}
