// The browser benchmark's page: built-in workloads generated in the page, then decode and
// encode timed for protowasm's WebAssembly backend, @bufbuild/protobuf and protobufjs in
// interleaved rounds, and for its JavaScript backend in rounds of its own (median of rounds).
// bench/browser/run.ts builds, serves and reads it.
import * as bufbuild from "@bufbuild/protobuf";
import * as pw from "protowasm";
import { userList, userX1000 } from "../workloads/user.js";
import { otlpTraces } from "../workloads/telemetry.js";
import { geometryTileWorkload, timeseriesWorkload } from "../workloads/numeric.js";
import { configWorkload } from "../workloads/config.js";
import { protobufjsType } from "../lib/protobufjs-type.js";
import type { Workload } from "../workloads/types.js";

const coldStart = performance.now(); // module evaluated: protowasm imported and instantiated

type Fn = () => unknown;
let sink: unknown;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

// ms per call of each fn, median over rounds, the candidates interleaved within each round.
function time(fns: Record<string, Fn>, rounds: number, budget: number): Record<string, number> {
  const per: Record<string, number[]> = {};
  for (const k of Object.keys(fns)) {
    per[k] = [];
    const t0 = performance.now();
    while (performance.now() - t0 < budget) fns[k](); // warm-up
  }
  for (let r = 0; r < rounds; r++) {
    for (const [k, fn] of Object.entries(fns)) {
      let n = 0;
      const t0 = performance.now();
      let t = t0;
      while (t - t0 < budget || n < 2) {
        fn();
        n++;
        t = performance.now();
      }
      per[k].push((t - t0) / n);
    }
  }
  return Object.fromEntries(Object.entries(per).map(([k, v]) => [k, median(v)]));
}

async function run(quick: boolean) {
  const first = userX1000();
  const t0 = performance.now();
  pw.fromBinary(first.schema, first.payloads[0]);
  const firstDecode = performance.now() - t0;
  const workloads: Workload[] = [first, userList(1000), otlpTraces(), timeseriesWorkload(), geometryTileWorkload(), configWorkload()];
  const rows: unknown[] = [];
  for (const w of workloads) {
    const messages = w.payloads.map((p) => bufbuild.fromBinary(w.schema, p));
    const type = await protobufjsType(w.schema);
    const own = w.payloads.map((p) => type.decode(p));
    const bytes = w.payloads.reduce((n, p) => n + p.length, 0);
    const decodeOurs: Fn = () => { for (const p of w.payloads) sink = pw.fromBinary(w.schema, p); };
    const encodeOurs: Fn = () => { for (const m of messages) sink = pw.toBinary(w.schema, m); };
    const rounds = quick ? 3 : 7;
    const budget = quick ? 30 : 100;
    // Each backend in a block of its own: a switch makes a new core instance and drops every
    // plan, so switching per round timed plan compilation and fresh generated code (the
    // JavaScript backend then read 0.8-0.9x the WebAssembly one on encode, which is
    // JavaScript on both). The peers run interleaved with the WebAssembly backend.
    pw.setBackend("wasm");
    const decode = time({
      "protowasm (wasm)": decodeOurs,
      "@bufbuild/protobuf": () => { for (const p of w.payloads) sink = bufbuild.fromBinary(w.schema, p); },
      protobufjs: () => { for (const p of w.payloads) sink = type.decode(p); },
    }, rounds, budget);
    const encode = time({
      "protowasm (wasm)": encodeOurs,
      "@bufbuild/protobuf": () => { for (const m of messages) sink = bufbuild.toBinary(w.schema, m); },
      protobufjs: () => { for (const m of own) sink = type.encode(m).finish(); },
    }, rounds, budget);
    pw.setBackend("js");
    Object.assign(decode, time({ "protowasm (js)": decodeOurs }, rounds, budget));
    Object.assign(encode, time({ "protowasm (js)": encodeOurs }, rounds, budget));
    pw.setBackend("wasm");
    rows.push({ name: w.name, bytes, decode, encode });
  }
  pw.setBackend("wasm");
  return { userAgent: navigator.userAgent, coldStart, firstDecode, rows };
}

(window as any).runBench = (quick: boolean) => run(quick);
