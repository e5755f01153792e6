// String fast paths against @bufbuild/protobuf: every length around the interning limit
// (48 bytes) and the 8-byte word boundaries, ASCII or with a non-ASCII or invalid byte at
// every position, in fields that validate UTF-8 (proto3) and fields that do not (proto2),
// decoded twice so that both the intern table's miss and hit paths run; ASCII strings both
// through Node's native Latin-1 slice and without it (ascii.ts), from inputs of every kind.

import { afterEach, describe, expect, it } from "vitest";
import { fromBinary as refFromBinary } from "@bufbuild/protobuf";
import { DecodeError, fromBinary } from "../src/index.js";
import { setInternMode } from "../src/decode.js";
import { setNativeStrings } from "../src/text.js";
import { assertStrictEqual } from "./support/equal.js";
import { TestAllTypesProto3Schema } from "./gen/proto3_pb.js";
import { TestAllTypesProto2Schema } from "./gen/proto2_pb.js";

// optional/singular string field 14 in both test types.
function stringField(body: Uint8Array): Uint8Array {
  return new Uint8Array([(14 << 3) | 2, body.length, ...body]);
}

function cases(): { name: string; body: Uint8Array }[] {
  const out: { name: string; body: Uint8Array }[] = [];
  for (let n = 0; n <= 66; n++) {
    const ascii = Uint8Array.from({ length: n }, (_, i) => 0x61 + (i % 26));
    out.push({ name: `ascii ${n}`, body: ascii });
    for (let at = 0; at < n; at++) {
      const invalid = ascii.slice();
      invalid[at] = 0xff;
      out.push({ name: `invalid byte at ${at} of ${n}`, body: invalid });
      if (at + 1 < n) {
        const twoByte = ascii.slice();
        twoByte[at] = 0xc3; // é
        twoByte[at + 1] = 0xa9;
        out.push({ name: `é at ${at} of ${n}`, body: twoByte });
      }
    }
  }
  return out;
}

afterEach(() => setInternMode("adaptive"));

const modes = ["adaptive", "always", "never"] as const;

