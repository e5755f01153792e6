// Errors and API behaviour: DecodeError (with numeric offset and string path,
// both in the message) for each kind of invalid input, EncodeError naming the
// field, recovery after errors, results that do not alias later calls, and
// mergeFromBinary semantics (append repeated, merge messages, overwrite map keys).
import { describe, expect, it } from "vitest";
import { create, type DescMessage } from "@bufbuild/protobuf";
import * as ref from "@bufbuild/protobuf";
import { DecodeError, EncodeError, fromBinary, mergeFromBinary, toBinary } from "../src/index.js";
import { findDifference } from "./support/equal.js";
import { fromHex, toHex } from "./support/hex.js";
import { concat, parseRecords, tag, varint } from "./support/wire.js";
import { ItemSchema, OrderSchema } from "./gen/api_pb.js";
import { Required2Schema, TestAllTypesProto2Schema } from "./gen/proto2_pb.js";
import { RequiredEditionsSchema } from "./gen/editions2023_pb.js";
import { TestAllTypesProto3Schema } from "./gen/proto3_pb.js";

const validOrder = create(OrderSchema, {
  id: "o-1",
  items: [{ name: "a", quantity: 1 }, { name: "b" }, { name: "c", tags: ["x"] }, { name: "hello world", priceCents: 99n }],
  primary: { name: "p" },
  bySku: { s1: { name: "m" } },
  counts: { a: 1 },
  note: { case: "text", value: "t" },
});
const validBytes = ref.toBinary(OrderSchema, validOrder);

/** The bytes of Order{items: [a, b, c, <item 3>]} where item 3's body is given raw. */
function orderWithItem3(item3Body: Uint8Array, declaredLength = item3Body.length): { bytes: Uint8Array; item3Start: number } {
  const head = ref.toBinary(OrderSchema, create(OrderSchema, { items: [{ name: "a" }, { name: "b" }, { name: "c" }] }));
  return {
    bytes: concat([head, tag(2, 2), varint(declaredLength), item3Body]),
    item3Start: head.length,
  };
}

function expectNextDecodeWorks(): void {
  const d = findDifference(fromBinary(OrderSchema, validBytes), ref.fromBinary(OrderSchema, validBytes));
  expect(d).toBeUndefined();
}

function decodeError(schema: DescMessage, bytes: Uint8Array, options?: { recursionLimit?: number }): DecodeError {
  // Sanity: the reference rejects this input too.
  expect(() => ref.fromBinary(schema, bytes, options), "@bufbuild/protobuf rejects it too").toThrow();
  let caught: unknown;
  try {
    fromBinary(schema, bytes, options);
  } catch (e) {
    caught = e;
  }
  expect(caught, "fromBinary throws").toBeDefined();
  expect(caught).toBeInstanceOf(DecodeError);
  expect(caught).toBeInstanceOf(Error);
  return caught as DecodeError;
}

function expectLocated(err: DecodeError, bytes: Uint8Array): void {
  expect(typeof err.offset).toBe("number");
  expect(Number.isInteger(err.offset)).toBe(true);
  expect(err.offset).toBeGreaterThanOrEqual(0);
  expect(err.offset).toBeLessThanOrEqual(bytes.length);
  expect(typeof err.path).toBe("string");
  expect(err.path.length).toBeGreaterThan(0);
  expect(err.message).toContain(err.path);
  expect(err.message).toContain(String(err.offset));
}

