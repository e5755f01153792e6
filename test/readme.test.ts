// The README's examples are the files in examples/: this checks that the README shows them
// word for word and that each runs as written and prints what it should.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const readme = readFileSync(join(root, "README.md"), "utf8");

function run(file: string): string {
  return execFileSync(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), file], {
    cwd: root,
    encoding: "utf8",
  });
}

describe("README examples", () => {
  for (const file of ["examples/generated.ts", "examples/runtime.ts"]) {
    it(`shows ${file} as it is`, () => {
      const code = readFileSync(join(root, file), "utf8").trim();
      expect(readme).toContain("```ts\n" + code + "\n```");
    });
  }

  it("generated-code example runs and round-trips", () => {
    expect(run("examples/generated.ts").trim()).toBe("85 Ada Lovelace true analytical");
  });

  it("run-time descriptor example runs and round-trips", () => {
    expect(run("examples/runtime.ts").trim()).toBe("15 Grace [ 'navy' ]");
  });
});
