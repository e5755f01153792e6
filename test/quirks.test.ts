// Named cases for the lenient or surprising decoding rules of @bufbuild/protobuf
// 2.17 that a drop-in codec must reproduce (the differential test finds them at
// random; here each one is pinned and explained). For each input: the codec's
// result must strictly equal the reference's, both re-encode to the same bytes,
// and the documented behaviour is asserted on the reference's result.
import { describe, expect, it } from "vitest";
import * as ref from "@bufbuild/protobuf";
import type { DescMessage } from "@bufbuild/protobuf";
import { fromBinary, toBinary } from "../src/index.js";
import { findDifference } from "./support/equal.js";
import { fromHex, toHex } from "./support/hex.js";
import { OuterSchema, RepeatsSchema, Test1Schema, TextsSchema } from "./gen/golden_pb.js";
import { TestAllTypesProto2Schema } from "./gen/proto2_pb.js";
import { TestAllTypesProto3Schema, TestAllTypesProto3_NestedMessageSchema } from "./gen/proto3_pb.js";
import { WellKnownTypesSchema } from "./gen/wkt_pb.js";

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Quirk {
  name: string;
  schema: DescMessage;
  hex: string;
  /** What @bufbuild/protobuf does; checked on its result (undefined: it rejects the input). */
  check?: (m: Any) => void;
  /** Expected re-encoding of the decoded message, when worth pinning. */
  reencoded?: string;
}

