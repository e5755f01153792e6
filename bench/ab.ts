// `npm run bench:ab`: protowasm at a base commit against the working tree, in one process, on the
// same payloads, with protobufjs alongside. For judging a change to the codec: on a shared
// machine whose speed drifts by 10-20% from run to run, only ratios measured side by side in
// one process, over many short interleaved rounds, tell a 5% change from noise.
//
// The base is checked out (git worktree) under the system's temp directory, its WebAssembly
// built there, and its src/ imported next to ours: two separate modules, each with its own
// WebAssembly instance.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { fromBinary as bufbuildFromBinary, type DescMessage, type Message } from "@bufbuild/protobuf";
import { protobufjsType } from "./lib/protobufjs-type.js";
import { balancedOrders, median, minorGc } from "./lib/timing.js";
import { namedWorkload } from "./workloads/corpora.js";

const HELP = `usage: npm run bench:ab -- [options] <workload>...

Times protowasm at --base (a commit, default HEAD) against the working tree, and protobufjs,
interleaved in one process. A workload is a built-in name (see npm run bench) or c:<name> for
a workload of --corpora.

  --base <rev>        the commit to compare with (default HEAD)
  --direction <d>     decode, encode or both (default both)
  --rounds <n>        rounds per workload and direction (default 36: each order of the three
                      candidates 6 times)
  --time <ms>         time per candidate and round (default 30)
  --corpora <dir>     where c:<name> workloads come from (default ../shared/corpora)

  --processes <n>     repeat the comparison in n fresh processes per workload (default 1) and
                      print the median ratios: code layout and optimization decisions differ
                      from one process to the next, and can move one candidate by 10% for a
                      whole run (and a workload run after another inherits what V8 learnt).
                      Every other process lists the working tree's codec before the base's:
                      the first listed ran up to 7% faster than the same code listed second,
                      so use an even n (4 or 6); an A/A run (--base HEAD on an unchanged tree)
                      shows what is left of the noise for a workload

Prints, per workload and direction, MB/s and ns per message of each candidate (median of the
rounds) and the ratios work/base and work/protobufjs.`;

