// protowasm: Protocol Buffers binary encode/decode for @bufbuild/protobuf schemas and
// messages, with the wire work of decoding done in WebAssembly. Swap the import of toBinary, fromBinary
// and mergeFromBinary from "@bufbuild/protobuf" to "protowasm"; nothing else changes.

export { toBinary, fromBinary, mergeFromBinary } from "./binary.js";
export { sizeDelimitedEncode, sizeDelimitedDecodeStream, sizeDelimitedPeek } from "./delimited.js";
export type { SizeDelimitedDecodeOptions } from "./delimited.js";
export { encodeBatch, decodeBatch, type Framing, type BatchReadOptions, type BatchWriteOptions } from "./batch.js";
export { decodeStream, type StreamReadOptions, type ByteSource } from "./stream.js";
export { clearMessage, MessagePool, type MessagePoolOptions } from "./pool.js";
export { instrument, type InstrumentOptions, type Instrumentation, type RegistryLike, type MeterLike } from "./metrics.js";
export { ValidationError, type Validator, type Violation } from "./validate.js";
export { MissingRequiredError } from "./required.js";
export type { CheckOptions } from "./checks.js";
export { setDefaultLimits, limitsFromEnv, PRODUCTION_LIMITS, type DecodeLimits } from "./limits.js";
export type { BinaryReadOptions, BinaryWriteOptions } from "./options.js";
export { DecodeError, EncodeError, type DecodeErrorCode } from "./errors.js";
export { getBackend, setBackend, type Backend } from "./wasm/instance.js";
export * from "./json.js";
