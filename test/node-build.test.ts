// The Node builds in dist/node (made by `npm test`'s pretest build): the WebAssembly core at
// import; the JavaScript core (js-core.cjs) and the encoder and streams (the cold part), kept
// out of the main file's code, loaded when first wanted; and no node:module loaded at import
// (it cost ~0.3 ms of every import; a Node without process.getBuiltinModule, before 20.16,
// cannot load js-core.cjs, and says so).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

interface Report {
  moduleAtImport: boolean;
  backends: string[];
  seconds: string[];
  /** toBinary (the cold part, loaded by this call) gave @bufbuild/protobuf's bytes back. */
  reencoded: boolean;
  /** Why setBackend("js") failed, if it did. */
  jsCoreError?: string;
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
    let jsCoreError;
    try {
      pw.setBackend("js");
    } catch (e) {
      jsCoreError = e.message;
    }
    backends.push(pw.getBackend());
    seconds.push(String(pw.fromBinary(TimestampSchema, bytes).seconds));
    console.log(JSON.stringify({ moduleAtImport, backends, seconds, reencoded, jsCoreError }));
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

  it("ESM on a Node without process.getBuiltinModule: decodes and encodes; the JavaScript core fails clearly", () => {
    // No top-level await to import node:module on such Nodes (it made the module impossible
    // to bundle to CommonJS): only the files index.js may load need Node >= 20.16.
    const r = run("dist/node/index.js", { oldNode: true });
    expect(r.backends).toEqual(["wasm", "wasm"]);
    expect(r.seconds).toEqual(["1234567890123", "1234567890123"]);
    expect(r.reencoded).toBe(true);
    expect(r.jsCoreError).toBe("protowasm: loading its JavaScript core or cold.cjs needs Node 20.16 or later (process.getBuiltinModule)");
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

// dist/node/index.js holds what decoding needs as code and the cold part (encoder, streams,
// batches, metrics) as a string compiled by `new Function` on the first call into it (or, where
// that is refused, required from cold.cjs), with its imports of other modules bridged to
// index.js's own (scripts/node-split.mjs).
function runScript(script: string, args: string[] = []): string[] {
  const out = execFileSync(process.execPath, [...args, "--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
  return out.trim().split("\n");
}

describe("dist/node in two parts", () => {
  const esm = pathToFileURL(join(root, "dist/node/index.js")).href;
  const cjs = join(root, "dist/node/index.cjs");
  // Counts compilations of the cold part and notes whether cold.cjs sits in require's cache.
  const prelude = `
    import { createRequire } from "node:module";
    let compiled = 0;
    globalThis.Function = new Proxy(Function, {
      construct(target, args) {
        const made = Reflect.construct(target, args); // throws where code generation is refused
        if (String(args[args.length - 1]).includes("sourceURL=protowasm/dist/node/cold.cjs")) compiled++;
        return made;
      },
    });
    const { create, toBinary } = await import("@bufbuild/protobuf");
    const { StructSchema, TimestampSchema } = await import("@bufbuild/protobuf/wkt");
    const req = createRequire(${JSON.stringify(join(root, "dist/node/index.js"))});
    const inCache = () => Object.keys(req.cache).some((k) => k.endsWith("cold.cjs"));
    const struct = create(StructSchema, { fields: { a: { kind: { case: "listValue", value: { values: [{ kind: { case: "numberValue", value: 1.5 } }] } } } } });
    const bytes = toBinary(StructSchema, struct);
    const hex = (b) => Buffer.from(b).toString("hex");
  `;
  const exercise = `
      const decoded = pw.fromBinary(StructSchema, bytes);
      console.log(compiled, JSON.stringify(pw.toJson(StructSchema, decoded)));
      console.log(hex(pw.toBinary(StructSchema, decoded)) === hex(bytes), compiled);
      const batch = pw.encodeBatch(StructSchema, [decoded, decoded]);
      console.log(pw.decodeBatch(StructSchema, batch).length, hex(pw.sizeDelimitedEncode(StructSchema, decoded)) === hex(batch.subarray(0, batch.length / 2)));
      let n = 0;
      for await (const m of pw.sizeDelimitedDecodeStream(StructSchema, (async function* () { yield batch; })())) n += hex(pw.toBinary(StructSchema, m)) === hex(bytes) ? 1 : 0;
      console.log(n, compiled, inCache());
      try { pw.decodeBatch(StructSchema, new Uint8Array([9, 8])); } catch (e) { console.log(e instanceof pw.DecodeError, e.code); }
      try { pw.toBinary(TimestampSchema, create(TimestampSchema, { nanos: "x" })); } catch (e) { console.log(e instanceof pw.EncodeError); }
  `;
  // What `exercise` prints, given how many times the cold part was compiled from its string.
  const exercised = (compiled: number) => [
    '0 {"a":[1.5]}',
    `true ${compiled}`,
    "2 true",
    `2 ${compiled} false`,
    "true truncated",
    "true",
  ];

  it("decodes without the cold part; compiles it once on the first encode; batches and streams through it", () => {
    const lines = runScript(`${prelude}
      const pw = await import(${JSON.stringify(esm)});
      ${exercise}
    `);
    expect(lines).toEqual(exercised(1));
  });

  it("without code generation from strings: the cold part from cold.cjs, left out of require's cache", () => {
    const lines = runScript(`${prelude}
      const pw = await import(${JSON.stringify(esm)});
      ${exercise}
    `, ["--disallow-code-generation-from-strings"]);
    expect(lines).toEqual(exercised(0));
  });

  it("bad input to the decoders on either side of the split: a DecodeError of index.js's class, and decoding goes on", () => {
    const lines = runScript(`${prelude}
      const pw = await import(${JSON.stringify(esm)});
      const framed = pw.encodeBatch(StructSchema, [struct, struct]);
      const malformed = new Uint8Array([0x0f, 1]); // field 1, wire type 7
      const out = [];
      const code = (e) => (e instanceof pw.DecodeError ? e.code : "not a DecodeError: " + e);
      const sync = (f) => { try { f(); out.push("no error"); } catch (e) { out.push(code(e)); } };
      const stream = async (chunk, opts) => {
        try {
          for await (const m of pw.sizeDelimitedDecodeStream(StructSchema, (async function* () { yield chunk; })(), opts));
          out.push("no error");
        } catch (e) {
          out.push(code(e));
        }
      };
      sync(() => pw.fromBinary(StructSchema, bytes.subarray(0, bytes.length - 1)));
      sync(() => pw.fromBinary(StructSchema, bytes, { maxMessageBytes: 4 }));
      sync(() => pw.fromBinary(StructSchema, malformed));
      sync(() => pw.decodeBatch(StructSchema, framed.subarray(0, framed.length - 1)));
      sync(() => pw.decodeBatch(StructSchema, framed, { maxMessageBytes: 4 }));
      sync(() => pw.decodeBatch(StructSchema, new Uint8Array([2, ...malformed])));
      await stream(framed.subarray(0, framed.length - 1));
      await stream(framed, { readMaxBytes: 4 });
      await stream(new Uint8Array([2, ...malformed]));
      console.log(out.join(" "));
      console.log(hex(pw.toBinary(StructSchema, pw.fromBinary(StructSchema, bytes))) === hex(bytes));
    `);
    const bad = ["truncated", "message_too_large", "bad_tag"];
    expect(lines).toEqual([[...bad, ...bad, ...bad].join(" "), "true"]);
  });

  it("index.js and index.cjs in one process each have their own cold part", () => {
    const lines = runScript(`${prelude}
      const a = await import(${JSON.stringify(esm)});
      const b = req(${JSON.stringify(cjs)});
      const errorOf = (pw) => { try { pw.decodeBatch(StructSchema, new Uint8Array([9, 8])); } catch (e) { return e; } };
      const ea = errorOf(a), eb = errorOf(b);
      console.log(ea instanceof a.DecodeError, ea instanceof b.DecodeError, eb instanceof b.DecodeError, eb instanceof a.DecodeError, compiled);
      b.setBackend("js");
      console.log(a.getBackend(), b.getBackend(), hex(a.toBinary(StructSchema, struct)) === hex(bytes), hex(b.toBinary(StructSchema, struct)) === hex(bytes));
    `);
    expect(lines).toEqual(["true false true false 2", "wasm js true true"]);
  });

  it("an app bundled for Node by esbuild, as ESM or CommonJS, carries the cold part along", async () => {
    const { build } = await import("esbuild");
    const dir = mkdtempSync(join(tmpdir(), "protowasm-node-bundle-"));
    try {
      writeFileSync(join(dir, "app.mjs"), `
        import { create } from "@bufbuild/protobuf";
        import { TimestampSchema } from "@bufbuild/protobuf/wkt";
        import { fromBinary, toBinary } from ${JSON.stringify(join(root, "dist/node/index.js"))};
        const bytes = toBinary(TimestampSchema, create(TimestampSchema, { seconds: 7n, nanos: 9 }));
        console.log(Buffer.from(bytes).toString("hex"), String(fromBinary(TimestampSchema, bytes).seconds));
      `);
      for (const format of ["esm", "cjs"] as const) {
        // CommonJS output cannot hold a top-level await: index.js must have none.
        const outfile = join(dir, `out/app.${format === "esm" ? "mjs" : "cjs"}`);
        await build({
          entryPoints: [join(dir, "app.mjs")], bundle: true, platform: "node", format,
          outfile, nodePaths: [join(root, "node_modules")], logLevel: "error",
        });
        const out = execFileSync(process.execPath, [outfile], { encoding: "utf8" }).trim();
        expect(out).toBe("08071009 7");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("cold.cjs on its own refuses to load", () => {
    const lines = runScript(`
      import { createRequire } from "node:module";
      try { createRequire(${JSON.stringify(join(root, "dist/node/index.js"))})("./cold.cjs"); console.log("loaded"); } catch (e) { console.log(e.message); }
    `);
    expect(lines).toEqual(["protowasm: cold.cjs is part of dist/node/index.js and cannot be loaded on its own"]);
    // The same code is index.js's string: strict, as the modules it is made of.
    expect(readFileSync(join(root, "dist/node/cold.cjs"), "utf8").startsWith('"use strict";')).toBe(true);
  });
});
