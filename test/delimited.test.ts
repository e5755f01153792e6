// sizeDelimitedEncode / sizeDelimitedDecodeStream / sizeDelimitedPeek against
// @bufbuild/protobuf's: the same bytes, the same messages, at every chunk boundary.

import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import * as ref from "@bufbuild/protobuf/wire";
import { DecodeError, sizeDelimitedDecodeStream, sizeDelimitedEncode, sizeDelimitedPeek } from "../src/index.js";
import { assertStrictEqual } from "./support/equal.js";
import { TestAllTypesProto3Schema } from "./gen/proto3_pb.js";

const messages = [
  create(TestAllTypesProto3Schema, {}),
  create(TestAllTypesProto3Schema, { singleInt32: 150, singleString: "héllo" }),
  create(TestAllTypesProto3Schema, { repeatedString: Array.from({ length: 40 }, (_, i) => "item " + i) }),
  create(TestAllTypesProto3Schema, { singleBytes: new Uint8Array(300).fill(9) }),
];

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

async function* chunks(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const m of it) out.push(m);
  return out;
}

describe("size-delimited", () => {
  it("encodes the same bytes as @bufbuild/protobuf", () => {
    for (const m of messages) {
      expect(sizeDelimitedEncode(TestAllTypesProto3Schema, m)).toEqual(ref.sizeDelimitedEncode(TestAllTypesProto3Schema, m));
    }
  });

  it("peeks the same sizes, including incomplete varints", () => {
    const stream = concat(messages.map((m) => ref.sizeDelimitedEncode(TestAllTypesProto3Schema, m)));
    for (let i = 0; i <= stream.length; i++) {
      for (const cut of [stream.subarray(i), stream.subarray(i, i + 1), stream.subarray(i, i + 2)]) {
        expect(sizeDelimitedPeek(cut)).toEqual(ref.sizeDelimitedPeek(cut));
      }
    }
  });

  it("peeks the same sizes from long prefixes: 5 to 10 bytes, bits above 32 dropped, cut anywhere", () => {
    const varint = (v: bigint) => {
      const out: number[] = [];
      while (v >= 0x80n) {
        out.push(Number(v & 0x7fn) | 0x80);
        v >>= 7n;
      }
      out.push(Number(v));
      return out;
    };
    const values = [2n ** 28n - 1n, 2n ** 28n, 2n ** 31n + 5n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 32n + 300n, 2n ** 35n - 1n, 2n ** 35n + 7n, 2n ** 49n + 2n ** 30n, 2n ** 63n + 123n, 2n ** 64n - 1n];
    const prefixes = values.map(varint);
    prefixes.push([0xff, 0xff, 0xff, 0xff, 0xff, 0x80, 0x80, 0x80, 0x80, 0x00]); // padded: ten bytes, value 2^35 - 1
    let checked = 0;
    for (const prefix of prefixes) {
      const bytes = new Uint8Array([...prefix, 1, 2, 3]);
      for (let end = 0; end <= bytes.length; end++) {
        const cut = bytes.subarray(0, end);
        expect(sizeDelimitedPeek(cut)).toEqual(ref.sizeDelimitedPeek(cut));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    // Ten continuation bytes are an error even when nothing follows them, for both.
    const ten = new Uint8Array(10).fill(0x80);
    expect(() => ref.sizeDelimitedPeek(ten)).toThrow();
    expect(() => sizeDelimitedPeek(ten)).toThrow(DecodeError);
  });

  it("decodes a stream split at every chunk size like @bufbuild/protobuf", async () => {
    const stream = concat(messages.map((m) => ref.sizeDelimitedEncode(TestAllTypesProto3Schema, m)));
    const expected = await collect(ref.sizeDelimitedDecodeStream(TestAllTypesProto3Schema, chunks(stream, stream.length)));
    expect(expected.length).toBe(messages.length);
    for (let size = 1; size <= stream.length; size += size < 16 ? 1 : 37) {
      const got = await collect(sizeDelimitedDecodeStream(TestAllTypesProto3Schema, chunks(stream, size)));
      expect(got.length).toBe(expected.length);
      got.forEach((m, i) => assertStrictEqual(m, expected[i], `message ${i} with chunks of ${size}`));
    }
  });

  it("reads long size prefixes in a stream as @bufbuild/protobuf does: padded, and with bits above 32 dropped", async () => {
    const body = ref.sizeDelimitedEncode(TestAllTypesProto3Schema, messages[1]).subarray(1); // under 128 bytes: one-byte prefix
    const n = body.length;
    const padded = [0x80 | n, 0x80, 0x80, 0x80, 0x00]; // n in five bytes
    const over32 = [0x80 | n, 0x80, 0x80, 0x80, 0x90, 0x00]; // 2^32 * 1 + n: read as n
    const stream = concat([
      ref.sizeDelimitedEncode(TestAllTypesProto3Schema, messages[2]),
      new Uint8Array(padded), body,
      new Uint8Array(over32), body,
      ref.sizeDelimitedEncode(TestAllTypesProto3Schema, messages[3]),
    ]);
    const expected = await collect(ref.sizeDelimitedDecodeStream(TestAllTypesProto3Schema, chunks(stream, stream.length)));
    expect(expected.length).toBe(4);
    for (const size of [1, 3, 7, stream.length]) {
      const got = await collect(sizeDelimitedDecodeStream(TestAllTypesProto3Schema, chunks(stream, size)));
      expect(got.length).toBe(expected.length);
      got.forEach((m, i) => assertStrictEqual(m, expected[i], `message ${i} with chunks of ${size}`));
    }
  });

  it("rejects a stream that ends inside a message, and messages over readMaxBytes", async () => {
    const stream = concat(messages.map((m) => ref.sizeDelimitedEncode(TestAllTypesProto3Schema, m)));
    await expect(collect(sizeDelimitedDecodeStream(TestAllTypesProto3Schema, chunks(stream.subarray(0, stream.length - 1), 7)))).rejects.toThrow(DecodeError);
    await expect(collect(sizeDelimitedDecodeStream(TestAllTypesProto3Schema, chunks(stream, 64), { readMaxBytes: 100 }))).rejects.toMatchObject({ code: "message_too_large" });
  });
});

describe("size-delimited streams and reused chunk buffers", () => {
  it("messages do not change when the caller overwrites a chunk after it was read", async () => {
    const m = create(TestAllTypesProto3Schema, { singleBytes: new Uint8Array([1, 2, 3, 4]) });
    const frame = ref.sizeDelimitedEncode(TestAllTypesProto3Schema, m);
    const chunk = new Uint8Array(frame);
    async function* reused(): AsyncIterable<Uint8Array> {
      yield chunk;
      chunk.fill(0xee); // a reader that reuses its buffer for the next read
    }
    const got = await collect(sizeDelimitedDecodeStream(TestAllTypesProto3Schema, reused()));
    expect(Array.from(got[0].singleBytes)).toEqual([1, 2, 3, 4]);
  });
});

describe("size-delimited input that is malformed", () => {
  it("a frame holding an invalid message rejects with DecodeError and the codec stays usable", async () => {
    const good = ref.sizeDelimitedEncode(TestAllTypesProto3Schema, messages[1]);
    const bad = new Uint8Array([2, 0x00, 0x01]); // a frame of 2 bytes: tag with field number 0
    await expect(collect(sizeDelimitedDecodeStream(TestAllTypesProto3Schema, chunks(concat([good, bad]), 3)))).rejects.toMatchObject({ code: "bad_tag" });
    const after = await collect(sizeDelimitedDecodeStream(TestAllTypesProto3Schema, chunks(good, 2)));
    assertStrictEqual(after[0], messages[1], "message after the error");
  });

  it("a size varint longer than 10 bytes is a DecodeError", () => {
    expect(() => sizeDelimitedPeek(new Uint8Array(11).fill(0x80))).toThrow(DecodeError);
  });
});
