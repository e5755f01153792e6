// 64-bit integers between the wire's two 32-bit halves and their JS forms (bigint, or a
// decimal string for jstype = JS_STRING or where BigInt is unavailable), with the same
// parsing rules as @bufbuild/protobuf's protoInt64.

import { protoInt64 } from "@bufbuild/protobuf";

export const bigintOk = protoInt64.supported;
const scratch = new DataView(new ArrayBuffer(8));
const TWO32 = 4294967296;
export const MAX_I64 = BigInt("9223372036854775807");
export const MIN_I64 = BigInt("-9223372036854775808");
export const MAX_U64 = BigInt("18446744073709551615");

/** Signed 64-bit value from halves: bigint, or string when asString or no BigInt. */
export function int64From(lo: number, hi: number, asString: boolean): bigint | string {
  // Values of 53 bits or less convert exactly through a double.
  if (hi < 0x200000 && hi >= -0x200000) {
    const n = hi * TWO32 + (lo >>> 0);
    return asString || !bigintOk ? String(n) : BigInt(n);
  }
  if (!bigintOk) return protoInt64.dec(lo, hi) as unknown as string;
  scratch.setInt32(0, lo, true);
  scratch.setInt32(4, hi, true);
  const v = scratch.getBigInt64(0, true);
  return asString ? String(v) : v;
}

/** Unsigned 64-bit value from halves. */
export function uint64From(lo: number, hi: number, asString: boolean): bigint | string {
  if (hi >>> 0 < 0x200000) {
    const n = (hi >>> 0) * TWO32 + (lo >>> 0);
    return asString || !bigintOk ? String(n) : BigInt(n);
  }
  if (!bigintOk) return protoInt64.uDec(lo, hi) as unknown as string;
  scratch.setInt32(0, lo, true);
  scratch.setInt32(4, hi, true);
  const v = scratch.getBigUint64(0, true);
  return asString ? String(v) : v;
}

/** Halves of the last value converted by toHalves/toHalvesUnsigned. */
export let lo = 0;
export let hi = 0;

/** Splits a signed 64-bit value (bigint, number or string) into lo/hi; throws like protoInt64.enc. */
export function toHalves(value: unknown): void {
  if (typeof value === "bigint" && bigintOk) {
    if (value > MAX_I64 || value < MIN_I64) throw new Error(`invalid int64: ${value}`);
    scratch.setBigInt64(0, value, true);
  } else {
    const t = protoInt64.enc(value as string);
    lo = t.lo;
    hi = t.hi;
    return;
  }
  lo = scratch.getInt32(0, true);
  hi = scratch.getInt32(4, true);
}

/** Splits an unsigned 64-bit value into lo/hi; throws like protoInt64.uEnc. */
export function toHalvesUnsigned(value: unknown): void {
  if (typeof value === "bigint" && bigintOk) {
    if (value > MAX_U64 || value < 0) throw new Error(`invalid uint64: ${value}`);
    scratch.setBigUint64(0, value, true);
  } else {
    const t = protoInt64.uEnc(value as string);
    lo = t.lo;
    hi = t.hi;
    return;
  }
  lo = scratch.getInt32(0, true);
  hi = scratch.getInt32(4, true);
}
