// Singular scalars at and beyond the edges of their ranges, through both writers: the
// generated one (its fast paths for bigint 64-bit fields, uint32, sint32 and double) and the
// generic plan interpreter. Each value must encode to @bufbuild/protobuf's bytes, or be
// refused by both, ours with an EncodeError that names the field.
import { describe, expect, it } from "vitest";
import * as ref from "@bufbuild/protobuf";
import type { DescMessage } from "@bufbuild/protobuf";
import { EncodeError, toBinary } from "../src/index.js";
import { itOnBothPaths } from "./support/code-paths.js";
import { toHex } from "./support/hex.js";
import { TestAllTypesProto2Schema } from "./gen/proto2_pb.js";
import { TestAllTypesProto3Schema } from "./gen/proto3_pb.js";

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const I64 = 2n ** 63n;
const U64 = 2n ** 64n;
const signed64 = [0n, 1n, -1n, 2n ** 32n, -(2n ** 32n), I64 - 1n, -I64, I64, -I64 - 1n, U64, 5, "-7", "x", 1.5];
const unsigned64 = [0n, 1n, 2n ** 32n, U64 - 1n, I64, -1n, U64, 5, "7", -1];
const values: Record<string, unknown[]> = {
  Int64: signed64,
  Sint64: signed64,
  Sfixed64: signed64,
  Uint64: unsigned64,
  Fixed64: unsigned64,
  Uint32: [0, 1, 2 ** 32 - 1, 2 ** 32, -1, 1.5, "9", 3n],
  Sint32: [0, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 0.5, "-3"],
  Double: [0, -0, 1.5, -1e308, NaN, Infinity, "2.5", 4n],
};

function check(schema: DescMessage, key: string, v: unknown) {
  const m = ref.create(schema) as Any;
  m[key] = v;
  let expected: string | undefined;
  try {
    expected = toHex(ref.toBinary(schema, m));
  } catch {
    expected = undefined;
  }
  const label = `${schema.typeName}.${key} = ${typeof v === "bigint" ? `${v}n` : JSON.stringify(v) ?? String(v)}`;
  if (expected !== undefined) {
    expect(toHex(toBinary(schema, m)), label).toBe(expected);
  } else {
    expect(() => toBinary(schema, m), label).toThrow(EncodeError);
  }
}

function runAll() {
  let n = 0;
  for (const [kind, list] of Object.entries(values)) {
    for (const v of list) {
      check(TestAllTypesProto3Schema, `single${kind}`, v);
      check(TestAllTypesProto2Schema, `optional${kind}`, v);
      n += 2;
    }
  }
  return n;
}

const SCHEMAS = [TestAllTypesProto3Schema, TestAllTypesProto2Schema];

describe("singular scalars at their edges, as @bufbuild/protobuf writes them", () => {
  itOnBothPaths(SCHEMAS, "writer", runAll);
});

describe("map<string, string> entries around the one-OP_BYTES limit (42 UTF-16 units)", () => {
  const strings = [
    "",
    "a",
    "x".repeat(41),
    "x".repeat(42),
    "x".repeat(43),
    "é".repeat(42), // 84 bytes
    "€".repeat(42), // 126 bytes: the largest one-byte length
    "€".repeat(43), // 129 bytes: a two-byte length
    "😀".repeat(21), // 42 units, 84 bytes
    "\uD800".repeat(42), // lone surrogates: U+FFFD, 126 bytes
    "a€".repeat(21),
  ];
  it("every pair of keys and values encodes as @bufbuild/protobuf does", () => {
    let n = 0;
    for (const k of strings) {
      for (const v of strings) {
        const m = ref.create(TestAllTypesProto3Schema) as Any;
        m.mapStringString = { [k]: v, z: v, [`${k}2`]: "short" };
        const expected = toHex(ref.toBinary(TestAllTypesProto3Schema, m));
        expect(toHex(toBinary(TestAllTypesProto3Schema, m)), `${JSON.stringify(k)}: ${JSON.stringify(v)}`).toBe(expected);
        n++;
      }
    }
    expect(n).toBe(strings.length ** 2);
  });
});
