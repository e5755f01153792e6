// String fast paths against @bufbuild/protobuf: every length around the interning limit
// (48 bytes) and the 8-byte word boundaries, ASCII or with a non-ASCII or invalid byte at
// every position, in fields that validate UTF-8 (proto3) and fields that do not (proto2),
// decoded twice so that both the intern table's miss and hit paths run.

import { describe, expect, it } from "vitest";
import { fromBinary as refFromBinary } from "@bufbuild/protobuf";
import { DecodeError, fromBinary } from "../src/index.js";
import { assertStrictEqual } from "./support/equal.js";
import { TestAllTypesProto3Schema } from "./gen/proto3_pb.js";
import { TestAllTypesProto2Schema } from "./gen/proto2_pb.js";

// optional/singular string field 14 in both test types.
function stringField(body: Uint8Array): Uint8Array {
  return new Uint8Array([(14 << 3) | 2, body.length, ...body]);
}

function cases(): { name: string; body: Uint8Array }[] {
  const out: { name: string; body: Uint8Array }[] = [];
  for (let n = 0; n <= 66; n++) {
    const ascii = Uint8Array.from({ length: n }, (_, i) => 0x61 + (i % 26));
    out.push({ name: `ascii ${n}`, body: ascii });
    for (let at = 0; at < n; at++) {
      const invalid = ascii.slice();
      invalid[at] = 0xff;
      out.push({ name: `invalid byte at ${at} of ${n}`, body: invalid });
      if (at + 1 < n) {
        const twoByte = ascii.slice();
        twoByte[at] = 0xc3; // é
        twoByte[at + 1] = 0xa9;
        out.push({ name: `é at ${at} of ${n}`, body: twoByte });
      }
    }
  }
  return out;
}

describe.each([TestAllTypesProto3Schema, TestAllTypesProto2Schema])("string fields of $name", (schema) => {
  it("decode like @bufbuild/protobuf at every length and position, twice", () => {
    let checked = 0;
    for (const { name, body } of cases()) {
      const bytes = stringField(body);
      let expected: unknown;
      let refError = false;
      try {
        expected = refFromBinary(schema, bytes);
      } catch {
        refError = true;
      }
      for (let round = 0; round < 2; round++) {
        if (refError) {
          expect(() => fromBinary(schema, bytes), name).toThrow(DecodeError);
        } else {
          assertStrictEqual(fromBinary(schema, bytes), expected, `${name} (round ${round})`);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(4000);
  });
});
