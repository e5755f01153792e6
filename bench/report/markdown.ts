// Renders the results as a Markdown document (bench/results/*.md).
import type { Results } from "../lib/results.js";
import { headerLines, legendLines, noteLines, sizesTable, summaryTable, throughputTable, type Table } from "./tables.js";

const escape = (s: string) => s.replace(/\|/g, "\\|");

function render(table: Table): string {
  return [
    `### ${table.title}`,
    "",
    `| ${table.header.map(escape).join(" | ")} |`,
    `|${table.align.map((a) => (a === "l" ? "---" : "---:")).join("|")}|`,
    ...table.rows.map((r) => `| ${r.map(escape).join(" | ")} |`),
  ].join("\n");
}

export function markdownReport(results: Results, svgFile?: string): string {
  const notes = noteLines(results);
  return [
    `# ${results.title}`,
    "",
    ...headerLines(results).map((l) => `- ${l}`),
    "",
    ...(svgFile ? [`![ops/s relative to @bufbuild/protobuf](${svgFile})`, ""] : []),
    render(summaryTable(results)),
    "",
    render(throughputTable(results, "decode")),
    "",
    render(throughputTable(results, "encode")),
    "",
    render(sizesTable(results)),
    "",
    ...legendLines().map((l) => `- ${l}`),
    ...(notes.length ? ["", "Notes:", "", ...notes.map((n) => `- ${n}`)] : []),
    "",
  ].join("\n");
}
