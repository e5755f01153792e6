// `schema check` on the schema pairs of test/fixtures/schema/pairs: each pair's findings under each
// rule set must be exactly its expected.json (rule, element, file:line). The same pairs go through
// `buf breaking` (npm @bufbuild/buf); the verdicts (breaks / does not) are compared per pair and rule
// set, the agreement is printed and written to test-results/schema-buf-agreement.json, and every
// disagreement must be one of the deliberate differences listed below (and in the README).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkSchemas, RULE_SETS, type RuleSet, type Schema } from "../../src/schema/index.js";
import { bufBreaking, bufRuleCategories, compilePairs, PAIRS, pairNames, pool, root } from "./support.js";

/** Our rule set to the buf category it is compared with. */
const BUF_CATEGORY: Record<RuleSet, string> = { wire: "WIRE", "wire-json": "WIRE_JSON", source: "PACKAGE" };

/** Pair/rule set verdicts where we differ from buf on purpose, with the reason (also in the README). */
const DELIBERATE: Record<string, string> = {
  "type-enum-int32 wire": "enum and int32/uint32/int64/uint64 share the varint encoding (protobuf language guide); buf flags the change",
  "packed-off source": "packed and unpacked repeated scalars are both read by every parser, but the bytes written change; reported at the source level only; buf has no packed rule",
  "proto2-packed-on source": "as packed-off",
  "reserved-name-reused wire": "names never appear in the binary form, so dropping a reserved name and reusing it is a JSON break (RESERVED_NAME_REUSED in wire-json); buf's RESERVED_MESSAGE_NO_DELETE counts names in WIRE too",
};

let pairs: Map<string, { old: Schema; new: Schema }>;
beforeAll(async () => {
  pairs = await compilePairs();
});

function expected(name: string): Record<RuleSet, string[]> {
  return JSON.parse(readFileSync(join(PAIRS, name, "expected.json"), "utf8"));
}

describe("schema check on the pairs", () => {
  it("has pairs for every required kind of change, and a few multi-change evolutions", () => {
    const names = pairNames();
    expect(names.length).toBeGreaterThanOrEqual(40);
    expect(names.filter((n) => n.startsWith("evolution-")).length).toBeGreaterThanOrEqual(3);
  });

  for (const name of pairNames()) {
    it(name, () => {
      const p = pairs.get(name)!;
      const want = expected(name);
      for (const set of RULE_SETS) {
        const got = checkSchemas(p.old, p.new, { rules: set }).map((f) => `${f.rule} ${f.element} ${f.file}:${f.line}`);
        expect(got, `${name} under ${set}`).toEqual(want[set]);
      }
    });
  }

  it("rule sets nest: wire findings are in wire-json, wire-json ones in source unless a plain deletion covers them", () => {
    for (const [name, p] of pairs) {
      const wire = checkSchemas(p.old, p.new, { rules: "wire" });
      const json = checkSchemas(p.old, p.new, { rules: "wire-json" });
      const source = checkSchemas(p.old, p.new, { rules: "source" });
      for (const f of wire) expect(json, name).toContainEqual(f);
      for (const f of json) {
        if (!/_NO_DELETE_UNLESS_/.test(f.rule)) expect(source, name).toContainEqual(f);
      }
    }
  });
});

describe("agreement with buf breaking", () => {
  it("agrees on every verdict but the deliberate differences", async () => {
    const categories = await bufRuleCategories();
    const names = pairNames();
    const bufRules = await pool(names, 4, (n) => bufBreaking(n, Object.values(BUF_CATEGORY)));
    const rows: { pair: string; set: RuleSet; ours: string[]; buf: string[]; agree: boolean }[] = [];
    names.forEach((name, i) => {
      const p = pairs.get(name)!;
      for (const set of RULE_SETS) {
        const ours = [...new Set(checkSchemas(p.old, p.new, { rules: set }).map((f) => f.rule))].sort();
        const buf = [...new Set(bufRules[i].filter((r) => (categories.get(r) ?? []).includes(BUF_CATEGORY[set])))].sort();
        rows.push({ pair: name, set, ours, buf, agree: ours.length > 0 === buf.length > 0 });
      }
    });
    const agreeing = rows.filter((r) => r.agree).length;
    const disagreements = rows.filter((r) => !r.agree).map((r) => `${r.pair} ${r.set}`);
    const summary = {
      verdicts: rows.length,
      agreeing,
      percent: Math.round((1000 * agreeing) / rows.length) / 10,
      perSet: Object.fromEntries(RULE_SETS.map((s) => [s, `${rows.filter((r) => r.set === s && r.agree).length}/${rows.filter((r) => r.set === s).length}`])),
      disagreements: disagreements.map((d) => ({ case: d, why: DELIBERATE[d] ?? "unexplained" })),
    };
    mkdirSync(join(root, "test-results"), { recursive: true });
    writeFileSync(join(root, "test-results", "schema-buf-agreement.json"), JSON.stringify({ summary, rows }, null, 2) + "\n");
    console.log(`schema check vs buf breaking: ${agreeing}/${rows.length} verdicts agree (${summary.percent}%), per rule set ${JSON.stringify(summary.perSet)}`);
    for (const d of summary.disagreements) console.log(`  differs: ${d.case}: ${d.why}`);
    expect(disagreements.sort()).toEqual(Object.keys(DELIBERATE).sort());
    // The README gives these numbers and explains each difference.
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(readme).toContain(`${agreeing} of ${rows.length} verdicts agree (wire ${summary.perSet.wire}, wire-json ${summary.perSet["wire-json"]},\nsource ${summary.perSet.source};`);
    for (const d of disagreements) expect(readme).toContain(`\`${d.split(" ")[0]}\``);
  });
});
