// The async iterator of decodeStream / sizeDelimitedDecodeStream (src/message-iterator.ts):
// it must behave as the async generator it replaced: messages in order whatever the calls'
// timing, the good messages before a bad frame and then the error, the source closed when
// iteration stops early or fails, setup errors reported on the first next().

import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { DecodeError, decodeStream, encodeBatch, sizeDelimitedDecodeStream } from "../src/index.js";
import { assertStrictEqual } from "./support/equal.js";
import { TestAllTypesProto3Schema } from "./gen/proto3_pb.js";

const S = TestAllTypesProto3Schema;
const messages = Array.from({ length: 40 }, (_, i) => create(S, { singleInt32: i, singleString: `m${i}` }));
const stream = encodeBatch(S, messages);

// A source that records whether it was closed, in chunks of `size` bytes, optionally
// failing after `failAfter` chunks.
function source(bytes: Uint8Array, size: number, failAfter = Infinity) {
  const state = { closed: false, pulled: 0 };
  async function* gen(): AsyncGenerator<Uint8Array> {
    try {
      for (let p = 0; p < bytes.length; p += size) {
        if (state.pulled === failAfter) throw new Error("source failed");
        state.pulled++;
        yield bytes.subarray(p, p + size);
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, iterable: gen() };
}

const decoders = {
  decodeStream: (it: AsyncIterable<Uint8Array>) => decodeStream(S, it),
  sizeDelimitedDecodeStream: (it: AsyncIterable<Uint8Array>) => sizeDelimitedDecodeStream(S, it),
};

describe.each(Object.entries(decoders))("%s", (_name, decode) => {
  it("hands out every message in order, across chunk sizes", async () => {
    for (const size of [1, 3, 17, 64, stream.length]) {
      const got = [];
      for await (const m of decode(source(stream, size).iterable)) got.push(m);
      assertStrictEqual(got, messages, `chunks of ${size}`);
    }
  });

  it("serves next() calls made before earlier ones settle in order", async () => {
    const it = decode(source(stream, 5).iterable);
    const results = await Promise.all(Array.from({ length: messages.length + 3 }, () => it.next()));
    assertStrictEqual(results.slice(0, messages.length).map((r) => r.value), messages, "values");
    expect(results.slice(0, messages.length).every((r) => r.done === false)).toBe(true);
    expect(results.slice(messages.length).every((r) => r.done === true)).toBe(true);
  });

  it("closes the source on break", async () => {
    const { state, iterable } = source(stream, 7);
    let n = 0;
    for await (const m of decode(iterable)) {
      expect(m.singleInt32).toBe(n);
      if (++n === 5) break;
    }
    expect(state.closed).toBe(true);
    expect(state.pulled).toBeLessThan(Math.ceil(stream.length / 7));
  });

  it("ends after return() and after throw()", async () => {
    const a = source(stream, 7);
    const it = decode(a.iterable);
    expect((await it.next()).value?.singleInt32).toBe(0);
    expect(await it.return!()).toEqual({ done: true, value: undefined });
    expect(a.state.closed).toBe(true);
    expect((await it.next()).done).toBe(true);
    const b = source(stream, 7);
    const it2 = decode(b.iterable);
    await it2.next();
    await expect(it2.throw!(new Error("stop"))).rejects.toThrow("stop");
    expect(b.state.closed).toBe(true);
    expect((await it2.next()).done).toBe(true);
  });

  it("hands out the messages before a bad frame, then its error, then ends", async () => {
    // Frame 3's body becomes an illegal tag (field number 0).
    const bad = stream.slice();
    let p = 0;
    for (let i = 0; i < 3; i++) p += 1 + bad[p];
    bad[p + 1] = 0x00;
    const { state, iterable } = source(bad, bad.length);
    const it = decode(iterable);
    for (let i = 0; i < 3; i++) expect((await it.next()).value?.singleInt32).toBe(i);
    const err = await it.next().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as DecodeError).code).toBe("bad_tag");
    expect(state.closed).toBe(true);
    expect((await it.next()).done).toBe(true);
  });

  it("passes on the source's own error", async () => {
    const it = decode(source(stream, 16, 2).iterable);
    const got: unknown[] = [];
    await expect((async () => {
      for await (const m of it) got.push(m);
    })()).rejects.toThrow("source failed");
    expect(got.length).toBeGreaterThan(0);
    expect((await it.next()).done).toBe(true);
  });

  it("reports a stream that ends inside a message when iterated", async () => {
    const it = decode(source(stream.subarray(0, stream.length - 2), 8).iterable);
    const got: unknown[] = [];
    await expect((async () => {
      for await (const m of it) got.push(m);
    })()).rejects.toMatchObject({ code: "truncated" });
    expect(got.length).toBe(messages.length - 1);
  });
});

it("reports bad options on the first next(), not at the call", async () => {
  const it = decodeStream(S, source(stream, 8).iterable, { framing: "nope" as "varint" });
  await expect(it.next()).rejects.toThrow(TypeError);
  expect((await it.next()).done).toBe(true);
});
