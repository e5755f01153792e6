// Packed varint runs through the scanner's fast loops (assembly/scan.ts: eight one-byte values
// per 8-byte load, four whole varints per load, the general loop for the tail): runs of every
// packed varint kind, with value sizes from one to ten bytes, over-long encodings, runs short
// and long, a last varint that runs past the run's end, and inputs large enough to be
// scanned through windows. Every input must decode exactly as @bufbuild/protobuf decodes it,
// or be refused by both (ours with a DecodeError); malformed varints and runs over
// maxRepeated are DecodeErrors too.
import { describe, expect, it } from "vitest";
import * as ref from "@bufbuild/protobuf";
import { DecodeError, fromBinary, toBinary } from "../src/index.js";
import { findDifference } from "./support/equal.js";
import { TestAllTypesProto2Schema as S } from "./gen/proto2_pb.js";

// Field numbers of TestAllTypesProto2's packed varint fields (test/proto/proto2.proto).
const FIELDS = { int32: 75, int64: 76, uint32: 77, uint64: 78, sint32: 79, sint64: 80, bool: 87, enum: 88 };

let seed = 12345;
function rand(n: number): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
}

// The varint of v (a bigint below 2^64) in its shortest form, or padded to len bytes.
function varint(v: bigint, len = 0): number[] {
  const out: number[] = [];
  do {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  } while (v > 0n);
  while (out.length < len) out.push(0x80);
  out[out.length - 1] &= 0x7f;
  return out;
}

type Gen = () => number[];
const gens: Record<string, Gen> = {
  oneByte: () => varint(BigInt(rand(128))),
  upTo2: () => varint(BigInt(rand(16384))),
  oneOrTwo: () => varint(BigInt(rand(2) === 0 ? rand(128) : 128 + rand(16256))),
  upTo5: () => varint(BigInt(rand(2 ** 30)) * BigInt(1 + rand(4))),
  anySize: () => varint(BigInt.asUintN(64, (BigInt(rand(2 ** 30)) << BigInt(rand(40))) | BigInt(rand(1000)))),
  tenBytes: () => varint(BigInt.asUintN(64, -BigInt(1 + rand(1000)))),
  overlong: () => varint(BigInt(rand(128)), 1 + rand(10)),
  mostlySmall: () => (rand(9) === 0 ? varint(BigInt(rand(2 ** 31))) : varint(BigInt(rand(128)))),
};

function field(no: number, payload: number[]): number[] {
  return [...varint(BigInt((no << 3) | 2)), ...varint(BigInt(payload.length)), ...payload];
}

function check(bytes: Uint8Array, label: string) {
  let expected: unknown;
  try {
    expected = ref.fromBinary(S, bytes);
  } catch {
    expected = undefined;
  }
  if (expected === undefined) {
    expect(() => fromBinary(S, bytes), label).toThrow(DecodeError);
    return;
  }
  const actual = fromBinary(S, bytes);
  expect(findDifference(actual, expected), label).toBeUndefined();
}

