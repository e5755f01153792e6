// `npm run bench:profile`: where one codec spends its time on one workload. Runs the codec on
// the workload in a child process under V8's sampling profiler (`--cpu-prof`) and prints the
// functions with the most self time and the hottest source lines of the built bundle
// (dist/esm/index.js) and of the per-type code generated with `new Function` (which the
// profile shows without a file name). WebAssembly shows as wasm-function[i]: the index of a
// function in build/protowasm.wat (assembly/scan.ts's `run`, `readValue`, `intern`, ...).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { fromBinary as bufbuildFromBinary, type DescMessage, type Message } from "@bufbuild/protobuf";
import { protobufjsType } from "./lib/protobufjs-type.js";
import { namedWorkload } from "./workloads/corpora.js";

const HELP = `usage: npm run bench:profile -- [options] <workload>

Profiles one codec on one workload (a built-in name, or c:<name> for a workload of --corpora)
and prints the functions with the most self time and the hottest lines.

  --direction <d>   decode or encode (default decode)
  --codec <c>       protowasm (the built bundle, dist/esm) or protobufjs (default protowasm)
  --seconds <n>     how long to run the workload (default 5)
  --top <n>         rows per table (default 25)
  --corpora <dir>   where c:<name> workloads come from (default ../shared/corpora)`;

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = join(root, "dist/esm/index.js");

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; scriptId: string | number };
  positionTicks?: { line: number; ticks: number }[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

type Codec = {
  fromBinary(schema: DescMessage, bytes: Uint8Array): Message;
  toBinary(schema: DescMessage, message: Message): Uint8Array;
};

// The child: runs the workload for the given time, under the profiler its parent started.
async function runChild(name: string, direction: string, codec: string, seconds: number, corpora: string): Promise<void> {
  const workload = namedWorkload(name, corpora);
  const { schema, payloads } = workload;
  let run: () => void;
  if (codec === "protobufjs") {
    const type = await protobufjsType(schema);
    const own = payloads.map((p) => type.decode(p));
    run = direction === "decode"
      ? () => { for (const p of payloads) type.decode(p); }
      : () => { for (const m of own) type.encode(m).finish(); };
  } else {
    const pw = (await import(pathToFileURL(bundle).href)) as Codec;
    const messages = payloads.map((p) => bufbuildFromBinary(schema, p));
    run = direction === "decode"
      ? () => { for (const p of payloads) pw.fromBinary(schema, p); }
      : () => { for (const m of messages) pw.toBinary(schema, m); };
  }
  const end = performance.now() + seconds * 1000;
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() < end) {
    run();
    calls++;
  }
  const perMessage = ((performance.now() - t0) * 1e6) / calls / payloads.length;
  console.log(`${codec} ${name} ${direction}: ${calls} calls, ${perMessage.toFixed(0)} ns per message`);
}

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1).padStart(5)}%`;

function report(profile: Profile, top: number): void {
  const timeOf = new Map<number, number>();
  profile.samples.forEach((id, i) => timeOf.set(id, (timeOf.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  let total = 0;
  for (const t of timeOf.values()) total += t;
  const self = new Map<string, number>();
  const lines = new Map<number, number>();
  const generated = new Map<string, number>();
  let ticks = 0;
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber, scriptId } = node.callFrame;
    const key = `${functionName || "(anonymous)"} ${url ? `${url.split("/").slice(-2).join("/")}:${lineNumber + 1}` : ""}`;
    self.set(key, (self.get(key) ?? 0) + (timeOf.get(node.id) ?? 0));
    for (const { line, ticks: n } of node.positionTicks ?? []) {
      ticks += n;
      if (url.endsWith("/dist/esm/index.js")) lines.set(line, (lines.get(line) ?? 0) + n);
      else if (url === "" && functionName !== "") {
        // One script per generated function: the script id tells two types' readers apart.
        const k = `${functionName} of script ${scriptId}, line ${line}`;
        generated.set(k, (generated.get(k) ?? 0) + n);
      }
    }
  }
  console.log("\nself time by function:");
  for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${percent(t, total)}  ${k}`);
  const source = readFileSync(bundle, "utf8").split("\n");
  console.log("\nhottest lines of dist/esm/index.js (share of line samples):");
  for (const [line, n] of [...lines].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${percent(n, ticks)}  ${String(line).padStart(6)}  ${source[line - 1].trim().slice(0, 100)}`);
  }
  console.log("\nhottest lines of generated code (new Function; codegen.ts's body starts on line 3 of its source):");
  for (const [k, n] of [...generated].sort((a, b) => b[1] - a[1]).slice(0, Math.min(top, 12))) console.log(`${percent(n, ticks)}  ${k}`);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      direction: { type: "string", default: "decode" },
      codec: { type: "string", default: "protowasm" },
      seconds: { type: "string", default: "5" },
      top: { type: "string", default: "25" },
      corpora: { type: "string", default: join(root, "../shared/corpora") },
      child: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.log(HELP);
    return;
  }
  const [name] = positionals;
  if (values.direction !== "decode" && values.direction !== "encode") throw new Error(`--direction: decode or encode, not ${values.direction}`);
  if (values.codec !== "protowasm" && values.codec !== "protobufjs") throw new Error(`--codec: protowasm or protobufjs, not ${values.codec}`);
  const seconds = Number(values.seconds);
  const top = Number(values.top);
  if (!(seconds > 0) || !(top > 0)) throw new Error("--seconds and --top need positive numbers");
  if (values.child) {
    await runChild(name, values.direction, values.codec, seconds, values.corpora!);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "protowasm-profile-"));
  try {
    const args = ["--cpu-prof", "--cpu-prof-interval", "50", "--cpu-prof-dir", dir, ...process.execArgv, fileURLToPath(import.meta.url), "--child", ...process.argv.slice(2)];
    execFileSync(process.execPath, args, { stdio: ["ignore", "inherit", "inherit"] });
    // The loader thread writes a small profile of its own: the largest one is the main thread's.
    const [file] = readdirSync(dir).map((f) => join(dir, f)).sort((a, b) => statSync(b).size - statSync(a).size);
    report(JSON.parse(readFileSync(file, "utf8")) as Profile, top);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
