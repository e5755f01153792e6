// The direct decoder (src/direct.ts) against the scanner: for random messages of every test
// schema, mutations of their encodings (truncations, flipped bits, spliced records...) and
// every truncation of small ones, whatever the direct decoder accepts must be accepted by
// the scanner and decode to the same message; what it gives up on is the scanner's. Also its
// choices: which inputs it takes, and when a type or a size stops being tried.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create, fromBinary as refFromBinary, toBinary as refToBinary, type DescMessage } from "@bufbuild/protobuf";
import { fromBinary, mergeFromBinary, toBinary } from "../src/index.js";
import { getPlan } from "../src/plan.js";
import { readOptions } from "../src/options.js";
import { decodeDirect, directStats, resetDirect, setDirectMode } from "../src/direct.js";
import { setGenerateAfter } from "../src/codegen.js";
import { findDifference } from "./support/equal.js";
import { mutate } from "./support/mutate.js";
import { MessageGenerator, DEFAULT_GEN } from "./support/random-message.js";
import { Rng } from "./support/rng.js";
import { schemaTypes } from "./support/schemas.js";
import { SEED } from "./support/config.js";
import { dropGenerated, withCodegen } from "./support/code-paths.js";
import { TestAllTypesProto3Schema as S3 } from "./gen/proto3_pb.js";
import { TestAllTypesProto2Schema as S2 } from "./gen/proto2_pb.js";

const types = schemaTypes();
const PER_TYPE = 150;

// The direct decoder on the whole of bytes.
function direct(plan: ReturnType<typeof getPlan>, bytes: Uint8Array, options?: object) {
  return decodeDirect(plan, bytes, 0, bytes.length, readOptions(options as never));
}

// The scanner's result, with the direct decoder off.
function scanner(desc: DescMessage, bytes: Uint8Array, options?: object): { ok: true; value: unknown } | { ok: false; error: unknown } {
  setDirectMode("off");
  try {
    return { ok: true, value: fromBinary(desc, bytes, options) };
  } catch (error) {
    return { ok: false, error };
  } finally {
    setDirectMode("always");
  }
}

// One input both ways; returns whether the direct decoder took it.
function compare(desc: DescMessage, bytes: Uint8Array, options?: object): boolean {
  const got = direct(getPlan(desc), bytes, options);
  if (got === undefined) return false;
  const ref = scanner(desc, bytes, options);
  const hex = Buffer.from(bytes.subarray(0, 120)).toString("hex");
  if (!ref.ok) throw new Error(`${desc.typeName}: direct accepts, scanner rejects (${String(ref.error)}): ${hex}`);
  const diff = findDifference(got, ref.value, { keyOrder: true });
  if (diff !== undefined) throw new Error(`${desc.typeName}: ${diff} for ${hex}`);
  return true;
}

beforeAll(() => {
  setGenerateAfter(1);
  setDirectMode("always");
  dropGenerated(types.map((t) => t.desc));
});

afterAll(() => {
  setDirectMode("adaptive");
  setGenerateAfter();
  dropGenerated(types.map((t) => t.desc));
});

