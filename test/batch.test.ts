// encodeBatch / decodeBatch / decodeStream: byte layouts computed by hand for both framings,
// streams split at every byte offset, Node and web streams, errors, and a stream far longer
// than what buffering it would allow, decoded in bounded memory.

import { describe, expect, it } from "vitest";
import { Readable } from "node:stream";
import { create, fromBinary as refFromBinary, toBinary as refToBinary } from "@bufbuild/protobuf";
import { DecodeError, decodeBatch, decodeStream, encodeBatch, type Framing } from "../src/index.js";
import { assertStrictEqual } from "./support/equal.js";
import { TestAllTypesProto3Schema } from "./gen/proto3_pb.js";

const S = TestAllTypesProto3Schema;
// optional_int32 = 1 (tag 0x08), optional_string = 14 (tag 0x72)
const a = create(S, { singleInt32: 150 }); //          08 96 01
const b = create(S, { singleString: "hi" }); //         72 02 68 69
const empty = create(S); //                              (nothing)

const LAYOUT: Record<Framing, number[]> = {
  varint: [3, 0x08, 0x96, 0x01, 4, 0x72, 0x02, 0x68, 0x69, 0],
  uint32be: [0, 0, 0, 3, 0x08, 0x96, 0x01, 0, 0, 0, 4, 0x72, 0x02, 0x68, 0x69, 0, 0, 0, 0],
};

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function* chunked(bytes: Uint8Array, cuts: number[]): AsyncIterable<Uint8Array> {
  let p = 0;
  for (const c of [...cuts, bytes.length]) {
    yield bytes.subarray(p, c);
    p = c;
  }
}

describe.each(["varint", "uint32be"] as Framing[])("framing %s", (framing) => {
  it("writes the hand-computed layout and reads it back", () => {
    const bytes = encodeBatch(S, [a, b, empty], { framing });
    expect([...bytes]).toEqual(LAYOUT[framing]);
    assertStrictEqual(decodeBatch(S, new Uint8Array(LAYOUT[framing]), { framing }), [a, b, empty], "batch");
    expect(decodeBatch(S, new Uint8Array(0), { framing })).toEqual([]);
  });

  it("matches @bufbuild/protobuf message by message on larger batches", () => {
    const messages = Array.from({ length: 500 }, (_, i) =>
      create(S, { singleInt64: BigInt(i) * 1000003n, singleString: "m" + i, repeatedInt32: [i, i + 1], mapStringString: { k: String(i) } }),
    );
    const bytes = encodeBatch(S, messages, { framing });
    let p = 0;
    for (const m of messages) {
      const body = refToBinary(S, m);
      p += framing === "uint32be" ? 4 : body.length < 128 ? 1 : 2;
      expect(Buffer.from(bytes.subarray(p, p + body.length)).equals(Buffer.from(body))).toBe(true);
      p += body.length;
    }
    expect(p).toBe(bytes.length);
    assertStrictEqual(decodeBatch(S, bytes, { framing }), messages.map((m) => refFromBinary(S, refToBinary(S, m))), "batch");
  });

  it("decodes a stream split in two at every byte offset, and in chunks of every size", async () => {
    const bytes = new Uint8Array(LAYOUT[framing]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      assertStrictEqual(await collect(decodeStream(S, chunked(bytes, [cut]), { framing })), [a, b, empty], `cut at ${cut}`);
    }
    for (let size = 1; size <= bytes.length; size++) {
      const cuts: number[] = [];
      for (let c = size; c < bytes.length; c += size) cuts.push(c);
      assertStrictEqual(await collect(decodeStream(S, chunked(bytes, cuts), { framing })), [a, b, empty], `chunks of ${size}`);
    }
  });

  it("reads Node streams and web ReadableStreams", async () => {
    const bytes = new Uint8Array(LAYOUT[framing]);
    const node = Readable.from([Buffer.from(bytes.subarray(0, 5)), Buffer.from(bytes.subarray(5))]);
    assertStrictEqual(await collect(decodeStream(S, node, { framing })), [a, b, empty], "node stream");
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 2));
        controller.enqueue(bytes.slice(2));
        controller.close();
      },
    });
    // A ReadableStream without async iteration goes through its reader.
    Object.defineProperty(web, Symbol.asyncIterator, { value: undefined });
    assertStrictEqual(await collect(decodeStream(S, web, { framing })), [a, b, empty], "web stream");
  });

  it("rejects truncated data, oversized frames before buffering them, and invalid messages", async () => {
    const bytes = new Uint8Array(LAYOUT[framing]);
    await expect(collect(decodeStream(S, chunked(bytes.subarray(0, bytes.length - 3), [2]), { framing }))).rejects.toMatchObject({ code: "truncated" });
    expect(() => decodeBatch(S, bytes.subarray(0, bytes.length - 3), { framing })).toThrow(DecodeError);
    // A prefix claiming 1 GiB fails as soon as it is read: nothing else arrives.
    const huge = framing === "varint" ? [0x80, 0x80, 0x80, 0x80, 0x04] : [0x40, 0, 0, 0];
    const seen: unknown[] = [];
    const err = await (async () => {
      try {
        for await (const m of decodeStream(S, chunked(new Uint8Array([...bytes.subarray(0, framing === "varint" ? 4 : 7), ...huge]), []), { framing, maxMessageBytes: 1 << 20 })) seen.push(m);
      } catch (e) {
        return e as DecodeError;
      }
      throw new Error("no error");
    })();
    expect(err.code).toBe("message_too_large");
    expect(err.offset).toBe(framing === "varint" ? 4 : 7);
    expect(seen.length).toBe(1); // the message before it was yielded
    // An invalid second message: the first is yielded, then the error with its stream offset.
    const bad = bytes.slice();
    bad[framing === "varint" ? 5 : 11] = 0x07; // tag with wire type 7
    const got: unknown[] = [];
    const e2 = await (async () => {
      try {
        for await (const m of decodeStream(S, chunked(bad, [bad.length]), { framing })) got.push(m);
      } catch (e) {
        return e as DecodeError;
      }
      throw new Error("no error");
    })();
    expect(got.length).toBe(1);
    expect(e2.code).toBe("bad_tag");
    expect(e2.offset).toBe(framing === "varint" ? 5 : 11);
    expect(() => decodeBatch(S, bad, { framing })).toThrow(/message 1/);
  });
});

