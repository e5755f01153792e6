// The browser benchmark's page: built-in workloads generated in the page, then decode and
// encode timed for protowasm on each backend, @bufbuild/protobuf and protobufjs, in
// interleaved rounds (median of rounds). bench/browser/run.ts builds, serves and reads it.
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
      fn(); // untimed: absorbs a backend switch (new instance, plans compiled again)
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
    const onBackend = (b: pw.Backend, fn: Fn): Fn => () => {
      pw.setBackend(b);
      fn();
    };
    const decodeOurs: Fn = () => { for (const p of w.payloads) sink = pw.fromBinary(w.schema, p); };
    const encodeOurs: Fn = () => { for (const m of messages) sink = pw.toBinary(w.schema, m); };
    const decode = time({
      "protowasm (wasm)": onBackend("wasm", decodeOurs),
      "protowasm (js)": onBackend("js", decodeOurs),
      "@bufbuild/protobuf": () => { for (const p of w.payloads) sink = bufbuild.fromBinary(w.schema, p); },
      protobufjs: () => { for (const p of w.payloads) sink = type.decode(p); },
    }, quick ? 3 : 7, quick ? 30 : 100);
    const encode = time({
      "protowasm (wasm)": onBackend("wasm", encodeOurs),
      "protowasm (js)": onBackend("js", encodeOurs),
      "@bufbuild/protobuf": () => { for (const m of messages) sink = bufbuild.toBinary(w.schema, m); },
      protobufjs: () => { for (const m of own) sink = type.encode(m).finish(); },
    }, quick ? 3 : 7, quick ? 30 : 100);
    rows.push({ name: w.name, bytes, decode, encode });
  }
  pw.setBackend("wasm");
  return { userAgent: navigator.userAgent, coldStart, firstDecode, rows };
}

(window as any).runBench = (quick: boolean) => run(quick);
