// Hostile bytes through the decode paths added for speed: the generated readers' in-place
// reads (strings, bytes, 64-bit values, closed enums, oneof members, map entries of every
// kind, child messages made by their own factories, lists packed or not), the scanner's
// dense field table and its one-byte path for short packed runs, the byte-loop copy of
// inputs up to 8 bytes and set() up to the 2 KB window, the bulk loops of packed 64-bit
// runs, the 512-byte first window of large inputs and its resumes, bytes views (the first of
// an input made by subarray(), the next from its looked-up buffer), strings made by Node's
// latin1Slice and utf8Slice, the stream iterator with one-byte size prefixes, the scanner's
// inline singular 64-bit scalars, and all the samples again with the direct decoder tried
// first. Every truncated, corrupted or oversized input must end in a DecodeError (or decode
// exactly as @bufbuild/protobuf decodes it), and the codec must decode correctly afterwards.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create, fromBinary as refFromBinary, toBinary as refToBinary } from "@bufbuild/protobuf";
import { DecodeError, decodeStream, encodeBatch, fromBinary, sizeDelimitedDecodeStream } from "../src/index.js";
import { sizeDelimitedDecodeStream as refSizeDelimitedDecodeStream } from "@bufbuild/protobuf/wire";
import { assertStrictEqual } from "./support/equal.js";
import { TestAllTypesProto3Schema } from "./gen/proto3_pb.js";
import { ClosedEnum, TestAllTypesProto2Schema } from "./gen/proto2_pb.js";
import type { DescMessage } from "@bufbuild/protobuf";
import { decodeDirect, setDirectMode } from "../src/direct.js";
import { setGenerateAfter } from "../src/codegen.js";
import { getPlan } from "../src/plan.js";
import { readOptions } from "../src/options.js";
import { dropGenerated } from "./support/code-paths.js";

const S = TestAllTypesProto3Schema;
const P2 = TestAllTypesProto2Schema;
const blob = (n: number) => new Uint8Array(n).map((_, i) => (i * 7) & 255);

const small = refToBinary(S, create(S, { singleInt64: -5n, singleString: "héllo", repeatedInt32: [1, -2, 300] }));
const large = refToBinary(S, create(S, {
  singleInt64: 1n << 40n,
  singleString: "x".repeat(40),
  singleBytes: new Uint8Array(5000).map((_, i) => i),
  repeatedInt32: Array.from({ length: 200 }, (_, i) => i * 1000 - 7000),
  unpackedInt32: [1, 2, -3],
  repeatedString: ["a", "b", "ü"],
  mapStringString: { k1: "v1", k2: "", "": "empty key" },
}));
// Oneof scalars, maps of every key kind with scalar and message values, child messages,
// bytes lists, packed 64-bit lists (proto3).
const oneofsAndMaps = refToBinary(S, create(S, {
  oneofField: { case: "oneofDouble", value: 2.5 },
  singleNestedMessage: { a: 1 },
  mapInt32Int32: { 1: 2, "-7": 300 },
  mapInt64Int64: { "-3": 1n << 40n },
  mapBoolBool: { true: true },
  mapUint32Bytes: { 7: blob(9) },
  mapFixed64String: { 9: "s" },
  mapInt32Double: { 1: 0.5 },
  mapSint32NestedMessage: { "-2": { a: 3 } },
  mapStringNestedEnum: { e: 1 },
  repeatedBytes: [blob(3), new Uint8Array(0)],
  repeatedInt64: [1n, 1n << 40n, -1n],
}));
// Closed enums (singular, oneof-free, repeated, packed, map values), a oneof message, short
// packed runs, unpacked 64-bit and double lists, a message with a prototype of defaults (proto2).
const closedAndOneof = refToBinary(P2, create(P2, {
  optionalInt32: 7,
  optionalString: "abc",
  optionalBytes: blob(20),
  optionalNestedMessage: { a: 5 },
  optionalClosedEnum: ClosedEnum.CLOSED_MAX,
  repeatedClosedEnum: [1, 2],
  packedClosedEnum: [ClosedEnum.CLOSED_NEG, 5, 1],
  packedInt32: [1, 2, 3],
  repeatedInt64: [5n, 1n << 50n],
  repeatedDouble: [1.5, -0],
  mapStringBytes: { a: blob(5) },
  mapStringNestedMessage: { k: { a: 1 } },
  mapInt64ClosedEnum: { 5: ClosedEnum.CLOSED_A },
  mapBoolNestedEnum: { true: 1 },
  oneofField: { case: "oneofNestedMessage", value: { a: 9 } },
}));

