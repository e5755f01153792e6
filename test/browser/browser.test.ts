// protowasm in a real browser (Debian's Chromium through playwright-core): a page built by
// esbuild from `import { fromBinary } from "protowasm"` and the standalone file
// dist/browser/protowasm.min.js decode and encode payloads exactly as Node does; under
// `Content-Security-Policy: script-src 'self'` the JS backend runs, and with
// 'wasm-unsafe-eval' added the WebAssembly one.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { chromium, type Browser } from "playwright-core";
import { toJsonString, toBinary as refToBinary } from "@bufbuild/protobuf";
import { fromBinary } from "../../src/index.js";
import { Rng } from "../support/rng.js";
import { DEFAULT_GEN, MessageGenerator } from "../support/random-message.js";
import { TestAllTypesProto3Schema } from "../gen/proto3_pb.js";
import { TestAllTypesProto2Schema } from "../gen/proto2_pb.js";

const root = join(import.meta.dirname, "..", "..");
const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === "true") throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);

const schemas = { proto3: TestAllTypesProto3Schema, proto2: TestAllTypesProto2Schema };
const rng = new Rng("browser");
const gen = new MessageGenerator(rng, { ...DEFAULT_GEN, unknownProb: 0.2 });
const cases = Array.from({ length: 60 }, (_, i) => {
  const schema = i % 2 === 0 ? "proto3" : "proto2";
  const bytes = refToBinary(schemas[schema], gen.message(schemas[schema]) as never);
  return { schema, bytes: Buffer.from(bytes).toString("base64") } as const;
});
// What Node gives for each: the decoded message as JSON and its re-encoding.
const expected = cases.map((c) => {
  const m = fromBinary(schemas[c.schema], Buffer.from(c.bytes, "base64"));
  return { json: toJsonString(schemas[c.schema], m), bytes: Buffer.from(refToBinary(schemas[c.schema], m)).toString("base64") };
});

let server: Server;
let base = "";
let browser: Browser | undefined;
const CSP: Record<string, string | undefined> = {
  open: undefined,
  strict: "script-src 'self'",
  wasm: "script-src 'self' 'wasm-unsafe-eval'",
};

