// Varint reading on linear memory. The value of the last varint read is left in `varintValue`
// (all 64 bits; 32-bit readers take the low half, as protobuf's own readers do). A varint may
// have at most 10 bytes, and must end before the end of the input.

import { ERR_TRUNCATED, ERR_VARINT } from "./layout";

export let varintValue: u64 = 0;
export let varintError: i32 = 0;

// Returns the position after the varint at p, or 0 on error (varintError says which).
@inline
export function readVarint(p: usize, end: usize): usize {
  if (p + 8 <= end) {
    // One 8-byte load covers the common 1- and 2-byte varints without a loop.
    const x = load<u64>(p);
    if ((x & 0x80) == 0) {
      varintValue = x & 0x7f;
      return p + 1;
    }
    if ((x & 0x8000) == 0) {
      varintValue = (x & 0x7f) | ((x >> 1) & 0x3f80);
      return p + 2;
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
