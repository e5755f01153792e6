// The batch core: encodeFramed writes what @bufbuild/protobuf writes message by message
// behind each prefix, and decodeFramed reads it back in one scan (pauses, tape and stack
// restarts and moving windows included); errors name the message and its absolute offset.
// Also deterministic map order.

import { afterEach, describe, expect, it } from "vitest";
import { create, toBinary as refToBinary, fromBinary as refFromBinary, type DescMessage } from "@bufbuild/protobuf";
import { getPlan } from "../src/plan.js";
import { encodeFramed } from "../src/encode.js";
import { decodeFramed } from "../src/decode-framed.js";
import { setWindowSize } from "../src/decode.js";
import { readOptions, writeOptions } from "../src/options.js";
import { DecodeError, fromBinary, toBinary } from "../src/index.js";
import { assertStrictEqual } from "./support/equal.js";
import { Rng } from "./support/rng.js";
import { MessageGenerator, DEFAULT_GEN } from "./support/random-message.js";
import { TestAllTypesProto3Schema } from "./gen/proto3_pb.js";
import { TestAllTypesProto2Schema } from "./gen/proto2_pb.js";

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

function be32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

// The expected batch, from the reference encoder and hand-made prefixes.
function refFramed(desc: DescMessage, messages: any[], big: boolean): Uint8Array {
  const parts: number[] = [];
  for (const m of messages) {
    const body = refToBinary(desc, m);
    parts.push(...(big ? be32(body.length) : varint(body.length)));
    for (const b of body) parts.push(b);
  }
  return new Uint8Array(parts);
}

function randomMessages(desc: DescMessage, seed: string, count: number): any[] {
  const gen = new MessageGenerator(new Rng(seed), { ...DEFAULT_GEN, unknownProb: 0.1 });
  return Array.from({ length: count }, () => gen.message(desc));
}

afterEach(() => setWindowSize(2 * 1024));

describe.each([false, true])("framed batches (be32 %s)", (big) => {
  for (const desc of [TestAllTypesProto3Schema, TestAllTypesProto2Schema] as DescMessage[]) {
    it(`round-trips random ${desc.name} batches like the reference, message by message`, () => {
      const plan = getPlan(desc);
      const messages = randomMessages(desc, `framed-${desc.name}-${big}`, 300);
      const expected = refFramed(desc, messages, big);
      const bytes = encodeFramed(plan, messages, writeOptions(), big);
      expect(Buffer.from(bytes).equals(Buffer.from(expected))).toBe(true);
      const decoded = decodeFramed(plan, bytes, readOptions(), big);
      expect(decoded.length).toBe(messages.length);
      // What the reference reads from each frame.
      let p = 0;
      for (let i = 0; i < messages.length; i++) {
        const body = refToBinary(desc, messages[i]);
        p += big ? 4 : varint(body.length).length;
        assertStrictEqual(decoded[i], refFromBinary(desc, bytes.subarray(p, p + body.length)), `message ${i}`);
        p += body.length;
      }
    });
  }

  it("pauses between messages on long batches and restarts on a message larger than the tape", () => {
    const plan = getPlan(TestAllTypesProto3Schema);
    const small = Array.from({ length: 20000 }, (_, i) =>
      create(TestAllTypesProto3Schema, { singleInt32: i, singleString: "s" + (i % 97), repeatedInt32: [i, (0 - i) | 0, 3] }),
    );
    // 200k packed int64 values of one byte take 1.6 MB of tape: more than the batch tape.
    const huge = create(TestAllTypesProto3Schema, { repeatedInt64: Array.from({ length: 200000 }, (_, i) => BigInt(i % 100)) });
    const messages = [...small.slice(0, 10000), huge, ...small.slice(10000), huge];
    const bytes = encodeFramed(plan, messages, writeOptions(), big);
    expect(Buffer.from(bytes).equals(Buffer.from(refFramed(TestAllTypesProto3Schema, messages, big)))).toBe(true);
    for (const win of [7, 2048]) {
      setWindowSize(win);
      const decoded = decodeFramed(plan, bytes, readOptions(), big);
      expect(decoded.length).toBe(messages.length);
      for (const i of [0, 9999, 10000, 10001, 20000]) assertStrictEqual(decoded[i], messages[i], `message ${i}`);
    }
  });

  it("reads an empty batch and empty messages", () => {
    const plan = getPlan(TestAllTypesProto3Schema);
    expect(decodeFramed(plan, new Uint8Array(0), readOptions(), big)).toEqual([]);
    const empty = [create(TestAllTypesProto3Schema), create(TestAllTypesProto3Schema)];
    const bytes = encodeFramed(plan, empty, writeOptions(), big);
    expect([...bytes]).toEqual(big ? [0, 0, 0, 0, 0, 0, 0, 0] : [0, 0]);
    const decoded = decodeFramed(plan, bytes, readOptions(), big);
    assertStrictEqual(decoded, empty, "messages");
  });

  it("names the failing message and its absolute offset", () => {
    const plan = getPlan(TestAllTypesProto3Schema);
    const messages = Array.from({ length: 5 }, (_, i) => create(TestAllTypesProto3Schema, { singleString: "abc" + i }));
    const bytes = encodeFramed(plan, messages, writeOptions(), big);
    const frame = bytes.length / 5;
    // Message 3's string gets an invalid UTF-8 byte.
    const bad = bytes.slice();
    bad[3 * frame + frame - 1] = 0xff;
    const e1 = catchError(() => decodeFramed(plan, bad, readOptions(), big));
    expect(e1.code).toBe("bad_utf8");
    expect(e1.message).toContain("message 3");
    expect(e1.path).toBe("TestAllTypesProto3.singleString");
    const start = 3 * frame + (big ? 4 : 1);
    const alone = catchError(() => refFree(bad.subarray(start, 4 * frame)));
    expect(e1.offset).toBe(start + alone.offset);
    // A body cut short, and a prefix cut short.
    const e2 = catchError(() => decodeFramed(plan, bytes.subarray(0, bytes.length - 2), readOptions(), big));
    expect(e2.code).toBe("truncated");
    expect(e2.message).toContain("message 4");
    expect(e2.offset).toBe(4 * frame);
    const cut = new Uint8Array([...bytes, ...(big ? [0, 0] : [0x80])]);
    const e3 = catchError(() => decodeFramed(plan, cut, readOptions(), big));
    expect(e3.code).toBe("truncated");
    expect(e3.message).toContain("message 5");
    expect(e3.offset).toBe(bytes.length);
    // The codec is as good as new afterwards.
    assertStrictEqual(decodeFramed(plan, bytes, readOptions(), big), messages, "messages");
  });
});

