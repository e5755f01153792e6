// Workload 3: numeric arrays: packed double and int64 time series, sint32 delta-coded
// vector-tile-like geometry, and OSM-style dense nodes (packed sint64 deltas).
import { create, toBinary } from "@bufbuild/protobuf";
import {
  Feature_GeomType, FeatureSchema, GeometryTileSchema, NodeBlockSchema, TimeSeriesBatchSchema, TimeSeriesSchema,
  type Feature, type TimeSeries,
} from "../gen/numeric_pb.js";
import { Prng } from "./prng.js";
import type { Workload } from "./types.js";

const METRICS = ["http_server_requests_seconds", "process_cpu_seconds_total", "jvm_memory_used_bytes",
  "node_network_receive_bytes_total", "container_memory_working_set_bytes", "queue_depth"];

function timeSeries(rng: Prng) {
  const series: TimeSeries[] = [];
  for (let s = 0; s < 24; s++) {
    const timestampsMs: bigint[] = [];
    const values: number[] = [];
    let t = 1_718_000_000_000;
    let v = rng.next() * 1000;
    for (let i = 0; i < 1500; i++) {
      t += 15_000 + rng.int(-40, 40);
      v = Math.max(0, v + rng.gaussian(0, 5));
      timestampsMs.push(BigInt(t));
      values.push(v);
    }
    series.push(create(TimeSeriesSchema, {
      metric: rng.pick(METRICS),
      labels: { job: "api", instance: `10.0.${rng.int(0, 255)}.${rng.int(0, 255)}:9100`, region: rng.pick(["eu-west-1", "us-east-1"]) },
      timestampsMs,
      values,
    }));
  }
  return create(TimeSeriesBatchSchema, { series });
}

const LAYER_KEYS = ["class", "name", "oneway", "layer", "type", "height", "surface"];
const LAYER_VALUES = ["primary", "secondary", "residential", "service", "footway", "Main Street", "Rue de la Paix",
  "Hauptstraße", "1", "0", "asphalt", "building", "house", "commercial", "lake", "river"];

function feature(rng: Prng, id: number, type: Feature_GeomType): Feature {
  const parts: number[] = [];
  const deltas: number[] = [];
  const partCount = type === Feature_GeomType.POLYGON ? rng.int(1, 2) : 1;
  for (let p = 0; p < partCount; p++) {
    const points = type === Feature_GeomType.POINT ? 1 : type === Feature_GeomType.POLYGON ? rng.int(5, 14) : rng.int(2, 40);
    parts.push(points);
    deltas.push(rng.int(0, 4096), rng.int(0, 4096));
    for (let i = 1; i < points; i++) deltas.push(rng.int(-120, 120), rng.int(-120, 120));
  }
  const tags: number[] = [];
  for (let i = rng.int(1, 4); i > 0; i--) tags.push(rng.int(0, LAYER_KEYS.length - 1), rng.int(0, LAYER_VALUES.length - 1));
  return create(FeatureSchema, { id: BigInt(id), type, tags, parts, deltas });
}

function tile(rng: Prng) {
  const layers = ([["roads", Feature_GeomType.LINESTRING, 700], ["buildings", Feature_GeomType.POLYGON, 900],
    ["pois", Feature_GeomType.POINT, 400]] as const).map(([name, type, count]) => {
    const features: Feature[] = [];
    for (let i = 0; i < count; i++) features.push(feature(rng, 100_000 + i * 13, type));
    return { name, extent: 4096, keys: LAYER_KEYS, values: LAYER_VALUES, features };
  });
  return create(GeometryTileSchema, { layers });
}

function denseNodes(rng: Prng) {
  const strings = ["", "highway", "crossing", "name", "amenity", "bench", "traffic_signals", "barrier", "gate",
    "natural", "tree", "entrance", "yes", "power", "pole", "bus_stop", "shelter", "created_by", "JOSM"];
  for (let i = 0; i < 200; i++) strings.push(rng.word(3, 12));
  const n = 8000;
  const id: bigint[] = [], lat: bigint[] = [], lon: bigint[] = [], keysVals: number[] = [];
  const version: number[] = [], timestamp: bigint[] = [], changeset: bigint[] = [], uid: number[] = [], userSid: number[] = [];
  let prevUid = 0, prevSid = 0;
  for (let i = 0; i < n; i++) {
    id.push(BigInt(i === 0 ? 2_400_000_000 : rng.int(1, 120)));
    lat.push(BigInt(i === 0 ? 436_000_000 : rng.int(-3000, 3000)));
    lon.push(BigInt(i === 0 ? 74_000_000 : rng.int(-3000, 3000)));
    if (rng.bool(0.15)) for (let k = rng.int(1, 3); k > 0; k--) keysVals.push(rng.int(1, strings.length - 1), rng.int(1, strings.length - 1));
    keysVals.push(0);
    version.push(rng.int(1, 9));
    timestamp.push(BigInt(i === 0 ? 1_400_000_000 : rng.int(-50_000_000, 50_000_000)));
    changeset.push(BigInt(i === 0 ? 30_000_000 : rng.int(-1_000_000, 1_000_000)));
    const u = rng.int(1, 40) * 9973, s = rng.int(1, 40);
    uid.push(u - prevUid);
    userSid.push(s - prevSid);
    prevUid = u;
    prevSid = s;
  }
  return create(NodeBlockSchema, {
    stringTable: strings.map((s) => new TextEncoder().encode(s)),
    dense: { id, lat, lon, keysVals, info: { version, timestamp, changeset, uid, userSid } },
    granularity: 100,
  });
}

export function timeseriesWorkload(): Workload {
  return {
    name: "timeseries",
    description: "24 time series x 1500 points: packed int64 timestamps and packed doubles, map labels",
    schema: TimeSeriesBatchSchema,
    payloads: [toBinary(TimeSeriesBatchSchema, timeSeries(new Prng(20)))],
  };
}

export function geometryTileWorkload(): Workload {
  return {
    name: "geometry-tile",
    description: "a map tile of 2000 features: packed sint32 delta-coded coordinates, packed uint32 tags",
    schema: GeometryTileSchema,
    payloads: [toBinary(GeometryTileSchema, tile(new Prng(21)))],
  };
}

export function osmDenseNodesWorkload(): Workload {
  return {
    name: "osm-dense-nodes",
    description: "8000 OSM-style dense nodes: packed sint64 deltas (id, lat, lon, timestamp, changeset), packed int32/sint32",
    schema: NodeBlockSchema,
    payloads: [toBinary(NodeBlockSchema, denseNodes(new Prng(22)))],
  };
}
