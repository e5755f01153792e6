// Read and write options: @bufbuild/protobuf's, plus the optional checks (checks.ts).

import type { CheckOptions } from "./checks.js";

/** Options for fromBinary and mergeFromBinary: @bufbuild/protobuf's, plus the checks. */
export interface BinaryReadOptions extends CheckOptions {
  /** Keep unknown fields in `$unknown` so that they can be written back (default true). */
  readUnknownFields: boolean;
  /** Maximum nesting of messages and groups (default 100). */
  recursionLimit: number;
}

/** Options for toBinary: @bufbuild/protobuf's, plus deterministic output and the checks. */
export interface BinaryWriteOptions extends CheckOptions {
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
