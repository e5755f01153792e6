// Edge and random values per protobuf scalar type, in the local representation
// of @bufbuild/protobuf 2 (number, bigint or string for 64-bit integers,
// Uint8Array for bytes), plus deliberately ill-typed values for encode tests.
import { ScalarType } from "@bufbuild/protobuf";
import type { Rng } from "./rng.js";

export const INT32_EDGES = [
  0, 1, -1, 2, 127, 128, 255, 256, 16383, 16384, -64, -65, 0x7fffffff, -0x80000000, 0x7ffffffe, -0x7fffffff,
  1 << 28, -(1 << 28), 150, -150,
];
export const UINT32_EDGES = [
  0, 1, 127, 128, 16383, 16384, 2097151, 2097152, 268435455, 268435456, 0x7fffffff, 0x80000000, 0xffffffff,
  0xfffffffe, 150,
];
export const INT64_EDGES = [
  0n, 1n, -1n, 127n, 128n, 0x7fffffffn, -0x80000000n, 0x80000000n, 0xffffffffn, 0x100000000n, -0x100000000n,
  9007199254740991n, 9007199254740992n, 9007199254740993n, -9007199254740993n, 0x7fffffffffffffffn,
  -0x8000000000000000n, 0x7ffffffffffffffen, -0x7fffffffffffffffn, 1n << 56n, 1n << 49n, -(1n << 35n),
];
export const UINT64_EDGES = [
  0n, 1n, 127n, 128n, 0xffffffffn, 0x100000000n, 9007199254740993n, 0x7fffffffffffffffn, 0x8000000000000000n,
  0xffffffffffffffffn, 0xfffffffffffffffen, 0x8000000000000001n, 1n << 35n,
];
export const FLOAT32_MAX = 3.4028234663852886e38;
export const FLOAT_EDGES = [
  0, -0, NaN, Infinity, -Infinity, 1, -1, 0.5, -2.5, FLOAT32_MAX, -FLOAT32_MAX, 1.1754943508222875e-38,
  1.401298464324817e-45, -1.401298464324817e-45, 0.1, 16777216, 16777217, 1e-46, -1e-46, 3.4028235e38, 123456.789,
];
export const DOUBLE_EDGES = [
  0, -0, NaN, Infinity, -Infinity, 1, -1, 0.1, -2.5e-300, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE,
  -Number.MIN_VALUE, Number.EPSILON, 2 ** 53, -(2 ** 53), 2 ** 53 + 2, 2.2250738585072014e-308, 1e21, 123.456,
];
export const STRING_EDGES = [
  "",
  "a",
  "hello",
  "é",
  "€",
  "日本語テキスト",
  "😀",
  "a😀b𝄞c",
  "\uFEFF",
  "\uFEFFbom at start",
  "\u0000",
  "nul\u0000inside",
  "__proto__",
  "constructor",
  "toString",
  "\uD800",
  "x\uDC00y",
  "\uDBFF\uDFFF",
  "\u007F\u0080\u07FF\u0800\uFFFF",
  "\uFFFD",
  "a".repeat(32),
  "a".repeat(33),
  "é".repeat(16),
  "é".repeat(17),
  "a".repeat(127),
  "a".repeat(128),
  "€".repeat(42),
  "€".repeat(43),
  "😀".repeat(40),
  "a".repeat(16383),
  "€".repeat(5462),
  "line\nbreak\ttab\r\n",
];

export function int32(rng: Rng): number {
  if (rng.chance(0.35)) return rng.pick(INT32_EDGES);
  if (rng.chance(0.5)) return rng.int(-200, 200);
  return rng.u32() | 0;
}
export function uint32(rng: Rng): number {
  if (rng.chance(0.35)) return rng.pick(UINT32_EDGES);
  if (rng.chance(0.5)) return rng.int(0, 300);
  return Number(rng.uBits(32));
}
export function int64(rng: Rng): bigint {
  if (rng.chance(0.35)) return rng.pick(INT64_EDGES);
  if (rng.chance(0.3)) return BigInt(rng.int(-300, 300));
  return BigInt.asIntN(64, rng.uBits(64));
}
export function uint64(rng: Rng): bigint {
  if (rng.chance(0.35)) return rng.pick(UINT64_EDGES);
  if (rng.chance(0.3)) return BigInt(rng.int(0, 300));
  return rng.uBits(64);
}