beforeAll(async () => {
  if (!available) return;
  // The page's bundle, built the way an app would build it: esbuild resolving "protowasm"
  // through this package's exports (browser condition).
  const app = await build({
    entryPoints: [join(import.meta.dirname, "app.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    alias: { protowasm: root },
    logLevel: "warning",
  });
  const appJs = app.outputFiles[0].text;
  const leaks = ["node:fs", "node:path", "require(\"fs\")", "process.binding"].filter((s) => appJs.includes(s));
  expect(leaks).toEqual([]);
  const viteJs = await buildWithVite();
  const webpackJs = await buildWithWebpack();
  const files: Record<string, [string, string | Uint8Array]> = {
    "/app.js": ["text/javascript", appJs],
    "/vite/app.js": ["text/javascript", viteJs],
    "/webpack/app.js": ["text/javascript", webpackJs],
    "/protowasm.min.js": ["text/javascript", readFileSync(join(root, "dist/browser/protowasm.min.js"))],
    "/payloads.json": ["application/json", JSON.stringify(cases)],
  };
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const [, policy] = url.pathname.split("/");
    if (url.pathname.endsWith("/page.html")) {
      const headers: Record<string, string> = { "content-type": "text/html" };
      if (CSP[policy]) headers["content-security-policy"] = CSP[policy]!;
      res.writeHead(200, headers);
      const bundler = url.searchParams.get("bundler");
      const src = bundler ? `/${bundler}/app.js` : "/app.js";
      res.end(`<!doctype html><meta charset="utf-8"><script type="module" src="${src}"></script>`);
      return;
    }
    const file = files[url.pathname];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": file[0] });
    res.end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

async function load(path: string): Promise<{ backend: string; results: { json: string; bytes: string }[]; error?: string }> {
  const page = await browser!.newPage();
  try {
    await page.goto(base + path);
    await page.waitForFunction(() => (window as any).result !== undefined, undefined, { timeout: 60_000 });
    return await page.evaluate(() => (window as any).result);
  } finally {
    await page.close();
  }
}

// The same app built by vite (rollup) and by webpack, each with its defaults for the browser
// and "protowasm" resolved as an installed package would be (through its exports).
async function buildWithVite(): Promise<string> {
  const { build: viteBuild } = await import("vite");
  const out = (await viteBuild({
    root: import.meta.dirname,
    logLevel: "silent",
    configFile: false,
    resolve: { alias: { protowasm: root } },
    build: { write: false, minify: true, lib: { entry: join(import.meta.dirname, "app.ts"), formats: ["es"], fileName: "app" } },
  })) as unknown as { output: { type: string; code?: string }[] }[];
  const chunks = (Array.isArray(out) ? out : [out]).flatMap((o) => o.output).filter((c) => c.type === "chunk");
  expect(chunks.length).toBe(1);
  return chunks[0].code!;
}

async function buildWithWebpack(): Promise<string> {
  const webpack = (await import("webpack")).default;
  const outDir = mkdtempSync(join(tmpdir(), "protowasm-webpack-"));
  // webpack has no TypeScript loader here: the app's own code is turned into JS first, with
  // protowasm and @bufbuild/protobuf left as imports for webpack to resolve.
  await build({
    entryPoints: [join(import.meta.dirname, "app.ts")], bundle: true, format: "esm", platform: "browser",
    external: ["protowasm", "@bufbuild/protobuf", "@bufbuild/protobuf/*"], outfile: join(outDir, "entry.mjs"), logLevel: "warning",
  });
  const stats = await new Promise<any>((resolve, reject) =>
    webpack({
      mode: "production",
      target: "web",
      entry: join(outDir, "entry.mjs"),
      output: { path: outDir, filename: "app.js", module: true },
      experiments: { outputModule: true },
      resolve: { alias: { protowasm: root }, modules: [join(root, "node_modules")] },
    } as any, (err: unknown, st: any) => (err ? reject(err) : resolve(st))),
  );
  expect(stats.hasErrors() ? stats.toString({ all: false, errors: true }) : "").toBe("");
  return readFileSync(join(outDir, "app.js"), "utf8");
}

describe.skipIf(!available)("in Chromium", () => {
  it("measures the limit on synchronous WebAssembly compiles on the main thread (ours is far below it)", async () => {
    const page = await browser!.newPage();
    try {
      await page.goto(base + "/open/page.html");
      const probe = await page.evaluate(async () => {
        // A valid module with one data segment of n bytes: header, memory section, data section.
        const moduleOf = (n: number) => {
          const leb = (v: number) => { const out: number[] = []; do { let b = v & 0x7f; v >>>= 7; if (v) b |= 0x80; out.push(b); } while (v); return out; };
          const pages = Math.ceil(n / 65536) + 1;
          const mem = [0x05, ...leb(1 + leb(pages).length + 1), 0x01, 0x00, ...leb(pages)];
          const seg = [0x01, 0x00, 0x41, 0x00, 0x0b, ...leb(n)];
          const dataHead = [0x0b, ...leb(seg.length + n)];
          const bytes = new Uint8Array(8 + mem.length + dataHead.length + seg.length + n);
          bytes.set([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...mem, ...dataHead, ...seg]);
          return bytes;
        };
        const sync = (n: number) => {
          try {
            new WebAssembly.Module(moduleOf(n));
            return "ok";
          } catch (e) {
            return (e as Error).name;
          }
        };
        const sizes = [16 << 10, 4 << 20, 7 << 20, 9 << 20];
        const results: Record<string, string> = {};
        for (const n of sizes) results[n] = sync(n);
        await WebAssembly.compile(moduleOf(9 << 20)); // asynchronous compiles have no such limit
        return results;
      });
      console.log(`Chromium synchronous WebAssembly.Module on the main thread: ${JSON.stringify(probe)} (bytes of data -> result)`);
      expect(probe[16 << 10]).toBe("ok");
      expect(probe[9 << 20]).toBe("RangeError");
    } finally {
      await page.close();
    }
  });

  for (const bundler of ["vite", "webpack"]) {
    it(`an app built by ${bundler} works, with the WebAssembly backend, and under script-src 'self' with the JS one`, async () => {
      for (const [policy, backend] of [["open", "wasm"], ["strict", "js"]] as const) {
        const result = await load(`/${policy}/page.html?bundler=${bundler}`);
        expect(result.error).toBeUndefined();
        expect(result.backend).toBe(backend);
        expect(result.results).toEqual(expected);
      }
    });
  }

  for (const [policy, backend] of [["open", "wasm"], ["strict", "js"], ["wasm", "wasm"]] as const) {
    for (const standalone of [false, true]) {
      it(`${standalone ? "standalone file" : "esbuild bundle"}, CSP ${policy}: backend ${backend}, results equal Node's`, async () => {
        const result = await load(`/${policy}/page.html${standalone ? "?standalone" : ""}`);
        expect(result.error).toBeUndefined();
        expect(result.backend).toBe(backend);
        expect(result.results).toEqual(expected);
      });
    }
  }
});
