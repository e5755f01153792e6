// Prometheus metrics kept by protowasm itself and handed to a prom-client registry as
// metric objects (name, help, type, get()), the way prom-client's own metrics present
// themselves at scrape time. Counting here costs a map lookup and a few increments per
// call; prom-client's labelled children validate and hash their labels on every update,
// which cost more than a small message's decode.

/** The part of a prom-client Registry used: registerMetric / getSingleMetric. */
export interface RegistryLike {
  registerMetric(metric: unknown): void;
  getSingleMetric?(name: string): unknown;
}

type Labels = Record<string, string>;

interface MetricValue {
  labels: Labels;
  value: number;
  metricName?: string;
}

/** A counter with labels. */
export class PromCounter {
  readonly type = "counter";
  readonly aggregator = "sum";
  private readonly series = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  /** The series for these labels (keep it: updating it is then one addition). */
  series_(key: string, labels: Labels): { labels: Labels; value: number } {
    let s = this.series.get(key);
    if (s === undefined) this.series.set(key, (s = { labels, value: 0 }));
    return s;
  }

  async get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: MetricValue[] }> {
    const values = [...this.series.values()].map((s) => ({ labels: { ...s.labels }, value: s.value }));
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.series.clear();
  }
}

/** One label set of a histogram: counts per bucket (not cumulative), sum and count. */
export interface HistogramSeries {
  labels: Labels;
  counts: Float64Array;
  sum: number;
  count: number;
}

/** A histogram with labels and fixed buckets. */
export class PromHistogram {
  readonly type = "histogram";
  readonly aggregator = "sum";
  private readonly series = new Map<string, HistogramSeries>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[],
  ) {}

  series_(key: string, labels: Labels): HistogramSeries {
    let s = this.series.get(key);
    if (s === undefined) this.series.set(key, (s = { labels, counts: new Float64Array(this.buckets.length + 1), sum: 0, count: 0 }));
    return s;
  }

  observe(s: HistogramSeries, v: number): void {
    const b = this.buckets;
    let i = 0;
    while (i < b.length && v > b[i]) i++;
    s.counts[i]++;
    s.sum += v;
    s.count++;
  }

  async get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: MetricValue[] }> {
    const values: MetricValue[] = [];
    for (const s of this.series.values()) {
      let acc = 0;
      for (let i = 0; i <= this.buckets.length; i++) {
        acc += s.counts[i];
        const le = i < this.buckets.length ? this.buckets[i] : "+Inf";
        values.push({ labels: { ...s.labels, le: le as string }, value: acc, metricName: `${this.name}_bucket` });
      }
      values.push({ labels: { ...s.labels }, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { ...s.labels }, value: s.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.series.clear();
  }
}
