// Metrics of encode/decode calls for Prometheus (a prom-client module and registry the caller
// passes) and OpenTelemetry (a Meter): counts by message type and status, durations, and
// message sizes. Neither library is imported here: both are optional peers.

import { addObserver, type Observer } from "./observe.js";

/** The parts of the prom-client module instrument() uses. */
export interface PromClientLike {
  Counter: new (config: any) => { labels(...values: any[]): { inc(n?: number): void } };
  Histogram: new (config: any) => { labels(...values: any[]): { observe(v: number): void } };
}

/** The parts of an OpenTelemetry Meter instrument() uses. */
export interface MeterLike {
  createCounter(name: string, options?: { description?: string; unit?: string }): { add(value: number, attributes?: Record<string, string>): void };
  createHistogram(name: string, options?: { description?: string; unit?: string }): { record(value: number, attributes?: Record<string, string>): void };
}

/** What instrument() records to. */
export interface InstrumentOptions {
  /** Prometheus: the prom-client module, and the registry (default: prom-client's global one). */
  prometheus?: { client: PromClientLike; registry?: unknown; durationBuckets?: number[]; sizeBuckets?: number[] };
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

function prometheusSink(p: NonNullable<InstrumentOptions["prometheus"]>): Observer {
  const registers = p.registry === undefined ? undefined : [p.registry];
  const existing = (name: string): any => (p.registry as any)?.getSingleMetric?.(name);
  const counter = (name: string, help: string) =>
    existing(name) ?? new p.client.Counter({ name, help, labelNames: ["message_type", "status"], registers });
  const histogram = (name: string, help: string, labelNames: string[], buckets: number[]) =>
    existing(name) ?? new p.client.Histogram({ name, help, labelNames, buckets, registers });
  const ser = counter("protobuf_serializations_total", HELP.ser);
  const de = counter("protobuf_deserializations_total", HELP.de);
  const serDur = histogram("protobuf_serialization_duration_seconds", HELP.serDur, ["message_type"], p.durationBuckets ?? DURATION_BUCKETS);
  const deDur = histogram("protobuf_deserialization_duration_seconds", HELP.deDur, ["message_type"], p.durationBuckets ?? DURATION_BUCKETS);
  const size = histogram("protobuf_message_size_bytes", HELP.size, ["message_type", "direction"], p.sizeBuckets ?? SIZE_BUCKETS);
  // Labelled children by type: prom-client hashes label values on every labels() call.
  const children = new Map<string, { ok: any; err: any; dur: any; size: any }>();
  const child = (direction: "serialize" | "deserialize", typeName: string) => {
    const key = direction + "\0" + typeName;
    let c = children.get(key);
    if (c === undefined) {
      const counts = direction === "serialize" ? ser : de;
      c = {
        ok: counts.labels({ message_type: typeName, status: "success" }),
        err: counts.labels({ message_type: typeName, status: "error" }),
        dur: (direction === "serialize" ? serDur : deDur).labels({ message_type: typeName }),
        size: size.labels({ message_type: typeName, direction }),
      };
      children.set(key, c);
    }
    return c;
  };
  return {
    record(direction, typeName, ok, seconds, bytes, count) {
      const c = child(direction, typeName);
      (ok ? c.ok : c.err).inc(count);
      c.dur.observe(seconds);
      if (ok) c.size.observe(bytes);
    },
  };
}

function otelSink(meter: MeterLike): Observer {
  const ser = meter.createCounter("protobuf_serializations_total", { description: HELP.ser });
  const de = meter.createCounter("protobuf_deserializations_total", { description: HELP.de });
  const serDur = meter.createHistogram("protobuf_serialization_duration_seconds", { description: HELP.serDur, unit: "s" });
  const deDur = meter.createHistogram("protobuf_deserialization_duration_seconds", { description: HELP.deDur, unit: "s" });
  const size = meter.createHistogram("protobuf_message_size_bytes", { description: HELP.size, unit: "By" });
  const attrs = new Map<string, { ok: Record<string, string>; err: Record<string, string>; type: Record<string, string>; size: Record<string, string> }>();
  return {
    record(direction, typeName, ok, seconds, bytes, count) {
      const key = direction + "\0" + typeName;
      let a = attrs.get(key);
      if (a === undefined) {
        a = {
          ok: { message_type: typeName, status: "success" },
          err: { message_type: typeName, status: "error" },
          type: { message_type: typeName },
          size: { message_type: typeName, direction },
        };
        attrs.set(key, a);
      }
      (direction === "serialize" ? ser : de).add(count, ok ? a.ok : a.err);
      (direction === "serialize" ? serDur : deDur).record(seconds, a.type);
      if (ok) size.record(bytes, a.size);
    },
  };
}
