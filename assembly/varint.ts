// Varint reading on linear memory. The value of the last varint read is left in `varintValue`
// (all 64 bits; 32-bit readers take the low half, as protobuf's own readers do). A varint may
// have at most 10 bytes, and must end before the end of the input.

import { ERR_TRUNCATED, ERR_VARINT } from "./layout";

export let varintValue: u64 = 0;
export let varintError: i32 = 0;

// The value of a varint of len bytes (1 to 8) whose bytes are the low bytes of x.
@inline
export function gather(x: u64, len: usize): u64 {
  const all =
    (x & 0x7f) |
    ((x >> 1) & 0x3f80) |
    ((x >> 2) & 0x1fc000) |
    ((x >> 3) & 0xfe00000) |
    ((x >> 4) & 0x7f0000000) |
    ((x >> 5) & 0x3f800000000) |
    ((x >> 6) & 0x1fc0000000000) |
    ((x >> 7) & 0xfe000000000000);
  return all & ((<u64>1 << (<u64>len * 7)) - 1);
}

// Length in bytes of the varint starting at the low byte of x, or 0 if longer than 8.
@inline
export function lengthOf(x: u64): usize {
  const stops = ~x & 0x8080808080808080;
  return stops == 0 ? 0 : (<usize>ctz<u64>(stops) + 1) >> 3;
}

// Returns the position after the varint at p, or 0 on error (varintError says which).
@inline
export function readVarint(p: usize, end: usize): usize {
  if (p + 8 <= end) {
    // One 8-byte load decodes any varint of up to 8 bytes without a branch on its length:
    // the first byte without a continuation bit gives the length, and the 7-bit groups are
    // gathered with shifts and masks. (Varint lengths are unpredictable: branches on them
    // mispredict.)
    const x = load<u64>(p, 0, 1);
    const len = lengthOf(x);
    if (len != 0) {
      varintValue = gather(x, len);
      return p + len;
    }
  } else if (p < end) {
    const b = <u32>load<u8>(p);
    if (b < 0x80) {
      varintValue = <u64>b;
      return p + 1;
    }
  }
  return readVarintLong(p, end);
}

function readVarintLong(p: usize, end: usize): usize {
  let result: u64 = 0;
  let shift: u64 = 0;
  if (p + 10 <= end) {
    // Enough input left for any varint: no bounds checks in the loop.
    for (let i = 0; i < 10; i++) {
      const b = <u64>load<u8>(p + i);
      result |= (b & 0x7f) << shift;
      if (b < 0x80) {
        varintValue = result;
        return p + i + 1;
      }
      shift += 7;
    }
    varintError = ERR_VARINT;
    return 0;
  }
  for (let i = 0; i < 10; i++) {
    if (p >= end) {
      varintError = ERR_TRUNCATED;
      return 0;
    }
    const b = <u64>load<u8>(p);
    p++;
    result |= (b & 0x7f) << shift;
    if (b < 0x80) {
      varintValue = result;
      return p;
    }
    shift += 7;
  }
  varintError = ERR_VARINT;
  return 0;
}

// Number of bytes of the varint encoding of a 64-bit value.
@inline
export function varintSize64(v: u64): usize {
  // 1 + floor(bits / 7), with bits = 64 - clz(v | 1)
  return <usize>(((64 - <u32>clz<u64>(v | 1)) * 9 + 64) >> 6);
}

@inline
export function varintSize32(v: u32): usize {
  return <usize>(((32 - <u32>clz<u32>(v | 1)) * 9 + 64) >> 6);
}
