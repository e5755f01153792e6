// One hand-made input per DecodeError code, each with its offset and path, and the codec
// as good as new after each; plus the limits (options, global defaults, the production
// preset, the environment), deep nesting, bounded WebAssembly memory and prototype keys.

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { create, fromBinary as refFromBinary, toBinary as refToBinary } from "@bufbuild/protobuf";
import * as pw from "../src/index.js";
import { DecodeError, type DecodeErrorCode } from "../src/index.js";
import { limitsFromEnv, PRODUCTION_LIMITS, setDefaultLimits } from "../src/limits.js";
import { core } from "../src/wasm/instance.js";
import { TestAllTypesProto3Schema as P3, TestAllTypesProto3_NestedMessageSchema } from "./gen/proto3_pb.js";
import { TestAllTypesProto2Schema as P2 } from "./gen/proto2_pb.js";

const valid = refToBinary(P3, create(P3, { singleInt32: 7, singleString: "ok", repeatedInt32: [1, 2, 3] }));

function decodeError(fn: () => unknown): DecodeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error("no DecodeError");
}

// [code, schema, bytes, offset, path, options]
const CASES: [DecodeErrorCode, typeof P3 | typeof P2, number[], number, string, object?][] = [
  ["truncated", P3, [0x08], 1, "TestAllTypesProto3.singleInt32"], // int32 tag, no value
  ["truncated", P3, [0x72, 0x05, 0x61], 1, "TestAllTypesProto3.singleString"], // length 5, 1 byte
  ["bad_varint", P3, [0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], 1, "TestAllTypesProto3.singleInt32"],
  ["bad_tag", P3, [0x00, 0x01], 0, "TestAllTypesProto3"], // field number 0
  ["bad_tag", P3, [0x0f], 0, "TestAllTypesProto3"], // wire type 7
  ["bad_wire_type", P3, [0x84, 0xf1, 0x04], 3, "TestAllTypesProto3"], // end-group (field 10000) with no group open
  ["group_mismatch", P2, [0xcb, 0x0c, 0xd4, 0x0c], 2, "TestAllTypesProto2.data"], // group 201 closed as 202
  ["bad_utf8", P3, [0x72, 0x01, 0xff], 1, "TestAllTypesProto3.singleString"],
  ["recursion_limit", P3, [0xda, 0x01, 0x03, 0xda, 0x01, 0x00], 6, "TestAllTypesProto3.recursiveMessage.recursiveMessage", { recursionLimit: 2 }],
  ["message_too_large", P3, [...valid], 0, "TestAllTypesProto3", { maxMessageBytes: 4 }],
  ["field_too_large", P3, [0x72, 0x03, 0x61, 0x62, 0x63], 1, "TestAllTypesProto3.singleString", { maxFieldBytes: 2 }],
  ["too_many_elements", P3, [0xf8, 0x01, 0x01, 0xf8, 0x01, 0x02, 0xf8, 0x01, 0x03], 8, "TestAllTypesProto3.repeatedInt32[2]", { maxRepeated: 2 }],
];

afterEach(() => setDefaultLimits());

describe.each(["wasm", "js"] as const)("DecodeError codes (%s backend)", (backend) => {
  beforeAll(() => pw.setBackend(backend));
  afterAll(() => pw.setBackend("wasm"));
  it.each(CASES)("%s", (code, schema, bytes, offset, path, options) => {
    const e = decodeError(() => pw.fromBinary(schema, new Uint8Array(bytes), options));
    expect(e.code).toBe(code);
    expect(e.offset).toBe(offset);
    expect(e.path).toBe(path);
    expect(e.message).toContain(path);
    // As good as new: a valid message decodes right after.
    expect(pw.fromBinary(P3, valid)).toEqual(refFromBinary(P3, valid));
  });

  it("covers every code", () => {
    const codes = new Set(CASES.map((c) => c[0]));
    const all: DecodeErrorCode[] = [
      "truncated", "bad_varint", "bad_tag", "bad_wire_type", "group_mismatch", "bad_utf8", "recursion_limit",
      "message_too_large", "field_too_large", "too_many_elements",
    ];
    expect([...codes].sort()).toEqual(all.sort());
  });
});