// Strings past the intern limit and past 16 bytes (ASCII, and valid UTF-8 that is not):
// made by Node's latin1Slice and utf8Slice; and one bytes field, the input's only view.
const nativeStrings = refToBinary(S, create(S, {
  singleString: "plain ascii text, long enough to skip the short path and the intern table",
  repeatedString: ["ünïcödé text long enough not to be interned, with € and 😀 in it too", "x".repeat(17)],
  singleBytes: blob(6),
}));
const tiny = refToBinary(S, create(S, { singleInt32: 5, singleBool: true }));
// Packed 64-bit runs long enough for the scanner's bulk loops: words of eight one-byte values,
// varints of two to eight bytes, ten-byte negatives (which leave the bulk loop), all three kinds.
const packed64 = refToBinary(S, create(S, {
  repeatedInt64: [...Array.from({ length: 20 }, (_, i) => BigInt(i)), 1n << 40n, 300n, -1n, 5n, 1n << 55n, 7n],
  repeatedUint64: [...Array.from({ length: 12 }, (_, i) => BigInt(i * 9)), (1n << 64n) - 1n, 1n << 21n, 2n],
  repeatedSint64: [...Array.from({ length: 16 }, (_, i) => BigInt(i % 2 ? -i : i)), -(1n << 50n), 1n << 33n, -1n],
}));

// Singular 64-bit scalars, which the scanner writes to the tape inline (varints: int64,
// uint64; eight bytes: fixed64, sfixed64, double), alone and after a 2 KB string, so that
// they lie past the first window of a large input (and straddle its end in some truncations).
const scalars64 = refToBinary(S, create(S, {
  singleInt64: -(1n << 62n), singleUint64: (1n << 64n) - 1n, singleFixed64: 1n << 60n,
  singleSfixed64: -5n, singleDouble: -0.25, oneofField: { case: "oneofUint64", value: 1n << 35n },
}));
const after2k = new Uint8Array([...refToBinary(S, create(S, { singleString: "y".repeat(2030) })), ...scalars64]);

const samples: [string, DescMessage, Uint8Array][] = [
  ["up to 8 bytes", S, tiny],
  ["up to 32 bytes", S, small],
  ["long strings and one bytes field", S, nativeStrings],
  ["over the 2 KB window", S, large],
  ["oneofs and maps of every kind (proto3)", S, oneofsAndMaps],
  ["closed enums, a oneof message, short packed runs (proto2)", P2, closedAndOneof],
  ["packed 64-bit runs of every kind", S, packed64],
  ["singular 64-bit scalars", S, scalars64],
  ["singular 64-bit scalars after a 2 KB string", S, after2k],
];

// Decodes like @bufbuild/protobuf, or fails with a DecodeError where it fails.
function sameOutcome(schema: DescMessage, bytes: Uint8Array, label: string): "ok" | "error" {
  let expected: unknown;
  try {
    expected = refFromBinary(schema, bytes);
  } catch {
    expect(() => fromBinary(schema, bytes), label).toThrow(DecodeError);
    return "error";
  }
  assertStrictEqual(fromBinary(schema, bytes), expected, label);
  return "ok";
}

function stillWorks(): void {
  for (const [name, schema, bytes] of samples) {
    assertStrictEqual(fromBinary(schema, bytes), refFromBinary(schema, bytes), `valid input afterwards: ${name}`);
  }
}

