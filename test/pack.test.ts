// The published files, tested as a user gets them: `npm pack`, installed into a temporary
// project (offline, from npm's cache), then imported from Node ESM and CommonJS.

import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");

describe("packed tarball", () => {
  it("installs and works from Node ESM and CommonJS", () => {
    const dir = mkdtempSync(join(tmpdir(), "protowasm-pack-"));
    try {
      execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], { cwd: root, stdio: "pipe" });
      const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"))!;
      writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "smoke", private: true, type: "module" }));
      execFileSync(
        "npm",
        ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", join(dir, tarball), join(root, "node_modules/@bufbuild/protobuf")],
        { cwd: dir, stdio: "pipe" },
      );
      const program = (load: string) => `${load}
const { TimestampSchema } = wkt;
const ts = create(TimestampSchema, { seconds: 1718000000n, nanos: 5 });
const bytes = pw.toBinary(TimestampSchema, ts);
const back = pw.fromBinary(TimestampSchema, bytes);
console.log(pw.getBackend(), bytes.length, back.seconds === 1718000000n && back.nanos === 5);`;
      writeFileSync(join(dir, "esm.mjs"), program(`import * as pw from "protowasm"; import { create } from "@bufbuild/protobuf"; import * as wkt from "@bufbuild/protobuf/wkt";`));
      writeFileSync(join(dir, "cjs.cjs"), program(`const pw = require("protowasm"); const { create } = require("@bufbuild/protobuf"); const wkt = require("@bufbuild/protobuf/wkt");`));
      expect(execFileSync(process.execPath, ["esm.mjs"], { cwd: dir, encoding: "utf8" }).trim()).toBe("wasm 8 true");
      expect(execFileSync(process.execPath, ["cjs.cjs"], { cwd: dir, encoding: "utf8" }).trim()).toBe("wasm 8 true");
      expect(execFileSync(process.execPath, ["esm.mjs"], { cwd: dir, encoding: "utf8", env: { ...process.env, PROTOWASM_BACKEND: "js" } }).trim()).toBe("js 8 true");
      // TypeScript finds the types through the exports map, with node16 and bundler resolution.
      writeFileSync(join(dir, "check.ts"), `import { fromBinary, getBackend, type DecodeErrorCode } from "protowasm";
import { TimestampSchema } from "@bufbuild/protobuf/wkt";
const seconds: bigint = fromBinary(TimestampSchema, new Uint8Array(0)).seconds;
const code: DecodeErrorCode = "truncated";
const backend: "wasm" | "js" = getBackend();
export { seconds, code, backend };
`);
      const tsc = join(root, "node_modules/typescript/bin/tsc");
      for (const [module, resolution] of [["node16", "node16"], ["esnext", "bundler"]]) {
        execFileSync(process.execPath, [tsc, "--noEmit", "--strict", "--skipLibCheck", "--module", module, "--moduleResolution", resolution, "--target", "es2022", "check.ts"], { cwd: dir, stdio: "pipe" });
      }
      // The standalone browser file and the types ship too.
      const files = readdirSync(join(dir, "node_modules/protowasm/dist"));
      expect(files).toEqual(expect.arrayContaining(["browser", "esm", "cjs", "types"]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
