// Differential test against @bufbuild/protobuf 2.17: random messages for every
// test schema (generated code and run-time registry), with edge values, unknown
// fields, mutated bytes, options and merges. ~100,000 cases by default
// (PROTOWASM_DIFF_CASES), seed PROTOWASM_SEED; see test/support/config.ts for
// replaying one case. A failure prints the seed, schema, type, case and bytes.
import { afterAll, describe, expect, it } from "vitest";
import { CATEGORIES, caseCount, runCases } from "./support/differential.js";
import { ONLY, SEED, TOTAL_CASES } from "./support/config.js";
import { schemaTypes } from "./support/schemas.js";

const types = schemaTypes().filter((t) => ONLY === undefined || t.id === ONLY || t.desc.typeName === ONLY);
const totalWeight = schemaTypes().reduce((s, t) => s + t.weight, 0);
const ran = new Map<string, number>();

describe(`differential vs @bufbuild/protobuf (seed ${JSON.stringify(SEED)}, ${TOTAL_CASES} cases)`, () => {
  it("has types to test", () => {
    expect(types.length).toBeGreaterThan(0);
  });

  for (const category of CATEGORIES) {
    describe(category.title, () => {
      for (const t of types) {
        const count = caseCount(TOTAL_CASES, category.share, t.weight, totalWeight);
        it(`${t.id} (${count} cases)`, () => {
          const n = runCases(category, t, count);
          ran.set(category.name, (ran.get(category.name) ?? 0) + n);
        });
      }
    });
  }
});

afterAll(() => {
  const total = [...ran.values()].reduce((a, b) => a + b, 0);
  const parts = [...ran.entries()].map(([k, v]) => `${k} ${v}`).join(", ");
  console.log(`differential: ${total} passing cases (${parts}), seed ${JSON.stringify(SEED)}`);
});