describe("packed varint runs", () => {
  it("every kind, every value size, runs of 0 to 40 and 300 values", () => {
    let cases = 0;
    for (const [kind, no] of Object.entries(FIELDS)) {
      for (const [name, gen] of Object.entries(gens)) {
        for (const count of [0, 1, 3, 7, 8, 9, 12, 16, 17, 25, 33, 40, 300]) {
          const payload: number[] = [];
          for (let i = 0; i < count; i++) payload.push(...gen());
          check(new Uint8Array(field(no, payload)), `${kind} ${name} x${count}`);
          cases++;
        }
      }
    }
    expect(cases).toBe(8 * 8 * 13);
  });

  it("a run whose last varint goes on past the run's declared end", () => {
    for (const [kind, no] of Object.entries(FIELDS)) {
      for (const cut of [1, 2, 3]) {
        for (const count of [4, 9, 20]) {
          const payload: number[] = [];
          for (let i = 0; i < count; i++) payload.push(...gens.oneOrTwo());
          payload.push(...varint(BigInt(2 ** 20 + rand(1000)))); // 3 bytes
          const bytes = field(no, payload);
          // The declared length stops inside the last varint; its rest follows the run.
          const lenAt = varint(BigInt((no << 3) | 2)).length;
          bytes.splice(lenAt, varint(BigInt(payload.length)).length, ...varint(BigInt(payload.length - cut)));
          check(new Uint8Array(bytes), `${kind} cut ${cut} x${count}`);
          check(new Uint8Array([...bytes, 0x08, 0x01]), `${kind} cut ${cut} x${count}, a field after`);
        }
      }
    }
  });

  it("runs in inputs scanned through windows (a large bytes field before and after)", () => {
    const blob = field(15, Array.from({ length: 5000 }, (_, i) => i & 0xff)); // optional_bytes
    for (const [kind, no] of Object.entries(FIELDS)) {
      for (const [name, gen] of Object.entries(gens)) {
        const payload: number[] = [];
        for (let i = 0; i < 2000; i++) payload.push(...gen());
        check(new Uint8Array([...blob, ...field(no, payload), ...blob]), `${kind} ${name} in a large input`);
        // Several runs of one field are concatenated into one list.
        check(new Uint8Array([...field(no, payload.slice(0, 40 * 1)), ...field(no, payload)]), `${kind} ${name} twice`);
      }
    }
  });

  it("a varint of eleven bytes inside a long run is a DecodeError, as @bufbuild/protobuf refuses it", () => {
    for (const [kind, no] of Object.entries(FIELDS)) {
      for (const at of [0, 8, 17, 40]) {
        const payload: number[] = [];
        for (let i = 0; i < 48; i++) {
          if (i === at) payload.push(...Array(10).fill(0x80), 0x01);
          payload.push(...gens.oneByte());
        }
        const bytes = new Uint8Array(field(no, payload));
        expect(() => ref.fromBinary(S, bytes), `${kind} at ${at}`).toThrow();
        expect(() => fromBinary(S, bytes), `${kind} at ${at}`).toThrow(DecodeError);
      }
    }
  });

  it("a run of one-byte values over maxRepeated is a DecodeError; at the limit it decodes", () => {
    for (const [kind, no] of Object.entries(FIELDS)) {
      const payload: number[] = [];
      for (let i = 0; i < 300; i++) payload.push(...gens.oneByte());
      const bytes = new Uint8Array(field(no, payload));
      expect(() => fromBinary(S, bytes, { maxRepeated: 299 }), kind).toThrow(expect.objectContaining({ code: "too_many_elements" }));
      expect(() => fromBinary(S, bytes, { maxRepeated: 299 }), kind).toThrow(DecodeError);
      check(bytes, `${kind} x300`);
      expect(() => fromBinary(S, bytes, { maxRepeated: 300 }), kind).not.toThrow();
    }
  });

  it("truncations of a long run fail or decode as @bufbuild/protobuf does", () => {
    const payload: number[] = [];
    for (let i = 0; i < 64; i++) payload.push(...gens.mostlySmall());
    const bytes = field(FIELDS.sint32, payload);
    for (let n = 0; n < bytes.length; n++) check(new Uint8Array(bytes.slice(0, n)), `cut at ${n}`);
  });
});

// Packed doubles and floats land in arrays that V8 keeps unboxed (src/decode.ts's
// readListItems); storing a NaN there would quiet or canonicalize it, so a NaN's bits must
// survive the way into the list: re-encoding gives @bufbuild/protobuf's bytes.
describe("packed fixed-width runs keep NaN payloads", () => {
  const NAN64 = ["010000000000f87f", "010000000000f07f", "ffffffffffffffff", "000000000000f87f"];
  const NAN32 = ["0100c07f", "0100807f", "ffffffff"];
  const PLAIN64 = "000000000000f83f"; // 1.5
  const PLAIN32 = "0000c03f";
  for (const [name, no, nans, plain] of [
    ["double", 86, NAN64, PLAIN64],
    ["float", 85, NAN32, PLAIN32],
  ] as const) {
    it(`${name}: a NaN first, in the middle, last, alone`, () => {
      for (const nan of nans) {
        for (const values of [[nan, plain, plain], [plain, nan, plain], [plain, plain, nan], [nan, nan], [plain, nan]]) {
          const payload = [...Buffer.from(values.join(""), "hex")];
          const bytes = new Uint8Array(field(no, payload));
          const back = Buffer.from(toBinary(S, fromBinary(S, bytes))).toString("hex");
          expect(back, `${name} ${values.join(",")}`).toBe(Buffer.from(ref.toBinary(S, ref.fromBinary(S, bytes))).toString("hex"));
          // Doubles come back bit for bit; a float's signalling NaN is quieted on its way to a
          // JS number (by @bufbuild/protobuf's reader too).
          if (name === "double") expect(back, values.join(",")).toBe(Buffer.from(bytes).toString("hex"));
        }
      }
    });
  }
});
