// The whole differential test again on the JavaScript backend (the core translated from
// WebAssembly by wasm2js, for pages that cannot compile WebAssembly): the same cases, the
// same results.
import { afterAll, describe, expect, it } from "vitest";
import { getBackend, setBackend } from "../src/index.js";
import { getPlan } from "../src/plan.js";
import { CATEGORIES, caseCount, runCases } from "./support/differential.js";
import { SEED, TOTAL_CASES } from "./support/config.js";
import { schemaTypes } from "./support/schemas.js";

setBackend("js");

const types = schemaTypes();
const totalWeight = types.reduce((s, t) => s + t.weight, 0);
let ran = 0;

describe(`differential on the JS backend (seed ${JSON.stringify(SEED)}, ${TOTAL_CASES} cases)`, () => {
  it("really runs on the JS backend, without generated code", () => {
    expect(getBackend()).toBe("js");
    expect(getPlan(types[0].desc).reader).toBeUndefined(); // not compiled yet
  });

  for (const category of CATEGORIES) {
    describe(category.title, () => {
      for (const t of types) {
        const count = caseCount(TOTAL_CASES, category.share, t.weight, totalWeight);
        it(`${t.id} (${count} cases)`, () => {
          ran += runCases(category, t, count);
          expect(getBackend()).toBe("js");
        });
      }
    });
  }
});

afterAll(() => {
  console.log(`differential (JS backend): ${ran} passing cases`);
});
