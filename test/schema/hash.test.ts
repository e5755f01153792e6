// Fingerprint stability: the reordered, reformatted and re-commented copy of the shop schema hashes
// the same as the original at every level; every pair whose change reaches the wire or JSON form
// hashes differently; message hashes follow the types they reach and only those. Also the package
// version suffixes.
import { beforeAll, describe, expect, it } from "vitest";
import { canonicalMessage, hashSchema, packageVersion, type Schema } from "../../src/schema/index.js";
import { compilePairs } from "./support.js";

let pairs: Map<string, { old: Schema; new: Schema }>;
beforeAll(async () => {
  pairs = await compilePairs();
});

/** Pairs whose change does not reach the canonical form: order, a move to another file, reserved ranges (see the README). */
const SAME_HASH = ["comments-and-order", "evolution-move-between-files", "reserved-number-dropped"];

describe("schema hash", () => {
  it("is a sha256 per schema, file and message", () => {
    const h = hashSchema(pairs.get("field-added")!.old);
    expect(h.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(h.files.map((f) => f.file)).toEqual(["shop.proto"]);
    expect(Object.keys(h.files[0].messages).sort()).toEqual(["acme.shop.v1.Item", "acme.shop.v1.Order", "acme.shop.v1.Ping"]);
    for (const v of Object.values(h.files[0].messages)) expect(v).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("is unchanged by comments, whitespace and declaration order", () => {
    const p = pairs.get("comments-and-order")!;
    expect(hashSchema(p.new)).toEqual(hashSchema(p.old));
  });

  it("is unchanged by file order and by the file a message lives in, per message", () => {
    const p = pairs.get("evolution-move-between-files")!;
    const a = hashSchema(p.old), b = hashSchema(p.new);
    expect(b.hash).toBe(a.hash);
    const messages = (h: typeof a) => Object.assign({}, ...h.files.map((f) => f.messages));
    expect(messages(b)).toEqual(messages(a));
    // The files themselves hold other messages now.
    expect(b.files.map((f) => f.hash)).not.toEqual(a.files.map((f) => f.hash));
  });

  for (const name of ["field-added", "type-int32-uint32", "json-name-changed", "packed-off", "presence-dropped", "field-renamed", "enum-value-renamed", "package-changed", "proto2-default-changed", "rpc-streaming-changed"]) {
    it(`changes with ${name}`, () => {
      const p = pairs.get(name)!;
      expect(hashSchema(p.new).hash).not.toBe(hashSchema(p.old).hash);
    });
  }

  it("changes with every pair but the ones that only touch comments, order or reservations", () => {
    const same = [...pairs].filter(([, p]) => hashSchema(p.new).hash === hashSchema(p.old).hash).map(([n]) => n);
    expect(same.sort()).toEqual(SAME_HASH);
  });

  it("of a message covers the types it reaches and nothing else", () => {
    const p = pairs.get("type-string-bytes")!; // Item.sku string -> bytes
    const a = hashSchema(p.old).files[0].messages, b = hashSchema(p.new).files[0].messages;
    expect(b["acme.shop.v1.Item"]).not.toBe(a["acme.shop.v1.Item"]);
    expect(b["acme.shop.v1.Order"]).not.toBe(a["acme.shop.v1.Order"]); // Order.item is an Item
    expect(b["acme.shop.v1.Ping"]).toBe(a["acme.shop.v1.Ping"]);
  });

  it("has a canonical text without comments and with fields by number", () => {
    const order = pairs.get("comments-and-order")!.new.registry.getMessage("acme.shop.v1.Order")!;
    const text = canonicalMessage(order);
    expect(text).not.toContain("Unique id");
    const numbers = [...text.matchAll(/^ {2}(\d+) /gm)].map((m) => Number(m[1]));
    expect(numbers).toEqual([...numbers].sort((x, y) => x - y));
    expect(text).toContain("5 card json=card optional string oneof=payment");
  });
});

describe("package version", () => {
  it.each([
    ["acme.shop.v1", "v1", 1, "stable", undefined],
    ["acme.shop.v2beta1", "v2beta1", 2, "beta", 1],
    ["foo.v1alpha", "v1alpha", 1, "alpha", undefined],
    ["foo.v3test2", "v3test2", 3, "test", 2],
    ["foo.v1p1beta1", "v1p1beta1", 1, "beta", 1],
  ] as const)("%s is %s", (pkg, version, major, stability, revision) => {
    expect(packageVersion(pkg)).toEqual({ package: pkg, version, major, stability, ...(revision === undefined ? {} : { revision }) });
  });

  it.each(["acme.shop", "acme.v0", "acme.version1", "", "acme.v1.types"])("%j has none", (pkg) => {
    expect(packageVersion(pkg)).toBeUndefined();
  });
});
