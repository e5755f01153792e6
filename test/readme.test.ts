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
  for (const file of ["examples/generated.ts", "examples/runtime.ts", "examples/batch.ts", "examples/required.ts", "examples/validate.ts", "examples/metrics.ts", "examples/reuse.ts", "examples/limits.ts"]) {
    it(`shows ${file} as it is`, () => {
      const code = readFileSync(join(root, file), "utf8").trim();
      expect(readme).toContain("```ts\n" + code + "\n```");
    });
  }

  it("generated-code example runs and round-trips", () => {
    expect(run("examples/generated.ts").trim()).toBe("85 Ada Lovelace true analytical");
  });

  it("batch example writes 4-byte prefixes and reads the messages back, also as a stream", () => {
    expect(run("examples/batch.ts").trim()).toBe("42 [ 'user 1', 'user 2', 'user 3' ]\n1n\n2n\n3n");
  });

  it("required-fields example lists both missing fields", () => {
    expect(run("examples/required.ts").trim()).toBe("2\n[ 'Order.id', 'Order.items[0].sku' ]");
  });

  it("validation example accepts the valid user and names the three broken rules", () => {
    expect(run("examples/validate.ts").trim()).toBe("Ada\nid: int64.gt\nname: string.min_len\nemail: string.contains");
  });

  it("metrics example counts one success and one error", () => {
    expect(run("examples/metrics.ts").trim()).toBe(
      'protobuf_deserializations_total{message_type="example.v1.User",status="success"} 1\n' +
        'protobuf_deserializations_total{message_type="example.v1.User",status="error"} 1',
    );
  });

  it("reuse example: deterministic bytes agree, the pool recycles", () => {
    expect(run("examples/reuse.ts").trim()).toBe("true\nLin 0\n1 true");
  });

  it("limits example rejects 1500 tags under the production preset and accepts them with a larger limit", () => {
    expect(run("examples/limits.ts").trim()).toBe("too_many_elements User.tags[1000]\n1500");
  });

  it("run-time descriptor example runs and round-trips", () => {
    expect(run("examples/runtime.ts").trim()).toBe("15 Grace [ 'navy' ]");
  });
});