const invalid: { name: string; hex: string; path?: RegExp }[] = [
  { name: "truncated string", hex: "0a 05 61 62 // id: length 5, 2 bytes left", path: /^Order(\.id)?$/ },
  { name: "truncated varint", hex: "40 96 // int32_field: varint without its last byte", path: /^Order(\.int32_field|\.int32Field)?$/ },
  { name: "truncated tag", hex: "0a 01 61 80 // a tag with its continuation bit set at the end" },
  { name: "truncated fixed32", hex: "5d 00 00 80 // float_field: 3 of 4 bytes" },
  { name: "varint longer than 10 bytes", hex: "40 ff ff ff ff ff ff ff ff ff ff 01 // int32_field", path: /^Order(\.int32_field|\.int32Field)?$/ },
  { name: "64-bit varint longer than 10 bytes", hex: "50 80 80 80 80 80 80 80 80 80 80 00 // int64_field" },
  { name: "wire type 6", hex: "0e 00 // field 1, wire type 6" },
  { name: "wire type 7", hex: "0f 00 // field 1, wire type 7" },
  { name: "wire type 6 on an unknown field", hex: "a6 01 00 // field 20, wire type 6" },
  { name: "field number 0", hex: "00 01 // field 0, varint" },
  { name: "field number 0, length-delimited", hex: "02 00 // field 0, wire type 2" },
  { name: "tag of 6 bytes", hex: "88 80 80 80 80 00 01 // field 1 varint, tag padded to 6 bytes" },
  { name: "tag over 32 bits", hex: "f8 ff ff ff 1f 01 // 5-byte tag whose last byte is over 0x0f" },
  { name: "group closed by another field number", hex: "a3 01 08 01 ac 01 // start group 20, end group 21" },
  { name: "group never closed", hex: "a3 01 08 01 // start group 20, no end" },
  { name: "end-group tag without a group", hex: "a4 01 // end group 20 at top level" },
  { name: "invalid UTF-8 in a proto3 string", hex: "0a 02 c3 28 // id: 0xc3 needs a continuation byte", path: /^Order\.id$/ },
  { name: "overlong UTF-8 in a proto3 string", hex: "0a 02 c0 80 // id: overlong NUL" },
  { name: "UTF-8 surrogate in a proto3 string", hex: "0a 03 ed a0 80 // id: U+D800" },
  { name: "length past the end of a nested message", hex: "1a 05 0a 01 61 // primary: length 5, 3 bytes", path: /^Order\.primary/ },
];

describe("DecodeError", () => {
  for (const c of invalid) {
    it(`${c.name}: throws a DecodeError with offset and path, then recovers`, () => {
      const bytes = fromHex(c.hex);
      const err = decodeError(OrderSchema, bytes);
      expectLocated(err, bytes);
      if (c.path) expect(err.path).toMatch(c.path);
      expectNextDecodeWorks();
    });
  }

  it("invalid UTF-8 deep in a repeated message: path Order.items[3].name", () => {
    const { bytes, item3Start } = orderWithItem3(fromHex("0a 03 61 ff 62 // name: 'a', 0xff, 'b'"));
    const err = decodeError(OrderSchema, bytes);
    expectLocated(err, bytes);
    expect(err.path).toBe("Order.items[3].name");
    expect(err.offset).toBeGreaterThanOrEqual(item3Start);
    expectNextDecodeWorks();
  });

  it("truncated input deep in a repeated message: path at Order.items[3]", () => {
    const { bytes, item3Start } = orderWithItem3(fromHex("0a 0b 68 65 6c 6c 6f // name: length 11, 5 bytes"), 13);
    const err = decodeError(OrderSchema, bytes);
    expectLocated(err, bytes);
    expect(err.path).toMatch(/^Order\.items\[3\](\.name)?$/);
    expect(err.offset).toBeGreaterThanOrEqual(item3Start);
  });

  it("recursion limit: rejects nesting past recursionLimit like @bufbuild/protobuf", () => {
    const nested = (depth: number) => {
      let m = create(OrderSchema, { id: "leaf" });
      for (let i = 1; i < depth; i++) m = create(OrderSchema, { parent: m });
      return ref.toBinary(OrderSchema, m);
    };
    // The root message counts as depth 1.
    expect(findDifference(fromBinary(OrderSchema, nested(100)), ref.fromBinary(OrderSchema, nested(100)))).toBeUndefined();
    const err = decodeError(OrderSchema, nested(101));
    expectLocated(err, nested(101));
    expect(err.path.startsWith("Order.parent")).toBe(true);
    expect(() => fromBinary(OrderSchema, nested(4), { recursionLimit: 4 })).not.toThrow();
    expectLocated(decodeError(OrderSchema, nested(5), { recursionLimit: 4 }), nested(5));
    expectNextDecodeWorks();
  });

  it("recursion limit applies to unknown groups too", () => {
    const open = (n: number) => Array.from({ length: n }, () => tag(20, 3)).flat();
    const close = (n: number) => Array.from({ length: n }, () => tag(20, 4)).flat();
    const ok = new Uint8Array([...open(3), ...close(3)]);
    expect(() => ref.fromBinary(OrderSchema, ok, { recursionLimit: 4 })).not.toThrow();
    expect(findDifference(fromBinary(OrderSchema, ok, { recursionLimit: 4 }), ref.fromBinary(OrderSchema, ok, { recursionLimit: 4 }))).toBeUndefined();
    const deep = new Uint8Array([...open(4), ...close(4)]);
    decodeError(OrderSchema, deep, { recursionLimit: 4 });
  });

  it("a proto2 string is not validated: invalid UTF-8 becomes U+FFFD", () => {
    const bytes = fromHex("72 02 61 ff // optional_string (14): 'a', 0xff");
    const m = fromBinary(TestAllTypesProto2Schema, bytes);
    expect(m.optionalString).toBe("a\uFFFD");
    expect(findDifference(m, ref.fromBinary(TestAllTypesProto2Schema, bytes))).toBeUndefined();
  });

  it("mergeFromBinary throws DecodeError too", () => {
    const target = create(OrderSchema, { id: "x" });
    expect(() => mergeFromBinary(OrderSchema, target, fromHex("0a 05 61"))).toThrow(DecodeError);
  });
});

