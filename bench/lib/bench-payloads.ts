// benchPayloads: the whole comparison for one message type and a set of encoded payloads.
// Decodes the payloads with @bufbuild/protobuf, checks protowasm against it, prepares every
// candidate, times decode then encode (interleaved rounds) and returns one row per
// direction and candidate. Knows nothing of where payloads come from or how results are shown.
import * as bufbuild from "@bufbuild/protobuf";
import type { DescMessage } from "@bufbuild/protobuf";
import { CANDIDATES, prepare, type CandidateId, type Prepared } from "./candidates.js";
import { chunk, concat, frame } from "./stream.js";
import { timeInterleaved, type TimingOptions } from "./timing.js";
import { verifyProtowasm } from "./verify.js";

export type Direction = "decode" | "encode";
export const DIRECTIONS: Direction[] = ["decode", "encode"];

export interface ResultRow {
  workload: string;
  direction: Direction;
  candidate: CandidateId;
  /** Messages per call; ops/s counts messages. */
  messages: number;
  /** Encoded bytes per call in the candidate's own format; MB/s = bytes / 1e6 / s. */
  bytes: number;
  medianMs: number | null;
  mbPerSec: number | null;
  opsPerSec: number | null;
  /** Round-to-round spread: interquartile range of the round medians over their median. */
  spread: number | null;
  /** Median latency of each round, ms. */
  roundMs: number[];
  samples: number;
  note?: string;
  /** Set when the candidate could not run on this workload; no timings then. */
  error?: string;
}

export interface BenchPayloadsOptions {
  /** Row label. */
  name: string;
  schema: DescMessage;
  payloads: Uint8Array[];
  /** Benchmark the payloads as the frames of one size-delimited stream. */
  delimited?: boolean;
  /** With delimited: one synchronous batch call instead of an async stream (see Workload.batch). */
  batch?: boolean;
  candidates?: CandidateId[];
  timing: TimingOptions;
  log?: (message: string) => void;
  /** Called after each timing round of each direction (round is 1-based). */
  progress?: (direction: Direction, round: number, rounds: number) => void;
}

export async function benchPayloads(options: BenchPayloadsOptions): Promise<ResultRow[]> {
  const { name, schema, payloads, timing } = options;
  const candidates = options.candidates ?? CANDIDATES;
  const log = options.log ?? (() => {});
  const messages = payloads.map((p) => bufbuild.fromBinary(schema, p));
  let stream: { bytes: Uint8Array; chunks: Uint8Array[]; batch: boolean } | undefined;
  if (options.delimited) {
    const bytes = concat(payloads.map(frame));
    stream = { bytes, chunks: chunk(bytes), batch: !!options.batch };
  }

  if (candidates.includes("protowasm")) {
    await verifyProtowasm(name, schema, payloads, messages, stream);
    log("protowasm matches @bufbuild/protobuf");
  }

  const prepared = new Map<CandidateId, Prepared>();
  const errors = new Map<CandidateId, string>();
  for (const id of candidates) {
    try {
      const p = await prepare(id, { schema, payloads, messages, stream });
      await p.decode();
      p.encode();
      prepared.set(id, p);
    } catch (e) {
      if (id === "protowasm" || id === "bufbuild") throw e;
      errors.set(id, e instanceof Error ? e.message : String(e));
      log(`${id} skipped: ${errors.get(id)}`);
    }
  }

  const rows: ResultRow[] = [];
  for (const direction of DIRECTIONS) {
    const timed = await timeInterleaved(
      [...prepared].map(([id, p]) => ({
        key: id,
        fn: direction === "decode" ? p.decode : p.encode,
        async: direction === "decode" && p.asyncDecode,
      })),
      timing,
      (round) => options.progress?.(direction, round, timing.rounds),
    );
    for (const id of candidates) {
      const p = prepared.get(id);
      const t = timed.get(id);
      if (!p || !t) {
        rows.push({
          workload: name, direction, candidate: id, messages: payloads.length, bytes: 0,
          medianMs: null, mbPerSec: null, opsPerSec: null, spread: null, roundMs: [], samples: 0, error: errors.get(id),
        });
        continue;
      }
      const bytes = direction === "decode" ? p.decodeBytes : p.encodeBytes;
      const seconds = t.medianMs / 1000;
      rows.push({
        workload: name,
        direction,
        candidate: id,
        messages: payloads.length,
        bytes,
        medianMs: t.medianMs,
        mbPerSec: bytes / 1e6 / seconds,
        opsPerSec: payloads.length / seconds,
        spread: t.spread,
        roundMs: t.roundMedians,
        samples: t.samples,
        note: p.note,
      });
    }
  }
  return rows;
}
