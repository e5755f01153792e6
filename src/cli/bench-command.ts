// `protowasm bench`: reads the schema and the payload files, checks every payload, runs the bench's
// benchPayloads (bench/lib) on them, and prints the report or JSON to stdout; progress goes to stderr.
import { benchPayloads, type ResultRow } from "../../bench/lib/bench-payloads.js";
import { summarize } from "../../bench/lib/summary.js";
import { CorrectnessError } from "../../bench/lib/verify.js";
import { fmtBytes } from "../../bench/report/format.js";
import { parseBenchArgs } from "./bench-args.js";
import { checkPayloads } from "./check-payloads.js";
import { cliEnvironment } from "./cli-environment.js";
import { findMessage } from "./find-message.js";
import { BENCH_HELP } from "./help.js";
import { availableCandidates } from "./optional-candidates.js";
import { readPayloadFiles, type PayloadFile } from "./payload-files.js";
import { Progress } from "./progress.js";
import { cliReport } from "./report.js";
import type { CliResults } from "./results.js";
import { loadSchema } from "./schema.js";

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** The correctness gate (bench/lib/verify.ts) says "payload 3 (120 bytes)"; name the file instead. */
function withFileNames(error: CorrectnessError, files: PayloadFile[]): CorrectnessError {
  const message = error.message.replace(/payload (\d+) \((\d+ bytes)\)/g, (text, i: string, size: string) =>
    files[Number(i)] ? `payload ${files[Number(i)].path} (${size})` : text);
  return new CorrectnessError(message);
}

/**
 * Runs `protowasm bench <argv>`.
 * @returns the exit code
 * @throws CliError for bad arguments or input files, CorrectnessError when protowasm disagrees with @bufbuild/protobuf
 */
export async function benchCommand(argv: string[]): Promise<number> {
  const args = parseBenchArgs(argv);
  if (args === "help") {
    console.log(BENCH_HELP);
    return 0;
  }
  const registry = loadSchema(args.schema);
  const schema = findMessage(registry, args.type, args.schema);
  const files = readPayloadFiles(args.payloads);
  checkPayloads(schema, files);
  const { candidates, notes } = await availableCandidates();

  const progress = new Progress();
  notes.forEach((n) => progress.log(n));
  const { timing } = args;
  const bytes = files.reduce((n, f) => n + f.bytes.length, 0);
  const estimate = (2 * candidates.length * (timing.warmupTime + timing.rounds * timing.time)) / 1000;
  progress.log(`${schema.typeName}: ${plural(files.length, "payload file")}, ${fmtBytes(bytes)}; ${candidates.length} codecs, ` +
    `decode and encode, ${plural(timing.rounds, "round")} of ${timing.time} ms each (about ${Math.ceil(estimate)} s)`);

  const started = Date.now();
  const environment = cliEnvironment();
  let rows: ResultRow[];
  try {
    rows = await benchPayloads({
      name: schema.typeName,
      schema,
      payloads: files.map((f) => f.bytes),
      candidates,
      timing,
      log: (line) => progress.log(line),
      progress: progress.rounds(),
    });
  } catch (e) {
    throw e instanceof CorrectnessError ? withFileNames(e, files) : e;
  } finally {
    progress.clear();
  }

  const results: CliResults = {
    title: `protowasm bench ${schema.typeName}`,
    startedAt: new Date(started).toISOString(),
    durationSeconds: (Date.now() - started) / 1000,
    options: { quick: args.quick, timing },
    environment,
    candidates,
    workloads: [{ name: schema.typeName, description: `${plural(files.length, "payload file")} (${args.schema})`, messages: files.length, bytes, delimited: false }],
    rows,
    summary: summarize(rows, candidates),
    input: { schema: args.schema, type: schema.typeName, files: files.map((f) => ({ path: f.path, bytes: f.bytes.length })) },
    notes,
  };
  console.log(args.json ? JSON.stringify(results, null, 2) : cliReport(results));
  return 0;
}
