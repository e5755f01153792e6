// The built-in workloads, in report order, each generated on demand from a fixed seed.
import type { Workload } from "./types.js";
import { userList, userX1000 } from "./user.js";
import { otlpLogs, otlpTraces } from "./telemetry.js";
import { geometryTileWorkload, osmDenseNodesWorkload, timeseriesWorkload } from "./numeric.js";
import { largeBlobs, smallBlobs } from "./blobs.js";
import { configWorkload } from "./config.js";
import { batchWorkload, streamWorkload } from "./stream.js";
import { descriptorSetWorkload } from "./descriptor-set.js";

export type { Workload } from "./types.js";

export const BUILTIN: ReadonlyArray<readonly [name: string, make: () => Workload]> = [
  ["user-x1000", userX1000],
  ["user-list-100", () => userList(100)],
  ["user-list-1000", () => userList(1000)],
  ["otlp-traces", otlpTraces],
  ["otlp-logs", otlpLogs],
  ["timeseries", timeseriesWorkload],
  ["geometry-tile", geometryTileWorkload],
  ["osm-dense-nodes", osmDenseNodesWorkload],
  ["blobs-1k-16k", smallBlobs],
  ["blobs-256k-1m", largeBlobs],
  ["config", configWorkload],
  ["stream-10k", streamWorkload],
  ["batch-10k", batchWorkload],
  ["descriptor-set", descriptorSetWorkload],
];

export function builtinWorkload(name: string): Workload {
  const entry = BUILTIN.find(([n]) => n === name);
  if (!entry) throw new Error(`no built-in workload named ${name}`);
  const workload = entry[1]();
  if (workload.name !== name) throw new Error(`workload ${name} generated as ${workload.name}`);
  return workload;
}
