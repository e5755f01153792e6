// Renders a hand-written SVG bar chart: per workload and direction, each candidate's messages/s
// relative to @bufbuild/protobuf on a log2 axis, plus the geometric mean. No dependencies.
import { LABELS, type CandidateId } from "../lib/candidates.js";
import type { Direction } from "../lib/bench-payloads.js";
import type { Results } from "../lib/results.js";
import { find, ratio } from "../lib/summary.js";
import { fmtMBs, fmtRatio } from "./format.js";

const COLORS: Record<CandidateId, string> = {
  protowasm: "#6f42c1",
  bufbuild: "#1f77b4",
  protobufjs: "#2ca02c",
  json: "#ff7f0e",
  v8: "#8c8c8c",
};

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const n = (x: number) => x.toFixed(1);

export function svgChart(results: Results): string {
  const { candidates, rows } = results;
  const workloads = results.workloads.filter((w) => !w.error).map((w) => w.name);
  const groups = [...workloads, "geometric mean"];
  const value = (group: string, d: Direction, c: CandidateId): number | null =>
    group === "geometric mean" ? results.summary[d].vsBufbuild[c]?.value ?? null : ratio(rows, group, d, c, "bufbuild");

  const all = groups.flatMap((g) => (["decode", "encode"] as const).flatMap((d) => candidates.map((c) => value(g, d, c))))
    .filter((v): v is number => v !== null && v > 0);
  const lo = Math.max(-7, Math.min(-1, Math.floor(Math.log2(Math.min(...all, 1)))));
  const hi = Math.min(7, Math.max(1, Math.ceil(Math.log2(Math.max(...all, 1)))));

  const width = 1120, labelW = 150, gap = 40, right = 20;
  const panelW = (width - labelW - gap - right) / 2;
  const barH = 7, barStep = 8, groupPad = 12;
  const groupH = candidates.length * barStep + groupPad;
  const top = 110;
  const height = top + groups.length * groupH + 40;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="11">`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${labelW}" y="24" font-size="16" font-weight="600">${esc(results.title)}: messages/s relative to @bufbuild/protobuf (log scale, higher is faster)</text>`);
  const e = results.environment;
  out.push(`<text x="${labelW}" y="42" fill="#555">${esc(`${e.cpu}, ${e.cores} cores; Node ${e.node}; ` +
    Object.entries(e.versions).map(([k, v]) => `${k} ${v}`).join(", ") + (e.protowasmIsPassthrough ? "; protowasm = passthrough to @bufbuild/protobuf" : ""))}</text>`);
  candidates.forEach((c, i) => {
    const x = labelW + i * 150;
    out.push(`<rect x="${x}" y="54" width="12" height="12" fill="${COLORS[c]}"/><text x="${x + 17}" y="64">${esc(LABELS[c])}</text>`);
  });

  (["decode", "encode"] as const).forEach((d, p) => {
    const x0 = labelW + p * (panelW + gap);
    const x = (r: number) => x0 + ((Math.log2(Math.min(Math.max(r, 2 ** lo), 2 ** hi)) - lo) / (hi - lo)) * panelW;
    out.push(`<text x="${n(x0 + panelW / 2)}" y="${top - 22}" font-size="13" font-weight="600" text-anchor="middle">${d}</text>`);
    for (let k = lo; k <= hi; k++) {
      const gx = n(x(2 ** k));
      const label = k >= 0 ? `${2 ** k}×` : `1/${2 ** -k}×`;
      out.push(`<line x1="${gx}" y1="${top - 8}" x2="${gx}" y2="${top + groups.length * groupH}" stroke="${k === 0 ? "#333" : "#e2e2e2"}"/>`);
      out.push(`<text x="${gx}" y="${top - 10}" text-anchor="middle" fill="#555" font-size="10">${label}</text>`);
    }
    groups.forEach((g, gi) => {
      const gy = top + gi * groupH + groupPad / 2;
      if (p === 0) {
        const weight = g === "geometric mean" ? ` font-weight="600"` : "";
        out.push(`<text x="${labelW - 8}" y="${n(gy + (candidates.length * barStep) / 2 + 4)}" text-anchor="end"${weight}>${esc(g)}</text>`);
      }
      if (gi > 0) out.push(`<line x1="${x0}" y1="${gy - groupPad / 2}" x2="${x0 + panelW}" y2="${gy - groupPad / 2}" stroke="#f0f0f0"/>`);
      candidates.forEach((c, ci) => {
        const y = gy + ci * barStep;
        const r = value(g, d, c);
        if (r === null) {
          out.push(`<text x="${n(x(1) + 3)}" y="${n(y + barH)}" font-size="8" fill="#999">n/a</text>`);
          return;
        }
        const a = Math.min(x(1), x(r)), b = Math.max(x(1), x(r));
        const mb = g === "geometric mean" ? null : find(rows, g, d, c)?.mbPerSec ?? null;
        const tip = `${LABELS[c]} ${d} ${g}: ${fmtRatio(r)}${mb !== null ? ` (${fmtMBs(mb)} MB/s)` : ""}`;
        out.push(`<rect x="${n(a)}" y="${n(y)}" width="${n(Math.max(b - a, 1))}" height="${barH}" fill="${COLORS[c]}"><title>${esc(tip)}</title></rect>`);
        // Label past the bar's end, or inside it when a long bar to the left leaves no room.
        const label = fmtRatio(r);
        const inside = r < 1 && a - 3 - label.length * 5 < x0;
        const tx = r >= 1 ? b + 3 : inside ? a + 3 : a - 3;
        const anchor = r >= 1 || inside ? "start" : "end";
        out.push(`<text x="${n(tx)}" y="${n(y + barH - 0.5)}" font-size="8" fill="${inside ? "#fff" : "#333"}" text-anchor="${anchor}">${label}</text>`);
      });
    });
  });
  out.push(`<text x="${labelW}" y="${height - 12}" fill="#777" font-size="10">${esc("Median of interleaved rounds (tinybench). Bars start at 1× = @bufbuild/protobuf; JSON = JSON.stringify/parse of toJson output; v8 = v8.serialize/deserialize.")}</text>`);
  out.push("</svg>");
  return out.join("\n") + "\n";
}