const f32view = new DataView(new ArrayBuffer(8));
export function float(rng: Rng): number {
  if (rng.chance(0.4)) return rng.pick(FLOAT_EDGES);
  if (rng.chance(0.3)) return rng.int(-1000, 1000) / 8;
  if (rng.chance(0.2)) return (rng.float() - 0.5) * 1e6; // not exactly representable as float32
  f32view.setUint32(0, rng.u32());
  const v = f32view.getFloat32(0);
  return Number.isNaN(v) ? NaN : v;
}
export function double(rng: Rng): number {
  if (rng.chance(0.4)) return rng.pick(DOUBLE_EDGES);
  if (rng.chance(0.3)) return rng.int(-100000, 100000) / 16;
  f32view.setUint32(0, rng.u32());
  f32view.setUint32(4, rng.u32());
  const v = f32view.getFloat64(0);
  return Number.isNaN(v) ? NaN : v;
}

function codeUnit(rng: Rng, allowLoneSurrogates: boolean): string {
  const r = rng.float();
  if (r < 0.55) return String.fromCharCode(rng.int(0x20, 0x7e));
  if (r < 0.62) return String.fromCharCode(rng.int(0, 0x1f));
  if (r < 0.75) return String.fromCharCode(rng.int(0x80, 0x7ff));
  if (r < 0.88) {
    let c = rng.int(0x800, 0xfffd);
    if (c >= 0xd800 && c <= 0xdfff) c -= 0x800;
    return String.fromCharCode(c);
  }
  if (r < 0.98 || !allowLoneSurrogates) return String.fromCodePoint(rng.int(0x10000, 0x10ffff));
  return String.fromCharCode(rng.int(0xd800, 0xdfff));
}

export function string(rng: Rng, maxLen = 40): string {
  if (rng.chance(0.3)) {
    const s = rng.pick(STRING_EDGES);
    return s.length > maxLen * 500 ? s.slice(0, maxLen) : s;
  }
  const len = rng.chance(0.03) ? rng.int(100, 3000) : rng.int(0, maxLen);
  const ascii = rng.chance(0.4);
  let s = "";
  for (let i = 0; i < len; i++) s += ascii ? String.fromCharCode(rng.int(0x20, 0x7e)) : codeUnit(rng, true);
  return s;
}

export function bytes(rng: Rng, allowLarge = true): Uint8Array {
  const r = rng.float();
  if (r < 0.15) return new Uint8Array(0);
  if (r < 0.2) return new Uint8Array([rng.pick([0, 0xff, 0x80, 0x7f])]);
  if (r < 0.25) return rng.bytes(rng.pick([127, 128, 255, 256]));
  if (allowLarge && r < 0.255) return rng.bytes(rng.int(5000, 70000));
  return rng.bytes(rng.int(0, 40));
}

/** A valid value of a scalar type in the local representation. */
export function scalar(rng: Rng, type: ScalarType, longAsString: boolean, allowLarge = true): unknown {
  switch (type) {
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return int32(rng);
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return uint32(rng);
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64: {
      const v = int64(rng);
      return longAsString ? String(v) : v;
    }
    case ScalarType.UINT64:
    case ScalarType.FIXED64: {
      const v = uint64(rng);
      return longAsString ? String(v) : v;
    }
    case ScalarType.FLOAT:
      return float(rng);
    case ScalarType.DOUBLE:
      return double(rng);
    case ScalarType.BOOL:
      return rng.chance(0.5);
    case ScalarType.STRING:
      return string(rng);
    case ScalarType.BYTES:
      return bytes(rng, allowLarge);
  }
}

/** Scalar map keys are property keys: the key value converted to a string. */
export function mapKey(rng: Rng, type: ScalarType): string {
  if (type === ScalarType.STRING) {
    return rng.chance(0.25)
      ? rng.pick(["", "__proto__", "constructor", "hasOwnProperty", "0", "1", "10", "2", "-1", "01", "4294967295", "4294967294", "é", "😀", "\uD800", "a b"])
      : string(rng, 12);
  }
  if (type === ScalarType.BOOL) return rng.chance(0.5) ? "true" : "false";
  return String(scalar(rng, type, false));
}