it("rejects an unknown framing", () => {
  expect(() => encodeBatch(S, [], { framing: "u16" as Framing })).toThrow(TypeError);
  expect(() => decodeBatch(S, new Uint8Array(0), { framing: "u16" as Framing })).toThrow(TypeError);
});

it("decodes a stream much longer than memory would allow buffered, in bounded memory", async () => {
  // 256 MiB of stream made by repeating one 1 MiB block of frames (frames cross chunk edges:
  // the chunk size does not divide the frame sizes). Buffering it whole would take 256 MiB
  // plus its messages; decoding it must not grow memory with its length.
  const messages = Array.from({ length: 4000 }, (_, i) => create(S, { singleInt32: i, singleString: "event " + (i % 50), singleBytes: new Uint8Array(200).fill(i & 0xff) }));
  let block = encodeBatch(S, messages);
  const perBlock = messages.length;
  const reps = Math.ceil((256 << 20) / block.length);
  async function* source(): AsyncIterable<Uint8Array> {
    const chunk = 60_001;
    for (let r = 0; r < reps; r++) for (let p = 0; p < block.length; p += chunk) yield block.subarray(p, Math.min(p + chunk, block.length));
  }
  const total = reps * perBlock;
  let early = 0; // peak RSS over the first quarter of the stream (buffers and heap warmed up)
  let late = 0; //  peak RSS over the rest
  let count = 0;
  for await (const m of decodeStream(S, source())) {
    if (m.singleInt32 !== count % perBlock) throw new Error(`message ${count} out of order`);
    count++;
    if ((count & 0x3fff) === 0) {
      const rss = process.memoryUsage().rss;
      if (count < total / 4) early = Math.max(early, rss);
      else late = Math.max(late, rss);
    }
  }
  expect(count).toBe(total);
  expect(reps * block.length).toBeGreaterThan(256 << 20);
  // Memory does not grow with the stream: the last three quarters (192 MiB of input) add
  // less than 48 MiB to the peak of the first.
  expect(early).toBeGreaterThan(0);
  expect(late - early).toBeLessThan(48 << 20);
  block = new Uint8Array(0);
}, 120_000);
