// Number formatting shared by the reports.

export function fmtMBs(mbPerSec: number | null): string {
  if (mbPerSec === null) return "n/a";
  return mbPerSec >= 100 ? mbPerSec.toFixed(0) : mbPerSec >= 10 ? mbPerSec.toFixed(1) : mbPerSec.toFixed(2);
}

function short(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

export function fmtOps(opsPerSec: number | null): string {
  if (opsPerSec === null) return "n/a";
  if (opsPerSec >= 1e6) return short(opsPerSec / 1e6) + "M";
  if (opsPerSec >= 1e3) return short(opsPerSec / 1e3) + "k";
  return short(opsPerSec);
}

export function fmtBytes(bytes: number): string {
  if (bytes >= 1e6) return (bytes / 1e6).toFixed(2) + " MB";
  if (bytes >= 1e3) return (bytes / 1e3).toFixed(1) + " KB";
  return bytes + " B";
}

export function fmtRatio(x: number | null | undefined): string {
  if (x === null || x === undefined) return "n/a";
  return (x >= 10 ? x.toFixed(1) : x >= 0.01 ? x.toFixed(2) : x.toPrecision(1)) + "×";
}

export function fmtPercent(x: number | null): string {
  return x === null ? "" : `${Math.round(x * 100)}%`;
}
