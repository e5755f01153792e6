// Length prefixes of nested parts at the edges of their varint sizes. The encoder writes in one
// pass, keeping one byte for a part's length and moving a longer part right at its end
// (src/writer.ts: close()): parts of 127/128, 16383/16384 and 2097151/2097152 bytes, nested up to
// four deep (each level moved again), must give @bufbuild/protobuf's bytes, alone, behind a
// varint size (sizeDelimitedEncode) and in batches with either framing.
import { describe, expect, it } from "vitest";
import * as ref from "@bufbuild/protobuf";
import { sizeDelimitedEncode as refDelimited } from "@bufbuild/protobuf/wire";
import { decodeBatch, encodeBatch, sizeDelimitedEncode, toBinary } from "../src/index.js";
import { TestAllTypesProto3Schema, type TestAllTypesProto3 } from "./gen/proto3_pb.js";

const EDGES = [127, 128, 16383, 16384, 2097151, 2097152];

// A message whose innermost bytes field has n bytes, `depth` nested messages deep (each level:
// NestedMessage.corecursive, then single_nested_message again), a field after each part.
function nested(n: number, depth: number): TestAllTypesProto3 {
  const payload = new Uint8Array(n);
  for (let i = 0; i < n; i++) payload[i] = (i * 31 + depth) & 255;
  let m = ref.create(TestAllTypesProto3Schema, { singleBytes: payload });
  for (let d = 0; d < depth; d++) {
    m = ref.create(TestAllTypesProto3Schema, {
      singleNestedMessage: { a: d + 1, corecursive: m },
      singleInt32: -d, // after the part: written once the part has moved
    });
  }
  return m;
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

describe("length prefixes at the edges of their sizes", () => {
  it("nested parts of every prefix size, up to four deep", () => {
    let checked = 0;
    for (const edge of EDGES) {
      for (let depth = 0; depth <= 4; depth++) {
        // The innermost bytes field and every part around it cross the edge at some n.
        for (let n = edge - 12 * depth - 4; n <= edge + 2; n++) {
          const m = nested(n, depth);
          const want = ref.toBinary(TestAllTypesProto3Schema, m);
          const got = toBinary(TestAllTypesProto3Schema, m);
          if (!same(got, want)) expect.fail(`bytes of ${n}, depth ${depth}: ${got.length} bytes, want ${want.length}`);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(400);
  });

  it("behind a size prefix, and in batches with varint and uint32be framing", () => {
    for (const edge of EDGES) {
      const messages = [edge - 3, edge - 1, edge, edge + 1].map((n, i) => nested(n, i % 3));
      const single = refDelimited(TestAllTypesProto3Schema, messages[1]);
      expect(same(sizeDelimitedEncode(TestAllTypesProto3Schema, messages[1]), single)).toBe(true);
      const varint = encodeBatch(TestAllTypesProto3Schema, messages);
      const parts = messages.map((m) => refDelimited(TestAllTypesProto3Schema, m));
      expect(same(varint, Buffer.concat(parts))).toBe(true);
      const be32 = encodeBatch(TestAllTypesProto3Schema, messages, { framing: "uint32be" });
      const bodies = messages.map((m) => ref.toBinary(TestAllTypesProto3Schema, m));
      let at = 0;
      for (const body of bodies) {
        expect(new DataView(be32.buffer, be32.byteOffset + at, 4).getUint32(0)).toBe(body.length);
        expect(same(be32.subarray(at + 4, at + 4 + body.length), body)).toBe(true);
        at += 4 + body.length;
      }
      expect(at).toBe(be32.length);
      expect(decodeBatch(TestAllTypesProto3Schema, be32, { framing: "uint32be" })).toEqual(
        bodies.map((b) => ref.fromBinary(TestAllTypesProto3Schema, b)),
      );
    }
  });
});
