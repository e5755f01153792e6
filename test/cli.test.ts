// The `protowasm` command (dist/cli.js, built by `npm test` before vitest runs), as a child process:
// a quick `protowasm bench` on a schema and payloads written to a temp dir (table and --json), a copy
// of the CLI where protobufjs is not installed, and the one-line exit-code-2 errors. Timings are
// never asserted, only that they are numbers.
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { create, toBinary } from "@bufbuild/protobuf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrderSchema } from "./gen/api_pb.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "dist/cli.js");
const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version as string;
const ORDER = "protowasm.test.api.Order";
// The quickest timing: one round of 1 ms per codec and direction (plus the --quick warm-up).
const FAST = ["--quick", "--rounds", "1", "--time", "1"];

let dir: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], script = cli): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { cwd: dir, maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const bench = (...args: string[]) => run(["bench", ...args]);

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first (node scripts/build.mjs, or npm test)`);
  dir = mkdtempSync(join(tmpdir(), "protowasm-cli-"));
  copyFileSync(join(root, "test/gen/descriptors.binpb"), join(dir, "set.binpb"));
  mkdirSync(join(dir, "data"));
  for (let i = 0; i < 4; i++) {
    const order = create(OrderSchema, {
      id: `order-${i}`,
      items: Array.from({ length: i + 1 }, (_, k) => ({ name: `item ${k}`, quantity: k, priceCents: BigInt(k * 199), tags: ["t"] })),
      bySku: { [`sku-${i}`]: { name: "by sku" } },
      counts: { a: i },
      note: { case: "text", value: "leave at the door" },
    });
    writeFileSync(join(dir, "data", `order-${i}.bin`), toBinary(OrderSchema, order));
  }
  // Order.items[0] declares a 5-byte name but the input ends after 1 byte.
  writeFileSync(join(dir, "truncated.bin"), new Uint8Array([0x12, 0x03, 0x0a, 0x05, 0x61]));
  writeFileSync(join(dir, "notes.txt"), "not a descriptor set\n");
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("protowasm bench", () => {
  it("prints a table with a row per codec", async () => {
    const files = [0, 1, 2, 3].map((i) => `data/order-${i}.bin`);
    const { code, stdout, stderr } = await bench("--schema", "set.binpb", "--type", ORDER, ...FAST, ...files);
    expect(stderr).toContain("protowasm matches @bufbuild/protobuf");
    expect(stderr).toMatch(/decode 1\/1 rounds/);
    expect(code).toBe(0);
    expect(stdout).toContain(`${ORDER}: 4 payload files`);
    const number = String.raw`[\d.]+[kM]?`;
    for (const codec of ["protowasm", "@bufbuild/protobuf", "protobufjs", "JSON", "v8.serialize"]) {
      const row = new RegExp(String.raw`^${codec.replace(/[./]/g, "\\$&")}\s+${number}\s+${number}\s+${number}×`, "gm");
      expect(stdout.match(row), codec).toHaveLength(2); // decode and encode tables
    }
  });

  it("prints the results as JSON with --json (payloads given as an unexpanded pattern)", async () => {
    const { code, stdout } = await bench("--schema", "set.binpb", "--type", ORDER, ...FAST, "--json", "data/*.bin");
    expect(code).toBe(0);
    const results = JSON.parse(stdout);
    expect(results.input).toEqual({
      schema: "set.binpb",
      type: ORDER,
      files: [0, 1, 2, 3].map((i) => ({ path: join("data", `order-${i}.bin`), bytes: expect.any(Number) })),
    });
    expect(results.candidates).toEqual(["protowasm", "bufbuild", "protobufjs", "json", "v8"]);
    expect(results.options.timing).toMatchObject({ rounds: 1, time: 1 });
    expect(results.environment.versions.protowasm).toBe(version);
    expect(results.workloads).toEqual([expect.objectContaining({ name: ORDER, messages: 4 })]);
    expect(results.rows).toHaveLength(10);
    for (const row of results.rows) {
      expect(row).toMatchObject({ workload: ORDER, messages: 4, direction: expect.stringMatching(/^(decode|encode)$/) });
      expect(row.opsPerSec).toBeGreaterThan(0);
      expect(row.roundMs).toHaveLength(1);
    }
    expect(results.summary.decode.vsBufbuild.protowasm.value).toBeGreaterThan(0);
    expect(results.notes).toEqual([]);
  });

  it("leaves protobufjs out, with a note, where it is not installed", async () => {
    // An installed CLI whose project has @bufbuild/protobuf but not protobufjs.
    const installed = join(dir, "installed");
    mkdirSync(join(installed, "node_modules/@bufbuild"), { recursive: true });
    symlinkSync(join(root, "node_modules/@bufbuild/protobuf"), join(installed, "node_modules/@bufbuild/protobuf"), "dir");
    copyFileSync(cli, join(installed, "cli.js"));
    const { code, stdout, stderr } = await run(["bench", "--schema", "set.binpb", "--type", ORDER, ...FAST, "--json", "data/order-0.bin"], join(installed, "cli.js"));
    expect(stderr).toContain("protobufjs is not installed");
    expect(code).toBe(0);
    const results = JSON.parse(stdout);
    expect(results.candidates).toEqual(["protowasm", "bufbuild", "json", "v8"]);
    expect(results.notes).toEqual([expect.stringContaining("protobufjs is not installed")]);
    expect(results.environment.versions.protobufjs).toBe("not installed");
  });

  it("prints --help and --version", async () => {
    expect(await run(["--version"])).toMatchObject({ code: 0, stdout: `${version}\n` });
    const main = await run(["--help"]);
    expect(main.code).toBe(0);
    expect(main.stdout).toContain("protowasm bench --help");
    const help = await bench("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: protowasm bench --schema/);
    for (const option of ["--schema", "--type", "--quick", "--json", "--rounds", "--time"]) expect(help.stdout).toContain(option);
  });
});

describe("protowasm bench errors: one line, exit code 2", () => {
  const cases: Array<[string, string[], RegExp]> = [
    ["schema file missing", ["--schema", "missing.binpb", "--type", ORDER, "data/order-0.bin"], /^schema file not found: missing\.binpb$/],
    ["schema not a FileDescriptorSet", ["--schema", "notes.txt", "--type", ORDER, "data/order-0.bin"], /^schema notes\.txt is not a FileDescriptorSet \(.+\); build one with `buf build/],
    ["payload given as the schema", ["--schema", "data/order-0.bin", "--type", ORDER, "data/order-0.bin"], /is not a FileDescriptorSet/],
    ["type without its package", ["--schema", "set.binpb", "--type", "Order", "data/order-0.bin"], /^no message type Order in set\.binpb; did you mean protowasm\.test\.api\.Order\?$/],
    ["misspelled type", ["--schema", "set.binpb", "--type", "protowasm.test.api.Ordr", "data/order-0.bin"], /^no message type protowasm\.test\.api\.Ordr in set\.binpb; did you mean protowasm\.test\.api\.Order/],
    ["type that is an enum", ["--schema", "set.binpb", "--type", "protowasm.test.seed.Role", "data/order-0.bin"], /is an enum, not a message type$/],
    ["no payload files", ["--schema", "set.binpb", "--type", ORDER], /^no payload files: /],
    ["pattern that matches nothing", ["--schema", "set.binpb", "--type", ORDER, "data/*.nope"], /^no payload file matches data\/\*\.nope$/],
    ["payload file missing", ["--schema", "set.binpb", "--type", ORDER, "data/missing.bin"], /^payload file not found: data\/missing\.bin$/],
    [
      "payload that does not decode",
      ["--schema", "set.binpb", "--type", ORDER, "data/order-0.bin", "truncated.bin"],
      /^payload truncated\.bin \(5 bytes\) does not decode as protowasm\.test\.api\.Order: cannot decode Order\.items\[0\]\.name at byte 3: /,
    ],
    ["missing --type", ["--schema", "set.binpb", "data/order-0.bin"], /^--type <name> is required/],
    ["unknown option", ["--schema", "set.binpb", "--type", ORDER, "--fast", "data/order-0.bin"], /^unknown option --fast /],
    ["bad --rounds", ["--schema", "set.binpb", "--type", ORDER, "--rounds", "0", "data/order-0.bin"], /^--rounds needs a positive whole number/],
  ];
  it.each(cases)("%s", async (_, args, message) => {
    const { code, stdout, stderr } = await bench(...FAST, ...args);
    expect(stdout).toBe("");
    expect(stderr.endsWith("\n") && stderr.split("\n").length === 2, `one line: ${stderr}`).toBe(true);
    expect(stderr).toMatch(/^protowasm: /);
    expect(stderr.slice("protowasm: ".length).trimEnd()).toMatch(message);
    expect(code).toBe(2);
  });

  it("unknown command", async () => {
    const { code, stderr } = await run(["frobnicate"]);
    expect(stderr).toBe("protowasm: unknown command frobnicate (see protowasm --help)\n");
    expect(code).toBe(2);
  });
});