describe("limits", () => {
  it("maxRepeated counts packed and unpacked occurrences and map entries together", () => {
    const m = create(P3, { repeatedInt32: [1, 2, 3], mapStringString: { a: "1", b: "2", c: "3" } });
    const packed = refToBinary(P3, m);
    expect(() => pw.fromBinary(P3, packed, { maxRepeated: 3 })).not.toThrow();
    expect(decodeError(() => pw.fromBinary(P3, packed, { maxRepeated: 2 })).code).toBe("too_many_elements");
    // Two packed runs of 2 in one message: 4 elements.
    const twoRuns = new Uint8Array([0xfa, 0x01, 0x02, 0x01, 0x02, 0xfa, 0x01, 0x02, 0x03, 0x04]);
    expect(pw.fromBinary(P3, twoRuns, { maxRepeated: 4 }).repeatedInt32).toEqual([1, 2, 3, 4]);
    expect(decodeError(() => pw.fromBinary(P3, twoRuns, { maxRepeated: 3 })).code).toBe("too_many_elements");
    // Counted per message: 3 children with 3 elements each pass a limit of 3.
    const nested = create(P3, { repeatedNestedMessage: [1, 2, 3].map((a) => create(TestAllTypesProto3_NestedMessageSchema, { a })) });
    const bytes = refToBinary(P3, nested);
    expect(() => pw.fromBinary(P3, bytes, { maxRepeated: 3 })).not.toThrow();
    expect(decodeError(() => pw.fromBinary(P3, bytes, { maxRepeated: 2 })).path).toBe("TestAllTypesProto3.repeatedNestedMessage[2]");
  });

  it("checks a huge length prefix against the limit before anything else", () => {
    // A string field claiming 2 GiB, with 3 bytes behind it.
    const bytes = new Uint8Array([0x72, 0x80, 0x80, 0x80, 0x80, 0x08, 0x61, 0x62, 0x63]);
    expect(decodeError(() => pw.fromBinary(P3, bytes, { maxFieldBytes: 1024 })).code).toBe("field_too_large");
    expect(decodeError(() => pw.fromBinary(P3, bytes)).code).toBe("truncated");
  });

  it("global defaults, the production preset and the environment", () => {
    setDefaultLimits(PRODUCTION_LIMITS);
    const big = refToBinary(P3, create(P3, { repeatedInt32: Array.from({ length: 1001 }, (_, i) => i) }));
    expect(decodeError(() => pw.fromBinary(P3, big)).code).toBe("too_many_elements");
    expect(() => pw.fromBinary(P3, big, { maxRepeated: Infinity })).not.toThrow(); // options win
    setDefaultLimits();
    expect(() => pw.fromBinary(P3, big)).not.toThrow();
    expect(limitsFromEnv({ PROTOBUF_MAX_MESSAGE_SIZE: "4194304", PROTOBUF_MAX_FIELD_SIZE: "1048576", PROTOBUF_MAX_REPEATED_FIELD_SIZE: "1000" })).toEqual({
      maxMessageBytes: 4194304, maxFieldBytes: 1048576, maxRepeated: 1000,
    });
    expect(limitsFromEnv({})).toEqual({});
    expect(() => limitsFromEnv({ PROTOBUF_MAX_FIELD_SIZE: "1MB" })).toThrow(/PROTOBUF_MAX_FIELD_SIZE/);
    expect(() => limitsFromEnv({ PROTOBUF_MAX_MESSAGE_SIZE: "-1" })).toThrow(RangeError);
    expect(() => setDefaultLimits({ maxRepeated: 1.5 })).toThrow(RangeError);
    expect(() => pw.fromBinary(P3, valid, { maxFieldBytes: -3 })).toThrow(RangeError);
  });

  it("applies to batches and streams", async () => {
    const batch = pw.encodeBatch(P3, [create(P3, { singleString: "abcdef" }), create(P3)]);
    expect(decodeError(() => pw.decodeBatch(P3, batch, { maxFieldBytes: 3 })).code).toBe("field_too_large");
    expect(decodeError(() => pw.decodeBatch(P3, batch, { maxMessageBytes: 4 })).code).toBe("message_too_large");
    async function* one() {
      yield batch;
    }
    await expect((async () => {
      for await (const _ of pw.decodeStream(P3, one(), { maxFieldBytes: 3 })) void _;
    })()).rejects.toMatchObject({ code: "field_too_large" });
  });
});