// The generated decoder (code for every type at its first use), then the interpreted one
// (direct-interp.ts: a type's first uses, before its code is generated; maps left to the scanner).
for (const variant of ["generated", "interpreted"] as const) describe(`${variant} direct decoder against the scanner`, () => {
  beforeAll(() => {
    setGenerateAfter(variant === "generated" ? 1 : 1e9);
    dropGenerated(types.map((t) => t.desc));
  });
  afterAll(() => {
    setGenerateAfter(1);
    dropGenerated(types.map((t) => t.desc));
  });

  it("decodes by the variant under test", () => {
    const bytes = toBinary(S3, create(S3, { singleInt32: 5, optNestedMessage: { a: 1 } }));
    const plan = getPlan(S3);
    expect(direct(plan, bytes)).toBeDefined();
    expect(typeof plan.direct === "function").toBe(variant === "generated");
  });

  it("merges a message field seen twice (singular and oneof); gives up on a NaN in a list", () => {
    const plan = getPlan(S3);
    const a = toBinary(S3, create(S3, { optNestedMessage: { a: 1 }, oneofField: { case: "oneofNestedMessage", value: { a: 7 } } }));
    const b = toBinary(S3, create(S3, { optNestedMessage: { corecursive: { singleInt32: 3 } }, oneofField: { case: "oneofNestedMessage", value: { corecursive: { singleInt32: 4 } } } }));
    const both = new Uint8Array([...a, ...b]);
    expect(compare(S3, both)).toBe(true);
    const m = direct(plan, both) as ReturnType<typeof create<typeof S3>>;
    expect(m.optNestedMessage?.a).toBe(1);
    expect(m.optNestedMessage?.corecursive?.singleInt32).toBe(3);
    expect(m.oneofField.case === "oneofNestedMessage" && m.oneofField.value.a).toBe(7);
    // Packed double, packed float, unpacked double: a NaN (payload 1) is the scanner's (it keeps the bits).
    for (const c of ["d20210000000000000f83f010000000000f87f", "ca02080000c03f0100c07f", "a106000000000000f83fa106010000000000f87f"]) {
      expect(direct(plan, Buffer.from(c, "hex")), c).toBeUndefined();
    }
    expect(direct(plan, Buffer.from("d20210000000000000f83f000000000000f83f", "hex"))).toBeDefined();
  });

  it("map entries: either order, key or value missing, a value message twice, __proto__ keys", () => {
    const tag = (field: number) => (field < 16 ? [(field << 3) | 2] : [((field << 3) | 2) & 0x7f | 0x80, (field << 3) >> 7]);
    const rec = (field: number, body: number[]) => [...tag(field), body.length, ...body];
    const cases = [
      rec(69, [0x0a, 0x01, 0x61, 0x12, 0x01, 0x62]), // string -> string
      rec(69, [0x12, 0x01, 0x62, 0x0a, 0x01, 0x61]), // value first
      rec(69, [0x0a, 0x01, 0x61]), // no value
      rec(69, [0x12, 0x01, 0x62]), // no key
      rec(69, []), // empty entry
      rec(69, [0x0a, 0x09, ...Buffer.from("__proto__"), 0x12, 0x01, 0x62]),
      rec(56, [0x08, 0x7f, 0x10, 0x05]), // int32 -> int32
      rec(56, [0x10, 0x05]), // int32 -> int32, no key: key 0
      rec(57, [0x08, 0x96, 0x01, 0x10, 0x01]), // int64 keys
      rec(68, [0x08, 0x01, 0x10, 0x01]), // bool -> bool
      rec(71, [0x0a, 0x01, 0x6b, 0x12, 0x02, 0x08, 0x01, 0x12, 0x02, 0x12, 0x00]), // message value twice: merged
      rec(71, [0x0a, 0x01, 0x6b]), // message value missing: an empty message
      [...rec(69, [0x0a, 0x01, 0x61, 0x12, 0x01, 0x62]), ...rec(69, [0x0a, 0x01, 0x61, 0x12, 0x01, 0x63])], // key again: last wins
      rec(69, [0x0a, 0x01, 0x61, 0x1a, 0x01, 0x62]), // an unknown field in the entry: the scanner's
    ];
    let taken = 0;
    for (const c of cases) if (compare(S3, new Uint8Array(c))) taken++;
    expect(taken).toBe(cases.length - 1);
  });

  it("valid messages of every test schema, as Uint8Array and as Buffer", () => {
    let taken = 0;
    let tried = 0;
    for (const t of types) {
      const rng = new Rng(`${SEED}/direct/valid/${t.id}`);
      for (let i = 0; i < PER_TYPE; i++) {
        const gen = new MessageGenerator(rng, { ...DEFAULT_GEN, maxDepth: Math.min(t.maxDepth, 3) });
        const bytes = refToBinary(t.desc, gen.message(t.desc) as never);
        tried++;
        if (compare(t.desc, bytes)) taken++;
        if (i % 8 === 0 && compare(t.desc, Buffer.from(bytes))) taken++;
      }
    }
    // Most random messages have some field it leaves to the scanner, but not all.
    expect(taken).toBeGreaterThan(tried / 20);
  });

  it("mutated encodings", () => {
    let taken = 0;
    for (const t of types) {
      const rng = new Rng(`${SEED}/direct/mutated/${t.id}`);
      for (let i = 0; i < PER_TYPE; i++) {
        const gen = new MessageGenerator(rng, { ...DEFAULT_GEN, maxDepth: Math.min(t.maxDepth, 3) });
        const bytes = refToBinary(t.desc, gen.message(t.desc) as never);
        if (bytes.length === 0) continue;
        const m = mutate(rng, bytes);
        if (compare(t.desc, m.bytes)) taken++;
      }
    }
    expect(taken).toBeGreaterThan(100);
  });

  it("every truncation of small messages", () => {
    let taken = 0;
    for (const t of types) {
      const rng = new Rng(`${SEED}/direct/truncated/${t.id}`);
      for (let i = 0; i < 20; i++) {
        const gen = new MessageGenerator(rng, { ...DEFAULT_GEN, maxDepth: 2 });
        const bytes = refToBinary(t.desc, gen.message(t.desc) as never);
        if (bytes.length > 300) continue;
        for (let cut = 0; cut < bytes.length; cut++) if (compare(t.desc, bytes.subarray(0, cut))) taken++;
      }
    }
    expect(taken).toBeGreaterThan(100);
  });

  it("limits: maxFieldBytes and recursionLimit send inputs at the limit to the scanner", () => {
    const msg = create(S3, { singleString: "abcdef", optNestedMessage: { a: 1, corecursive: { optNestedMessage: { a: 2 } } } });
    const bytes = toBinary(S3, msg);
    const plan = getPlan(S3);
    expect(direct(plan, bytes)).toBeDefined();
    // Any limit that could make the scanner throw: the direct decoder leaves it the input.
    for (const options of [{ maxFieldBytes: 5 }, { recursionLimit: 2 }, { recursionLimit: 3 }, { maxRepeated: 10 }, { maxMessageBytes: bytes.length - 1 }]) {
      expect(direct(plan, bytes, options)).toBeUndefined();
      compare(S3, bytes, options);
    }
  });
});

