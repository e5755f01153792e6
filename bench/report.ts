// Re-renders saved results without re-running them: prints the terminal tables of a results JSON
// and rewrites the .md and .svg next to it. Usage: npx tsx bench/report.ts bench/results/latest.json
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import type { Results } from "./lib/results.js";
import { markdownReport } from "./report/markdown.js";
import { svgChart } from "./report/svg.js";
import { terminalReport } from "./report/terminal.js";

const file = process.argv[2];
if (!file?.endsWith(".json")) {
  console.error("usage: npx tsx bench/report.ts <results>.json");
  process.exit(2);
}
const results = JSON.parse(readFileSync(file, "utf8")) as Results;
const stem = file.slice(0, -".json".length);
writeFileSync(`${stem}.md`, markdownReport(results, `${basename(stem)}.svg`));
writeFileSync(`${stem}.svg`, svgChart(results));
console.log(terminalReport(results));
