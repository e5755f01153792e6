// 64-bit integers from their JS forms (bigint, number, decimal string) to the wire's two
// 32-bit halves, with the same parsing rules and errors as @bufbuild/protobuf's protoInt64.
// Decoding goes through BigInt64Array views of the tape (decode.ts); the small bigints it
// shares are kept here.

import { protoInt64 } from "@bufbuild/protobuf";

export const bigintOk = protoInt64.supported;
// A bigint stored to a BigInt64Array and read back as two Int32s: about 3x faster than a
// DataView's setBigInt64, and BigInt.asIntN is the cheapest range check (no comparisons
// of bigints against the limits).
const scratch64 = new BigInt64Array(1);
const scratchU64 = new BigUint64Array(scratch64.buffer);
const scratch32 = new Int32Array(scratch64.buffer);

/** Halves of the last value converted by toHalves/toHalvesUnsigned. */
export let lo = 0;
export let hi = 0;

/** Splits a signed 64-bit value (bigint, number or string) into lo/hi; throws like protoInt64.enc. */
export function toHalves(value: unknown): void {
  if (typeof value === "bigint" && bigintOk) {
    if (BigInt.asIntN(64, value) !== value) throw new Error(`invalid int64: ${value}`);
    scratch64[0] = value;
  } else {
    const t = protoInt64.enc(value as string);
    lo = t.lo;
    hi = t.hi;
    return;
  }
  lo = scratch32[0];
  hi = scratch32[1];
}

/** Splits an unsigned 64-bit value into lo/hi; throws like protoInt64.uEnc. */
export function toHalvesUnsigned(value: unknown): void {
  if (typeof value === "bigint" && bigintOk) {
    if (BigInt.asUintN(64, value) !== value) throw new Error(`invalid uint64: ${value}`);
    scratchU64[0] = value;
  } else {
    const t = protoInt64.uEnc(value as string);
    lo = t.lo;
    hi = t.hi;
    return;
  }
  lo = scratch32[0];
  hi = scratch32[1];
}

// Decoding makes a bigint per 64-bit value; most are small (ids, counts, sizes, indexes), and
// a bigint is an immutable primitive whose identity cannot be observed, so values 0 to
// SMALL_BIGINTS - 1 are made once and shared: an array load instead of an allocation.
export const SMALL_BIGINTS = 1024;
export const smallBigints: bigint[] = [];

/** The bigint of 0 <= v < SMALL_BIGINTS, made once (callers read smallBigints[v] first). */
export function makeSmallBigint(v: number): bigint {
  const b = BigInt(v);
  smallBigints[v] = b;
  return b;
}
