// The document a run produces (written as latest.json) and every report reads.
import type { CandidateId } from "./candidates.js";
import type { ResultRow } from "./bench-payloads.js";
import type { Environment } from "./environment.js";
import type { Summary } from "./summary.js";
import type { TimingOptions } from "./timing.js";

export interface WorkloadInfo {
  name: string;
  description: string;
  messages: number;
  /** Protobuf bytes of all payloads (plus size prefixes for a delimited stream). */
  bytes: number;
  delimited: boolean;
  /** Set when the workload was not benchmarked (failed correctness check under --keep-going). */
  error?: string;
}

export interface Results {
  title: string;
  startedAt: string;
  durationSeconds: number;
  options: { quick: boolean; corpora?: string; filter?: string[]; timing: TimingOptions };
  environment: Environment;
  candidates: CandidateId[];
  workloads: WorkloadInfo[];
  rows: ResultRow[];
  summary: Summary;
}
