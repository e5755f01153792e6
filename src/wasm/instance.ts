// Loads the embedded WebAssembly core synchronously at import (no fetch, no await) and owns
// its linear memory: typed-array views that are renewed when memory grows, and the line
// between the plan area (type records, kept for the life of the process) and the scratch
// area that each call uses from `scratchBase()` upward.

import { wasmBase64 } from "./binary.generated.js";

interface CoreExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  scanStart(
    rootType: number, win: number, winLen: number, inLen: number, tape: number, tapeBytes: number,
    stack: number, stackBytes: number, groupStack: number, flags: number, recursionLimit: number,
  ): number;
  scanResume(win: number, offset: number, winLen: number): number;
  scanContinue(): number;
  setLimits(fieldBytes: number, repeated: number, counts: number, stride: number): void;
  needOffset: WebAssembly.Global;
  needLength: WebAssembly.Global;
  errorPos: WebAssembly.Global;
  tapeUsed: WebAssembly.Global;
  encode(ops: number, opsEnd: number, stack: number, out: number, outCap: number): number;
  encodeWrite(ops: number, opsEnd: number, out: number): number;
  internSetup(table: number, arena: number, arenaBytes: number, countAddr: number): void;
  internReset(): void;
}

function decodeBase64(b64: string): Uint8Array {
  if (typeof atob === "function") {
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  throw new Error("protowasm: atob is missing");
}

function instantiate(): CoreExports {
  const module = new WebAssembly.Module(decodeBase64(wasmBase64) as BufferSource);
  const instance = new WebAssembly.Instance(module, {
    env: {
      abort() {
        throw new Error("protowasm: wasm abort");
      },
    },
  });
  return instance.exports as unknown as CoreExports;
}

export const core: CoreExports = instantiate();
const memory = core.memory;

/** Views over the whole linear memory; renewed by refreshViews() after growth. */
export let u8 = new Uint8Array(memory.buffer);
export let i32 = new Int32Array(memory.buffer);
export let f32 = new Float32Array(memory.buffer);
export let f64 = new Float64Array(memory.buffer);
export let i64 = new BigInt64Array(memory.buffer);
export let u64 = new BigUint64Array(memory.buffer);

function refreshViews(): void {
  u8 = new Uint8Array(memory.buffer);
  i32 = new Int32Array(memory.buffer);
  f32 = new Float32Array(memory.buffer);
  f64 = new Float64Array(memory.buffer);
  i64 = new BigInt64Array(memory.buffer);
  u64 = new BigUint64Array(memory.buffer);
}

// Byte length of linear memory, tracked here: reading memory.buffer costs more than the
// comparison it would serve. Only this module grows memory.
let memBytes = memory.buffer.byteLength;

/** Makes linear memory at least `end` bytes long. */
export function ensureMemory(end: number): void {
  if (end <= memBytes) return;
  const pages = Math.ceil((end - memBytes) / 65536);
  memory.grow(Math.max(pages, Math.ceil(memBytes / 65536 / 4)));
  memBytes = memory.buffer.byteLength;
  refreshViews();
}

let planTop = align(core.heapBase(), 16);

export function align(n: number, to: number): number {
  return (n + to - 1) & ~(to - 1);
}

/** Reserves `bytes` in the plan area, which lives as long as the process. */
export function allocPlan(bytes: number): number {
  const at = planTop;
  planTop = align(planTop + bytes, 16);
  ensureMemory(planTop);
  return at;
}

/** Start of the scratch area for the current call. */
export function scratchBase(): number {
  return planTop;
}

/** Capacity of the string intern table (assembly/intern.ts: MAX_INTERNED). */
export const MAX_INTERNED = 4096;
const INTERN_ARENA_BYTES = 128 * 1024;
/** Address of the intern table's entry count (an i32). */
export const INTERN_COUNT_AT = allocPlan(16);
// 16 spare bytes after the arena: intern.ts reads whole 8-byte words.
core.internSetup(allocPlan(8192 * 16), allocPlan(INTERN_ARENA_BYTES + 16), INTERN_ARENA_BYTES, INTERN_COUNT_AT);
