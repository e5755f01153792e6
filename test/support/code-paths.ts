// Runs a check with generated per-type code (src/codegen.ts) on or off. The schemas' compiled
// readers and writers are dropped before, so that they are compiled again the chosen way, and
// after, so that later checks get generated code again.
import type { DescMessage } from "@bufbuild/protobuf";
import { setCodegen } from "../../src/codegen.js";
import { getPlan } from "../../src/plan.js";

export function withCodegen(on: boolean, schemas: readonly DescMessage[], run: () => void): void {
  const drop = () => {
    for (const s of schemas) {
      const plan = getPlan(s);
      plan.reader = undefined;
      plan.writer = undefined;
    }
  };
  setCodegen(on);
  drop();
  try {
    run();
  } finally {
    setCodegen(true);
    drop();
  }
}