describe.each(["wasm", "js"] as const)("hostile shapes (%s backend)", (backend) => {
  beforeAll(() => pw.setBackend(backend));
  afterAll(() => pw.setBackend("wasm"));
  it("100,000 levels of nested messages or groups give recursion_limit, not a RangeError", () => {
    const depth = 100_000;
    // recursive_message (27) nested depth times, built from the inside out as length prefixes.
    let inner = new Uint8Array(0);
    const parts: number[][] = [];
    let len = 0;
    for (let i = 0; i < depth; i++) {
      const prefix = [0xda, 0x01];
      let n = len;
      while (n >= 0x80) {
        prefix.push((n & 0x7f) | 0x80);
        n = Math.floor(n / 128);
      }
      prefix.push(n);
      parts.push(prefix);
      len += prefix.length;
    }
    const bytes = new Uint8Array(len);
    let o = 0;
    for (let i = parts.length - 1; i >= 0; i--) {
      bytes.set(parts[i], o);
      o += parts[i].length;
    }
    void inner;
    expect(decodeError(() => pw.fromBinary(P3, bytes)).code).toBe("recursion_limit");
    expect(decodeError(() => pw.fromBinary(P3, bytes, { recursionLimit: 1_000_000 })).code).toBe("recursion_limit");
    // Groups: 100,000 start-group tags of the unknown field 9999... and of a known group.
    const groups = new Uint8Array(depth * 3).fill(0);
    for (let i = 0; i < depth; i++) groups.set([0xfb, 0xf0, 0x04], i * 3); // field 9999? no: start group 0x4f0>>3
    expect(decodeError(() => pw.fromBinary(P2, groups)).code).toBe("recursion_limit");
    const known = new Uint8Array(depth * 2);
    for (let i = 0; i < depth; i++) known.set([0xcb, 0x0c], i * 2); // group 201 (Data) has no nested group: unknown inside
    expect(["recursion_limit", "group_mismatch"]).toContain(decodeError(() => pw.fromBinary(P2, known)).code);
    expect(pw.fromBinary(P3, valid)).toEqual(refFromBinary(P3, valid));
  });

  it("toBinary of a 30,000-deep message (beyond the JS stack) gives EncodeError, not a RangeError", () => {
    let m = create(P3);
    for (let i = 0; i < 30_000; i++) m = create(P3, { recursiveMessage: m });
    expect(() => pw.toBinary(P3, m)).toThrow(pw.EncodeError);
    expect(pw.toBinary(P3, create(P3, { singleInt32: 1 }))).toEqual(new Uint8Array([0x08, 0x01]));
  });

  it("thousands of occurrences of one singular message field merge in linear time", () => {
    const one = [0xda, 0x01, 0x02, 0x08, 0x01]; // recursive_message { single_int32: 1 }
    const bytes = new Uint8Array(200_000 * one.length);
    for (let i = 0; i < 200_000; i++) bytes.set(one, i * one.length);
    expect(pw.fromBinary(P3, bytes)).toEqual(refFromBinary(P3, bytes));
  });

  it("map keys and fields named like Object.prototype members stay data", () => {
    const m = create(P3, { mapStringString: { ["__proto__"]: "p", constructor: "c", toString: "t", hasOwnProperty: "h" } as never });
    Object.defineProperty(m.mapStringString, "__proto__", { value: "p", enumerable: true, writable: true, configurable: true });
    const bytes = refToBinary(P3, m);
    const ours = pw.fromBinary(P3, bytes);
    const ref = refFromBinary(P3, bytes);
    expect(Object.keys(ours.mapStringString).sort()).toEqual(Object.keys(ref.mapStringString).sort());
    expect(Object.getPrototypeOf(ours.mapStringString)).toBe(Object.getPrototypeOf(ref.mapStringString));
    expect(Object.prototype.hasOwnProperty.call(ours.mapStringString, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).p).toBeUndefined();
    expect(typeof ({} as object).toString).toBe("function");
    expect(pw.toBinary(P3, ours)).toEqual(bytes);
  });
});

describe("WebAssembly memory", () => {
  it("is reused after a large message and does not grow over many calls", () => {
    const large = refToBinary(P3, create(P3, { singleBytes: new Uint8Array(8 << 20), repeatedString: Array.from({ length: 20000 }, (_, i) => "s" + i) }));
    pw.fromBinary(P3, large);
    pw.toBinary(P3, pw.fromBinary(P3, large));
    const after = core.memory.buffer.byteLength;
    for (let i = 0; i < 100_000; i++) {
      pw.fromBinary(P3, valid);
      if ((i & 7) === 0) pw.toBinary(P3, create(P3, { singleString: "x" + i }));
      if ((i & 8191) === 0) {
        try {
          pw.fromBinary(P3, new Uint8Array([0x72, 0x01, 0xff]));
        } catch {
          // expected
        }
        pw.fromBinary(P3, large);
      }
    }
    expect(core.memory.buffer.byteLength).toBe(after);
  });
});

describe("maxRepeated across merged occurrences", () => {
  it("counts the elements of a singular message field's occurrences together, in messages and batches", () => {
    // recursive_message { repeated_int32: [1] }, then recursive_message { repeated_int32: [2] }:
    // they merge into one message with 2 elements, each occurrence holding 1.
    const one = [0xda, 0x01, 0x04, 0xfa, 0x01, 0x01, 0x01];
    const twice = new Uint8Array([...one, 0xda, 0x01, 0x04, 0xfa, 0x01, 0x01, 0x02]);
    expect(pw.fromBinary(P3, twice).recursiveMessage?.repeatedInt32).toEqual([1, 2]);
    expect(() => pw.fromBinary(P3, twice, { maxRepeated: 2 })).not.toThrow();
    expect(() => pw.fromBinary(P3, twice, { maxRepeated: 1 })).toThrow(/merged occurrences/);
    expect(decodeError(() => pw.fromBinary(P3, twice, { maxRepeated: 1 })).code).toBe("too_many_elements");
    const rawBatch = new Uint8Array([0, twice.length, ...twice]);
    expect(() => pw.decodeBatch(P3, rawBatch, { maxRepeated: 2 })).not.toThrow();
    expect(decodeError(() => pw.decodeBatch(P3, rawBatch, { maxRepeated: 1 })).code).toBe("too_many_elements");
  });
});
