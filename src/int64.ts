// 64-bit integers from their JS forms (bigint, number, decimal string) to the wire's two
// 32-bit halves, with the same parsing rules and errors as @bufbuild/protobuf's protoInt64.
// (Decoding goes through BigInt64Array views of the tape: see decode.ts.)

import { protoInt64 } from "@bufbuild/protobuf";

export const bigintOk = protoInt64.supported;
const scratch = new DataView(new ArrayBuffer(8));
export const MAX_I64 = BigInt("9223372036854775807");
export const MIN_I64 = BigInt("-9223372036854775808");
export const MAX_U64 = BigInt("18446744073709551615");

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
