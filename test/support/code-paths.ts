// Runs a check with generated per-type code (src/codegen.ts) on or off, the direct decoder off. The compiled readers,
// writers and factories of the schemas and of every type they reach are dropped before, so
// that they are compiled again the chosen way (nested types included), and after, so that
// later checks get generated code again. With code on, it is generated at a type's first use
// (not after the usual few uses), so that every case of the check runs through it.
import { expect, it } from "vitest";
import type { DescMessage } from "@bufbuild/protobuf";
import { codegenEnabled, setCodegen, setGenerateAfter } from "../../src/codegen.js";
import { getPlan, type MessagePlan } from "../../src/plan.js";
import { resetDirect, setDirectMode } from "../../src/direct.js";

/** Drops the generated code of the schemas and of every type they reach, and their use counts. */
export function dropGenerated(schemas: readonly DescMessage[]): void {
  const seen = new Set<MessagePlan>();
  const visit = (plan: MessagePlan) => {
    if (seen.has(plan)) return;
    seen.add(plan);
    plan.reader = undefined;
    plan.writer = undefined;
    plan.factory = undefined;
    plan.readUses = plan.writeUses = plan.makeUses = 0;
    resetDirect(plan);
    for (const f of plan.fields) if (f.child !== undefined) visit(f.child);
  };
  for (const s of schemas) visit(getPlan(s));
}

export function withCodegen(on: boolean, schemas: readonly DescMessage[], run: () => void): void {
  setCodegen(on);
  if (on) setGenerateAfter(1);
  // The tape readers are what these checks are about: the direct decoder (which would take
  // many inputs first) has its own test, against them.
  setDirectMode("off");
  dropGenerated(schemas);
  try {
    run();
  } finally {
    setCodegen(true);
    setGenerateAfter();
    setDirectMode("adaptive");
    dropGenerated(schemas);
  }
}

/**
 * Two tests of run (which returns how many cases it checked): with generated code, and with
 * the generic code. Each also checks that the first schema's `part` was compiled that way.
 */
export function itOnBothPaths(schemas: readonly DescMessage[], part: "reader" | "writer", run: () => number): void {
  it(`generated ${part}s`, () => {
    withCodegen(true, schemas, () => {
      expect(run()).toBeGreaterThan(100);
      expect(typeof getPlan(schemas[0])[part]).toBe("function");
    });
  });

  it(`the generic ${part}`, () => {
    withCodegen(false, schemas, () => {
      expect(codegenEnabled()).toBe(false);
      expect(run()).toBeGreaterThan(100);
      expect(getPlan(schemas[0])[part]).toBe(null);
    });
  });
}
