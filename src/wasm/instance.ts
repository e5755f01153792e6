// Loads the core synchronously at import (no fetch, no await) and owns its linear memory:
// typed-array views that are renewed when memory grows, and the line between the plan area
// (type records, kept while the backend lives) and the scratch area that each call uses from
// `scratchBase()` upward.
//
// Two backends run the same core: WebAssembly, or the same module translated to JavaScript
// (js-core.generated.ts, by binaryen's wasm2js) where WebAssembly cannot be compiled: no
// `WebAssembly` object, or a Content-Security-Policy without 'wasm-unsafe-eval'. If a browser
// refuses a synchronous compile on its main thread, the JS core starts and the WebAssembly
// one takes over when an asynchronous compile finishes.

import { wasmBase64 } from "./binary.generated.js";
import { instantiateJsCore } from "./js-core.generated.js";

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
  scanSetup(status: number): void;
  packVarint64(src: number, count: number, dst: number, zigzag: boolean): number;
  internSetup(table: number, arena: number, arenaBytes: number, countAddr: number): void;
  internReset(): void;
  setInternMode(mode: number): void;
}

/** Which core runs: WebAssembly, or its JavaScript translation. */
export type Backend = "wasm" | "js";

// Node's Buffer decodes natively. Elsewhere, four characters to three bytes through a table:
// atob() and a loop over its string took 3 ms of start-up for the module's 21 KB, this 1 ms.
function decodeBase64(b64: string): Uint8Array {
  const NodeBuffer = (globalThis as { Buffer?: { from(s: string, enc: string): Uint8Array } }).Buffer;
  if (typeof NodeBuffer?.from === "function") return new Uint8Array(NodeBuffer.from(b64, "base64"));
  const table = new Uint8Array(128);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (let i = 0; i < 64; i++) table[alphabet.charCodeAt(i)] = i;
  let n = b64.length;
  while (n > 0 && b64.charCodeAt(n - 1) === 61) n--; // "=" padding
  const out = new Uint8Array((n * 3) >> 2);
  let o = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = (table[b64.charCodeAt(i)] << 18) | (table[b64.charCodeAt(i + 1)] << 12) |
      (table[b64.charCodeAt(i + 2)] << 6) | table[b64.charCodeAt(i + 3)];
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 255;
    out[o++] = v & 255;
  }
  if (n - i === 2) {
    out[o] = (table[b64.charCodeAt(i)] << 2) | (table[b64.charCodeAt(i + 1)] >> 4);
  } else if (n - i === 3) {
    const v = (table[b64.charCodeAt(i)] << 10) | (table[b64.charCodeAt(i + 1)] << 4) | (table[b64.charCodeAt(i + 2)] >> 2);
    out[o++] = v >> 8;
    out[o] = v & 255;
  }
  return out;
}

const imports = {
  env: {
    abort() {
      throw new Error("protowasm: wasm abort");
    },
  },
};

function wasmFrom(module: WebAssembly.Module): CoreExports {
  return new WebAssembly.Instance(module, imports).exports as unknown as CoreExports;
}

let compiled: WebAssembly.Module | undefined;
let wasmRefused: unknown;

// The WebAssembly core, or undefined when it cannot be compiled here (refusal noted).
function tryWasm(): CoreExports | undefined {
  if (compiled === undefined) {
    if (typeof WebAssembly !== "object" || typeof WebAssembly.Module !== "function") return undefined;
    try {
      compiled = new WebAssembly.Module(decodeBase64(wasmBase64) as BufferSource);
    } catch (e) {
      wasmRefused = e;
      // A size limit on synchronous compiles (main thread) is not a refusal: compile async.
      if (e instanceof RangeError && typeof WebAssembly.compile === "function") {
        WebAssembly.compile(decodeBase64(wasmBase64) as BufferSource).then(
          (m) => {
            compiled = m;
            if (backend === "js" && !forced) setBackend("wasm");
          },
          () => {},
        );
      }
      return undefined;
    }
  }
  return wasmFrom(compiled);
}

function envBackend(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.PROTOWASM_BACKEND;
}

