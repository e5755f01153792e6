// Self-test of the strict comparator (support/equal.ts) and of the wire helpers
// the differential test relies on: each must detect what it claims to detect.
import { describe, expect, it } from "vitest";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { findDifference } from "./support/equal.js";
import { bytesEqual } from "./support/hex.js";
import { Rng } from "./support/rng.js";
import { parseRecords, replaceContent, varint, tag, concat, flatten } from "./support/wire.js";
import { mutate } from "./support/mutate.js";
import { MessageGenerator, DEFAULT_GEN } from "./support/random-message.js";
import { Defaults2Schema, TestAllTypesProto2Schema } from "./gen/proto2_pb.js";
import { TestAllTypesProto3Schema } from "./gen/proto3_pb.js";
import { testRegistry } from "./support/schemas.js";

describe("findDifference", () => {
  it("treats NaN as equal to NaN and -0 as different from 0", () => {
    expect(findDifference(NaN, NaN)).toBeUndefined();
    expect(findDifference(-0, 0)).toMatch(/-0 != 0/);
    expect(findDifference({ a: [0] }, { a: [-0] })).toMatch(/^\$\.a\[0\]/);
  });

  it("keeps bigint, string and number apart", () => {
    expect(findDifference(1n, 1)).toMatch(/type bigint/);
    expect(findDifference("1", 1n)).toMatch(/type string/);
    expect(findDifference(1, "1")).toMatch(/type number/);
    expect(findDifference(5n, 5n)).toBeUndefined();
  });

  it("compares Uint8Array by content, not by identity or class", () => {
    expect(findDifference(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBeUndefined();
    expect(findDifference(Buffer.from([1, 2]), new Uint8Array([1, 2]))).toBeUndefined();
    expect(findDifference(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toMatch(/\[1\]: byte/);
    expect(findDifference(new Uint8Array([1]), new Uint8Array([1, 3]))).toMatch(/byte length/);
    expect(findDifference(new Uint8Array([1]), [1])).toBeDefined();
  });

  it("distinguishes a missing key from a key holding undefined", () => {
    expect(findDifference({ a: undefined }, {})).toMatch(/\$\.a: unexpected key/);
    expect(findDifference({}, { a: undefined })).toMatch(/\$\.a: missing/);
  });

  it("compares $typeName and $unknown", () => {
    expect(findDifference({ $typeName: "a.B" }, { $typeName: "a.C" })).toMatch(/\$typeName/);
    const u = (d: number[]) => ({ $typeName: "a.B", $unknown: [{ no: 1, wireType: 0, data: new Uint8Array(d) }] });
    expect(findDifference(u([1]), u([1]))).toBeUndefined();
    expect(findDifference(u([1]), u([2]))).toMatch(/\$unknown\[0\]\.data/);
  });

  it("compares the own properties of prototypes (proto2 defaults)", () => {
    const a = create(Defaults2Schema);
    const b = create(Defaults2Schema);
    expect(findDifference(a, b)).toBeUndefined();
    const plain = { ...a };
    expect(findDifference(plain, a)).toMatch(/prototype is Object.prototype/);
    const otherProto = Object.create({ ...Object.getPrototypeOf(a), dInt32: 1 });
    Object.assign(otherProto, a);
    expect(findDifference(otherProto, a)).toMatch(/\[\[Prototype\]\]\.dInt32/);
    // The registry's descriptor has its own prototype object with the same content.
    const reg = create(testRegistry().getMessage(Defaults2Schema.typeName)!);
    expect(findDifference(reg, a)).toBeUndefined();
  });

  it("reports the path of the first difference", () => {
    const a = { items: [{ name: "x" }, { name: "y", tags: { "a b": 1 } }] };
    const b = { items: [{ name: "x" }, { name: "y", tags: { "a b": 2 } }] };
    expect(findDifference(a, b)).toBe('$.items[1].tags["a b"]: 1 != 2');
  });

  it("ignores key order unless asked", () => {
    expect(findDifference({ a: 1, b: 2 }, { b: 2, a: 1 })).toBeUndefined();
    expect(findDifference({ a: 1, b: 2 }, { b: 2, a: 1 }, { keyOrder: true })).toMatch(/key order/);
  });

  it("sees own __proto__ keys", () => {
    const a: Record<string, unknown> = {};
    Object.defineProperty(a, "__proto__", { value: 1, enumerable: true, writable: true, configurable: true });
    expect(findDifference(a, {})).toMatch(/__proto__/);
  });
});

describe("wire helpers", () => {
  it("varint and tag encode like protobuf", () => {
    expect(varint(150)).toEqual([0x96, 0x01]);
    expect(varint(-1)).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    expect(varint(1, 2)).toEqual([0x81, 0x80, 0x00]);
    expect(tag(1, 2)).toEqual([0x0a]);
  });

  it("parses records, including nested messages and groups, and rebuilds lengths", () => {
    const m = create(TestAllTypesProto2Schema, {
      optionalNestedMessage: { a: 5 },
      data: { groupInt32: 7 },
      optionalString: "hi",
    });
    const bytes = toBinary(TestAllTypesProto2Schema, m);
    const nodes = parseRecords(bytes)!;
    expect(nodes.map((n) => n.fieldNo)).toEqual([14, 18, 201]);
    const nested = nodes[1];
    expect(nested.children?.map((c) => c.fieldNo)).toEqual([1]);
    expect(nodes[2].children?.map((c) => c.fieldNo)).toEqual([202]);
    const rebuilt = replaceContent(bytes, nodes, nested, concat([tag(1, 0), varint(300)]));
    expect(fromBinary(TestAllTypesProto2Schema, rebuilt).optionalNestedMessage?.a).toBe(300);
    expect(parseRecords(bytes.subarray(0, bytes.length - 1))).toBeUndefined();
    // 14 "hi" also parses as a record (0x68 = field 13, varint 0x69): 3 + 1 + 1 + 1
    expect(flatten(nodes).length).toBe(6);
  });

  it("mutations change the bytes and are reproducible", () => {
    const bytes = toBinary(
      TestAllTypesProto3Schema,
      new MessageGenerator(new Rng("m"), { ...DEFAULT_GEN, budget: 100, allowLarge: false }).message(TestAllTypesProto3Schema) as never,
    );
    const kinds = new Set<string>();
    let unchanged = 0;
    for (let i = 0; i < 200; i++) {
      const a = mutate(new Rng(`k${i}`), bytes);
      const b = mutate(new Rng(`k${i}`), bytes);
      expect(bytesEqual(a.bytes, b.bytes)).toBe(true);
      // A few are no-ops (a bit flipped twice, an empty length deflated).
      if (bytesEqual(a.bytes, bytes)) unchanged++;
      kinds.add(a.kind);
    }
    expect(unchanged).toBeLessThan(10);
    expect(kinds.size).toBeGreaterThan(8);
  });

  it("the generator is deterministic per seed", () => {
    const gen = (s: string) =>
      toBinary(TestAllTypesProto3Schema, new MessageGenerator(new Rng(s), DEFAULT_GEN).message(TestAllTypesProto3Schema) as never);
    expect(bytesEqual(gen("x"), gen("x"))).toBe(true);
    expect(bytesEqual(gen("x"), gen("y"))).toBe(false);
  });
});
