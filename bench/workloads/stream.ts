// Workload 6: a size-delimited stream of 10,000 small messages.
import { create, toBinary } from "@bufbuild/protobuf";
import { StreamEvent_Kind, StreamEventSchema } from "../gen/stream_pb.js";
import { Prng } from "./prng.js";
import type { Workload } from "./types.js";

const SOURCES = ["sensor-a1", "sensor-a2", "gateway-7", "pump-3", "meter-12", "edge-eu-1"];

/** The same 10,000 events as one buffer decoded and encoded synchronously (issue 7's batches). */
export function batchWorkload(): Workload {
  return {
    ...streamWorkload(),
    name: "batch-10k",
    description: "the stream-10k events as one buffer of size-delimited messages, decoded and encoded in one call",
    batch: true,
  };
}

export function streamWorkload(): Workload {
  const rng = new Prng(50);
  const payloads: Uint8Array[] = [];
  let time = 1_718_000_000_000_000_000n;
  for (let seq = 0; seq < 10_000; seq++) {
    time += BigInt(rng.int(1_000, 2_000_000));
    const kind = rng.pick([StreamEvent_Kind.COUNTER, StreamEvent_Kind.GAUGE, StreamEvent_Kind.GAUGE, StreamEvent_Kind.LOG]);
    payloads.push(toBinary(StreamEventSchema, create(StreamEventSchema, {
      seq: BigInt(seq),
      timeUnixNano: time,
      source: rng.pick(SOURCES),
      kind,
      value: BigInt(rng.int(-100_000, 100_000)),
      message: kind === StreamEvent_Kind.LOG ? rng.sentence(rng.int(2, 6)) : "",
    })));
  }
  return {
    name: "stream-10k",
    description: "a size-delimited stream of 10,000 small StreamEvent messages (~35 bytes each)",
    schema: StreamEventSchema,
    payloads,
    delimited: true,
  };
}
