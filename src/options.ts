// Read and write options: @bufbuild/protobuf's, plus the optional checks (checks.ts).

import type { CheckOptions } from "./checks.js";
import { checkLimit, defaultLimits, limitsVersion, type DecodeLimits } from "./limits.js";

/** Options for fromBinary and mergeFromBinary: @bufbuild/protobuf's, plus the checks. */
export interface BinaryReadOptions extends CheckOptions, DecodeLimits {
  /** Keep unknown fields in `$unknown` so that they can be written back (default true). */
  readUnknownFields: boolean;
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
  /**
   * Return outputs of 65 bytes to 4 KB as views into a shared ArrayBuffer that later outputs
   * also take their bytes from, as Node's `Buffer.allocUnsafe` pool does, instead of each in
   * an ArrayBuffer of its own (whose allocation is most of the cost of encoding a small
   * message). The bytes are the same, but `result.buffer` then holds other results too: use
   * `result` itself (or `result.slice()`), never `result.buffer` whole, and do not transfer
   * it. Default false.
   */
  pooled?: boolean;
}

const defaultWrite: BinaryWriteOptions = Object.freeze({ writeUnknownFields: true });

let defaultRead: BinaryReadOptions = Object.freeze({ readUnknownFields: true, ...defaultLimits() });
let defaultReadVersion = limitsVersion();

/** Read options with defaults filled in (no allocation when none are given). */
export function readOptions(options?: Partial<BinaryReadOptions>): BinaryReadOptions {
  if (defaultReadVersion !== limitsVersion()) {
    defaultRead = Object.freeze({ readUnknownFields: true, ...defaultLimits() });
    defaultReadVersion = limitsVersion();
  }
  if (options === undefined) return defaultRead;
  const d = defaultRead;
  const o: BinaryReadOptions = {
    readUnknownFields: options.readUnknownFields ?? true,
    recursionLimit: options.recursionLimit ?? d.recursionLimit,
    maxMessageBytes: options.maxMessageBytes ?? d.maxMessageBytes,
    maxFieldBytes: options.maxFieldBytes ?? d.maxFieldBytes,
    maxRepeated: options.maxRepeated ?? d.maxRepeated,
  };
  if (options.maxMessageBytes !== undefined) checkLimit("maxMessageBytes", o.maxMessageBytes);
  if (options.maxFieldBytes !== undefined) checkLimit("maxFieldBytes", o.maxFieldBytes);
  if (options.maxRepeated !== undefined) checkLimit("maxRepeated", o.maxRepeated);
  return o;
}

/** Write options with defaults filled in (no allocation when none are given). */
export function writeOptions(options?: Partial<BinaryWriteOptions>): BinaryWriteOptions {
  if (options === undefined) return defaultWrite;
  return {
    writeUnknownFields: options.writeUnknownFields ?? true,
    deterministic: options.deterministic === true,
    pooled: options.pooled === true,
  };
}
