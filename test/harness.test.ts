// The differential harness must be able to fail: each case here plants one bug
// in a wrapper around @bufbuild/protobuf, makes it the codec under test, and
// expects the matching differential category to report a failure.
import { afterEach, describe, expect, it } from "vitest";
import * as ref from "@bufbuild/protobuf";
import { create, type DescMessage } from "@bufbuild/protobuf";
import { setCodecUnderTest, ours } from "./support/codecs.js";
import { CATEGORIES, type Category, runCases } from "./support/differential.js";
import { schemaTypes } from "./support/schemas.js";

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A deep copy of a decoded message with `fix` applied to every value (prototypes kept). */
function transform(value: unknown, fix: (v: unknown) => unknown): unknown {
  const v = fix(value);
  if (v === null || typeof v !== "object" || v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return v.map((x) => transform(x, fix));
  const out = Object.create(Object.getPrototypeOf(v));
  for (const k of Object.keys(v)) {
    Object.defineProperty(out, k, { value: transform((v as Any)[k], fix), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

const fromBinary = ref.fromBinary as (d: DescMessage, b: Uint8Array, o?: Any) => Any;
const toBinary = ref.toBinary as (d: DescMessage, m: Any, o?: Any) => Uint8Array;

const bugs: { name: string; category: Category; type: string; codec: Any }[] = [
  {
    name: "toBinary drops unknown fields",
    category: "unknown-fields",
    type: "protowasm.test.p3.TestAllTypesProto3@gen",
    codec: { toBinary: (d: DescMessage, m: Any) => toBinary(d, m, { writeUnknownFields: false }) },
  },
  {
    name: "toBinary writes -0 as 0",
    category: "roundtrip",
    type: "protowasm.test.p2.TestAllTypesProto2@gen",
    codec: { toBinary: (d: DescMessage, m: Any, o: Any) => toBinary(d, transform(m, (v) => (Object.is(v, -0) ? 0 : v)), o) },
  },
  {
    name: "fromBinary returns int64 as strings",
    category: "roundtrip",
    type: "protowasm.test.p3.TestAllTypesProto3@gen",
    codec: { fromBinary: (d: DescMessage, b: Uint8Array, o: Any) => transform(fromBinary(d, b, o), (v) => (typeof v === "bigint" ? String(v) : v)) },
  },
  {
    name: "fromBinary loses the proto2 prototype (defaults)",
    category: "roundtrip",
    type: "protowasm.test.p2.Defaults2@gen",
    codec: { fromBinary: (d: DescMessage, b: Uint8Array, o: Any) => ({ ...fromBinary(d, b, o) }) },
  },
  {
    name: "fromBinary reverses the key order of maps",
    category: "roundtrip",
    type: "protowasm.test.p3.TestAllTypesProto3@gen",
    codec: {
      fromBinary: (d: DescMessage, b: Uint8Array, o: Any) =>
        transform(fromBinary(d, b, o), (v) => {
          if (v === null || typeof v !== "object" || Array.isArray(v) || v instanceof Uint8Array || "$typeName" in v) return v;
          const out: Any = {};
          for (const k of Object.keys(v).reverse()) Object.defineProperty(out, k, { value: (v as Any)[k], enumerable: true, writable: true, configurable: true });
          return out;
        }),
    },
  },
  {
    name: "fromBinary accepts invalid input",
    category: "mutation",
    type: "protowasm.test.p2.TestAllTypesProto2@gen",
    codec: {
      fromBinary: (d: DescMessage, b: Uint8Array, o: Any) => {
        try {
          return fromBinary(d, b, o);
        } catch {
          return create(d);
        }
      },
    },
  },
  {
    name: "fromBinary ignores recursionLimit",
    category: "options",
    type: "protowasm.test.p3.Node@gen",
    codec: { fromBinary: (d: DescMessage, b: Uint8Array, o: Any) => fromBinary(d, b, { ...o, recursionLimit: 100 }) },
  },
  {
    name: "fromBinary validates UTF-8 everywhere (proto2 too)",
    category: "mutation",
    type: "protowasm.test.p2.TestAllTypesProto2@gen",
    codec: {
      fromBinary: (d: DescMessage, b: Uint8Array, o: Any) =>
        transform(fromBinary(d, b, o), (v) => {
          if (typeof v === "string" && v.includes("\uFFFD")) throw new Error("invalid UTF-8");
          return v;
        }),
    },
  },
  {
    name: "mergeFromBinary replaces instead of merging",
    category: "merge",
    type: "protowasm.test.p3.TestAllTypesProto3@gen",
    codec: { mergeFromBinary: (d: DescMessage, t: Any, b: Uint8Array, o: Any) => Object.assign(t, fromBinary(d, b, o)) },
  },
  {
    name: "toBinary rejects numeric strings for int32 (stricter than @bufbuild/protobuf)",
    category: "ill-typed-coerce",
    type: "protowasm.test.p3.TestAllTypesProto3@gen",
    codec: {
      toBinary: (d: DescMessage, m: Any, o: Any) => {
        transform(m, (v) => {
          if (typeof v === "string" && /^-?\d+$/.test(v) && v.length < 5) throw new Error("strict");
          return v;
        });
        return toBinary(d, m, o);
      },
    },
  },
  {
    name: "decode errors are plain Errors",
    category: "decode-error-class",
    type: "protowasm.test.p3.TestAllTypesProto3@gen",
    codec: { fromBinary: ref.fromBinary },
  },
];

afterEach(() => setCodecUnderTest(undefined));

describe("the differential harness detects planted bugs", () => {
  for (const bug of bugs) {
    it(`${bug.name} -> [${bug.category}] fails`, () => {
      const t = schemaTypes().find((x) => x.id === bug.type);
      const category = CATEGORIES.find((c) => c.name === bug.category);
      expect(t && category).toBeTruthy();
      setCodecUnderTest(bug.codec);
      expect(ours.fromBinary === ref.fromBinary || bug.codec.fromBinary === undefined || ours.fromBinary === bug.codec.fromBinary).toBe(true);
      expect(() => runCases(category!, t!, 400)).toThrow(/differential failure/);
    });
  }

  it("and passes without a planted bug (the reference against itself, class checks aside)", () => {
    setCodecUnderTest({ toBinary: ref.toBinary, fromBinary: ref.fromBinary, mergeFromBinary: ref.mergeFromBinary } as Any);
    const t = schemaTypes().find((x) => x.id === "protowasm.test.p2.TestAllTypesProto2@gen")!;
    for (const c of CATEGORIES) {
      if (c.name === "decode-error-class" || c.name === "encode-error-class") continue;
      expect(runCases(c, t, 40)).toBe(40);
    }
  });
});
