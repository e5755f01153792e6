// Environment knobs of the differential test:
//   PROTOWASM_DIFF_CASES  total number of cases (default 100000)
//   PROTOWASM_SEED        seed string (default below); every case derives its own Rng from it
//   PROTOWASM_ONLY        run only the type with this id ("<typeName>@gen|registry|wkt") or type name
//   PROTOWASM_CASE        run only this case index (with PROTOWASM_ONLY, to replay a failure)
export const DEFAULT_SEED = "protowasm-2024";
export const SEED = process.env.PROTOWASM_SEED || DEFAULT_SEED;
export const TOTAL_CASES = parseCount(process.env.PROTOWASM_DIFF_CASES, 100_000);
export const ONLY = process.env.PROTOWASM_ONLY || undefined;
export const ONLY_CASE = process.env.PROTOWASM_CASE === undefined || process.env.PROTOWASM_CASE === "" ? undefined : Number(process.env.PROTOWASM_CASE);

function parseCount(v: string | undefined, dflt: number): number {
  if (v === undefined || v === "") return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`PROTOWASM_DIFF_CASES must be a non-negative integer, got ${v}`);
  return n;
}