describe("EncodeError", () => {
  const cases: { name: string; init: Record<string, unknown>; field: string }[] = [
    { name: "int32 out of range", init: { int32Field: 2 ** 31 }, field: "int32_field" },
    { name: "int32 not an integer", init: { int32Field: 1.5 }, field: "int32_field" },
    { name: "int32 given a non-numeric string", init: { int32Field: "abc" }, field: "int32_field" },
    { name: "int32 given a bigint", init: { int32Field: 5n }, field: "int32_field" },
    { name: "uint32 negative", init: { uint32Field: -1 }, field: "uint32_field" },
    { name: "int64 given a fraction", init: { int64Field: 1.5 }, field: "int64_field" },
    { name: "int64 out of range", init: { int64Field: 2n ** 63n }, field: "int64_field" },
    { name: "float out of float32 range", init: { floatField: 1e39 }, field: "float_field" },
    { name: "nested field out of range", init: { items: [{ name: "a" }, { quantity: 2 ** 40 }] }, field: "quantity" },
  ];
  for (const c of cases) {
    it(`${c.name}: throws an EncodeError naming ${c.field}, then recovers`, () => {
      const m = create(OrderSchema);
      Object.assign(m, c.init);
      if (c.init.items) m.items = (c.init.items as object[]).map((i) => create(ItemSchema, i as never));
      expect(() => ref.toBinary(OrderSchema, m), "@bufbuild/protobuf rejects it too").toThrow();
      let caught: unknown;
      try {
        toBinary(OrderSchema, m);
      } catch (e) {
        caught = e;
      }
      expect(caught, "toBinary throws").toBeInstanceOf(Error);
      expect((caught as Error).message).toContain(c.field);
      expect(caught).toBeInstanceOf(EncodeError);
      expect(toHex(toBinary(OrderSchema, validOrder))).toBe(toHex(validBytes));
    });
  }

  it("a missing required field (proto2 and editions) throws naming the field", () => {
    for (const [schema, field] of [
      [Required2Schema, "req_int32"],
      [RequiredEditionsSchema, "req_int32"],
    ] as const) {
      const m = create(schema as DescMessage);
      expect(() => ref.toBinary(schema as DescMessage, m)).toThrow();
      let caught: unknown;
      try {
        toBinary(schema as DescMessage, m);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(Error);
      expect((caught as Error).message).toContain(field);
      expect(caught).toBeInstanceOf(EncodeError);
    }
  });

  it("a nested message of another type is rejected like @bufbuild/protobuf", () => {
    const m = create(OrderSchema, { id: "x" });
    (m as { primary?: unknown }).primary = create(OrderSchema, { id: "not an Item" });
    expect(() => ref.toBinary(OrderSchema, m)).toThrow();
    expect(() => toBinary(OrderSchema, m)).toThrow();
  });

  it("extra JS properties on a message are ignored like @bufbuild/protobuf", () => {
    const m = Object.assign(create(OrderSchema, { id: "x" }), { notAField: 123, another: { a: 1 } });
    expect(toHex(toBinary(OrderSchema, m))).toBe(toHex(ref.toBinary(OrderSchema, m)));
  });

  it("a message of another type is rejected like @bufbuild/protobuf", () => {
    const other = create(TestAllTypesProto3Schema);
    expect(() => ref.toBinary(OrderSchema, other as never)).toThrow();
    expect(() => toBinary(OrderSchema, other as never)).toThrow();
  });
});

describe("results do not alias memory reused by later calls", () => {
  it("toBinary results stay intact", () => {
    const first = toBinary(OrderSchema, validOrder);
    const firstHex = toHex(first);
    for (let i = 0; i < 50; i++) {
      toBinary(OrderSchema, create(OrderSchema, { id: "z".repeat(1000 + i), items: [{ name: "q".repeat(500) }] }));
    }
    expect(toHex(first)).toBe(firstHex);
    expect(Object.getPrototypeOf(first)).toBe(Uint8Array.prototype);
  });

  it("decoded bytes, strings and unknown fields stay intact", () => {
    const input = concat([
      ref.toBinary(TestAllTypesProto3Schema, create(TestAllTypesProto3Schema, { singleBytes: new Uint8Array([1, 2, 3]), repeatedBytes: [new Uint8Array(300).fill(7)] })),
      tag(9999, 2),
      varint(3),
      [9, 8, 7],
    ]);
    const kept = fromBinary(TestAllTypesProto3Schema, input);
    const expected = ref.fromBinary(TestAllTypesProto3Schema, input.slice());
    for (let i = 0; i < 50; i++) {
      fromBinary(
        TestAllTypesProto3Schema,
        ref.toBinary(TestAllTypesProto3Schema, create(TestAllTypesProto3Schema, { singleBytes: new Uint8Array(2000).fill(i), singleString: "s".repeat(i * 10) })),
      );
    }
    expect(findDifference(kept, expected)).toBeUndefined();
  });

  it("fromBinary does not modify its input and accepts a subarray view", () => {
    const big = new Uint8Array(validBytes.length + 10).fill(0xff);
    big.set(validBytes, 5);
    const view = big.subarray(5, 5 + validBytes.length);
    const before = toHex(big);
    expect(findDifference(fromBinary(OrderSchema, view), ref.fromBinary(OrderSchema, validBytes))).toBeUndefined();
    expect(toHex(big)).toBe(before);
  });

  it("options are optional and partial", () => {
    expect(findDifference(fromBinary(OrderSchema, validBytes, {}), ref.fromBinary(OrderSchema, validBytes))).toBeUndefined();
    expect(findDifference(fromBinary(OrderSchema, validBytes, { recursionLimit: 50 }), ref.fromBinary(OrderSchema, validBytes))).toBeUndefined();
    expect(toHex(toBinary(OrderSchema, validOrder, {}))).toBe(toHex(validBytes));
  });
});

describe("values at the edges of the wire format", () => {
  it("NaN payloads of float and double fields survive decode and encode like @bufbuild/protobuf", async () => {
    const { NumbersSchema } = await import("./gen/golden_pb.js");
    const P3 = TestAllTypesProto3Schema;
    const patterns = [
      ["5d 01 00 a0 7f", NumbersSchema], // float signalling NaN
      ["5d 01 00 c0 ff", NumbersSchema], // float negative quiet NaN with payload
      ["61 01 00 00 00 00 00 f4 7f", NumbersSchema], // double signalling NaN
      ["61 ff ff ff ff ff ff ff ff", NumbersSchema], // double all-ones NaN
      ["d2 02 08 01 00 00 00 00 00 f8 ff // 42 packed double: NaN with payload", P3],
      ["ca 02 04 ff ff ff 7f // 41 packed float: NaN 0x7fffffff", P3],
    ] as const;
    for (const [hex, schema] of patterns) {
      const bytes = fromHex(hex);
      const expected = ref.fromBinary(schema as DescMessage, bytes);
      const actual = fromBinary(schema as DescMessage, bytes);
      expect(findDifference(actual, expected)).toBeUndefined();
      expect(toHex(toBinary(schema as DescMessage, expected)), hex).toBe(toHex(ref.toBinary(schema as DescMessage, expected)));
      expect(toHex(toBinary(schema as DescMessage, actual)), hex).toBe(toHex(ref.toBinary(schema as DescMessage, expected)));
    }
  });

  it("messages over 2 MiB (4-byte length prefixes at two levels)", () => {
    const big = create(OrderSchema, {
      id: "€".repeat(800_000), // 2.4 MB of UTF-8
      primary: { name: "x".repeat(2_200_000), tags: ["a", "b"] },
      items: [{ name: "small" }],
    });
    const expected = ref.toBinary(OrderSchema, big);
    const actual = toBinary(OrderSchema, big);
    expect(actual.length).toBe(expected.length);
    expect(Buffer.compare(actual, expected)).toBe(0);
    expect(findDifference(fromBinary(OrderSchema, expected), ref.fromBinary(OrderSchema, expected))).toBeUndefined();
  });

  it("a 3 MiB bytes field and a 100,000-element packed field", () => {
    const m = create(TestAllTypesProto3Schema, {
      singleBytes: new Uint8Array(3 * 1024 * 1024).map((_, i) => i * 7),
      repeatedSint64: Array.from({ length: 100_000 }, (_, i) => BigInt(i) * -12345678901n),
      repeatedDouble: Array.from({ length: 1000 }, (_, i) => i / 3),
    });
    const expected = ref.toBinary(TestAllTypesProto3Schema, m);
    expect(Buffer.compare(toBinary(TestAllTypesProto3Schema, m), expected)).toBe(0);
    expect(findDifference(fromBinary(TestAllTypesProto3Schema, expected), ref.fromBinary(TestAllTypesProto3Schema, expected))).toBeUndefined();
  });
});

describe("mergeFromBinary", () => {
  function mergeBoth(init: Parameters<typeof create<typeof OrderSchema>>[1], source: Parameters<typeof create<typeof OrderSchema>>[1]) {
    const bytes = ref.toBinary(OrderSchema, create(OrderSchema, source));
    const ours = create(OrderSchema, structuredClone(init));
    const theirs = create(OrderSchema, structuredClone(init));
    const returned = mergeFromBinary(OrderSchema, ours, bytes);
    ref.mergeFromBinary(OrderSchema, theirs, bytes);
    expect(returned).toBe(ours);
    expect(findDifference(ours, theirs)).toBeUndefined();
    return ours;
  }

  it("appends repeated fields", () => {
    const m = mergeBoth({ items: [{ name: "a" }] }, { items: [{ name: "b" }, { name: "c" }] });
    expect(m.items.map((i) => i.name)).toEqual(["a", "b", "c"]);
  });

  it("merges singular message fields", () => {
    const m = mergeBoth({ primary: { name: "x", quantity: 1, tags: ["t1"] } }, { primary: { quantity: 2, tags: ["t2"] } });
    expect(m.primary?.name).toBe("x");
    expect(m.primary?.quantity).toBe(2);
    expect(m.primary?.tags).toEqual(["t1", "t2"]);
  });

  it("overwrites map keys and keeps the others; map values are replaced, not merged", () => {
    const m = mergeBoth(
      { counts: { a: 1, b: 2 }, bySku: { k: { name: "x" }, j: { name: "j" } } },
      { counts: { b: 3, c: 4 }, bySku: { k: { quantity: 2 } } },
    );
    expect(m.counts).toEqual({ a: 1, b: 3, c: 4 });
    expect(m.bySku.k.name).toBe("");
    expect(m.bySku.k.quantity).toBe(2);
    expect(m.bySku.j.name).toBe("j");
  });

  it("overwrites scalars; a oneof merges the same message case and replaces another case", () => {
    let m = mergeBoth({ id: "a", int32Field: 5 }, { id: "b" });
    expect(m.id).toBe("b");
    expect(m.int32Field).toBe(5);
    m = mergeBoth({ note: { case: "gift", value: { name: "g" } } }, { note: { case: "gift", value: { quantity: 3 } } });
    expect(m.note.case).toBe("gift");
    expect(m.note.value).toMatchObject({ name: "g", quantity: 3 });
    m = mergeBoth({ note: { case: "gift", value: { name: "g" } } }, { note: { case: "text", value: "t" } });
    expect(m.note).toEqual({ case: "text", value: "t" });
  });

  it("empty input leaves the target as it was", () => {
    const m = mergeBoth({ id: "a", items: [{ name: "x" }] }, {});
    expect(m.id).toBe("a");
  });

  it("rejects a target of another message type like @bufbuild/protobuf", () => {
    const other = create(TestAllTypesProto3Schema);
    expect(() => ref.mergeFromBinary(OrderSchema, other as never, validBytes)).toThrow();
    expect(() => mergeFromBinary(OrderSchema, other as never, validBytes)).toThrow();
  });
});

describe("bytes fields are views of the input, of the input's class", () => {
  const m = create(TestAllTypesProto3Schema, {
    singleBytes: new Uint8Array([1, 2, 3]),
    repeatedBytes: [new Uint8Array([4]), new Uint8Array(0)],
    mapStringBytes: { k: new Uint8Array([5, 6]) },
  });
  const bytes = ref.toBinary(TestAllTypesProto3Schema, m);

  it.each([
    ["Uint8Array", (b: Uint8Array) => b, Uint8Array],
    ["Uint8Array at an offset", (b: Uint8Array) => new Uint8Array([9, 9, ...b]).subarray(2), Uint8Array],
    ["Buffer", (b: Uint8Array) => Buffer.from(b), Buffer],
  ] as const)("%s", (_name, wrap, cls) => {
    const input = wrap(bytes);
    const got = fromBinary(TestAllTypesProto3Schema, input);
    const want = ref.fromBinary(TestAllTypesProto3Schema, input);
    for (const [a, b] of [[got.singleBytes, want.singleBytes], [got.repeatedBytes[0], want.repeatedBytes[0]], [got.mapStringBytes.k, want.mapStringBytes.k]]) {
      expect(a.constructor).toBe(cls);
      expect(a.constructor).toBe(b.constructor);
      expect([...a]).toEqual([...b]);
      expect(a.buffer).toBe(input.buffer); // a view, not a copy
      expect(a.byteOffset).toBe(b.byteOffset);
    }
  });

  // The first view of an input is made another way than the next ones (decode.ts).
  it.each([
    ["Uint8Array", (b: Uint8Array) => b, Uint8Array],
    ["Uint8Array at an offset", (b: Uint8Array) => new Uint8Array([9, 9, 9, ...b]).subarray(3), Uint8Array],
    ["Buffer", (b: Uint8Array) => Buffer.from(b), Buffer],
  ] as const)("%s with one bytes field", (_name, wrap, cls) => {
    const input = wrap(ref.toBinary(TestAllTypesProto3Schema, create(TestAllTypesProto3Schema, { singleInt32: 7, singleBytes: new Uint8Array([1, 2, 3, 4]) })));
    const a = fromBinary(TestAllTypesProto3Schema, input).singleBytes;
    const b = ref.fromBinary(TestAllTypesProto3Schema, input).singleBytes;
    expect(a.constructor).toBe(cls);
    expect([...a]).toEqual([1, 2, 3, 4]);
    expect(a.buffer).toBe(input.buffer);
    expect(a.byteOffset).toBe(b.byteOffset);
  });
});
