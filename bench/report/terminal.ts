// Renders the results as aligned text tables for the terminal.
import type { Results } from "../lib/results.js";
import { headerLines, legendLines, noteLines, sizesTable, summaryTable, throughputTable, type Table } from "./tables.js";

/** One table as aligned text: title, header, rule, rows. */
export function render(table: Table): string {
  const all = [table.header, ...table.rows];
  const widths = table.header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (table.align[i] === "l" ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
  return [`${table.title}`, line(table.header), widths.map((w) => "-".repeat(w)).join("  "), ...table.rows.map(line)].join("\n");
}

export function terminalReport(results: Results): string {
  const notes = noteLines(results);
  return [
    results.title,
    ...headerLines(results),
    "",
    render(throughputTable(results, "decode")),
    "",
    render(throughputTable(results, "encode")),
    "",
    render(summaryTable(results)),
    "",
    render(sizesTable(results)),
    "",
    ...legendLines(),
    ...(notes.length ? ["", "notes:", ...notes.map((n) => `  * ${n}`)] : []),
  ].join("\n");
}
