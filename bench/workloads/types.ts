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
  /**
   * With delimited: decode and encode the whole buffer in one synchronous call where a
   * codec has one (protowasm's decodeBatch/encodeBatch, protobufjs's decodeDelimited loop
   * over one Reader), not as an async stream.
   */
  batch?: boolean;
}