// Truncations, corrupted bytes and a length past the end of one sample.
function hostileInputs(schema: DescMessage, bytes: Uint8Array): void {
  it("every truncation", () => {
    let errors = 0;
    for (let n = 0; n < bytes.length; n++) if (sameOutcome(schema, bytes.subarray(0, n), `first ${n} bytes`) === "error") errors++;
    expect(errors).toBeGreaterThan(0);
    stillWorks();
  });

  it("corrupted bytes: each byte set to 0xff, 0x80 and 0x00", () => {
    let errors = 0;
    const step = bytes.length > 1000 ? 7 : 1;
    for (let at = 0; at < bytes.length; at += step) {
      for (const v of [0xff, 0x80, 0x00]) {
        const bad = bytes.slice();
        bad[at] = v;
        if (sameOutcome(schema, bad, `byte ${at} = ${v}`) === "error") errors++;
      }
    }
    expect(errors).toBeGreaterThan(0);
    stillWorks();
  });

  it("a length that runs past the end", () => {
    // Bytes after the last field: a string field (14 in both schemas) claiming 100 bytes, then only 3.
    const bad = new Uint8Array([...bytes, 0x72, 100, 1, 2, 3]);
    expect(() => fromBinary(schema, bad)).toThrow(DecodeError);
    try {
      fromBinary(schema, bad);
    } catch (e) {
      expect((e as DecodeError).code).toBe("truncated");
    }
    stillWorks();
  });
}

describe.each(samples)("input %s", (_name, schema, bytes) => hostileInputs(schema, bytes));

// The direct decoder (src/direct.ts) tried on every input first, generated at a type's first
// use and never giving up on a type: whatever it cannot take for sure it must leave to the
// scanner (which throws the DecodeError), never throw anything of its own or take a bad input.
describe("through the direct decoder", () => {
  const schemas = [S, P2];
  beforeAll(() => {
    setGenerateAfter(1);
    setDirectMode("always");
    dropGenerated(schemas);
  });
  afterAll(() => {
    setDirectMode("adaptive");
    setGenerateAfter();
    dropGenerated(schemas);
  });

  it("takes some of the valid samples itself", () => {
    const taken = samples.filter(([, schema, bytes]) => decodeDirect(getPlan(schema), bytes, 0, bytes.length, readOptions()) !== undefined);
    expect(taken.length).toBeGreaterThan(2);
  });

  describe.each(samples)("input %s", (_name, schema, bytes) => hostileInputs(schema, bytes));

  it("limits: maxFieldBytes, maxMessageBytes, recursionLimit", () => {
    expect(() => fromBinary(S, nativeStrings, { maxFieldBytes: 20 })).toThrow(expect.objectContaining({ code: "field_too_large" }));
    expect(() => fromBinary(S, small, { maxMessageBytes: small.length - 1 })).toThrow(expect.objectContaining({ code: "message_too_large" }));
    const nested = refToBinary(S, create(S, { recursiveMessage: { recursiveMessage: { singleInt32: 1 } } }));
    expect(() => fromBinary(S, nested, { recursionLimit: 1 })).toThrow(expect.objectContaining({ code: "recursion_limit" }));
    stillWorks();
  });
});

