// `protowasm schema ...` (dist/cli.js, built by `npm test` before vitest runs) as a child process:
// the output and exit codes of check (text and JSON), hash (matches the library, same from .proto
// and from a FileDescriptorSet), version and docs, and the one-line exit-code-2 errors for a file
// that does not compile (with buf's file:line) and for bad arguments.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSchema, loadSchema } from "../../src/schema/index.js";
import { BUF, PAIRS, root } from "./support.js";

const cli = join(root, "dist", "cli.js");
let dir: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function schema(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, "schema", ...args], { cwd: root, maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const pair = (name: string, side: "old" | "new") => join(PAIRS, name, side);

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first (node scripts/build.mjs, or npm test)`);
  dir = mkdtempSync(join(tmpdir(), "protowasm-schema-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("protowasm schema", () => {
  it("check prints each finding with file:line and exits 1 when something breaks", async () => {
    const r = await schema("check", pair("field-deleted", "old"), pair("field-deleted", "new"));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("shop.proto:11: FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED acme.shop.v1.Order.quantity: field 2 \"quantity\" was deleted without reserving its number (line in the old schema)");
    expect(r.stdout).toContain("2 breaking changes (rules: wire-json)");
  });

  it("check --format json --rules wire gives the findings as data", async () => {
    const r = await schema("check", "--rules", "wire", "--format", "json", pair("evolution-careless", "old"), pair("evolution-careless", "new"));
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { rules: string; breaking: boolean; findings: { rule: string; element: string; file: string; line: number }[] };
    expect(out.rules).toBe("wire");
    expect(out.breaking).toBe(true);
    const expected = JSON.parse(readFileSync(join(PAIRS, "evolution-careless", "expected.json"), "utf8")).wire as string[];
    expect(out.findings.map((f) => `${f.rule} ${f.element} ${f.file}:${f.line}`)).toEqual(expected);
  });

  it("check exits 0 when nothing breaks", async () => {
    const r = await schema("check", pair("comments-and-order", "old"), pair("comments-and-order", "new"), "--rules", "source");
    expect(r).toEqual({ code: 0, stdout: "no breaking changes (rules: source)\n", stderr: "" });
  });

  it("hash of .proto files and of their FileDescriptorSet agree with the library", async () => {
    const set = join(dir, "set.binpb");
    execFileSync(BUF, ["build", pair("field-added", "new"), "-o", set]);
    const [fromProto, fromSet] = await Promise.all([schema("hash", pair("field-added", "new"), "--format", "json"), schema("hash", set, "--format=json")]);
    expect(fromProto.code).toBe(0);
    expect(JSON.parse(fromSet.stdout)).toEqual(JSON.parse(fromProto.stdout));
    expect(JSON.parse(fromProto.stdout)).toEqual(hashSchema(loadSchema(set)));
    const text = await schema("hash", set);
    expect(text.stdout.split("\n")[0]).toBe(`${JSON.parse(fromProto.stdout).hash}  (schema)`);
  });

  it("version prints each package's version suffix", async () => {
    const r = await schema("version", join(root, "test", "fixtures", "schema", "docs"));
    expect(r).toEqual({ code: 0, stdout: "acme.catalog.v1\tv1\n", stderr: "" });
  });

  it("docs writes Markdown or one HTML page", async () => {
    const out = join(dir, "docs.html");
    const r = await schema("docs", join(root, "test", "fixtures", "schema", "docs"), "--format", "html", "--out", out, "--title", "Catalog");
    expect(r.code).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("<title>Catalog</title>");
    expect(html).toContain('id="acme-catalog-v1-product"');
  });

  it("a .proto that does not compile is one line with buf's file:line:column, exit code 2", async () => {
    writeFileSync(join(dir, "bad.proto"), 'syntax = "proto3";\npackage bad.v1;\nmessage Broken {\n  strin name = 1;\n}\n');
    const r = await schema("hash", join(dir, "bad.proto"));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^protowasm: .*bad\.proto does not compile \(buf\): .*bad\.proto:4:3:.*strin/);
  });

  it("bad arguments are one line, exit code 2", async () => {
    const runs = await Promise.all([schema("check", pair("field-added", "old")), schema("check", "--rules", "strict", "a", "b"), schema("frobnicate"), schema("hash", join(dir, "missing.proto"))]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(runs[0].stderr).toContain("usage: protowasm schema check <old> <new>");
    expect(runs[1].stderr).toContain("--rules must be one of wire, wire-json, source, not strict");
    expect(runs[2].stderr).toContain("unknown schema command frobnicate");
    expect(runs[3].stderr).toContain("schema input not found");
  });
});