type Codec = {
  fromBinary(schema: DescMessage, bytes: Uint8Array): Message;
  toBinary(schema: DescMessage, message: Message): Uint8Array;
};

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function git(args: string[], cwd = root): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** Checks out rev in a temporary worktree with its WebAssembly built; returns the directory. */
function checkOut(rev: string): string {
  const dir = mkdtempSync(join(tmpdir(), "protowasm-ab-"));
  git(["worktree", "add", "--detach", "--force", dir, rev]);
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  execFileSync(process.execPath, [join(dir, "scripts/build-wasm.mjs")], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  return dir;
}

/** Milliseconds per call of fn, over calls for at least ms. */
function perCall(fn: () => void, ms: number): number {
  let calls = 0;
  const t0 = performance.now();
  let t = t0;
  do {
    fn();
    calls++;
    t = performance.now();
  } while (t - t0 < ms);
  return (t - t0) / calls;
}

async function compare(
  name: string, direction: "decode" | "encode", base: Codec, work: Codec, rounds: number, ms: number, corpora: string,
  workFirst: boolean,
): Promise<Ratios> {
  const workload = namedWorkload(name, corpora);
  const { schema, payloads } = workload;
  const messages = payloads.map((p) => bufbuildFromBinary(schema, p));
  const type = await protobufjsType(schema);
  const pbjsMessages = payloads.map((p) => type.decode(p));
  const codecTask = (key: string, codec: Codec): [string, () => void] =>
    direction === "decode"
      ? [key, () => { for (const p of payloads) codec.fromBinary(schema, p); }]
      : [key, () => { for (const m of messages) codec.toBinary(schema, m); }];
  const pair = [codecTask("base", base), codecTask("work", work)];
  if (workFirst) pair.reverse();
  const tasks: [string, () => void][] = [
    ...pair,
    direction === "decode"
      ? ["protobufjs", () => { for (const p of payloads) type.decode(p); }]
      : ["protobufjs", () => { for (const m of pbjsMessages) type.encode(m).finish(); }],
  ];
  for (const [, fn] of tasks) perCall(fn, 200); // warm-up: optimized code for every candidate
  const times = new Map<string, number[]>(tasks.map(([k]) => [k, []]));
  // The benchmark's balanced orders (for three candidates, all six in turn) and a minor GC
  // before each slot: no candidate always pays for the garbage of the same one before it.
  const orders = balancedOrders(tasks.length);
  for (let r = 0; r < rounds; r++) {
    for (const i of orders[r % orders.length]) {
      const [k, fn] = tasks[i];
      minorGc();
      times.get(k)!.push(perCall(fn, ms));
    }
  }
  const bytes = payloads.reduce((s, p) => s + p.length, 0);
  const m = new Map([...times].map(([k, v]) => [k, median(v)]));
  const cells = [...m].map(([k, t]) => `${k} ${(bytes / t / 1e3).toFixed(0)} MB/s ${((t * 1e6) / payloads.length).toFixed(0)} ns/msg`);
  const ratio = (a: string, b: string) => m.get(b)! / m.get(a)!;
  const result: Ratios = { key: `${name} ${direction}`, base: ratio("work", "base"), protobufjs: ratio("work", "protobufjs") };
  console.log(`${result.key}: ${cells.join(" | ")} | work/base ${result.base.toFixed(3)} work/protobufjs ${result.protobufjs.toFixed(3)}`);
  return result;
}

interface Ratios {
  key: string;
  base: number;
  protobufjs: number;
}

const RESULT_PREFIX = "ab-result ";

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      base: { type: "string", default: "HEAD" },
      direction: { type: "string", default: "both" },
      rounds: { type: "string", default: "36" },
      time: { type: "string", default: "30" },
      corpora: { type: "string", default: join(root, "../shared/corpora") },
      processes: { type: "string", default: "1" },
      // Internal: a child of --processes, given the parent's checkout of the base.
      "base-dir": { type: "string" },
      // Internal: the working tree's candidate goes first in the list of candidates.
      "work-first": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help || positionals.length === 0) {
    console.log(HELP);
    return;
  }
  const directions = values.direction === "both" ? (["decode", "encode"] as const) : [values.direction];
  for (const d of directions) if (d !== "decode" && d !== "encode") throw new Error(`--direction: decode, encode or both, not ${d}`);
  const rounds = Number(values.rounds);
  const ms = Number(values.time);
  const processes = Number(values.processes);
  if (!(rounds > 0) || !(ms > 0) || !(processes >= 1)) throw new Error("--rounds, --time and --processes need positive numbers");
  const child = values["base-dir"];
  const dir = child ?? checkOut(values.base!);
  try {
    if (child === undefined) {
      const changed = git(["status", "--porcelain", "--", "src", "assembly"]) ? "changed" : "unchanged";
      console.log(`base ${git(["rev-parse", "--short", values.base!])}, work: ${root} (${changed})`);
    }
    if (processes > 1) {
      // Each process prints its lines; the last line per comparison carries the ratios.
      // One workload per process too: the codecs' code is shared between workloads, and what
      // one workload teaches V8 (types seen, inlining) changes the next one's numbers.
      const all = new Map<string, Ratios[]>();
      const options = process.argv.slice(1).filter((a) => !positionals.includes(a));
      const shared = options.filter((a, j, list) => a !== "--processes" && list[j - 1] !== "--processes");
      for (let i = 0; i < processes * positionals.length; i++) {
        const workload = positionals[i % positionals.length];
        // Every other process lists the working tree's candidate first: the first in the list
        // ran 5-7% faster than the same code second (A/A of user-x1000 encode: 0.93 one way,
        // 1.06 the other; neither the warm-up order nor a timing loop per candidate was it).
        const first = Math.floor(i / positionals.length) % 2 === 1 ? ["--work-first"] : [];
        const out = execFileSync(process.execPath, [...process.execArgv, ...shared, "--base-dir", dir, ...first, workload], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
        for (const line of out.split("\n")) {
          if (line.startsWith(RESULT_PREFIX)) {
            const r = JSON.parse(line.slice(RESULT_PREFIX.length)) as Ratios;
            all.set(r.key, [...(all.get(r.key) ?? []), r]);
          } else if (line !== "") {
            console.log(`[${Math.floor(i / positionals.length) + 1}/${processes}] ${line}`);
          }
        }
      }
      for (const [key, rs] of all) {
        const b = rs.map((r) => r.base);
        const p = rs.map((r) => r.protobufjs);
        console.log(
          `${key}: work/base median ${median(b).toFixed(3)} (${b.map((x) => x.toFixed(2)).join(" ")}), ` +
            `work/protobufjs median ${median(p).toFixed(3)} (${p.map((x) => x.toFixed(2)).join(" ")})`,
        );
      }
      return;
    }
    const base = (await import(pathToFileURL(join(dir, "src/index.ts")).href)) as Codec;
    const work = (await import(pathToFileURL(join(root, "src/index.ts")).href)) as Codec;
    for (const name of positionals) {
      for (const d of directions) {
        const r = await compare(name, d as "decode" | "encode", base, work, rounds, ms, values.corpora!, values["work-first"]!);
        if (child !== undefined) console.log(RESULT_PREFIX + JSON.stringify(r));
      }
    }
  } finally {
    if (child === undefined) {
      git(["worktree", "remove", "--force", dir]);
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    }
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
