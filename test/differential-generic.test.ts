// The differential test again, with generated per-type code switched off (src/codegen.ts):
// the generic plan interpreter is what runs on pages whose CSP refuses `new Function`, and it
// must give the same results. The first third of the same cases.
import { describe, expect, it } from "vitest";
import { setCodegen } from "../src/codegen.js";
import { CATEGORIES, caseCount, runCases } from "./support/differential.js";
import { TOTAL_CASES } from "./support/config.js";
import { schemaTypes } from "./support/schemas.js";
import { fromBinary } from "../src/index.js";
import { getPlan } from "../src/plan.js";
import { setDirectMode } from "../src/direct.js";

setCodegen(false);

const types = schemaTypes();
const totalWeight = types.reduce((s, t) => s + t.weight, 0);
const cases = Math.ceil(TOTAL_CASES / 3);

describe(`differential, generic code path (${cases} cases)`, () => {
  it("really runs without generated code", () => {
    const t = types[0];
    const plan = getPlan(t.desc);
    // Through the scanner: the tape reader and the factory are the plan's interpreters.
    setDirectMode("off");
    try {
      fromBinary(t.desc, new Uint8Array(0));
    } finally {
      setDirectMode("adaptive");
    }
    expect(plan.reader).toBeNull();
    expect(plan.factory).toBeNull();
    // Small inputs: the direct decoder is interpreted (direct-interp.ts), not generated.
    fromBinary(t.desc, new Uint8Array(0));
    expect(typeof plan.direct).toBe("function");
    expect(String(plan.direct)).toContain("interpret(plan");
  });

  for (const category of CATEGORIES) {
    describe(category.title, () => {
      for (const t of types) {
        const count = caseCount(cases, category.share, t.weight, totalWeight);
        it(`${t.id} (${count} cases)`, () => {
          expect(runCases(category, t, count)).toBeGreaterThan(0);
        });
      }
    });
  }
});