describe("oversized input", () => {
  it("a bytes field over maxFieldBytes, a message over maxMessageBytes, a list over maxRepeated", () => {
    expect(() => fromBinary(S, large, { maxFieldBytes: 4096 })).toThrow(expect.objectContaining({ code: "field_too_large" }));
    expect(() => fromBinary(S, large, { maxMessageBytes: 1024 })).toThrow(expect.objectContaining({ code: "message_too_large" }));
    expect(() => fromBinary(S, large, { maxRepeated: 100 })).toThrow(expect.objectContaining({ code: "too_many_elements" }));
    stillWorks();
  });

  it("the same limits on map values, oneof members, closed enums and short packed runs", () => {
    expect(() => fromBinary(S, oneofsAndMaps, { maxFieldBytes: 8 })).toThrow(expect.objectContaining({ code: "field_too_large" }));
    expect(() => fromBinary(P2, closedAndOneof, { maxFieldBytes: 16 })).toThrow(expect.objectContaining({ code: "field_too_large" }));
    expect(() => fromBinary(P2, closedAndOneof, { maxRepeated: 2 })).toThrow(expect.objectContaining({ code: "too_many_elements" }));
    expect(() => fromBinary(S, oneofsAndMaps, { maxRepeated: 2 })).toThrow(expect.objectContaining({ code: "too_many_elements" }));
    expect(() => fromBinary(P2, closedAndOneof, { maxMessageBytes: closedAndOneof.length - 1 })).toThrow(
      expect.objectContaining({ code: "message_too_large" }),
    );
    stillWorks();
  });
});

describe("stream iterator", () => {
  const messages = Array.from({ length: 30 }, (_, i) => create(S, { singleInt32: i, singleString: `m${i}` }));
  const stream = encodeBatch(S, messages);

  async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
    for (let p = 0; p < bytes.length; p += size) yield bytes.subarray(p, p + size);
  }

  async function outcome(it: AsyncIterable<unknown>): Promise<{ got: number; error: unknown }> {
    let got = 0;
    try {
      for await (const _ of it) got++;
    } catch (e) {
      return { got, error: e };
    }
    return { got, error: undefined };
  }

  it("fails with DecodeError on every truncation, after the complete messages, as @bufbuild/protobuf", async () => {
    for (let n = 1; n < stream.length; n++) {
      const ours = await outcome(decodeStream(S, chunks(stream.subarray(0, n), 16)));
      const ref = await outcome(refSizeDelimitedDecodeStream(S, chunks(stream.subarray(0, n), 16)));
      expect(ours.got, `first ${n} bytes`).toBe(ref.got);
      expect(ours.error === undefined, `first ${n} bytes`).toBe(ref.error === undefined);
      if (ours.error !== undefined) expect(ours.error, `first ${n} bytes`).toBeInstanceOf(DecodeError);
    }
  });

  it("rejects an oversized frame before buffering it, and a size prefix over 10 bytes", async () => {
    const huge = new Uint8Array([...stream, 0x80, 0x80, 0x80, 0x01]); // a 2 MiB frame announced
    const big = await outcome(decodeStream(S, chunks(huge, 64), { maxMessageBytes: 1 << 20 }));
    expect(big.got).toBe(messages.length);
    expect(big.error).toMatchObject({ code: "message_too_large" });
    const limit = await outcome(sizeDelimitedDecodeStream(S, chunks(stream, 64), { readMaxBytes: 4 }));
    expect(limit.error).toMatchObject({ code: "message_too_large" });
    // Eleven continuation bytes: bad_varint, whether the stream goes on (an endless run must
    // not be buffered as an incomplete prefix) or ends.
    for (const tail of [[0x01], []]) {
      for (const decode of [decodeStream, sizeDelimitedDecodeStream]) {
        const long = new Uint8Array([...stream, ...new Array(11).fill(0x80), ...tail]);
        const bad = await outcome(decode(S, chunks(long, 5)));
        expect(bad.got).toBe(messages.length);
        expect(bad.error).toBeInstanceOf(DecodeError);
        expect((bad.error as DecodeError).code).toBe("bad_varint");
      }
    }
  });

  it("fails with DecodeError for a corrupted body, and decodes the next stream", async () => {
    for (let at = 0; at < stream.length; at += 5) {
      const bad = stream.slice();
      bad[at] = 0xff;
      const { error } = await outcome(sizeDelimitedDecodeStream(S, chunks(bad, 32)));
      if (error !== undefined) expect(error, `byte ${at}`).toBeInstanceOf(DecodeError);
    }
    const ok = await outcome(sizeDelimitedDecodeStream(S, chunks(stream, 32)));
    expect(ok).toEqual({ got: messages.length, error: undefined });
  });
});