describe.each(modes.flatMap((mode) => [TestAllTypesProto3Schema, TestAllTypesProto2Schema].map((schema) => ({ mode, schema }))))(
  "string fields of $schema.name, interning $mode", ({ mode, schema }) => {
  it("decode like @bufbuild/protobuf at every length and position, twice", () => {
    setInternMode(mode);
    let checked = 0;
    for (const { name, body } of cases()) {
      const bytes = stringField(body);
      let expected: unknown;
      let refError = false;
      try {
        expected = refFromBinary(schema, bytes);
      } catch {
        refError = true;
      }
      for (let round = 0; round < 2; round++) {
        if (refError) {
          expect(() => fromBinary(schema, bytes), name).toThrow(DecodeError);
        } else {
          assertStrictEqual(fromBinary(schema, bytes), expected, `${name} (round ${round})`);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(4000);
  });
});

// Adaptive interning: a field of unique values stops being interned once the table has filled
// up, a field of repeating values keeps it, and a field that stopped tries again later. Every
// message on the way must still decode exactly as @bufbuild/protobuf decodes it.
describe("adaptive interning", () => {
  it("gives the same strings while fields turn interning off and on again", () => {
    setInternMode("adaptive");
    const enc = new TextEncoder();
    const keys = ["alpha", "beta", "gamma", "δέλτα"];
    let checked = 0;
    // 12,000 unique values: the 4,096-entry table fills several times, the unique field is
    // turned off, and after 4,096 strings without interning it retries.
    for (let i = 0; i < 12000; i++) {
      const unique = enc.encode(`user-${i}@example.com${i % 7 === 0 ? " ü" : ""}`);
      // Late in the run the "unique" field starts repeating values, as after a retry.
      const body = i > 9000 ? enc.encode(keys[i % 4]) : unique;
      const key = enc.encode(keys[i % keys.length]);
      const value = enc.encode(i % 3 === 0 ? "x" : `v${i % 50}`);
      // map_string_string (field 69): entry { key = 1, value = 2 }.
      const entry = [(1 << 3) | 2, key.length, ...key, (2 << 3) | 2, value.length, ...value];
      const bytes = new Uint8Array([...stringField(body), 0xaa, 0x04, entry.length, ...entry]);
      const expected = refFromBinary(TestAllTypesProto3Schema, bytes);
      if (i % 10 === 0 || i > 11900) {
        assertStrictEqual(fromBinary(TestAllTypesProto3Schema, bytes), expected, `message ${i}`);
        checked++;
      } else {
        const got = fromBinary(TestAllTypesProto3Schema, bytes);
        expect(got.singleString).toBe(expected.singleString);
        expect(got.mapStringString).toEqual(expected.mapStringString);
      }
    }
    expect(checked).toBeGreaterThan(1200);
  });
});

// Strings are made by Node's latin1Slice (ASCII over 16 bytes) and utf8Slice (valid UTF-8)
// where there are such, else by an array of codes (ASCII up to 22 bytes) or TextDecoder.
// Both ways: ASCII with every byte value (0x00 and 0x7f included) at every place, text in
// several scripts with a BOM and 4-byte sequences, and (without the native paths) every case
// above, in inputs that are plain arrays, arrays that start inside their buffer, and Node
// Buffers: the strings @bufbuild/protobuf makes.
describe.each([true, false])("strings, native paths %s", (native) => {
  afterEach(() => setNativeStrings(true));

  function check(body: Uint8Array, name: string): void {
    const n = body.length;
    const head = n < 128 ? [(14 << 3) | 2, n] : [(14 << 3) | 2, (n & 0x7f) | 0x80, n >> 7];
    const bytes = new Uint8Array([...head, ...body]);
    const expected = refFromBinary(TestAllTypesProto3Schema, bytes);
    const padded = new Uint8Array(bytes.length + 7);
    padded.set(bytes, 3);
    for (const input of [bytes, padded.subarray(3, 3 + bytes.length), Buffer.from(bytes)]) {
      assertStrictEqual(fromBinary(TestAllTypesProto3Schema, input), expected, `${name}, ${input.constructor.name} at ${input.byteOffset}`);
    }
  }

  it("decode ASCII like @bufbuild/protobuf at lengths 0-300 and from every kind of input", () => {
    setNativeStrings(native);
    setInternMode("never");
    let checked = 0;
    for (const n of [...Array.from({ length: 40 }, (_, i) => i), 63, 64, 65, 127, 128, 200, 300]) {
      for (let shift = 0; shift < 128; shift += n > 30 ? 37 : 1) {
        const body = Uint8Array.from({ length: n }, (_, i) => (i * 13 + shift) & 0x7f);
        check(body, `${n} ASCII bytes from ${shift}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("decode UTF-8 text like @bufbuild/protobuf", () => {
    setNativeStrings(native);
    setInternMode("never");
    const enc = new TextEncoder();
    const pieces = ["a", "é", "Привет", "日本語", "😀", "\ufeff", "€", " ", "z9"];
    let checked = 0;
    for (let i = 0; i < 400; i++) {
      let text = "";
      for (let k = 0; k < i % 37; k++) text += pieces[(i * 7 + k * 3) % pieces.length];
      const body = enc.encode(text);
      expect(body.length).toBeLessThan(16384);
      check(body, `text ${JSON.stringify(text)}`);
      checked++;
    }
    expect(checked).toBe(400);
  });

  it.runIf(!native)("decode every case above like @bufbuild/protobuf without the native paths", () => {
    setNativeStrings(false);
    for (const schema of [TestAllTypesProto3Schema, TestAllTypesProto2Schema]) {
      for (const { name, body } of cases()) {
        const bytes = stringField(body);
        let expected: unknown;
        try {
          expected = refFromBinary(schema, bytes);
        } catch {
          expect(() => fromBinary(schema, bytes), name).toThrow(DecodeError);
          continue;
        }
        assertStrictEqual(fromBinary(schema, bytes), expected, `${schema.name}: ${name}`);
      }
    }
  });
});
