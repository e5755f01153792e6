// The implementation under test, imported from the project's source (../../src/index.ts),
// with size-delimited helpers taken from it when it exports them.
import * as bufbuild from "@bufbuild/protobuf";
import * as bufbuildWire from "@bufbuild/protobuf/wire";
import * as protowasm from "../../src/index.js";

type Exports = Partial<Pick<typeof bufbuildWire, "sizeDelimitedEncode" | "sizeDelimitedDecodeStream">> & {
  decodeBatch?: (schema: bufbuild.DescMessage, bytes: Uint8Array) => bufbuild.Message[];
  encodeBatch?: (schema: bufbuild.DescMessage, messages: readonly bufbuild.Message[]) => Uint8Array;
};
const optional = protowasm as Exports;

export const toBinary: typeof bufbuild.toBinary = protowasm.toBinary;
export const fromBinary: typeof bufbuild.fromBinary = protowasm.fromBinary;

/** protowasm's own size-delimited functions, or undefined while it does not export them. */
export const sizeDelimitedEncode = optional.sizeDelimitedEncode;
export const sizeDelimitedDecodeStream = optional.sizeDelimitedDecodeStream;
/** protowasm's batch functions (varint framing by default), or undefined while it does not export them. */
export const decodeBatch = optional.decodeBatch;
export const encodeBatch = optional.encodeBatch;

/** True while src/index.ts still re-exports @bufbuild/protobuf's codec. */
export const isPassthrough = protowasm.toBinary === (bufbuild.toBinary as unknown) && protowasm.fromBinary === (bufbuild.fromBinary as unknown);
