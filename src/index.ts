// TEMPORARY passthrough while the WASM codec is written; the API contract is final.
export { toBinary, fromBinary, mergeFromBinary } from "@bufbuild/protobuf";
export { DecodeError, EncodeError } from "./errors.js";
