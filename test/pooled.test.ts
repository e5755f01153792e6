// The `pooled` write option: the same bytes as without it (and as @bufbuild/protobuf), outputs
// of 65 bytes to 4 KB as views into a shared buffer that never overlap, anything else (and
// every output without the option) in an ArrayBuffer of its own.
import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import * as ref from "@bufbuild/protobuf";
import * as wire from "@bufbuild/protobuf/wire";
import { encodeBatch, sizeDelimitedEncode, toBinary } from "../src/index.js";
import { toHex } from "./support/hex.js";
import { OrderSchema } from "./gen/api_pb.js";

// Orders whose encodings run from 0 bytes to past 4 KB.
const orders = [0, 1, 30, 62, 63, 64, 65, 100, 500, 2000, 4090, 4100, 9000].map((n, i) =>
  create(OrderSchema, n === 0 ? {} : { id: "x".repeat(n), int32Field: i }),
);

const ownsBuffer = (b: Uint8Array) => b.byteOffset === 0 && b.buffer.byteLength === b.byteLength;

describe("toBinary with pooled: true", () => {
  it("gives the same bytes as without it, and as @bufbuild/protobuf", () => {
    for (const m of orders) {
      const expected = toHex(ref.toBinary(OrderSchema, m));
      expect(toHex(toBinary(OrderSchema, m, { pooled: true }))).toBe(expected);
      expect(toHex(toBinary(OrderSchema, m))).toBe(expected);
      expect(toHex(sizeDelimitedEncode(OrderSchema, m, { pooled: true }))).toBe(toHex(wire.sizeDelimitedEncode(OrderSchema, m)));
    }
    expect(toHex(encodeBatch(OrderSchema, orders, { pooled: true }))).toBe(toHex(encodeBatch(OrderSchema, orders)));
  });

  it("hands out disjoint views of one buffer for 65 bytes to 4 KB, own buffers otherwise", () => {
    const outs = orders.map((m) => toBinary(OrderSchema, m, { pooled: true }));
    const pooled = outs.filter((b) => b.length > 64 && b.length <= 4096);
    expect(pooled.length).toBeGreaterThanOrEqual(5);
    for (const b of outs) {
      if (b.length > 64 && b.length <= 4096) expect(ownsBuffer(b), `${b.length} bytes`).toBe(false);
      else expect(ownsBuffer(b), `${b.length} bytes`).toBe(true);
    }
    // Consecutive small outputs share a buffer, and no two views overlap.
    const a = toBinary(OrderSchema, orders[7], { pooled: true });
    const b = toBinary(OrderSchema, orders[7], { pooled: true });
    expect(a.buffer).toBe(b.buffer);
    const views = [...pooled, a, b];
    for (let i = 0; i < views.length; i++) {
      for (let j = i + 1; j < views.length; j++) {
        if (views[i].buffer !== views[j].buffer) continue;
        const [x, y] = [views[i], views[j]];
        expect(x.byteOffset + x.length <= y.byteOffset || y.byteOffset + y.length <= x.byteOffset).toBe(true);
      }
    }
    // Writing into one output leaves the others as they were.
    const before = toHex(b);
    a.fill(0xff);
    expect(toHex(b)).toBe(before);
  });

  it("keeps earlier outputs intact while many more are made (the pool moves to new buffers)", () => {
    const first = toBinary(OrderSchema, orders[9], { pooled: true });
    const expected = toHex(first);
    const buffers = new Set<ArrayBufferLike>();
    for (let i = 0; i < 200; i++) buffers.add(toBinary(OrderSchema, orders[9], { pooled: true }).buffer);
    expect(buffers.size).toBeGreaterThan(1);
    expect(toHex(first)).toBe(expected);
  });

  it("is off by default: every output owns its buffer", () => {
    for (const m of orders) expect(ownsBuffer(toBinary(OrderSchema, m))).toBe(true);
  });
});