export let core: CoreExports;
let backend: Backend;
let forced = false;
let memory: WebAssembly.Memory;

/** Views over the whole linear memory; renewed by refreshViews() after growth. */
export let u8: Uint8Array;
export let i32: Int32Array;
export let f32: Float32Array;
export let f64: Float64Array;
export let i64: BigInt64Array;
export let u64: BigUint64Array;

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
let memBytes = 0;

/** Makes linear memory at least `end` bytes long. */
export function ensureMemory(end: number): void {
  if (end <= memBytes) return;
  const pages = Math.ceil((end - memBytes) / 65536);
  memory.grow(Math.max(pages, Math.ceil(memBytes / 65536 / 4)));
  memBytes = memory.buffer.byteLength;
  refreshViews();
}

let planTop = 0;

export function align(n: number, to: number): number {
  return (n + to - 1) & ~(to - 1);
}

/** Reserves `bytes` in the plan area, which lives as long as the backend. */
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
export let INTERN_COUNT_AT = 0;
// Address of what a scan reports beside its return code (assembly/scan.ts: statusAt).
let scanStatusAt = 0;

/** Where the last scan stopped for more input (or paused a batch): an input offset. */
export function scanNeedOffset(): number {
  return i32[scanStatusAt >> 2];
}

/** How many bytes from scanNeedOffset() the next window must hold (0: unknown). */
export function scanNeedLength(): number {
  return i32[(scanStatusAt >> 2) + 1];
}

/** The input offset of the last scan's error. */
export function scanErrorPos(): number {
  return i32[(scanStatusAt >> 2) + 2];
}

/** Tape words the last scan wrote before its error or pause. */
export function scanTapeUsed(): number {
  return i32[(scanStatusAt >> 2) + 3];
}

const listeners: (() => void)[] = [];

/** Calls fn whenever the backend changes (state tied to the old memory must be dropped). */
export function onBackendChange(fn: () => void): void {
  listeners.push(fn);
}

function install(next: CoreExports, name: Backend): void {
  core = next;
  backend = name;
  memory = next.memory;
  memBytes = memory.buffer.byteLength;
  refreshViews();
  planTop = align(next.heapBase(), 16);
  INTERN_COUNT_AT = allocPlan(16);
  scanStatusAt = allocPlan(16);
  next.scanSetup(scanStatusAt);
  // 16 spare bytes after the arena: intern.ts reads whole 8-byte words.
  next.internSetup(allocPlan(8192 * 16), allocPlan(INTERN_ARENA_BYTES + 16), INTERN_ARENA_BYTES, INTERN_COUNT_AT);
  for (const fn of listeners) fn();
}

/** The backend in use: `"wasm"`, or `"js"` where WebAssembly cannot be compiled. */
export function getBackend(): Backend {
  return backend;
}

/**
 * Switches the backend (between calls): `"js"` always works; `"wasm"` throws where
 * WebAssembly cannot be compiled. Results are the same either way.
 */
export function setBackend(name: Backend): void {
  if (name !== "wasm" && name !== "js") throw new TypeError(`unknown backend ${String(name)}: use "wasm" or "js"`);
  forced = true;
  if (name === backend) return;
  if (name === "js") {
    install(instantiateJsCore() as unknown as CoreExports, "js");
    return;
  }
  const wasm = tryWasm();
  if (wasm === undefined) {
    throw new Error(`protowasm: WebAssembly is not available here${wasmRefused ? ` (${String(wasmRefused)})` : ""}`);
  }
  install(wasm, "wasm");
}

/** Why WebAssembly was not used, when it was not (for diagnostics). */
export function wasmRefusal(): unknown {
  return wasmRefused;
}

{
  const wanted = envBackend();
  const wasm = wanted === "js" ? undefined : tryWasm();
  if (wanted === "wasm" && wasm === undefined) throw new Error(`protowasm: PROTOWASM_BACKEND=wasm but WebAssembly is not available: ${String(wasmRefused)}`);
  if (wanted === "js" || wanted === "wasm") forced = true;
  if (wasm !== undefined) install(wasm, "wasm");
  else install(instantiateJsCore() as unknown as CoreExports, "js");
}