export type IllTypedMode = "reject" | "coerce";

/**
 * Values of the wrong type or range. "reject": @bufbuild/protobuf's toBinary
 * throws for them (out of range, fractional, NaN, bigint for a 32-bit field,
 * non-numeric strings, ...). "coerce": it accepts them by conversion (numeric
 * strings for integer and float fields, numbers for 64-bit fields, numbers
 * for string fields).
 */
export function illTyped(rng: Rng, type: ScalarType, mode: IllTypedMode): unknown {
  if (mode === "reject") {
    switch (type) {
      case ScalarType.INT32:
      case ScalarType.SINT32:
      case ScalarType.SFIXED32:
        return rng.pick([2 ** 31, -(2 ** 31) - 1, 2 ** 32, 1.5, -0.5, NaN, Infinity, 5n, "abc", "1.5", null]);
      case ScalarType.UINT32:
      case ScalarType.FIXED32:
        return rng.pick([-1, 2 ** 32, 1.5, NaN, -Infinity, 7n, "x", "-1", null]);
      case ScalarType.INT64:
      case ScalarType.SINT64:
      case ScalarType.SFIXED64:
        return rng.pick([2n ** 63n, -(2n ** 63n) - 1n, 1.5, NaN, "abc", "1.5", "9223372036854775808", null]);
      case ScalarType.UINT64:
      case ScalarType.FIXED64:
        return rng.pick([-1n, 2n ** 64n, 1.5, NaN, "-1", "abc", "18446744073709551616", -1, null]);
      case ScalarType.FLOAT:
        return rng.pick([1e39, -1e39, Number.MAX_VALUE, "abc", 3n]);
      case ScalarType.DOUBLE:
        return rng.pick([3n]);
      case ScalarType.BYTES:
        return rng.pick([42, null, [1, 2, 3]]);
      default:
        return undefined; // bool and string never throw in @bufbuild/protobuf
    }
  }
  switch (type) {
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return rng.pick(["12", "-7", "0", " 5 ", "1e3", "0x10"]);
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return rng.pick(["12", "4294967295", "0"]);
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return rng.pick([0, 1, 42, 2 ** 40, "0", "123", 9007199254740991]);
    case ScalarType.FLOAT:
      return rng.pick(["1.5", "NaN", "-0", "Infinity"]);
    case ScalarType.DOUBLE:
      return rng.pick(["1.5", "abc", "-0"]);
    case ScalarType.STRING:
      return rng.pick([123, -0, 12n, true]);
    case ScalarType.BOOL:
      return rng.pick([0, 1, "", "false", 2n]);
    default:
      return undefined;
  }
}

/**
 * Map keys (property names) that do not denote a value of the key type.
 * "reject": toBinary of @bufbuild/protobuf throws. "coerce": it converts them
 * (parseInt for 32-bit keys, BigInt() for 64-bit keys, truthiness for bool).
 */
export function illTypedMapKey(rng: Rng, type: ScalarType, mode: IllTypedMode): string | undefined {
  switch (type) {
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return mode === "reject" ? rng.pick(["abc", "2147483648", "-2147483649", ""]) : rng.pick(["7abc", " 7", "1e3", "0x1f", "-0", "1.9"]);
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return mode === "reject" ? rng.pick(["-1", "4294967296", "x"]) : rng.pick(["12px", "0x10", "+5"]);
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return mode === "reject" ? rng.pick(["abc", "1.5", "9223372036854775808", "1n"]) : rng.pick([" 5 ", "0x10", "", "-0", "0b101"]);
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return mode === "reject" ? rng.pick(["-1", "18446744073709551616", "x"]) : rng.pick(["0o17", " 9", ""]);
    case ScalarType.BOOL:
      return mode === "reject" ? undefined : rng.pick(["yes", "1", "", "0", "False"]);
    default:
      return undefined;
  }
}
