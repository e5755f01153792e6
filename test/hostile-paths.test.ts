// Hostile bytes through the decode paths added for speed: the generated readers' in-place
// reads (strings, 64-bit values, map<string,string> entries, 32-bit lists packed or not), the
// byte-loop copy of inputs up to 32 bytes, the 512-byte first window of large inputs and its
// resumes, bytes views, and the stream iterator with one-byte size prefixes. Every truncated,
// corrupted or oversized input must end in a DecodeError (or decode exactly as
// @bufbuild/protobuf decodes it), and the codec must decode correctly afterwards.

import { describe, expect, it } from "vitest";
import { create, fromBinary as refFromBinary, toBinary as refToBinary } from "@bufbuild/protobuf";
import { DecodeError, decodeStream, encodeBatch, fromBinary, sizeDelimitedDecodeStream } from "../src/index.js";
import { sizeDelimitedDecodeStream as refSizeDelimitedDecodeStream } from "@bufbuild/protobuf/wire";
import { assertStrictEqual } from "./support/equal.js";
import { TestAllTypesProto3Schema } from "./gen/proto3_pb.js";

const S = TestAllTypesProto3Schema;

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

// Decodes like @bufbuild/protobuf, or fails with a DecodeError where it fails.
function sameOutcome(bytes: Uint8Array, label: string): "ok" | "error" {
  let expected: unknown;
  try {
    expected = refFromBinary(S, bytes);
  } catch {
    expect(() => fromBinary(S, bytes), label).toThrow(DecodeError);
    return "error";
  }
  assertStrictEqual(fromBinary(S, bytes), expected, label);
  return "ok";
}

function stillWorks(): void {
  assertStrictEqual(fromBinary(S, large), refFromBinary(S, large), "valid input afterwards");
}

describe.each([["up to 32 bytes", small], ["over the 2 KB window", large]])("input %s", (_name, bytes) => {
  it("every truncation", () => {
    let errors = 0;
    for (let n = 0; n < bytes.length; n++) if (sameOutcome(bytes.subarray(0, n), `first ${n} bytes`) === "error") errors++;
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
        if (sameOutcome(bad, `byte ${at} = ${v}`) === "error") errors++;
      }
    }
    expect(errors).toBeGreaterThan(0);
    stillWorks();
  });

  it("a length that runs past the end", () => {
    // Bytes after the last field: a string field (14) claiming 100 bytes, then only 3.
    const bad = new Uint8Array([...bytes, 0x72, 100, 1, 2, 3]);
    expect(() => fromBinary(S, bad)).toThrow(DecodeError);
    try {
      fromBinary(S, bad);
    } catch (e) {
      expect((e as DecodeError).code).toBe("truncated");
    }
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
