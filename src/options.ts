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
  /**
   * Write map entries sorted by key, as the C++ and Go implementations do in deterministic
   * mode, so that equal messages give equal bytes whatever the order their maps were filled
   * in (default false: entries in the map object's own order, as @bufbuild/protobuf writes them).
   */
  deterministic?: boolean;
}

const defaultRead: BinaryReadOptions = Object.freeze({ readUnknownFields: true, recursionLimit: 100 });
const defaultWrite: BinaryWriteOptions = Object.freeze({ writeUnknownFields: true });

/** Read options with defaults filled in (no allocation when none are given). */
export function readOptions(options?: Partial<BinaryReadOptions>): BinaryReadOptions {
  if (options === undefined) return defaultRead;
  return {
    readUnknownFields: options.readUnknownFields ?? true,
    recursionLimit: options.recursionLimit ?? 100,
  };
}

/** Write options with defaults filled in (no allocation when none are given). */
export function writeOptions(options?: Partial<BinaryWriteOptions>): BinaryWriteOptions {
  if (options === undefined) return defaultWrite;
  return { writeUnknownFields: options.writeUnknownFields ?? true, deterministic: options.deterministic === true };
}
