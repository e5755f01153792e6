// Before any timing, every payload must decode with protowasm and with @bufbuild/protobuf. A payload
// neither decodes is an input error naming the file and protowasm's DecodeError (field path and byte
// offset); a payload only one of them decodes is a disagreement between the two codecs.
import * as bufbuild from "@bufbuild/protobuf";
import type { DescMessage } from "@bufbuild/protobuf";
import { CorrectnessError } from "../../bench/lib/verify.js";
import { DecodeError, fromBinary } from "../index.js";
import { CliError } from "./cli-error.js";
import type { PayloadFile } from "./payload-files.js";

function failure(fn: () => unknown): Error | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

const describe = (e: Error) => (e instanceof DecodeError ? e.message : `${e.name}: ${e.message}`);

/**
 * Decodes every payload with both codecs.
 * @throws CliError for a payload that is not a valid `schema` message
 * @throws CorrectnessError for a payload only one of protowasm and @bufbuild/protobuf decodes
 */
export function checkPayloads(schema: DescMessage, files: PayloadFile[]): void {
  for (const { path, bytes } of files) {
    const ours = failure(() => fromBinary(schema, bytes));
    const reference = failure(() => bufbuild.fromBinary(schema, bytes));
    if (ours && reference) {
      throw new CliError(`payload ${path} (${bytes.length} bytes) does not decode as ${schema.typeName}: ${describe(ours)}`);
    }
    if (ours) {
      throw new CorrectnessError(`protowasm cannot decode ${path}, which @bufbuild/protobuf decodes: ${describe(ours)}`);
    }
    if (reference) {
      throw new CorrectnessError(`protowasm decodes ${path}, which @bufbuild/protobuf rejects: ${describe(reference)}`);
    }
  }
}
