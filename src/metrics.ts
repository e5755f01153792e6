// Metrics of encode/decode calls for Prometheus (a prom-client registry the caller passes)
// and OpenTelemetry (a Meter): counts by message type and status, durations, and message
// sizes. Neither library is imported here: both are optional peers.

import { addObserver, type Observer } from "./observe.js";
import { PromCounter, PromHistogram, type HistogramSeries, type RegistryLike } from "./metrics-prom.js";

export type { RegistryLike } from "./metrics-prom.js";

/** The parts of an OpenTelemetry Meter instrument() uses. */
export interface MeterLike {
  createCounter(name: string, options?: { description?: string; unit?: string }): { add(value: number, attributes?: Record<string, string>): void };
  createHistogram(name: string, options?: { description?: string; unit?: string }): { record(value: number, attributes?: Record<string, string>): void };
}

/** What instrument() records to. */
export interface InstrumentOptions {
  /**
   * Prometheus: a prom-client Registry (e.g. `register`, prom-client's global one, or a
   * `new Registry()`); the metrics are registered in it on the first instrument() call.
   */
  prometheus?: { registry: RegistryLike; durationBuckets?: number[]; sizeBuckets?: number[] };
  /** OpenTelemetry: a Meter, e.g. `metrics.getMeter("protowasm")`. */
  meter?: MeterLike;
}

/** A running instrumentation: stop() ends recording (the metrics stay registered), start() resumes it. */
export interface Instrumentation {
  stop(): void;
  start(): void;
}

const DURATION_BUCKETS = [0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 1];
const SIZE_BUCKETS = [16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216];

/**
 * Records every toBinary/fromBinary/mergeFromBinary call (and each message of batches and
 * streams) as the metrics `protobuf_serializations_total` and
 * `protobuf_deserializations_total` (labels `message_type`, `status` = success | error),
 * `protobuf_serialization_duration_seconds` and `protobuf_deserialization_duration_seconds`
 * (label `message_type`), and `protobuf_message_size_bytes` (labels `message_type`,
 * `direction`).
 */
export function instrument(options: InstrumentOptions): Instrumentation {
  const sinks: Observer[] = [];
  if (options.prometheus !== undefined) sinks.push(prometheusSink(options.prometheus));
  if (options.meter !== undefined) sinks.push(otelSink(options.meter));
  if (sinks.length === 0) throw new TypeError("instrument() needs prometheus or meter");
  const observer: Observer = sinks.length === 1 ? sinks[0] : { record: (...a) => sinks.forEach((s) => s.record(...a)) };
  let remove: (() => void) | undefined = addObserver(observer);
  return {
    stop() {
      remove?.();
      remove = undefined;
    },
    start() {
      remove ??= addObserver(observer);
    },
  };
}

const HELP = {
  ser: "Messages serialized to the protobuf binary format",
  de: "Messages deserialized from the protobuf binary format",
  serDur: "Time to serialize a message (or a batch)",
  deDur: "Time to deserialize a message (or a batch)",
  size: "Size of serialized messages (or batches) in bytes",
};

// The metrics objects of a registry, shared by every instrument() call that names it.
const registered = new WeakMap<object, { ser: PromCounter; de: PromCounter; serDur: PromHistogram; deDur: PromHistogram; size: PromHistogram }>();

function prometheusSink(p: NonNullable<InstrumentOptions["prometheus"]>): Observer {
  const registry = p.registry;
  let m = registered.get(registry);
  if (m === undefined) {
    const durations = p.durationBuckets ?? DURATION_BUCKETS;
    m = {
      ser: new PromCounter("protobuf_serializations_total", HELP.ser),
      de: new PromCounter("protobuf_deserializations_total", HELP.de),
      serDur: new PromHistogram("protobuf_serialization_duration_seconds", HELP.serDur, durations),
      deDur: new PromHistogram("protobuf_deserialization_duration_seconds", HELP.deDur, durations),
      size: new PromHistogram("protobuf_message_size_bytes", HELP.size, p.sizeBuckets ?? SIZE_BUCKETS),
    };
    for (const metric of Object.values(m)) registry.registerMetric(metric);
    registered.set(registry, m);
  }
  const { ser, de, serDur, deDur, size } = m;
  // The series of a message type and direction, found once per call by one map lookup.
  type Series = { ok: { value: number }; err: { value: number }; dur: HistogramSeries; durOf: PromHistogram; size: HistogramSeries };
  // Keyed by the type name alone (its hash is cached on the string): no key to build per call.
  const serialized = new Map<string, Series>();
  const deserialized = new Map<string, Series>();
  return {
    record(direction, typeName, ok, seconds, bytes, count) {
      const byType = direction === "serialize" ? serialized : deserialized;
      let c = byType.get(typeName);
      if (c === undefined) {
        const key = direction + "\0" + typeName;
        const counts = direction === "serialize" ? ser : de;
        const durOf = direction === "serialize" ? serDur : deDur;
        c = {
          ok: counts.series_(typeName + "\0success", { message_type: typeName, status: "success" }),
          err: counts.series_(typeName + "\0error", { message_type: typeName, status: "error" }),
          dur: durOf.series_(typeName, { message_type: typeName }),
          durOf,
          size: size.series_(key, { message_type: typeName, direction }),
        };
        byType.set(typeName, c);
      }
      (ok ? c.ok : c.err).value += count;
      c.durOf.observe(c.dur, seconds);
      if (ok) size.observe(c.size, bytes);
    },
  };
}

function otelSink(meter: MeterLike): Observer {
  const ser = meter.createCounter("protobuf_serializations_total", { description: HELP.ser });
  const de = meter.createCounter("protobuf_deserializations_total", { description: HELP.de });
  const serDur = meter.createHistogram("protobuf_serialization_duration_seconds", { description: HELP.serDur, unit: "s" });
  const deDur = meter.createHistogram("protobuf_deserialization_duration_seconds", { description: HELP.deDur, unit: "s" });
  const size = meter.createHistogram("protobuf_message_size_bytes", { description: HELP.size, unit: "By" });
  type Attrs = { ok: Record<string, string>; err: Record<string, string>; type: Record<string, string>; size: Record<string, string> };
  const serialized = new Map<string, Attrs>();
  const deserialized = new Map<string, Attrs>();
  return {
    record(direction, typeName, ok, seconds, bytes, count) {
      const attrs = direction === "serialize" ? serialized : deserialized;
      let a = attrs.get(typeName);
      if (a === undefined) {
        a = {
          ok: { message_type: typeName, status: "success" },
          err: { message_type: typeName, status: "error" },
          type: { message_type: typeName },
          size: { message_type: typeName, direction },
        };
        attrs.set(typeName, a);
      }
      (direction === "serialize" ? ser : de).add(count, ok ? a.ok : a.err);
      (direction === "serialize" ? serDur : deDur).record(seconds, a.type);
      if (ok) size.record(bytes, a.size);
    },
  };
}
