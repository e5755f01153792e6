// toBinary, fromBinary and mergeFromBinary: the public entry points of the binary codec.

import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { getPlan, newMessage } from "./plan.js";
import { decodeInto } from "./decode.js";
import { encodeMessage } from "./encode.js";
import { readOptions, writeOptions, type BinaryReadOptions, type BinaryWriteOptions } from "./options.js";

/**
 * Parses a message from the protobuf binary format.
 *
 * @throws DecodeError for input that is not a valid message of this type.
 */
export function fromBinary<Desc extends DescMessage>(
  schema: Desc,
  bytes: Uint8Array,
  options?: Partial<BinaryReadOptions>,
): MessageShape<Desc> {
  const plan = getPlan(schema);
  const message = newMessage(plan);
  decodeInto(plan, message, bytes, readOptions(options));
  return message as MessageShape<Desc>;
}

/**
 * Parses binary data into an existing message, merging fields: repeated fields are
 * appended, map entries added (overwriting keys), message fields merged, others replaced.
 *
 * @throws DecodeError for invalid input; the target is left as it was.
 */
export function mergeFromBinary<Desc extends DescMessage>(
  schema: Desc,
  target: MessageShape<Desc>,
  bytes: Uint8Array,
  options?: Partial<BinaryReadOptions>,
): MessageShape<Desc> {
  if (target.$typeName !== schema.typeName && schema.fields.length > 0) {
    throw new TypeError(`cannot use ${schema.fields[0]} with message ${target.$typeName}`);
  }
  decodeInto(getPlan(schema), target as Record<string, unknown>, bytes, readOptions(options));
  return target;
}

/**
 * Serializes a message to the protobuf binary format: the same bytes as
 * @bufbuild/protobuf's toBinary.
 *
 * @throws EncodeError for a message that cannot be encoded (a value of the wrong type or
 * out of range, a required field not set).
 */
export function toBinary<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
  options?: Partial<BinaryWriteOptions>,
): Uint8Array<ArrayBuffer> {
  return encodeMessage(getPlan(schema), message as Record<string, unknown>, writeOptions(options));
}