// A single message decoded alone, for its error offset.
function refFree(bytes: Uint8Array): unknown {
  return fromBinary(TestAllTypesProto3Schema, bytes);
}

function catchError(fn: () => unknown): DecodeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error("no error thrown");
}

describe("deterministic map order", () => {
  const keysets: Record<string, string[]> = {
    mapStringString: ["b", "a", "", "\u{1F600}", "\uFFFD", "ab", "é"],
    mapInt32Int32: ["5", "-1", "0", "2147483647", "-2147483648", "10"],
    mapUint32Uint32: ["4294967295", "0", "7", "10"],
    mapInt64Int64: ["-9223372036854775808", "9223372036854775807", "0", "-1", "12"],
    mapUint64Uint64: ["18446744073709551615", "0", "9", "10"],
    mapBoolBool: ["true", "false"],
  };
  it("writes entries sorted by key whatever the insertion order", () => {
    const rng = new Rng("deterministic");
    for (const [field, keys] of Object.entries(keysets)) {
      const build = (order: string[]) => {
        const m = create(TestAllTypesProto3Schema) as any;
        for (const k of order) m[field][k] = field === "mapStringString" ? "v" + k : field === "mapBoolBool" ? true : field.includes("64") ? 1n : 1;
        return m;
      };
      const first = toBinary(TestAllTypesProto3Schema, build(keys), { deterministic: true });
      for (let round = 0; round < 5; round++) {
        const shuffled = [...keys];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = rng.u32() % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        const again = toBinary(TestAllTypesProto3Schema, build(shuffled), { deterministic: true });
        expect(Buffer.from(again).equals(Buffer.from(first)), field).toBe(true);
      }
      // The keys come back in sorted order: numeric, false before true, UTF-8 byte order.
      const decoded = refFromBinary(TestAllTypesProto3Schema, first) as any;
      const order = readKeyOrder(first, field, decoded);
      expect(order, field).toEqual(sortedReference(field, keys));
    }
  });

  it("leaves output identical to @bufbuild/protobuf without the option", () => {
    const m = create(TestAllTypesProto3Schema) as any;
    for (const k of ["b", "a", "c"]) m.mapStringString[k] = k;
    expect(Buffer.from(toBinary(TestAllTypesProto3Schema, m)).equals(Buffer.from(refToBinary(TestAllTypesProto3Schema, m)))).toBe(true);
    expect(Buffer.from(toBinary(TestAllTypesProto3Schema, m, { deterministic: true })).equals(Buffer.from(refToBinary(TestAllTypesProto3Schema, m)))).toBe(false);
  });
});

// Key order as written: decode each map entry separately with the reference.
function readKeyOrder(bytes: Uint8Array, field: string, _decoded: unknown): string[] {
  const fieldNo = TestAllTypesProto3Schema.fields.find((f) => f.localName === field)!.number;
  const keys: string[] = [];
  let p = 0;
  const readVarint = () => {
    let v = 0;
    let s = 0;
    for (;;) {
      const b = bytes[p++];
      v += (b & 0x7f) * 2 ** s;
      s += 7;
      if (b < 0x80) return v;
    }
  };
  while (p < bytes.length) {
    const tag = readVarint();
    const len = readVarint();
    if (tag >>> 3 === fieldNo) {
      const one = new Uint8Array([...varint(tag), ...varint(len), ...bytes.subarray(p, p + len)]);
      const m = refFromBinary(TestAllTypesProto3Schema, one) as any;
      keys.push(...Object.keys(m[field]));
    }
    p += len;
  }
  return keys;
}

function sortedReference(field: string, keys: string[]): string[] {
  const copy = [...keys];
  if (field === "mapStringString") {
    const enc = new TextEncoder();
    return copy.sort((a, b) => Buffer.compare(Buffer.from(enc.encode(a)), Buffer.from(enc.encode(b))));
  }
  if (field === "mapBoolBool") return copy.sort((a, b) => (a === b ? 0 : a === "false" ? -1 : 1));
  return copy.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
}
