// One unit of work: load one workload (built-in or from a corpora folder) and benchmark it.
// Runs in a child process (isolate.ts) or, with --in-process, in the main one.
import { benchPayloads, type ResultRow } from "./bench-payloads.js";
import type { WorkloadInfo } from "./results.js";
import type { TimingOptions } from "./timing.js";
import { builtinWorkload } from "../workloads/index.js";
import { corporaWorkload } from "../workloads/corpora.js";

export interface Job {
  name: string;
  /** Corpora folder; built-in workloads when absent. */
  corpora?: string;
  timing: TimingOptions;
}

export interface JobResult {
  info: WorkloadInfo;
  rows: ResultRow[];
}

export async function runJob(job: Job, log: (line: string) => void): Promise<JobResult> {
  const w = job.corpora ? corporaWorkload(job.corpora, job.name) : builtinWorkload(job.name);
  const bytes = w.payloads.reduce((n, p) => n + p.length, 0);
  log(`    ${w.payloads.length} messages, ${bytes} bytes`);
  const rows = await benchPayloads({
    name: w.name,
    schema: w.schema,
    payloads: w.payloads,
    delimited: w.delimited,
    batch: w.batch,
    timing: job.timing,
    log: (m) => log(`    ${m}`),
  });
  const streamBytes = rows.find((r) => r.candidate === "bufbuild" && r.direction === "decode")?.bytes;
  return {
    info: { name: w.name, description: w.description, messages: w.payloads.length, bytes: streamBytes ?? bytes, delimited: !!w.delimited },
    rows,
  };
}
