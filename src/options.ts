// Read and write options, the same as @bufbuild/protobuf's.

/** Options for fromBinary and mergeFromBinary (the same as @bufbuild/protobuf's). */
export interface BinaryReadOptions {
  /** Keep unknown fields in `$unknown` so that they can be written back (default true). */
  readUnknownFields: boolean;
  /** Maximum nesting of messages and groups (default 100). */
  recursionLimit: number;
}

/** Options for toBinary (the same as @bufbuild/protobuf's). */
export interface BinaryWriteOptions {
  /** Write the fields in `$unknown` (default true). */
  writeUnknownFields: boolean;
}
