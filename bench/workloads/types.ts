// The shape of a workload: a message type and encoded payloads, whatever produced them.
import type { DescMessage } from "@bufbuild/protobuf";

export interface Workload {
  name: string;
  description: string;
  schema: DescMessage;
  /** One encoded message per payload. */
  payloads: Uint8Array[];
  /** Benchmark the payloads as the frames of one size-delimited stream. */
  delimited?: boolean;
}