const quirks: Quirk[] = [
  {
    name: "a known field with the wrong wire type is read as its declared type",
    schema: Test1Schema,
    hex: "0d 05 // field 1 with wire type 5 (fixed32), but a is int32: read as the varint 5",
    check: (m) => expect(m.a).toBe(5),
  },
  {
    name: "a nested message may read past its declared length (no bound check on children)",
    schema: OuterSchema,
    hex: "1a 01 08 96 01 4a 01 7a // inner: length 1, but its varint 150 runs 2 bytes further; tail 'z' follows",
    check: (m) => {
      expect(m.inner.a).toBe(150);
      expect(m.tail).toBe("z");
    },
  },
  {
    name: "a packed fixed32 payload of 5 bytes reads a second element past its end",
    schema: RepeatsSchema,
    hex: "22 05 01 00 00 00 02 00 00 00 08 07 // packed_fixed: length 5; reading resumes after 8 bytes",
    check: (m) => {
      expect(m.packedFixed).toEqual([1, 2]);
      expect(m.unpacked).toEqual([7]);
    },
  },
  {
    name: "an unknown varint may be longer than 10 bytes (skipping does not count)",
    schema: Test1Schema,
    hex: "10 ff ff ff ff ff ff ff ff ff ff ff 01 // field 2 unknown, 12-byte varint",
    check: (m) => expect(m.$unknown[0].data.length).toBe(12),
    reencoded: "10 ff ff ff ff ff ff ff ff ff ff ff 01",
  },
  {
    name: "a 32-bit field keeps the low 32 bits of a 64-bit varint",
    schema: Test1Schema,
    hex: "08 81 80 80 80 f0 ff ff ff ff 01 // a: 0xffff_ffff_0000_0001",
    check: (m) => expect(m.a).toBe(1),
  },
  {
    name: "a tag padded to 5 bytes is accepted",
    schema: Test1Schema,
    hex: "88 80 80 80 00 05 // field 1 varint, tag 0x08 as 5 bytes",
    check: (m) => expect(m.a).toBe(5),
  },
  {
    name: "a tag padded to 6 bytes is rejected",
    schema: Test1Schema,
    hex: "88 80 80 80 80 00 05",
  },
  {
    name: "bool: any non-zero varint is true, a padded zero is false",
    schema: TestAllTypesProto3Schema,
    hex: "68 02 // single_bool = 2\n f8 08 80 80 80 80 80 80 80 80 80 00 // opt_bool (143) = padded 0",
    check: (m) => {
      expect(m.singleBool).toBe(true);
      expect(m.optBool).toBe(false);
    },
  },
  {
    name: "a map entry without a key gets the zero key; value before key is fine",
    schema: OuterSchema,
    hex: "32 02 10 07 // counts: entry with only value 7\n 32 05 10 08 0a 01 62 // entry {value 8, key 'b'}",
    check: (m) => expect(m.counts).toEqual({ "": 7, b: 8 }),
  },
  {
    name: "map: a repeated key keeps its first position and its last value",
    schema: TestAllTypesProto3Schema,
    hex: "c2 03 04 08 0a 10 01 // map_int32_int32 {10: 1}\n c2 03 04 08 03 10 02 // {3: 2}\n c2 03 04 08 0a 10 05 // {10: 5}",
    check: (m) => expect(Object.entries(m.mapInt32Int32)).toEqual([["3", 2], ["10", 5]]),
    reencoded: "c2 03 04 08 03 10 02 c2 03 04 08 0a 10 05",
  },
  {
    name: "proto2 strings are not validated: WHATWG replacement (one U+FFFD per maximal subpart)",
    schema: TextsSchema,
    hex: "0a 04 e2 82 ff 61 // s: truncated 3-byte sequence, 0xff, 'a'",
    check: (m) => expect(m.s).toBe("\uFFFD\uFFFDa"),
  },
  {
    name: "proto2 strings: overlong and surrogate encodings become U+FFFD per byte",
    schema: TextsSchema,
    hex: "0a 05 c0 80 ed a0 80 // s: overlong NUL, encoded U+D800",
    check: (m) => expect(m.s).toBe("\uFFFD".repeat(5)),
  },
  {
    name: "a leading U+FEFF is text, not a byte-order mark",
    schema: TestAllTypesProto3Schema,
    hex: "72 04 ef bb bf 61 // single_string",
    check: (m) => expect(m.singleString).toBe("\uFEFFa"),
  },
  {
    name: "closed enums: unknown singular and oneof values go to $unknown; repeated and map values are kept",
    schema: TestAllTypesProto2Schema,
    hex: `b0 01 03          // 22 optional_closed_enum = 3 (unknown)
          c0 07 07          // 120 oneof_closed_enum = 7 (unknown)
          a0 03 63          // 52 repeated_closed_enum = 99 (kept)
          ca 04 04 08 01 10 63 // 73 map_int64_closed_enum {1: 99} (kept)`,
    check: (m) => {
      expect(m.$unknown.map((u: Any) => [u.no, u.wireType])).toEqual([[22, 0], [120, 0]]);
      expect(m.oneofField.case).toBeUndefined();
      expect(m.repeatedClosedEnum).toEqual([99]);
      expect(m.mapInt64ClosedEnum).toEqual({ "1": 99 });
    },
  },
  {
    name: "closed enums: an unknown value read with the wrong wire type is kept with that wire type",
    schema: TestAllTypesProto2Schema,
    hex: "b5 01 03 // 22 optional_closed_enum, wire type 5, varint 3",
    check: (m) => expect(m.$unknown.map((u: Any) => [u.no, u.wireType, toHex(u.data)])).toEqual([[22, 5, "03"]]),
    reencoded: "b5 01 03",
  },
  {
    name: "a group field sent as length-delimited is still read as a group",
    schema: OuterSchema,
    hex: "22 28 01 24 // field 4 with wire type 2, then x = 1 and the end-group tag",
    check: (m) => expect(m.g.x).toBe(1),
  },
  {
    name: "oneof: the last member wins; the same message member merges",
    schema: OuterSchema,
    hex: "3a 01 61 // name 'a'\n 42 02 08 01 // msg {a: 1}\n 42 00 // msg {} merges",
    check: (m) => expect(m.choice).toMatchObject({ case: "msg", value: { a: 1 } }),
  },
  {
    name: "Struct fields are JSON: a Value without a kind becomes null and is re-encoded as null_value",
    schema: WellKnownTypesSchema,
    hex: "fa 01 07 0a 05 0a 01 61 12 00 // struct {fields {key 'a' value {}}}",
    check: (m) => expect(m.struct).toEqual({ a: null }),
    reencoded: "fa 01 09 0a 07 0a 01 61 12 02 08 00",
  },
  {
    name: "singular wrapper fields are unwrapped: unknown fields inside the wrapper are dropped",
    schema: WellKnownTypesSchema,
    hex: "2a 04 08 07 10 01 // w_int32 {value 7, unknown field 2}",
    check: (m) => expect(m.wInt32).toBe(7),
    reencoded: "2a 02 08 07",
  },
  {
    name: "Struct fields are JSON: unknown fields inside the Struct are dropped",
    schema: WellKnownTypesSchema,
    hex: "fa 01 02 10 01 // struct {unknown field 2}",
    check: (m) => expect(m.struct).toEqual({}),
    reencoded: "fa 01 00",
  },
];

describe("quirks of @bufbuild/protobuf's decoder, reproduced", () => {
  for (const q of quirks) {
    it(q.name, () => {
      const bytes = fromHex(q.hex);
      let expected: Any;
      let refError: unknown;
      try {
        expected = ref.fromBinary(q.schema, bytes);
      } catch (e) {
        refError = e;
      }
      if (q.check === undefined) {
        expect(refError, "@bufbuild/protobuf rejects this input").toBeDefined();
        expect(() => fromBinary(q.schema, bytes)).toThrow();
        return;
      }
      expect(refError).toBeUndefined();
      q.check(expected);
      const actual = fromBinary(q.schema, bytes);
      expect(findDifference(actual, expected)).toBeUndefined();
      const want = toHex(ref.toBinary(q.schema, expected));
      if (q.reencoded !== undefined) expect(want).toBe(toHex(fromHex(q.reencoded)));
      expect(toHex(toBinary(q.schema, expected))).toBe(want);
      expect(toHex(toBinary(q.schema, actual))).toBe(want);
    });
  }
});

