// Hex helpers for golden tests and failure reports.

/** "08 96 01" or "089601" (spaces, newlines and // comments ignored) -> bytes. */
export function fromHex(hex: string): Uint8Array {
  const clean = hex
    .split("\n")
    .map((line) => line.replace(/\/\/.*$/, ""))
    .join("")
    .replace(/\s+/g, "");
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) {
    throw new Error(`bad hex: ${hex}`);
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** bytes -> "08 96 01" */
export function toHex(bytes: Uint8Array, max = Infinity): string {
  const n = Math.min(bytes.length, max);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(bytes[i].toString(16).padStart(2, "0"));
  return parts.join(" ") + (n < bytes.length ? ` … (${bytes.length - n} more bytes)` : "");
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Index of the first differing byte, or -1. */
export function firstByteDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}
