// assembly/layout.ts and src/wasm/layout.ts define the same numbers (value kinds, tape
// markers, error codes, encoder ops) in two languages: every constant of one must exist in
// the other with the same value.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as layout from "../src/wasm/layout.js";

const source = readFileSync(join(import.meta.dirname, "../assembly/layout.ts"), "utf8");
const asConstants = new Map<string, number>();
for (const m of source.matchAll(/export const (\w+): i32 = (-?\d+)/g)) asConstants.set(m[1], Number(m[2]));

describe("layout constants", () => {
  it("reads the AssemblyScript side", () => {
    expect(asConstants.size).toBeGreaterThan(40);
  });

  it("has the same value for every AssemblyScript constant on the JS side", () => {
    const js = layout as unknown as Record<string, unknown>;
    for (const [name, value] of asConstants) {
      expect(js[name], name).toBe(value);
    }
  });

  it("has no JS constant the AssemblyScript side lacks", () => {
    const jsNames = Object.entries(layout).filter(([, v]) => typeof v === "number").map(([k]) => k);
    for (const name of jsNames) expect(asConstants.has(name), name).toBe(true);
  });
});
