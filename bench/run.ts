// Entry point of `npm run bench`: picks the workloads (built-in or --corpora), runs benchPayloads on
// each, then prints the terminal table (or JSON with --json) and writes bench/results/<name>.{json,md,svg}.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { ResultRow } from "./lib/bench-payloads.js";
import { CANDIDATES } from "./lib/candidates.js";
import { environment } from "./lib/environment.js";
import { runInChild } from "./lib/isolate.js";
import { runJob, type Job } from "./lib/job.js";
import type { Results, WorkloadInfo } from "./lib/results.js";
import { summarize } from "./lib/summary.js";
import { FULL_TIMING, QUICK_TIMING } from "./lib/timing.js";
import { CorrectnessError } from "./lib/verify.js";
import { markdownReport } from "./report/markdown.js";
import { svgChart } from "./report/svg.js";
import { terminalReport } from "./report/terminal.js";
import { headerLines } from "./report/tables.js";
import { corporaNames } from "./workloads/corpora.js";
import { BUILTIN } from "./workloads/index.js";

const HELP = `usage: npm run bench -- [options]

  --quick             short run (4 rounds of 25 ms per task; under a minute)
  --json              print the results as JSON instead of tables
  --corpora <dir>     benchmark the real files of <dir>/workloads.json instead of the built-in workloads
  --filter <a,b,...>  only workloads whose name contains one of these strings
  --rounds <n>        rounds per task (default 10, --quick 4)
  --time <ms>         time per task and round (default 100, --quick 25)
  --keep-going        after a protowasm correctness failure, skip that workload and go on (exit code 1)
  --in-process        run every workload in this process (default: a fresh child process per workload)
  --out <dir>         where to write <name>.{json,md,svg} (default bench/results)

Results are written as latest.*, latest-quick.*, corpora.* or corpora-quick.* (-filtered with --filter).`;

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = join(benchDir, "..");

function positive(option: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${option} needs a positive number, not ${value}`);
  return n;
}

async function main(): Promise<number> {
  const { values: args } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      corpora: { type: "string" },
      filter: { type: "string" },
      rounds: { type: "string" },
      time: { type: "string" },
      "keep-going": { type: "boolean", default: false },
      "in-process": { type: "boolean", default: false },
      out: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (args.help) {
    console.log(HELP);
    return 0;
  }
  const timing = { ...(args.quick ? QUICK_TIMING : FULL_TIMING) };
  if (args.rounds) timing.rounds = positive("--rounds", args.rounds);
  if (args.time) timing.time = positive("--time", args.time);
  const filter = args.filter?.split(",").map((s) => s.trim()).filter(Boolean);
  const matches = (name: string) => !filter || filter.some((f) => name.includes(f));
  const log = (line: string) => process.stderr.write(line + "\n");

  const started = Date.now();
  const env = environment(root);
  const names = (args.corpora ? corporaNames(args.corpora) : BUILTIN.map(([name]) => name)).filter(matches);
  if (names.length === 0) throw new Error(`no workload matches --filter ${args.filter}`);

  const title = args.corpora ? "protowasm benchmark (corpora)" : "protowasm benchmark";
  const header = { title, startedAt: new Date(started).toISOString(), environment: env,
    options: { quick: args.quick, corpora: args.corpora, filter, timing } };
  headerLines({ ...header, durationSeconds: 0 }).forEach((l) => log(l));
  log("");

  const rows: ResultRow[] = [];
  const infos: WorkloadInfo[] = [];
  let failed = false;
  for (const [i, name] of names.entries()) {
    const t0 = Date.now();
    const job: Job = { name, corpora: args.corpora, timing };
    log(`[${i + 1}/${names.length}] ${name}`);
    try {
      const { info, rows: got } = args["in-process"] ? await runJob(job, log) : await runInChild(job);
      infos.push(info);
      rows.push(...got);
      log(`    done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } catch (e) {
      if (!(e instanceof CorrectnessError)) throw e;
      failed = true;
      log(`\n${e.message}\n`);
      if (!args["keep-going"]) {
        log("Stopping: the codec under test is wrong on this workload (use --keep-going to benchmark the others).");
        return 1;
      }
      infos.push({ name, description: "", messages: 0, bytes: 0, delimited: false, error: e.message });
    }
  }

  const results: Results = {
    ...header,
    durationSeconds: (Date.now() - started) / 1000,
    candidates: CANDIDATES,
    workloads: infos,
    rows,
    summary: summarize(rows, CANDIDATES),
  };

  const outDir = args.out ?? join(benchDir, "results");
  const name = [args.corpora ? "corpora" : "latest", args.quick && "quick", filter && "filtered"].filter(Boolean).join("-");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `${name}.json`), JSON.stringify(results, null, 2) + "\n");
  writeFileSync(join(outDir, `${name}.md`), markdownReport(results, `${name}.svg`));
  writeFileSync(join(outDir, `${name}.svg`), svgChart(results));

  if (args.json) console.log(JSON.stringify(results, null, 2));
  else console.log("\n" + terminalReport(results));
  log(`\nwrote ${relative(process.cwd(), join(outDir, name))}.{json,md,svg} in ${results.durationSeconds.toFixed(0)} s`);
  return failed ? 1 : 0;
}

main().then(
  (code) => { process.exitCode = code; },
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