describe("quirks of @bufbuild/protobuf's encoder, reproduced", () => {
  const encodes = (schema: DescMessage, m: Any, expectedHex: string) => {
    expect(toHex(ref.toBinary(schema, m))).toBe(toHex(fromHex(expectedHex)));
    expect(toHex(toBinary(schema, m))).toBe(toHex(fromHex(expectedHex)));
  };

  it("lone surrogates are written as U+FFFD (EF BF BD)", () => {
    const m = ref.create(TextsSchema, { s: "a\uD800b" });
    encodes(TextsSchema, m, "0a 05 61 ef bf bd 62");
  });

  it("proto3 implicit fields: -0 is written, 0 is not", () => {
    const m = ref.create(TestAllTypesProto3Schema, { singleDouble: -0, singleFloat: 0 });
    encodes(TestAllTypesProto3Schema, m, "61 00 00 00 00 00 00 00 80");
  });

  it("map entries follow JS key order: integer-like keys first, ascending", () => {
    const m = ref.create(TestAllTypesProto3Schema);
    m.mapStringString = { b: "1", "2": "2", a: "3", "1": "4" };
    encodes(
      TestAllTypesProto3Schema,
      m,
      `aa 04 06 0a 01 31 12 01 34 // 69 "1": "4"
       aa 04 06 0a 01 32 12 01 32 // 69 "2": "2"
       aa 04 06 0a 01 62 12 01 31 // 69 "b": "1"
       aa 04 06 0a 01 61 12 01 33 // 69 "a": "3"`,
    );
  });

  it("map entries are the record's own enumerable keys, whatever its prototype chain holds", () => {
    // Pins what a writer that walks records any other way than Object.keys (for-in was
    // tried) must keep: no keys from the prototype chain, polluted or not, nor hidden ones.
    class Record {}
    (Record.prototype as Any).inherited = "y";
    const records: [string, () => Any][] = [
      ["plain", () => ({ b: "1", "2": "2", a: "3" })],
      ["null prototype", () => Object.assign(Object.create(null), { b: "1", "2": "2", a: "3" })],
      ["class instance", () => Object.assign(new Record(), { b: "1", "2": "2", a: "3" })],
      ["with a hidden key", () => Object.defineProperty({ b: "1", "2": "2", a: "3" }, "hidden", { value: "z", enumerable: false })],
      ["after a delete", () => { const r: Any = { x: "0", b: "1", "2": "2", a: "3" }; delete r.x; return r; }],
    ];
    const expectedHex = `aa 04 06 0a 01 32 12 01 32 // 69 "2": "2"
       aa 04 06 0a 01 62 12 01 31 // 69 "b": "1"
       aa 04 06 0a 01 61 12 01 33 // 69 "a": "3"`;
    for (const polluted of [false, true]) {
      if (polluted) (Object.prototype as Any).polluted = "x";
      try {
        for (const [name, record] of records) {
          const m = ref.create(TestAllTypesProto3Schema);
          m.mapStringString = record();
          expect(toHex(toBinary(TestAllTypesProto3Schema, m)), `${name}, Object.prototype polluted: ${polluted}`).toBe(toHex(fromHex(expectedHex)));
          expect(toHex(ref.toBinary(TestAllTypesProto3Schema, m)), name).toBe(toHex(fromHex(expectedHex)));
          // Maps of other kinds take the same two ways.
          const other = ref.create(TestAllTypesProto3Schema);
          const entries = (r: Any) => Object.assign(r, { "7": 1, "-3": 2, "40": 3 });
          other.mapInt32Int32 = entries(name === "class instance" ? new Record() : name === "null prototype" ? Object.create(null) : {});
          other.mapStringNestedMessage = Object.assign(name === "class instance" ? (new Record() as Any) : {}, { k: ref.create(TestAllTypesProto3_NestedMessageSchema, { a: 5 }) });
          const want = toHex(ref.toBinary(TestAllTypesProto3Schema, other));
          expect(want).not.toContain(toHex(new TextEncoder().encode("polluted")));
          expect(toHex(toBinary(TestAllTypesProto3Schema, other)), `${name} (other maps), Object.prototype polluted: ${polluted}`).toBe(want);
        }
      } finally {
        delete (Object.prototype as Any).polluted;
      }
    }
  });

  it("numeric strings are accepted for 32-bit fields, numbers for 64-bit fields", () => {
    const m = ref.create(TestAllTypesProto3Schema);
    (m as Any).singleInt32 = "12";
    (m as Any).singleInt64 = 5;
    (m as Any).singleUint32 = "0"; // loosely equal to 0: not written
    encodes(TestAllTypesProto3Schema, m, "08 0c 10 05");
  });
});
