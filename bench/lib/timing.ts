// Interleaved timing on tinybench: every round runs each task once (for `time` ms), in an order
// that changes from round to round (balancedOrders), with a young-generation GC before each;
// warm-up in the first round.
// A task's result is the median over rounds of its per-round median latency.
// Only a minor GC: a forced full GC (gc()) makes V8 throw away optimized code, and the JS codecs
// (@bufbuild/protobuf, protobufjs) then ran 10-20x slower for the next rounds; WebAssembly did not.
import v8 from "node:v8";
import vm from "node:vm";
import { Bench } from "tinybench";

export interface TimingOptions {
  rounds: number;
  /** Time budget of one task in one round, ms. */
  time: number;
  /** Warm-up budget of a task, ms (first round only). */
  warmupTime: number;
  /** Minimum calls of a task per round. */
  minIterations: number;
}

export interface TimingTask {
  key: string;
  fn: () => unknown;
  async?: boolean;
}

export interface Timed {
  /** Median latency of one call, ms. */
  medianMs: number;
  /** Per-round median latencies, ms, in round order. */
  roundMedians: number[];
  /** Interquartile range of the per-round medians over their median (robust to a stray slow round). */
  spread: number;
  samples: number;
}

/** The default timing of a run. */
export const FULL_TIMING: TimingOptions = { rounds: 10, time: 100, warmupTime: 150, minIterations: 2 };
/** The timing of a --quick run: rougher numbers, a few times faster. */
export const QUICK_TIMING: TimingOptions = { rounds: 4, time: 25, warmupTime: 75, minIterations: 1 };

v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as (options?: { type: "minor" | "major" }) => void;

/** A young-generation GC: what each timed slot starts with. */
export function minorGc(): void {
  collectGarbage({ type: "minor" });
}

/** Quantile q (0..1) with linear interpolation. */
export function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
}

export const median = (values: number[]) => quantile(values, 0.5);

/**
 * Orders of n tasks, one per round, in which each task runs right after each other one equally
 * often (a Williams design: n orders for even n, 2n for odd n). With a plain rotation a task
 * always ran right after the same one, and paid for the garbage that one left outside the JS
 * heap (ArrayBuffers): in an A/A comparison the copy run second read 0.82 of the first.
 */
export function balancedOrders(n: number): number[][] {
  const first: number[] = [];
  for (let lo = 0, hi = n - 1, k = 0; first.length < n; k++) first.push(k % 2 === 0 ? lo++ : hi--);
  const orders = Array.from({ length: n }, (_, i) => first.map((t) => (t + i) % n));
  return n % 2 === 0 ? orders : [...orders, ...orders.map((o) => [...o].reverse())];
}

/** Times the tasks in `options.rounds` interleaved rounds; `onRound(n)` is called after round n (1-based). */
export async function timeInterleaved(
  tasks: TimingTask[],
  options: TimingOptions,
  onRound?: (round: number) => void,
): Promise<Map<string, Timed>> {
  const perRound = new Map<string, number[]>(tasks.map((t) => [t.key, []]));
  const samples = new Map<string, number>(tasks.map((t) => [t.key, 0]));
  const orders = balancedOrders(tasks.length);
  for (let round = 0; round < options.rounds; round++) {
    for (const k of orders[round % orders.length]) {
      const task = tasks[k];
      minorGc();
      const bench = new Bench({
        time: options.time,
        iterations: options.minIterations,
        warmup: round === 0,
        warmupTime: options.warmupTime,
        warmupIterations: 2,
        throws: true,
      });
      bench.add(task.key, task.fn, { async: task.async ?? false });
      const [done] = await bench.run();
      const result = done.result;
      if (result.state !== "completed") throw new Error(`task ${task.key} did not complete: ${result.state}`);
      perRound.get(task.key)!.push(result.latency.p50);
      samples.set(task.key, samples.get(task.key)! + result.latency.samplesCount);
    }
    onRound?.(round + 1);
  }
  const out = new Map<string, Timed>();
  for (const [key, medians] of perRound) {
    const m = median(medians);
    out.set(key, {
      medianMs: m,
      roundMedians: medians,
      spread: (quantile(medians, 0.75) - quantile(medians, 0.25)) / m,
      samples: samples.get(key)!,
    });
  }
  return out;
}
