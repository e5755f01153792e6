// The Node builds in dist/node (made by `npm test`'s pretest build): the WebAssembly core at
// import; the JavaScript core (js-core.cjs) and the encoder and streams (cold.cjs), kept out of
// the main file, loaded when first wanted; and no node:module loaded at import (it cost ~0.3 ms
// of every import), also on a Node without process.getBuiltinModule (before 20.16), which
// imports node:module at load.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

interface Report {
  moduleAtImport: boolean;
  backends: string[];
  seconds: string[];
  /** toBinary (cold.cjs, loaded by this call) gave @bufbuild/protobuf's bytes back. */
  reencoded: boolean;
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
    const reencoded = Buffer.from(pw.toBinary(TimestampSchema, pw.fromBinary(TimestampSchema, bytes))).equals(bytes);
    pw.setBackend("js");
    backends.push(pw.getBackend());
    seconds.push(String(pw.fromBinary(TimestampSchema, bytes).seconds));
    console.log(JSON.stringify({ moduleAtImport, backends, seconds, reencoded }));
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
    expect(r.reencoded).toBe(true);
  });

  it("ESM on a Node without process.getBuiltinModule: the JavaScript core still loads", () => {
    const r = run("dist/node/index.js", { oldNode: true });
    expect(r.backends).toEqual(["wasm", "js"]);
    expect(r.seconds).toEqual(["1234567890123", "1234567890123"]);
    expect(r.reencoded).toBe(true);
  });

  it("ESM with PROTOWASM_BACKEND=js: the JavaScript core from the start", () => {
    const r = run("dist/node/index.js", { env: { PROTOWASM_BACKEND: "js" } });
    expect(r.backends).toEqual(["js", "js"]);
    expect(r.seconds).toEqual(["1234567890123", "1234567890123"]);
    expect(r.reencoded).toBe(true);
  });

  it("CJS: the same", () => {
    const r = run("dist/node/index.cjs");
    expect(r.backends).toEqual(["wasm", "js"]);
    expect(r.seconds).toEqual(["1234567890123", "1234567890123"]);
    expect(r.reencoded).toBe(true);
  });
});

// dist/node/index.js holds what decoding needs; cold.cjs (encoder, streams, batches, metrics)
// is required on the first call into it, with its imports of other modules bridged to
// index.js's own (scripts/node-split.mjs).
function runScript(script: string): string[] {
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
  return out.trim().split("\n");
}

describe("dist/node in two parts", () => {
  const esm = pathToFileURL(join(root, "dist/node/index.js")).href;
  const cjs = join(root, "dist/node/index.cjs");
  const prelude = `
    import { createRequire } from "node:module";
    const { create, toBinary } = await import("@bufbuild/protobuf");
    const { StructSchema, TimestampSchema } = await import("@bufbuild/protobuf/wkt");
    const req = createRequire(${JSON.stringify(join(root, "dist/node/index.js"))});
    const coldLoaded = () => Object.keys(req.cache).some((k) => k.endsWith("cold.cjs"));
    const struct = create(StructSchema, { fields: { a: { kind: { case: "listValue", value: { values: [{ kind: { case: "numberValue", value: 1.5 } }] } } } } });
    const bytes = toBinary(StructSchema, struct);
    const hex = (b) => Buffer.from(b).toString("hex");
  `;

  it("decodes without loading cold.cjs; encodes, batches and streams through it", () => {
    const lines = runScript(`${prelude}
      const pw = await import(${JSON.stringify(esm)});
      const decoded = pw.fromBinary(StructSchema, bytes);
      console.log(coldLoaded(), JSON.stringify(pw.toJson(StructSchema, decoded)));
      console.log(hex(pw.toBinary(StructSchema, decoded)) === hex(bytes));
      const batch = pw.encodeBatch(StructSchema, [decoded, decoded]);
      console.log(pw.decodeBatch(StructSchema, batch).length, hex(pw.sizeDelimitedEncode(StructSchema, decoded)) === hex(batch.subarray(0, batch.length / 2)));
      let n = 0;
      for await (const m of pw.sizeDelimitedDecodeStream(StructSchema, (async function* () { yield batch; })())) n += hex(pw.toBinary(StructSchema, m)) === hex(bytes) ? 1 : 0;
      console.log(n);
      try { pw.decodeBatch(StructSchema, new Uint8Array([9, 8])); } catch (e) { console.log(e instanceof pw.DecodeError, e.code); }
      try { pw.toBinary(TimestampSchema, create(TimestampSchema, { nanos: "x" })); } catch (e) { console.log(e instanceof pw.EncodeError); }
    `);
    expect(lines).toEqual([
      'false {"a":[1.5]}',
      "true",
      "2 true",
      "2",
      "true truncated",
      "true",
    ]);
  });

  it("index.js and index.cjs in one process each have their own cold part", () => {
    const lines = runScript(`${prelude}
      const a = await import(${JSON.stringify(esm)});
      const b = req(${JSON.stringify(cjs)});
      const errorOf = (pw) => { try { pw.decodeBatch(StructSchema, new Uint8Array([9, 8])); } catch (e) { return e; } };
      const ea = errorOf(a), eb = errorOf(b);
      console.log(ea instanceof a.DecodeError, ea instanceof b.DecodeError, eb instanceof b.DecodeError, eb instanceof a.DecodeError);
      b.setBackend("js");
      console.log(a.getBackend(), b.getBackend(), hex(a.toBinary(StructSchema, struct)) === hex(bytes), hex(b.toBinary(StructSchema, struct)) === hex(bytes));
    `);
    expect(lines).toEqual(["true false true false", "wasm js true true"]);
  });

  it("cold.cjs on its own refuses to load", () => {
    const lines = runScript(`
      import { createRequire } from "node:module";
      try { createRequire(${JSON.stringify(join(root, "dist/node/index.js"))})("./cold.cjs"); console.log("loaded"); } catch (e) { console.log(e.message); }
    `);
    expect(lines).toEqual(["protowasm: cold.cjs is part of dist/node/index.js and cannot be loaded on its own"]);
  });
});
