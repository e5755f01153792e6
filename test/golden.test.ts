// Golden bytes worked out by hand, one comment per record. Each case checks
// that the codec encodes the message to exactly these bytes, decodes them
// back to the same message, and that @bufbuild/protobuf agrees (which checks
// the hand-written hex too).
import { describe, expect, it } from "vitest";
import { create, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import * as ref from "@bufbuild/protobuf";
import { fromBinary, toBinary } from "../src/index.js";
import { findDifference } from "./support/equal.js";
import { fromHex, toHex } from "./support/hex.js";
import { NumbersSchema, OuterSchema, RepeatsSchema, Test1Schema, TextsSchema } from "./gen/golden_pb.js";
import { TestAllTypesProto3Schema } from "./gen/proto3_pb.js";
import { DelimitedFileSchema } from "./gen/editions_delimited_pb.js";
import { EditionsMessageSchema } from "./gen/editions2023_pb.js";

interface Golden<D extends DescMessage> {
  name: string;
  schema: D;
  init: MessageInitShape<D>;
  hex: string;
}

function golden<D extends DescMessage>(g: Golden<D>): Golden<DescMessage> {
  return g as unknown as Golden<DescMessage>;
}

const cases: Golden<DescMessage>[] = [
  golden({
    name: "varint 150 in field 1",
    schema: Test1Schema,
    init: { a: 150 },
    hex: "08 96 01 // field 1 varint, 150 = 0x96 0x01",
  }),
  golden({
    name: "negative int32 takes 10 bytes",
    schema: NumbersSchema,
    init: { i32: -1 },
    hex: "08 ff ff ff ff ff ff ff ff ff 01 // field 1 varint, -1 sign-extended to 64 bits",
  }),
  golden({
    name: "every numeric kind at once, in field-number order",
    schema: NumbersSchema,
    init: {
      i32: 2147483647,
      i64: -2n,
      u32: 4294967295,
      u64: 18446744073709551615n,
      s32: -1,
      s64: 150n,
      f32: 1,
      f64: 1n,
      sf32: -2,
      sf64: -2n,
      flt: 1.5,
      dbl: -2.5,
      b: true,
    },
    hex: `
      08 ff ff ff ff 07                    // 1 int32 2147483647
      10 fe ff ff ff ff ff ff ff ff 01     // 2 int64 -2
      18 ff ff ff ff 0f                    // 3 uint32 4294967295
      20 ff ff ff ff ff ff ff ff ff 01     // 4 uint64 2^64-1
      28 01                                // 5 sint32 -1 -> zigzag 1
      30 ac 02                             // 6 sint64 150 -> zigzag 300
      3d 01 00 00 00                       // 7 fixed32 1 (wire type 5)
      41 01 00 00 00 00 00 00 00           // 8 fixed64 1 (wire type 1)
      4d fe ff ff ff                       // 9 sfixed32 -2
      51 fe ff ff ff ff ff ff ff           // 10 sfixed64 -2
      5d 00 00 c0 3f                       // 11 float 1.5 = 0x3fc00000
      61 00 00 00 00 00 00 04 c0           // 12 double -2.5 = 0xc004000000000000
      68 01                                // 13 bool true
    `,
  }),
  golden({
    name: "sint32 and sint64 zigzag at the extremes",
    schema: NumbersSchema,
    init: { s32: -2147483648, s64: -9223372036854775808n },
    hex: `
      28 ff ff ff ff 0f                    // 5 sint32 -2^31 -> zigzag 2^32-1
      30 ff ff ff ff ff ff ff ff ff 01     // 6 sint64 -2^63 -> zigzag 2^64-1
    `,
  }),
  golden({
    name: "sint32 64 and -64 straddle one byte",
    schema: NumbersSchema,
    init: { s32: 64, sf32: 0 },
    hex: `
      28 80 01        // 5 sint32 64 -> zigzag 128
      4d 00 00 00 00  // 9 sfixed32 0 (proto2: set, so written)
    `,
  }),
  golden({
    name: "float and double specials",
    schema: NumbersSchema,
    init: { flt: NaN, dbl: -0 },
    hex: `
      5d 00 00 c0 7f              // 11 float NaN (quiet NaN 0x7fc00000)
      61 00 00 00 00 00 00 00 80  // 12 double -0
    `,
  }),
  golden({
    name: "float infinity and the largest float32",
    schema: NumbersSchema,
    init: { flt: -Infinity, dbl: 3.4028234663852886e38 },
    hex: `
      5d 00 00 80 ff              // 11 float -Infinity
      61 00 00 00 e0 ff ff ef 47  // 12 double FLT_MAX
    `,
  }),
  golden({
    name: "multi-byte UTF-8 string and bytes",
    schema: TextsSchema,
    init: { s: "é€😀", b: new Uint8Array([0, 255]) },
    hex: `
      0a 09 c3 a9 e2 82 ac f0 9f 98 80  // 1 string, 9 bytes: é (2) € (3) 😀 (4)
      12 02 00 ff                       // 2 bytes
    `,
  }),
  golden({
    name: "packed and unpacked repeated fields",
    schema: RepeatsSchema,
    init: { unpacked: [1, 2], packed: [3, 270, 86942], packedSint: [-1, 1], packedFixed: [1], strings: ["a", ""] },
    hex: `
      08 01 08 02                 // 1 unpacked int32: one record per element
      12 06 03 8e 02 9e a7 05     // 2 packed int32 [3, 270, 86942], 6 bytes
      1a 02 01 02                 // 3 packed sint32 [-1, 1] -> zigzag 1, 2
      22 04 01 00 00 00           // 4 packed fixed32 [1]
      2a 01 61                    // 5 string "a"
      2a 00                       // 5 string ""
    `,
  }),
  golden({
    name: "nested message, group, map entry, oneof",
    schema: OuterSchema,
    init: { inner: { a: 150 }, g: { x: 1 }, counts: { a: 1 }, choice: { case: "name", value: "hi" }, tail: "z" },
    hex: `
      1a 03 08 96 01        // 3 message Test1 { a: 150 }
      23 28 01 24           // 4 group G: start (4<<3|3), x = 1 in field 5, end (4<<3|4)
      32 05 0a 01 61 10 01  // 6 map entry { key "a" (1), value 1 (2) }
      3a 02 68 69           // 7 oneof case name = "hi"
      4a 01 7a              // 9 string "z"
    `,
  }),
  golden({
    name: "proto3: zero values are not written, map entries in key order",
    schema: TestAllTypesProto3Schema,
    init: { singleInt32: 0, singleString: "", mapInt32Int32: { 10: 1, 2: 2 } },
    hex: `
      c2 03 04 08 02 10 02   // 56 map entry { key 2, value 2 } (integer-like keys iterate ascending)
      c2 03 04 08 0a 10 01   // 56 map entry { key 10, value 1 }
    `,
  }),
  golden({
    name: "proto3: negative enum, packed by default, largest field number",
    schema: TestAllTypesProto3Schema,
    init: { singleNestedEnum: -1, repeatedInt32: [1, -1], fieldMax: 1 },
    hex: `
      a8 01 ff ff ff ff ff ff ff ff ff 01                     // 21 enum NEG = -1
      fa 01 0b 01 ff ff ff ff ff ff ff ff ff 01               // 31 packed int32 [1, -1], 11 bytes
      f8 ff ff ff 0f 01                                       // 536870911 int32 1: 5-byte tag
    `,
  }),
  golden({
    name: "editions: file-level DELIMITED message encoding",
    schema: DelimitedFileSchema,
    init: { inner: { x: 1 }, lengthPrefixed: { x: 2 } },
    hex: `
      0b 08 01 0c   // 1 message as a group: start (1<<3|3), x = 1, end (1<<3|4)
      22 02 08 02   // 4 LENGTH_PREFIXED override: x = 2
    `,
  }),
  golden({
    name: "editions: implicit and explicit presence, expanded repeated",
    schema: EditionsMessageSchema,
    init: { explicitInt32: 0, implicitInt32: 0, expandedInt32: [5, 6], packedInt32: [5, 6] },
    hex: `
      08 00         // 1 explicit presence: 0 is written
                    // 2 implicit presence: 0 is not
      a2 01 02 05 06 // 20 packed [5, 6]
      a8 01 05      // 21 expanded: one record per element
      a8 01 06
    `,
  }),
];

describe("golden bytes", () => {
  for (const g of cases) {
    describe(g.name, () => {
      const expected = fromHex(g.hex);
      const message = create(g.schema, g.init);

      it("@bufbuild/protobuf agrees with the hand-written bytes", () => {
        expect(toHex(ref.toBinary(g.schema, message))).toBe(toHex(expected));
      });

      it("encodes to the golden bytes", () => {
        expect(toHex(toBinary(g.schema, message))).toBe(toHex(expected));
      });

      it("decodes the golden bytes to the message", () => {
        const decoded = fromBinary(g.schema, expected);
        expect(findDifference(decoded, message)).toBeUndefined();
        expect(findDifference(decoded, ref.fromBinary(g.schema, expected))).toBeUndefined();
      });
    });
  }
});

describe("golden bytes: unknown fields", () => {
  const bytes = fromHex(`
    10 05              // 2 varint 5 (unknown)
    08 01              // 1 a = 1
    1a 01 41           // 3 length-delimited "A" (unknown)
    2b 08 01 2c        // 5 group { 1: 1 } (unknown)
    25 01 02 03 04     // 4 fixed32 (unknown)
  `);

  it("keeps unknown fields in $unknown, in input order, with their raw data", () => {
    const m = fromBinary(Test1Schema, bytes);
    expect(m.a).toBe(1);
    const unknown = (m.$unknown ?? []).map((u) => ({ no: u.no, wireType: u.wireType, data: toHex(u.data) }));
    expect(unknown).toEqual([
      { no: 2, wireType: 0, data: "05" },
      { no: 3, wireType: 2, data: "01 41" },
      { no: 5, wireType: 3, data: "08 01 2c" },
      { no: 4, wireType: 5, data: "01 02 03 04" },
    ]);
    expect(findDifference(m, ref.fromBinary(Test1Schema, bytes))).toBeUndefined();
  });

  it("writes known fields first, then unknown fields in their order", () => {
    const expected = fromHex("08 01  10 05  1a 01 41  2b 08 01 2c  25 01 02 03 04");
    expect(toHex(toBinary(Test1Schema, fromBinary(Test1Schema, bytes)))).toBe(toHex(expected));
  });

  it("drops them with readUnknownFields: false and writeUnknownFields: false", () => {
    expect(fromBinary(Test1Schema, bytes, { readUnknownFields: false }).$unknown).toBeUndefined();
    const m = fromBinary(Test1Schema, bytes);
    expect(toHex(toBinary(Test1Schema, m, { writeUnknownFields: false }))).toBe("08 01");
  });

  it("keeps an unknown closed-enum value as an unknown field (proto2)", async () => {
    const { TestAllTypesProto2Schema } = await import("./gen/proto2_pb.js");
    const input = fromHex("b0 01 03 // 22 optional_closed_enum = 3, not a ClosedEnum value");
    const m = fromBinary(TestAllTypesProto2Schema, input);
    expect(Object.prototype.hasOwnProperty.call(m, "optionalClosedEnum")).toBe(false);
    expect(m.$unknown?.map((u) => [u.no, u.wireType, toHex(u.data)])).toEqual([[22, 0, "03"]]);
    expect(toHex(toBinary(TestAllTypesProto2Schema, m))).toBe("b0 01 03");
  });
});