describe("what the direct decoder takes", () => {
  it("varints of every length, overlong ones and ones with bits past the 64th, as the scanner reads them", () => {
    const ten = (last: number) => [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, last];
    const cases = [
      [0x08, ...ten(0x01)], // int32 -1
      [0x08, ...ten(0x7f)], // bits past the 64th
      [0x08, ...ten(0x81), 0x01], // 11 bytes
      [0x10, ...ten(0x01)], // int64 -1
      [0x10, ...ten(0x03)],
      [0x28, ...ten(0x01)], // sint32
      [0x30, ...ten(0x01)], // sint64
      [0x68, ...ten(0x01)], // bool
      [0x68, 0x80, 0x80, 0x80, 0x80, 0x10], // bool: only bit 32 set
      [0x88, 0x80, 0x80, 0x80, 0x00, 0x05], // tag 8, overlong
      [0x88, 0x80, 0x80, 0x80, 0x80, 0x00, 0x05], // tag in 6 bytes
      [0x72, 0x81, 0x00, 0x61], // string length 1, overlong
      [0x72, 0x80, 0x80, 0x80, 0x80, 0x10], // length of 2^32
    ];
    let taken = 0;
    for (const c of cases) if (compare(S3, new Uint8Array(c))) taken++;
    expect(taken).toBeGreaterThan(4);
  });


  it("floats and doubles bit for bit, NaN payloads included", () => {
    const bytes = new Uint8Array([
      0x61, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0x7f, // double: a NaN with payload 1
      0x5d, 0x01, 0x00, 0xc0, 0x7f, // float: a NaN with payload
    ]);
    const plan = getPlan(S3);
    const m = direct(plan, bytes);
    expect(m).toBeDefined();
    const ref = scanner(S3, bytes) as { ok: true; value: Record<string, number> };
    const bits = (x: number) => Buffer.from(new Float64Array([x]).buffer).toString("hex");
    expect(bits(m!.singleDouble)).toBe(bits(ref.value.singleDouble));
    expect(bits(m!.singleFloat)).toBe(bits(ref.value.singleFloat));
  });

  it("gives up on a NaN in a list of doubles or floats, which the scanner decodes bit for bit", () => {
    const plan = getPlan(S3);
    const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
    // check through the generated tape reader and the generic walk, then this file's settings again.
    const onBothReaders = (check: (on: boolean) => void) => {
      try {
        for (const on of [true, false]) withCodegen(on, [S3], () => check(on));
      } finally {
        setGenerateAfter(1);
        setDirectMode("always");
        dropGenerated([S3]);
      }
    };
    // Packed double (field 42), packed float (41), unpacked double (100): a NaN with payload 1 second.
    const cases = [
      "d20210" + "000000000000f83f" + "010000000000f87f",
      "ca0208" + "0000c03f" + "0100c07f",
      "a106" + "000000000000f83f" + "a106" + "010000000000f87f",
      // Unpacked: a signalling NaN first, values after it, then a second list of the same field.
      "a106" + "010000000000f07f" + "a106" + "000000000000f83f" + "a106" + "ffffffffffffffff",
    ];
    for (const c of cases) {
      const bytes = Buffer.from(c, "hex");
      expect(direct(plan, bytes), c).toBeUndefined();
      expect(hex(toBinary(S3, fromBinary(S3, bytes))), c).toBe(hex(bytes));
      // The scanner's two readers: generated, and the generic walk (withCodegen turns the
      // direct decoder off, and leaves this file's settings to be put back).
      onBothReaders((on) => expect(hex(toBinary(S3, fromBinary(S3, bytes))), `${c} codegen ${on}`).toBe(hex(bytes)));
    }
    // A packed run after a NaN in the same list, and an unpacked value after a packed run
    // with a NaN (field 100 is unpacked: re-encoded one value a tag, as @bufbuild/protobuf does).
    for (const [c, nan] of [
      ["a106" + "010000000000f07f" + "a20610" + "000000000000f83f" + "020000000000f07f", "020000000000f07f"],
      ["a20610" + "000000000000f83f" + "030000000000f07f" + "a106" + "000000000000f83f", "030000000000f07f"],
    ]) {
      const bytes = Buffer.from(c, "hex");
      const want = hex(refToBinary(S3, refFromBinary(S3, bytes)));
      expect(hex(toBinary(S3, fromBinary(S3, bytes))), c).toBe(want);
      expect(want, c).toContain(nan); // the signalling NaN's bits, kept
    }
    // mergeFromBinary appends a NaN to a list with values in place, as @bufbuild/protobuf does.
    onBothReaders((on) => {
      const target = create(S3, { unpackedDouble: [2.5] });
      const list = target.unpackedDouble;
      mergeFromBinary(S3, target, Buffer.from("a106" + "010000000000f07f" + "a106" + "000000000000f83f", "hex"));
      expect(target.unpackedDouble, `codegen ${on}`).toBe(list);
      expect(hex(toBinary(S3, target)), `codegen ${on}`).toBe("a106" + "0000000000000440" + "a106" + "010000000000f07f" + "a106" + "000000000000f83f");
    });
    // The list after a NaN list (the same field, a fresh message) is decoded as before.
    const after = Buffer.from("a106000000000000f83fa1060000000000000440", "hex");
    expect(hex(toBinary(S3, fromBinary(S3, after)))).toBe(hex(after));
    // Without a NaN the same lists are taken.
    expect(direct(plan, Buffer.from("d20210000000000000f83f000000000000f83f", "hex"))).toBeDefined();
  });

  it("takes ASCII, valid UTF-8 and blobs of any size; gives up on unknown fields", () => {
    const plan = getPlan(S3);
    const big = toBinary(S3, create(S3, { singleString: "plain ascii", singleBytes: new Uint8Array(1 << 20) }));
    const m = direct(plan, big);
    expect(m?.singleString).toBe("plain ascii");
    expect(m?.singleBytes.length).toBe(1 << 20);
    const text = "aé€😀\ufeff";
    for (let n = 1; n <= 40; n++) {
      const s = Array.from({ length: n }, (_, i) => [...text][i % 5]).join("");
      const bytes = toBinary(S3, create(S3, { singleString: s, repeatedString: [s, s] }));
      expect(compare(S3, bytes)).toBe(true);
    }
    const unknown = new Uint8Array([0xf8, 0xff, 0x03, 0x01]); // field 8191, varint
    expect(direct(plan, unknown)).toBeUndefined();
  });

  it("invalid UTF-8 goes to the scanner, in fields that validate and in those that do not", () => {
    const invalid = [[0x80], [0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf0, 0x80, 0x80, 0x80],
      [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xe2, 0x82], [0x61, 0xc3], [0xc3, 0x28], [0xff]];
    const valid = [[0xc2, 0x80], [0xdf, 0xbf], [0xe0, 0xa0, 0x80], [0xed, 0x9f, 0xbf], [0xee, 0x80, 0x80], [0xf0, 0x90, 0x80, 0x80], [0xf4, 0x8f, 0xbf, 0xbf]];
    const plan = getPlan(S3);
    for (const seq of invalid) {
      for (const pad of [0, 20]) {
        const body = [...Array(pad).fill(0x61), ...seq];
        const input = new Uint8Array([0x72, body.length, ...body]); // single_string
        expect(direct(plan, input)).toBeUndefined();
        const p2 = new Uint8Array([0x72, body.length, ...body]);
        expect(direct(getPlan(S2), p2)).toBeUndefined(); // proto2: no validation, the scanner replaces
      }
    }
    for (const seq of valid) expect(compare(S3, new Uint8Array([0x72, seq.length, ...seq]))).toBe(true);
    // A sequence cut short by the end of the string, where the next field's tag (repeated_int64,
    // 0x80 0x02) would complete it.
    expect(direct(plan, new Uint8Array([0x72, 0x02, 0x61, 0xc3, 0x80, 0x02, 0x05]))).toBeUndefined();
  });

  it("adaptive: a type that keeps bailing stops being tried; a size that ran out of budget too", () => {
    setDirectMode("adaptive");
    try {
      const plan = getPlan(S3);
      resetDirect(plan);
      const unknown = new Uint8Array([0xf8, 0xff, 0x03, 0x01]); // an unknown field
      for (let i = 0; i < 40; i++) fromBinary(S3, unknown);
      expect(directStats(plan).on).toBe(false);

      resetDirect(plan);
      const unpacked = new Uint8Array(600); // 200 unpacked values of repeated_int32: 200 tags, past the budget
      for (let i = 0; i < 200; i++) unpacked.set([0xf8, 0x01, i & 0x7f], 3 * i);
      for (let i = 0; i < 20; i++) fromBinary(S3, unpacked);
      expect(directStats(plan).maxBytes).toBe(600);
      expect(directStats(plan).on).toBe(true);
      expect(direct(plan, unpacked.subarray(0, 30))?.repeatedInt32.length).toBe(10);
      // One dense input does not keep larger blob-carrying ones from it for good: the limit is
      // forgotten after 256 inputs over it.
      const blob = toBinary(S3, create(S3, { singleBytes: new Uint8Array(4096), singleInt32: 1 }));
      for (let i = 0; i < 256; i++) fromBinary(S3, blob);
      expect(directStats(plan).maxBytes).toBe(Infinity);
      const before = directStats(plan).uses;
      fromBinary(S3, blob);
      expect(directStats(plan).uses).toBe(before + 1);
      // Most inputs over the size limit: the type stops trying the few small ones too.
      resetDirect(plan);
      for (let i = 0; i < 20; i++) fromBinary(S3, unpacked);
      for (let i = 0; i < 300; i++) fromBinary(S3, unpacked);
      expect(directStats(plan).on).toBe(false);
      expect(fromBinary(S3, unpacked.subarray(0, 30)).repeatedInt32.length).toBe(10);
    } finally {
      setDirectMode("always");
    }
  });
});
