// Derived numbers: per-workload ratios and geometric means across workloads.
import type { CandidateId } from "./candidates.js";
import type { Direction, ResultRow } from "./bench-payloads.js";

export interface Geomean {
  value: number | null;
  /** Workloads that went into it. */
  workloads: number;
}

export interface DirectionSummary {
  /** ops/s of each candidate divided by @bufbuild/protobuf's, geometric mean over workloads. */
  vsBufbuild: Partial<Record<CandidateId, Geomean>>;
  /** ops/s of protowasm divided by protobufjs's. */
  protowasmVsProtobufjs: Geomean;
  /** Geometric mean of each candidate's MB/s (own format) over the workloads it ran. */
  mbPerSec: Partial<Record<CandidateId, Geomean>>;
}

export type Summary = Record<Direction, DirectionSummary>;

export function find(rows: ResultRow[], workload: string, direction: Direction, candidate: CandidateId) {
  return rows.find((r) => r.workload === workload && r.direction === direction && r.candidate === candidate);
}

/** a's ops/s over b's for one workload and direction, or null if either did not run. */
export function ratio(rows: ResultRow[], workload: string, direction: Direction, a: CandidateId, b: CandidateId): number | null {
  const x = find(rows, workload, direction, a)?.opsPerSec;
  const y = find(rows, workload, direction, b)?.opsPerSec;
  return x && y ? x / y : null;
}

export function geomean(values: Array<number | null | undefined>): Geomean {
  const v = values.filter((x): x is number => typeof x === "number" && x > 0);
  if (v.length === 0) return { value: null, workloads: 0 };
  return { value: Math.exp(v.reduce((s, x) => s + Math.log(x), 0) / v.length), workloads: v.length };
}

export function summarize(rows: ResultRow[], candidates: CandidateId[]): Summary {
  const workloads = [...new Set(rows.map((r) => r.workload))];
  const one = (direction: Direction): DirectionSummary => ({
    vsBufbuild: Object.fromEntries(candidates.map((c) => [c, geomean(workloads.map((w) => ratio(rows, w, direction, c, "bufbuild")))])),
    protowasmVsProtobufjs: geomean(workloads.map((w) => ratio(rows, w, direction, "protowasm", "protobufjs"))),
    mbPerSec: Object.fromEntries(candidates.map((c) => [c, geomean(workloads.map((w) => find(rows, w, direction, c)?.mbPerSec))])),
  });
  return { decode: one("decode"), encode: one("encode") };
}
