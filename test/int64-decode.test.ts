// 64-bit integers on decode, around the shared cache of small bigints (src/int64.ts: 0 to
// 1023 are made once): values at and past its edges, and values whose low half is small but
// whose high half is not, in singular fields (generated reader and generic one), packed and
// unpacked lists, and map values. Each must decode exactly as @bufbuild/protobuf decodes it.
import { describe, expect } from "vitest";
import * as ref from "@bufbuild/protobuf";
import type { DescMessage } from "@bufbuild/protobuf";
import { fromBinary } from "../src/index.js";
import { itOnBothPaths } from "./support/code-paths.js";
import { findDifference } from "./support/equal.js";
import { TestAllTypesProto2Schema } from "./gen/proto2_pb.js";
import { TestAllTypesProto3Schema } from "./gen/proto3_pb.js";

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const U32 = 2n ** 32n;
const signed = [0n, 1n, 5n, 1023n, 1024n, 1025n, -1n, -1023n, -1024n, U32, U32 + 5n, -U32, -U32 + 7n, 2n ** 63n - 1n, -(2n ** 63n)];
const unsigned = [0n, 1n, 1023n, 1024n, U32, U32 + 3n, 2n ** 64n - 1n, 2n ** 63n];

// A message of schema with the fields of init that schema has.
function make(schema: DescMessage, init: Record<string, unknown>): Any {
  const known = new Set(schema.fields.map((f) => f.localName));
  const present = Object.entries(init).filter(([k]) => known.has(k));
  expect(present.length, `${schema.typeName} has one of ${Object.keys(init).join(", ")}`).toBeGreaterThan(0);
  return ref.create(schema, Object.fromEntries(present) as Any);
}

function messages(): [DescMessage, Any][] {
  const out: [DescMessage, Any][] = [];
  for (const [schema, prefix] of [[TestAllTypesProto3Schema, "single"], [TestAllTypesProto2Schema, "optional"]] as const) {
    for (const kind of ["Int64", "Sint64", "Sfixed64"]) {
      for (const v of signed) out.push([schema, make(schema, { [`${prefix}${kind}`]: v })]);
      out.push([schema, make(schema, { [`repeated${kind}`]: signed, [`packed${kind}`]: signed })]);
    }
    for (const kind of ["Uint64", "Fixed64"]) {
      for (const v of unsigned) out.push([schema, make(schema, { [`${prefix}${kind}`]: v })]);
      out.push([schema, make(schema, { [`repeated${kind}`]: unsigned, [`packed${kind}`]: unsigned })]);
    }
    const map: Record<string, bigint> = {};
    for (const v of signed) map[String(v)] = v;
    if (schema.fields.some((f) => f.localName === "mapInt64Int64")) out.push([schema, make(schema, { mapInt64Int64: map })]);
  }
  return out;
}

function checkAll(): number {
  let n = 0;
  for (const [schema, m] of messages()) {
    const bytes = ref.toBinary(schema, m);
    const expected = ref.fromBinary(schema, bytes);
    // Twice: the second decode finds the small values in the cache.
    for (let k = 0; k < 2; k++) {
      const diff = findDifference(fromBinary(schema, bytes), expected);
      expect(diff, `${schema.typeName} ${JSON.stringify(m, (_, v) => (typeof v === "bigint" ? `${v}n` : v))}`).toBeUndefined();
      n++;
    }
  }
  return n;
}

const SCHEMAS = [TestAllTypesProto3Schema, TestAllTypesProto2Schema];

describe("64-bit integers on decode, around the small-bigint cache", () => {
  itOnBothPaths(SCHEMAS, "reader", checkAll);
});
