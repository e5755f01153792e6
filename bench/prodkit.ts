// The production kit measured (npm run bench:prodkit): batches against one call per message,
// pooled messages against fresh ones, and the cost of metrics. Same data, same process,
// interleaved rounds (bench/lib/timing.ts); prints a Markdown table.
import * as promClient from "prom-client";
import { MeterProvider } from "@opentelemetry/sdk-metrics";
import { create } from "@bufbuild/protobuf";
import * as pw from "../src/index.js";
import { builtinWorkload } from "./workloads/index.js";
import { FULL_TIMING, QUICK_TIMING, timeInterleaved, type TimingTask } from "./lib/timing.js";

const quick = process.argv.includes("--quick");
const timing = quick ? QUICK_TIMING : { ...FULL_TIMING, rounds: 8 };
let sink: unknown;

interface Row { group: string; variant: string; ms: number; base?: string }
const rows: Row[] = [];

async function compare(group: string, tasks: TimingTask[], base: string): Promise<void> {
  const timed = await timeInterleaved(tasks, timing);
  for (const t of tasks) rows.push({ group, variant: t.key, ms: timed.get(t.key)!.medianMs, base });
}

// 1. Batches: 1000 single users, and 10,000 small stream events.
for (const name of ["user-x1000", "stream-10k"]) {
  const w = builtinWorkload(name);
  const messages = w.payloads.map((p) => pw.fromBinary(w.schema, p));
  const batch = pw.encodeBatch(w.schema, messages);
  await compare(`${name}: decode ${messages.length} messages`, [
    { key: "fromBinary per message (frames read in JS)", fn: () => {
      const out = [];
      let p = 0;
      while (p < batch.length) {
        const s = pw.sizeDelimitedPeek(batch.subarray(p));
        if (s.eof) break;
        out.push(pw.fromBinary(w.schema, batch.subarray(p + s.offset, p + s.offset + s.size)));
        p += s.offset + s.size;
      }
      sink = out;
    } },
    { key: "decodeBatch", fn: () => { sink = pw.decodeBatch(w.schema, batch); } },
  ], "fromBinary per message (frames read in JS)");
  await compare(`${name}: encode ${messages.length} messages`, [
    { key: "sizeDelimitedEncode per message", fn: () => { sink = messages.map((m) => pw.sizeDelimitedEncode(w.schema, m)); } },
    { key: "encodeBatch", fn: () => { sink = pw.encodeBatch(w.schema, messages); } },
  ], "sizeDelimitedEncode per message");
}

// 2. Reuse: decoding 1000 users into fresh messages or into pooled ones.
{
  const w = builtinWorkload("user-x1000");
  const pool = new pw.MessagePool(w.schema, { maxSize: 16 });
  await compare("user-x1000: decode 1000 messages, each dropped after use", [
    { key: "fromBinary", fn: () => { for (const p of w.payloads) sink = pw.fromBinary(w.schema, p); } },
    { key: "MessagePool decode + release", fn: () => { for (const p of w.payloads) { const m = pool.decode(p); sink = m; pool.release(m); } } },
  ], "fromBinary");
}

// 3. Metrics: the same calls without and with instrument() (prom-client; OpenTelemetry).
for (const name of (process.env.METRICS_ONLY ? ["user-x1000"] : ["user-list-1000", "user-x1000"])) {
  const w = builtinWorkload(name);
  const messages = w.payloads.map((p) => pw.fromBinary(w.schema, p));
  const decode = () => { for (const p of w.payloads) sink = pw.fromBinary(w.schema, p); };
  const encode = () => { for (const m of messages) sink = pw.toBinary(w.schema, m); };
  const registry = new promClient.Registry();
  const meter = new MeterProvider().getMeter("bench");
  // Each instrumentation is made once and switched on only while its task runs.
  const prom = pw.instrument({ prometheus: { registry } });
  const otel = pw.instrument({ meter });
  prom.stop();
  otel.stop();
  const withMetrics = (kind: "prometheus" | "otel", fn: () => void) => () => {
    const active = kind === "prometheus" ? prom : otel;
    active.start();
    try { fn(); } finally { active.stop(); }
  };
  for (const [dir, fn] of [["decode", decode], ["encode", encode]] as const) {
    await compare(`${name}: ${dir} with metrics`, [
      { key: "no metrics", fn },
      { key: "prom-client", fn: withMetrics("prometheus", fn) },
      { key: "OpenTelemetry", fn: withMetrics("otel", fn) },
    ], "no metrics");
  }
  sink = create(w.schema);
}

console.log("| case | variant | median ms | vs first |\n| --- | --- | ---: | ---: |");
for (const r of rows) {
  const base = rows.find((x) => x.group === r.group && x.variant === r.base)!;
  console.log(`| ${r.group} | ${r.variant} | ${r.ms.toFixed(3)} | ${(r.ms / base.ms).toFixed(2)}x |`);
}
