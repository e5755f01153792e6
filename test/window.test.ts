// The scanner reads large inputs through a window and stops at item boundaries for more
// (assembly/scan.ts). With a tiny window every item crosses a boundary: results must not
// change, and invalid input must still be rejected the same way.

import { afterAll, describe, expect, it } from "vitest";
import { create, fromBinary as refFromBinary, toBinary as refToBinary } from "@bufbuild/protobuf";
import { fromBinary, DecodeError } from "../src/index.js";
import { setWindowSize } from "../src/decode.js";
import { assertStrictEqual as assertSameMessage } from "./support/equal.js";
import { TestAllTypesProto3Schema } from "./gen/proto3_pb.js";
import { TestAllTypesProto2Schema } from "./gen/proto2_pb.js";

afterAll(() => setWindowSize(2 * 1024));

function sample(i: number) {
  return create(TestAllTypesProto3Schema, {
    singleInt32: -i,
    singleString: "window ".repeat(i % 7) + "é€😀".repeat(i % 3),
    singleBytes: new Uint8Array(i * 37).map((_, j) => j),
    singleDouble: i / 3,
    repeatedInt64: [1n, -2n, BigInt(i) << 40n],
    repeatedDouble: [0.5, -1.25, i],
    repeatedString: ["a", "bb", "c".repeat(i)],
    mapStringString: { k: "v", ["key" + i]: "value" + i },
    singleNestedMessage: { a: i, corecursive: { singleString: "deep" } },
  });
}

describe("windowed scanning", () => {
  for (const size of [1, 7, 64, 1000]) {
    it(`window of ${size} bytes gives the same messages`, () => {
      setWindowSize(size);
      for (let i = 0; i < 40; i++) {
        const bytes = refToBinary(TestAllTypesProto3Schema, sample(i));
        assertSameMessage(fromBinary(TestAllTypesProto3Schema, bytes), refFromBinary(TestAllTypesProto3Schema, bytes));
        const p2 = refToBinary(TestAllTypesProto2Schema, refFromBinary(TestAllTypesProto2Schema, bytes));
        assertSameMessage(fromBinary(TestAllTypesProto2Schema, p2), refFromBinary(TestAllTypesProto2Schema, p2));
      }
    });

    it(`window of ${size} bytes rejects truncated input at every length`, () => {
      setWindowSize(size);
      const bytes = refToBinary(TestAllTypesProto3Schema, sample(5));
      for (let n = 0; n < bytes.length; n++) {
        const cut = bytes.subarray(0, n);
        let ref: unknown = undefined;
        try {
          ref = refFromBinary(TestAllTypesProto3Schema, cut);
        } catch {
          ref = "rejected";
        }
        if (ref === "rejected") {
          expect(() => fromBinary(TestAllTypesProto3Schema, cut), `length ${n}`).toThrow(DecodeError);
        } else {
          assertSameMessage(fromBinary(TestAllTypesProto3Schema, cut), ref);
        }
      }
    });

    it(`window of ${size} bytes reads inputs that start inside their buffer, and Node Buffers`, () => {
      setWindowSize(size);
      for (let i = 0; i < 20; i += 3) {
        const bytes = refToBinary(TestAllTypesProto3Schema, sample(i));
        const inside = new Uint8Array(bytes.length + 13);
        inside.set(bytes, 9);
        const expected = refFromBinary(TestAllTypesProto3Schema, bytes);
        assertSameMessage(fromBinary(TestAllTypesProto3Schema, inside.subarray(9, 9 + bytes.length)), expected);
        assertSameMessage(fromBinary(TestAllTypesProto3Schema, Buffer.from(inside.buffer, 9, bytes.length)), expected);
      }
    });

    it(`window of ${size} bytes rejects corrupted and oversized input with the unwindowed error`, () => {
      const bytes = refToBinary(TestAllTypesProto3Schema, sample(8));
      const outcome = (input: Uint8Array, options?: { maxFieldBytes: number }) => {
        try {
          fromBinary(TestAllTypesProto3Schema, input, options);
          return "ok";
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
          return `${(e as DecodeError).code} at ${(e as DecodeError).offset}`;
        }
      };
      const inputs: Uint8Array[] = [];
      for (let at = 0; at < bytes.length; at++) {
        for (const b of [0xff, 0x80, 0x00]) {
          const bad = bytes.slice();
          bad[at] = b;
          inputs.push(bad);
        }
      }
      // A length prefix far past the end.
      inputs.push(Uint8Array.from([(15 << 3) | 2, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]));
      for (const input of inputs) {
        setWindowSize(2 * 1024);
        const whole = outcome(input);
        const limited = outcome(input, { maxFieldBytes: 40 });
        setWindowSize(size);
        expect(outcome(input)).toBe(whole);
        expect(outcome(input, { maxFieldBytes: 40 })).toBe(limited);
      }
      // The sample has fields over 40 bytes: the limit must have been hit somewhere.
      setWindowSize(size);
      expect(outcome(bytes, { maxFieldBytes: 40 })).toMatch(/^field_too_large/);
    });
  }
});
