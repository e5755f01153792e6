// Strings the encoder writes (src/writer.ts: ASCII by a loop up to 127 units with a one-byte
// length, other text up to 42 units by a UTF-8 loop, the rest by TextEncoder behind room for
// the longest length, moved left when the length is shorter) against @bufbuild/protobuf's toBinary, many per message: ASCII
// of every length, text that is not (2-, 3- and 4-byte sequences, so that lengths in UTF-16
// units and in bytes differ), lone surrogates, and a lone high surrogate at the end of one
// string with a lone low surrogate at the start of the next, which must stay two
// replacement characters. (The file name is from an earlier encoder that joined strings.)

import { describe, expect, it } from "vitest";
import { create, toBinary as refToBinary } from "@bufbuild/protobuf";
import { encodeBatch, sizeDelimitedEncode, toBinary } from "../src/index.js";
import { sizeDelimitedEncode as refSizeDelimitedEncode } from "@bufbuild/protobuf/wire";
import { TestAllTypesProto3Schema } from "./gen/proto3_pb.js";

const FILLER = Array.from({ length: 40 }, (_, i) => `filler-${i}`); // past the strings written at once

function message(strings: string[]) {
  return create(TestAllTypesProto3Schema, {
    singleString: strings[0] ?? "",
    repeatedString: [...FILLER, ...strings],
    mapStringString: Object.fromEntries(strings.map((s, i) => [`k${i}`, s])),
  });
}

function expectSameBytes(strings: string[]): void {
  const m = message(strings);
  expect(Buffer.from(toBinary(TestAllTypesProto3Schema, m)).toString("hex")).toBe(
    Buffer.from(refToBinary(TestAllTypesProto3Schema, m)).toString("hex"),
  );
}

describe("encoded strings", () => {
  it("ASCII strings of every length up to past the ASCII loop's limit (127 units)", () => {
    expectSameBytes(Array.from({ length: 300 }, (_, n) => "abcdefghij".repeat(30).slice(0, n)));
  });

  it("strings with 2-, 3- and 4-byte sequences at every place", () => {
    const pieces = ["é", "€", "𝄞", "日本", "a"];
    const strings: string[] = [];
    for (const piece of pieces) {
      for (let at = 0; at <= 20; at++) strings.push("x".repeat(at) + piece + "y".repeat(20 - at));
      strings.push(piece.repeat(90)); // longer than 256 bytes, within 256 units
    }
    expectSameBytes(strings);
  });

  it("non-ASCII strings of every length around the UTF-8 loop's limit (42 units: 126 bytes at most)", () => {
    // At 43 units of 3-byte characters the text no longer fits a one-byte length.
    for (const piece of ["é", "€", "x€"]) {
      expectSameBytes(Array.from({ length: 64 }, (_, n) => piece.repeat(n + 1).slice(0, n + 1)));
    }
  });

  it("one non-ASCII string among many ASCII ones, first or last", () => {
    const ascii = Array.from({ length: 100 }, (_, i) => `user-${i}@example.com`);
    expectSameBytes(["José", ...ascii]);
    expectSameBytes([...ascii, "Łukasz"]);
  });

  it("lone surrogates, each written as a replacement character", () => {
    expectSameBytes(["a\uD800b", "\uDC00", "\uD83D", "x\uDE00", "\uDE00\uD83D"]);
    // Two low or two high surrogates in a row are no pair; a pair after a lone one still is.
    // Each short (the JS loop) and long (TextEncoder), after ASCII and at the start.
    const odd = ["\uDC00\uDC01", "\uDFFF\uDC00", "\uD800\uD800", "\uDBFF\uDBFF", "\uDC00\uD83D\uDE00", "\uD800\uD83D\uDE00z"];
    expectSameBytes([...odd, ...odd.map((t) => "ab" + t), ...odd.map((t) => "y".repeat(50) + t)]);
  });

  it("a lone high surrogate ending a string and a lone low one starting the next", () => {
    // Joined, they would be one pair (4 bytes); apart, two replacement characters (6 bytes).
    expectSameBytes(["ab\uD83D", "\uDE00cd", "plain"]);
    // The calls after it, written at once for a while, and again deferred later.
    for (let i = 0; i < 300; i++) expectSameBytes([`call ${i}`, "ü", "\uD800"]);
  });

  it("batches and size-delimited streams of messages with many strings", () => {
    const messages = Array.from({ length: 50 }, (_, i) => message([`m${i}`, i % 3 === 0 ? "größe" : "size", "\uDBFF"]));
    const expected = refSizeDelimitedEncode;
    const joined = (parts: Uint8Array[]) => Buffer.concat(parts).toString("hex");
    expect(Buffer.from(encodeBatch(TestAllTypesProto3Schema, messages)).toString("hex")).toBe(
      joined(messages.map((m) => expected(TestAllTypesProto3Schema, m))),
    );
    expect(Buffer.from(sizeDelimitedEncode(TestAllTypesProto3Schema, messages[3])).toString("hex")).toBe(
      Buffer.from(expected(TestAllTypesProto3Schema, messages[3])).toString("hex"),
    );
  });
});
