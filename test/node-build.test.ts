// The Node builds in dist/node (made by `npm test`'s pretest build): the WebAssembly core at
// import, the JavaScript core (js-core.cjs, kept out of the main file) loaded when first
// wanted, and no node:module loaded at import (it cost ~0.3 ms of every import), also on a
// Node without process.getBuiltinModule (before 20.16), which imports node:module at load.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

interface Report {
  moduleAtImport: boolean;
  backends: string[];
  seconds: string[];
}

function run(entry: string, options: { oldNode?: boolean; env?: Record<string, string> } = {}): Report {
  const esm = entry.endsWith(".js");
  const url = pathToFileURL(join(root, entry)).href;
  const script = `
    ${options.oldNode ? "delete process.getBuiltinModule;" : ""}
    const { create, toBinary } = await import("@bufbuild/protobuf");
    const { TimestampSchema } = await import("@bufbuild/protobuf/wkt");
    const pw = ${esm ? `await import(${JSON.stringify(url)})` : `(await import("node:module")).createRequire(${JSON.stringify(url)})(${JSON.stringify(join(root, entry))})`};
    const moduleAtImport = process.moduleLoadList.includes("NativeModule module");
    const bytes = toBinary(TimestampSchema, create(TimestampSchema, { seconds: 1234567890123n, nanos: 5 }));
    const backends = [pw.getBackend()];
    const seconds = [String(pw.fromBinary(TimestampSchema, bytes).seconds)];
    pw.setBackend("js");
    backends.push(pw.getBackend());
    seconds.push(String(pw.fromBinary(TimestampSchema, bytes).seconds));
    console.log(JSON.stringify({ moduleAtImport, backends, seconds }));
  `;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, ...options.env },
  });
  return JSON.parse(out.trim().split("\n").pop()!) as Report;
}

describe("dist/node", () => {
  it("ESM: WebAssembly at import without node:module; the JavaScript core on demand", () => {
    const r = run("dist/node/index.js");
    expect(r.moduleAtImport).toBe(false);
    expect(r.backends).toEqual(["wasm", "js"]);
    expect(r.seconds).toEqual(["1234567890123", "1234567890123"]);
  });

  it("ESM on a Node without process.getBuiltinModule: the JavaScript core still loads", () => {
    const r = run("dist/node/index.js", { oldNode: true });
    expect(r.backends).toEqual(["wasm", "js"]);
    expect(r.seconds).toEqual(["1234567890123", "1234567890123"]);
  });

  it("ESM with PROTOWASM_BACKEND=js: the JavaScript core from the start", () => {
    const r = run("dist/node/index.js", { env: { PROTOWASM_BACKEND: "js" } });
    expect(r.backends).toEqual(["js", "js"]);
    expect(r.seconds).toEqual(["1234567890123", "1234567890123"]);
  });

  it("CJS: the same", () => {
    const r = run("dist/node/index.cjs");
    expect(r.backends).toEqual(["wasm", "js"]);
    expect(r.seconds).toEqual(["1234567890123", "1234567890123"]);
  });
});
