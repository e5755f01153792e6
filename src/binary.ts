// toBinary, fromBinary and mergeFromBinary: the public entry points of the binary codec.
// Each one is observed (metrics) only while instrument() is on: otherwise one comparison.

import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { getPlan, newMessage, type MessagePlan } from "./plan.js";
import { decodeInto } from "./decode.js";
import { decodeDirect } from "./direct.js";
import { encodeMessage } from "./encode.js";
import { readOptions, writeOptions, type BinaryReadOptions, type BinaryWriteOptions } from "./options.js";
import { check, wantsChecks } from "./checks.js";
import { now, observer } from "./observe.js";

/**
 * Parses a message from the protobuf binary format.
 *
 * @throws DecodeError for input that is not a valid message of this type;
 * MissingRequiredError / ValidationError when `allowPartial: false` / `validate` reject it.
 */
export function fromBinary<Desc extends DescMessage>(
  schema: Desc,
  bytes: Uint8Array,
  options?: Partial<BinaryReadOptions>,
): MessageShape<Desc> {
  if (observer !== undefined) return observed(schema, bytes, undefined, options);
  const message = decodeNew(getPlan(schema), bytes, readOptions(options));
  if (wantsChecks(options)) check(schema, message, options, "decode");
  return message as MessageShape<Desc>;
}

// A new message from bytes: by the direct decoder where it takes them, else by the scanner.
function decodeNew(plan: MessagePlan, bytes: Uint8Array, opts: BinaryReadOptions): Record<string, unknown> {
  const direct = plan.direct !== null ? decodeDirect(plan, bytes, 0, bytes.length, opts) : undefined;
  if (direct !== undefined) return direct;
  const message = newMessage(plan);
  decodeInto(plan, message, bytes, opts);
  return message;
}

/**
 * Parses binary data into an existing message, merging fields: repeated fields are
 * appended, map entries added (overwriting keys), message fields merged, others replaced.
 *
 * @throws DecodeError for invalid input; the target is left as it was. (The optional checks
 * run after the merge.)
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
  if (observer !== undefined) return observed(schema, bytes, target, options);
  decodeInto(getPlan(schema), target as Record<string, unknown>, bytes, readOptions(options));
  if (wantsChecks(options)) check(schema, target, options, "decode");
  return target;
}

/**
 * Serializes a message to the protobuf binary format: the same bytes as
 * @bufbuild/protobuf's toBinary.
 *
 * @throws EncodeError for a message that cannot be encoded (a value of the wrong type or
 * out of range, a required field not set); MissingRequiredError / ValidationError when
 * `allowPartial: false` / `validate` reject it.
 */
export function toBinary<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
  options?: Partial<BinaryWriteOptions>,
): Uint8Array<ArrayBuffer> {
  if (wantsChecks(options)) check(schema, message, options, "encode");
  const obs = observer;
  if (obs === undefined) return encodeMessage(getPlan(schema), message as Record<string, unknown>, writeOptions(options));
  const t0 = now();
  try {
    const bytes = encodeMessage(getPlan(schema), message as Record<string, unknown>, writeOptions(options));
    obs.record("serialize", schema.typeName, true, (now() - t0) / 1000, bytes.length, 1);
    return bytes;
  } catch (e) {
    obs.record("serialize", schema.typeName, false, (now() - t0) / 1000, 0, 1);
    throw e;
  }
}

// fromBinary / mergeFromBinary (into target) with the call recorded.
function observed<Desc extends DescMessage>(
  schema: Desc, bytes: Uint8Array, target: MessageShape<Desc> | undefined, options: Partial<BinaryReadOptions> | undefined,
): MessageShape<Desc> {
  const obs = observer!;
  const t0 = now();
  try {
    const plan = getPlan(schema);
    const opts = readOptions(options);
    let message: Record<string, unknown>;
    if (target === undefined) {
      message = decodeNew(plan, bytes, opts);
    } else {
      message = target as Record<string, unknown>;
      decodeInto(plan, message, bytes, opts);
    }
    if (wantsChecks(options)) check(schema, message, options, "decode");
    obs.record("deserialize", schema.typeName, true, (now() - t0) / 1000, bytes.length, 1);
    return message as MessageShape<Desc>;
  } catch (e) {
    obs.record("deserialize", schema.typeName, false, (now() - t0) / 1000, bytes.length, 1);
    throw e;
  }
}
