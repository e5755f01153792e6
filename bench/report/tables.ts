// The report's tables as plain rows of strings, rendered by terminal.ts and markdown.ts.
import { LABELS, type CandidateId } from "../lib/candidates.js";
import type { Direction } from "../lib/bench-payloads.js";
import type { Results } from "../lib/results.js";
import { find, ratio } from "../lib/summary.js";
import { fmtBytes, fmtMBs, fmtOps, fmtPercent, fmtRatio } from "./format.js";

export interface Table {
  title: string;
  header: string[];
  /** "l" or "r" per column. */
  align: string[];
  rows: string[][];
}

// The candidates whose timings make the ratio columns; the spread column covers them.
const PROTOBUF: CandidateId[] = ["protowasm", "bufbuild", "protobufjs"];

export function throughputTable(results: Results, direction: Direction): Table {
  const { candidates, rows } = results;
  const header = ["workload", "msgs", "protobuf", ...candidates.map((c) => LABELS[c]), "protowasm / @bufbuild", "protowasm / protobufjs", "spread"];
  const body = results.workloads.filter((w) => !w.error).map((w) => {
    const cells = candidates.map((c) => {
      const r = find(rows, w.name, direction, c);
      if (!r || r.medianMs === null) return "n/a";
      return `${fmtMBs(r.mbPerSec)} MB/s ${fmtOps(r.opsPerSec)}/s${r.note ? " *" : ""}`;
    });
    const spreads = rows
      .filter((r) => r.workload === w.name && r.direction === direction && PROTOBUF.includes(r.candidate) && r.spread !== null)
      .map((r) => r.spread!);
    return [
      w.name, String(w.messages), fmtBytes(w.bytes), ...cells,
      fmtRatio(ratio(rows, w.name, direction, "protowasm", "bufbuild")),
      fmtRatio(ratio(rows, w.name, direction, "protowasm", "protobufjs")),
      fmtPercent(spreads.length ? Math.max(...spreads) : null),
    ];
  });
  return { title: `${direction} (MB/s and messages/s, median)`, header, align: ["l", ...header.slice(1).map(() => "r")], rows: body };
}

export function sizesTable(results: Results): Table {
  const size = (w: string, c: CandidateId) => find(results.rows, w, "encode", c)?.bytes || null;
  const body = results.workloads.filter((w) => !w.error).map((w) => {
    const pb = w.bytes;
    const json = size(w.name, "json");
    const v8 = size(w.name, "v8");
    return [w.name, String(w.messages), fmtBytes(pb), json ? fmtBytes(json) : "n/a", v8 ? fmtBytes(v8) : "n/a",
      json ? fmtRatio(json / pb) : "n/a", v8 ? fmtRatio(v8 / pb) : "n/a"];
  });
  return {
    title: "encoded sizes",
    header: ["workload", "msgs", "protobuf", "JSON", "v8.serialize", "JSON / protobuf", "v8 / protobuf"],
    align: ["l", "r", "r", "r", "r", "r", "r"],
    rows: body,
  };
}

export function summaryTable(results: Results): Table {
  const { candidates, summary } = results;
  const rows: string[][] = [];
  for (const d of ["decode", "encode"] as const) {
    rows.push([`${d}: ops/s relative to @bufbuild/protobuf`, ...candidates.map((c) => fmtRatio(summary[d].vsBufbuild[c]?.value))]);
  }
  for (const d of ["decode", "encode"] as const) {
    rows.push([`${d}: MB/s`, ...candidates.map((c) => fmtMBs(summary[d].mbPerSec[c]?.value ?? null))]);
  }
  const n = results.workloads.filter((w) => !w.error).length;
  return {
    title: `geometric means over ${n} workloads`,
    header: ["", ...candidates.map((c) => LABELS[c])],
    align: ["l", ...candidates.map(() => "r")],
    rows,
  };
}

export function headerLines(results: Pick<Results, "environment" | "options" | "startedAt" | "durationSeconds">): string[] {
  const e = results.environment;
  const t = results.options.timing;
  const lines = [
    `${e.cpu}, ${e.cores} cores, ${e.memoryGiB} GiB; ${e.platform}; Node ${e.node} (V8 ${e.v8}); load average ${e.loadAverage} at start`,
    Object.entries(e.versions).map(([k, v]) => `${k} ${v}`).join(", ") + `; protowasm commit ${e.protowasmCommit}`,
    `${results.startedAt}, ${results.durationSeconds.toFixed(0)} s${results.options.quick ? ", --quick" : ""}` +
      `${results.options.corpora ? `, corpora ${results.options.corpora}` : ""}; per task: ${t.rounds} rounds of ${t.time} ms ` +
      `(at least ${t.minIterations} calls), candidates in balanced orders (each after each other equally often), minor GC before each, ${t.warmupTime} ms warm-up; median of round medians`,
  ];
  if (e.loadAverage >= 0.5) {
    lines.push(`NOTE: load average ${e.loadAverage} on ${e.cores} cores at start: other processes were using the CPU, so expect noise (see the spread column).`);
  }
  if (e.protowasmIsPassthrough) {
    lines.push("NOTE: src/index.ts re-exports @bufbuild/protobuf, so the protowasm column measures @bufbuild/protobuf itself (ratios ~1.00x are noise).");
  }
  return lines;
}

export function legendLines(): string[] {
  return [
    "ops/s counts messages (one toBinary/fromBinary per message; one frame of a stream). MB/s is 10^6 bytes/s of the candidate's own encoding.",
    "protobufjs: Type built at run time from the same descriptors (protobufjs/ext/descriptor); it encodes its own decoded objects.",
    "JSON: JSON.stringify / JSON.parse of the ProtoJSON form (toJson output, conversion not timed). v8: v8.serialize / v8.deserialize of the message objects.",
    "spread: the largest interquartile range of the round medians, relative to their median, among protowasm, @bufbuild/protobuf and protobufjs. * = see notes.",
  ];
}

export function noteLines(results: Results): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const r of results.rows) {
    const text = r.error ? `${LABELS[r.candidate]} did not run on ${r.workload}: ${r.error}` : r.note ? `${LABELS[r.candidate]} on ${r.workload}: ${r.note}` : "";
    if (text && !seen.has(text)) {
      seen.add(text);
      lines.push(text);
    }
  }
  for (const w of results.workloads) if (w.error) lines.push(`${w.name} NOT BENCHMARKED: ${w.error}`);
  return lines;
}
