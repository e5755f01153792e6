// The terminal report of `protowasm bench`: for its one message type, a table per direction with a
// row per codec, then a legend and the notes. Header lines, number formats and table rendering are
// the bench's (bench/report/).
import type { Direction } from "../../bench/lib/bench-payloads.js";
import { LABELS } from "../../bench/lib/candidates.js";
import { find, ratio } from "../../bench/lib/summary.js";
import { fmtBytes, fmtMBs, fmtOps, fmtPercent, fmtRatio } from "../../bench/report/format.js";
import { headerLines, noteLines, type Table } from "../../bench/report/tables.js";
import { render } from "../../bench/report/terminal.js";
import type { CliResults } from "./results.js";

/** One direction: a row per codec with messages/s, MB/s, the ratio to @bufbuild/protobuf, spread and bytes. */
export function codecTable(results: CliResults, direction: Direction): Table {
  const workload = results.input.type;
  const rows = results.candidates.map((c) => {
    const r = find(results.rows, workload, direction, c);
    if (!r || r.opsPerSec === null) return [LABELS[c], "n/a", "n/a", "n/a", "", ""];
    return [
      LABELS[c] + (r.note ? " *" : ""),
      fmtOps(r.opsPerSec),
      fmtMBs(r.mbPerSec),
      fmtRatio(ratio(results.rows, workload, direction, c, "bufbuild")),
      fmtPercent(r.spread),
      fmtBytes(r.bytes),
    ];
  });
  const { rounds, time } = results.options.timing;
  return {
    title: `${direction} (median of ${rounds} round${rounds === 1 ? "" : "s"} of ${time} ms)`,
    header: ["codec", "messages/s", "MB/s", "vs @bufbuild/protobuf", "spread", "bytes"],
    align: ["l", "r", "r", "r", "r", "r"],
    rows,
  };
}

const LEGEND = [
  "messages/s: fromBinary/toBinary calls per second, one per payload file. MB/s: 10^6 bytes/s of the codec's own encoding; bytes: all payloads in that encoding.",
  "vs @bufbuild/protobuf: messages/s relative to @bufbuild/protobuf, > 1 is faster. spread: interquartile range of the round medians relative to their median.",
  "JSON: JSON.parse / JSON.stringify of the ProtoJSON form (toJson, not timed). v8.serialize: v8.deserialize / v8.serialize of the message objects.",
];

/** The whole report as text. */
export function cliReport(results: CliResults): string {
  const { input } = results;
  const bytes = input.files.reduce((n, f) => n + f.bytes, 0);
  const notes = [...results.notes, ...noteLines(results)];
  return [
    `${results.title}: ${input.files.length} payload file${input.files.length === 1 ? "" : "s"}, ${fmtBytes(bytes)} (schema ${input.schema})`,
    ...headerLines(results),
    "",
    render(codecTable(results, "decode")),
    "",
    render(codecTable(results, "encode")),
    "",
    ...LEGEND,
    ...(notes.length ? ["", "notes:", ...notes.map((n) => `  * ${n}`)] : []),
  ].join("\n");
}
