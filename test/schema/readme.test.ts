// The README's "Schema management" section runs as written: each `npx protowasm schema` command of
// its sh block (as node dist/cli.js, in a temp directory that links the repository's test/ so the
// relative paths hold) and the library example, whose outputs must be the ones the section shows.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { root } from "./support.js";

const readme = readFileSync(join(root, "README.md"), "utf8");
const start = readme.indexOf("## Schema management");
const section = readme.slice(start, readme.indexOf("\n## ", start + 1));
const blocks = (lang: string) => [...section.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "protowasm-schema-readme-"));
  symlinkSync(join(root, "test"), join(dir, "test"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(line: string): Promise<{ code: number; stdout: string }> {
  const args = line.replace(/^npx protowasm /, "").split(/\s+/);
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, "dist", "cli.js"), ...args], { cwd: dir }, (error, stdout) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout });
    });
  });
}

describe("README: Schema management", () => {
  it("exists, after 'Benchmark your own data'", () => {
    expect(start).toBeGreaterThan(readme.indexOf("## Benchmark your own data"));
  });

  it("the sh commands run and print what the section says", async () => {
    const lines = blocks("sh")[0].trim().split("\n");
    expect(lines.length).toBe(5);
    for (const l of lines) expect(l.startsWith("npx protowasm schema ")).toBe(true);
    const [check, json, hash, version, docs] = await Promise.all(lines.map(run));
    expect(check.code).toBe(1);
    expect(check.stdout).toBe(blocks("text")[0]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ rules: "wire", breaking: false, findings: [] });
    expect(hash.code).toBe(0);
    expect(hash.stdout).toMatch(/^sha256:[0-9a-f]{64} {2}\(schema\)\n/);
    expect(version.stdout).toBe("acme.catalog.v1\tv1\n");
    expect(docs.code).toBe(0);
    expect(readFileSync(join(dir, "catalog.html"), "utf8")).toContain("acme.catalog.v1.Product");
  });

  it("the library example runs and prints what the section says", () => {
    const code = blocks("ts")[0];
    mkdirSync(join(root, "test-results"), { recursive: true });
    const file = join(root, "test-results", "readme-schema-example.ts");
    writeFileSync(file, code);
    expect(existsSync(join(root, "dist", "esm", "schema.js"))).toBe(true);
    const out = execFileSync(process.execPath, [join(root, "node_modules", "tsx", "dist", "cli.mjs"), file], { cwd: root, encoding: "utf8" });
    expect(out).toBe(blocks("text")[1]);
  });
});
