// The encoder's reused output buffer (src/writer.ts): results are copies that later calls do
// not touch; the buffer grows for a large message and is let go after one over 4 MB; a call
// that throws halfway leaves nothing behind for the next one.
import { describe, expect, it } from "vitest";
import * as ref from "@bufbuild/protobuf";
import { toBinary } from "../src/index.js";
import { TestAllTypesProto3Schema } from "./gen/proto3_pb.js";

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

function withBytes(n: number, seed: number) {
  const data = new Uint8Array(n);
  for (let i = 0; i < n; i++) data[i] = (i * 13 + seed) & 255;
  return ref.create(TestAllTypesProto3Schema, { singleBytes: data, singleString: `m${seed}`, repeatedInt32: [seed, -seed] });
}

describe("the encoder's output buffer", () => {
  it("returns copies: later encodes do not change earlier results", () => {
    const a = withBytes(300, 1);
    const first = toBinary(TestAllTypesProto3Schema, a);
    const firstHex = hex(first);
    for (let i = 2; i < 50; i++) toBinary(TestAllTypesProto3Schema, withBytes(300 + i, i));
    expect(hex(first)).toBe(firstHex);
    expect(first.byteOffset).toBe(0);
    expect(first.buffer.byteLength).toBe(first.length);
  });

  it("grows for large messages, lets a buffer over 4 MB go, and encodes alike before and after", () => {
    for (const n of [70_000, 1 << 20, 5 << 20, 100, 9 << 20, 10]) {
      const m = withBytes(n, n & 255);
      const out = toBinary(TestAllTypesProto3Schema, m);
      expect(out.length).toBe(ref.toBinary(TestAllTypesProto3Schema, m).length);
      expect(hex(out.subarray(0, 64))).toBe(hex(ref.toBinary(TestAllTypesProto3Schema, m).subarray(0, 64)));
      expect(Buffer.compare(Buffer.from(out), Buffer.from(ref.toBinary(TestAllTypesProto3Schema, m)))).toBe(0);
    }
  });

  it("starts clean after a call that threw halfway", () => {
    const good = withBytes(5000, 7);
    const expected = hex(ref.toBinary(TestAllTypesProto3Schema, good));
    const bad = withBytes(100_000, 3);
    (bad as { singleInt32: unknown }).singleInt32 = 1.5; // written before the bytes field: fails early
    (bad.repeatedInt32 as unknown[]).push("x"); // and a packed run that fails in its loop
    expect(() => toBinary(TestAllTypesProto3Schema, bad)).toThrow(/single_int32|invalid int32/);
    expect(hex(toBinary(TestAllTypesProto3Schema, good))).toBe(expected);
    (bad as { singleInt32: unknown }).singleInt32 = 0;
    expect(() => toBinary(TestAllTypesProto3Schema, bad)).toThrow(/repeated_int32.*invalid int32/);
    expect(hex(toBinary(TestAllTypesProto3Schema, good))).toBe(expected);
  });
});

describe("a toBinary called while another is writing", () => {
  // User code can run in the middle of an encode: a list element that is not a string is
  // converted with String(), a 64-bit value given as an object through its valueOf. If that
  // code encodes a message itself, both results must be whole.
  it("from a string conversion, inside a packed 64-bit run and a nested message", () => {
    const inner = withBytes(3000, 9);
    const innerHex = hex(ref.toBinary(TestAllTypesProto3Schema, inner));
    const seen: string[] = [];
    const sneaky = { toString: () => { seen.push(hex(toBinary(TestAllTypesProto3Schema, inner))); return "sneaky"; } };
    const fields = {
      singleString: "before",
      repeatedInt64: Array.from({ length: 40 }, (_, i) => BigInt(i) * 1_000_000_007n - 5n),
      singleNestedMessage: { a: 7 },
    };
    const outer = ref.create(TestAllTypesProto3Schema, fields);
    (outer.repeatedString as unknown[]).push("a", sneaky, "b");
    const expected = hex(ref.toBinary(TestAllTypesProto3Schema, ref.create(TestAllTypesProto3Schema, { ...fields, repeatedString: ["a", "sneaky", "b"] })));
    expect(hex(toBinary(TestAllTypesProto3Schema, outer))).toBe(expected);
    expect(seen).toEqual([innerHex]);
    // A 64-bit value whose conversion encodes, in the middle of a run long enough for WebAssembly.
    const withObject = ref.create(TestAllTypesProto3Schema, { repeatedSint64: Array.from({ length: 30 }, (_, i) => BigInt(-i)) });
    // The nested message has a long packed 64-bit run too: it must not use the linear memory
    // where the outer run's values are being laid out.
    const nestedMessage = ref.create(TestAllTypesProto3Schema, { repeatedSint64: Array.from({ length: 64 }, (_, i) => BigInt(i) << 40n) });
    const nestedHex = hex(ref.toBinary(TestAllTypesProto3Schema, nestedMessage));
    (withObject.repeatedSint64 as unknown[])[20] = {
      valueOf: () => {
        expect(hex(toBinary(TestAllTypesProto3Schema, nestedMessage))).toBe(nestedHex);
        return -20;
      },
      toString: () => "-20",
    };
    const plain = ref.create(TestAllTypesProto3Schema, { repeatedSint64: Array.from({ length: 30 }, (_, i) => BigInt(-i)) });
    let refError: unknown;
    try {
      ref.toBinary(TestAllTypesProto3Schema, withObject);
    } catch (e) {
      refError = e;
    }
    if (refError === undefined) {
      expect(hex(toBinary(TestAllTypesProto3Schema, withObject))).toBe(hex(ref.toBinary(TestAllTypesProto3Schema, plain)));
    } else {
      expect(() => toBinary(TestAllTypesProto3Schema, withObject)).toThrow();
    }
    expect(hex(toBinary(TestAllTypesProto3Schema, inner))).toBe(innerHex);
  });
});
