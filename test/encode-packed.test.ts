// Packed runs on encode, compared with @bufbuild/protobuf's bytes: 64-bit varint runs are
// written by JS below 16 values and by WebAssembly from 16 on (src/encode.ts:
// wasmPackedVarint64), so every 64-bit kind gets runs of 1, 15, 16, 17 and 200 values of the
// edge cases (negative, -1, the limits, low words with bit 31 set, values given as strings
// and numbers); the 32-bit varint and fixed-width kinds get the same lengths.
import { describe, expect, it } from "vitest";
import * as ref from "@bufbuild/protobuf";
import { fromBinary, toBinary } from "../src/index.js";
import { TestAllTypesProto3Schema } from "./gen/proto3_pb.js";

const LENGTHS = [1, 15, 16, 17, 200];

const SIGNED64 = [
  0n, 1n, -1n, -2n, 127n, 128n, -128n, 0x7fffffffn, 0x80000000n, -0x80000000n, -0x80000001n, 0xffffffffn,
  0x1_8000_0000n, -0x1_8000_0000n, 0x7fffffffffffffffn, -0x8000000000000000n, 1n << 56n, -(1n << 56n) + 12345n,
];
const UNSIGNED64 = [0n, 1n, 127n, 128n, 0x80000000n, 0xffffffffn, 0x1_8000_0000n, 0xffffffffffffffffn, 1n << 63n, (1n << 63n) - 1n];
const SIGNED32 = [0, 1, -1, 127, 128, -128, 0x3fff, 0x4000, 0x7fffffff, -0x80000000, -12345678];

function run<T>(values: readonly T[], n: number, shift: number): T[] {
  return Array.from({ length: n }, (_, i) => values[(i * 7 + shift) % values.length]);
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

describe("packed runs on encode", () => {
  for (const n of LENGTHS) {
    it(`64-bit kinds, runs of ${n}`, () => {
      for (let shift = 0; shift < 5; shift++) {
        const m = ref.create(TestAllTypesProto3Schema, {
          repeatedInt64: run(SIGNED64, n, shift),
          repeatedSint64: run(SIGNED64, n, shift + 1),
          repeatedSfixed64: run(SIGNED64, n, shift + 2),
          repeatedUint64: run(UNSIGNED64, n, shift),
          repeatedFixed64: run(UNSIGNED64, n, shift + 3),
          repeatedDouble: run([0, -0, 1.5, -1e300, Number.NaN, Infinity], n, shift),
        });
        const bytes = toBinary(TestAllTypesProto3Schema, m);
        expect(hex(bytes)).toBe(hex(ref.toBinary(TestAllTypesProto3Schema, m)));
        expect(fromBinary(TestAllTypesProto3Schema, bytes)).toEqual(m);
      }
    });

    it(`64-bit values given as strings and numbers, runs of ${n}`, () => {
      // @bufbuild/protobuf's writer accepts decimal strings and safe integers for 64-bit kinds.
      const m = ref.create(TestAllTypesProto3Schema, {});
      const signed = run(SIGNED64, n, 1);
      (m as { repeatedSint64: unknown[] }).repeatedSint64 = signed.map((v, i) => (i % 2 ? String(v) : v));
      (m as { repeatedInt64: unknown[] }).repeatedInt64 = signed.map((v, i) =>
        i % 3 === 0 && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
      (m as { repeatedUint64: unknown[] }).repeatedUint64 = run(UNSIGNED64, n, 2).map(String);
      expect(hex(toBinary(TestAllTypesProto3Schema, m))).toBe(hex(ref.toBinary(TestAllTypesProto3Schema, m)));
    });

    it(`32-bit kinds, runs of ${n}`, () => {
      const m = ref.create(TestAllTypesProto3Schema, {
        repeatedInt32: run(SIGNED32, n, 0),
        repeatedSint32: run(SIGNED32, n, 1),
        repeatedSfixed32: run(SIGNED32, n, 2),
        repeatedUint32: run(SIGNED32, n, 3).map((v) => v >>> 0),
        repeatedFixed32: run(SIGNED32, n, 4).map((v) => v >>> 0),
        repeatedFloat: run([0, -0, 1.5, -3.25, Number.NaN, -Infinity], n, 0),
        repeatedBool: run([true, false, false], n, 0),
      });
      expect(hex(toBinary(TestAllTypesProto3Schema, m))).toBe(hex(ref.toBinary(TestAllTypesProto3Schema, m)));
    });
  }

  it("rejects a value out of range in a long run like @bufbuild/protobuf, and encodes after", () => {
    const m = ref.create(TestAllTypesProto3Schema, { repeatedSint64: run(SIGNED64, 40, 0) });
    (m.repeatedSint64 as unknown[])[33] = 1n << 64n;
    expect(() => ref.toBinary(TestAllTypesProto3Schema, m)).toThrow();
    expect(() => toBinary(TestAllTypesProto3Schema, m)).toThrow(/repeated_sint64.*invalid int64/);
    m.repeatedSint64[33] = -5n;
    expect(hex(toBinary(TestAllTypesProto3Schema, m))).toBe(hex(ref.toBinary(TestAllTypesProto3Schema, m)));
  });
});
